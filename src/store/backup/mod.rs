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
//! office and consultation mark, and the day counters) as the bytes the
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

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Bound;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::erasures::ErasureLog;
use super::handover::{self, Request};
use super::record::{FORMAT_VERSION, decode};
use super::{
    ChatKey, Durability, Live, OpenError, Store, StoreError, counters, reminders, time_key,
};

/// The default tree (the dialogues), as a backup names it.
const DIALOGUES: &str = "dialogues";
/// The trees a backup holds. All but the counters are keyed by chat.
const KEPT: [&str; 5] = [
    DIALOGUES,
    reminders::SENT,
    handover::REQUESTS,
    counters::MARKS,
    counters::COUNTERS,
];

/// Chats read per pause of the bot: a batch reads a hundred-odd small
/// values, less than the flush a step waits for (docs/developer.md: Benchmark).
pub const CHATS_PER_PAUSE: usize = 128;
/// Counters read per pause.
const COUNTERS_PER_PAUSE: usize = 1024;
/// Entries written per sled batch on restore: sled holds a batch's work in
/// memory until it is applied whole (restoring 100,000 dialogues, batches
/// of 10,000 peaked at 680 MiB, of 250 at 83 MiB, and were no slower).
const RESTORE_BATCH: usize = 250;
/// The due time a restored chat with reminders is indexed at: the epoch,
/// before any clock's now (see [`import`]).
const VISIT_AT_ONCE: i64 = 0;

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

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Tree {
    name: String,
    entries: Vec<(Vec<u8>, Vec<u8>)>,
}

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

fn chat_of(key: &[u8]) -> Option<ChatKey> {
    Some(i64::from_be_bytes(key.try_into().ok()?))
}

impl Backup {
    fn tree(&self, name: &str) -> &[(Vec<u8>, Vec<u8>)] {
        self.trees
            .iter()
            .find(|t| t.name == name)
            .map_or(&[], |t| &t.entries)
    }

    /// Every chat the backup holds anything of.
    pub fn chats(&self) -> BTreeSet<ChatKey> {
        self.trees
            .iter()
            .filter(|t| t.name != counters::COUNTERS)
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

/// The file: a line naming it and its format, the body's length (8 bytes),
/// the body (postcard), and a SHA-256 digest of everything before it.
const MAGIC: &[u8] = b"kz-residence-bot backup ";
const FILE_FORMAT: u32 = 1;
const DIGEST_LEN: usize = 32;

/// Why a file is not a backup this build can restore.
#[derive(Debug, PartialEq, Eq)]
pub enum FileError {
    NotABackup,
    /// Written by a newer build, in a file format this one does not know.
    NewerFile(u32),
    /// Written by a newer build, of a store format this one would misread.
    NewerStore(String),
    /// Shorter than it says it is.
    Truncated {
        expected: usize,
        found: usize,
    },
    /// Its digest does not match its content.
    Altered,
    /// Longer than it says, or its content does not decode.
    Damaged(String),
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::NotABackup => write!(f, "not a kz-residence-bot backup"),
            FileError::NewerFile(format) => write!(
                f,
                "written by a newer kz-residence-bot (backup file format {format}; this build reads {FILE_FORMAT}): restore it with that version"
            ),
            FileError::NewerStore(what) => write!(
                f,
                "written by a newer kz-residence-bot ({what}; this build reads store formats {} to {FORMAT_VERSION}): restore it with that version",
                super::OLDEST_FORMAT
            ),
            FileError::Truncated { expected, found } => write!(
                f,
                "truncated: {found} bytes of {expected} (an interrupted copy?)"
            ),
            FileError::Altered => write!(
                f,
                "damaged or altered: its content does not match its SHA-256 digest"
            ),
            FileError::Damaged(why) => write!(f, "damaged: {why}"),
        }
    }
}

impl std::error::Error for FileError {}

