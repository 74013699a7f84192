//! The firm's own Telegram account ([`crate::business`]): the business
//! connections the bot serves, and the little it keeps of each client's
//! chat with the account ([`ChatState`]), in trees of their own.
//!
//! A client's chat is keyed by the client's chat id first and the owner's
//! id after it, so the chat's key begins as every chat-keyed tree's does:
//! an erasure (`/forget` in the bot's chat, the same person's id), a
//! backup's batches and a restore's re-applied erasures find it by that
//! prefix. The owner's clients go with the connection ([`Store::drop_business_connection`]),
//! and a chat untouched for the retention period goes with the sweep.
//!
//! Each value begins with its format's number (1), so a later build can
//! read what this one wrote.

use crate::business::{ChatState, Connection};

use super::{ChatKey, Store, StoreError, key};

/// The connections, by Telegram's connection id.
pub(super) const CONNECTIONS: &str = "business_connections";
/// The clients' chats: `chat id ++ owner id`.
pub(super) const CHATS: &str = "business_chats";
const VALUE_FORMAT: u8 = 1;

fn chat_key(owner: u64, chat: ChatKey) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&key(chat));
    k[8..].copy_from_slice(&owner.to_be_bytes());
    k
}

fn owner_of(chat_key: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(chat_key.get(8..16)?.try_into().ok()?))
}

fn encode<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    let mut bytes = vec![VALUE_FORMAT];
    bytes.extend(postcard::to_stdvec(value).map_err(StoreError::Encode)?);
    Ok(bytes)
}

fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    match bytes.split_first()? {
        (&VALUE_FORMAT, rest) => postcard::from_bytes(rest).ok(),
        _ => None,
    }
}

/// A client's chat as stored: whether the sweep may take it by `cutoff`.
pub(super) fn chat_is_stale(bytes: &[u8], cutoff: i64) -> bool {
    decode::<ChatState>(bytes).is_none_or(|chat| chat.touched < cutoff)
}

impl Store {
    /// The connection Telegram names `id`, if the bot serves it.
    pub fn business_connection(&self, id: &str) -> Result<Option<Connection>, StoreError> {
        let live = self.live();
        Ok(live.business_connections.get(id)?.and_then(|v| decode(&v)))
    }

    /// Every connection the bot serves, by id.
    pub fn business_connections(&self) -> Result<Vec<(String, Connection)>, StoreError> {
        let live = self.live();
        let mut all = Vec::new();
        for item in live.business_connections.iter() {
            let (k, v) = item?;
            if let Some(connection) = decode(&v) {
                all.push((String::from_utf8_lossy(&k).into_owned(), connection));
            }
        }
        Ok(all)
    }

    /// Keeps a connection; durable on return with flushing.
    pub async fn keep_business_connection(
        &self,
        id: &str,
        connection: &Connection,
    ) -> Result<(), StoreError> {
        let bytes = encode(connection)?;
        self.live().business_connections.insert(id, bytes)?;
        self.durable().await
    }

    /// Forgets a connection and everything kept of its owner's clients'
    /// chats (the owner disconnected the bot, or is no longer listed);
    /// returns how many chats. Durable on return with flushing.
    pub async fn drop_business_connection(&self, id: &str) -> Result<usize, StoreError> {
        let dropped = {
            let live = self.live();
            let Some(connection) = live
                .business_connections
                .get(id)?
                .and_then(|v| decode::<Connection>(&v))
            else {
                live.business_connections.remove(id)?;
                return Ok(0);
            };
            // The owner may have another connection (a reconnection with
            // a new id): their clients stay with it.
            let others = live
                .business_connections
                .iter()
                .filter_map(Result::ok)
                .filter(|(k, _)| k.as_ref() != id.as_bytes())
                .filter_map(|(_, v)| decode::<Connection>(&v))
                .any(|other| other.owner == connection.owner);
            live.business_connections.remove(id)?;
            if others {
                0
            } else {
                self.forgetting()?;
                let mut dropped = 0;
                // A few thousand chats at most for one firm: a walk costs little.
                for item in live.business_chats.iter() {
                    let (k, _) = item?;
                    if owner_of(&k) == Some(connection.owner) {
                        live.business_chats.remove(k)?;
                        dropped += 1;
                    }
                }
                dropped
            }
        };
        self.durable().await?;
        Ok(dropped)
    }

    /// What is kept of `chat` with `owner`'s account (nothing yet: the default).
    pub fn business_chat(&self, owner: u64, chat: ChatKey) -> Result<ChatState, StoreError> {
        let live = self.live();
        Ok(live
            .business_chats
            .get(chat_key(owner, chat))?
            .and_then(|v| decode(&v))
            .unwrap_or_default())
    }

