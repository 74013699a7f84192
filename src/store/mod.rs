//! Conversations on disk: each chat's [`ChatRecord`] in sled, an embedded
//! store with no server to run, with a time index for the privacy
//! [`sweep`] and the staff's per-day [`counters`]. Any front end can use it;
//! chats are keyed by their numeric id.
//!
//! Durability: [`Durability::Flushed`] makes every write durable before
//! [`Store::write`] returns, so a reply is only sent once its step is on
//! disk. Flushes are grouped: writers that arrive while a flush runs share
//! the next one, so the cost per write falls as load rises.

pub mod backup;
mod business;
pub mod counters;
pub mod erasures;
mod handover;
mod live;
mod notices;
mod opening;
pub mod record;
mod reminders;
pub mod rewrite;
pub mod sweep;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use parking_lot::{Mutex, RwLock, RwLockReadGuard};

pub use backup::{Backup, FileError, Pauses, RestoreError, Restored, Summary, restore};
pub use erasures::ErasureLog;
pub use handover::{OpenRequest, Relayed, Request};
pub use opening::{OpenError, create_private_dir, exists, open};
pub use record::{ChatRecord, HandledUpdates, decode, encode};
pub use reminders::Planner;

pub(crate) use live::{Live, mark_format};

/// The store format this build writes: the version of its dialogues'
/// encoding ([`record`]). It reads every format from [`OLDEST_FORMAT`]
/// up, and refuses a store a newer build wrote (it would misread it).
pub const FORMAT: u8 = record::FORMAT_VERSION;
pub const OLDEST_FORMAT: u8 = record::FORMAT_JSON;

/// sled's page cache. Its default (1 GiB) lets a scan of a large store (the
/// one-time indexing of an old store) pull every page into memory; dialogues
/// are small and each is read once per update, so a small cache costs nothing.
pub const CACHE_BYTES: u64 = 8 * 1024 * 1024;

/// Writers that arrive within this window share one flush: at moderate load
/// most flushes would otherwise carry a single write.
pub const GROUP_COMMIT_WINDOW: std::time::Duration = std::time::Duration::from_millis(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// Every write is flushed to disk before it is acknowledged (the default).
    Flushed,
    /// Writes reach disk with sled's own background flush, every 500 ms.
    Background,
}

#[derive(Debug)]
pub enum StoreError {
    Sled(sled::Error),
    Encode(postcard::Error),
    Join(tokio::task::JoinError),
    /// The system's random numbers (for a request's reference).
    Random(getrandom::Error),
    /// The data directory's files, while rewriting the store.
    Io(std::io::Error),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Sled(e) => write!(f, "storage: {e}"),
            StoreError::Encode(e) => write!(f, "storage encoding: {e}"),
            StoreError::Join(e) => write!(f, "storage flush task: {e}"),
            StoreError::Random(e) => write!(f, "random numbers: {e}"),
            StoreError::Io(e) => write!(f, "storage files: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Io(e)
    }
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        StoreError::Sled(e)
    }
}

/// The store of one data directory, shared by everything that reads or
/// writes chats.
///
/// Its methods are spread over eight files on purpose: each `impl Store`
/// block stands beside the trees and the encoding it works on. Here: the
/// dialogues (read, write, remove, erase) and the time index;
/// `reminders.rs`: the reminders sent and the index by due time;
/// `handover.rs`: requests to the office and the indexes back from the
/// staff's messages; `notices.rs`: the admins' review notices;
/// `business.rs`: the firm's own account's connections and client chats;
/// `rewrite.rs`: a fresh copy that leaves deleted data behind;
/// `backup/take.rs` and `backup/restore.rs`: taking a backup and restoring
/// one. Opening a store is `opening.rs`; the trees on disk are `live.rs`.
pub struct Store {
    /// The open database and its trees. A rewrite ([`rewrite`]) replaces
    /// them whole, holding this lock for writing: every operation holds it
    /// for reading while it touches sled, so none is half-done in the old
    /// copy when the new one takes over.
    live: RwLock<Live>,
    /// `BOT_DATA_DIR`.
    dir: PathBuf,
    /// Something was deleted since the last rewrite (also on disk, as
    /// [`rewrite::MARKER`], so a restart rewrites too).
    forgotten: AtomicBool,
    /// The chats erased on request, as on disk ([`erasures`]).
    erasures: Mutex<ErasureLog>,
    durability: Durability,
    /// Writes made so far (a sequence number per write).
    written: AtomicU64,
    /// Writes known to be on disk.
    flushed: AtomicU64,
    /// One flush at a time; waiters re-check `flushed` once they hold it.
    flush_lock: tokio::sync::Mutex<()>,
    /// How a chat's reminders are planned: the content and the day in
    /// force, as the front end has them ([`Store::plan_reminders_with`]).
    planner: RwLock<std::sync::Arc<reminders::Planner>>,
}

