//! Backups that restore: a copy of the store taken while the bot runs, kept
//! in a file of its own, and restored into a data directory with every
//! erasure made since the backup re-applied ([`super::erasures`]).
//!
//! Why a file of our own rather than sled's files or its export: sled's
//! files cannot be copied while the bot writes them (a copy made during a
//! write is neither the old state nor the new), sled lets one process open
//! them, so the running bot must take the copy itself, and sled's export
//! is no more consistent than a walk over the trees. The file holds what
//! cannot be rebuilt (each chat's dialogue, reminders sent, request to the
//! office and consultation mark, what is kept of the firm's own account's
//! client chats, and the day counters and business connections) as the bytes the
//! store holds, each value still in its own format version, and the
//! erasure log as it stood. Indexes are rebuilt on restore, so a backup
//! does not depend on how they are laid out, and a restore mends any a
//! crash left stale. A SHA-256 digest over the whole file is checked before
//! a restore writes anything.
//!
//! Consistent without a pause: the copy is read in batches of
//! [`CHATS_PER_PAUSE`] chats, each under the store's lock held for writing,
//! so each chat is copied between two of the bot's operations on it (every
//! operation holds the lock for reading while it touches sled), and the
//! bot waits only while one batch is read. Chats do not depend on each
//! other, so the copy is one the bot could have left had it stopped at any
//! moment of the backup; the day counters are sums that only grow.
//!
//! Its parts: [`file`] the file's format and the checks it passes before a
//! restore reads it, [`take`] the copy, [`restore`] writing it back.

mod file;
mod restore;
mod take;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Duration;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use file::FileError;
pub use restore::{RestoreError, Restored, restore};
pub use take::CHATS_PER_PAUSE;

use super::erasures::ErasureLog;
use super::handover::{self, Request};
use super::record::decode;
use super::{ChatKey, Live, business, counters, reminders};

/// The default tree (the dialogues), as a backup names it.
const DIALOGUES: &str = "dialogues";
/// The trees a backup holds, by the names it gives them ([`stored`]). All
/// but the counters and the business connections are keyed by chat
/// ([`by_chat`]; a business chat's key begins with its chat's).
const KEPT: [&str; 7] = [
    DIALOGUES,
    reminders::SENT,
    handover::REQUESTS,
    counters::MARKS,
    counters::COUNTERS,
    business::CONNECTIONS,
    business::CHATS,
];

/// The store's tree that a backup names `name`, one of [`KEPT`]: the one
/// place where a backup's lists meet the store's trees, by name.
fn stored<'a>(live: &'a Live, name: &str) -> &'a sled::Tree {
    match name {
        DIALOGUES => &live.db,
        reminders::SENT => &live.sent,
        handover::REQUESTS => &live.requests,
        counters::MARKS => &live.marks,
        counters::COUNTERS => &live.counters,
        business::CONNECTIONS => &live.business_connections,
        business::CHATS => &live.business_chats,
        other => unreachable!("a backup holds no tree named {other:?}"),
    }
}

/// Whether the tree a backup names `name` is keyed by chat.
fn by_chat(name: &str) -> bool {
    name != counters::COUNTERS && name != business::CONNECTIONS
}

/// A copy of the store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    /// When it was taken (Unix seconds, by the clock of whoever took it).
    pub taken_at: i64,
    /// The store format of the build that took it ([`super::FORMAT`]).
    pub store_format: u8,
    /// The erasure log as it stood when the copy began.
    pub erasures: ErasureLog,
    trees: Vec<Tree>,
}

/// One tree's entries, by the name a backup gives the tree.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Tree {
    name: String,
    entries: Vec<Entry>,
}

/// A key and its value, as the store holds them.
type Entry = (Vec<u8>, Vec<u8>);

/// How the bot waited while a backup was copied: one pause per batch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pauses {
    pub count: u32,
    pub longest: Duration,
    pub total: Duration,
}

impl Pauses {
    fn add(&mut self, pause: Duration) {
        self.count += 1;
        self.longest = self.longest.max(pause);
        self.total += pause;
    }

    pub fn mean(&self) -> Duration {
        self.total.checked_div(self.count).unwrap_or_default()
    }
}

/// What a backup holds, in figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub dialogues: usize,
    pub open_requests: usize,
    /// Reminders not yet sent and not yet too late to send.
    pub reminders: usize,
    /// The chats those reminders are for.
    pub reminded_chats: usize,
}

/// The chat a key of a chat-keyed tree is of: its first eight bytes.
fn chat_of(key: &[u8]) -> Option<ChatKey> {
    Some(i64::from_be_bytes(key.get(..8)?.try_into().ok()?))
}

impl Backup {
    fn tree(&self, name: &str) -> &[Entry] {
        self.trees
            .iter()
            .find(|t| t.name == name)
            .map_or(&[], |t| &t.entries)
    }

