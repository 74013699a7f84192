//! The firm's amendments to the guide, as data: the sources it relies on,
//! each with the day it was last checked; documents and notes it adds;
//! built-in documents it replaces or retires; questions it adds; the
//! guide's terms it changes from a date; and when the whole list was last
//! reviewed. Every item names its source and may hold only from or until a
//! day (Almaty's calendar), so the bot says what holds on the day it
//! answers, and a change can be written before it takes effect.
//!
//! Pure: the content folder ([`crate::content`]) fills it in; the core
//! reads it for the day it answers. Without a folder it is
//! [`GUIDE_ONLY`]: the guide, and nothing else.

pub mod extras;
pub mod period;
pub mod questions;
pub mod terms;

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};

use crate::answers::{Answers, Id};
use crate::conditions::Conditions;
use crate::reply::Localized;
use crate::rules::Part;

pub use extras::{Deadline, Extra};
pub use period::Period;
pub use questions::{AddedOption, AddedQuestion, Dates, Form, Questionnaire};
pub use terms::{Term, TermChange};

/// The day the built-in lists were last compared, item by item, with the
/// firm's guide (the tests in `tests/guide_rules.rs` hold them to it). A
/// content folder records a later check in its `sources.toml`.
pub const GUIDE_CHECKED: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 30) {
    Some(day) => day,
    None => panic!("a real day"),
};

/// The id of the firm's guide as a source: every built-in item's.
pub const GUIDE: &str = "guide";

/// How often the list is to be reviewed when the folder does not say.
pub const DEFAULT_REVIEW_DAYS: u32 = 90;

/// Where an item comes from: a public page, a law, a list; the day someone
/// last read it and compared.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub id: String,
    pub name: Localized,
    pub url: Option<String>,
    pub checked: NaiveDate,
}

/// A paragraph the firm adds under a stage's list (a rule, a caution).
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub id: String,
    pub part: Part,
    pub text: Localized,
    pub when: Conditions,
    pub source: String,
    pub valid: Period,
}

/// New words for one of the guide's documents (its id, and so its tick,
/// stay).
#[derive(Clone, Debug, PartialEq)]
pub struct Replacement {
    /// The built-in document's id.
    pub document: String,
    pub text: Localized,
    pub short: Option<Localized>,
    pub why: Option<Localized>,
    pub source: String,
    pub valid: Period,
}

/// One of the guide's documents off the list, with what the list says
/// instead, if anything.
#[derive(Clone, Debug, PartialEq)]
pub struct Retirement {
    pub document: String,
    pub note: Option<Localized>,
    pub source: String,
    pub valid: Period,
}

/// When the whole list was last reviewed, and how often it is to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Review {
    pub reviewed: NaiveDate,
    pub every_days: u32,
}

/// Everything the firm changes, with its sources.
#[derive(Clone, Debug, PartialEq)]
pub struct Amendments {
    /// The firm's sources (the guide is built in: [`GUIDE`]).
    pub sources: Vec<Source>,
    /// The day the list was last compared with the firm's guide.
    pub guide_checked: NaiveDate,
    pub documents: Vec<Extra>,
    pub notes: Vec<Note>,
    pub replacements: Vec<Replacement>,
    pub retirements: Vec<Retirement>,
    pub questions: Vec<AddedQuestion>,
    pub terms: Vec<TermChange>,
    pub review: Option<Review>,
}

/// The guide alone.
pub static GUIDE_ONLY: Amendments = Amendments::guide_only();

impl Default for Amendments {
    fn default() -> Amendments {
        Amendments::guide_only()
    }
}