impl Backup {
    pub fn to_bytes(&self) -> Result<Vec<u8>, StoreError> {
        let body = postcard::to_stdvec(self).map_err(StoreError::Encode)?;
        let mut bytes = MAGIC.to_vec();
        bytes.extend(format!("{FILE_FORMAT}\n").bytes());
        bytes.extend((body.len() as u64).to_be_bytes());
        bytes.extend(&body);
        let digest = ring::digest::digest(&ring::digest::SHA256, &bytes);
        bytes.extend(digest.as_ref());
        Ok(bytes)
    }

    /// The backup in `bytes`, checked whole: its length, its digest, and
    /// that this build can read every value in it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Backup, FileError> {
        let rest = bytes.strip_prefix(MAGIC).ok_or(FileError::NotABackup)?;
        let line = rest
            .iter()
            .take(12)
            .position(|&b| b == b'\n')
            .ok_or(FileError::NotABackup)?;
        let format: u32 = std::str::from_utf8(&rest[..line])
            .ok()
            .and_then(|text| text.parse().ok())
            .filter(|&f| f > 0)
            .ok_or(FileError::NotABackup)?;
        if format > FILE_FORMAT {
            return Err(FileError::NewerFile(format));
        }
        let header = MAGIC.len() + line + 1;
        let truncated = |expected| FileError::Truncated {
            expected,
            found: bytes.len(),
        };
        let length = bytes
            .get(header..header + 8)
            .ok_or(truncated(header + 8 + DIGEST_LEN))?;
        let body_len = usize::try_from(u64::from_be_bytes(length.try_into().unwrap_or_default()))
            .map_err(|_| FileError::Damaged("its length is impossible".into()))?;
        let expected = (header + 8)
            .checked_add(body_len)
            .and_then(|n| n.checked_add(DIGEST_LEN))
            .ok_or(FileError::Damaged("its length is impossible".into()))?;
        if bytes.len() < expected {
            return Err(truncated(expected));
        }
        if bytes.len() > expected {
            return Err(FileError::Damaged(format!(
                "{} bytes more than its {expected}",
                bytes.len() - expected
            )));
        }
        let (content, digest) = bytes.split_at(expected - DIGEST_LEN);
        if ring::digest::digest(&ring::digest::SHA256, content).as_ref() != digest {
            return Err(FileError::Altered);
        }
        let backup: Backup = postcard::from_bytes(&content[header + 8..])
            .map_err(|e| FileError::Damaged(format!("its content does not decode ({e})")))?;
        backup.check_readable()?;
        Ok(backup)
    }

    /// Refuses what a newer build wrote: this one would misread it.
    fn check_readable(&self) -> Result<(), FileError> {
        if self.store_format > FORMAT_VERSION {
            return Err(FileError::NewerStore(format!(
                "store format {}",
                self.store_format
            )));
        }
        for tree in &self.trees {
            if !KEPT.contains(&tree.name.as_str()) {
                return Err(FileError::NewerStore(format!(
                    "a part this build does not know, {:?}",
                    tree.name
                )));
            }
        }
        let newest = self
            .tree(DIALOGUES)
            .iter()
            .filter_map(|(_, v)| v.first().copied())
            .max();
        match newest {
            Some(version) if version > FORMAT_VERSION => Err(FileError::NewerStore(format!(
                "dialogues in store format {version}"
            ))),
            _ => Ok(()),
        }
    }
}