    /// Every chat the backup holds anything of.
    pub fn chats(&self) -> BTreeSet<ChatKey> {
        self.trees
            .iter()
            .filter(|t| by_chat(&t.name))
            .flat_map(|t| t.entries.iter().filter_map(|(k, _)| chat_of(k)))
            .collect()
    }

    /// The reminders sent, per chat.
    fn sent(&self) -> HashMap<ChatKey, Vec<crate::reminders::Sent>> {
        self.tree(reminders::SENT)
            .iter()
            .filter_map(|(k, v)| Some((chat_of(k)?, reminders::decode_sent(v))))
            .collect()
    }

    /// What it holds, with reminders counted as of `today`.
    pub fn summary(&self, today: NaiveDate) -> Summary {
        self.summary_without(&HashSet::new(), today)
    }

    /// What it holds but for `left_out` chats.
    fn summary_without(&self, left_out: &HashSet<ChatKey>, today: NaiveDate) -> Summary {
        let kept = |k: &[u8]| chat_of(k).is_none_or(|chat| !left_out.contains(&chat));
        let sent = self.sent();
        let mut summary = Summary::default();
        for (k, v) in self.tree(DIALOGUES).iter().filter(|(k, _)| kept(k)) {
            summary.dialogues += 1;
            let (Some(chat), Some(record)) = (chat_of(k), decode(v)) else {
                continue;
            };
            let companion = &record.session.companion;
            if companion.reminders_since.is_none() {
                continue;
            }
            // The guide's reminders: a backup does not know the content the
            // bot runs with, whose added documents may bring more.
            let planned = crate::reminders::plan(
                &record.session.answers,
                companion,
                &crate::amendments::GUIDE_ONLY,
                today,
            );
            let sent = sent.get(&chat).map_or(&[][..], Vec::as_slice);
            let pending = crate::reminders::pending(&planned, sent, today).len();
            summary.reminders += pending;
            summary.reminded_chats += usize::from(pending > 0);
        }
        summary.open_requests = self
            .tree(handover::REQUESTS)
            .iter()
            .filter(|(k, v)| kept(k) && matches!(handover::decode(v), Some(Request::Open(_))))
            .count();
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::companion::Reminder;
    use crate::lang::Lang;
    use crate::staff::tally::{Count, Tally};
    use crate::store::Durability;
    use crate::store::{ChatRecord, OpenRequest, TIME_INDEX};

    /// A tree added to the store must be either copied by a backup or
    /// rebuilt by a restore: this fails until it is one or the other.
    #[tokio::test]
    async fn every_tree_of_the_store_is_either_in_a_backup_or_rebuilt_by_a_restore() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::open(dir.path(), Durability::Background).unwrap();
        let mut record = ChatRecord::default();
        record.session.companion.reminders_since = NaiveDate::from_ymd_opt(2026, 12, 1);
        record.session.answers.document_expiry = NaiveDate::from_ymd_opt(2027, 7, 10);
        store.write(1, &record).await.unwrap();
        let sent = [(
            Reminder::PassportMonth,
            NaiveDate::from_ymd_opt(2026, 12, 11).unwrap(),
        )];
        store.mark_sent(1, &record, &sent).await.unwrap();
        store.retry_reminder(1, 100).unwrap();
        store.consenting(2, 0).await.unwrap();
        let open = OpenRequest {
            reference: "ABCDEF".into(),
            opened: 0,
            lang: Lang::English,
            staff_chat: -5,
            card: 1,
            topic: Some(2),
            messages: vec![1],
            applicant_seen: 0,
            staff_seen: 0,
        };
        store.open_request(3, &open).await.unwrap();
        let counters = counters::Counters::open(&store).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        counters
            .began(1, day, &[Count::total(Tally::Started)], false)
            .unwrap();
        counters.save().unwrap();
        let connection = crate::business::Connection {
            owner: 7,
            rights: crate::business::Rights::default(),
            paused_all: false,
        };
        store
            .keep_business_connection("c", &connection)
            .await
            .unwrap();
        let chat = crate::business::ChatState::default();
        store.keep_business_chat(7, 4, &chat).await.unwrap();
        let rebuilt = [
            TIME_INDEX,
            reminders::DUE_INDEX,
            handover::BY_MESSAGE,
            handover::BY_TOPIC,
            handover::BY_REFERENCE,
            crate::store::live::META,
        ];
        let live = store.live();
        for name in live.db.tree_names() {
            let name = String::from_utf8(name.to_vec()).unwrap();
            let tree = live.db.open_tree(&name).unwrap();
            if name == "__sled__default" {
                continue;
            }
            assert!(!tree.is_empty(), "{name} is not exercised here");
            assert!(
                KEPT.contains(&name.as_str()) || rebuilt.contains(&name.as_str()),
                "the tree {name} is neither in a backup nor rebuilt by a restore"
            );
        }
    }
}
