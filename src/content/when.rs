//! `when`: the conditions on the answers under a document, a note or an
//! added question. The guide's answers by name (`citizenship`, `age_from`…),
//! the firm's questions by their id (`pilot = true`, `housing = ["rent"]`).

use std::path::Path;

use toml::{Spanned, Table, Value};

use super::problem::{Problem, line_of};
use crate::amendments::{AddedQuestion, Form};
use crate::answers::Id;
use crate::conditions::{Conditions, Expected};
use crate::questions::{MAX_AGE, Question};
use crate::rules::{Citizenship, Part, Solvency};

/// The conditions on the guide's answers, as written.
pub(super) const GUIDE_CONDITIONS: [&str; 8] = [
    "citizenship",
    "stateless",
    "refugee",
    "ethnic_kazakh_from_china",
    "solvency",
    "age_from",
    "age_below",
    "stage",
];

/// The line of `key` in a table that starts at `span`: where `key =` first
/// stands from there to the next table's header (toml's span of a
/// `[a.when]` table covers its header only); the table's first line if it
/// cannot be found.
pub(super) fn key_line(source: &str, span: std::ops::Range<usize>, key: &str) -> usize {
    let start = span.start.min(source.len());
    let rest = &source[start..];
    let first_line = rest.find('\n').map_or(rest.len(), |at| at + 1);
    let end = rest[first_line..]
        .find("\n[")
        .map_or(rest.len(), |at| first_line + at);
    let text = &rest[..end];
    let mut from = 0;
    while let Some(at) = text[from..].find(key) {
        let at = from + at;
        let before = text[..at].chars().next_back();
        let after = text[at + key.len()..].trim_start_matches([' ', '\t']);
        let whole = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-'));
        if whole && after.starts_with('=') {
            return line_of(source, start + at);
        }
        from = at + key.len();
    }
    line_of(source, start)
}

/// Reads a `when` table; `None` when it has a problem (each reported).
/// `questions` are the firm's questions, to read conditions on their
/// answers against; `name` is what the table is called in messages.
pub(super) fn read(
    when: Option<&Spanned<Table>>,
    source: &str,
    path: &Path,
    questions: &[AddedQuestion],
    problems: &mut Vec<Problem>,
) -> Option<Conditions> {
    let Some(when) = when else {
        return Some(Conditions::default());
    };
    let before = problems.len();
    let span = when.span();
    let mut conditions = Conditions::default();
    for (key, value) in when.get_ref() {
        let line = key_line(source, span.clone(), key);
        let mut problem = |what: String| problems.push(Problem::new(path, line, what));
        match key.as_str() {
            "citizenship" => conditions.citizenship = citizenships(value, &mut problem),
            "stateless" => conditions.stateless = flag(key, value, &mut problem),
            "refugee" => conditions.refugee = flag(key, value, &mut problem),
            "ethnic_kazakh_from_china" => {
                conditions.ethnic_kazakh_from_china = flag(key, value, &mut problem)
            }
            "solvency" => {
                conditions.solvency = match value.as_str() {
                    Some("own") => Some(Solvency::OwnMeans),
                    Some("contract") => Some(Solvency::Contract),
                    _ => {
                        problem(format!(
                            "when.solvency: {} must be \"own\" or \"contract\"",
                            shown(value)
                        ));
                        None
                    }
                }
            }
            "age_from" => conditions.age_from = age(key, value, &mut problem),
            "age_below" => conditions.age_below = age(key, value, &mut problem),
            "stage" => {
                conditions.stage = match value.as_str() {
                    Some("permit") => Some(Part::Permit),
                    Some("card") => Some(Part::Card),
                    _ => {
                        problem(format!(
                            "when.stage: {} must be \"permit\" or \"card\"",
                            shown(value)
                        ));
                        None
                    }
                }
            }
            question => {
                if let Some(expected) = on_question(question, value, questions, &mut problem)
                    && let Some(id) = Id::new(question)
                {
                    conditions.answers.push((id, expected));
                }
            }
        }
    }
    if let (Some(from), Some(below)) = (conditions.age_from, conditions.age_below)
        && from >= below
    {
        problems.push(Problem::new(
            path,
            key_line(source, span, "age_below"),
            format!("when: age_from ({from}) must be below age_below ({below})"),
        ));
    }
    (problems.len() == before).then_some(conditions)
}

