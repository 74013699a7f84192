//! The date picker: a calendar under a date question, for those who would
//! rather tap than type. Years, then months, then days, each page edited
//! in place of the last; ◀ ▶ move. Its whole state is the pressed
//! button's data ([`Calendar`]): this module lays each page out and
//! decides each press. A day chosen answers the question exactly as the
//! same date typed.

use std::ops::RangeInclusive;

use chrono::{Datelike, Months, NaiveDate};

use super::view::{Wording, question_text};
use super::{Context, Turn, View};
use crate::amendments::Questionnaire;
use crate::answers::Answers;
use crate::parse;
use crate::questions::{Kind, Question};
use crate::reply::{Button, Calendar, Msg, Press, Reply};

/// Years on a page: four rows of five (a birth date decades back is a few ◀ away).
pub const YEARS_PER_PAGE: i32 = 20;
const YEARS_PER_ROW: usize = 5;
const MONTHS_PER_ROW: usize = 3;

/// The button under one of the guide's date questions that opens its
/// calendar at its first page of years; `None` for a question answered otherwise.
pub fn open_button(question: Question, today: NaiveDate) -> Option<Button> {
    open_button_in(&Questionnaire::GUIDE, question, today)
}

/// The button under any date question, the firm's too.
pub fn open_button_in(
    questions: &Questionnaire,
    question: Question,
    today: NaiveDate,
) -> Option<Button> {
    let range = parse::date_range_in(questions, question, today)?;
    let label = match question.kind() {
        Kind::AgeOrBirthDate { .. } => "btn-calendar-birth",
        _ => "btn-calendar",
    };
    Some(Button {
        label: Msg::new(label),
        press: Press::Calendar {
            question,
            page: Calendar::Years(first_year(&range, today)),
        },
    })
}

/// The first year of the first page: this year for a date to come, the
/// page ending this year for one already past (a birth).
fn first_year(range: &RangeInclusive<NaiveDate>, today: NaiveDate) -> i32 {
    if *range.start() >= today {
        range.start().year()
    } else {
        range.end().year() - YEARS_PER_PAGE + 1
    }
}

/// The first year of the page of years holding `year`.
fn page_of(year: i32, range: &RangeInclusive<NaiveDate>, today: NaiveDate) -> i32 {
    let first = first_year(range, today);
    first + YEARS_PER_PAGE * (year - first).div_euclid(YEARS_PER_PAGE)
}

/// A press on the calendar of the question being asked.
pub(super) fn press(turn: &mut Turn, question: Question, page: Calendar, ctx: &Context) {
    let questions = ctx.questions();
    let Some(range) = parse::date_range_in(&questions, question, ctx.today) else {
        return super::refuse(turn);
    };
    match page {
        Calendar::Label => toast(turn, Msg::new("picker-choose")),
        Calendar::Pick(date) if range.contains(&date) => {
            let answers = &turn.session.answers;
            match parse::date_answer_in(&questions, question, date, answers, ctx.today) {
                Ok(answer) => super::accept(turn, question, answer, ctx),
                Err(error) => turn.note.push(error),
            }
        }
        page if span(page)
            .is_some_and(|(first, last)| first <= *range.end() && last >= *range.start()) =>
        {
            turn.view = View::Picker(page)
        }
        // A day, month, year or page outside what the question accepts.
        _ => toast(turn, outside(&range)),
    }
}

/// A short answer to the press, and nothing else.
fn toast(turn: &mut Turn, msg: Msg) {
    turn.toast = Some(msg);
    turn.view = View::NoteOnly;
}

fn outside(range: &RangeInclusive<NaiveDate>) -> Msg {
    Msg::new("picker-outside")
        .date("from", *range.start())
        .date("to", *range.end())
}

/// The first and last day a page shows.
fn span(page: Calendar) -> Option<(NaiveDate, NaiveDate)> {
    let (first, last) = match page {
        Calendar::Years(year) => (
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year + YEARS_PER_PAGE - 1, 12, 31)?,
        ),
        Calendar::Months(year) => (
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
        ),
        Calendar::Days(year, month) => {
            let first = NaiveDate::from_ymd_opt(year, month, 1)?;
            (first, first.checked_add_months(Months::new(1))?.pred_opt()?)
        }
        Calendar::Pick(date) => (date, date),
        Calendar::Label => return None,
    };
    Some((first, last))
}

