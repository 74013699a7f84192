//! The state of one chat's consultation: what the front ends store.

use serde::{Deserialize, Serialize};

use crate::answers::Answers;
use crate::companion::Companion;
use crate::lang::Lang;
use crate::questions::Question;

/// Where the conversation stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Nothing said yet.
    #[default]
    New,
    /// Waiting for the language, before the first question.
    ChooseLanguage,
    Ask(Question),
    /// All answers given: shown for a check before the result.
    Summary,
    /// The result has been shown.
    Result,
    /// After the result: waiting for a date the companion asked for.
    GiveDate(DateQuestion),
}

/// A date the companion asks for after the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateQuestion {
    /// When the criminal record certificate was issued (asked when it is ticked).
    CertificateIssued,
    /// When the documents for the card went in.
    DocumentsSubmitted,
}

/// The consultation of one chat. (The field order is part of the stored encoding.)
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    #[serde(default)]
    pub lang: Option<Lang>,
    #[serde(default)]
    pub step: Step,
    #[serde(default)]
    pub answers: Answers,
    /// The deep-link tag staff put in the link (`ru-almaty_office`), for statistics.
    #[serde(default)]
    pub tag: Option<String>,
    /// Ticks, dates and reminders after the result.
    #[serde(default)]
    pub companion: Companion,
}

impl Session {
    /// The language replies are written in: the chosen one, else the app's, else English.
    pub fn reply_lang(&self, client_lang: Option<Lang>) -> Lang {
        self.lang.or(client_lang).unwrap_or(Lang::English)
    }
}
