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

/// Whether `t` is a calendar date `JJJJ-MM-TT` with a year in `jahre`.
pub fn kalendertag(t: &str, jahre: std::ops::RangeInclusive<u32>) -> bool {
    let zahl = |s: &str, n: usize| {
        (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
    };
    let [j, m, d] = t.split('-').collect::<Vec<_>>()[..] else {
        return false;
    };
    let (Some(j), Some(m), Some(d)) = (zahl(j, 4), zahl(m, 2), zahl(d, 2)) else {
        return false;
    };
    let schalt = (j % 4 == 0 && j % 100 != 0) || j % 400 == 0;
    let tage = [31, if schalt { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    jahre.contains(&j) && (1..=12).contains(&m) && d >= 1 && d <= tage[(m - 1) as usize]
}

/// A quarter of a year: the finest time a reported need from case planning carries
/// (`2026-Q3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quartal {
    /// Year.
    pub jahr: i32,
    /// Quarter, 1 … 4.
    pub nummer: u8,
}

impl std::fmt::Display for Quartal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-Q{}", self.jahr, self.nummer)
    }
}

impl std::str::FromStr for Quartal {
    type Err = String;

    /// The strict form `JJJJ-Qn` of the API and the store.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fehler = || format!("„{s}“ ist kein Quartal; erwartet JJJJ-Qn, z. B. 2026-Q3");
        let (j, q) = s.split_once("-Q").ok_or_else(fehler)?;
        let jahr: i32 = (j.len() == 4 && j.bytes().all(|b| b.is_ascii_digit()))
            .then(|| j.parse().ok())
            .flatten()
            .ok_or_else(fehler)?;
        let nummer: u8 =
            (q.len() == 1).then(|| q.parse().ok()).flatten().filter(|n| (1..=4).contains(n)).ok_or_else(fehler)?;
        Ok(Quartal { jahr, nummer })
    }
}

impl Quartal {
    /// The quarter of a calendar day `JJJJ-MM-TT`.
    pub fn von_tag(tag: &str) -> Option<Quartal> {
        if !kalendertag(tag, 1..=9999) {
            return None;
        }
        let jahr = tag.get(0..4)?.parse().ok()?;
        let monat: u8 = tag.get(5..7)?.parse().ok()?;
        Some(Quartal { jahr, nummer: (monat - 1) / 3 + 1 })
    }

    /// The quarter before this one.
    pub fn vorher(self) -> Quartal {
        if self.nummer == 1 {
            Quartal { jahr: self.jahr - 1, nummer: 4 }
        } else {
            Quartal { nummer: self.nummer - 1, ..self }
        }
    }

    /// A quarter as people write it in a table: `2026-Q3`, `Q3/2026`, `Q3 2026`, `3/2026`,
    /// `3. Quartal 2026`, or a day (`2026-08-14`, `14.08.2026`) that is cut to its quarter
    /// (the flag says so).
    pub fn lesen(text: &str) -> Option<(Quartal, bool)> {
        let t = text.trim().to_uppercase();
        if let Some(q) = Quartal::von_tag(&t) {
            return Some((q, true));
        }
        if let [tag, monat, jahr] = t.split('.').map(str::trim).collect::<Vec<_>>()[..]
            && jahr.len() == 4
            && (1..=2).contains(&tag.len())
            && (1..=2).contains(&monat.len())
        {
            return Quartal::von_tag(&format!("{jahr}-{monat:0>2}-{tag:0>2}")).map(|q| (q, true));
        }
        let teile: Vec<&str> = t.split(|c: char| !c.is_alphanumeric()).filter(|x| !x.is_empty()).collect();
        let jahr_an = teile.iter().position(|x| x.len() == 4 && x.bytes().all(|b| b.is_ascii_digit()))?;
        let rest: Vec<&str> = teile.iter().enumerate().filter(|(i, _)| *i != jahr_an).map(|(_, x)| *x).collect();
        let nummer = match rest[..] {
            [q] => q.strip_prefix('Q').unwrap_or(q),
            [q, "QUARTAL"] => q,
            _ => return None,
        };
        let nummer: u8 = (nummer.len() == 1).then(|| nummer.parse().ok()).flatten().filter(|n| (1..=4).contains(n))?;
        Some((Quartal { jahr: teile[jahr_an].parse().ok()?, nummer }, false))
    }
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

    #[test]
    fn calendar_days_know_month_lengths_and_leap_years() {
        assert!(kalendertag("2024-02-29", 1..=9999) && !kalendertag("2025-02-29", 1..=9999));
        assert!(!kalendertag("2025-04-31", 1..=9999) && !kalendertag("2025-4-30", 1..=9999));
        assert!(!kalendertag("1899-12-31", 1900..=2100) && kalendertag("1900-03-01", 1900..=2100));
    }

    #[test]
    fn quarters_are_read_as_people_write_them_and_days_are_cut_to_their_quarter() {
        let q = |j, n| Quartal { jahr: j, nummer: n };
        assert_eq!("2026-Q3".parse::<Quartal>(), Ok(q(2026, 3)));
        assert!("2026-Q5".parse::<Quartal>().is_err() && "26-Q1".parse::<Quartal>().is_err());
        for t in ["2026-Q3", "Q3/2026", "q3 2026", "3/2026", "3. Quartal 2026", " 2026 Q3 "] {
            assert_eq!(Quartal::lesen(t), Some((q(2026, 3), false)), "{t}");
        }
        assert_eq!(Quartal::lesen("2026-08-14"), Some((q(2026, 3), true)));
        assert_eq!(Quartal::lesen("1.12.2025"), Some((q(2025, 4), true)));
        assert_eq!(Quartal::lesen("31.02.2025"), None);
        assert_eq!(Quartal::lesen("2026-13"), None);
        assert_eq!(Quartal::lesen("Q3/Q4 2026"), None);
        assert_eq!(q(2026, 1).vorher(), q(2025, 4));
        assert_eq!(q(2026, 3).to_string(), "2026-Q3");
    }
}
