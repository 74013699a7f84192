//! The state of one chat's consultation: what the front ends store.

use serde::{Deserialize, Serialize};

use crate::answers::Answers;
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
}

impl Session {
    /// The language replies are written in: the chosen one, else the app's, else English.
    pub fn reply_lang(&self, client_lang: Option<Lang>) -> Lang {
        self.lang.or(client_lang).unwrap_or(Lang::English)
    }
}
