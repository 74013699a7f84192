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

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        record: ChatRecord,
    ) -> BoxFuture<Result<(), StoreError>> {
        Box::pin(async move { self.write(chat_id.0, &record).await })
    }

    fn get_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<Result<Option<ChatRecord>, StoreError>> {
        Box::pin(async move { self.read(chat_id.0) })
    }
}
