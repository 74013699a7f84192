//! What the applicant keeps with the bot after the result: the documents
//! ticked as ready, the dates they gave, and the reminders they asked for.
//! Plain data, stored with the session.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::answers::Id;

/// A date the applicant gave, and the day they gave it (reminders due
/// before that day are not sent: the bot told them at once).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenDate {
    pub date: NaiveDate,
    pub given_on: NaiveDate,
}

/// What a reminder is about. Cancelled by kind; sent once per due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Reminder {
    /// 30 days before the passport's last day under the 180-day rule.
    PassportMonth,
    /// 7 days before it.
    PassportWeek,
    /// The day after it: the passport no longer meets the rule.
    PassportPassed,
    /// 30 days before the criminal record certificate is older than 180 days.
    CertificateMonth,
    /// 7 days before it.
    CertificateWeek,
    /// The day after its last day.
    CertificatePassed,
    /// 17 days after the documents for the card went in.
    CardReady,
    /// A ticked list quiet for two weeks.
    Nudge,
    /// 30 days before the last day of a firm's document with a deadline
    /// (its id in the content folder).
    DocumentMonth(Id),
    /// 7 days before it.
    DocumentWeek(Id),
    /// The day after it.
    DocumentPassed(Id),
}

impl Reminder {
    pub const ALL: [Reminder; 8] = [
        Reminder::PassportMonth,
        Reminder::PassportWeek,
        Reminder::PassportPassed,
        Reminder::CertificateMonth,
        Reminder::CertificateWeek,
        Reminder::CertificatePassed,
        Reminder::CardReady,
        Reminder::Nudge,
    ];

    /// Short stable id, for button data.
    pub fn id(self) -> String {
        match self {
            Reminder::PassportMonth => "pm".into(),
            Reminder::PassportWeek => "pw".into(),
            Reminder::PassportPassed => "pp".into(),
            Reminder::CertificateMonth => "cm".into(),
            Reminder::CertificateWeek => "cw".into(),
            Reminder::CertificatePassed => "cp".into(),
            Reminder::CardReady => "card".into(),
            Reminder::Nudge => "nudge".into(),
            Reminder::DocumentMonth(id) => format!("dm-{id}"),
            Reminder::DocumentWeek(id) => format!("dw-{id}"),
            Reminder::DocumentPassed(id) => format!("dp-{id}"),
        }
    }

    pub fn from_id(id: &str) -> Option<Reminder> {
        let document = |prefix: &str| id.strip_prefix(prefix).and_then(Id::new);
        Reminder::ALL
            .into_iter()
            .find(|r| r.id() == id)
            .or_else(|| document("dm-").map(Reminder::DocumentMonth))
            .or_else(|| document("dw-").map(Reminder::DocumentWeek))
            .or_else(|| document("dp-").map(Reminder::DocumentPassed))
    }
}

/// The companion's state for one chat. (The field order is part of the stored encoding.)
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Companion {
    /// Ids of the documents ticked as ready.
    pub ticked: Vec<String>,
    /// The day of the last tick or untick.
    pub last_ticked: Option<NaiveDate>,
    /// When the criminal record certificate was issued.
    pub certificate: Option<GivenDate>,
    /// When the documents for the card were submitted.
    pub submitted: Option<GivenDate>,
    /// The day the applicant asked for reminders; `None`: no reminders.
    pub reminders_since: Option<NaiveDate>,
    /// Kinds of reminder the applicant cancelled.
    pub cancelled: Vec<Reminder>,
}

impl Companion {
    pub fn is_ticked(&self, id: &str) -> bool {
        self.ticked.iter().any(|t| t == id)
    }

    /// Whether starting over would throw something away.
    pub fn has_progress(&self) -> bool {
        !self.ticked.is_empty()
            || self.certificate.is_some()
            || self.submitted.is_some()
            || self.reminders_since.is_some()
    }
}

/// What a front end can do besides messages: the console sends no files,
/// schedules nothing and reaches no office.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// Send the checklist as a PDF document.
    pub pdf: bool,
    /// Send reminders at their time.
    pub reminders: bool,
    /// Hand the applicant over to the office's staff ("Ask the office"):
    /// only where a staff chat is configured.
    pub ask_office: bool,
    /// Offer a calendar to tap a date on, under date questions (the
    /// console has no buttons to edit in place: dates are typed there).
    pub date_picker: bool,
}
