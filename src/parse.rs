//! Typed answers, parsed and validated by the question's [`Kind`]; an error
//! is the message to show. A date picked on the calendar is validated here
//! too ([`date_answer`]), exactly as the same date typed.

use std::borrow::Cow;
use std::ops::RangeInclusive;

use chrono::{Days, Months, NaiveDate};
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::amendments::{AddedQuestion, Dates, Form, Questionnaire};
use crate::answers::{Answer, Answers};
use crate::calendar;
use crate::dates::{self, DateError, Years};
use crate::labels::{self, Labels};
use crate::questions::{Kind, Question, YES_NO};
use crate::reply::Msg;

/// Longer than any answer to any question: such text is refused at once.
pub const MAX_ANSWER_CHARS: usize = 100;

/// A typed answer as the characters it shows, before any parser reads it.
/// Phones and apps add characters nobody sees (a zero-width space after a
/// word, a direction mark before a date pasted from a right-to-left text,
/// a word joiner, a byte order mark): all of Unicode's format characters
/// are dropped. Compatibility forms become the plain ones (`３５` and
/// `１５．０３` are `35` and `15.03`, NFKC), and the decimal digits of any
/// script (`٣٥`) are read as ASCII digits.
pub fn normalise(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.nfkc()
            .filter(|c| c.general_category() != GeneralCategory::Format)
            .map(ascii_digit)
            .collect(),
    )
}

/// A decimal digit of any script as its ASCII digit; other characters as they are.
fn ascii_digit(c: char) -> char {
    if c.is_ascii() || c.general_category() != GeneralCategory::DecimalNumber {
        return c;
    }
    // Unicode keeps each script's digits 0 to 9 on ten consecutive code
    // points, zero first (a stability policy), and some sets follow each
    // other directly: a digit's value is its distance from the run's start, modulo ten.
    let before = (0..c as u32)
        .rev()
        .map_while(char::from_u32)
        .take_while(|d| d.general_category() == GeneralCategory::DecimalNumber)
        .count();
    char::from_digit((before % 10) as u32, 10).unwrap_or(c)
}

/// Parses and validates a typed answer to `question`, on `today` (Kazakhstan's day).
pub fn parse_answer(
    question: Question,
    text: &str,
    answers: &Answers,
    today: NaiveDate,
    labels: &Labels,
) -> Result<Answer, Msg> {
    let text = normalise(text);
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
        // The dialogue reads those with [`parse_added`].
        Kind::Added => Err(Msg::new("error-outdated-button")),
    }
}

/// Parses and validates a typed answer to a question the firm added.
pub fn parse_added(
    question: &AddedQuestion,
    text: &str,
    today: NaiveDate,
    labels: &Labels,
) -> Result<Answer, Msg> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Msg::new("error-empty"));
    }
    let choose = |count: usize| Msg::new("error-choose-option").number("count", count as i64);
    match &question.form {
        Form::YesNo => {
            let Kind::Choice { options, .. } = YES_NO else {
                return Err(choose(2));
            };
            labels::pick(options.iter(), |c| c.label, text, labels)
                .map(|c| c.answer)
                .ok_or_else(|| choose(options.len()))
        }
        Form::Choice(options) => {
            let folded = labels::fold(text);
            options
                .iter()
                .enumerate()
                .find(|(i, option)| {
                    folded == (i + 1).to_string()
                        || crate::lang::Lang::ALL
                            .into_iter()
                            .any(|lang| labels::fold(option.label.get(lang)) == folded)
                })
                .map(|(_, option)| Answer::Chosen(option.id))
                .ok_or_else(|| choose(options.len()))
        }
        Form::Date(dates) => {
            let years = match dates {
                Dates::Past => Years::UpTo(today),
                Dates::Future => Years::Ahead,
            };
            let date =
                dates::read(text, years).map_err(|e| date_error(e, text, "error-date-format"))?;
            added_date_answer(*dates, date, today)
        }
    }
}

/// A date given to a date question the firm added, typed or picked.
pub fn added_date_answer(dates: Dates, date: NaiveDate, today: NaiveDate) -> Result<Answer, Msg> {
    match dates {
        Dates::Past if date > today => Err(Msg::new("error-date-future")),
        Dates::Future if date < today => {
            Err(Msg::new("content-error-date-past").date("date", date))
        }
        _ if !added_date_range(dates, today).contains(&date) => {
            Err(Msg::new("error-date-far").number("years", Dates::MAX_YEARS.into()))
        }
        _ => Ok(Answer::Date(date)),
    }
}

/// The days any date question accepts, the firm's too; `None` for one
/// answered otherwise (or no longer in force).
pub fn date_range_in(
    questions: &Questionnaire,
    question: Question,
    today: NaiveDate,
) -> Option<RangeInclusive<NaiveDate>> {
    match question {
        Question::Added(id) => match questions.added(id)?.form {
            Form::Date(dates) => Some(added_date_range(dates, today)),
            _ => None,
        },
        guide => date_range(guide, today),
    }
}

/// A date given to any date question, the firm's too.
pub fn date_answer_in(
    questions: &Questionnaire,
    question: Question,
    date: NaiveDate,
    answers: &Answers,
    today: NaiveDate,
) -> Result<Answer, Msg> {
    match question {
        Question::Added(id) => match questions.added(id).map(|q| &q.form) {
            Some(Form::Date(dates)) => added_date_answer(*dates, date, today),
            _ => Err(Msg::new("error-outdated-button")),
        },
        guide => date_answer(guide, date, answers, today),
    }
}

/// The days a firm's date question accepts (what its calendar offers).
pub fn added_date_range(dates: Dates, today: NaiveDate) -> RangeInclusive<NaiveDate> {
    let years = Months::new(12 * Dates::MAX_YEARS);
    match dates {
        Dates::Past => today.checked_sub_months(years).unwrap_or(NaiveDate::MIN)..=today,
        Dates::Future => today..=today.checked_add_months(years).unwrap_or(NaiveDate::MAX),
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
        Kind::Choice { .. } | Kind::Added => Err(Msg::new("error-outdated-button")),
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
        Kind::Choice { .. } | Kind::Added => None,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_go_and_every_scripts_digits_become_ascii() {
        assert_eq!(normalise("35\u{200B}"), "35");
        assert_eq!(normalise("\u{FEFF}3\u{2060}5\u{200E}\u{200F}"), "35");
        assert_eq!(normalise("３５"), "35");
        assert_eq!(normalise("１５．０３．２０３１"), "15.03.2031");
        assert_eq!(normalise("٠١٢٣٤٥٦٧٨٩"), "0123456789");
        assert_eq!(normalise("۰۹"), "09");
        assert_eq!(normalise("०९"), "09"); // Devanagari
        // Mathematical digits: five sets of ten back to back.
        assert_eq!(normalise("\u{1D7CE}\u{1D7D7}\u{1D7D8}\u{1D7FF}"), "0909");
        // Letters of every script stay as they are.
        assert_eq!(normalise("Қазақстан, Россия"), "Қазақстан, Россия");
        assert!(matches!(normalise("15.03.2031"), Cow::Borrowed(_)));
    }
}
