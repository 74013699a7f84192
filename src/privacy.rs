//! Keeping personal data no longer than needed: the periodic sweep of
//! dialogues nobody has touched for the retention period.

use std::time::Duration;

use crate::storage::{self, SledStorage, StorageError};
use crate::telegram::ChatState;

/// How often the running bot sweeps.
pub const SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// Deletes every dialogue last touched more than `retention` before `now`
/// (Unix seconds); returns how many. Values that cannot be read are left
/// alone: their age is unknown, and the user's next message replaces them.
pub fn sweep(store: &SledStorage, now: i64, retention: Duration) -> Result<usize, StorageError> {
    let cutoff = now - retention.as_secs() as i64;
    let stale: Vec<_> = store
        .entries_gently()
        .filter(|(_, bytes)| {
            storage::decode::<ChatState>(bytes).is_some_and(|state| state.touched < cutoff)
        })
        .map(|(chat_id, _)| chat_id)
        .collect();
    for chat_id in &stale {
        store.remove_now(*chat_id)?;
    }
    if !stale.is_empty() {
        store.flush_now()?;
    }
    Ok(stale.len())
}
