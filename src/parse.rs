//! Typed answers, parsed and validated by the question's [`Kind`]; an error
//! is the message to show. A date picked on the calendar is validated here
//! too ([`date_answer`]), exactly as the same date typed.

use std::ops::RangeInclusive;

use chrono::{Days, Months, NaiveDate};

use crate::answers::{Answer, Answers};
use crate::calendar;
use crate::dates::{self, DateError, Years};
use crate::labels::{self, Labels};
use crate::questions::{Kind, Question};
use crate::reply::Msg;

/// Longer than any answer to any question: such text is refused at once.
pub const MAX_ANSWER_CHARS: usize = 100;

/// Parses and validates a typed answer to `question`, on `today` (Kazakhstan's day).
pub fn parse_answer(
    question: Question,
    text: &str,
    answers: &Answers,
    today: NaiveDate,
    labels: &Labels,
) -> Result<Answer, Msg> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Msg::new("error-empty"));
    }
    match question.kind() {
        Kind::Choice { options, .. } => labels::pick(options.iter(), |c| c.label, text, labels)
            .map(|c| c.answer)
            .ok_or_else(|| Msg::new("error-choose-option").number("count", options.len() as i64)),
        Kind::AgeOrBirthDate { max } => match dates::read(text, Years::UpTo(today)) {
            Ok(birth) => date_answer(question, birth, answers, today),
            Err(DateError::Format) => age(text, max),
            Err(error) => Err(date_error(error, text, "error-number")),
        },
        Kind::FutureDate { .. } => {
            let date = dates::read(text, Years::Ahead)
                .map_err(|e| date_error(e, text, "error-date-format"))?;
            date_answer(question, date, answers, today)
        }
    }
}

/// A date given to a date question, typed or picked: a date of birth
/// becomes the age, an expiry must be from today on and not absurdly far.
pub fn date_answer(
    question: Question,
    date: NaiveDate,
    answers: &Answers,
    today: NaiveDate,
) -> Result<Answer, Msg> {
    match question.kind() {
        Kind::AgeOrBirthDate { max } => {
            if date > today {
                return Err(Msg::new("error-birth-in-future"));
            }
            match calendar::age_on(date, today) {
                Some(age) if age <= max.into() => Ok(Answer::Age(age as u8)),
                _ => Err(age_range_error(max)),
            }
        }
        Kind::FutureDate { max_years_ahead } => {
            if date < today {
                return Err(Msg::new("error-date-past")
                    .date("date", date)
                    .document(answers.stateless()));
            }
            if date > latest_expiry(max_years_ahead, today) {
                return Err(Msg::new("error-date-far").number("years", max_years_ahead.into()));
            }
            Ok(Answer::Date(date))
        }
        Kind::Choice { .. } => Err(Msg::new("error-outdated-button")),
    }
}

/// The days a date question accepts (what its calendar offers); `None`
/// for a question answered otherwise.
pub fn date_range(question: Question, today: NaiveDate) -> Option<RangeInclusive<NaiveDate>> {
    match question.kind() {
        Kind::AgeOrBirthDate { max } => {
            // Born a day later than `max + 1` years ago: `max` years old today.
            let earliest = today
                .checked_sub_months(Months::new(12 * (u32::from(max) + 1)))
                .and_then(|d| d.checked_add_days(Days::new(1)))
                .unwrap_or(NaiveDate::MIN);
            Some(earliest..=today)
        }
        Kind::FutureDate { max_years_ahead } => Some(today..=latest_expiry(max_years_ahead, today)),
        Kind::Choice { .. } => None,
    }
}

fn latest_expiry(max_years_ahead: u32, today: NaiveDate) -> NaiveDate {
    today
        .checked_add_days(Days::new(u64::from(max_years_ahead) * 366))
        .unwrap_or(NaiveDate::MAX)
}

/// What was wrong with a date that could not be taken, in the words of
/// `unreadable` when it is not a date at all.
pub fn date_error(error: DateError, text: &str, unreadable: &'static str) -> Msg {
    match error {
        DateError::Format => Msg::new(unreadable),
        DateError::Year => Msg::new("error-date-year").text("text", text),
        DateError::NoSuchMonth(month) => Msg::new("error-date-no-such-month")
            .text("text", text)
            .number("month", month.into()),
        DateError::NoSuchDay { month, year, days } => Msg::new("error-date-no-such-day")
            .text("text", text)
            .number("month", month.into())
            .number("year", year.into())
            .number("days", days.into()),
    }
}

/// "35", "35 лет", "35 years": the leading number counts.
fn age(text: &str, max: u8) -> Result<Answer, Msg> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let rest = &text[digits.len()..];
    if rest.split_whitespace().any(dates::names_a_month) {
        return Err(Msg::new("error-date-format"));
    }
    if digits.is_empty() || !rest.trim().chars().all(char::is_alphabetic) {
        return Err(Msg::new("error-number"));
    }
    match digits.parse::<u32>() {
        Ok(age) if age <= max.into() => Ok(Answer::Age(age as u8)),
        _ => Err(age_range_error(max)),
    }
}

fn age_range_error(max: u8) -> Msg {
    Msg::new("error-age-range")
        .number("min", 0)
        .number("max", max.into())
}
