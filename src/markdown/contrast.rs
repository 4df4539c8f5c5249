//! Readable highlight themes: token colours that fall below the WCAG AA
//! contrast ratio (4.5:1) on their theme's background are darkened (on a
//! light background) or lightened (on a dark one) until they pass, so any
//! syntect theme can be configured without making code unreadable.

use syntect::highlighting::{Color, Theme};

/// The contrast every token colour must reach, with a little margin over 4.5.
const MIN_RATIO: f64 = 4.6;

/// The theme's background, white when it names none.
pub(super) fn background(theme: &Theme) -> Color {
    opaque(
        theme.settings.background.unwrap_or(Color::WHITE),
        Color::WHITE,
    )
}

/// The theme's default text colour, made readable on its background.
pub(super) fn foreground(theme: &Theme) -> Color {
    let bg = background(theme);
    readable(theme.settings.foreground.unwrap_or(Color::BLACK), bg)
}

/// A copy of `theme` whose every token colour is readable on the theme's
/// background (or on the token's own background, where it has one).
pub(super) fn readable_theme(theme: &Theme) -> Theme {
    let mut theme = theme.clone();
    let bg = background(&theme);
    for item in &mut theme.scopes {
        let item_bg = item.style.background.map_or(bg, |b| opaque(b, bg));
        if let Some(fg) = item.style.foreground {
            item.style.foreground = Some(readable(fg, item_bg));
        }
    }
    theme
}

/// `fg` moved towards black or white (whichever contrasts more with the
/// background) in small steps until it reaches [`MIN_RATIO`] against `bg`.
fn readable(fg: Color, bg: Color) -> Color {
    let fg = opaque(fg, bg);
    let towards_white = ratio(Color::WHITE, bg) > ratio(Color::BLACK, bg);
    let mut c = fg;
    for step in 1..=20 {
        if ratio(c, bg) >= MIN_RATIO {
            break;
        }
        let t = f64::from(step) / 20.0;
        let mix = |v: u8| {
            let v = f64::from(v);
            let target = if towards_white { 255.0 } else { 0.0 };
            (v + (target - v) * t).round() as u8
        };
        c = Color {
            r: mix(fg.r),
            g: mix(fg.g),
            b: mix(fg.b),
            a: 255,
        };
    }
    c
}

/// `c` blended onto `bg` by its alpha.
fn opaque(c: Color, bg: Color) -> Color {
    let a = f64::from(c.a) / 255.0;
    let blend = |x: u8, y: u8| (f64::from(x) * a + f64::from(y) * (1.0 - a)).round() as u8;
    Color {
        r: blend(c.r, bg.r),
        g: blend(c.g, bg.g),
        b: blend(c.b, bg.b),
        a: 255,
    }
}

/// WCAG relative luminance.
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// WCAG contrast ratio of two opaque colours.
fn ratio(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_token_of_the_default_themes_passes_aa() {
        let set = syntect::highlighting::ThemeSet::load_defaults();
        for name in ["InspiredGitHub", "base16-ocean.dark", "Solarized (light)"] {
            let theme = readable_theme(&set.themes[name]);
            let bg = background(&theme);
            for item in &theme.scopes {
                if let Some(fg) = item.style.foreground {
                    let on = item.style.background.map_or(bg, |b| opaque(b, bg));
                    assert!(ratio(fg, on) >= 4.5, "{name}: {fg:?} on {on:?}");
                }
            }
            assert!(ratio(foreground(&theme), bg) >= 4.5);
        }
    }

    #[test]
    fn readable_colours_are_left_alone() {
        let black = Color {
            r: 0,
            g: 0,
            b: 0,
            a: 255,
        };
        assert_eq!(readable(black, Color::WHITE), black);
    }
}
