//! What the store keeps for reminders: which were sent, and an index by
//! due time so the reminder loop visits only chats with one due. Index
//! entries may be stale (a date changed since, a chat forgotten): the loop
//! checks the chat itself and drops them.

use std::sync::Arc;

use super::{ChatKey, ChatRecord, Store, StoreError, from_time_key, key, time_key, times_before};
use crate::amendments::GUIDE_ONLY;
use crate::calendar;
use crate::companion::Reminder;
use crate::dialogue::Session;
use crate::reminders::{self, Planned, SEND_AT_HOUR, Sent};

/// How the store plans a chat's reminders, to index the next one: with
/// the content in force and the day as the front end knows them (its
/// clock may be a test's).
pub type Planner = dyn Fn(&Session) -> Vec<Planned> + Send + Sync;

/// Until the front end says otherwise: the guide, on Kazakhstan's day.
pub(super) fn guide_planner() -> Arc<Planner> {
    Arc::new(|session: &Session| {
        reminders::plan(
            &session.answers,
            &session.companion,
            &GUIDE_ONLY,
            calendar::kazakhstan_today(),
        )
    })
}

pub(super) const SENT: &str = "reminders_sent";
pub(super) const DUE_INDEX: &str = "by_due";

fn encode_sent(sent: &[Sent]) -> Vec<u8> {
    postcard::to_stdvec(sent).unwrap_or_default()
}

/// The reminders sent as stored; nothing for bytes that do not decode.
pub(super) fn decode_sent(bytes: &[u8]) -> Vec<Sent> {
    postcard::from_bytes::<Vec<(Reminder, chrono::NaiveDate)>>(bytes).unwrap_or_default()
}

impl Store {
    /// Plans reminders with the front end's content and clock from now on.
    pub fn plan_reminders_with(&self, planner: Arc<Planner>) {
        *self.planner.write() = planner;
    }

    /// The chat's next reminder time (Unix seconds), if any is still to go.
    fn next_reminder(&self, record: &ChatRecord, sent: &[Sent]) -> Option<i64> {
        let session = &record.session;
        session.companion.reminders_since?;
        let planner = self.planner.read().clone();
        let planned = planner(session);
        reminders::next_due(&planned, sent).map(|due| calendar::kazakhstan_time(due, SEND_AT_HOUR))
    }

    /// The reminders sent (or dropped) to one chat.
    pub fn sent(&self, chat: ChatKey) -> Result<Vec<Sent>, StoreError> {
        Ok(self
            .live()
            .sent
            .get(key(chat))?
            .map(|bytes| decode_sent(&bytes))
            .unwrap_or_default())
    }

    /// Records reminders as sent (durable on return with flushing), and
    /// indexes the chat's next one.
    pub async fn mark_sent(
        &self,
        chat: ChatKey,
        record: &ChatRecord,
        sent: &[Sent],
    ) -> Result<(), StoreError> {
        self.live().sent.insert(key(chat), encode_sent(sent))?;
        self.index_next_reminder(chat, record)?;
        let write = self.note_write();
        self.make_durable(write).await
    }

    /// Adds the index entry for the chat's next reminder, if it has one.
    pub(super) fn index_next_reminder(
        &self,
        chat: ChatKey,
        record: &ChatRecord,
    ) -> Result<(), StoreError> {
        if record.session.companion.reminders_since.is_none() {
            return Ok(());
        }
        if let Some(at) = self.next_reminder(record, &self.sent(chat)?) {
            self.live().by_due.insert(time_key(at, chat), &[])?;
        }
        Ok(())
    }

    /// Chats with a reminder due at or before `now` (Unix seconds), by due time.
    pub fn reminders_due(&self, now: i64) -> Vec<(i64, ChatKey)> {
        self.live()
            .by_due
            .range(times_before(now.saturating_add(1)))
            .filter_map(|item| from_time_key(&item.ok()?.0))
            .collect()
    }

    /// The earliest indexed reminder time, for the loop's sleep.
    pub fn next_reminder_time(&self) -> Option<i64> {
        let (k, _) = self.live().by_due.first().ok()??;
        from_time_key(&k).map(|(at, _)| at)
    }

    /// Drops one index entry once the loop has dealt with it.
    pub fn forget_reminder_entry(&self, at: i64, chat: ChatKey) -> Result<(), StoreError> {
        self.live().by_due.remove(time_key(at, chat))?;
        Ok(())
    }

    /// Whether a chat still has reminders to send: such a chat is kept
    /// whatever the retention period.
    pub fn has_pending_reminders(&self, chat: ChatKey, record: &ChatRecord) -> bool {
        record.session.companion.reminders_since.is_some()
            && self
                .sent(chat)
                .is_ok_and(|sent| self.next_reminder(record, &sent).is_some())
    }
}

impl Store {
    /// Asks the loop to try a chat again at `at` (after a failed send).
    pub fn retry_reminder(&self, chat: ChatKey, at: i64) -> Result<(), StoreError> {
        self.live().by_due.insert(time_key(at, chat), &[])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Durability;

    /// "Due at or before now", to the second.
    #[test]
    fn a_reminder_due_a_second_from_now_is_not_due_yet() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::open(dir.path(), Durability::Background).unwrap();
        let now = 1_800_000_000;
        store.retry_reminder(5, now).unwrap();
        store.retry_reminder(6, now + 1).unwrap();
        assert_eq!(store.reminders_due(now), vec![(now, 5)]);
    }
}
