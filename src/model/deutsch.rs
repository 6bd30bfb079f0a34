//! Numbers written the German way, for everything a user reads: decimal comma, a dot between
//! thousands ("12.345,6").

/// `x` with `stellen` decimals, decimal comma and thousands dots; "–" for a non-finite value.
///
/// ```
/// use sozialraum::model::deutsch::zahl;
/// assert_eq!(zahl(251972.0, 0), "251.972");
/// assert_eq!(zahl(-1234.567, 2), "−1.234,57");
/// assert_eq!(zahl(0.5, 1), "0,5");
/// ```
pub fn zahl(x: f64, stellen: usize) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let text = format!("{:.*}", stellen, x.abs());
    let (ganz, bruch) = text.split_once('.').unwrap_or((&text, ""));
    let mut aus = String::new();
    if x < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        aus.push('−');
    }
    for (i, c) in ganz.chars().enumerate() {
        if i > 0 && (ganz.len() - i) % 3 == 0 {
            aus.push('.');
        }
        aus.push(c);
    }
    if !bruch.is_empty() {
        aus.push(',');
        aus.push_str(bruch);
    }
    aus
}

/// A share 0…1 as per cent with one decimal ("87,5 %").
pub fn prozent(anteil: f64) -> String {
    format!("{} %", zahl(anteil * 100.0, 1))
}

/// Metres as "850 m" or, from 1 km on, "2,3 km".
pub fn meter(m: f64) -> String {
    if m >= 1000.0 { format!("{} km", zahl(m / 1000.0, 1)) } else { format!("{} m", zahl(m, 0)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_get_dots_and_decimals_a_comma() {
        assert_eq!(zahl(1_000_000.0, 0), "1.000.000");
        assert_eq!(zahl(999.95, 1), "1.000,0");
        assert_eq!(zahl(12.0, 2), "12,00");
        assert_eq!(zahl(-0.001, 1), "0,0");
        assert_eq!(zahl(f64::NAN, 1), "–");
    }

    #[test]
    fn shares_and_distances_read_as_planners_write_them() {
        assert_eq!(prozent(0.875), "87,5 %");
        assert_eq!(meter(850.0), "850 m");
        assert_eq!(meter(2_340.0), "2,3 km");
    }
}
