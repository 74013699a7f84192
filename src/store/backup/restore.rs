//! Restoring a backup: the erasures made since it was taken worked out
//! from the erasure logs, then the backup written into a fresh copy of the
//! store that takes over whole, its indexes rebuilt from what was written.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;

use super::{Backup, DIALOGUES, KEPT, Summary, by_chat, chat_of, stored};
use crate::store::erasures::{self, ErasureLog};
use crate::store::handover::{self, Request};
use crate::store::record::decode;
use crate::store::{ChatKey, Durability, Live, OpenError, Store, StoreError, time_key};

/// Entries written per sled batch on restore: sled holds a batch's work in
/// memory until it is applied whole (restoring 100,000 dialogues, batches
/// of 10,000 peaked at 680 MiB, of 250 at 83 MiB, and were no slower).
const RESTORE_BATCH: usize = 250;
/// The due time a restored chat with reminders is indexed at: the epoch,
/// before any clock's now (see [`index_times_and_due`]).
const VISIT_AT_ONCE: i64 = 0;

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
    /// since may have been dropped from it ([`erasures::KEPT_FOR`]).
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
    let own_name = dir.join(erasures::FILE).display().to_string();
    let logs: Vec<(String, &ErasureLog)> = here
        .iter()
        .map(|log| (own_name.clone(), log))
        .chain(more_erasures.map(|log| ("the erasure log given".to_string(), log)))
        .collect();
    let erased = erased_since(backup, &logs)?;
    let log = log_to_keep(backup, &logs);
    let store = crate::store::open(dir, Durability::Background).map_err(|e| match e {
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

/// The chats of `backup` that one of `logs` (each with the name an error
/// gives it) says were erased after the backup was taken.
fn erased_since(
    backup: &Backup,
    logs: &[(String, &ErasureLog)],
) -> Result<HashSet<ChatKey>, RestoreError> {
    let chats = backup.chats();
    let mut erased = HashSet::new();
    for (name, log) in logs {
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
    Ok(erased)
}

/// The log the restored store keeps: the directory's own if it has one,
/// else the one given (the first of `logs`), else the backup's; with what
/// the others of the same log know.
fn log_to_keep(backup: &Backup, logs: &[(String, &ErasureLog)]) -> ErasureLog {
    let mut log = logs
        .first()
        .map_or_else(|| backup.erasures.clone(), |(_, l)| (*l).clone());
    for other in logs.iter().map(|(_, l)| *l).chain([&backup.erasures]) {
        log.merge(other);
    }
    log
}

impl Store {
    /// Replaces everything in the store with `backup`, leaving out the
    /// chats in `erased`; `log` becomes the store's erasure log. Written
    /// into a fresh copy that takes over whole ([`crate::store::rewrite`]).
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
/// chats, and rebuilds every index from what it wrote; returns the
/// entries written.
fn import(backup: &Backup, erased: &HashSet<ChatKey>, to: &Live) -> Result<u64, StoreError> {
    let kept = |k: &[u8]| chat_of(k).is_none_or(|chat| !erased.contains(&chat));
    let written = copy_trees(backup, &kept, to)?;
    // The indexes, from the backup itself (a walk over the fresh trees
    // while writing them would make sled hold far more in memory).
    index_times_and_due(backup, &kept, to)?;
    index_requests(backup, &kept, to)?;
    crate::store::mark_format(to)?;
    Ok(written)
}

/// Every kept tree into the store's tree of the same name, but for the
/// entries of chats not `kept`; returns the entries written.
fn copy_trees(
    backup: &Backup,
    kept: &impl Fn(&[u8]) -> bool,
    to: &Live,
) -> Result<u64, StoreError> {
    let mut written = 0;
    for name in KEPT {
        let target = stored(to, name);
        for chunk in backup.tree(name).chunks(RESTORE_BATCH) {
            let mut batch = sled::Batch::default();
            for (k, v) in chunk.iter().filter(|(k, _)| !by_chat(name) || kept(k)) {
                batch.insert(k.as_slice(), v.as_slice());
                written += 1;
            }
            target.apply_batch(batch)?;
        }
    }
    Ok(written)
}

/// The time index and the reminder index of the kept dialogues, a batch
/// at a time.
fn index_times_and_due(
    backup: &Backup,
    kept: &impl Fn(&[u8]) -> bool,
    to: &Live,
) -> Result<(), StoreError> {
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
    Ok(())
}

/// The indexes that lead a staff reply back to its request (by message,
/// forum topic or reference), for the kept chats' open requests.
fn index_requests(
    backup: &Backup,
    kept: &impl Fn(&[u8]) -> bool,
    to: &Live,
) -> Result<(), StoreError> {
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
    Ok(())
}