/// The store's trees by a backup's names.
fn trees(live: &Live) -> [(&'static str, &sled::Tree); 5] {
    [
        (DIALOGUES, &*live.db),
        (reminders::SENT, &live.sent),
        (handover::REQUESTS, &live.requests),
        (counters::MARKS, &live.marks),
        (counters::COUNTERS, &live.counters),
    ]
}

type Range = (Bound<Vec<u8>>, Bound<Vec<u8>>);

fn read_range(tree: &sled::Tree, range: Range, into: &mut Tree) -> Result<(), StoreError> {
    for item in tree.range(range) {
        let (k, v) = item?;
        into.entries.push((k.to_vec(), v.to_vec()));
    }
    Ok(())
}

/// Copies up to `limit` entries of `tree` from `from` on; returns the key
/// the next batch starts at, if any is left.
fn read_batch(
    tree: &sled::Tree,
    from: &[u8],
    limit: usize,
    into: &mut Tree,
) -> Result<Option<Vec<u8>>, StoreError> {
    for (read, item) in tree.range(from.to_vec()..).enumerate() {
        let (k, v) = item?;
        if read == limit {
            return Ok(Some(k.to_vec()));
        }
        into.entries.push((k.to_vec(), v.to_vec()));
    }
    Ok(None)
}

impl Store {
    /// A copy of the store (see the module's comment for how it stays
    /// consistent while the bot runs), taken at `taken_at`; and how the bot
    /// waited for it.
    pub fn backup(&self, taken_at: i64) -> Result<(Backup, Pauses), StoreError> {
        let mut copies: Vec<Tree> = KEPT
            .iter()
            .map(|name| Tree {
                name: name.to_string(),
                entries: vec![],
            })
            .collect();
        let mut erasures = None;
        let mut pauses = Pauses::default();
        // Chats, a batch at a time: the next batch starts at `from`.
        let mut from: Vec<u8> = Vec::new();
        loop {
            let paused = Instant::now();
            let live = self.live.write();
            // The log as it stands before anything is copied: erasures
            // noted from here on are after the backup, and a restore
            // re-applies them.
            erasures.get_or_insert_with(|| self.erasures.lock().clone());
            let trees = trees(&live);
            let upto = read_batch(&live.db, &from, CHATS_PER_PAUSE, &mut copies[0])?;
            // The same chats' entries in the other trees keyed by chat.
            let range: Range = (
                Bound::Included(from.clone()),
                upto.clone().map_or(Bound::Unbounded, Bound::Excluded),
            );
            for (i, (_, tree)) in trees.iter().enumerate().take(4).skip(1) {
                read_range(tree, range.clone(), &mut copies[i])?;
            }
            drop(live);
            pauses.add(paused.elapsed());
            match upto {
                Some(next) => from = next,
                None => break,
            }
        }
        // The day counters: sums that only grow, read a batch at a time.
        let mut from: Vec<u8> = Vec::new();
        loop {
            let paused = Instant::now();
            let live = self.live.write();
            let upto = read_batch(&live.counters, &from, COUNTERS_PER_PAUSE, &mut copies[4])?;
            drop(live);
            pauses.add(paused.elapsed());
            match upto {
                Some(next) => from = next,
                None => break,
            }
        }
        let backup = Backup {
            taken_at,
            store_format: FORMAT_VERSION,
            erasures: erasures.unwrap_or_else(|| self.erasures.lock().clone()),
            trees: copies,
        };
        Ok((backup, pauses))
    }

    /// Whether the store holds nothing a backup would.
    pub fn is_blank(&self) -> bool {
        let live = self.live();
        trees(&live).iter().all(|(_, tree)| tree.is_empty())
    }

    /// Replaces everything in the store with `backup`, leaving out the
    /// chats in `erased`; `log` becomes the store's erasure log. Written
    /// into a fresh copy that takes over whole ([`super::rewrite`]).
    fn restore_from(
        &self,
        backup: &Backup,
        erased: &HashSet<ChatKey>,
        log: ErasureLog,
    ) -> Result<u64, StoreError> {
        // The log first: should the restore fail, a log that knows more
        // erasures than the store needs does no harm.
        log.write(&self.dir)?;
        *self.erasures.lock() = log;
        let done = self.replace_copy(|_, fresh| import(backup, erased, fresh))?;
        Ok(done.entries)
    }
}

/// Writes a backup into a fresh copy of the store, leaving out `erased`
/// chats, and rebuilds every index from what it wrote.
fn import(backup: &Backup, erased: &HashSet<ChatKey>, to: &Live) -> Result<u64, StoreError> {
    let kept = |k: &[u8]| chat_of(k).is_none_or(|chat| !erased.contains(&chat));
    let mut written = 0;
    for (name, target) in trees(to) {
        let by_chat = name != counters::COUNTERS;
        for chunk in backup.tree(name).chunks(RESTORE_BATCH) {
            let mut batch = sled::Batch::default();
            for (k, v) in chunk.iter().filter(|(k, _)| !by_chat || kept(k)) {
                batch.insert(k.as_slice(), v.as_slice());
                written += 1;
            }
            target.apply_batch(batch)?;
        }
    }
    // The indexes, from the backup itself (a walk over the fresh trees
    // while writing them would make sled hold far more in memory), a
    // batch at a time.
    for chunk in backup.tree(DIALOGUES).chunks(RESTORE_BATCH) {
        let mut by_touched = sled::Batch::default();
        let mut by_due = sled::Batch::default();
        for (k, v) in chunk.iter().filter(|(k, _)| kept(k)) {
            let (Some(chat), Some(record)) = (chat_of(k), decode(v)) else {
                continue;
            };
            by_touched.insert(&time_key(record.touched, chat), &[]);
            if record.session.companion.reminders_since.is_some() {
                // Due at once: which reminder comes next depends on the
                // content the bot runs with (documents the firm added carry
                // dates of their own), which a restore does not know. The
                // reminder loop visits the chat as soon as the bot starts,
                // sends what is due by then, and indexes the next one with
                // the content in force.
                by_due.insert(&time_key(VISIT_AT_ONCE, chat), &[]);
            }
        }
        to.by_touched.apply_batch(by_touched)?;
        to.by_due.apply_batch(by_due)?;
    }
    for (k, v) in backup
        .tree(handover::REQUESTS)
        .iter()
        .filter(|(k, _)| kept(k))
    {
        let Some(Request::Open(open)) = handover::decode(v) else {
            continue;
        };
        let keys = handover::index_keys(&open);
        for message in &keys.messages {
            to.by_staff_message.insert(&message[..], k.as_slice())?;
        }
        if let Some(topic) = keys.topic {
            to.by_topic.insert(&topic[..], k.as_slice())?;
        }
        to.by_reference.insert(keys.reference, k.as_slice())?;
    }
    super::mark_format(to)?;
    Ok(written)
}

/// What a restore did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Restored {
    /// What the restored store holds.
    pub summary: Summary,
    /// Chats in the backup erased after it was taken: left out.
    pub erased: usize,
    /// Whether it replaced a store that held something.
    pub replaced: bool,
}

