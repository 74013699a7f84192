//! The answers given so far: plain data, stored with the dialogue. Which
//! question fills which field is said in [`crate::questions`]; the answers
//! to the questions the firm added are kept by their [`Id`].

use std::fmt;

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

/// A name written in the firm's content folder (a question, one of its
/// options) or in the guide's questions: 1 to 30 small letters, digits or
/// `-`. Kept inline, so what carries one (a question, an answer, a step)
/// stays `Copy`; it travels in button data, 64 bytes at most.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id {
    len: u8,
    bytes: [u8; Id::MAX_LEN],
}

impl Id {
    pub const MAX_LEN: usize = 30;

    /// `None` unless `text` is 1 to 30 small letters, digits or `-`.
    pub const fn new(text: &str) -> Option<Id> {
        let source = text.as_bytes();
        if source.is_empty() || source.len() > Id::MAX_LEN {
            return None;
        }
        let mut bytes = [0u8; Id::MAX_LEN];
        let mut i = 0;
        while i < source.len() {
            let b = source[i];
            if !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
                return None;
            }
            bytes[i] = b;
            i += 1;
        }
        Some(Id {
            len: source.len() as u8,
            bytes,
        })
    }

    /// An id written in the code: a wrong one stops the build.
    pub const fn of(text: &'static str) -> Id {
        match Id::new(text) {
            Some(id) => id,
            None => panic!("not an id: 1 to 30 small letters, digits or -"),
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII was ever copied in.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or_default()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Id, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Id::new(&text).ok_or_else(|| serde::de::Error::custom("not an id"))
    }
}

/// An answer to one question, already parsed and validated. (Stored for
/// the questions the firm added: the variants' order is part of the
/// stored encoding.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Stage(Stage),
    Citizenship(Citizenship),
    YesNo(bool),
    Solvency(Solvency),
    Age(u8),
    Date(NaiveDate),
    /// One of the options of a choice the firm added, by its id.
    Chosen(Id),
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

/// The answers to the questions the firm added, by question, in the order
/// they were given. Kept whatever the content in force says: the route
/// drops those no longer asked ([`crate::route`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedAnswers(Vec<(Id, Answer)>);

impl AddedAnswers {
    pub fn get(&self, question: Id) -> Option<Answer> {
        self.0.iter().find(|(q, _)| *q == question).map(|(_, a)| *a)
    }

    pub fn set(&mut self, question: Id, answer: Answer) {
        match self.0.iter_mut().find(|(q, _)| *q == question) {
            Some(given) => given.1 = answer,
            None => self.0.push((question, answer)),
        }
    }

    pub fn remove(&mut self, question: Id) {
        self.0.retain(|(q, _)| *q != question);
    }

    pub fn iter(&self) -> impl Iterator<Item = (Id, Answer)> + '_ {
        self.0.iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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
    /// The answers to the questions the firm added (store format 5 on).
    #[serde(default)]
    pub added: AddedAnswers,
}

impl Answers {
    /// Whether the applicant's identity document is the stateless person's one.
    pub fn stateless(&self) -> bool {
        self.citizenship == Some(Citizenship::Stateless)
    }
}
