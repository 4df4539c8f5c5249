//! Time zones by IANA name, read from the database compiled into the binary
//! (jiff's `tzdb-bundle-always`), never from the machine's
//! `/usr/share/zoneinfo`: a build or an import places the same clock time
//! at the same instant on every machine, including one with no system
//! database or an older one.

use std::sync::LazyLock;

use jiff::tz::{TimeZone, TimeZoneDatabase};

static BUNDLED: LazyLock<TimeZoneDatabase> = LazyLock::new(TimeZoneDatabase::bundled);

/// The zone named `name` (`Europe/Kyiv`, `UTC`; case is ignored).
pub fn named(name: &str) -> Result<TimeZone, jiff::Error> {
    BUNDLED.get(name)
}

/// UK local time (GMT, British Summer Time, and the zone's history), the
/// clock of UK outlets' bylines. `None` only if the bundle lacked the zone.
pub fn uk() -> Option<&'static TimeZone> {
    static UK: LazyLock<Option<TimeZone>> = LazyLock::new(|| named("Europe/London").ok());
    UK.as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// The instant (UTC, RFC 3339) of a local clock time in `zone`, with
    /// jiff's `compatible` choice in gaps and folds.
    fn utc(zone: &str, local: jiff::civil::DateTime) -> String {
        let tz = named(zone).unwrap();
        tz.to_ambiguous_timestamp(local)
            .compatible()
            .unwrap()
            .to_string()
    }

    #[test]
    fn gmt_and_bst_change_on_the_last_sundays() {
        let at = |y, mo, d, h, mi| utc("Europe/London", date(y, mo, d).at(h, mi, 0, 0));
        // 2024: BST from 01:00 GMT on 31 March to 01:00 GMT on 27 October.
        assert_eq!(at(2024, 3, 31, 0, 59), "2024-03-31T00:59:00Z");
        // 01:30 does not exist that night: read with the offset before the gap.
        assert_eq!(at(2024, 3, 31, 1, 30), "2024-03-31T01:30:00Z");
        assert_eq!(at(2024, 3, 31, 2, 0), "2024-03-31T01:00:00Z");
        assert_eq!(at(2024, 7, 14, 9, 5), "2024-07-14T08:05:00Z");
        // 01:30 happens twice on 27 October: the first (BST) is taken.
        assert_eq!(at(2024, 10, 27, 1, 30), "2024-10-27T00:30:00Z");
        assert_eq!(at(2024, 10, 27, 2, 0), "2024-10-27T02:00:00Z");
        assert_eq!(at(2024, 11, 2, 16, 20), "2024-11-02T16:20:00Z");
        // History a fixed rule gets wrong: British Standard Time (UTC+1 all
        // year) from 1968 to 1971, and an October change in 1995.
        assert_eq!(at(1970, 1, 15, 12, 0), "1970-01-15T11:00:00Z");
        assert_eq!(at(1995, 10, 25, 12, 0), "1995-10-25T12:00:00Z");
        assert_eq!(uk().map(TimeZone::iana_name), Some(Some("Europe/London")));
    }

    #[test]
    fn kyiv_cet_and_est_zones() {
        let cases = [
            // Kyiv: EET (UTC+2) in winter, EEST (UTC+3) in summer; any case.
            ("Europe/Kyiv", "2024-11-02T10:00", "2024-11-02T08:00:00Z"),
            ("europe/kyiv", "2025-09-19T17:46", "2025-09-19T14:46:00Z"),
            // Central Europe: CET (UTC+1), CEST (UTC+2) from the last Sunday of March.
            ("Europe/Berlin", "2024-03-30T12:00", "2024-03-30T11:00:00Z"),
            ("Europe/Berlin", "2024-03-31T12:00", "2024-03-31T10:00:00Z"),
            // US east coast: EDT (UTC-4), then EST (UTC-5) from the first Sunday of November.
            (
                "America/New_York",
                "2024-11-02T12:00",
                "2024-11-02T16:00:00Z",
            ),
            (
                "America/New_York",
                "2024-11-04T12:00",
                "2024-11-04T17:00:00Z",
            ),
        ];
        for (zone, local, want) in cases {
            assert_eq!(utc(zone, local.parse().unwrap()), want, "{zone} {local}");
        }
        assert!(named("Europe/Atlantis").is_err());
    }
}