/// One page of the calendar under the question's text. Years, months and
/// days outside what the question accepts show as `·`; a press on one is
/// answered with the range.
pub fn page(
    questions: &Questionnaire,
    question: Question,
    page: Calendar,
    answers: &Answers,
    today: NaiveDate,
) -> Reply {
    let range = parse::date_range_in(questions, question, today).unwrap_or(today..=today);
    let reply = Reply::paragraph(question_text(questions, question, Wording::Text, answers));
    let cell = |label: Msg, page: Calendar| {
        let inside =
            span(page).is_some_and(|(first, last)| first <= *range.end() && last >= *range.start());
        Button {
            label: if inside {
                label
            } else {
                Msg::new("picker-blank")
            },
            press: Press::Calendar { question, page },
        }
    };
    let number = |n: i64| Msg::new("picker-number").number("number", n);
    let mut rows: Vec<Vec<Button>> = Vec::new();
    let (previous, next) = match page {
        Calendar::Years(first) => {
            let years: Vec<Button> = (first..first + YEARS_PER_PAGE)
                .map(|y| cell(number(y.into()), Calendar::Months(y)))
                .collect();
            rows.extend(years.chunks(YEARS_PER_ROW).map(<[Button]>::to_vec));
            (
                Calendar::Years(first - YEARS_PER_PAGE),
                Calendar::Years(first + YEARS_PER_PAGE),
            )
        }
        Calendar::Months(year) => {
            let years = Calendar::Years(page_of(year, &range, today));
            rows.push(vec![to(question, number(year.into()), years)]);
            let months: Vec<Button> = (1..=12)
                .map(|m| cell(month_name(m), Calendar::Days(year, m)))
                .collect();
            rows.extend(months.chunks(MONTHS_PER_ROW).map(<[Button]>::to_vec));
            (Calendar::Months(year - 1), Calendar::Months(year + 1))
        }
        Calendar::Days(year, month) => {
            let title = Msg::new("picker-month-year")
                .msg("month", month_name(month))
                .number("year", year.into());
            rows.push(vec![to(question, title, Calendar::Months(year))]);
            let weekday = |d| Msg::new("weekday-short").number("day", d);
            rows.push(
                (1..=7)
                    .map(|d| to(question, weekday(d), Calendar::Label))
                    .collect(),
            );
            rows.extend(weeks(year, month, question, |date| {
                cell(number(date.day().into()), Calendar::Pick(date))
            }));
            let (y, m) = if month == 1 {
                (year - 1, 12)
            } else {
                (year, month - 1)
            };
            let (ny, nm) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
            (Calendar::Days(y, m), Calendar::Days(ny, nm))
        }
        // Not a page: the first one.
        Calendar::Pick(_) | Calendar::Label => {
            let first = Calendar::Years(first_year(&range, today));
            return self::page(questions, question, first, answers, today);
        }
    };
    rows.push(vec![
        to(question, Msg::new("picker-previous"), previous),
        to(question, Msg::new("picker-next"), next),
    ]);
    rows.into_iter().fold(reply, Reply::row)
}

/// A button of the calendar that leads to `page`.
fn to(question: Question, label: Msg, page: Calendar) -> Button {
    Button {
        label,
        press: Press::Calendar { question, page },
    }
}

fn month_name(month: u32) -> Msg {
    Msg::new("month-name").number("month", month.into())
}

/// The weeks of a month, Monday first, as rows of seven: a day's button,
/// or an empty cell before the 1st and after the last.
fn weeks(
    year: i32,
    month: u32,
    question: Question,
    day: impl Fn(NaiveDate) -> Button,
) -> Vec<Vec<Button>> {
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return Vec::new();
    };
    let blank = || to(question, Msg::new("picker-blank"), Calendar::Label);
    let lead = first.weekday().num_days_from_monday() as usize;
    let mut cells: Vec<Button> = (0..lead).map(|_| blank()).collect();
    cells.extend(
        first
            .iter_days()
            .take_while(|d| d.month() == month)
            .map(day),
    );
    while !cells.len().is_multiple_of(7) {
        cells.push(blank());
    }
    cells.chunks(7).map(<[Button]>::to_vec).collect()
}
