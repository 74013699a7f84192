//! What the firm keeps current without a developer: a content folder
//! (`BOT_CONTENT_DIR`) that can override any message per language
//! (`kk/`, `ru/`, `en/` `*.ftl`), set the office's details (`office.toml`),
//! name its sources and the day each was checked (`sources.toml`), say when
//! the whole list was last reviewed (`review.toml`), change the lists
//! (`documents.toml`), add questions (`questions.toml`) and change the
//! guide's terms (`rules.toml`), each change from or until a day. Without
//! a folder the bot says what the guide says and nothing more.
//!
//! Everything is checked before it is used: [`load`] returns every problem
//! as `file:line: what is wrong`, and the bot keeps what it had (or does not
//! start) rather than use half of a folder. `examples/content/` shows the format.

mod dated;
mod documents_file;
mod messages;
mod office_file;
mod problem;
mod questions_file;
mod reading;
mod rules_file;
mod schema;
mod sources_file;
mod when;

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::amendments::{Amendments, Period};
use crate::labels::Labels;
use crate::office::Office;
use crate::texts::Texts;

pub use messages::Override;
pub use problem::Problem;
use problem::Target;

/// The words, the office and the firm's amendments in force.
pub struct Content {
    /// The texts in force on the days of [`Content::texts_hold_on`].
    pub texts: Texts,
    pub labels: Labels,
    pub office: Office,
    pub amendments: Amendments,
    /// The folder it came from; `None` for the guide alone.
    pub folder: Option<PathBuf>,
    /// What is worth telling the staff but no reason to refuse the folder.
    pub warnings: Vec<Problem>,
    /// The folder's message overrides, each with the days it holds.
    overrides: Vec<Override>,
    /// The days the texts above are right for.
    texts_for: Period,
}

impl Content {
    /// The guide's texts and the office as configured, with nothing added.
    pub fn built_in(office: Office) -> Result<Content, String> {
        let texts = Texts::load()?;
        Ok(Content {
            labels: texts.labels(),
            texts,
            office,
            amendments: Amendments::guide_only(),
            folder: None,
            warnings: Vec::new(),
            overrides: Vec::new(),
            texts_for: Period::ALWAYS,
        })
    }

    /// Whether its texts are those in force on `day`.
    pub fn texts_hold_on(&self, day: NaiveDate) -> bool {
        self.texts_for.holds_on(day)
    }

    /// The same content with the texts in force on `day` (a message
    /// override that starts or ends on a day).
    pub fn on(&self, day: NaiveDate) -> Result<Content, String> {
        let (texts, texts_for) = texts_on(&self.overrides, day)?;
        Ok(Content {
            labels: texts.labels(),
            texts,
            office: self.office.clone(),
            amendments: self.amendments.clone(),
            folder: self.folder.clone(),
            warnings: self.warnings.clone(),
            overrides: self.overrides.clone(),
            texts_for,
        })
    }

    /// Whether the list is due its review on `day` (only a folder has one
    /// to renew).
    pub fn review_overdue(&self, day: NaiveDate) -> bool {
        self.folder.is_some() && day > self.amendments.review_due()
    }
}

/// The built-in texts with the overrides in force on `day`, and the days
/// the same overrides hold (between the nearest days one starts or ends).
fn texts_on(overrides: &[Override], day: NaiveDate) -> Result<(Texts, Period), String> {
    let in_force: Vec<(crate::lang::Lang, String)> = overrides
        .iter()
        .filter(|o| o.valid.holds_on(day))
        .map(|o| (o.lang, o.source.clone()))
        .collect();
    let mut span = Period::ALWAYS;
    for o in overrides {
        let starts = [o.valid.from, o.valid.until.and_then(|d| d.succ_opt())];
        for change in starts.into_iter().flatten() {
            if change <= day {
                span.from = Some(span.from.map_or(change, |f| f.max(change)));
            } else {
                let last = change.pred_opt().unwrap_or(change);
                span.until = Some(span.until.map_or(last, |u| u.min(last)));
            }
        }
    }
    Ok((Texts::load_with(&in_force)?, span))
}

/// What a check found: problems refuse the folder, warnings do not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// The content with the folder `dir` on top of the built-in one (the
/// office as configured in `office`), as it stands today in Kazakhstan;
/// or every problem the folder has.
pub fn load(dir: &Path, office: Office) -> Result<Content, Vec<Problem>> {
    load_on(dir, office, crate::calendar::kazakhstan_today())
}

