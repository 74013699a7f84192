//! Forgetting that reaches the disk. sled deletes logically: the old
//! versions of a deleted dialogue stay in its log files until sled happens
//! to reclaim them, which on a quiet bot may be never, and sled has no
//! secure delete and no compaction to ask for. So after a deletion
//! (`/forget`, the privacy sweep, a request to the office closed) the store
//! is rewritten: every tree is copied into a fresh database beside the old
//! one, which is then deleted. Deleted data is not copied, and neither are
//! index entries left pointing at a deleted dialogue.
//!
//! The copies live in `dialogues` (the first, as every earlier build wrote
//! it), then `dialogues.1`, `dialogues.2`, …; the file [`POINTER`] names the
//! one in use (none: `dialogues`). A rewrite:
//!
//! 1. flushes the store in use and copies it into the next directory,
//!    flushes that and syncs it to disk;
//! 2. writes the new name to `dialogues.current.tmp`, syncs it and renames
//!    it over [`POINTER`] (the moment the new copy takes over);
//! 3. deletes [`MARKER`], then the old directory.
//!
//! A crash before step 2 leaves the old copy in use and the new one half
//! written; after it, the new copy in use and maybe the old one still
//! there. [`recover`], at every open, deletes whichever directory is not
//! the one [`POINTER`] names, so either way the store opens with
//! everything, and the marker, still there, makes it rewrite again.
//!
//! The rewrite holds the store's lock for writing throughout: every read
//! and write waits (the bot pauses; README states for how long), so no step
//! is written into the old copy after it was copied.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::{Live, Store, StoreError, TIME_INDEX, from_time_key, key, reminders};

/// Names the store's directory in use.
pub const POINTER: &str = "dialogues.current";
const POINTER_TMP: &str = "dialogues.current.tmp";
/// Exists while something deleted may still be in the store's files: made
/// (and synced) before a deletion, removed once a rewrite has copied the
/// store without it.
pub const MARKER: &str = "dialogues.forgotten";
/// The first copy's directory, as every earlier build named it.
const FIRST: &str = "dialogues";

/// How long after a deletion the running bot rewrites the store: deleted
/// data leaves the disk within a day (the check runs every minute, and a
/// rewrite of 100,000 dialogues takes seconds), and one rewrite a day at
/// most takes a day's deletions off together.
pub const REWRITE_AFTER: Duration = Duration::from_secs(23 * 3600);

/// Entries copied per batch: bounds the memory a rewrite holds.
const BATCH: usize = 10_000;

/// The directory of the store's copy number `generation`.
pub fn dir_name(generation: u64) -> String {
    match generation {
        0 => FIRST.to_string(),
        n => format!("{FIRST}.{n}"),
    }
}

/// The copy number a directory name stands for, if it is one.
fn generation_of(name: &str) -> Option<u64> {
    match name.strip_prefix(FIRST)? {
        "" => Some(0),
        rest => rest.strip_prefix('.')?.parse().ok().filter(|&n| n > 0),
    }
}

/// The copy in use, from [`POINTER`] (none: the first).
fn read_pointer(dir: &Path) -> io::Result<u64> {
    match fs::read_to_string(dir.join(POINTER)) {
        Ok(text) => generation_of(text.trim()).ok_or_else(|| {
            io::Error::other(format!("{POINTER} names no store directory: {text:?}"))
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(e),
    }
}

/// The copy in use, without changing anything (for `stats`'s check).
pub(super) fn recover_readonly(dir: &Path) -> Option<u64> {
    read_pointer(dir).ok()
}

/// Finishes or undoes a rewrite a crash interrupted: deletes every copy
/// but the one in use, and returns its number.
pub(super) fn recover(dir: &Path) -> io::Result<u64> {
    let live = read_pointer(dir)?;
    if live > 0 && !dir.join(dir_name(live)).is_dir() {
        return Err(io::Error::other(format!(
            "{POINTER} names {}, which is missing",
            dir_name(live)
        )));
    }
    let _ = fs::remove_file(dir.join(POINTER_TMP));
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(generation) = name.to_str().and_then(generation_of) else {
            continue;
        };
        if generation != live && entry.file_type()?.is_dir() {
            log::info!("removing {} left by an interrupted rewrite", name.display());
            fs::remove_dir_all(entry.path())?;
        }
    }
    sync_dir(dir)?;
    Ok(live)
}

/// Whether something was deleted since the last rewrite, per the disk.
pub(super) fn marked(dir: &Path) -> bool {
    dir.join(MARKER).exists()
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// What a rewrite did.
#[derive(Clone, Copy, Debug)]
pub struct Rewritten {
    /// Entries copied, over every tree.
    pub entries: u64,
    /// How long reads and writes waited.
    pub paused: Duration,
    /// The store's size on disk before and after.
    pub bytes_before: u64,
    pub bytes_after: u64,
}

impl std::fmt::Display for Rewritten {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} entries copied in {} ms, {} KiB on disk before, {} KiB after",
            self.entries,
            self.paused.as_millis(),
            self.bytes_before / 1024,
            self.bytes_after / 1024
        )
    }
}

