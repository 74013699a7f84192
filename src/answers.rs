//! The answers given so far: plain data, stored with the dialogue. Which
//! question fills which field is said in [`crate::questions`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rules::{Citizenship, Solvency};

/// Which document the applicant is after.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    /// Stage 1 only: the permit for permanent residence.
    PermanentResidencePermit,
    /// Stage 2 only: already holds the permit, needs the residence permit card.
    ResidencePermitCard,
    /// Both stages, one after the other.
    WholeRoute,
}

impl Stage {
    pub fn includes_permit(self) -> bool {
        self != Stage::ResidencePermitCard
    }
    pub fn includes_card(self) -> bool {
        self != Stage::PermanentResidencePermit
    }
}

/// An answer to one question, already parsed and validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Stage(Stage),
    Citizenship(Citizenship),
    YesNo(bool),
    Solvency(Solvency),
    Age(u8),
    Date(NaiveDate),
}

/// The value inside an answer of the expected type (a question's storage
/// takes only its own type).
impl Answer {
    pub fn stage(self) -> Option<Stage> {
        match self {
            Answer::Stage(v) => Some(v),
            _ => None,
        }
    }
    pub fn citizenship(self) -> Option<Citizenship> {
        match self {
            Answer::Citizenship(v) => Some(v),
            _ => None,
        }
    }
    pub fn yes_no(self) -> Option<bool> {
        match self {
            Answer::YesNo(v) => Some(v),
            _ => None,
        }
    }
    pub fn solvency(self) -> Option<Solvency> {
        match self {
            Answer::Solvency(v) => Some(v),
            _ => None,
        }
    }
    pub fn age(self) -> Option<u8> {
        match self {
            Answer::Age(v) => Some(v),
            _ => None,
        }
    }
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Answer::Date(v) => Some(v),
            _ => None,
        }
    }
}

/// The answers given so far. Every field is optional: the dialogue fills
/// them in turn. (The field order is part of the stored encoding.)
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    #[serde(default)]
    pub stage: Option<Stage>,
    #[serde(default)]
    pub citizenship: Option<Citizenship>,
    #[serde(default)]
    pub ethnic_kazakh: Option<bool>,
    #[serde(default)]
    pub refugee: Option<bool>,
    #[serde(default)]
    pub age: Option<u8>,
    #[serde(default)]
    pub children_14_to_18: Option<bool>,
    #[serde(default)]
    pub solvency: Option<Solvency>,
    #[serde(default)]
    pub document_expiry: Option<NaiveDate>,
}

impl Answers {
    /// Whether the applicant's identity document is the stateless person's one.
    pub fn stateless(&self) -> bool {
        self.citizenship == Some(Citizenship::Stateless)
    }
}
