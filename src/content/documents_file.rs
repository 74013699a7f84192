//! `documents.toml`: what the firm changes in the lists. Documents it asks
//! for beyond the guide (`[[document]]`), new words for one of the guide's
//! (`[[replace]]`), one of the guide's off the list (`[[retire]]`), and
//! notes under a stage's list (`[[note]]`). Each names its source (an id
//! in `sources.toml`) and may hold only from or until a day.

use std::path::Path;

use serde::Deserialize;
use toml::{Spanned, Table};

use super::dated::{self, Day};
use super::office_file::ByLanguage;
use super::schema::{self, BY_LANGUAGE, Shape};
use super::{Problem, Reference, Target, line_of, when};
use crate::amendments::{AddedQuestion, Deadline, Extra, Note, Period, Replacement, Retirement};
use crate::answers::Id;
use crate::documents::GUIDE_IDS;
use crate::reply::Localized;
use crate::rules::Part;

/// Keys every item has: its source and the days it holds.
macro_rules! with_provenance {
    ($($field:expr),* $(,)?) => {
        &[
            $($field,)*
            ("source", Shape::Value),
            ("valid_from", Shape::Value),
            ("valid_until", Shape::Value),
        ]
    };
}

/// The keys `documents.toml` may have.
const FIELDS: &[(&str, Shape)] = &[
    (
        "document",
        Shape::Tables(with_provenance![
            ("id", Shape::Value),
            ("stage", Shape::Value),
            ("text", BY_LANGUAGE),
            ("short", BY_LANGUAGE),
            ("why", BY_LANGUAGE),
            ("when", Shape::Open),
            (
                "deadline",
                Shape::Table(&[("date", Shape::Value), ("days", Shape::Value)])
            ),
        ]),
    ),
    (
        "replace",
        Shape::Tables(with_provenance![
            ("document", Shape::Value),
            ("text", BY_LANGUAGE),
            ("short", BY_LANGUAGE),
            ("why", BY_LANGUAGE),
        ]),
    ),
    (
        "retire",
        Shape::Tables(with_provenance![
            ("document", Shape::Value),
            ("note", BY_LANGUAGE),
        ]),
    ),
    (
        "note",
        Shape::Tables(with_provenance![
            ("id", Shape::Value),
            ("stage", Shape::Value),
            ("text", BY_LANGUAGE),
            ("when", Shape::Open),
        ]),
    ),
];

/// The longest id: it travels in a button's data (`chk:x-ID`, 64 bytes at most).
const MAX_ID_LEN: usize = Id::MAX_LEN;

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    document: Vec<Spanned<DocumentEntry>>,
    #[serde(default)]
    replace: Vec<Spanned<ReplaceEntry>>,
    #[serde(default)]
    retire: Vec<Spanned<RetireEntry>>,
    #[serde(default)]
    note: Vec<Spanned<NoteEntry>>,
}

/// What every item has: its source and the days it holds (not a
/// flattened struct: serde's `flatten` loses toml's spans).
macro_rules! provenance {
    ($entry:expr) => {
        Provenance {
            source: &$entry.source,
            valid_from: &$entry.valid_from,
            valid_until: &$entry.valid_until,
        }
    };
}

struct Provenance<'a> {
    source: &'a Option<Spanned<String>>,
    valid_from: &'a Option<Spanned<Day>>,
    valid_until: &'a Option<Spanned<Day>>,
}

#[derive(Deserialize)]
struct DocumentEntry {
    id: Spanned<String>,
    stage: Spanned<String>,
    text: Spanned<ByLanguage>,
    short: Option<Spanned<ByLanguage>>,
    why: Option<Spanned<ByLanguage>>,
    when: Option<Spanned<Table>>,
    deadline: Option<Spanned<DeadlineEntry>>,
    source: Option<Spanned<String>>,
    valid_from: Option<Spanned<Day>>,
    valid_until: Option<Spanned<Day>>,
}

#[derive(Deserialize)]
struct DeadlineEntry {
    date: String,
    days: i64,
}

#[derive(Deserialize)]
struct ReplaceEntry {
    document: Spanned<String>,
    text: Spanned<ByLanguage>,
    short: Option<Spanned<ByLanguage>>,
    why: Option<Spanned<ByLanguage>>,
    source: Option<Spanned<String>>,
    valid_from: Option<Spanned<Day>>,
    valid_until: Option<Spanned<Day>>,
}

#[derive(Deserialize)]
struct RetireEntry {
    document: Spanned<String>,
    note: Option<Spanned<ByLanguage>>,
    source: Option<Spanned<String>>,
    valid_from: Option<Spanned<Day>>,
    valid_until: Option<Spanned<Day>>,
}

