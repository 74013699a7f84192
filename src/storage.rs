//! Conversations on disk: a teloxide [`Storage`] over sled, an embedded
//! store with no server to run.
//!
//! Durability: [`Durability::Flushed`] makes every write durable before
//! `update_dialogue` returns, so a reply is only sent once its step is on
//! disk. Flushes are grouped: writers that arrive while a flush runs share
//! the next one, so the cost per write falls as load rises.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use serde::de::DeserializeOwned;
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// sled's page cache. Its default (1 GiB) lets a scan of a large store
/// (statistics, the sweep) pull every page into memory; dialogues are small
/// and each is read once per update, so a small cache costs nothing.
pub const CACHE_BYTES: u64 = 8 * 1024 * 1024;

/// Writers that arrive within this window share one flush: at moderate load
/// most flushes would otherwise carry a single write.
pub const GROUP_COMMIT_WINDOW: std::time::Duration = std::time::Duration::from_millis(1);

/// The first byte of every stored value: the encoding's version. A value
/// of a version this build cannot read is "unreadable", never a crash.
///
/// Version 3 is postcard: compact but not self-describing, so any change to
/// the stored types needs a new version, and the state type keeps a decoder
/// for each earlier one ([`StoredState::decode_earlier`]), so conversations
/// carry over an upgrade. Version 2 was postcard with the previous layout;
/// version 1, JSON.
const FORMAT_VERSION: u8 = 3;
/// Earlier versions, for [`StoredState::decode_earlier`].
pub const FORMAT_POSTCARD_V2: u8 = 2;
pub const FORMAT_JSON: u8 = 1;

/// A dialogue state the storage can stand in for when stored bytes cannot be read.
pub trait StoredState: Serialize + DeserializeOwned + Send + 'static {
    /// The state that says "what was stored here could not be read".
    fn unreadable() -> Self;
    /// When the state last changed (Unix seconds): the key of the time index.
    fn touched(&self) -> i64;
    /// Reads a value an earlier build stored in encoding `version` (the
    /// bytes after the version byte); `None` when it cannot.
    fn decode_earlier(version: u8, bytes: &[u8]) -> Option<Self> {
        let _ = (version, bytes);
        None
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// Every write is flushed to disk before it is acknowledged (the default).
    Flushed,
    /// Writes reach disk with sled's own background flush, every 500 ms.
    Background,
}

#[derive(Debug)]
pub enum StorageError {
    Sled(sled::Error),
    Encode(postcard::Error),
    Join(tokio::task::JoinError),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Sled(e) => write!(f, "storage: {e}"),
            StorageError::Encode(e) => write!(f, "storage encoding: {e}"),
            StorageError::Join(e) => write!(f, "storage flush task: {e}"),
        }
    }
}

impl std::error::Error for StorageError {}

impl From<sled::Error> for StorageError {
    fn from(e: sled::Error) -> Self {
        StorageError::Sled(e)
    }
}

pub struct SledStorage {
    db: sled::Db,
    /// The time index: `touched ++ chat id` for every dialogue, so the
    /// retention sweep visits only stale dialogues. A full scan would make
    /// sled keep every node it visited in memory (about 220 bytes a dialogue).
    by_touched: sled::Tree,
    durability: Durability,
    /// Writes made so far (a sequence number per write).
    written: AtomicU64,
    /// Writes known to be on disk.
    flushed: AtomicU64,
    /// One flush at a time; waiters re-check `flushed` once they hold it.
    flush_lock: tokio::sync::Mutex<()>,
}

/// Why the store could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// Another process (a running bot) holds the store: sled allows one at a time.
    InUse(String),
    Other(String),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::InUse(text) | OpenError::Other(text) => f.write_str(text),
        }
    }
}

impl From<OpenError> for String {
    fn from(e: OpenError) -> String {
        e.to_string()
    }
}

