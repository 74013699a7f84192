//! `documents.toml`: documents the firm asks for beyond the guide, each
//! with its texts in the three languages and conditions on the answers.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::office_file::ByLanguage;
use super::schema::{self, BY_LANGUAGE, Shape};
use super::{Problem, line_of};

/// The keys `documents.toml` may have.
const FIELDS: &[(&str, Shape)] = &[(
    "document",
    Shape::Tables(&[
        ("id", Shape::Value),
        ("stage", Shape::Value),
        ("text", BY_LANGUAGE),
        ("short", BY_LANGUAGE),
        ("why", BY_LANGUAGE),
        (
            "when",
            Shape::Table(&[
                ("citizenship", Shape::Value),
                ("stateless", Shape::Value),
                ("refugee", Shape::Value),
                ("ethnic_kazakh_from_china", Shape::Value),
                ("solvency", Shape::Value),
                ("age_from", Shape::Value),
                ("age_below", Shape::Value),
            ]),
        ),
    ]),
)];
use crate::documents::{Conditions, Extra, Part};
use crate::questions::{MAX_AGE, Question};
use crate::reply::Localized;
use crate::rules::{Citizenship, Solvency};

/// The longest id: it travels in a button's data (`chk:x-ID`, 64 bytes at most).
const MAX_ID_LEN: usize = 30;

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    document: Vec<Spanned<Entry>>,
}

#[derive(Deserialize)]
struct Entry {
    id: Spanned<String>,
    stage: Spanned<String>,
    text: Spanned<ByLanguage>,
    short: Option<Spanned<ByLanguage>>,
    why: Option<Spanned<ByLanguage>>,
    when: Option<When>,
}

#[derive(Deserialize)]
struct When {
    citizenship: Option<Spanned<Vec<Spanned<String>>>>,
    stateless: Option<bool>,
    refugee: Option<bool>,
    ethnic_kazakh_from_china: Option<bool>,
    solvency: Option<Spanned<String>>,
    age_from: Option<Spanned<i64>>,
    age_below: Option<Spanned<i64>>,
}

pub(super) fn read(path: &Path, problems: &mut Vec<Problem>) -> Vec<Extra> {
    let Ok(source) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    schema::unknown_keys(&source, path, FIELDS, problems);
    let file: File = match toml::from_str(&source) {
        Ok(file) => file,
        Err(e) => {
            let line = e.span().map_or(0, |s| line_of(&source, s.start));
            problems.push(Problem::new(path, line, e.message().trim()));
            return Vec::new();
        }
    };
    let at = |span: std::ops::Range<usize>| line_of(&source, span.start);
    let mut extras: Vec<Extra> = Vec::new();
    for entry in &file.document {
        let entry = entry.get_ref();
        let mut problem = |line: usize, what: String| problems.push(Problem::new(path, line, what));
        let id = entry.id.get_ref().trim();
        if id.is_empty()
            || id.len() > MAX_ID_LEN
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            problem(
                at(entry.id.span()),
                format!("id: {id:?} must be 1 to {MAX_ID_LEN} small letters, digits or -"),
            );
        } else if extras.iter().any(|e| e.id == id) {
            problem(at(entry.id.span()), format!("id: {id:?} is used twice"));
        }
        let part = match entry.stage.get_ref().as_str() {
            "permit" => Some(Part::Permit),
            "card" => Some(Part::Card),
            other => {
                problem(
                    at(entry.stage.span()),
                    format!("stage: {other:?} must be permit or card"),
                );
                None
            }
        };
        let mut texts = |name: &str, value: &Spanned<ByLanguage>| -> Option<Localized> {
            value
                .get_ref()
                .complete(name)
                .map_err(|what| problem(at(value.span()), what))
                .ok()
        };
        let text = texts("text", &entry.text);
        let short = entry.short.as_ref().map(|s| texts("short", s));
        let why = entry.why.as_ref().map(|w| texts("why", w));
        let when = conditions(entry.when.as_ref(), &source, path, problems);
        // Each part missing here has been reported above.
        if let (Some(part), Some(text), Some(when)) = (part, text, when)
            && short.as_ref().is_none_or(Option::is_some)
            && why.as_ref().is_none_or(Option::is_some)
        {
            extras.push(Extra {
                id: id.to_string(),
                part,
                when,
                text,
                short: short.flatten(),
                why: why.flatten(),
            });
        }
    }
    extras
}

fn conditions(
    when: Option<&When>,
    source: &str,
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Option<Conditions> {
    let Some(when) = when else {
        return Some(Conditions::default());
    };
    let before = problems.len();
    let at = |span: std::ops::Range<usize>| line_of(source, span.start);
    let mut problem = |line: usize, what: String| problems.push(Problem::new(path, line, what));
    let citizenship = when.citizenship.as_ref().map(|codes| {
        codes
            .get_ref()
            .iter()
            .filter_map(|code| {
                let found = Question::Citizenship
                    .choice_by_id(code.get_ref())
                    .and_then(|c| c.answer.citizenship())
                    .filter(|c| *c != Citizenship::Kazakhstan);
                if found.is_none() {
                    problem(
                        at(code.span()),
                        format!(
                            "when.citizenship: {:?} is not one of cn, ru, uz, kg, tj, tm, mn, other, stateless",
                            code.get_ref()
                        ),
                    );
                }
                found
            })
            .collect()
    });
    let solvency = when
        .solvency
        .as_ref()
        .and_then(|s| match s.get_ref().as_str() {
            "own" => Some(Solvency::OwnMeans),
            "contract" => Some(Solvency::Contract),
            other => {
                problem(
                    at(s.span()),
                    format!("when.solvency: {other:?} must be own or contract"),
                );
                None
            }
        });
    let mut age = |name: &str, value: &Option<Spanned<i64>>| -> Option<u8> {
        let value = value.as_ref()?;
        match u8::try_from(*value.get_ref()) {
            Ok(age) if age <= MAX_AGE => Some(age),
            _ => {
                problem(
                    at(value.span()),
                    format!(
                        "when.{name}: {} is not an age from 0 to {MAX_AGE}",
                        value.get_ref()
                    ),
                );
                None
            }
        }
    };
    let age_from = age("age_from", &when.age_from);
    let age_below = age("age_below", &when.age_below);
    if let (Some(from), Some(below)) = (age_from, age_below)
        && from >= below
        && let Some(span) = when.age_below.as_ref().map(Spanned::span)
    {
        problem(
            at(span),
            format!("when: age_from ({from}) must be below age_below ({below})"),
        );
    }
    (problems.len() == before).then_some(Conditions {
        citizenship,
        stateless: when.stateless,
        refugee: when.refugee,
        ethnic_kazakh_from_china: when.ethnic_kazakh_from_china,
        solvency,
        age_from,
        age_below,
    })
}