#[derive(Deserialize)]
struct NoteEntry {
    id: Spanned<String>,
    stage: Spanned<String>,
    text: Spanned<ByLanguage>,
    when: Option<Spanned<Table>>,
    source: Option<Spanned<String>>,
    valid_from: Option<Spanned<Day>>,
    valid_until: Option<Spanned<Day>>,
}

/// What `documents.toml` holds.
#[derive(Default)]
pub(super) struct Lists {
    pub documents: Vec<Extra>,
    pub replacements: Vec<Replacement>,
    pub retirements: Vec<Retirement>,
    pub notes: Vec<Note>,
}

/// One file's reading: its text, its path, and where its problems go.
struct Reading<'a> {
    source: &'a str,
    path: &'a Path,
    problems: &'a mut Vec<Problem>,
    references: &'a mut Vec<Reference>,
}

impl Reading<'_> {
    fn line(&self, span: std::ops::Range<usize>) -> usize {
        line_of(self.source, span.start)
    }

    fn problem(&mut self, line: usize, what: impl Into<String>) {
        self.problems.push(Problem::new(self.path, line, what));
    }

    /// The three texts of a field, or `None` (the problem reported).
    fn texts(&mut self, name: &str, value: &Spanned<ByLanguage>) -> Option<Localized> {
        let line = self.line(value.span());
        value
            .get_ref()
            .complete(name)
            .map_err(|what| self.problem(line, what))
            .ok()
    }

    /// An optional field's texts: `Some(None)` when left out.
    fn optional_texts(
        &mut self,
        name: &str,
        value: &Option<Spanned<ByLanguage>>,
    ) -> Option<Option<Localized>> {
        match value {
            None => Some(None),
            Some(value) => self.texts(name, value).map(Some),
        }
    }

    /// The item's source (checked against `sources.toml` later) and days.
    fn provenance(
        &mut self,
        item: Provenance,
        span: std::ops::Range<usize>,
    ) -> Option<(String, Period)> {
        let source = match item.source {
            Some(source) => {
                self.references.push(Reference {
                    file: self.path.to_path_buf(),
                    line: self.line(source.span()),
                    target: Target::Source(source.get_ref().trim().to_string()),
                });
                Some(source.get_ref().trim().to_string())
            }
            None => {
                let line = self.line(span);
                self.problem(
                    line,
                    "source: missing: every item names where it comes from (an id in sources.toml)",
                );
                None
            }
        };
        let line_of = |span: std::ops::Range<usize>| line_of(self.source, span.start);
        let mut problems = Vec::new();
        let period = dated::period(
            item.valid_from.as_ref(),
            item.valid_until.as_ref(),
            line_of,
            &mut |line, what| problems.push(Problem::new(self.path, line, what)),
        );
        self.problems.extend(problems);
        Some((source?, period?))
    }

    fn stage(&mut self, stage: &Spanned<String>) -> Option<Part> {
        match stage.get_ref().as_str() {
            "permit" => Some(Part::Permit),
            "card" => Some(Part::Card),
            other => {
                let line = self.line(stage.span());
                self.problem(line, format!("stage: {other:?} must be permit or card"));
                None
            }
        }
    }

    /// An id of the firm's, unique among `taken`.
    fn id(&mut self, id: &Spanned<String>, taken: &[String]) -> Option<String> {
        let text = id.get_ref().trim();
        let line = self.line(id.span());
        if Id::new(text).is_none() {
            self.problem(
                line,
                format!("id: {text:?} must be 1 to {MAX_ID_LEN} small letters, digits or -"),
            );
            None
        } else if taken.iter().any(|t| t == text) {
            self.problem(line, format!("id: {text:?} is used twice"));
            None
        } else {
            Some(text.to_string())
        }
    }

    /// One of the guide's documents, by its id.
    fn guide_document(&mut self, document: &Spanned<String>) -> Option<String> {
        let id = document.get_ref().trim();
        if GUIDE_IDS.contains(&id) {
            return Some(id.to_string());
        }
        let line = self.line(document.span());
        self.problem(
            line,
            format!(
                "document: {id:?} is not one of the guide's documents ({})",
                GUIDE_IDS.join(", ")
            ),
        );
        None
    }
}

