//! What is stored per chat, and how it is encoded.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::answers::{Answers, Stage};
use crate::companion::Companion;
use crate::dialogue::{Session, Step};
use crate::lang::Lang;
use crate::rules::{Citizenship, Solvency};

/// The stored record of one chat: the consultation, and when it last moved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatRecord {
    pub session: Session,
    /// Unix seconds of the last change, to the hour (for the privacy sweep).
    #[serde(default)]
    pub touched: i64,
    /// The last few updates that changed this record. Telegram sends an
    /// update again when the bot stopped before confirming it; one of these
    /// is then skipped, so a redelivered `/start` cannot wipe the answers.
    #[serde(default)]
    pub handled: HandledUpdates,
    /// Set when the stored bytes could not be read.
    #[serde(skip)]
    pub unreadable: bool,
}

impl ChatRecord {
    /// Stands in for stored bytes that could not be read.
    pub fn unreadable() -> ChatRecord {
        ChatRecord {
            unreadable: true,
            ..ChatRecord::default()
        }
    }
}

/// The ids of the last updates that changed a chat's record, oldest first.
///
/// Not a high-water mark: after a week without updates Telegram numbers the
/// next ones from a random start, often below ids already seen, and a user
/// coming back then must be answered. Only an id this chat really handled
/// marks a redelivery.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandledUpdates(Vec<u32>);

impl HandledUpdates {
    /// How many ids are kept: more than one chat's updates that can be
    /// handled but not yet confirmed to Telegram when the bot stops (they
    /// are confirmed with the next `getUpdates`, a batch later).
    pub const KEPT: usize = 8;

    pub fn contains(&self, update_id: u32) -> bool {
        self.0.contains(&update_id)
    }

    /// Records `update_id`, forgetting the oldest beyond [`Self::KEPT`].
    pub fn record(&mut self, update_id: u32) {
        if self.0.len() >= Self::KEPT {
            self.0.remove(0);
        }
        self.0.push(update_id);
    }

    pub fn ids(&self) -> &[u32] {
        &self.0
    }

    /// What builds before the ring kept: the newest handled id, 0 for none.
    fn from_last(last_update: u32) -> HandledUpdates {
        (last_update != 0)
            .then_some(last_update)
            .into_iter()
            .collect()
    }
}

impl FromIterator<u32> for HandledUpdates {
    fn from_iter<I: IntoIterator<Item = u32>>(ids: I) -> Self {
        let mut handled = HandledUpdates::default();
        for id in ids {
            handled.record(id);
        }
        handled
    }
}

/// The first byte of every stored value: the encoding's version. A value
/// of a version this build cannot read is "unreadable", never a crash.
///
/// Versions 2 to 4 are postcard: compact (about 50 bytes a dialogue) but
/// not self-describing, so any change to the stored types needs a new
/// version and a decoder for the old one below, to keep conversations
/// across the upgrade. Version 3 added the companion (ticks, dates,
/// reminders); version 4 the ring of handled updates in place of the last
/// one; version 5 the answers to the questions the firm added (and, in
/// the types' newest variants, the steps, buttons and reminders that
/// name them). Version 1, JSON, is still read.
pub const FORMAT_VERSION: u8 = 5;
const FORMAT_BEFORE_ADDED: u8 = 4;
const FORMAT_BEFORE_RING: u8 = 3;
const FORMAT_BEFORE_COMPANION: u8 = 2;
pub const FORMAT_JSON: u8 = 1;

pub fn encode(record: &ChatRecord) -> Result<Vec<u8>, postcard::Error> {
    let mut bytes = vec![FORMAT_VERSION];
    bytes.extend(postcard::to_stdvec(record)?);
    Ok(bytes)
}

/// `None` when the bytes are of an unknown version or do not decode.
pub fn decode(bytes: &[u8]) -> Option<ChatRecord> {
    match bytes.split_first() {
        Some((&FORMAT_VERSION, rest)) => postcard::from_bytes(rest).ok(),
        Some((&FORMAT_BEFORE_ADDED, rest)) => postcard::from_bytes::<RecordV4>(rest)
            .ok()
            .map(ChatRecord::from),
        Some((&FORMAT_BEFORE_RING, rest)) => postcard::from_bytes::<RecordV3>(rest)
            .ok()
            .map(ChatRecord::from),
        Some((&FORMAT_BEFORE_COMPANION, rest)) => postcard::from_bytes::<RecordV2>(rest)
            .ok()
            .map(ChatRecord::from),
        Some((&FORMAT_JSON, rest)) => serde_json::from_slice::<RecordV3>(rest)
            .ok()
            .map(ChatRecord::from),
        _ => None,
    }
}

