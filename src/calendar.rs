//! Dates as the applicant and the migration service see them: Kazakhstan's
//! calendar day, months' lengths, and dates written back.

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

/// How many days `month` (1 to 12) has in `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|day| NaiveDate::from_ymd_opt(year, month, *day).is_some())
        .unwrap_or(0)
}

/// A date as `DD.MM.YYYY`, as on Kazakh documents: the form the questions
/// give as an example of typing one (the bot writes dates back in words,
/// see [`crate::reply::Arg::Date`]).
pub fn format_date(date: NaiveDate) -> String {
    format!("{:02}.{:02}.{:04}", date.day(), date.month(), date.year())
}

/// Full years between `birth` and `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> Option<u32> {
    today.years_since(birth)
}
