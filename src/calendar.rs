//! Dates as the applicant and the migration service see them: Kazakhstan's
//! calendar day and the date formats people type.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

/// The whole of Kazakhstan has used UTC+5 since 1 March 2024.
pub const KAZAKHSTAN_UTC_OFFSET_SECONDS: i32 = 5 * 3600;

pub fn kazakhstan_offset() -> FixedOffset {
    FixedOffset::east_opt(KAZAKHSTAN_UTC_OFFSET_SECONDS).expect("UTC+5 is a valid offset")
}

/// The calendar day in Kazakhstan at the instant `now`.
pub fn kazakhstan_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&kazakhstan_offset()).date_naive()
}

/// Today in Kazakhstan, from the system clock. The only impure function here.
pub fn kazakhstan_today() -> NaiveDate {
    kazakhstan_date(Utc::now())
}

/// The instant (Unix seconds) of `hour`:00 in Kazakhstan on `date`.
pub fn kazakhstan_time(date: NaiveDate, hour: u32) -> i64 {
    let local = date.and_hms_opt(hour.min(23), 0, 0).unwrap_or_default();
    local.and_utc().timestamp() - i64::from(KAZAKHSTAN_UTC_OFFSET_SECONDS)
}

/// Why a typed date was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not in any of the accepted shapes.
    Format,
    /// The right shape, but no such day (31.02.2030).
    NoSuchDay,
}

/// Parses `DD.MM.YYYY`, `DD/MM/YYYY` (also with `-`) and `YYYY-MM-DD`;
/// one-digit days and months are fine. Surrounding spaces are ignored.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let text = text.trim();
    if text.len() > 10 || text.is_empty() {
        return Err(DateError::Format);
    }
    let separator = text
        .chars()
        .find(|c| matches!(c, '.' | '/' | '-'))
        .ok_or(DateError::Format)?;
    let parts: Vec<&str> = text.split(separator).collect();
    let [a, b, c] = parts[..] else {
        return Err(DateError::Format);
    };
    let number = |s: &str, max_len: usize| -> Result<u32, DateError> {
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::Format);
        }
        s.parse().map_err(|_| DateError::Format)
    };
    let (year, month, day) = if a.len() == 4 {
        if separator != '-' {
            return Err(DateError::Format);
        }
        (number(a, 4)?, number(b, 2)?, number(c, 2)?)
    } else {
        if c.len() != 4 {
            return Err(DateError::Format);
        }
        (number(c, 4)?, number(b, 2)?, number(a, 2)?)
    };
    NaiveDate::from_ymd_opt(year as i32, month, day)
        .filter(|_| year >= 1000)
        .ok_or(DateError::NoSuchDay)
}

/// How dates are written back to the applicant in every language: `DD.MM.YYYY`,
/// as on Kazakh documents.
pub fn format_date(date: NaiveDate) -> String {
    format!("{:02}.{:02}.{:04}", date.day(), date.month(), date.year())
}

/// Full years between `birth` and `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> Option<u32> {
    today.years_since(birth)
}
