//! `rules.toml`: the guide's terms (the passport's 180 days, the
//! certificate's 180 days, the card's 17 days) as the firm changes them,
//! each change with its source and the days it holds. The bot states the
//! term in force on the day it answers; a date it works out uses the term
//! in force on that date.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::dated::{self, Day};
use super::schema::Shape;
use super::sources_file::parse;
use super::{Problem, Reference, Target, line_of};
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
    let at = |span: std::ops::Range<usize>| line_of(&source, span.start);
    let mut changes = Vec::new();
    for entry in &file.rule {
        let line = at(entry.span());
        let entry = entry.get_ref();
        let before = problems.len();
        let mut problem = |line: usize, what: String| problems.push(Problem::new(path, line, what));
        let term = Term::from_name(entry.term.get_ref().trim());
        if term.is_none() {
            let names: Vec<&str> = Term::ALL.iter().map(|t| t.name()).collect();
            problem(
                at(entry.term.span()),
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
            problem(
                at(entry.days.span()),
                format!(
                    "days: {} is not a number of days from 1 to 3660",
                    entry.days.get_ref()
                ),
            );
        }
        let period = dated::period(
            entry.valid_from.as_ref(),
            entry.valid_until.as_ref(),
            at,
            &mut problem,
        );
        match &entry.source {
            Some(id) => references.push(Reference {
                file: path.to_path_buf(),
                line: at(id.span()),
                target: Target::Source(id.get_ref().trim().to_string()),
            }),
            None => problem(
                line,
                "source: missing: every item names where it comes from (an id in sources.toml)"
                    .into(),
            ),
        }
        if problems.len() == before
            && let (Some(term), Some(days), Some(valid), Some(source)) =
                (term, days, period, &entry.source)
        {
            changes.push(TermChange {
                term,
                days,
                source: source.get_ref().trim().to_string(),
                valid,
            });
        }
    }
    changes
}
