//! What a turn of the dialogue needs from outside: all of it given by the
//! front end, so the core reads no clock, no store and no settings.

use chrono::NaiveDate;

use crate::amendments::{Amendments, Questionnaire};
use crate::companion::Features;
use crate::handover::Handover;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::office::Office;
use crate::reminders::Sent;

pub struct Context<'a> {
    /// Today in Kazakhstan.
    pub today: NaiveDate,
    pub office: &'a Office,
    /// The option labels typed answers are matched against.
    pub labels: &'a Labels,
    /// The language of the user's app, used until they choose one.
    pub client_lang: Option<Lang>,
    /// What the front end can do besides messages.
    pub features: Features,
    /// The reminders already sent to this chat (for `/reminders`).
    pub sent: &'a [Sent],
    /// The firm's amendments to the guide (its content folder): sources,
    /// documents, notes, questions, terms, each holding on its days.
    pub amendments: &'a Amendments,
    /// Where this chat's request to the office stands.
    pub handover: Handover,
}

impl<'a> Context<'a> {
    /// The questions in force today: the guide's and the firm's.
    pub fn questions(&self) -> Questionnaire<'a> {
        self.amendments.questionnaire(self.today)
    }
}