/// A source as the lists show it: the guide's name is a message of the
/// bot's, the others' are the firm's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SourceName<'a> {
    Guide,
    Named(&'a Localized),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SourceView<'a> {
    pub id: &'a str,
    pub name: SourceName<'a>,
    pub url: Option<&'a str>,
    pub checked: NaiveDate,
}

impl Amendments {
    pub const fn guide_only() -> Amendments {
        Amendments {
            sources: Vec::new(),
            guide_checked: GUIDE_CHECKED,
            documents: Vec::new(),
            notes: Vec::new(),
            replacements: Vec::new(),
            retirements: Vec::new(),
            questions: Vec::new(),
            terms: Vec::new(),
            review: None,
        }
    }

    /// A source by its id, the guide's too.
    pub fn source(&self, id: &str) -> Option<SourceView<'_>> {
        if id == GUIDE {
            return Some(SourceView {
                id: GUIDE,
                name: SourceName::Guide,
                url: None,
                checked: self.guide_checked,
            });
        }
        self.sources
            .iter()
            .find(|s| s.id == id)
            .map(|s| SourceView {
                id: &s.id,
                name: SourceName::Named(&s.name),
                url: s.url.as_deref(),
                checked: s.checked,
            })
    }

    /// When the list was last checked: the folder's review, or else the
    /// oldest day any of its sources (the guide included) was checked.
    pub fn list_checked(&self) -> NaiveDate {
        match self.review {
            Some(review) => review.reviewed,
            None => self
                .sources
                .iter()
                .map(|s| s.checked)
                .fold(self.guide_checked, NaiveDate::min),
        }
    }

    /// The day the list is due its next review.
    pub fn review_due(&self) -> NaiveDate {
        let every = self.review.map_or(DEFAULT_REVIEW_DAYS, |r| r.every_days);
        self.list_checked()
            .checked_add_days(Days::new(every.into()))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The questions in force on `day`.
    pub fn questionnaire(&self, day: NaiveDate) -> Questionnaire<'_> {
        Questionnaire::new(&self.questions, day)
    }

    /// The firm's words for a built-in document on `day`, if it changed them.
    pub fn replacement(&self, document: &str, day: NaiveDate) -> Option<&Replacement> {
        self.replacements
            .iter()
            .find(|r| r.document == document && r.valid.holds_on(day))
    }

    /// Whether a built-in document is off the list on `day`.
    pub fn retirement(&self, document: &str, day: NaiveDate) -> Option<&Retirement> {
        self.retirements
            .iter()
            .find(|r| r.document == document && r.valid.holds_on(day))
    }

    /// The firm's documents of one stage on the list for these answers on `day`.
    pub fn extras(
        &self,
        part: Part,
        answers: &Answers,
        day: NaiveDate,
    ) -> impl Iterator<Item = &Extra> {
        self.documents
            .iter()
            .filter(move |e| e.part == part && e.valid.holds_on(day) && e.when.hold(answers))
    }

    /// The firm's notes under one stage's list for these answers on `day`.
    pub fn notes(
        &self,
        part: Part,
        answers: &Answers,
        day: NaiveDate,
    ) -> impl Iterator<Item = &Note> {
        self.notes
            .iter()
            .filter(move |n| n.part == part && n.valid.holds_on(day) && n.when.hold(answers))
    }

    /// The last day a firm's document with a deadline may be submitted,
    /// from the date its question was answered with.
    pub fn deadline(&self, extra: &Extra, answers: &Answers) -> Option<NaiveDate> {
        let deadline = extra.deadline?;
        let date = answers.added.get(deadline.date)?.date()?;
        let days = Days::new(deadline.days.unsigned_abs().into());
        if deadline.days >= 0 {
            date.checked_add_days(days)
        } else {
            date.checked_sub_days(days)
        }
    }

    /// Every item in force on `day`, named for the log ("document
    /// x-medical-certificate", "question pilot", …): what a reload or a new
    /// day changes is the difference of two of these.
    pub fn items_on(&self, day: NaiveDate) -> BTreeSet<String> {
        let mut items = BTreeSet::new();
        let dated = |kind: &str, id: &str, valid: &Period| {
            valid.holds_on(day).then(|| format!("{kind} {id}"))
        };
        items.extend(
            self.documents
                .iter()
                .filter_map(|d| dated("document", &d.id, &d.valid)),
        );
        items.extend(
            self.notes
                .iter()
                .filter_map(|n| dated("note", &n.id, &n.valid)),
        );
        items.extend(
            self.questions
                .iter()
                .filter_map(|q| dated("question", q.id.as_str(), &q.valid)),
        );
        items.extend(
            self.replacements
                .iter()
                .filter_map(|r| dated("new words for", &r.document, &r.valid)),
        );
        items.extend(
            self.retirements
                .iter()
                .filter_map(|r| dated("retirement of", &r.document, &r.valid)),
        );
        items.extend(
            self.terms
                .iter()
                .filter_map(|t| dated("term", t.term.name(), &t.valid)),
        );
        items
    }

    /// The firm's question `id`, whatever the day (for its texts in a
    /// summary kept from before a change).
    pub fn question(&self, id: Id) -> Option<&AddedQuestion> {
        self.questions.iter().find(|q| q.id == id)
    }
}
