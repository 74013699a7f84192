//! `questions.toml`: questions the firm adds to the consultation, each of
//! a kind the bot knows (yes or no, a choice of the firm's options, a
//! date), with its texts in the three languages, its place in the route
//! (`after` a question) and when it is asked (`when`, as in
//! `documents.toml`, on the guide's answers and on the answers to the
//! questions before it).

use std::path::Path;

use serde::Deserialize;
use toml::{Spanned, Table};

use super::dated::Day;
use super::problem::Problem;
use super::reading::{ByLanguage, Reading, parse};
use super::schema::{BY_LANGUAGE, Shape};
use super::when;
use crate::amendments::{AddedOption, AddedQuestion, Dates, Form, Period, questions::order};
use crate::answers::Id;
use crate::questions::{ALL_QUESTIONS, Question};

const FIELDS: &[(&str, Shape)] = &[(
    "question",
    Shape::Tables(&[
        ("id", Shape::Value),
        ("kind", Shape::Value),
        ("text", BY_LANGUAGE),
        ("name", BY_LANGUAGE),
        ("after", Shape::Value),
        ("dates", Shape::Value),
        ("when", Shape::Open),
        (
            "option",
            Shape::Tables(&[("id", Shape::Value), ("label", BY_LANGUAGE)]),
        ),
        ("valid_from", Shape::Value),
        ("valid_until", Shape::Value),
    ]),
)];

/// A choice offers at least two options, and no more than fit on a phone.
const OPTIONS: std::ops::RangeInclusive<usize> = 2..=10;

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    question: Vec<Spanned<Entry>>,
}

#[derive(Deserialize)]
struct Entry {
    id: Spanned<String>,
    kind: Spanned<String>,
    text: Spanned<ByLanguage>,
    name: Spanned<ByLanguage>,
    after: Option<Spanned<String>>,
    dates: Option<Spanned<String>>,
    when: Option<Spanned<Table>>,
    #[serde(default)]
    option: Vec<Spanned<OptionEntry>>,
    valid_from: Option<Spanned<Day>>,
    valid_until: Option<Spanned<Day>>,
}

#[derive(Deserialize)]
struct OptionEntry {
    id: Spanned<String>,
    label: Spanned<ByLanguage>,
}

pub(super) fn read(path: &Path, problems: &mut Vec<Problem>) -> Vec<AddedQuestion> {
    let Some((file, source)) = parse::<File>(path, FIELDS, problems) else {
        return Vec::new();
    };
    let mut reading = Reading::new(&source, path, problems);
    // First each question as it stands, so conditions can name any of
    // them (one with a problem is left out, the problem reported).
    let mut questions: Vec<AddedQuestion> = Vec::new();
    let mut entries: Vec<&Entry> = Vec::new();
    for entry in &file.question {
        if let Some(question) = question(entry.get_ref(), &questions, &mut reading) {
            questions.push(question);
            entries.push(entry.get_ref());
        }
    }
    // Then when each is asked: only on answers asked before it.
    let all = questions.clone();
    let order = order(&all);
    let position = |q: Question| order.iter().position(|o| *o == q);
    for (question, entry) in questions.iter_mut().zip(entries) {
        let Some(conditions) = when::read(
            entry.when.as_ref(),
            reading.source,
            reading.path,
            &all,
            reading.problems,
        ) else {
            continue;
        };
        let me = position(Question::Added(question.id));
        for read in conditions.questions() {
            if position(read) < me {
                continue;
            }
            let line = entry
                .when
                .as_ref()
                .map_or(reading.line(entry.id.span()), |w| {
                    when::key_line(reading.source, w.span(), &condition_key(read, &conditions))
                });
            reading.problem(
                line,
                format!(
                    "when: {:?} asks about \"{}\", which is not asked before it: place it after that question (after = \"{}\")",
                    question.id.as_str(),
                    read.id(),
                    read.id()
                ),
            );
        }
        question.when = conditions;
    }
    questions
}

/// The key in `when` that reads `question`, to point at its line.
fn condition_key(question: Question, conditions: &crate::conditions::Conditions) -> String {
    match question {
        Question::Added(id) => id.to_string(),
        Question::Citizenship if conditions.citizenship.is_some() => "citizenship".into(),
        Question::Citizenship if conditions.stateless.is_some() => "stateless".into(),
        Question::Citizenship | Question::EthnicKazakh => "ethnic_kazakh_from_china".into(),
        Question::RefugeeStatus => "refugee".into(),
        Question::Solvency => "solvency".into(),
        Question::Age if conditions.age_from.is_some() => "age_from".into(),
        Question::Age => "age_below".into(),
        Question::Stage => "stage".into(),
        other => other.id().to_string(),
    }
}

