//! The store as teloxide's dialogue [`Storage`], so handlers get each chat's
//! record the way teloxide's examples do (`Dialogue<ChatRecord, _>`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

use crate::store::{ChatRecord, Store, StoreError};

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

impl Storage<ChatRecord> for Store {
    type Error = StoreError;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<Result<(), StoreError>> {
        Box::pin(async move { self.remove(chat_id.0).await })
    }

    /// Stores a chat's record, except the default one: teloxide's
    /// `get_or_default` stores it for a chat it has never seen, before the
    /// handler runs. Its `touched` of 0 (1970) put the new chat among the
    /// sweep's stale dialogues until the handler saved the step, and it cost
    /// a flushed write per new chat, for what a read of nothing gives anyway.
    /// Every step a handler saves carries the time it was made.
    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        record: ChatRecord,
    ) -> BoxFuture<Result<(), StoreError>> {
        Box::pin(async move {
            if record == ChatRecord::default() {
                return Ok(());
            }
            self.write(chat_id.0, &record).await
        })
    }

    fn get_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<Result<Option<ChatRecord>, StoreError>> {
        Box::pin(async move { self.read(chat_id.0) })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use teloxide::dispatching::dialogue::Dialogue;

    use super::*;
    use crate::store::{self, Durability, sweep};

    /// A chat's first update: teloxide's `get_or_default` stores the default
    /// record before the handler runs. Stored, it said "last touched in
    /// 1970", and an hourly sweep that ran before the handler saved the
    /// step deleted the new conversation (seen in a 3,000-chat burst).
    #[tokio::test]
    async fn a_first_update_leaves_nothing_the_sweep_could_take_for_stale() {
        let dir = tempfile::tempdir().unwrap();
        let store = store::open(dir.path(), Durability::Flushed).unwrap();
        let dialogue = Dialogue::<ChatRecord, Store>::new(store.clone(), ChatId(7));
        assert_eq!(
            dialogue.get_or_default().await.unwrap(),
            ChatRecord::default()
        );
        assert_eq!(store.read(7).unwrap(), None);
        let now = 1_800_000_000;
        let retention = Duration::from_secs(90 * 86_400);
        assert_eq!(sweep::sweep(&store, now, retention).unwrap(), 0);
        // A step the handler saves is stored as ever.
        let step = ChatRecord {
            touched: now,
            ..ChatRecord::default()
        };
        dialogue.update(step.clone()).await.unwrap();
        assert_eq!(store.read(7).unwrap(), Some(step));
    }
}
