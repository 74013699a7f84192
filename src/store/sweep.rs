//! Keeping personal data no longer than needed: the periodic sweep of
//! dialogues nobody has touched for the retention period. A chat with
//! reminders still to send is kept until they are done.

use std::time::Duration;

use super::{ChatKey, Store, StoreError, decode};

/// How often the running bot sweeps.
pub const SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// Deletes every dialogue last touched more than `retention` before `now`
/// (Unix seconds); returns how many. It walks the time index, so it visits
/// only stale dialogues. Values that cannot be read are left alone: their age
/// is unknown, and the user's next message replaces them.
pub fn sweep(store: &Store, now: i64, retention: Duration) -> Result<usize, StoreError> {
    let cutoff = now - retention.as_secs() as i64;
    let candidates: Vec<(i64, ChatKey)> = store.touched_before(cutoff).collect();
    let mut deleted = 0;
    for (touched, chat) in candidates {
        let stored = store.raw(chat)?;
        match stored.as_deref().map(decode) {
            // Stale, but the applicant asked to be reminded: kept.
            Some(Some(record))
                if record.touched == touched && store.has_pending_reminders(chat, &record) => {}
            // The dialogue as indexed: stale.
            Some(Some(state)) if state.touched == touched => {
                store.remove_now(chat, touched)?;
                deleted += 1;
            }
            // Changed since, or gone: the entry was left over from a crash.
            Some(Some(_)) | None => store.forget_index_entry(chat, touched)?,
            // Unreadable: its age is unknown, so it is left alone.
            Some(None) => {}
        }
    }
    if deleted > 0 {
        store.flush_now()?;
    }
    Ok(deleted)
}
