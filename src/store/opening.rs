//! Opening the store: the data directory made owner-only, a rewrite a
//! crash interrupted finished or undone, a pending rewrite done before
//! anything else uses the store, and errors said in words.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::time::{Duration, Instant};

use parking_lot::{Mutex, RwLock};

use super::erasures::{self, ErasureLog};
use super::{Durability, FORMAT, Live, OLDEST_FORMAT, Store, mark_format, reminders, rewrite};

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
/// A rewrite a crash interrupted is finished or undone first, and when
/// something was deleted since the last rewrite, the store is rewritten
/// now, before anything else can use it ([`rewrite`]).
pub fn open(dir: &Path, durability: Durability) -> Result<Arc<Store>, OpenError> {
    create_private_dir(dir).map_err(OpenError::Other)?;
    let io = |e: std::io::Error| OpenError::Other(format!("{}: {e}", dir.display()));
    let generation = rewrite::recover(dir).map_err(io)?;
    let live = open_live(dir, generation)?;
    check_format(dir, &live)?;
    let erasures = erasure_log(dir)?;
    let store = Arc::new(Store {
        live: RwLock::new(live),
        dir: dir.to_path_buf(),
        forgotten: AtomicBool::new(rewrite::marked(dir)),
        erasures: Mutex::new(erasures),
        durability,
        written: AtomicU64::new(0),
        flushed: AtomicU64::new(0),
        flush_lock: tokio::sync::Mutex::new(()),
        planner: RwLock::new(reminders::guide_planner()),
    });
    if store.has_forgotten() {
        let done = store.rewrite().map_err(|e| {
            OpenError::Other(format!("rewriting the store in {}: {e}", dir.display()))
        })?;
        log::info!("store rewritten at start: {done}");
    }
    Ok(store)
}

/// How long a lock held on the store is tried again before the store counts
/// as in use. A handle this process dropped can hold sled's lock a moment
/// longer: sled's I/O threads let go of the file after the handle (seen as
/// "in use" when a test opened a store it had just written, under load).
/// Another process's lock outlasts this.
const LOCK_PATIENCE: Duration = Duration::from_millis(500);

/// The copy `generation` of the store in `dir`, opened.
fn open_live(dir: &Path, generation: u64) -> Result<Live, OpenError> {
    let path = dir.join(rewrite::dir_name(generation));
    let since = Instant::now();
    loop {
        match Live::open(&path, generation).map_err(|e| explain_open_error(dir, e)) {
            Err(OpenError::InUse(_)) if since.elapsed() < LOCK_PATIENCE => {
                std::thread::sleep(Duration::from_millis(10));
            }
            opened => return opened,
        }
    }
}

/// Refuses a store a newer build wrote (this one would misread it), and
/// notes this build's format in an older one.
fn check_format(dir: &Path, live: &Live) -> Result<(), OpenError> {
    let sled = |e: sled::Error| explain_open_error(dir, e);
    match live.format().map_err(sled)? {
        Some(format) if format > FORMAT => Err(OpenError::Other(format!(
            "the store in {} was written by a newer kz-residence-bot (store format {format}); \
             this build ({}) reads store formats {OLDEST_FORMAT} to {FORMAT} and would misread it: \
             run the newer build, or restore into a fresh directory a backup this build can read",
            dir.display(),
            env!("CARGO_PKG_VERSION"),
        ))),
        Some(format) if format == FORMAT => Ok(()),
        _ => {
            mark_format(live).map_err(sled)?;
            live.db.flush().map_err(sled)?;
            Ok(())
        }
    }
}

/// The store's erasure log, made (with a fresh key) for a store without one.
fn erasure_log(dir: &Path) -> Result<ErasureLog, OpenError> {
    match ErasureLog::read(dir) {
        Ok(Some(log)) => Ok(log),
        Ok(None) => {
            let log = ErasureLog::new().map_err(|e| {
                OpenError::Other(format!("random numbers for the erasure log: {e}"))
            })?;
            log.write(dir).map_err(|e| {
                OpenError::Other(format!(
                    "writing {}: {e}",
                    dir.join(erasures::FILE).display()
                ))
            })?;
            Ok(log)
        }
        Err(damaged) => Err(OpenError::Other(format!(
            "{damaged}. It lists the chats erased on request, so that restoring a backup \
             does not bring them back; move it aside only if you will not restore a backup \
             taken before now"
        ))),
    }
}

/// Whether `dir` holds a store at all.
pub fn exists(dir: &Path) -> bool {
    rewrite::recover_readonly(dir).is_some_and(|g| dir.join(rewrite::dir_name(g)).exists())
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