fn flag(key: &str, value: &Value, problem: &mut impl FnMut(String)) -> Option<bool> {
    let flag = value.as_bool();
    if flag.is_none() {
        problem(format!(
            "when.{key}: {} must be true or false",
            shown(value)
        ));
    }
    flag
}

fn age(key: &str, value: &Value, problem: &mut impl FnMut(String)) -> Option<u8> {
    match value.as_integer().map(u8::try_from) {
        Some(Ok(age)) if age <= MAX_AGE => Some(age),
        _ => {
            problem(format!(
                "when.{key}: {} is not an age from 0 to {MAX_AGE}",
                shown(value)
            ));
            None
        }
    }
}

fn citizenships(value: &Value, problem: &mut impl FnMut(String)) -> Option<Vec<Citizenship>> {
    let Some(codes) = value.as_array() else {
        problem(format!(
            "when.citizenship: {} must be a list, such as [\"cn\", \"mn\"]",
            shown(value)
        ));
        return None;
    };
    let mut found = Vec::new();
    for code in codes {
        let citizenship = code
            .as_str()
            .and_then(|code| Question::Citizenship.choice_by_id(code))
            .and_then(|c| c.answer.citizenship())
            .filter(|c| *c != Citizenship::Kazakhstan);
        match citizenship {
            Some(c) => found.push(c),
            None => problem(format!(
                "when.citizenship: {} is not one of cn, ru, uz, kg, tj, tm, mn, other, stateless",
                shown(code)
            )),
        }
    }
    Some(found)
}

/// A condition on the answer to one of the firm's questions: `true` or
/// `false` for a yes/no question, an option's id or a list of them for a
/// choice.
fn on_question(
    key: &str,
    value: &Value,
    questions: &[AddedQuestion],
    problem: &mut impl FnMut(String),
) -> Option<Expected> {
    let Some(question) = questions.iter().find(|q| q.id == key) else {
        problem(format!(
            "when.{key}: not a condition the bot knows ({}), nor the id of a question in questions.toml",
            GUIDE_CONDITIONS.join(", ")
        ));
        return None;
    };
    match (&question.form, value) {
        (Form::YesNo, Value::Boolean(yes)) => Some(Expected::YesNo(*yes)),
        (Form::YesNo, _) => {
            problem(format!(
                "when.{key}: the question {key} is answered yes or no: write true or false"
            ));
            None
        }
        (Form::Choice(options), _) => {
            let written: Vec<&Value> = match value {
                Value::Array(items) => items.iter().collect(),
                one => vec![one],
            };
            let mut ids = Vec::new();
            for item in written {
                match item
                    .as_str()
                    .and_then(|text| options.iter().find(|o| o.id == text))
                {
                    Some(option) => ids.push(option.id),
                    None => {
                        let known: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                        problem(format!(
                            "when.{key}: {} is not one of its options ({})",
                            shown(item),
                            known.join(", ")
                        ));
                        return None;
                    }
                }
            }
            Some(Expected::AnyOf(ids))
        }
        (Form::Date(_), _) => {
            problem(format!(
                "when.{key}: the question {key} asks for a date: a condition cannot be put on it"
            ));
            None
        }
    }
}

/// A value as the folder wrote it, for a problem's message.
fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => format!("{text:?}"),
        Value::Integer(n) => n.to_string(),
        Value::Float(x) => x.to_string(),
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => format!("{d:?}"),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(shown).collect::<Vec<_>>().join(", ")
        ),
        Value::Table(_) => "a table".to_string(),
    }
}