    /// Keeps what is kept of `chat` with `owner`'s account; durable on
    /// return with flushing.
    pub async fn keep_business_chat(
        &self,
        owner: u64,
        chat: ChatKey,
        state: &ChatState,
    ) -> Result<(), StoreError> {
        let bytes = encode(state)?;
        self.live()
            .business_chats
            .insert(chat_key(owner, chat), bytes)?;
        self.durable().await
    }

    /// Removes every business chat of `chat` (with any owner), without
    /// flushing: part of an erasure.
    pub(super) fn remove_business_chats_now(&self, chat: ChatKey) -> Result<(), StoreError> {
        let live = self.live();
        for item in live.business_chats.scan_prefix(key(chat)) {
            let (k, _) = item?;
            live.business_chats.remove(k)?;
        }
        Ok(())
    }

    /// Removes the business chats untouched since before `cutoff`, without
    /// flushing (the sweep flushes once); returns how many.
    pub(super) fn sweep_business_chats(&self, cutoff: i64) -> Result<usize, StoreError> {
        let live = self.live();
        let mut stale = Vec::new();
        for item in live.business_chats.iter() {
            let (k, v) = item?;
            if chat_is_stale(&v, cutoff) {
                stale.push((k, v));
            }
        }
        if stale.is_empty() {
            return Ok(0);
        }
        self.forgetting()?;
        let mut swept = 0;
        for (k, v) in stale {
            // Only if unchanged since read: a client's message may have
            // been kept in between.
            if live
                .business_chats
                .compare_and_swap(&k, Some(&v), None::<&[u8]>)?
                .is_ok()
            {
                swept += 1;
            }
        }
        Ok(swept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::business::Rights;
    use crate::lang::Lang;
    use crate::store::Durability;

    fn connection(owner: u64) -> Connection {
        Connection {
            owner,
            rights: Rights {
                reply: true,
                ..Rights::default()
            },
            paused_all: false,
        }
    }

    fn state(touched: i64) -> ChatState {
        ChatState {
            owner_wrote: Some(touched),
            lang: Some(Lang::Kazakh),
            touched,
            ..ChatState::default()
        }
    }

    #[tokio::test]
    async fn a_connection_and_its_clients_chats_go_together_and_no_other_owners() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::open(dir.path(), Durability::Background).unwrap();
        store
            .keep_business_connection("c1", &connection(7))
            .await
            .unwrap();
        store
            .keep_business_connection("c2", &connection(8))
            .await
            .unwrap();
        store.keep_business_chat(7, 100, &state(5)).await.unwrap();
        store.keep_business_chat(7, 101, &state(5)).await.unwrap();
        store.keep_business_chat(8, 100, &state(5)).await.unwrap();
        assert_eq!(store.business_chat(7, 100).unwrap(), state(5));
        assert_eq!(store.business_chat(7, 102).unwrap(), ChatState::default());
        assert_eq!(
            store.business_connection("c1").unwrap(),
            Some(connection(7))
        );
        assert_eq!(store.drop_business_connection("c1").await.unwrap(), 2);
        assert_eq!(store.business_connection("c1").unwrap(), None);
        assert_eq!(store.business_chat(7, 100).unwrap(), ChatState::default());
        assert_eq!(store.business_chat(8, 100).unwrap(), state(5));
        assert!(store.has_forgotten(), "a rewrite takes them off the disk");
        assert_eq!(store.business_connections().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn an_erasure_takes_the_persons_business_chats_and_the_sweep_the_stale_ones() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::open(dir.path(), Durability::Background).unwrap();
        store.keep_business_chat(7, 100, &state(5)).await.unwrap();
        store
            .keep_business_chat(8, 100, &state(1_000))
            .await
            .unwrap();
        store
            .keep_business_chat(7, 101, &state(1_000))
            .await
            .unwrap();
        store.keep_business_chat(7, 102, &state(10)).await.unwrap();
        store.erase(100, 2_000).await.unwrap();
        assert_eq!(store.business_chat(7, 100).unwrap(), ChatState::default());
        assert_eq!(store.business_chat(8, 100).unwrap(), ChatState::default());
        assert_eq!(store.business_chat(7, 101).unwrap(), state(1_000));
        // 102 untouched since 10, 101 since 1,000: a cutoff of 500 takes 102 only.
        assert_eq!(store.sweep_business_chats(500).unwrap(), 1);
        assert_eq!(store.business_chat(7, 102).unwrap(), ChatState::default());
        assert_eq!(store.business_chat(7, 101).unwrap(), state(1_000));
    }
}