/// Why a restore did not happen; nothing was written.
#[derive(Debug)]
pub enum RestoreError {
    /// The directory holds a store with something in it, and it was not
    /// to be replaced.
    HoldsData {
        dialogues: usize,
    },
    /// A running bot holds the store.
    InUse(String),
    /// An erasure log no longer reaches back to the backup: erasures made
    /// since may have been dropped from it ([`super::erasures::KEPT_FOR`]).
    LogTooShort {
        log: String,
        complete_since: i64,
    },
    Other(String),
}

impl From<StoreError> for RestoreError {
    fn from(e: StoreError) -> RestoreError {
        RestoreError::Other(e.to_string())
    }
}

/// Restores `backup` into the data directory `dir` (created when missing).
/// Chats erased after the backup was taken, per the erasure log in `dir`
/// and `more_erasures` (the log of the store the backup came from, kept
/// elsewhere), are left out. A store that holds anything is replaced only
/// when `replace`. Reminders are counted as of `today`.
pub fn restore(
    dir: &Path,
    backup: &Backup,
    more_erasures: Option<&ErasureLog>,
    replace: bool,
    today: NaiveDate,
) -> Result<Restored, RestoreError> {
    let here = ErasureLog::read(dir).map_err(RestoreError::Other)?;
    let own_name = dir.join(super::erasures::FILE).display().to_string();
    let logs: Vec<(String, &ErasureLog)> = here
        .iter()
        .map(|log| (own_name.clone(), log))
        .chain(more_erasures.map(|log| ("the erasure log given".to_string(), log)))
        .collect();
    let chats = backup.chats();
    let mut erased = HashSet::new();
    for (name, log) in &logs {
        let after = log
            .after(&backup.erasures, backup.taken_at)
            .map_err(|too_old| RestoreError::LogTooShort {
                log: name.clone(),
                complete_since: too_old.complete_since,
            })?;
        let hashes: HashSet<_> = after.iter().map(|e| e.chat).collect();
        if !hashes.is_empty() {
            erased.extend(chats.iter().filter(|c| hashes.contains(&log.hash(**c))));
        }
    }
    // The log the restored store keeps: the directory's own if it has one,
    // else the one given, else the backup's; with what the others of the
    // same log know.
    let mut log = logs
        .first()
        .map_or_else(|| backup.erasures.clone(), |(_, l)| (*l).clone());
    for other in logs.iter().map(|(_, l)| *l).chain([&backup.erasures]) {
        log.merge(other);
    }
    let store = super::open(dir, Durability::Background).map_err(|e| match e {
        OpenError::InUse(why) => RestoreError::InUse(why),
        other => RestoreError::Other(other.to_string()),
    })?;
    let replaced = !store.is_blank();
    if replaced && !replace {
        return Err(RestoreError::HoldsData {
            dialogues: store.len(),
        });
    }
    store.restore_from(backup, &erased, log)?;
    Ok(Restored {
        summary: backup.summary_without(&erased, today),
        erased: erased.len(),
        replaced,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::companion::Reminder;
    use crate::lang::Lang;
    use crate::staff::tally::{Count, Tally};
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
        let rebuilt = [
            TIME_INDEX,
            reminders::DUE_INDEX,
            handover::BY_MESSAGE,
            handover::BY_TOPIC,
            handover::BY_REFERENCE,
            super::super::META,
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

    /// Each kept tree's entries land in the backup's list of the same name,
    /// whole: every tree holds entries of its own (the value names the tree),
    /// more chats and counters than one batch reads, and chats in the other
    /// trees that have no dialogue. A copy that goes to another tree's list,
    /// or misses a batch, fails here.
    #[test]
    fn every_kept_tree_is_copied_into_the_list_of_its_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::open(dir.path(), Durability::Background).unwrap();
        let chats = 2 * CHATS_PER_PAUSE as i64 + 44;
        let counter_entries = COUNTERS_PER_PAUSE + 476;
        let mut written: HashMap<&str, Vec<(Vec<u8>, Vec<u8>)>> = HashMap::new();
        {
            let live = store.live();
            for (n, name) in KEPT.into_iter().enumerate() {
                // Found by sled's own name, not by the backup's table of trees.
                let tree: sled::Tree = if name == DIALOGUES {
                    (*live.db).clone()
                } else {
                    live.db.open_tree(name).unwrap()
                };
                let keys: Vec<Vec<u8>> = if name == counters::COUNTERS {
                    (0..counter_entries)
                        .map(|i| format!("day {i:05}").into_bytes())
                        .collect()
                } else {
                    // Group chats (negative ids) too; beside the dialogues,
                    // every tree skips some chats and holds one of its own.
                    (-20..chats)
                        .filter(|chat| name == DIALOGUES || chat % (n as i64 + 1) != 1)
                        .chain((name != DIALOGUES).then_some(chats + n as i64))
                        .map(|chat| chat.to_be_bytes().to_vec())
                        .collect()
                };
                let mut entries: Vec<(Vec<u8>, Vec<u8>)> = keys
                    .into_iter()
                    .enumerate()
                    .map(|(i, k)| (k, format!("{name} {i}").into_bytes()))
                    .collect();
                for (k, v) in &entries {
                    tree.insert(k, v.as_slice()).unwrap();
                }
                entries.sort();
                written.insert(name, entries);
            }
        }
        let (backup, pauses) = store.backup(0).unwrap();
        for name in KEPT {
            assert_eq!(backup.tree(name), written[name].as_slice(), "the tree {name}");
        }
        assert_eq!(backup.trees.len(), KEPT.len());
        assert_eq!(pauses.count, 3 + 2, "three batches of chats, two of counters");
    }
}
