//! Calendar dates as day numbers, and the date strings of PETRARCH files.

use std::fmt;

/// A calendar date (proleptic Gregorian), stored as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// The date for `year-month-day`, or `None` when it does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Days from civil, after Howard Hinnant's public-domain algorithm.
        let y = if month <= 2 { year - 1 } else { year };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (if m <= 2 { y + 1 } else { y }, m, d)
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i32) -> Date {
        Date(days)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// The date `n` days later (or earlier, for negative `n`).
    pub fn add_days(self, n: i32) -> Date {
        Date(self.0 + n)
    }

    /// Day of the week, 0 = Monday .. 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        (self.0 + 3).rem_euclid(7) as u32
    }

    /// Parses `YYYYMMDD` or `YYYY-MM-DD`, and the `YYMMDD` form of actor
    /// dictionaries (years 00 to 30 are 20xx, the rest 19xx, as in TABARI).
    pub fn parse_compact(text: &str) -> Option<Date> {
        let digits: String = text.chars().filter(|c| *c != '-').collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (year, rest) = match digits.len() {
            8 => (digits[..4].parse::<i32>().ok()?, &digits[4..]),
            6 => {
                let yy: i32 = digits[..2].parse().ok()?;
                (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &digits[2..])
            }
            _ => return None,
        };
        let month = rest[..2].parse().ok()?;
        let day = rest[2..4].parse().ok()?;
        Date::from_ymd(year, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Number of days in `month` of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_weekday() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2016, 9, 9), (1601, 1, 1), (2030, 12, 31)] {
            let date = Date::from_ymd(y, m, d).unwrap();
            assert_eq!(date.ymd(), (y, m, d));
        }
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days(), 0);
        // 9 September 2016 was a Friday.
        assert_eq!(Date::from_ymd(2016, 9, 9).unwrap().weekday(), 4);
        assert!(Date::from_ymd(2015, 2, 29).is_none());
        assert!(Date::from_ymd(2015, 13, 1).is_none());
    }

    #[test]
    fn compact_forms() {
        assert_eq!(Date::parse_compact("20160909"), Date::from_ymd(2016, 9, 9));
        assert_eq!(Date::parse_compact("2016-09-09"), Date::from_ymd(2016, 9, 9));
        assert_eq!(Date::parse_compact("090120"), Date::from_ymd(2009, 1, 20));
        assert_eq!(Date::parse_compact("510724"), Date::from_ymd(1951, 7, 24));
        assert_eq!(Date::parse_compact("2016099"), None);
        assert_eq!(Date::parse_compact("abc"), None);
        assert_eq!(Date::from_ymd(2016, 9, 9).unwrap().to_string(), "2016-09-09");
    }
}
