//! How many sprints the remaining backlog takes, by Monte Carlo sampling of past completed
//! values. The generator is seeded with a constant so the same data always gives the same
//! forecast: a report must not change between two builds of the same inputs.

use serde::Serialize;

use crate::model::total;

/// Fewer past sprints than this make a forecast meaningless.
pub const MIN_HISTORY: usize = 3;
const TRIALS: usize = 10_000;
/// A trial that needs more sprints than this is counted as this many.
const MAX_SPRINTS: u32 = 1_000;
const SEED: u64 = 0x5eed_5eed_5eed_5eed;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Forecast {
    pub p50_sprints: u32,
    pub p85_sprints: u32,
    /// Backlog divided by the average velocity, rounded up.
    pub average_sprints: u32,
}

/// `history` is the completed points of past (closed) sprints, oldest first.
/// `None` when there is too little history or nothing was ever completed.
pub fn forecast(backlog: f64, history: &[f64]) -> Option<Forecast> {
    let outcomes = Outcomes::simulate(backlog, history)?;
    let average = total(history.iter().copied()) / history.len() as f64;
    let average_sprints = if backlog <= 0.0 {
        0
    } else {
        (backlog / average).ceil().min(f64::from(MAX_SPRINTS)) as u32
    };
    Some(Forecast {
        p50_sprints: outcomes.percentile(50),
        p85_sprints: outcomes.percentile(85),
        average_sprints,
    })
}

/// How many sprints each of the Monte Carlo trials needed, sorted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcomes(Vec<u32>);

impl Outcomes {
    /// Runs the trials: each draws past sprints' completed values, with replacement, until
    /// they cover `backlog`. `None` when there is too little history or nothing was ever
    /// completed.
    pub fn simulate(backlog: f64, history: &[f64]) -> Option<Outcomes> {
        if history.len() < MIN_HISTORY || history.iter().all(|v| *v <= 0.0) {
            return None;
        }
        if backlog <= 0.0 {
            return Some(Outcomes(vec![0; TRIALS]));
        }
        // Each trial has its own stream, so a trial draws the same sprints whatever the
        // backlog: that keeps the forecast monotonic in the backlog.
        let mut outcomes: Vec<u32> = (0..TRIALS as u64)
            .map(|trial| {
                let mut rng = SplitMix64(SEED ^ trial.wrapping_mul(0x9e37_79b9_7f4a_7c15));
                let mut done = 0.0;
                let mut sprints = 0;
                while done < backlog && sprints < MAX_SPRINTS {
                    done += history[rng.below(history.len())];
                    sprints += 1;
                }
                sprints
            })
            .collect();
        outcomes.sort_unstable();
        Some(Outcomes(outcomes))
    }

    /// The smallest outcome that at least `p` percent of trials reach.
    pub fn percentile(&self, p: usize) -> u32 {
        let rank = (self.0.len() * p).div_ceil(100).max(1);
        self.0[rank - 1]
    }

    /// The whole percentage of trials done within `sprints` sprints, rounded down (so "85%
    /// likely" never overstates the odds).
    pub fn percent_within(&self, sprints: u32) -> u32 {
        let within = self.0.partition_point(|&n| n <= sprints);
        (within * 100 / self.0.len()) as u32
    }
}