/// Opens (or creates) the store in `dir`, which is created owner-only.
pub fn open(dir: &Path, durability: Durability) -> Result<Arc<SledStorage>, OpenError> {
    create_private_dir(dir).map_err(OpenError::Other)?;
    let db = sled::Config::new()
        .path(dir.join("dialogues"))
        .cache_capacity(CACHE_BYTES)
        .open()
        .map_err(|e| explain_open_error(dir, e))?;
    let by_touched = db
        .open_tree(TIME_INDEX)
        .map_err(|e| explain_open_error(dir, e))?;
    Ok(Arc::new(SledStorage {
        db,
        by_touched,
        durability,
        written: AtomicU64::new(0),
        flushed: AtomicU64::new(0),
        flush_lock: tokio::sync::Mutex::new(()),
    }))
}

fn explain_open_error(dir: &Path, error: sled::Error) -> OpenError {
    let text = error.to_string();
    if text.contains("lock")
        || text.contains("WouldBlock")
        || text.contains("temporarily unavailable")
    {
        OpenError::InUse(format!(
            "the data directory {} is in use by another kz-residence-bot process (sled allows one at a time)",
            dir.display()
        ))
    } else {
        OpenError::Other(format!(
            "cannot open the data directory {}: {text}",
            dir.display()
        ))
    }
}

/// Creates `dir` (and its parents) readable by the owner only.
pub fn create_private_dir(dir: &Path) -> Result<(), String> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| format!("cannot create the data directory {}: {e}", dir.display()))
}

fn key(chat_id: ChatId) -> [u8; 8] {
    chat_id.0.to_be_bytes()
}

const TIME_INDEX: &str = "by_touched";

/// Sorts by time: the sign bit flipped, so negative times sort first too.
fn time_key(touched: i64, chat_id: ChatId) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&((touched as u64) ^ (1 << 63)).to_be_bytes());
    k[8..].copy_from_slice(&chat_id.0.to_be_bytes());
    k
}

fn from_time_key(k: &[u8]) -> Option<(i64, ChatId)> {
    let touched = u64::from_be_bytes(k.get(..8)?.try_into().ok()?) ^ (1 << 63);
    let chat = i64::from_be_bytes(k.get(8..16)?.try_into().ok()?);
    Some((touched as i64, ChatId(chat)))
}

pub fn encode<D: Serialize>(state: &D) -> Result<Vec<u8>, postcard::Error> {
    let mut bytes = vec![FORMAT_VERSION];
    bytes.extend(postcard::to_stdvec(state)?);
    Ok(bytes)
}

/// `None` when the bytes are of an unknown version or do not decode.
pub fn decode<D: StoredState>(bytes: &[u8]) -> Option<D> {
    match bytes.split_first() {
        Some((&FORMAT_VERSION, rest)) => postcard::from_bytes(rest).ok(),
        Some((&version, rest)) => D::decode_earlier(version, rest),
        None => None,
    }
}

