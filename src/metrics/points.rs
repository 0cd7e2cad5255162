//! Story points as people read them, and the rounding rules of every percentage and ratio.

use std::fmt;

use serde::Serialize;

/// Story points as shown to people and exported to JSON: whole numbers print without a
/// fraction ("13"), others with at most two decimals ("11.56"), so sums such as
/// 0.1 + 0.2 never leak float noise into a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Points(pub f64);

impl Points {
    /// With an explicit sign for changes: "+3", "-2", "0".
    pub fn signed(self) -> String {
        if self.rounded() > 0.0 {
            format!("+{self}")
        } else {
            self.to_string()
        }
    }

    pub fn rounded(self) -> f64 {
        let r = (self.0 * 100.0).round() / 100.0;
        if r == 0.0 { 0.0 } else { r }
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.rounded();
        if r.fract() == 0.0 {
            write!(f, "{r:.0}")
        } else {
            let text = format!("{r:.2}");
            f.write_str(text.trim_end_matches('0'))
        }
    }
}

impl Serialize for Points {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.rounded();
        if r.fract() == 0.0 && r.abs() < 1e15 {
            serializer.serialize_i64(r as i64)
        } else {
            serializer.serialize_f64(r)
        }
    }
}

/// `part` as a whole percentage of `whole`, rounded half up; 0 when `whole` is 0.
pub fn percent(part: f64, whole: f64) -> u32 {
    if whole <= 0.0 {
        return 0;
    }
    // Multiply before dividing so 61/200 gives exactly 30.5, which then rounds up.
    (part * 100.0 / whole).round().max(0.0) as u32
}

/// A share (0.13) as whole percent (13), for the words of a page.
pub fn whole_percent(share: f64) -> i64 {
    (share * 100.0).round() as i64
}

/// A ratio rounded to four decimals, as exported (`0.3077`).
pub fn ratio(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| ((part / whole) * 10_000.0).round() / 10_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_print_without_float_noise() {
        assert_eq!(Points(13.0).to_string(), "13");
        assert_eq!(Points(0.1 + 0.2).to_string(), "0.3");
        assert_eq!(Points(13.0 - 13.0 / 9.0).to_string(), "11.56");
        assert_eq!(serde_json::to_string(&Points(4.0)).unwrap(), "4");
        assert_eq!(serde_json::to_string(&Points(2.0 / 3.0)).unwrap(), "0.67");
        // Whole numbers are written as integers below 10^15, as floats from there on.
        assert_eq!(
            serde_json::to_string(&Points(999_999_999_999_999.0)).unwrap(),
            "999999999999999"
        );
        assert_eq!(
            serde_json::to_string(&Points(1e15)).unwrap(),
            "1000000000000000.0"
        );
    }

    #[test]
    fn changes_carry_their_sign() {
        assert_eq!(Points(3.0).signed(), "+3");
        assert_eq!(Points(0.5).signed(), "+0.5");
        assert_eq!(Points(-2.0).signed(), "-2");
        assert_eq!(Points(0.0).signed(), "0");
        // What rounds to nothing has no sign: 0.004 prints as "0", not "+0".
        assert_eq!(Points(0.004).signed(), "0");
        assert_eq!(Points(-0.004).signed(), "0");
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent(4.0, 13.0), 31);
        assert_eq!(percent(9.0, 13.0), 69);
        assert_eq!(percent(61.0, 200.0), 31);
        assert_eq!(percent(1.0, 8.0), 13);
        assert_eq!(percent(3.0, 0.0), 0);
    }

    #[test]
    fn ratios_keep_four_decimals() {
        assert_eq!(ratio(4.0, 13.0), Some(0.3077));
        assert_eq!(ratio(1.0, 0.0), None);
    }
}
