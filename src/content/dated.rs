//! Days in the content folder (`checked`, `reviewed`, `valid_from`,
//! `valid_until`): a TOML date (`2026-09-30`) or the same in quotes, each
//! a day in Almaty's calendar.

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::amendments::Period;

/// A day as written.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum Day {
    Toml(Datetime),
    Text(String),
}

impl Day {
    fn date(&self) -> Option<NaiveDate> {
        match self {
            Day::Toml(datetime) if datetime.time.is_none() => {
                let date = datetime.date?;
                NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
            }
            Day::Toml(_) => None,
            Day::Text(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok(),
        }
    }
}

/// Reports one problem at a line; used by the readers below.
pub(super) type Report<'a> = dyn FnMut(usize, String) + 'a;

/// A day, or the problem said at its line.
pub(super) fn day(
    name: &str,
    value: &Spanned<Day>,
    line: impl Fn(std::ops::Range<usize>) -> usize,
    problem: &mut Report,
) -> Option<NaiveDate> {
    let date = value.get_ref().date();
    if date.is_none() {
        problem(
            line(value.span()),
            format!("{name}: not a day: write it as 2026-09-30 (year-month-day)"),
        );
    }
    date
}

/// `valid_from` and `valid_until`, both optional; the first not after the
/// second.
pub(super) fn period(
    from: Option<&Spanned<Day>>,
    until: Option<&Spanned<Day>>,
    line: impl Fn(std::ops::Range<usize>) -> usize + Copy,
    problem: &mut Report,
) -> Option<Period> {
    let from_day = from.map(|d| day("valid_from", d, line, problem));
    let until_day = until.map(|d| day("valid_until", d, line, problem));
    if from_day.is_some_and(|d| d.is_none()) || until_day.is_some_and(|d| d.is_none()) {
        return None;
    }
    let period = Period {
        from: from_day.flatten(),
        until: until_day.flatten(),
    };
    if let (Some(first), Some(last), Some(until)) = (period.from, period.until, until)
        && first > last
    {
        problem(
            line(until.span()),
            format!("valid_until: {last} is before valid_from ({first})"),
        );
        return None;
    }
    Some(period)
}