pub(super) fn read(
    path: &Path,
    questions: &[AddedQuestion],
    problems: &mut Vec<Problem>,
    references: &mut Vec<Reference>,
) -> Lists {
    let Ok(source) = std::fs::read_to_string(path) else {
        return Lists::default();
    };
    schema::unknown_keys(&source, path, FIELDS, problems);
    let file: File = match toml::from_str(&source) {
        Ok(file) => file,
        Err(e) => {
            let line = e.span().map_or(0, |s| line_of(&source, s.start));
            problems.push(Problem::new(path, line, e.message().trim()));
            return Lists::default();
        }
    };
    let mut reading = Reading {
        source: &source,
        path,
        problems,
        references,
    };
    let mut lists = Lists::default();
    let mut ids: Vec<String> = Vec::new();
    for entry in &file.document {
        if let Some(extra) = document(&mut reading, entry, questions, &ids) {
            ids.push(extra.id.clone());
            lists.documents.push(extra);
        }
    }
    for entry in &file.replace {
        let span = entry.span();
        let entry = entry.get_ref();
        let document = reading.guide_document(&entry.document);
        let text = reading.texts("text", &entry.text);
        let short = reading.optional_texts("short", &entry.short);
        let why = reading.optional_texts("why", &entry.why);
        let provenance = reading.provenance(provenance!(entry), span);
        if let (Some(document), Some(text), Some(short), Some(why), Some((source, valid))) =
            (document, text, short, why, provenance)
        {
            lists.replacements.push(Replacement {
                document,
                text,
                short,
                why,
                source,
                valid,
            });
        }
    }
    for entry in &file.retire {
        let span = entry.span();
        let entry = entry.get_ref();
        let document = reading.guide_document(&entry.document);
        let note = reading.optional_texts("note", &entry.note);
        let provenance = reading.provenance(provenance!(entry), span);
        if let (Some(document), Some(note), Some((source, valid))) = (document, note, provenance) {
            lists.retirements.push(Retirement {
                document,
                note,
                source,
                valid,
            });
        }
    }
    let mut note_ids: Vec<String> = Vec::new();
    for entry in &file.note {
        let span = entry.span();
        let entry = entry.get_ref();
        let id = reading.id(&entry.id, &note_ids);
        let part = reading.stage(&entry.stage);
        let text = reading.texts("text", &entry.text);
        let when = when::read(
            entry.when.as_ref(),
            reading.source,
            reading.path,
            questions,
            reading.problems,
        );
        let provenance = reading.provenance(provenance!(entry), span);
        if let (Some(id), Some(part), Some(text), Some(when), Some((source, valid))) =
            (id, part, text, when, provenance)
        {
            note_ids.push(id.clone());
            lists.notes.push(Note {
                id,
                part,
                text,
                when,
                source,
                valid,
            });
        }
    }
    lists
}

/// One `[[document]]`; `None` when it has a problem (each reported).
fn document(
    reading: &mut Reading,
    entry: &Spanned<DocumentEntry>,
    questions: &[AddedQuestion],
    taken: &[String],
) -> Option<Extra> {
    let span = entry.span();
    let entry = entry.get_ref();
    let id = reading.id(&entry.id, taken);
    let part = reading.stage(&entry.stage);
    let text = reading.texts("text", &entry.text);
    let short = reading.optional_texts("short", &entry.short);
    let why = reading.optional_texts("why", &entry.why);
    let when = when::read(
        entry.when.as_ref(),
        reading.source,
        reading.path,
        questions,
        reading.problems,
    );
    let deadline = match &entry.deadline {
        None => Some(None),
        Some(deadline) => deadline_of(reading, deadline, questions).map(Some),
    };
    let provenance = reading.provenance(provenance!(entry), span);
    let (source, valid) = provenance?;
    Some(Extra {
        id: id?,
        part: part?,
        when: when?,
        text: text?,
        short: short?,
        why: why?,
        source,
        valid,
        deadline: deadline?,
    })
}

/// `deadline.date` must be one of the firm's date questions.
fn deadline_of(
    reading: &mut Reading,
    deadline: &Spanned<DeadlineEntry>,
    questions: &[AddedQuestion],
) -> Option<Deadline> {
    let line = reading.line(deadline.span());
    let entry = deadline.get_ref();
    let question = questions
        .iter()
        .find(|q| q.id == entry.date.as_str())
        .filter(|q| matches!(q.form, crate::amendments::Form::Date(_)));
    let Some(question) = question else {
        reading.problem(
            line,
            format!(
                "deadline.date: {:?} is not a date question in questions.toml",
                entry.date
            ),
        );
        return None;
    };
    let Ok(days) = i32::try_from(entry.days).map_err(|_| ()).and_then(|d| {
        if d.unsigned_abs() <= 36_600 {
            Ok(d)
        } else {
            Err(())
        }
    }) else {
        reading.problem(
            line,
            format!(
                "deadline.days: {} is not a number of days (up to 36600, negative for before)",
                entry.days
            ),
        );
        return None;
    };
    Some(Deadline {
        date: question.id,
        days,
    })
}
