//! `rules.toml`: the guide's terms (the passport's 180 days, the
//! certificate's 180 days, the card's 17 days) as the firm changes them,
//! each change with its source and the days it holds. The bot states the
//! term in force on the day it answers; a date it works out uses the term
//! in force on that date.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::dated::Day;
use super::problem::{Problem, Reference};
use super::reading::{Reading, parse};
use super::schema::Shape;
use crate::amendments::{Term, TermChange};

const FIELDS: &[(&str, Shape)] = &[(
    "rule",
    Shape::Tables(&[
        ("term", Shape::Value),
        ("days", Shape::Value),
        ("source", Shape::Value),
        ("valid_from", Shape::Value),
        ("valid_until", Shape::Value),
    ]),
)];

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    rule: Vec<Spanned<Entry>>,
}

#[derive(Deserialize)]
struct Entry {
    term: Spanned<String>,
    days: Spanned<i64>,
    source: Option<Spanned<String>>,
    valid_from: Option<Spanned<Day>>,
    valid_until: Option<Spanned<Day>>,
}

pub(super) fn read(
    path: &Path,
    problems: &mut Vec<Problem>,
    references: &mut Vec<Reference>,
) -> Vec<TermChange> {
    let Some((file, source)) = parse::<File>(path, FIELDS, problems) else {
        return Vec::new();
    };
    let mut reading = Reading::new(&source, path, problems);
    let mut changes = Vec::new();
    for entry in &file.rule {
        let span = entry.span();
        let entry = entry.get_ref();
        let before = reading.problems.len();
        let term = Term::from_name(entry.term.get_ref().trim());
        if term.is_none() {
            let names: Vec<&str> = Term::ALL.iter().map(|t| t.name()).collect();
            reading.problem_at(
                entry.term.span(),
                format!(
                    "term: {:?} is not one the bot knows ({})",
                    entry.term.get_ref(),
                    names.join(", ")
                ),
            );
        }
        let days = u32::try_from(*entry.days.get_ref())
            .ok()
            .filter(|d| (1..=3660).contains(d));
        if days.is_none() {
            reading.problem_at(
                entry.days.span(),
                format!(
                    "days: {} is not a number of days from 1 to 3660",
                    entry.days.get_ref()
                ),
            );
        }
        let period = reading.period(&entry.valid_from, &entry.valid_until);
        let source = reading.source_of(&entry.source, span, references);
        if reading.problems.len() == before
            && let (Some(term), Some(days), Some(valid), Some(source)) =
                (term, days, period, source)
        {
            changes.push(TermChange {
                term,
                days,
                source,
                valid,
            });
        }
    }
    changes
}
