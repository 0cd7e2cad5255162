//! What a value TOML cannot read was meant to be, in the format's words: a date written the
//! way a locale writes it (`26.11.2026`, `11/26/2026`) or a number with a decimal comma
//! (`2,5`), with the expected form and the value as TOML writes it.

use crate::model::Date;

/// The example of a date when the value gives none.
const EXAMPLE_DATE: &str = "2025-10-28";

/// Whether `written` starts with a date in TOML's form, `YYYY-MM-DD` (a day of the calendar
/// or not).
pub(super) fn iso_form(written: &str) -> bool {
    let bytes = written.as_bytes();
    bytes.len() >= 10
        && bytes[..10].iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// How a hint shows a value: `key = value`, or the value alone inside a list or table.
fn shown(key: Option<&str>, value: &str) -> String {
    match key {
        Some(key) => format!("`{key} = {value}`"),
        None => format!("`{value}`"),
    }
}

/// A date in TOML's form that is no day of the calendar (`2026-11-31`, `2026-13-01`): the
/// message, and the hint with how many days its month has and its last day, or the months'
/// numbers.
pub(super) fn calendar_words(written: &str, key: Option<&str>) -> Option<(String, String)> {
    if !iso_form(written) {
        return None;
    }
    let year: i16 = written[..4].parse().ok()?;
    let month: i8 = written[5..7].parse().ok()?;
    let message = format!("`{written}` is not a day of the calendar");
    let hint = match jiff::civil::Date::new(year, month, 1) {
        Ok(first) => {
            let last = Date(first.last_of_month());
            format!(
                "{} {year} has {} days: its last is {}",
                MONTHS[(month - 1) as usize],
                first.days_in_month(),
                shown(key, &last.to_string())
            )
        }
        Err(_) => format!(
            "dates are written YYYY-MM-DD, with the month from 01 to 12, e.g. {}",
            shown(key, &format!("{year:04}-12-01"))
        ),
    };
    Some((message, hint))
}

/// A value that looks like a date in another form: the message and the hint, with the date
/// as TOML writes it (both readings when day and month could be either).
pub(super) fn date_words(written: &str, key: Option<&str>) -> Option<(String, String)> {
    let readings = date_readings(written)?;
    let message = format!("`{written}` is not a date TOML can read");
    let hint = match readings.as_slice() {
        [only] => format!(
            "dates are written YYYY-MM-DD: {}",
            shown(key, &only.to_string())
        ),
        [first, second] => format!(
            "dates are written YYYY-MM-DD: {} ({}) or {} ({})",
            shown(key, &first.to_string()),
            day_and_month(*first),
            shown(key, &second.to_string()),
            day_and_month(*second)
        ),
        _ => format!(
            "dates are written YYYY-MM-DD, e.g. {}",
            shown(key, EXAMPLE_DATE)
        ),
    };
    Some((message, hint))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `4 November`.
fn day_and_month(date: Date) -> String {
    let month = MONTHS[(date.0.month() - 1) as usize];
    format!("{} {month}", date.0.day())
}

/// The days a date written with `.`, `/` or `-` between its parts may be, in any order of
/// its parts (`None` when it does not look like a date). Day first when the year is last and
/// the parts are separated by `.` or `-`, as the locales that write them so read them; with
/// `/`, month first (the US) or day first (most others), whichever are days of the calendar.
/// A two-digit year is of this century; a time after the date is left out.
fn date_readings(written: &str) -> Option<Vec<Date>> {
    if let Some(date) = named_month(written) {
        return Some(date.into_iter().collect());
    }
    let date = written.split([' ', 'T']).next()?.trim_end_matches('.');
    let separator = date.chars().find(|c| ['.', '/', '-'].contains(c))?;
    let parts: Vec<&str> = date.split(separator).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let numeric = |p: &&str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    if !parts.iter().all(numeric) {
        return None;
    }
    let number = |p: &str| p.parse::<i16>().ok();
    let year = |p: &str| match p.len() {
        2 => number(p).map(|y| 2000 + y),
        4 => number(p),
        _ => None,
    };
    let day = |y: Option<i16>, m: &str, d: &str| {
        Date::new(
            y?,
            i8::try_from(number(m)?).ok()?,
            i8::try_from(number(d)?).ok()?,
        )
    };
    let mut readings = match (a.len(), c.len()) {
        (4, _) => vec![day(year(a), b, c)],
        (_, 2 | 4) if separator == '/' => vec![day(year(c), a, b), day(year(c), b, a)],
        (_, 2 | 4) => vec![day(year(c), b, a)],
        _ => return None,
    };
    readings.dedup();
    Some(readings.into_iter().flatten().collect())
}

/// A date with its month's English name or its first three letters (`26 Nov 2026`,
/// `Nov 26, 2026`, `26-Nov-26`): `None` when it is not written so, `Some(None)` when it is no
/// day of the calendar.
fn named_month(written: &str) -> Option<Option<Date>> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let parts: Vec<&str> = written
        .split([' ', '-', '/', ',', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let month_of = |p: &str| {
        let lower = p.to_lowercase();
        MONTHS
            .iter()
            .position(|m| lower.len() >= 3 && lower.starts_with(m))
    };
    let (month, day, year) = match (month_of(a), month_of(b)) {
        (Some(m), _) => (m, b, c),
        (_, Some(m)) => (m, a, c),
        _ => return None,
    };
    let year: i16 = match year.len() {
        2 => 2000 + year.parse::<i16>().ok()?,
        4 => year.parse().ok()?,
        _ => return None,
    };
    let day: i8 = day.parse().ok()?;
    Some(Date::new(year, month as i8 + 1, day))
}

/// A value that looks like a number TOML does not read: the message and the hint, with the
/// number as TOML writes it when it is clear.
pub(super) fn number_words(written: &str, key: Option<&str>) -> Option<(String, String)> {
    let text = written.trim();
    let looks_numeric = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || ['-', '+', '.'].contains(&c))
        && text.chars().any(|c| c.is_ascii_digit());
    // A time of day (`12:61`) is not a number.
    if !looks_numeric || text.contains(':') {
        return None;
    }
    let message = format!("`{text}` is not a number TOML can read");
    let hint = match number_reading(text) {
        Some((reading, why)) => format!("{why}: {}", shown(key, &reading)),
        None => format!(
            "numbers are written like {}, {} or {}",
            shown(key, "3"),
            shown(key, "2.5"),
            shown(key, "-1")
        ),
    };
    Some((message, hint))
}

/// The number `text` stands for, and the rule it breaks.
fn number_reading(text: &str) -> Option<(String, &'static str)> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = text.trim_start_matches(['-', '+']);
    let sign = &text[..text.len() - unsigned.len()];
    if let Some((whole, fraction)) = unsigned.split_once(',')
        && digits(whole)
        && digits(fraction)
    {
        return Some((
            format!("{sign}{whole}.{fraction}"),
            "numbers are written with a point before the decimals",
        ));
    }
    if unsigned.split(' ').all(digits) && unsigned.contains(' ') {
        return Some((
            format!("{sign}{}", unsigned.replace(' ', "")),
            "numbers are written without spaces",
        ));
    }
    if let Some(fraction) = unsigned.strip_prefix('.').filter(|f| digits(f)) {
        return Some((
            format!("{sign}0.{fraction}"),
            "a number starts with a digit",
        ));
    }
    if let Some(whole) = unsigned.strip_suffix('.').filter(|w| digits(w)) {
        return Some((format!("{sign}{whole}"), "a number ends with a digit"));
    }
    if digits(unsigned) && unsigned.len() > 1 && unsigned.starts_with('0') {
        let trimmed = unsigned.trim_start_matches('0');
        return Some((
            format!("{sign}{}", if trimmed.is_empty() { "0" } else { trimmed }),
            "a whole number does not start with 0",
        ));
    }
    let end = unsigned
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(unsigned.len());
    let (number, unit) = unsigned.split_at(end);
    let unit = unit.trim();
    // `1e` is an exponent left without its digits, not a unit.
    let is_unit = !unit.is_empty() && unit.chars().all(char::is_alphabetic) && unit != "e";
    let is_number = number.parse::<f64>().is_ok() && !number.ends_with('.');
    (is_number && is_unit).then(|| {
        (
            format!("{sign}{number}"),
            "write the number alone, without a unit",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint_of_date(written: &str) -> Option<String> {
        date_words(written, Some("done_on")).map(|(_, hint)| hint)
    }

    #[test]
    fn dates_in_a_locales_form_are_read_as_it_reads_them() {
        let one = |date: &str| Some(format!("dates are written YYYY-MM-DD: `done_on = {date}`"));
        assert_eq!(hint_of_date("26.11.2026"), one("2026-11-26"));
        assert_eq!(hint_of_date("26.11.26"), one("2026-11-26"));
        assert_eq!(hint_of_date("26-11-2026"), one("2026-11-26"));
        assert_eq!(hint_of_date("2026/11/26"), one("2026-11-26"));
        assert_eq!(hint_of_date("2026-1-5"), one("2026-01-05"));
        assert_eq!(hint_of_date("11/26/2026"), one("2026-11-26"));
        assert_eq!(hint_of_date("26/11/2026 10:30"), one("2026-11-26"));
        // Either order with slashes: both days.
        assert_eq!(
            hint_of_date("4/11/2026"),
            Some(
                "dates are written YYYY-MM-DD: `done_on = 2026-04-11` (11 April) or `done_on = 2026-11-04` (4 November)"
                    .to_string()
            )
        );
        assert_eq!(hint_of_date("4/4/2026"), one("2026-04-04"));
        // No day of the calendar, or not three numbers.
        assert_eq!(
            hint_of_date("31.02.2026"),
            Some("dates are written YYYY-MM-DD, e.g. `done_on = 2025-10-28`".to_string())
        );
        assert_eq!(hint_of_date("26.11"), None);
        assert_eq!(hint_of_date("1.2.3.4"), None);
        assert_eq!(hint_of_date("Nov 26"), None);
        assert_eq!(hint_of_date("26 Nov 2026"), one("2026-11-26"));
        assert_eq!(hint_of_date("November 26, 2026"), one("2026-11-26"));
        assert_eq!(hint_of_date("26-Nov-26"), one("2026-11-26"));
        assert!(iso_form("2026-11-31") && iso_form("2026-11-31T10:00:00"));
        assert!(!iso_form("2026-1-31") && !iso_form("26.11.2026"));
        assert_eq!(
            date_words("26.11.2026", None),
            Some((
                "`26.11.2026` is not a date TOML can read".to_string(),
                "dates are written YYYY-MM-DD: `2026-11-26`".to_string()
            ))
        );
    }

    #[test]
    fn a_day_the_month_does_not_have_gets_its_last_day() {
        let hint = |written: &str| calendar_words(written, Some("end")).map(|(_, h)| h);
        assert_eq!(
            hint("2026-11-31").as_deref(),
            Some("November 2026 has 30 days: its last is `end = 2026-11-30`")
        );
        assert_eq!(
            hint("2025-02-29").as_deref(),
            Some("February 2025 has 28 days: its last is `end = 2025-02-28`")
        );
        assert_eq!(
            hint("2028-02-30T10:00:00").as_deref(),
            Some("February 2028 has 29 days: its last is `end = 2028-02-29`")
        );
        assert_eq!(
            hint("2026-13-01").as_deref(),
            Some(
                "dates are written YYYY-MM-DD, with the month from 01 to 12, e.g. `end = 2026-12-01`"
            )
        );
        assert_eq!(
            calendar_words("2026-11-31", None).unwrap().0,
            "`2026-11-31` is not a day of the calendar"
        );
        assert_eq!(hint("26.11.2026"), None);
    }

    #[test]
    fn numbers_in_other_forms_are_written_as_toml_writes_them() {
        let hint = |written: &str| number_words(written, Some("points")).map(|(_, h)| h);
        assert_eq!(
            hint("2,5").as_deref(),
            Some("numbers are written with a point before the decimals: `points = 2.5`")
        );
        assert_eq!(
            hint("-0,5").as_deref(),
            Some("numbers are written with a point before the decimals: `points = -0.5`")
        );
        assert_eq!(
            hint("1 000").as_deref(),
            Some("numbers are written without spaces: `points = 1000`")
        );
        assert_eq!(
            hint(".5").as_deref(),
            Some("a number starts with a digit: `points = 0.5`")
        );
        assert_eq!(
            hint("5.").as_deref(),
            Some("a number ends with a digit: `points = 5`")
        );
        assert_eq!(
            hint("05").as_deref(),
            Some("a whole number does not start with 0: `points = 5`")
        );
        assert_eq!(
            hint("3sp").as_deref(),
            Some("write the number alone, without a unit: `points = 3`")
        );
        assert_eq!(
            hint("2.5 pts").as_deref(),
            Some("write the number alone, without a unit: `points = 2.5`")
        );
        assert_eq!(
            hint("1e").as_deref(),
            Some("numbers are written like `points = 3`, `points = 2.5` or `points = -1`")
        );
        assert_eq!(
            number_words("2,5", None).unwrap().0,
            "`2,5` is not a number TOML can read"
        );
        assert_eq!(hint("done"), None);
        assert_eq!(hint("-"), None);
        assert_eq!(hint("12:61:00"), None);
    }
}
