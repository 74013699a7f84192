//! The documents the firm asks for beyond the guide: what its content
//! folder says of each, and the last day some of them may be submitted.
//! How the lists show one is `documents::of_extra`'s job: the amendments
//! know no list.

use crate::answers::Id;
use crate::conditions::Conditions;
use crate::reply::Localized;
use crate::rules::Part;

use super::period::Period;

/// A document the firm asks for beyond the guide, from its content folder:
/// on a stage's list when its conditions hold, on the days it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Extra {
    /// Letters, digits and `-`; its checklist id is `x-` and this.
    pub id: String,
    pub part: Part,
    pub when: Conditions,
    pub text: Localized,
    /// For the checklist's button; the text itself when not given.
    pub short: Option<Localized>,
    /// Why it is needed, for the printable list.
    pub why: Option<Localized>,
    /// The id of its source in the content folder.
    pub source: String,
    pub valid: Period,
    /// Its last day, counted from a date the applicant gave: the companion
    /// reminds of it.
    pub deadline: Option<Deadline>,
}

/// A document's last day: `days` after the answer to the date question
/// `date` (before it, when negative).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub date: Id,
    pub days: i32,
}

impl Extra {
    /// Its id on the checklist.
    pub fn checklist_id(&self) -> String {
        format!("x-{}", self.id)
    }
}
