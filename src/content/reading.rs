//! How each TOML file of the content folder is read: [`parse`], the
//! prelude every reader starts with (an absent file is no problem; unknown
//! keys, then a value of the wrong type, are reported with their line), and
//! a [`Reading`], which reports each problem at the line of the value it is
//! about: texts in three languages, days, and where an item comes from.

use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use super::dated::{self, Day};
use super::problem::{Problem, Reference, Target, line_of};
use super::schema::{self, Shape};
use crate::amendments::Period;
use crate::reply::Localized;

/// Reads a TOML file into `T`, after listing its unknown keys, with its
/// text; `None` when it is absent or does not parse (the problem reported).
pub(super) fn parse<T: DeserializeOwned>(
    path: &Path,
    fields: &[(&str, Shape)],
    problems: &mut Vec<Problem>,
) -> Option<(T, String)> {
    let source = std::fs::read_to_string(path).ok()?;
    schema::unknown_keys(&source, path, fields, problems);
    match toml::from_str(&source) {
        Ok(file) => Some((file, source)),
        Err(e) => {
            let line = e.span().map_or(0, |s| line_of(&source, s.start));
            problems.push(Problem::new(path, line, e.message().trim()));
            None
        }
    }
}

/// A text in each language, as written; all three are required.
#[derive(Deserialize)]
pub(super) struct ByLanguage {
    kk: Option<String>,
    ru: Option<String>,
    en: Option<String>,
}

impl ByLanguage {
    /// The three texts of the field `name`, or the problem that says which
    /// languages are missing or empty.
    pub(super) fn complete(&self, name: &str) -> Result<Localized, String> {
        let missing: Vec<&'static str> = [("kk", &self.kk), ("ru", &self.ru), ("en", &self.en)]
            .into_iter()
            .filter(|(_, text)| text.as_deref().is_none_or(|t| t.trim().is_empty()))
            .map(|(code, _)| code)
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "{name}: the text in {} is missing",
                missing.join(", ")
            ));
        }
        let text = |t: &Option<String>| t.as_deref().unwrap_or_default().trim().to_string();
        Ok(Localized {
            kk: text(&self.kk),
            ru: text(&self.ru),
            en: text(&self.en),
        })
    }
}

/// What every dated item has: its source and the days it holds. The
/// fields of each entry, borrowed (not a flattened struct: serde's
/// `flatten` loses toml's spans); [`provenance!`] takes them.
pub(super) struct Provenance<'a> {
    pub source: &'a Option<Spanned<String>>,
    pub valid_from: &'a Option<Spanned<Day>>,
    pub valid_until: &'a Option<Spanned<Day>>,
}

/// An entry's [`Provenance`]: its `source`, `valid_from` and `valid_until`.
macro_rules! provenance {
    ($entry:expr) => {
        $crate::content::reading::Provenance {
            source: &$entry.source,
            valid_from: &$entry.valid_from,
            valid_until: &$entry.valid_until,
        }
    };
}
pub(super) use provenance;

/// One file's reading: its text, its path, and where its problems go.
pub(super) struct Reading<'a> {
    pub source: &'a str,
    pub path: &'a Path,
    pub problems: &'a mut Vec<Problem>,
}

impl<'a> Reading<'a> {
    pub fn new(source: &'a str, path: &'a Path, problems: &'a mut Vec<Problem>) -> Reading<'a> {
        Reading {
            source,
            path,
            problems,
        }
    }

    /// The 1-based line a value starts on.
    pub fn line(&self, span: Range<usize>) -> usize {
        line_of(self.source, span.start)
    }

    /// A problem at `line`.
    pub fn problem(&mut self, line: usize, what: impl Into<String>) {
        self.problems.push(Problem::new(self.path, line, what));
    }

    /// A problem at the line of the value at `span`.
    pub fn problem_at(&mut self, span: Range<usize>, what: impl Into<String>) {
        let line = self.line(span);
        self.problem(line, what);
    }

    /// The three texts of a field, or `None` (the problem reported).
    pub fn texts(&mut self, name: &str, value: &Spanned<ByLanguage>) -> Option<Localized> {
        value
            .get_ref()
            .complete(name)
            .map_err(|what| self.problem_at(value.span(), what))
            .ok()
    }

    /// An optional field's texts: `Some(None)` when left out.
    pub fn optional_texts(
        &mut self,
        name: &str,
        value: &Option<Spanned<ByLanguage>>,
    ) -> Option<Option<Localized>> {
        match value {
            None => Some(None),
            Some(value) => self.texts(name, value).map(Some),
        }
    }

    /// A day, or `None` (the problem reported).
    pub fn day(&mut self, name: &str, value: &Spanned<Day>) -> Option<NaiveDate> {
        let (source, path, problems) = (self.source, self.path, &mut *self.problems);
        dated::day(
            name,
            value,
            |span| line_of(source, span.start),
            &mut |line, what| problems.push(Problem::new(path, line, what)),
        )
    }

    /// `valid_from` and `valid_until`, or `None` (the problems reported).
    pub fn period(
        &mut self,
        from: &Option<Spanned<Day>>,
        until: &Option<Spanned<Day>>,
    ) -> Option<Period> {
        let (source, path, problems) = (self.source, self.path, &mut *self.problems);
        dated::period(
            from.as_ref(),
            until.as_ref(),
            |span| line_of(source, span.start),
            &mut |line, what| problems.push(Problem::new(path, line, what)),
        )
    }

    /// The source an item names, to be checked against `sources.toml` once
    /// every file is read; `None` when it names none (the problem reported
    /// at `span`, the item's).
    pub fn source_of(
        &mut self,
        source: &Option<Spanned<String>>,
        span: Range<usize>,
        references: &mut Vec<Reference>,
    ) -> Option<String> {
        let Some(source) = source else {
            self.problem_at(
                span,
                "source: missing: every item names where it comes from (an id in sources.toml)",
            );
            return None;
        };
        let id = source.get_ref().trim().to_string();
        references.push(Reference {
            file: self.path.to_path_buf(),
            line: self.line(source.span()),
            target: Target::Source(id.clone()),
        });
        Some(id)
    }

    /// The item's source and days; `None` when either has a problem (each
    /// reported).
    pub fn provenance(
        &mut self,
        item: Provenance,
        span: Range<usize>,
        references: &mut Vec<Reference>,
    ) -> Option<(String, Period)> {
        let source = self.source_of(item.source, span, references);
        let period = self.period(item.valid_from, item.valid_until);
        Some((source?, period?))
    }
}