/// A tiny, well-known generator (Steele et al.): fast, seedable, and the same on every platform.
/// Also the generator of the synthetic benchmark sites and of the property tests.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_team_backlog_of_21_points() {
        // Past sprints delivered 13, 21 and 40. One sprint covers 21 points in 2 of 3 draws,
        // two sprints always do (13 + 13 = 26): p50 = 1, p85 = 2; 21 / 24.67 → 1.
        let f = forecast(21.0, &[13.0, 21.0, 40.0]).unwrap();
        assert_eq!(
            f,
            Forecast {
                p50_sprints: 1,
                p85_sprints: 2,
                average_sprints: 1
            }
        );
    }

    #[test]
    fn a_percentile_is_the_smallest_outcome_that_many_trials_reach() {
        // Ten trials needing 1..=10 sprints: 50% of them are done within 5 sprints (rank 5),
        // 85% need rank ⌈8.5⌉ = 9, the first percent is the first trial, all of them the last.
        let outcomes = Outcomes((1..=10).collect());
        assert_eq!(outcomes.percentile(50), 5);
        assert_eq!(outcomes.percentile(85), 9);
        assert_eq!(outcomes.percentile(1), 1);
        assert_eq!(outcomes.percentile(0), 1);
        assert_eq!(outcomes.percentile(100), 10);
        // Ranks between trials round up: 3 trials, 50% → rank ⌈1.5⌉ = 2.
        assert_eq!(Outcomes(vec![2, 4, 7]).percentile(50), 4);
        assert_eq!(Outcomes(vec![2, 4, 7]).percentile(34), 4);
        assert_eq!(Outcomes(vec![2, 4, 7]).percentile(33), 2);
    }

    #[test]
    fn the_share_of_trials_rounds_down() {
        // 2 of 3 trials within 4 sprints is 66.7%: "66%", never "67%".
        let outcomes = Outcomes(vec![2, 4, 7]);
        assert_eq!(outcomes.percent_within(1), 0);
        assert_eq!(outcomes.percent_within(2), 33);
        assert_eq!(outcomes.percent_within(4), 66);
        assert_eq!(outcomes.percent_within(6), 66);
        assert_eq!(outcomes.percent_within(7), 100);
    }

    #[test]
    fn the_average_forecast_rounds_up() {
        // An average of 10 a sprint: 21 points take 2.1 sprints, so 3; 30 take exactly 3.
        // Every trial draws 10s, so both percentiles agree with it.
        let f = forecast(21.0, &[10.0, 10.0, 10.0]).unwrap();
        assert_eq!(
            f,
            Forecast {
                p50_sprints: 3,
                p85_sprints: 3,
                average_sprints: 3
            }
        );
        assert_eq!(
            forecast(30.0, &[10.0, 10.0, 10.0]).unwrap().average_sprints,
            3
        );
        // 26 over an average of (5 + 10 + 15) / 3 = 10: 2.6 → 3.
        assert_eq!(
            forecast(26.0, &[5.0, 10.0, 15.0]).unwrap().average_sprints,
            3
        );
        // Nothing left is no sprint; a backlog no history could cover stops at the cap.
        assert_eq!(
            forecast(0.0, &[5.0, 10.0, 15.0]),
            Some(Forecast {
                p50_sprints: 0,
                p85_sprints: 0,
                average_sprints: 0
            })
        );
        let endless = forecast(1e9, &[1.0, 1.0, 1.0]).unwrap();
        assert_eq!(
            (
                endless.p50_sprints,
                endless.p85_sprints,
                endless.average_sprints
            ),
            (MAX_SPRINTS, MAX_SPRINTS, MAX_SPRINTS)
        );
    }

    #[test]
    fn is_deterministic() {
        let history = [8.0, 13.0, 5.0, 21.0, 3.0];
        assert_eq!(forecast(77.0, &history), forecast(77.0, &history));
    }

    #[test]
    fn more_work_never_forecasts_fewer_sprints() {
        let history = [8.0, 13.0, 5.0, 21.0, 3.0];
        let mut previous = forecast(0.0, &history).unwrap();
        for backlog in 1..200 {
            let f = forecast(f64::from(backlog), &history).unwrap();
            assert!(f.p50_sprints >= previous.p50_sprints && f.p85_sprints >= previous.p85_sprints);
            assert!(f.p85_sprints >= f.p50_sprints);
            previous = f;
        }
    }

    #[test]
    fn the_share_of_trials_within_a_number_of_sprints() {
        // One sprint covers 21 points in 2 draws of 3 (21 and 40), so about 67% of trials end
        // after one sprint, and every trial after two. The seed fixes which: exactly 6,670 of
        // the 10,000 trials, the same on every machine and in every build.
        let outcomes = Outcomes::simulate(21.0, &[13.0, 21.0, 40.0]).unwrap();
        assert_eq!(outcomes.0.len(), TRIALS);
        assert_eq!(outcomes.0.partition_point(|&n| n <= 1), 6_670);
        assert_eq!(outcomes.percent_within(1), 66);
        assert_eq!(outcomes.percent_within(2), 100);
        assert_eq!(outcomes.percent_within(0), 0);
    }

    #[test]
    fn the_generator_is_splitmix64() {
        // The reference implementation's first outputs for the seed 1234567.
        let mut rng = SplitMix64(1_234_567);
        assert_eq!(
            [rng.next_u64(), rng.next_u64(), rng.next_u64()],
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423
            ]
        );
        // `below` is the next output modulo n: 4_593_380_528_125_082_431 % 10 = 1.
        assert_eq!(rng.below(10), 1);
        assert_eq!(SplitMix64(7).below(0), 0);
        assert_eq!(SplitMix64(7).below(1), 0);
    }

    #[test]
    fn too_little_history_gives_no_forecast() {
        assert_eq!(forecast(10.0, &[5.0, 5.0]), None);
        assert_eq!(forecast(10.0, &[0.0, 0.0, 0.0]), None);
    }
}