/// The content with the folder `dir` on top of the built-in one, with the
/// texts in force on `day`; or every problem the folder has.
pub fn load_on(dir: &Path, office: Office, day: NaiveDate) -> Result<Content, Vec<Problem>> {
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return Err(vec![Problem::new(dir, 0, "is not a folder")]);
    }
    let mut references = Vec::new();
    let office_file = office_file::read(&dir.join("office.toml"), office, &mut problems);
    let sources = sources_file::read_sources(&dir.join("sources.toml"), &mut problems);
    let review = sources_file::read_review(&dir.join("review.toml"), &mut problems);
    let questions = questions_file::read(&dir.join("questions.toml"), &mut problems);
    let lists = documents_file::read(
        &dir.join("documents.toml"),
        &questions,
        &mut problems,
        &mut references,
    );
    let terms = rules_file::read(&dir.join("rules.toml"), &mut problems, &mut references);
    let mut overrides = messages::read(dir, &mut problems);
    if let Some(address) = &office_file.address {
        for (lang, text) in address {
            overrides.push(messages::address_override(lang, text));
        }
    }
    let amendments = Amendments {
        sources: sources.sources,
        guide_checked: sources
            .guide_checked
            .unwrap_or(crate::amendments::GUIDE_CHECKED),
        documents: lists.documents,
        notes: lists.notes,
        replacements: lists.replacements,
        retirements: lists.retirements,
        questions,
        terms,
        review,
    };
    for reference in &references {
        match &reference.target {
            Target::Source(id) if amendments.source(id).is_none() => problems.push(Problem::new(
                &reference.file,
                reference.line,
                format!("source: {id:?} is not a source in sources.toml"),
            )),
            Target::Source(_) => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (texts, texts_for) =
        texts_on(&overrides, day).map_err(|e| vec![Problem::new(dir, 0, e)])?;
    let warnings = warnings(dir, &amendments, day);
    Ok(Content {
        labels: texts.labels(),
        texts,
        office: office_file.office,
        amendments,
        folder: Some(dir.to_path_buf()),
        warnings,
        overrides,
        texts_for,
    })
}

/// What is worth saying about a usable folder on `day`: a review missing
/// or overdue, items whose days are over.
fn warnings(dir: &Path, amendments: &Amendments, day: NaiveDate) -> Vec<Problem> {
    let mut warnings = Vec::new();
    let review = dir.join("review.toml");
    match amendments.review {
        None => warnings.push(Problem::new(
            &review,
            0,
            format!(
                "missing: the bot says the list was checked on {} (the oldest day a source was checked); once you have checked the whole list, write reviewed = YYYY-MM-DD here",
                amendments.list_checked()
            ),
        )),
        Some(r) if day > amendments.review_due() => warnings.push(Problem::new(
            &review,
            1,
            format!(
                "the list was last reviewed on {} ({} days ago) and is to be reviewed every {} days: check each source in sources.toml, then write today's date in reviewed",
                r.reviewed,
                (day - r.reviewed).num_days(),
                r.every_days
            ),
        )),
        Some(_) => {}
    }
    if amendments.review.is_none() && day > amendments.review_due() {
        warnings.push(Problem::new(
            &review,
            0,
            format!(
                "the oldest source was checked on {}, more than {} days ago",
                amendments.list_checked(),
                crate::amendments::DEFAULT_REVIEW_DAYS
            ),
        ));
    }
    // An item whose last day has passed: nothing to refuse, but clutter.
    let mut ended = |file: &Path, kind: &str, id: &str, valid: &Period| {
        if let Some(until) = valid.until.filter(|until| *until < day) {
            warnings.push(Problem::new(
                file,
                0,
                format!("{kind} {id:?} ended on {until}: it can be deleted"),
            ));
        }
    };
    let documents = dir.join("documents.toml");
    for d in &amendments.documents {
        ended(&documents, "document", &d.id, &d.valid);
    }
    for n in &amendments.notes {
        ended(&documents, "note", &n.id, &n.valid);
    }
    let questions = dir.join("questions.toml");
    for q in &amendments.questions {
        ended(&questions, "question", q.id.as_str(), &q.valid);
    }
    warnings
}

/// Every problem of a content folder; none means it can be used.
pub fn check(dir: &Path) -> Vec<Problem> {
    check_on(dir, crate::calendar::kazakhstan_today()).problems
}

/// Every problem of a content folder, and what is worth a warning on `day`.
pub fn check_on(dir: &Path, day: NaiveDate) -> Checked {
    match load_on(dir, Office::default(), day) {
        Ok(content) => Checked {
            problems: Vec::new(),
            warnings: content.warnings,
        },
        Err(problems) => Checked {
            problems,
            warnings: Vec::new(),
        },
    }
}

/// What a reload or a new day changes in the content in force on `day`:
/// items now in force that were not, and items no longer in force.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub gone: Vec<String>,
    /// In the new content, waiting for their first day: "document x from 2027-01-01".
    pub waiting: Vec<String>,
}

