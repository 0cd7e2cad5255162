//! Trackers' timestamps into the data format's dates.
//!
//! Exports write time three ways: instants with a zone (`2026-04-12T09:30:00Z`,
//! `2026-04-12T09:30:00.000+0000`), local times without one (Jira's CSV writes
//! `12/Apr/26 3:30 PM` in the exporting user's zone, with German month names for a German
//! user; a spreadsheet that saved the file again may have written `12.04.2026 15:30`) and plain
//! dates (GitHub's iterations). An instant becomes a date in `--tz`; a local time keeps the
//! date it was written with, since its zone is unknown.

use jiff::civil;
use jiff::tz::TimeZone;

use crate::model::Date;

/// A point in time as an export wrote it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Moment {
    Instant(jiff::Timestamp),
    Local(civil::DateTime),
    Day(civil::Date),
}

/// What a timestamp should look like, for error messages.
pub const EXPECTED: &str = "expected an ISO 8601 date or time such as 2026-04-12T15:30:00Z";
/// The same for Jira's CSV, which writes its own format.
pub const EXPECTED_JIRA: &str =
    "expected a date or time such as 12/Apr/26 3:30 PM, 12.04.2026 15:30 or 2026-04-12T15:30:00Z";

/// Jira's export formats (its default `dd/MMM/yy h:mm a`, four-digit years, 24-hour clocks
/// and dates alone), tried after ISO 8601.
const JIRA_FORMATS: [&str; 4] = [
    "%d/%b/%y %I:%M %p",
    "%d/%b/%Y %I:%M %p",
    "%d/%b/%y %H:%M",
    "%d/%b/%Y %H:%M",
];
const JIRA_DAY_FORMATS: [&str; 2] = ["%d/%b/%y", "%d/%b/%Y"];

/// Day, month and year with dots, as German and other locales write them (and a spreadsheet
/// saves them), with a 24-hour time or none; two-digit years first (`%Y` would read `26` as
/// the year 26).
const DOTTED_FORMATS: [&str; 4] = [
    "%d.%m.%y %H:%M:%S",
    "%d.%m.%y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
];
const DOTTED_DAY_FORMATS: [&str; 2] = ["%d.%m.%y", "%d.%m.%Y"];

/// German month names as Jira writes them for a German user, with the English name jiff
/// reads (the others are the same but for a dot after some).
const GERMAN_MONTHS: [(&str, &str); 7] = [
    ("Mär", "Mar"),
    ("März", "Mar"),
    ("Mrz", "Mar"),
    ("Mai", "May"),
    ("Juni", "Jun"),
    ("Juli", "Jul"),
    ("Okt", "Oct"),
];

impl Moment {
    /// Parses any of the forms above; `None` for anything else.
    pub fn parse(text: &str) -> Option<Moment> {
        let text = text.trim();
        if let Ok(instant) = text.parse::<jiff::Timestamp>() {
            return Some(Moment::Instant(instant));
        }
        if text.len() > 10
            && let Ok(local) = text.parse::<civil::DateTime>()
        {
            return Some(Moment::Local(local));
        }
        if let Ok(day) = text.parse::<civil::Date>() {
            return Some(Moment::Day(day));
        }
        let english = english_months(text);
        let local = JIRA_FORMATS
            .iter()
            .chain(&DOTTED_FORMATS)
            .find_map(|f| civil::DateTime::strptime(f, &english).ok());
        if let Some(local) = local {
            return Some(Moment::Local(local));
        }
        JIRA_DAY_FORMATS
            .iter()
            .chain(&DOTTED_DAY_FORMATS)
            .find_map(|f| civil::Date::strptime(f, &english).ok())
            .map(Moment::Day)
    }

    /// The local date and time in `tz` (midnight for a date alone).
    fn local(self, tz: &TimeZone) -> civil::DateTime {
        match self {
            Moment::Instant(instant) => instant.to_zoned(tz.clone()).datetime(),
            Moment::Local(local) => local,
            Moment::Day(day) => day.to_datetime(civil::Time::midnight()),
        }
    }

    /// The day it falls on in `tz`.
    pub fn date(self, tz: &TimeZone) -> Date {
        Date(self.local(tz).date())
    }

    /// The last day of a period that ends at this moment, exclusive when it is midnight
    /// exactly (a Linear cycle ending `2026-04-13T00:00` ends on the 12th). A date alone is
    /// that day.
    pub fn last_day_before(self, tz: &TimeZone) -> Date {
        let local = self.local(tz);
        match self {
            Moment::Day(day) => Date(day),
            _ if local.time() == civil::Time::midnight() => Date(local.date()).add_days(-1),
            _ => Date(local.date()),
        }
    }
}

