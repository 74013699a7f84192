//! What the running bot does to its store besides answering: the hourly
//! privacy sweep, and the rewrite that takes deleted data off the disk.

use std::sync::Arc;
use std::time::Duration;

use crate::clock;
use crate::store;

/// When the first privacy sweep runs after start.
const FIRST_HOUSEKEEPING: Duration = Duration::from_secs(5);

/// Every hour (and soon after start): the privacy sweep. It walks the time
/// index only: a full scan would make sled keep every dialogue's node in memory.
pub async fn sweeps(store: Arc<store::Store>, retention: Duration, clock: clock::Clock) {
    tokio::time::sleep(FIRST_HOUSEKEEPING).await;
    {
        // Stores written before the time index existed get it once.
        let store = store.clone();
        match tokio::task::spawn_blocking(move || store.index_if_missing()).await {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => log::info!("indexed {n} stored dialogues by time (once)"),
            Ok(Err(e)) => log::error!("indexing the store by time failed: {e}"),
            Err(e) => log::error!("indexing task failed: {e}"),
        }
    }
    loop {
        let store = store.clone();
        let now = clock.now_unix();
        let swept =
            tokio::task::spawn_blocking(move || store::sweep::sweep(&store, now, retention)).await;
        match swept {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => log::info!(
                "privacy sweep: deleted {n} dialogues untouched for {} days",
                retention.as_secs() / 86400
            ),
            Ok(Err(e)) => log::error!("privacy sweep failed: {e}"),
            Err(e) => log::error!("privacy sweep task failed: {e}"),
        }
        tokio::time::sleep(store::sweep::SWEEP_EVERY).await;
    }
}

/// How often the bot looks whether the store is due a rewrite.
const REWRITE_CHECK_EVERY: Duration = Duration::from_secs(60);
const REWRITE_AFTER_SECS: i64 = store::rewrite::REWRITE_AFTER.as_secs() as i64;
const RETRY_AFTER_SECS: i64 = 3600;

/// Takes deleted data off the disk while the bot runs: once something has
/// been deleted (`/forget`, the sweep, a request closed), the store is
/// rewritten [`store::rewrite::REWRITE_AFTER`] later, so within a day of
/// the deletion (a restart rewrites at once). Waiting gathers a day's
/// deletions into one rewrite: every update waits while it runs.
pub async fn rewrites(store: Arc<store::Store>, clock: clock::Clock) {
    let mut deleted_by: Option<i64> = None;
    loop {
        tokio::time::sleep(clock.every(REWRITE_CHECK_EVERY)).await;
        if !store.has_forgotten() {
            deleted_by = None;
            continue;
        }
        let now = clock.now_unix();
        let since = *deleted_by.get_or_insert(now);
        if now - since < REWRITE_AFTER_SECS {
            continue;
        }
        let store = store.clone();
        match tokio::task::spawn_blocking(move || store.rewrite()).await {
            Ok(Ok(done)) => {
                log::info!("store rewritten without deleted data: {done}");
                deleted_by = None;
            }
            // Tried again in an hour: each try pauses the bot.
            Ok(Err(e)) => {
                log::error!("rewriting the store failed (tried again in an hour): {e}");
                deleted_by = Some(now - REWRITE_AFTER_SECS + RETRY_AFTER_SECS);
            }
            Err(e) => {
                log::error!("rewriting the store: task failed (tried again in an hour): {e}");
                deleted_by = Some(now - REWRITE_AFTER_SECS + RETRY_AFTER_SECS);
            }
        }
    }
}
