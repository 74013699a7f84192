//! What is stored per chat, and how it is encoded.

use serde::{Deserialize, Serialize};

use crate::answers::Answers;
use crate::dialogue::{Session, Step};
use crate::lang::Lang;

/// The stored record of one chat: the consultation, and when it last moved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatRecord {
    pub session: Session,
    /// Unix seconds of the last change (for the privacy sweep).
    #[serde(default)]
    pub touched: i64,
    /// The last update that changed this record. Telegram sends an update
    /// again when the bot stopped before confirming it; one already handled
    /// is then skipped, so a redelivered `/start` cannot wipe the answers.
    #[serde(default)]
    pub last_update: u32,
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

/// The first byte of every stored value: the encoding's version. A value
/// of a version this build cannot read is "unreadable", never a crash.
///
/// Versions 2 and 3 are postcard: compact (about 50 bytes a dialogue) but
/// not self-describing, so any change to the stored types needs a new
/// version and a decoder for the old one below, to keep conversations
/// across the upgrade. Version 3 added the companion (ticks, dates,
/// reminders). Version 1, JSON, is still read.
const FORMAT_VERSION: u8 = 3;
const FORMAT_BEFORE_COMPANION: u8 = 2;
const FORMAT_JSON: u8 = 1;

pub fn encode(record: &ChatRecord) -> Result<Vec<u8>, postcard::Error> {
    let mut bytes = vec![FORMAT_VERSION];
    bytes.extend(postcard::to_stdvec(record)?);
    Ok(bytes)
}

/// `None` when the bytes are of an unknown version or do not decode.
pub fn decode(bytes: &[u8]) -> Option<ChatRecord> {
    match bytes.split_first() {
        Some((&FORMAT_VERSION, rest)) => postcard::from_bytes(rest).ok(),
        Some((&FORMAT_BEFORE_COMPANION, rest)) => postcard::from_bytes::<RecordV2>(rest)
            .ok()
            .map(ChatRecord::from),
        Some((&FORMAT_JSON, rest)) => serde_json::from_slice(rest).ok(),
        _ => None,
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
    answers: Answers,
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
                answers,
                tag,
                companion: Default::default(),
            },
            touched: old.touched,
            last_update: old.last_update,
            unreadable: false,
        }
    }
}
