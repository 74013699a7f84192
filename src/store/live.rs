//! One copy of the store on disk, open: the database, its trees, and the
//! mark of the store format the newest build that opened it writes.

use std::path::Path;

use super::{CACHE_BYTES, FORMAT, TIME_INDEX, business, counters, handover, reminders};

/// One copy of the store on disk, open: the database and its trees.
pub(crate) struct Live {
    /// The dialogues themselves (sled's default tree), keyed by [`key`](super::key).
    pub(super) db: sled::Db,
    /// Which copy this is ([`rewrite`](super::rewrite) names its directory by it).
    pub(super) generation: u64,
    /// The time index: `touched ++ chat id` for every dialogue, so the
    /// retention sweep visits only stale dialogues. A full scan would make
    /// sled keep every node it visited in memory (about 220 bytes a dialogue).
    pub(super) by_touched: sled::Tree,
    /// Reminders sent (or dropped) per chat, apart from the record: the
    /// reminder loop writes them while handlers write the record.
    pub(super) sent: sled::Tree,
    /// The reminder index: `due time ++ chat id` of each chat's next
    /// reminder, so the reminder loop visits only chats with one due.
    pub(super) by_due: sled::Tree,
    /// "Ask the office": each applicant's request, and the indexes that
    /// lead a staff reply (by message, forum topic or reference) back to it.
    pub(super) requests: sled::Tree,
    pub(super) by_staff_message: sled::Tree,
    pub(super) by_topic: sled::Tree,
    pub(super) by_reference: sled::Tree,
    /// Each chat's consultation mark for the statistics ([`counters`]),
    /// deleted with the dialogue.
    pub(super) marks: sled::Tree,
    /// The staff's per-day counts ([`counters`]).
    pub(super) counters: sled::Tree,
    /// The firm's own account ([`business`]): the connections served, and
    /// what is kept of each client's chat with the account.
    pub(super) business_connections: sled::Tree,
    pub(super) business_chats: sled::Tree,
    /// About the store itself: the format of the build that last opened it.
    pub(super) meta: sled::Tree,
}

impl Live {
    pub(super) fn open(path: &Path, generation: u64) -> Result<Live, sled::Error> {
        let db = sled::Config::new()
            .path(path)
            .cache_capacity(CACHE_BYTES)
            .open()?;
        Ok(Live {
            by_touched: db.open_tree(TIME_INDEX)?,
            sent: db.open_tree(reminders::SENT)?,
            by_due: db.open_tree(reminders::DUE_INDEX)?,
            requests: db.open_tree(handover::REQUESTS)?,
            by_staff_message: db.open_tree(handover::BY_MESSAGE)?,
            by_topic: db.open_tree(handover::BY_TOPIC)?,
            by_reference: db.open_tree(handover::BY_REFERENCE)?,
            marks: db.open_tree(counters::MARKS)?,
            counters: db.open_tree(counters::COUNTERS)?,
            business_connections: db.open_tree(business::CONNECTIONS)?,
            business_chats: db.open_tree(business::CHATS)?,
            meta: db.open_tree(META)?,
            db,
            generation,
        })
    }

    /// The store format of the newest build that opened this store; `None`
    /// for a store from before builds noted it (formats 1 to 4).
    pub(super) fn format(&self) -> Result<Option<u8>, sled::Error> {
        Ok(self.meta.get(FORMAT_KEY)?.and_then(|v| v.first().copied()))
    }
}

pub(super) const META: &str = "store";
const FORMAT_KEY: &[u8] = b"format";

/// Notes that this build's format is in use: an older build then refuses
/// the store instead of misreading what this one writes.
pub(crate) fn mark_format(live: &Live) -> Result<(), sled::Error> {
    live.meta.insert(FORMAT_KEY, &[FORMAT])?;
    Ok(())
}