/// A chat's id, the key of its record.
pub type ChatKey = i64;

pub(crate) fn key(chat: ChatKey) -> [u8; 8] {
    chat.to_be_bytes()
}

const TIME_INDEX: &str = "by_touched";

/// Sorts by time: the sign bit flipped, so negative times sort first too.
pub(crate) fn time_key(touched: i64, chat: ChatKey) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&((touched as u64) ^ (1 << 63)).to_be_bytes());
    k[8..].copy_from_slice(&chat.to_be_bytes());
    k
}

/// The keys of a time index for times before `time`. Its first key is chat
/// 0's: a key's chat is its two's-complement bytes, which sort 0 first and
/// `i64::MIN` (`0x80…`) after every positive id.
pub(crate) fn times_before(time: i64) -> std::ops::RangeTo<[u8; 16]> {
    ..time_key(time, 0)
}

pub(crate) fn from_time_key(k: &[u8]) -> Option<(i64, ChatKey)> {
    let touched = u64::from_be_bytes(k.get(..8)?.try_into().ok()?) ^ (1 << 63);
    let chat = i64::from_be_bytes(k.get(8..16)?.try_into().ok()?);
    Some((touched as i64, chat))
}

impl Store {
    /// The store as it is now, held for reading: a rewrite waits until it
    /// is dropped. Never held across an `.await` (the guard is not `Send`);
    /// taken again by the same thread without waiting.
    pub(crate) fn live(&self) -> RwLockReadGuard<'_, Live> {
        self.live.read_recursive()
    }

    /// Makes every write issued so far durable; concurrent callers share one flush.
    async fn make_durable(&self, my_write: u64) -> Result<(), StoreError> {
        if self.durability == Durability::Background {
            return Ok(());
        }
        let _turn = self.flush_lock.lock().await;
        if self.flushed.load(Ordering::Acquire) >= my_write {
            return Ok(()); // a flush that began after this write has finished
        }
        tokio::time::sleep(GROUP_COMMIT_WINDOW).await;
        let target = self.written.load(Ordering::Acquire);
        // The copy in use now: a rewrite since the write carried it over
        // and flushed it.
        let db = self.live().db.clone();
        tokio::task::spawn_blocking(move || db.flush())
            .await
            .map_err(StoreError::Join)??;
        self.flushed.fetch_max(target, Ordering::AcqRel);
        Ok(())
    }

    fn note_write(&self) -> u64 {
        self.written.fetch_add(1, Ordering::AcqRel) + 1
    }

    /// Makes a write just made durable (with [`Durability::Flushed`]).
    async fn durable(&self) -> Result<(), StoreError> {
        let write = self.note_write();
        self.make_durable(write).await
    }

    /// Blocking flush, for shutdown.
    pub fn flush_now(&self) -> Result<(), StoreError> {
        self.live().db.flush()?;
        Ok(())
    }

    /// One chat's record; an unreadable one (a format this build cannot
    /// read) comes back as [`ChatRecord::unreadable`].
    pub fn read(&self, chat: ChatKey) -> Result<Option<ChatRecord>, StoreError> {
        let Some(bytes) = self.live().db.get(key(chat))? else {
            return Ok(None);
        };
        Ok(Some(decode(&bytes).unwrap_or_else(|| {
            log::warn!("chat {chat}: stored dialogue unreadable, starting over");
            ChatRecord::unreadable()
        })))
    }

    /// Stores one chat's record; durable on return with [`Durability::Flushed`].
    pub async fn write(&self, chat: ChatKey, record: &ChatRecord) -> Result<(), StoreError> {
        let bytes = encode(record).map_err(StoreError::Encode)?;
        self.write_now(chat, record, bytes)?;
        let write = self.note_write();
        self.make_durable(write).await
    }

    fn write_now(
        &self,
        chat: ChatKey,
        record: &ChatRecord,
        bytes: Vec<u8>,
    ) -> Result<(), StoreError> {
        let live = self.live();
        let touched = record.touched;
        // The index is written only when the time changes (it is kept to
        // the hour): each sled write costs about as much as the record's
        // own, and one chat's updates come one at a time, so nothing writes
        // in between.
        let old_touched = live
            .db
            .get(key(chat))?
            .and_then(|old| decode(&old))
            .map(|old| old.touched);
        // Index first: a crash between the writes leaves an extra index
        // entry (the sweep checks it), never a dialogue it cannot find.
        if old_touched != Some(touched) {
            live.by_touched.insert(time_key(touched, chat), &[])?;
        }
        live.db.insert(key(chat), bytes)?;
        if let Some(old) = old_touched
            && old != touched
        {
            live.by_touched.remove(time_key(old, chat))?;
        }
        self.index_next_reminder(chat, record)
    }

    /// Deletes one chat's record; durable on return with [`Durability::Flushed`].
    pub async fn remove(&self, chat: ChatKey) -> Result<(), StoreError> {
        self.remove_dialogue_now(chat)?;
        self.durable().await
    }

    fn remove_dialogue_now(&self, chat: ChatKey) -> Result<(), StoreError> {
        let live = self.live();
        self.forgetting()?;
        live.marks.remove(key(chat))?;
        if let Some(old) = live.db.remove(key(chat))?
            && let Some(old) = decode(&old)
        {
            live.by_touched.remove(time_key(old.touched, chat))?;
        }
        // Its reminder index entries are left: the reminder loop finds
        // no record and drops them, and a rewrite leaves them out.
        live.sent.remove(key(chat))?;
        Ok(())
    }

    /// Erases a chat on its request (`/forget`) at `at` (Unix seconds):
    /// noted in the erasure log first (on disk), then its dialogue, mark,
    /// reminders, any request and what is kept of the person's chats with
    /// the firm's own account deleted. All under one hold on the store,
    /// so a backup holds either the chat and not the erasure, or neither:
    /// a restore then re-applies every erasure the backup may predate.
    /// Durable on return with [`Durability::Flushed`].
    pub async fn erase(&self, chat: ChatKey, at: i64) -> Result<(), StoreError> {
        {
            let _live = self.live();
            {
                let mut log = self.erasures.lock();
                log.note(chat, at);
                log.write(&self.dir)?;
            }
            self.close_request_now(chat, None)?;
            self.remove_dialogue_now(chat)?;
            self.remove_business_chats_now(chat)?;
        }
        self.durable().await
    }

    /// Every stored chat and its raw value (for indexing an old store once).
    pub fn entries(&self) -> impl Iterator<Item = (ChatKey, sled::IVec)> + use<> {
        self.live().db.iter().filter_map(|item| {
            let (k, v) = item.ok()?;
            let id = i64::from_be_bytes(k.as_ref().try_into().ok()?);
            Some((id, v))
        })
    }

    pub fn len(&self) -> usize {
        self.live().db.len()
    }

    pub fn is_empty(&self) -> bool {
        self.live().db.is_empty()
    }

    pub fn size_on_disk(&self) -> u64 {
        self.live().db.size_on_disk().unwrap_or(0)
    }

    /// Dialogues the time index says were last touched before `cutoff`,
    /// oldest first. The index may hold an entry a crash left behind, and a
    /// dialogue can change after this is read: the caller checks the
    /// dialogue itself, and removes it only if unchanged
    /// ([`Store::remove_if_unchanged`]).
    pub fn touched_before(&self, cutoff: i64) -> impl Iterator<Item = (i64, ChatKey)> + use<> {
        self.live()
            .by_touched
            .range(times_before(cutoff))
            .filter_map(|item| from_time_key(&item.ok()?.0))
    }

    /// The raw stored value of one chat.
    pub fn raw(&self, chat: ChatKey) -> Result<Option<sled::IVec>, StoreError> {
        Ok(self.live().db.get(key(chat))?)
    }

    /// Removes one chat's dialogue, if it is still `stored` (the bytes the
    /// caller read), and its index entry for `touched`, without flushing (the
    /// sweep flushes once at the end); `false` when the dialogue changed
    /// since it was read.
    ///
    /// The check and the removal are one step (sled's compare-and-swap): an
    /// applicant's update can be written between the sweep's read and its
    /// removal, and a plain removal then deleted the step just saved.
    pub fn remove_if_unchanged(
        &self,
        chat: ChatKey,
        touched: i64,
        stored: &[u8],
    ) -> Result<bool, StoreError> {
        let live = self.live();
        // Noted before the removal, as for every deletion: a crash between
        // the two then still leaves the rewrite due. A dialogue that turns
        // out changed costs at most one rewrite that removes nothing.
        self.forgetting()?;
        if live
            .db
            .compare_and_swap(key(chat), Some(stored), None::<&[u8]>)?
            .is_err()
        {
            return Ok(false);
        }
        live.marks.remove(key(chat))?;
        live.sent.remove(key(chat))?;
        live.by_touched.remove(time_key(touched, chat))?;
        Ok(true)
    }

    /// Drops an index entry that no longer matches its dialogue.
    pub fn forget_index_entry(&self, chat: ChatKey, touched: i64) -> Result<(), StoreError> {
        self.live().by_touched.remove(time_key(touched, chat))?;
        Ok(())
    }

    /// Builds the time index for a store written before it existed (once).
    pub fn index_if_missing(&self) -> Result<usize, StoreError> {
        let live = self.live();
        if !live.by_touched.is_empty() || live.db.is_empty() {
            return Ok(0);
        }
        let mut indexed = 0;
        for (chat, bytes) in self.entries() {
            if let Some(record) = decode(&bytes) {
                live.by_touched
                    .insert(time_key(record.touched, chat), &[])?;
                indexed += 1;
            }
        }
        live.db.flush()?;
        Ok(indexed)
    }
}
