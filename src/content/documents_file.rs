//! `documents.toml`: what the firm changes in the lists. Documents it asks
//! for beyond the guide (`[[document]]`), new words for one of the guide's
//! (`[[replace]]`), one of the guide's off the list (`[[retire]]`), and
//! notes under a stage's list (`[[note]]`). Each names its source (an id
//! in `sources.toml`) and may hold only from or until a day.

use std::path::Path;

use serde::Deserialize;
use toml::{Spanned, Table};

use super::dated::Day;
use super::problem::{Problem, Reference};
use super::reading::{self, ByLanguage, Reading, provenance};
use super::schema::{BY_LANGUAGE, Shape};
use super::when;
use crate::amendments::{AddedQuestion, Deadline, Extra, Form, Note, Replacement, Retirement};
use crate::answers::Id;
use crate::documents::GUIDE_IDS;
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

/// What only `documents.toml` checks: a stage, an id of the firm's, one
/// of the guide's documents.
impl Reading<'_> {
    fn stage(&mut self, stage: &Spanned<String>) -> Option<Part> {
        match stage.get_ref().as_str() {
            "permit" => Some(Part::Permit),
            "card" => Some(Part::Card),
            other => {
                self.problem_at(
                    stage.span(),
                    format!("stage: {other:?} must be permit or card"),
                );
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
    let Some((file, source)) = reading::parse::<File>(path, FIELDS, problems) else {
        return Lists::default();
    };
    let mut reading = Reading::new(&source, path, problems);
    let mut lists = Lists::default();
    let mut ids: Vec<String> = Vec::new();
    for entry in &file.document {
        if let Some(extra) = document(&mut reading, entry, questions, &ids, references) {
            ids.push(extra.id.clone());
            lists.documents.push(extra);
        }
    }
    for entry in &file.replace {
        lists
            .replacements
            .extend(replacement(&mut reading, entry, references));
    }
    for entry in &file.retire {
        lists
            .retirements
            .extend(retirement(&mut reading, entry, references));
    }
    let mut note_ids: Vec<String> = Vec::new();
    for entry in &file.note {
        if let Some(note) = note(&mut reading, entry, questions, &note_ids, references) {
            note_ids.push(note.id.clone());
            lists.notes.push(note);
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
    references: &mut Vec<Reference>,
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
    let provenance = reading.provenance(provenance!(entry), span, references);
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

/// One `[[replace]]`; `None` when it has a problem (each reported).
fn replacement(
    reading: &mut Reading,
    entry: &Spanned<ReplaceEntry>,
    references: &mut Vec<Reference>,
) -> Option<Replacement> {
    let span = entry.span();
    let entry = entry.get_ref();
    let document = reading.guide_document(&entry.document);
    let text = reading.texts("text", &entry.text);
    let short = reading.optional_texts("short", &entry.short);
    let why = reading.optional_texts("why", &entry.why);
    let (source, valid) = reading.provenance(provenance!(entry), span, references)?;
    Some(Replacement {
        document: document?,
        text: text?,
        short: short?,
        why: why?,
        source,
        valid,
    })
}

/// One `[[retire]]`; `None` when it has a problem (each reported).
fn retirement(
    reading: &mut Reading,
    entry: &Spanned<RetireEntry>,
    references: &mut Vec<Reference>,
) -> Option<Retirement> {
    let span = entry.span();
    let entry = entry.get_ref();
    let document = reading.guide_document(&entry.document);
    let note = reading.optional_texts("note", &entry.note);
    let (source, valid) = reading.provenance(provenance!(entry), span, references)?;
    Some(Retirement {
        document: document?,
        note: note?,
        source,
        valid,
    })
}

/// One `[[note]]`, its id unique among `taken`; `None` when it has a
/// problem (each reported).
fn note(
    reading: &mut Reading,
    entry: &Spanned<NoteEntry>,
    questions: &[AddedQuestion],
    taken: &[String],
    references: &mut Vec<Reference>,
) -> Option<Note> {
    let span = entry.span();
    let entry = entry.get_ref();
    let id = reading.id(&entry.id, taken);
    let part = reading.stage(&entry.stage);
    let text = reading.texts("text", &entry.text);
    let when = when::read(
        entry.when.as_ref(),
        reading.source,
        reading.path,
        questions,
        reading.problems,
    );
    let (source, valid) = reading.provenance(provenance!(entry), span, references)?;
    Some(Note {
        id: id?,
        part: part?,
        text: text?,
        when: when?,
        source,
        valid,
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
        .filter(|q| matches!(q.form, Form::Date(_)));
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