/// The answers as versions 1 to 4 kept them: the guide's only.
#[derive(Deserialize)]
struct AnswersV4 {
    #[serde(default)]
    stage: Option<Stage>,
    #[serde(default)]
    citizenship: Option<Citizenship>,
    #[serde(default)]
    ethnic_kazakh: Option<bool>,
    #[serde(default)]
    refugee: Option<bool>,
    #[serde(default)]
    age: Option<u8>,
    #[serde(default)]
    children_14_to_18: Option<bool>,
    #[serde(default)]
    solvency: Option<Solvency>,
    #[serde(default)]
    document_expiry: Option<NaiveDate>,
}

impl From<AnswersV4> for Answers {
    fn from(old: AnswersV4) -> Answers {
        Answers {
            stage: old.stage,
            citizenship: old.citizenship,
            ethnic_kazakh: old.ethnic_kazakh,
            refugee: old.refugee,
            age: old.age,
            children_14_to_18: old.children_14_to_18,
            solvency: old.solvency,
            document_expiry: old.document_expiry,
            added: Default::default(),
        }
    }
}

/// The session as versions 3 and 4 (and 1, JSON) wrote it.
#[derive(Deserialize)]
struct SessionV4 {
    #[serde(default)]
    lang: Option<Lang>,
    #[serde(default)]
    step: Step,
    #[serde(default = "no_answers")]
    answers: AnswersV4,
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    companion: Companion,
}

fn no_answers() -> AnswersV4 {
    AnswersV4 {
        stage: None,
        citizenship: None,
        ethnic_kazakh: None,
        refugee: None,
        age: None,
        children_14_to_18: None,
        solvency: None,
        document_expiry: None,
    }
}

impl From<SessionV4> for Session {
    fn from(old: SessionV4) -> Session {
        Session {
            lang: old.lang,
            step: old.step,
            answers: old.answers.into(),
            tag: old.tag,
            companion: old.companion,
        }
    }
}

/// A record as version 4 wrote it: the ring of handled updates.
#[derive(Deserialize)]
struct RecordV4 {
    session: SessionV4,
    touched: i64,
    handled: HandledUpdates,
}

impl From<RecordV4> for ChatRecord {
    fn from(old: RecordV4) -> ChatRecord {
        ChatRecord {
            session: old.session.into(),
            touched: old.touched,
            handled: old.handled,
            unreadable: false,
        }
    }
}

/// A record as versions 3 (postcard) and 1 (JSON) wrote it: the newest
/// handled update only.
#[derive(Deserialize)]
struct RecordV3 {
    session: SessionV4,
    #[serde(default)]
    touched: i64,
    #[serde(default)]
    last_update: u32,
}

impl From<RecordV3> for ChatRecord {
    fn from(old: RecordV3) -> ChatRecord {
        ChatRecord {
            session: old.session.into(),
            touched: old.touched,
            handled: HandledUpdates::from_last(old.last_update),
            unreadable: false,
        }
    }
}

/// A record as version 2 wrote it: no companion yet.
#[derive(Deserialize)]
struct RecordV2 {
    session: SessionV2,
    touched: i64,
    last_update: u32,
}

#[derive(Deserialize)]
struct SessionV2 {
    lang: Option<Lang>,
    step: Step,
    answers: AnswersV4,
    tag: Option<String>,
}

impl From<RecordV2> for ChatRecord {
    fn from(old: RecordV2) -> ChatRecord {
        let SessionV2 {
            lang,
            step,
            answers,
            tag,
        } = old.session;
        ChatRecord {
            session: Session {
                lang,
                step,
                answers: answers.into(),
                tag,
                companion: Default::default(),
            },
            touched: old.touched,
            handled: HandledUpdates::from_last(old.last_update),
            unreadable: false,
        }
    }
}
