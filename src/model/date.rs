//! Calendar dates as the data format writes them (TOML local dates) and weekdays.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// Builds a date from its parts; `None` when the parts are not a real date.
    pub fn new(year: i16, month: i8, day: i8) -> Option<Date> {
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// The day after, saturating at the end of jiff's range (year 9999).
    pub fn next(self) -> Date {
        Date(self.0.tomorrow().unwrap_or(self.0))
    }

    /// Today in UTC: the as-of date when neither `--as-of` nor `as_of` in the config is set.
    /// `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds variable) stands in
    /// for the clock when it is set, so that a CI job, a reproducible build or a test fixes
    /// the day; [`Date::check_clock`] refuses a malformed value before any command runs.
    pub fn today() -> Date {
        let now = source_date_epoch()
            .and_then(Result::ok)
            .unwrap_or_else(jiff::Timestamp::now);
        Date(now.to_zoned(jiff::tz::TimeZone::UTC).date())
    }

    /// Refuses a `SOURCE_DATE_EPOCH` that is not a whole number of seconds in jiff's range,
    /// rather than quietly reading the clock instead.
    pub fn check_clock() -> Result<(), String> {
        match source_date_epoch() {
            Some(Err(value)) => Err(format!(
                "`SOURCE_DATE_EPOCH` is `{value}`, not a number of seconds since 1970-01-01"
            )),
            _ => Ok(()),
        }
    }

    /// `self` moved by `days`, clamped to the calendar's range instead of overflowing.
    pub fn add_days(self, days: i64) -> Date {
        jiff::Span::new()
            .try_days(days)
            .ok()
            .and_then(|span| self.0.checked_add(span).ok())
            .map_or(self, Date)
    }

    /// Calendar days from `self` to `later` (0 when equal, negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        let span = self.0.until(later.0).unwrap_or_default();
        i64::from(span.get_days())
    }

    /// The same day and month in `year` of `other`, when that day exists.
    pub fn in_year_of(self, other: Date) -> Option<Date> {
        Date::new(other.0.year(), self.0.month(), self.0.day())
    }

    /// Monday = 0 … Sunday = 6.
    pub fn weekday_index(self) -> usize {
        self.0.weekday().to_monday_zero_offset() as usize
    }

    /// The English weekday name, computed from the date ("Tuesday").
    pub fn weekday_name(self) -> &'static str {
        WEEKDAY_NAMES[self.weekday_index()]
    }

    /// Parses `YYYY-MM-DD` (used for `--as-of` on the command line).
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        if text.trim().len() != 10 {
            return None;
        }
        Date::new(year, month, day)
    }
}

/// The time `SOURCE_DATE_EPOCH` gives, when it is set (`Err` with its text when malformed).
fn source_date_epoch() -> Option<Result<jiff::Timestamp, String>> {
    let value = std::env::var_os("SOURCE_DATE_EPOCH")?;
    let text = value.to_string_lossy().into_owned();
    Some(
        text.trim()
            .parse::<i64>()
            .ok()
            .and_then(|seconds| jiff::Timestamp::from_second(seconds).ok())
            .ok_or(text),
    )
}

const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = toml::value::Datetime::deserialize(deserializer)?;
        match (value.date, value.time, value.offset) {
            (Some(date), None, None) => {
                Date::new(date.year as i16, date.month as i8, date.day as i8)
                    .ok_or_else(|| D::Error::custom(format!("`{value}` is not a calendar date")))
            }
            (None, ..) => Err(D::Error::custom(format!(
                "expected a date such as 2025-10-28, found the time of day `{value}`"
            ))),
            _ => Err(D::Error::custom(format!(
                "expected a date such as 2025-10-28, found the date-time `{value}`"
            ))),
        }
    }
}

/// Editors validate a TOML file after turning it into JSON, where a date has become a string:
/// so a date's schema is a string in the `date` format.
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date" })
    }
}

/// A day of the week as written in `working_days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn a_day_moves_to_another_year_when_that_year_has_it() {
        let d = |text: &str| Date::parse(text).unwrap();
        assert_eq!(
            d("2025-12-25").in_year_of(d("2026-03-01")),
            Some(d("2026-12-25"))
        );
        assert_eq!(d("2024-02-29").in_year_of(d("2025-01-01")), None);
    }
}