impl SledStorage {
    /// Makes every write issued so far durable; concurrent callers share one flush.
    async fn make_durable(&self, my_write: u64) -> Result<(), StorageError> {
        if self.durability == Durability::Background {
            return Ok(());
        }
        let _turn = self.flush_lock.lock().await;
        if self.flushed.load(Ordering::Acquire) >= my_write {
            return Ok(()); // a flush that began after this write has finished
        }
        tokio::time::sleep(GROUP_COMMIT_WINDOW).await;
        let target = self.written.load(Ordering::Acquire);
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || db.flush())
            .await
            .map_err(StorageError::Join)??;
        self.flushed.fetch_max(target, Ordering::AcqRel);
        Ok(())
    }

    fn note_write(&self) -> u64 {
        self.written.fetch_add(1, Ordering::AcqRel) + 1
    }

    /// Blocking flush, for shutdown.
    pub fn flush_now(&self) -> Result<(), StorageError> {
        self.db.flush()?;
        Ok(())
    }

    /// Every stored chat and its raw value, for statistics and sweeps.
    pub fn entries(&self) -> impl Iterator<Item = (ChatId, sled::IVec)> + '_ {
        self.db.iter().filter_map(|item| {
            let (k, v) = item.ok()?;
            let id = i64::from_be_bytes(k.as_ref().try_into().ok()?);
            Some((ChatId(id), v))
        })
    }

    pub fn len(&self) -> usize {
        self.db.len()
    }

    pub fn is_empty(&self) -> bool {
        self.db.is_empty()
    }

    pub fn size_on_disk(&self) -> u64 {
        self.db.size_on_disk().unwrap_or(0)
    }

    /// Dialogues the time index says were last touched before `cutoff`,
    /// oldest first. The index may hold an entry a crash left behind: the
    /// caller checks the dialogue itself.
    pub fn touched_before(&self, cutoff: i64) -> impl Iterator<Item = (i64, ChatId)> + '_ {
        self.by_touched
            .range(..time_key(cutoff, ChatId(i64::MIN)))
            .filter_map(|item| from_time_key(&item.ok()?.0))
    }

    /// The raw stored value of one chat.
    pub fn raw(&self, chat_id: ChatId) -> Result<Option<sled::IVec>, StorageError> {
        Ok(self.db.get(key(chat_id))?)
    }

    /// Removes one chat's dialogue and its index entry for `touched`,
    /// without flushing (the sweep flushes once at the end).
    pub fn remove_now(&self, chat_id: ChatId, touched: i64) -> Result<(), StorageError> {
        self.db.remove(key(chat_id))?;
        self.by_touched.remove(time_key(touched, chat_id))?;
        Ok(())
    }

    /// Drops an index entry that no longer matches its dialogue.
    pub fn forget_index_entry(&self, chat_id: ChatId, touched: i64) -> Result<(), StorageError> {
        self.by_touched.remove(time_key(touched, chat_id))?;
        Ok(())
    }

    /// Builds the time index for a store written before it existed (once).
    pub fn index_if_missing<D: StoredState>(&self) -> Result<usize, StorageError> {
        if !self.by_touched.is_empty() || self.db.is_empty() {
            return Ok(0);
        }
        let mut indexed = 0;
        for (chat_id, bytes) in self.entries() {
            if let Some(state) = decode::<D>(&bytes) {
                self.by_touched
                    .insert(time_key(state.touched(), chat_id), &[])?;
                indexed += 1;
            }
        }
        self.db.flush()?;
        Ok(indexed)
    }
}

impl<D> Storage<D> for SledStorage
where
    D: StoredState,
{
    type Error = StorageError;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<Result<(), StorageError>>
    where
        D: Send + 'static,
    {
        Box::pin(async move {
            if let Some(old) = self.db.remove(key(chat_id))?
                && let Some(old) = decode::<D>(&old)
            {
                self.by_touched.remove(time_key(old.touched(), chat_id))?;
            }
            let write = self.note_write();
            self.make_durable(write).await
        })
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        dialogue: D,
    ) -> BoxFuture<Result<(), StorageError>>
    where
        D: Send + 'static,
    {
        Box::pin(async move {
            let bytes = encode(&dialogue).map_err(StorageError::Encode)?;
            let touched = dialogue.touched();
            // The index is written only when the time changes: each write to
            // sled costs about as much as the dialogue's own (one chat's
            // updates come one at a time, so nothing writes in between).
            let old_touched = self
                .db
                .get(key(chat_id))?
                .and_then(|old| decode::<D>(&old))
                .map(|old| old.touched());
            // Index first: a crash between the writes leaves an extra index
            // entry (the sweep checks it), never a dialogue it cannot find.
            if old_touched != Some(touched) {
                self.by_touched.insert(time_key(touched, chat_id), &[])?;
            }
            self.db.insert(key(chat_id), bytes)?;
            if let Some(old) = old_touched
                && old != touched
            {
                self.by_touched.remove(time_key(old, chat_id))?;
            }
            let write = self.note_write();
            self.make_durable(write).await
        })
    }

    fn get_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<Result<Option<D>, StorageError>> {
        Box::pin(async move {
            let Some(bytes) = self.db.get(key(chat_id))? else {
                return Ok(None);
            };
            Ok(Some(decode(&bytes).unwrap_or_else(|| {
                log::warn!(
                    "chat {}: stored dialogue unreadable, starting over",
                    chat_id.0
                );
                D::unreadable()
            })))
        })
    }
}
