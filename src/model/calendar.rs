//! Working days: the configured weekdays minus the site's, team's and sprint's holidays.
//!
//! Calendars layer: the site's `[calendar]` over the default weekdays, a team's `[calendar]`
//! over the site's, a sprint's `holidays` over its team's. [`Calendar::for_team`] and
//! [`Calendar::for_sprint`] are the only places that layering is written down.

use std::collections::BTreeSet;

use super::{CalendarConfig, Date, SprintFile, TeamConfig, Weekday};

const DEFAULT_WORKING_DAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    working_weekdays: [bool; 7],
    holidays: BTreeSet<Date>,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar::from_weekdays(&DEFAULT_WORKING_DAYS)
    }
}

impl Calendar {
    pub fn from_weekdays(weekdays: &[Weekday]) -> Calendar {
        let mut working_weekdays = [false; 7];
        for day in weekdays {
            working_weekdays[day.index()] = true;
        }
        Calendar {
            working_weekdays,
            holidays: BTreeSet::new(),
        }
    }

    /// Layers a more specific calendar on top: its weekdays replace ours, its holidays add.
    pub fn overlay(&self, config: &CalendarConfig) -> Calendar {
        let mut calendar = match &config.working_days {
            Some(days) => Calendar {
                holidays: self.holidays.clone(),
                ..Calendar::from_weekdays(days)
            },
            None => self.clone(),
        };
        calendar.add_holidays(&config.holidays);
        calendar
    }

    /// A team's calendar, on top of the site's.
    pub fn for_team(&self, team: &TeamConfig) -> Calendar {
        self.overlay(&team.calendar)
    }

    /// A sprint's calendar, on top of its team's: the sprint's own holidays added.
    pub fn for_sprint(&self, sprint: &SprintFile) -> Calendar {
        let mut calendar = self.clone();
        calendar.add_holidays(&sprint.holidays);
        calendar
    }

    pub fn add_holidays(&mut self, holidays: &[Date]) {
        self.holidays.extend(holidays.iter().copied());
    }

    pub fn is_working(&self, date: Date) -> bool {
        self.working_weekdays[date.weekday_index()] && !self.holidays.contains(&date)
    }

    /// Every calendar day from `start` to `end`, both included.
    pub fn days(start: Date, end: Date) -> impl Iterator<Item = Date> {
        std::iter::successors(Some(start), move |d| (*d < end).then(|| d.next()))
            .take_while(move |d| *d <= end)
    }

    /// Working days from `start` to `end`, both included.
    pub fn working_days_between(&self, start: Date, end: Date) -> u32 {
        Calendar::days(start, end)
            .filter(|d| self.is_working(*d))
            .count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn the_seed_sprint_has_nine_working_days_not_ten() {
        // 2025-10-28 is a Tuesday; 2025-11-08 a Saturday.
        assert_eq!(d("2025-10-28").weekday_name(), "Tuesday");
        assert_eq!(d("2025-11-08").weekday_name(), "Saturday");
        let calendar = Calendar::default();
        assert_eq!(
            calendar.working_days_between(d("2025-10-28"), d("2025-11-08")),
            9
        );
    }

    #[test]
    fn holidays_from_every_level_are_removed_and_weekdays_can_be_replaced() {
        let site = Calendar::default().overlay(&CalendarConfig {
            working_days: None,
            holidays: vec![d("2025-12-25")],
        });
        let team = site.overlay(&CalendarConfig {
            working_days: Some(vec![
                Weekday::Sun,
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
            ]),
            holidays: vec![d("2025-12-22")],
        });
        // Sun 21 .. Sat 27 Dec 2025: Sun, Tue, Wed working (Mon 22 and Thu 25 are holidays).
        assert_eq!(
            team.working_days_between(d("2025-12-21"), d("2025-12-27")),
            3
        );
        assert!(
            !team.is_working(d("2025-12-26")),
            "Friday is not a working day for this team"
        );
        assert_eq!(
            site.working_days_between(d("2025-12-21"), d("2025-12-27")),
            4
        );
    }

    #[test]
    fn a_team_and_a_sprint_layer_their_calendars_over_the_sites() {
        let site = Calendar::default();
        let team: TeamConfig = toml::from_str(
            "name = \"T\"\n[calendar]\nworking_days = [\"sun\", \"mon\", \"tue\", \"wed\"]\nholidays = [2025-12-22]\n",
        )
        .unwrap();
        let sprint: SprintFile = toml::from_str(
            "number = 1\ntitle = \"S\"\nstart = 2025-12-21\nend = 2025-12-27\nholidays = [2025-12-23]\n",
        )
        .unwrap();
        let team = site.for_team(&team);
        let sprint = team.for_sprint(&sprint);
        // Sun 21 .. Sat 27 Dec 2025: the team works Sun, Tue and Wed (Mon 22 is its holiday);
        // in the sprint Tue 23 is a holiday too.
        let week = |calendar: &Calendar| {
            Calendar::days(d("2025-12-21"), d("2025-12-27"))
                .filter(|day| calendar.is_working(*day))
                .map(|day| day.weekday_name())
                .collect::<Vec<_>>()
        };
        assert_eq!(week(&team), ["Sunday", "Tuesday", "Wednesday"]);
        assert_eq!(week(&sprint), ["Sunday", "Wednesday"]);
    }

    #[test]
    fn days_are_inclusive_and_empty_when_reversed() {
        assert_eq!(Calendar::days(d("2025-01-30"), d("2025-02-02")).count(), 4);
        assert_eq!(Calendar::days(d("2025-02-02"), d("2025-01-30")).count(), 0);
    }
}