/// `text` with a German month name of Jira's `dd/MMM/yy` in English (`12/Mär/26` →
/// `12/Mar/26`, `12/Dez./26` → `12/Dec/26`).
fn english_months(text: &str) -> String {
    let Some((day, rest)) = text.split_once('/') else {
        return text.to_string();
    };
    let Some((month, rest)) = rest.split_once('/') else {
        return text.to_string();
    };
    let month = month.trim_end_matches('.');
    let english = GERMAN_MONTHS
        .iter()
        .find(|(german, _)| german.eq_ignore_ascii_case(month) || *german == month)
        .map_or(
            match month {
                "Dez" => "Dec",
                other => other,
            },
            |(_, english)| english,
        );
    format!("{day}/{english}/{rest}")
}

/// The zone named by `--tz`: an IANA name such as `Europe/Berlin`, or `UTC`.
pub fn zone(name: &str) -> Result<TimeZone, String> {
    crate::model::time_zone(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str, tz: &str) -> String {
        Moment::parse(text)
            .expect(text)
            .date(&zone(tz).unwrap())
            .to_string()
    }

    #[test]
    fn instants_fall_on_their_day_in_the_zone() {
        assert_eq!(date("2026-04-12T23:30:00Z", "UTC"), "2026-04-12");
        assert_eq!(date("2026-04-12T23:30:00Z", "Europe/Berlin"), "2026-04-13");
        assert_eq!(date("2026-04-12T23:30:00.000Z", "UTC"), "2026-04-12");
        // Jira's JSON writes offsets without a colon.
        assert_eq!(date("2026-04-13T01:30:00.000+0200", "UTC"), "2026-04-12");
        assert_eq!(date("2015-04-11T15:22:00.000+10:00", "UTC"), "2015-04-11");
        assert_eq!(date("2015-04-11T05:22:00.000+10:00", "UTC"), "2015-04-10");
        assert_eq!(
            date("2026-04-12T02:00:00Z", "America/New_York"),
            "2026-04-11"
        );
    }

    #[test]
    fn local_times_keep_their_written_date() {
        assert_eq!(date("12/Apr/26 3:30 PM", "Asia/Tokyo"), "2026-04-12");
        assert_eq!(date("12/Apr/26 11:59 PM", "UTC"), "2026-04-12");
        assert_eq!(date("2/Mar/26 9:05 AM", "UTC"), "2026-03-02");
        assert_eq!(date("12/Apr/2026 3:30 PM", "UTC"), "2026-04-12");
        assert_eq!(date("12/Apr/26 15:30", "UTC"), "2026-04-12");
        assert_eq!(date("12/Apr/26", "UTC"), "2026-04-12");
        assert_eq!(date("2026-02-25 16:38:58.679", "Asia/Tokyo"), "2026-02-25");
        assert_eq!(date("2026-04-12", "Asia/Tokyo"), "2026-04-12");
        // Dotted, as a spreadsheet saves them, and Jira's German month names.
        assert_eq!(date("12.04.2026 15:30", "Asia/Tokyo"), "2026-04-12");
        assert_eq!(date("12.04.26 15:30:05", "UTC"), "2026-04-12");
        assert_eq!(date("02.03.2026", "UTC"), "2026-03-02");
        assert_eq!(date("12/Mär/26 3:30 PM", "UTC"), "2026-03-12");
        assert_eq!(date("12/Mai/26 15:30", "UTC"), "2026-05-12");
        assert_eq!(date("01/Okt./26 09:00", "UTC"), "2026-10-01");
        assert_eq!(date("24/Dez/26", "UTC"), "2026-12-24");
    }

    #[test]
    fn a_period_ending_at_midnight_ends_the_day_before() {
        let utc = zone("UTC").unwrap();
        let end = |t: &str| Moment::parse(t).unwrap().last_day_before(&utc).to_string();
        assert_eq!(end("2026-04-13T00:00:00.000Z"), "2026-04-12");
        assert_eq!(end("2026-04-13T00:00:01Z"), "2026-04-13");
        assert_eq!(end("2026-04-13"), "2026-04-13");
        // A local time at midnight, written without a zone, ends the day before too.
        assert_eq!(end("2026-04-13 00:00:00"), "2026-04-12");
        assert_eq!(end("2026-04-13T00:00"), "2026-04-12");
        // Midnight in the team's zone, not in UTC.
        let berlin = zone("Europe/Berlin").unwrap();
        let last = Moment::parse("2026-04-12T22:00:00Z")
            .unwrap()
            .last_day_before(&berlin);
        assert_eq!(last.to_string(), "2026-04-12");
    }

    #[test]
    fn anything_else_is_not_a_moment() {
        for text in [
            "",
            "soon",
            "2026-13-01",
            "31/Feb/26 3:30 PM",
            "12/Foo/26",
            "31.02.2026",
            "12.04",
            "04/12/2026 15:30",
        ] {
            assert_eq!(Moment::parse(text), None, "{text}");
        }
        assert!(zone("Mars/Olympus").is_err());
        assert!(zone("UTC").is_ok());
    }
}
