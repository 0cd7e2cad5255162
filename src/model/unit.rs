//! What a team's figures count: story points, or items (Jira's "Issue count" estimation).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The unit of every figure of a team: set in `sprintgen.toml` for the site and in `team.toml`
/// for one team. With `issues`, each item counts as one, whatever its `points`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// Story points, the items' `points` and re-estimates.
    #[default]
    Points,
    /// One per item: re-estimates change nothing.
    Issues,
}

impl Unit {
    /// The value as the data format writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Points => "points",
            Unit::Issues => "issues",
        }
    }

    /// After a number: "13 SP", "13 issues".
    pub fn short(self) -> &'static str {
        match self {
            Unit::Points => "SP",
            Unit::Issues => "issues",
        }
    }

    /// After the number 1: "1 SP", "1 issue".
    pub fn one(self) -> &'static str {
        match self {
            Unit::Points => "SP",
            Unit::Issues => "issue",
        }
    }

    /// In a sentence after a number: "13 points", "13 issues".
    pub fn words(self) -> &'static str {
        self.as_str()
    }

    /// In a sentence without a number: "remaining story points", "remaining issues".
    pub fn noun(self) -> &'static str {
        match self {
            Unit::Points => "story points",
            Unit::Issues => "issues",
        }
    }

    /// A column heading.
    pub fn title(self) -> &'static str {
        match self {
            Unit::Points => "Points",
            Unit::Issues => "Issues",
        }
    }

    /// A chart's y axis.
    pub fn axis(self) -> &'static str {
        match self {
            Unit::Points => "Story points",
            Unit::Issues => "Issues",
        }
    }

    /// A number as text followed by the unit: "13 SP", "1 issue", "-1 issue", "2.5 SP".
    pub fn amount(self, number: &str) -> String {
        let word = if number.trim_start_matches(['+', '-']) == "1" {
            self.one()
        } else {
            self.short()
        };
        format!("{number} {word}")
    }

    /// A number as text followed by the unit in words: "13 points", "1 issue".
    pub fn amount_in_words(self, number: &str) -> String {
        let word = match (self, number.trim_start_matches(['+', '-']) == "1") {
            (Unit::Points, true) => "point",
            (Unit::Issues, true) => "issue",
            (unit, false) => unit.words(),
        };
        format!("{number} {word}")
    }
}

#[cfg(test)]
mod tests {
    use super::Unit;

    #[test]
    fn amounts_agree_in_number() {
        assert_eq!(Unit::Points.amount("13"), "13 SP");
        assert_eq!(Unit::Points.amount("1"), "1 SP");
        assert_eq!(Unit::Issues.amount("13"), "13 issues");
        assert_eq!(Unit::Issues.amount("1"), "1 issue");
        assert_eq!(Unit::Issues.amount("0"), "0 issues");
        assert_eq!(Unit::Issues.amount("+1"), "+1 issue");
        assert_eq!(Unit::Points.amount_in_words("1"), "1 point");
        assert_eq!(Unit::Issues.amount_in_words("4"), "4 issues");
    }
}
