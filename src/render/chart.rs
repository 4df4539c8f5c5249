//! The drone tracker's chart: an SVG drawn at build time, no script and no
//! chart library. Per night, bars of launched, downed and lost; a line of
//! the 7-night mean of launched and one of the interception rate on a
//! percentage axis. Nights with no report are gaps (no bar, the lines
//! broken), never zeros. Colours come from the stylesheet's classes, so the
//! chart follows the reader's light or dark scheme.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::{dates, i18n};
use crate::markdown::escape_html;
use crate::site::Night;
use crate::site::tracker::rolling_launched;

const W: f64 = 600.0;
const H: f64 = 300.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 66.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 34.0;
const BARS: [(&str, &str); 3] = [
    ("launched", "bar-launched"),
    ("downed", "bar-downed"),
    ("lost", "bar-lost"),
];

/// A step and a top for a count axis reaching `max`, with about four ticks.
fn axis(max: f64) -> (f64, f64) {
    if max <= 4.0 {
        return (1.0, max.max(1.0).ceil());
    }
    let raw = max / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|&s| s >= raw)
        .unwrap_or(10.0 * mag);
    (step, (max / step).ceil() * step)
}

fn days_between(a: Date, b: Date) -> i64 {
    (b - a).get_days() as i64
}

/// The chart of one side's nights (oldest first, all of one side), with
/// `id` as the prefix of its element ids.
pub(crate) fn svg(nights: &[&Night], id: &str, lang: &str) -> String {
    let (Some(first), Some(last)) = (nights.first(), nights.last()) else {
        return String::new();
    };
    let span = days_between(first.night, last.night).max(0) as f64 + 1.0;
    let pw = W - LEFT - RIGHT;
    let ph = H - TOP - BOTTOM;
    let slot = pw / span;
    let x = |d: Date| LEFT + slot * (days_between(first.night, d) as f64 + 0.5);
    let means = rolling_launched(nights);
    let max = nights
        .iter()
        .flat_map(|n| BARS.iter().filter_map(|(k, _)| n.count(k)))
        .map(|v| v as f64)
        .chain(means.iter().flatten().copied())
        .fold(0.0, f64::max);
    let (step, top) = axis(max);
    let y = |v: f64| TOP + ph - v / top * ph;
    let yr = |r: f64| TOP + ph - r.clamp(0.0, 1.0) * ph;

    let side = i18n::side(lang, first.side.as_deref());
    let (peak, peak_night) = nights
        .iter()
        .filter_map(|n| n.count("launched").map(|v| (v, n.night)))
        .fold(
            (0, first.night),
            |best, c| if c.0 > best.0 { c } else { best },
        );
    let desc = i18n::text(lang, "chart_desc")
        .replace("{side}", &side)
        .replace("{nights}", &i18n::count(lang, nights.len(), "nights"))
        .replace("{from}", &dates::day(first.night, lang))
        .replace("{to}", &dates::day(last.night, lang))
        .replace("{max}", &peak.to_string())
        .replace("{day}", &dates::day(peak_night, lang));
    let title = format!("{} {side}", i18n::text(lang, "by_side"));

    let mut s = String::with_capacity(4096);
    let _ = write!(
        s,
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape_html(&title),
        escape_html(&desc)
    );
    // Grid and the count axis.
    s.push_str("<g class=\"chart-grid\">");
    let mut v = 0.0;
    while v <= top + step / 2.0 {
        let yy = y(v);
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\"/>",
            W - RIGHT
        );
        v += step;
    }
    s.push_str("</g><g class=\"chart-label chart-y\">");
    let mut v = 0.0;
    while v <= top + step / 2.0 {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LEFT - 6.0,
            y(v) + 4.0,
            v
        );
        v += step;
    }
    s.push_str("</g><g class=\"chart-label chart-rate-axis\">");
    for pct in [0, 50, 100] {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\">{pct}%</text>",
            W - RIGHT + 6.0,
            yr(f64::from(pct) / 100.0) + 4.0
        );
    }
    s.push_str("</g>");
    let _ = write!(
        s,
        "<path class=\"chart-axis\" d=\"M{LEFT} {TOP}V{:.1}H{:.1}V{TOP}\"/>",
        TOP + ph,
        W - RIGHT
    );
    // Date labels: every night when few, else five spread over the span.
    s.push_str("<g class=\"chart-label chart-x\">");
    let n = span as i64;
    let picks: Vec<i64> = if n <= 5 {
        (0..n).collect()
    } else {
        (0..5).map(|k| k * (n - 1) / 4).collect()
    };
    for (k, &i) in picks.iter().enumerate() {
        let Ok(d) = first.night.checked_add(jiff::Span::new().days(i)) else {
            continue;
        };
        let anchor = if picks.len() > 2 && k == 0 {
            "start"
        } else if picks.len() > 2 && k == picks.len() - 1 {
            "end"
        } else {
            "middle"
        };
        let xx = if anchor == "start" {
            LEFT
        } else if anchor == "end" {
            W - RIGHT
        } else {
            x(d)
        };
        let _ = write!(
            s,
            "<text x=\"{xx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            H - BOTTOM + 20.0,
            escape_html(&dates::short_day(d, lang))
        );
    }
    s.push_str("</g>");
    // Bars, one group per night with a report.
    let group = (slot * 0.8).min(42.0);
    let bar = (group / 3.0).max(1.0);
    s.push_str("<g class=\"chart-bars\">");
    for night in nights {
        let cx = x(night.night);
        let mut label = dates::day(night.night, lang);
        for (k, _) in BARS {
            if let Some(v) = night.count(k) {
                let _ = write!(label, ", {} {v}", i18n::text(lang, k).to_lowercase());
            }
        }
        let _ = write!(
            s,
            "<g class=\"night\"><title>{}</title>",
            escape_html(&label)
        );
        for (i, (k, class)) in BARS.iter().enumerate() {
            let Some(v) = night.count(k) else { continue };
            let top_y = y(v as f64);
            let _ = write!(
                s,
                "<rect class=\"{class}\" x=\"{:.1}\" y=\"{top_y:.1}\" width=\"{bar:.1}\" height=\"{:.1}\"/>",
                cx - group / 2.0 + bar * i as f64,
                (TOP + ph - top_y).max(0.0)
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</g>");
    // The two lines, broken wherever a night has no value.
    let mean_points: Vec<(Date, f64)> = nights
        .iter()
        .zip(&means)
        .filter_map(|(n, m)| m.map(|m| (n.night, y(m))))
        .collect();
    let rate_points: Vec<(Date, f64)> = nights
        .iter()
        .filter_map(|n| {
            let (l, d) = (n.count("launched")?, n.count("downed")?);
            (l > 0).then(|| (n.night, yr(d as f64 / l as f64)))
        })
        .collect();
    line(&mut s, "line-mean", &mean_points, &x, false);
    line(&mut s, "line-rate", &rate_points, &x, true);
    s.push_str("</svg>");
    s
}

/// A line through `points`, joining consecutive nights only, with a marker
/// on each point (circles, or squares for `square`).
fn line(
    s: &mut String,
    class: &str,
    points: &[(Date, f64)],
    x: &dyn Fn(Date) -> f64,
    square: bool,
) {
    if points.is_empty() {
        return;
    }
    let mut d = String::new();
    let mut prev: Option<Date> = None;
    for &(night, yy) in points {
        let joined = prev.is_some_and(|p| days_between(p, night) == 1);
        let _ = write!(
            d,
            "{}{:.1} {yy:.1}",
            if joined { "L" } else { "M" },
            x(night)
        );
        prev = Some(night);
    }
    let _ = write!(s, "<g class=\"{class}\"><path d=\"{d}\"/>");
    for &(night, yy) in points {
        let xx = x(night);
        if square {
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\"/>",
                xx - 3.5,
                yy - 3.5
            );
        } else {
            let _ = write!(s, "<circle cx=\"{xx:.1}\" cy=\"{yy:.1}\" r=\"3.5\"/>");
        }
    }
    s.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::tracker::test_night as night;

    #[test]
    fn axes_have_round_steps() {
        assert_eq!(axis(0.0), (1.0, 1.0));
        assert_eq!(axis(3.0), (1.0, 3.0));
        assert_eq!(axis(71.0), (20.0, 80.0));
        assert_eq!(axis(415.0), (200.0, 600.0));
    }

    #[test]
    fn a_night_without_a_report_is_a_gap() {
        let ns = [
            night(1, Some(70), Some(35)),
            night(2, Some(60), Some(30)),
            night(4, Some(80), None),
        ];
        let refs: Vec<&Night> = ns.iter().collect();
        let svg = svg(&refs, "c", "en");
        assert!(svg.contains("role=\"img\""));
        assert_eq!(svg.matches("<g class=\"night\">").count(), 3);
        assert!(!svg.contains("3 November 2024"), "{svg}");
        // The mean joins nights 1 and 2, then starts again at night 4.
        let mean = svg.split("line-mean\"><path d=\"").nth(1).unwrap();
        let d = &mean[..mean.find('"').unwrap()];
        assert_eq!(d.matches('M').count(), 2, "{d}");
        assert_eq!(d.matches('L').count(), 1, "{d}");
    }
}
