//! Typed answers, parsed and validated by the question's [`Kind`]; an error
//! is the message to show.

use chrono::{Days, NaiveDate};

use crate::answers::{Answer, Answers};
use crate::calendar::{self, DateError};
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
        Kind::AgeOrBirthDate { max } => age_or_birth_date(text, max, today),
        Kind::FutureDate { max_years_ahead } => {
            future_date(text, max_years_ahead, today, answers.stateless())
        }
    }
}

/// "35", "35 лет", "35 years" (the leading number counts), or a date of birth.
fn age_or_birth_date(text: &str, max: u8, today: NaiveDate) -> Result<Answer, Msg> {
    let range_error = || {
        Msg::new("error-age-range")
            .number("min", 0)
            .number("max", max.into())
    };
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let rest = &text[digits.len()..];
    if !digits.is_empty() && !rest.starts_with(['.', '/', '-']) {
        if !rest.trim().chars().all(char::is_alphabetic) {
            return Err(Msg::new("error-number"));
        }
        return match digits.parse::<u32>() {
            Ok(age) if age <= max.into() => Ok(Answer::Age(age as u8)),
            _ => Err(range_error()),
        };
    }
    match calendar::parse_date(text) {
        Ok(birth) if birth > today => Err(Msg::new("error-birth-in-future")),
        Ok(birth) => match calendar::age_on(birth, today) {
            Some(age) if age <= max.into() => Ok(Answer::Age(age as u8)),
            _ => Err(range_error()),
        },
        Err(DateError::NoSuchDay) => Err(Msg::new("error-date-no-such-day").text("text", text)),
        Err(DateError::Format) => Err(Msg::new("error-number")),
    }
}

/// An expiry date: a real day, not past, not absurdly far ahead.
fn future_date(
    text: &str,
    max_years_ahead: u32,
    today: NaiveDate,
    stateless: bool,
) -> Result<Answer, Msg> {
    let date = calendar::parse_date(text).map_err(|e| match e {
        DateError::Format => Msg::new("error-date-format"),
        DateError::NoSuchDay => Msg::new("error-date-no-such-day").text("text", text),
    })?;
    if date < today {
        return Err(Msg::new("error-date-past")
            .date("date", date)
            .document(stateless));
    }
    let far = today
        .checked_add_days(Days::new(u64::from(max_years_ahead) * 366))
        .unwrap_or(NaiveDate::MAX);
    if date > far {
        return Err(Msg::new("error-date-far").number("years", max_years_ahead.into()));
    }
    Ok(Answer::Date(date))
}
