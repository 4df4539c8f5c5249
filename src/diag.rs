//! Diagnostics: every problem the engine reports names a file, a line where
//! one is known, what went wrong and what to do about it.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in a site's files.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file the problem is in, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line, when the parser knows it.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem in `file` with no known line.
    pub fn new(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.as_ref().to_path_buf(),
            line: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Sets the 1-based line of the problem.
    pub fn at(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    /// Adds advice on how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl Diagnostic {
    /// The problem shown as a warning (`FILE: warning: …`): it is reported
    /// but does not fail the command.
    pub fn warning(&self) -> Warning<'_> {
        Warning(self)
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, level: &str) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {level}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {hint}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, "error")
    }
}

/// A [`Diagnostic`] displayed as a warning.
#[derive(Debug, Clone, Copy)]
pub struct Warning<'a>(&'a Diagnostic);

impl fmt::Display for Warning<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write(f, "warning")
    }
}

/// Prints each problem to standard error as a warning.
pub fn warn_all(warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("{}", w.warning());
    }
}

/// Every problem found in one run, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts by file, then line, so two runs report in the same order.
    pub fn sorted(mut self) -> Self {
        self.0.sort();
        self.0.dedup();
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// The 1-based line on which `key:` first appears at the top level of a YAML
/// text, used to point at a field whose value is wrong.
pub fn yaml_key_line(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

/// A mistake in how a command was called (a bad flag value): the command
/// line exits with 2, not 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);