impl Store {
    /// Whether something was deleted since the last rewrite.
    pub fn has_forgotten(&self) -> bool {
        self.forgotten.load(Ordering::Acquire)
    }

    /// Notes, durably, that something is about to be deleted, so the next
    /// rewrite (at the latest at the next start) takes it off the disk.
    /// Called with the store held for reading, so no rewrite runs between
    /// this and the deletion.
    pub(super) fn forgetting(&self) -> Result<(), StoreError> {
        if self.has_forgotten() {
            return Ok(());
        }
        let mut marker = File::create(self.dir.join(MARKER))?;
        marker.write_all(
            b"something deleted is still in the store's files: the next rewrite removes it\n",
        )?;
        marker.sync_all()?;
        sync_dir(&self.dir)?;
        self.forgotten.store(true, Ordering::Release);
        Ok(())
    }

    /// Copies the store into a fresh directory without what was deleted,
    /// puts the copy in use and deletes the old one. Blocking; every other
    /// use of the store waits until the copy is in use.
    pub fn rewrite(&self) -> Result<Rewritten, StoreError> {
        self.replace_copy(|old, fresh| {
            old.db.flush()?;
            copy(old, &fresh.db)
        })
    }

    /// Fills a fresh copy of the store beside the one in use (`fill`, given
    /// the old copy and the new), puts it in use and deletes the old one,
    /// as above: a crash at any point leaves one copy or the other whole.
    /// `fill` returns how many entries it wrote.
    pub(super) fn replace_copy(
        &self,
        fill: impl FnOnce(&Live, &Live) -> Result<u64, StoreError>,
    ) -> Result<Rewritten, StoreError> {
        let mut live = self.live.write();
        let started = Instant::now();
        let bytes_before = live.db.size_on_disk().unwrap_or(0);
        let generation = live.generation + 1;
        let path = self.dir.join(dir_name(generation));
        if path.exists() {
            fs::remove_dir_all(&path)?;
        }
        let fresh = Live::open(&path, generation)?;
        let entries = fill(&live, &fresh)?;
        fresh.db.flush()?;
        sync_tree(&path)?;
        sync_dir(&self.dir)?;
        // The moment the copy takes over.
        let mut pointer = File::create(self.dir.join(POINTER_TMP))?;
        pointer.write_all(dir_name(generation).as_bytes())?;
        pointer.sync_all()?;
        fs::rename(self.dir.join(POINTER_TMP), self.dir.join(POINTER))?;
        // From here the copy is the store, whatever fails next.
        let old = std::mem::replace(&mut *live, fresh);
        sync_dir(&self.dir)?;
        fs::remove_file(self.dir.join(MARKER)).or_else(ignore_missing)?;
        sync_dir(&self.dir)?;
        self.forgotten.store(false, Ordering::Release);
        let bytes_after = live.db.size_on_disk().unwrap_or(0);
        drop(live);
        let paused = started.elapsed();
        let old_path = self.dir.join(dir_name(old.generation));
        drop(old);
        fs::remove_dir_all(&old_path)?;
        sync_dir(&self.dir)?;
        Ok(Rewritten {
            entries,
            paused,
            bytes_before,
            bytes_after,
        })
    }
}

fn ignore_missing(e: io::Error) -> io::Result<()> {
    match e.kind() {
        io::ErrorKind::NotFound => Ok(()),
        _ => Err(e),
    }
}

/// Syncs a directory's files and subdirectories (sled syncs its log, not
/// the directory entries).
fn sync_tree(path: &Path) -> io::Result<()> {
    for entry in fs::read_dir(path)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            sync_tree(&entry.path())?;
        } else {
            File::open(entry.path())?.sync_all()?;
        }
    }
    sync_dir(path)
}

/// Copies every tree of `from` into `to`, leaving out index entries whose
/// dialogue is gone (the sweep and the reminder loop would drop them
/// anyway, and they name the chat).
fn copy(from: &Live, to: &sled::Db) -> Result<u64, StoreError> {
    let mut copied = 0;
    for name in from.db.tree_names() {
        let source = from.db.open_tree(&name)?;
        let target = to.open_tree(&name)?;
        let by_chat = name == TIME_INDEX.as_bytes() || name == reminders::DUE_INDEX.as_bytes();
        let mut batch = sled::Batch::default();
        let mut in_batch = 0;
        for item in source.iter() {
            let (k, v) = item?;
            if by_chat {
                let Some((_, chat)) = from_time_key(&k) else {
                    continue;
                };
                if !from.db.contains_key(key(chat))? {
                    continue;
                }
            }
            batch.insert(k, v);
            in_batch += 1;
            copied += 1;
            if in_batch == BATCH {
                target.apply_batch(std::mem::take(&mut batch))?;
                in_batch = 0;
            }
        }
        target.apply_batch(batch)?;
    }
    Ok(copied)
}
