//! Calendar days as `JJJJ-MM-TT`, without a date library: the days of the store's validity
//! ranges, of `stand`, and of spreadsheet cells.

/// The civil date of a day count since 1970-01-01 (H. Hinnant's algorithm for the proleptic
/// Gregorian calendar).
pub fn datum_aus_tagen(tage: i64) -> String {
    let z = tage + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The day of a spreadsheet day number (days since 1899-12-30, as Excel and LibreOffice count
/// from March 1900 on).
pub fn datum_aus_tabellentag(serie: f64) -> String {
    datum_aus_tagen(serie.floor() as i64 - 25_569)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_become_calendar_days() {
        assert_eq!(datum_aus_tagen(0), "1970-01-01");
        assert_eq!(datum_aus_tagen(19_723), "2024-01-01");
        assert_eq!(datum_aus_tagen(-1), "1969-12-31");
        assert_eq!(datum_aus_tagen(20_789), "2026-12-02");
        assert_eq!(datum_aus_tagen(11_016), "2000-02-29");
        // 45657 is 2024-12-31 in Excel; 61 is 1900-03-01 (Excel counts a 1900-02-29 as day 60).
        assert_eq!(datum_aus_tabellentag(45_657.0), "2024-12-31");
        assert_eq!(datum_aus_tabellentag(61.0), "1900-03-01");
    }
}