/// What changes from `before` to `after`, both as on `day`.
pub fn changes(before: &Amendments, after: &Amendments, day: NaiveDate) -> Changes {
    let old = before.items_on(day);
    let new = after.items_on(day);
    let upcoming = |a: &Amendments| {
        let mut upcoming = Vec::new();
        let mut note = |kind: &str, id: &str, valid: &Period| {
            if let Some(from) = valid.from.filter(|from| *from > day) {
                upcoming.push(format!("{kind} {id} from {from}"));
            }
        };
        for d in &a.documents {
            note("document", &d.id, &d.valid);
        }
        for n in &a.notes {
            note("note", &n.id, &n.valid);
        }
        for q in &a.questions {
            note("question", q.id.as_str(), &q.valid);
        }
        for r in &a.replacements {
            note("new words for", &r.document, &r.valid);
        }
        for r in &a.retirements {
            note("retirement of", &r.document, &r.valid);
        }
        for t in &a.terms {
            note("term", t.term.name(), &t.valid);
        }
        upcoming
    };
    Changes {
        added: new.difference(&old).cloned().collect(),
        gone: old.difference(&new).cloned().collect(),
        waiting: upcoming(after),
    }
}

impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |items: &[String]| {
            if items.is_empty() {
                "none".to_string()
            } else {
                items.join(", ")
            }
        };
        write!(
            f,
            "in force now: {}; no longer in force: {}; waiting for their day: {}",
            list(&self.added),
            list(&self.gone),
            list(&self.waiting)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amendments::{AddedQuestion, Extra, Form, Note, Review};
    use crate::answers::Id;
    use crate::reply::Localized;
    use crate::rules::Part;

    /// Items whose last day has passed are named, each in its file, with
    /// the day it ended; one still in force (or ending today) is not.
    #[test]
    fn items_that_ended_are_worth_a_warning() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let ended = Period {
            from: None,
            until: NaiveDate::from_ymd_opt(2026, 11, 30),
        };
        let today = Period {
            from: None,
            until: Some(day),
        };
        let extra = |id: &str, valid| Extra {
            id: id.into(),
            part: Part::Permit,
            when: Default::default(),
            text: Localized::default(),
            short: None,
            why: None,
            source: "list".into(),
            valid,
            deadline: None,
        };
        let note = |id: &str, valid| Note {
            id: id.into(),
            part: Part::Card,
            text: Localized::default(),
            when: Default::default(),
            source: "list".into(),
            valid,
        };
        let question = |id, valid| AddedQuestion {
            id: Id::new(id).unwrap(),
            text: Localized::default(),
            name: Localized::default(),
            form: Form::YesNo,
            after: None,
            when: Default::default(),
            valid,
        };
        let amendments = Amendments {
            documents: vec![extra("lease", ended), extra("medical", today)],
            notes: vec![note("fees", ended), note("queue", Period::ALWAYS)],
            questions: vec![question("pilot", ended), question("renting", today)],
            review: Some(Review {
                reviewed: day,
                every_days: 90,
            }),
            ..Amendments::guide_only()
        };
        let dir = Path::new("content");
        let said: Vec<String> = warnings(dir, &amendments, day)
            .iter()
            .map(Problem::to_string)
            .collect();
        assert_eq!(
            said,
            [
                "content/documents.toml: document \"lease\" ended on 2026-11-30: it can be deleted",
                "content/documents.toml: note \"fees\" ended on 2026-11-30: it can be deleted",
                "content/questions.toml: question \"pilot\" ended on 2026-11-30: it can be deleted",
            ]
        );
    }
}
