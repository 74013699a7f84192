//! Keeping personal data no longer than needed: the periodic sweep of
//! dialogues nobody has touched for the retention period. A chat with
//! reminders still to send is kept until they are done.

use std::time::Duration;

use super::{ChatKey, Store, StoreError, decode};

/// How often the running bot sweeps.
pub const SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// Deletes every dialogue last touched more than `retention` before `now`
/// (Unix seconds), and what is kept of the firm's own account's client
/// chats untouched as long; returns how many. It walks the time index, so it visits
/// only stale dialogues. Values that cannot be read are left alone: their age
/// is unknown, and the user's next message replaces them.
pub fn sweep(store: &Store, now: i64, retention: Duration) -> Result<usize, StoreError> {
    let cutoff = now - retention.as_secs() as i64;
    let candidates: Vec<(i64, ChatKey)> = store.touched_before(cutoff).collect();
    let mut deleted = 0;
    for (touched, chat) in candidates {
        let Some(stored) = store.raw(chat)? else {
            // Gone: the entry was left over from a crash.
            store.forget_index_entry(chat, touched)?;
            continue;
        };
        match decode(&stored) {
            // Stale, but the applicant asked to be reminded: kept.
            Some(record)
                if record.touched == touched && store.has_pending_reminders(chat, &record) => {}
            // The dialogue as indexed: stale, unless it changed since it was read.
            Some(record) if record.touched == touched => {
                deleted += usize::from(store.remove_if_unchanged(chat, touched, &stored)?);
            }
            // Changed since: the entry was left over from a crash.
            Some(_) => store.forget_index_entry(chat, touched)?,
            // Unreadable: its age is unknown, so it is left alone.
            None => {}
        }
    }
    // The firm's own account's client chats, by their own clock.
    deleted += store.sweep_business_chats(cutoff)?;
    if deleted > 0 {
        store.flush_now()?;
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{ChatRecord, Durability};

    const NOW: i64 = 1_800_000_000;
    const RETENTION: Duration = Duration::from_secs(90 * 86_400);

    /// "Untouched for more than the retention period": a dialogue touched
    /// exactly that long ago stays, one a second older goes.
    #[tokio::test]
    async fn the_retention_period_is_kept_to_the_second() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::open(dir.path(), Durability::Background).unwrap();
        let cutoff = NOW - RETENTION.as_secs() as i64;
        for (chat, touched) in [(1, cutoff), (2, cutoff - 1)] {
            let record = ChatRecord {
                touched,
                ..ChatRecord::default()
            };
            store.write(chat, &record).await.unwrap();
        }
        assert_eq!(sweep(&store, NOW, RETENTION).unwrap(), 1);
        assert!(store.read(1).unwrap().is_some());
        assert!(store.read(2).unwrap().is_none());
    }
}
