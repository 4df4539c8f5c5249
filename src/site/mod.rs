//! Site model.
