//! Sums of figures.

/// The sum of `values`, starting from +0.
///
/// std's `Sum` for floats starts from -0.0 (so that a sum of negative zeros stays negative),
/// which makes the sum of nothing -0.0: a sprint with nothing completed would then export
/// `"say_do": -0.0` and print "-0". Every sum of points goes through here instead.
pub fn total(values: impl IntoIterator<Item = f64>) -> f64 {
    values.into_iter().fold(0.0, |sum, value| sum + value)
}

#[cfg(test)]
mod tests {
    use super::total;

    #[test]
    #[allow(clippy::disallowed_methods)] // to show what std does
    fn the_sum_of_nothing_is_positive_zero() {
        assert!(total([]).is_sign_positive());
        assert!(total([-0.0]).is_sign_positive());
        assert_eq!(total([1.5, 2.0]), 3.5);
        // What std does, and why this function exists.
        assert!(std::iter::empty::<f64>().sum::<f64>().is_sign_negative());
    }
}