/// One question without its conditions; `None` when it has a problem
/// (each reported). `before` are the questions above it in the file.
fn question(
    entry: &Entry,
    before: &[AddedQuestion],
    reading: &mut Reading,
) -> Option<AddedQuestion> {
    let problems_before = reading.problems.len();
    let text = entry.id.get_ref().trim();
    let id = match Id::new(text) {
        None => {
            reading.problem_at(
                entry.id.span(),
                format!(
                    "id: {text:?} must be 1 to {} small letters, digits or -",
                    Id::MAX_LEN
                ),
            );
            None
        }
        Some(_) if Question::from_id(text).is_some() || when::GUIDE_CONDITIONS.contains(&text) => {
            reading.problem_at(
                entry.id.span(),
                format!(
                    "id: {text:?} is the name of one of the guide's questions or conditions: choose another"
                ),
            );
            None
        }
        Some(_) if before.iter().any(|q| q.id == text) => {
            reading.problem_at(entry.id.span(), format!("id: {text:?} is used twice"));
            None
        }
        Some(id) => Some(id),
    };
    let question_text = reading.texts("text", &entry.text);
    let name = reading.texts("name", &entry.name);
    let mut options = Vec::new();
    for option in &entry.option {
        let option = option.get_ref();
        let label = reading.texts("option.label", &option.label);
        let option_id = option.id.get_ref().trim();
        match Id::new(option_id) {
            None => reading.problem_at(
                option.id.span(),
                format!(
                    "option.id: {option_id:?} must be 1 to {} small letters, digits or -",
                    Id::MAX_LEN
                ),
            ),
            Some(_) if options.iter().any(|o: &AddedOption| o.id == option_id) => reading
                .problem_at(
                    option.id.span(),
                    format!("option.id: {option_id:?} is used twice"),
                ),
            Some(option_id) => {
                if let Some(label) = label {
                    options.push(AddedOption {
                        id: option_id,
                        label,
                    });
                }
            }
        }
    }
    let kind = entry.kind.get_ref().as_str();
    let kind_line = reading.line(entry.kind.span());
    let form = match kind {
        "yes_no" => Some(Form::YesNo),
        "choice" if OPTIONS.contains(&entry.option.len()) => Some(Form::Choice(options)),
        "choice" => {
            reading.problem(
                kind_line,
                format!(
                    "option: a choice needs {} to {} [[question.option]] blocks (it has {})",
                    OPTIONS.start(),
                    OPTIONS.end(),
                    entry.option.len()
                ),
            );
            None
        }
        "date" => match entry
            .dates
            .as_ref()
            .map(|d| (d.get_ref().as_str(), d.span()))
        {
            Some(("past", _)) => Some(Form::Date(Dates::Past)),
            Some(("future", _)) => Some(Form::Date(Dates::Future)),
            Some((other, span)) => {
                reading.problem_at(
                    span,
                    format!(
                        "dates: {other:?} must be \"past\" (up to today) or \"future\" (from today on)"
                    ),
                );
                None
            }
            None => {
                reading.problem(
                    kind_line,
                    "dates: a date question says which: \"past\" (up to today) or \"future\" (from today on)",
                );
                None
            }
        },
        other => {
            reading.problem(
                kind_line,
                format!("kind: {other:?} must be \"yes_no\", \"choice\" or \"date\""),
            );
            None
        }
    };
    if kind != "choice" && !entry.option.is_empty() {
        reading.problem(
            kind_line,
            format!("option: only a choice has options (this is {kind:?})"),
        );
    }
    if kind != "date"
        && let Some(dates) = &entry.dates
    {
        reading.problem_at(dates.span(), "dates: only a date question has it");
    }
    let after = match &entry.after {
        None => Some(None),
        Some(after) => {
            let name = after.get_ref().trim();
            let found = Question::from_id(name)
                .filter(|q| ALL_QUESTIONS.contains(q))
                .or_else(|| {
                    before
                        .iter()
                        .find(|q| q.id == name)
                        .map(|q| Question::Added(q.id))
                });
            if found.is_none() {
                let guide: Vec<String> = ALL_QUESTIONS.iter().map(|q| q.id().to_string()).collect();
                reading.problem_at(
                    after.span(),
                    format!(
                        "after: {name:?} is neither one of the guide's questions ({}) nor a question defined above this one",
                        guide.join(", ")
                    ),
                );
            }
            found.map(Some)
        }
    };
    let period = reading.period(&entry.valid_from, &entry.valid_until);
    if reading.problems.len() > problems_before {
        return None;
    }
    Some(AddedQuestion {
        id: id?,
        text: question_text?,
        name: name?,
        form: form?,
        after: after?,
        when: Default::default(),
        valid: period.unwrap_or(Period::ALWAYS),
    })
}
