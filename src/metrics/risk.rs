//! How severe a risk is: likelihood × impact.

use crate::model::Level;

/// Likelihood × impact, both scored 1–3: 6 or more is high, 3–5 medium, below low.
pub fn severity(likelihood: Level, impact: Level) -> Level {
    let score = (likelihood as u8 + 1) * (impact as u8 + 1);
    match score {
        6.. => Level::High,
        3..=5 => Level::Medium,
        _ => Level::Low,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Level::*;

    #[test]
    fn the_severity_grid() {
        // Rows: likelihood low, medium, high; columns: impact low, medium, high.
        let grid: Vec<Vec<Level>> = [Low, Medium, High]
            .iter()
            .map(|&l| {
                [Low, Medium, High]
                    .iter()
                    .map(|&i| severity(l, i))
                    .collect()
            })
            .collect();
        assert_eq!(
            grid,
            [
                [Low, Low, Medium],
                [Low, Medium, High],
                [Medium, High, High]
            ]
        );
    }
}
