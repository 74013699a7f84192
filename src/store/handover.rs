//! What the store keeps for "Ask the office": each applicant's request
//! (the consent screen waiting, or the open request with its reference),
//! and the indexes that lead a staff member's reply back to the
//! applicant: by staff message, by forum topic, by reference. They live
//! apart from the dialogue's record, so a reply a week later, or after a
//! restart, still finds its applicant; and every change to a request and
//! its indexes is one sled transaction, so they never disagree.

use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};

use super::{ChatKey, Store, StoreError, key};
use crate::handover;
use crate::lang::Lang;

pub(super) const REQUESTS: &str = "handover_requests";
pub(super) const BY_MESSAGE: &str = "handover_by_message";
pub(super) const BY_TOPIC: &str = "handover_by_topic";
pub(super) const BY_REFERENCE: &str = "handover_by_reference";

/// The first byte of every stored request: its encoding's version
/// (postcard is not self-describing; a new layout gets a new version).
const FORMAT_VERSION: u8 = 1;

/// One applicant's request to the office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// The consent screen is shown (since, Unix seconds): the applicant's
    /// own contact, shared now, goes with the request.
    Consenting {
        since: i64,
    },
    Open(OpenRequest),
}

/// An open request: where its card is, and what has been relayed.
/// (The field order is part of the stored encoding.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenRequest {
    pub reference: String,
    /// When it was opened (Unix seconds): the retention sweep closes it later.
    pub opened: i64,
    /// The applicant's language, for the office's messages (kept here:
    /// the dialogue itself may be swept before the request is closed).
    pub lang: Lang,
    /// The staff chat the card went to.
    pub staff_chat: i64,
    /// The card's message (its last part, which carries "Close").
    pub card: i32,
    /// The request's forum topic, when the staff chat is a forum.
    pub topic: Option<i32>,
    /// The staff chat's messages of this request (the card, and what was
    /// relayed either way): a reply to any of them reaches the applicant.
    pub messages: Vec<i32>,
    /// The last applicant message relayed to the office, and the last
    /// staff message relayed to the applicant (message ids only grow in a
    /// chat): an update Telegram sends again is not relayed twice.
    pub applicant_seen: i32,
    pub staff_seen: i32,
}

fn encode(request: &Request) -> Result<Vec<u8>, StoreError> {
    let mut bytes = vec![FORMAT_VERSION];
    bytes.extend(postcard::to_stdvec(request).map_err(StoreError::Encode)?);
    Ok(bytes)
}

/// `None` for bytes of an unknown version: treated as no request.
pub(super) fn decode(bytes: &[u8]) -> Option<Request> {
    match bytes.split_first() {
        Some((&FORMAT_VERSION, rest)) => postcard::from_bytes(rest).ok(),
        _ => None,
    }
}

/// A message (or topic) of a staff chat, as an index key.
fn staff_key(staff_chat: i64, id: i32) -> [u8; 12] {
    let mut k = [0u8; 12];
    k[..8].copy_from_slice(&staff_chat.to_be_bytes());
    k[8..].copy_from_slice(&id.to_be_bytes());
    k
}

/// An open request's keys in the indexes that lead back to its chat.
pub(super) struct IndexKeys {
    /// In [`BY_MESSAGE`]: each staff chat message of the request.
    pub messages: Vec<[u8; 12]>,
    /// In [`BY_TOPIC`]: its forum topic, if any.
    pub topic: Option<[u8; 12]>,
    /// In [`BY_REFERENCE`].
    pub reference: Vec<u8>,
}

pub(super) fn index_keys(open: &OpenRequest) -> IndexKeys {
    IndexKeys {
        messages: open
            .messages
            .iter()
            .map(|id| staff_key(open.staff_chat, *id))
            .collect(),
        topic: open.topic.map(|topic| staff_key(open.staff_chat, topic)),
        reference: open.reference.as_bytes().to_vec(),
    }
}

fn chat_of(value: Option<sled::IVec>) -> Option<ChatKey> {
    Some(i64::from_be_bytes(value?.as_ref().try_into().ok()?))
}

/// What is done to an open request when something is relayed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Relayed<'a> {
    /// The staff chat's messages that now belong to the request.
    pub staff_messages: &'a [i32],
    /// The applicant's message that was relayed.
    pub applicant_message: Option<i32>,
    /// The staff message that was relayed.
    pub staff_message: Option<i32>,
}

type Trees<'a> = (
    &'a TransactionalTree,
    &'a TransactionalTree,
    &'a TransactionalTree,
    &'a TransactionalTree,
);

/// Removes an open request's index entries, inside a transaction.
fn unindex(
    (_, by_message, by_topic, by_reference): Trees,
    open: &OpenRequest,
) -> Result<(), ConflictableTransactionError<StoreError>> {
    let keys = index_keys(open);
    for message in &keys.messages {
        by_message.remove(&message[..])?;
    }
    if let Some(topic) = keys.topic {
        by_topic.remove(&topic[..])?;
    }
    by_reference.remove(keys.reference)?;
    Ok(())
}

fn flatten<T>(result: Result<T, TransactionError<StoreError>>) -> Result<T, StoreError> {
    result.map_err(|e| match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => StoreError::Sled(e),
    })
}

impl Store {
    /// Runs `f` on the four handover trees as one transaction.
    fn handover_transaction<T>(
        &self,
        f: impl Fn(Trees) -> Result<T, ConflictableTransactionError<StoreError>>,
    ) -> Result<T, StoreError> {
        let live = self.live();
        flatten(
            (
                &live.requests,
                &live.by_staff_message,
                &live.by_topic,
                &live.by_reference,
            )
                .transaction(|(a, b, c, d)| f((a, b, c, d))),
        )
    }

    /// The same, for a change that deletes a request: noted for the next
    /// rewrite first ([`super::rewrite`]), under the same hold on the store.
    fn handover_removal<T>(
        &self,
        f: impl Fn(Trees) -> Result<T, ConflictableTransactionError<StoreError>>,
    ) -> Result<T, StoreError> {
        let _live = self.live();
        self.forgetting()?;
        self.handover_transaction(f)
    }

    /// One applicant's request, if any.
    pub fn request(&self, chat: ChatKey) -> Result<Option<Request>, StoreError> {
        Ok(self
            .live()
            .requests
            .get(key(chat))?
            .and_then(|b| decode(&b)))
    }

    /// The consent screen is shown (an open request stays as it is).
    pub async fn consenting(&self, chat: ChatKey, now: i64) -> Result<(), StoreError> {
        let value = encode(&Request::Consenting { since: now })?;
        self.handover_transaction(|(requests, ..)| {
            let open = requests
                .get(key(chat))?
                .and_then(|b| decode(&b))
                .is_some_and(|r| matches!(r, Request::Open(_)));
            if !open {
                requests.insert(&key(chat)[..], value.clone())?;
            }
            Ok(())
        })?;
        self.durable().await
    }

    /// Consent refused: the waiting consent screen is forgotten.
    pub async fn consent_declined(&self, chat: ChatKey) -> Result<(), StoreError> {
        self.handover_removal(|(requests, ..)| {
            if let Some(Request::Consenting { .. }) =
                requests.get(key(chat))?.and_then(|b| decode(&b))
            {
                requests.remove(&key(chat)[..])?;
            }
            Ok(())
        })?;
        self.durable().await
    }

    /// A reference no open request has: random, so it says nothing about
    /// the chat or how many requests came before.
    pub fn new_reference(&self) -> Result<String, StoreError> {
        loop {
            let mut bytes = [0u8; 4];
            getrandom::getrandom(&mut bytes).map_err(StoreError::Random)?;
            let reference = handover::reference(u32::from_le_bytes(bytes));
            if !self
                .live()
                .by_reference
                .contains_key(reference.as_bytes())?
            {
                return Ok(reference);
            }
        }
    }

    /// Opens a request and indexes its card and topic; `false` (and
    /// nothing written) when one is open already.
    pub async fn open_request(
        &self,
        chat: ChatKey,
        request: &OpenRequest,
    ) -> Result<bool, StoreError> {
        let value = encode(&Request::Open(request.clone()))?;
        let opened =
            self.handover_transaction(|(requests, by_message, by_topic, by_reference)| {
                if let Some(Request::Open(_)) = requests.get(key(chat))?.and_then(|b| decode(&b)) {
                    return Ok(false);
                }
                requests.insert(&key(chat)[..], value.clone())?;
                let keys = index_keys(request);
                for message in &keys.messages {
                    by_message.insert(&message[..], &key(chat)[..])?;
                }
                if let Some(topic) = keys.topic {
                    by_topic.insert(&topic[..], &key(chat)[..])?;
                }
                by_reference.insert(keys.reference, &key(chat)[..])?;
                Ok(true)
            })?;
        self.durable().await?;
        Ok(opened)
    }

    /// Records what was relayed for the request `reference`; `false` when
    /// it is no longer open (closed while the message was on its way).
    pub async fn relayed(
        &self,
        chat: ChatKey,
        reference: &str,
        relayed: Relayed<'_>,
    ) -> Result<bool, StoreError> {
        let recorded = self.handover_transaction(|(requests, by_message, ..)| {
            let Some(Request::Open(mut open)) = requests.get(key(chat))?.and_then(|b| decode(&b))
            else {
                return Ok(false);
            };
            if open.reference != reference {
                return Ok(false);
            }
            for id in relayed.staff_messages {
                open.messages.push(*id);
                by_message.insert(&staff_key(open.staff_chat, *id)[..], &key(chat)[..])?;
            }
            if let Some(id) = relayed.applicant_message {
                open.applicant_seen = open.applicant_seen.max(id);
            }
            if let Some(id) = relayed.staff_message {
                open.staff_seen = open.staff_seen.max(id);
            }
            let value =
                encode(&Request::Open(open)).map_err(ConflictableTransactionError::Abort)?;
            requests.insert(&key(chat)[..], value)?;
            Ok(true)
        })?;
        self.durable().await?;
        Ok(recorded)
    }

    /// Closes the applicant's request (open, or a consent screen waiting)
    /// with every index entry; returns what it was. With `only`, only the
    /// request of that reference is closed (a staff member's "Close" on
    /// an older card closes nothing newer).
    pub async fn close_request(
        &self,
        chat: ChatKey,
        only: Option<&str>,
    ) -> Result<Option<Request>, StoreError> {
        let closed = self.close_request_now(chat, only)?;
        self.durable().await?;
        Ok(closed)
    }

    /// [`Self::close_request`], without making it durable.
    pub(super) fn close_request_now(
        &self,
        chat: ChatKey,
        only: Option<&str>,
    ) -> Result<Option<Request>, StoreError> {
        self.handover_removal(|trees| {
            let Some(request) = trees.0.get(key(chat))?.and_then(|b| decode(&b)) else {
                return Ok(None);
            };
            if let Request::Open(open) = &request {
                if only.is_some_and(|r| r != open.reference) {
                    return Ok(None);
                }
                unindex(trees, open)?;
            } else if only.is_some() {
                return Ok(None);
            }
            trees.0.remove(&key(chat)[..])?;
            Ok(Some(request))
        })
    }

    /// The staff chat became another chat (a group upgraded to a
    /// supergroup): the open request `reference` goes on in `staff_chat`,
    /// where `messages` (the last one carries "Close") lead back to the
    /// applicant; what led there from the old chat is gone, and so is the
    /// topic (a basic group has none). `false` when it is not open, or
    /// already there.
    pub async fn move_request(
        &self,
        chat: ChatKey,
        reference: &str,
        staff_chat: i64,
        messages: &[i32],
    ) -> Result<bool, StoreError> {
        let moved = self.handover_transaction(|trees| {
            let Some(Request::Open(mut open)) = trees.0.get(key(chat))?.and_then(|b| decode(&b))
            else {
                return Ok(false);
            };
            if open.reference != reference || open.staff_chat == staff_chat {
                return Ok(false);
            }
            unindex(trees, &open)?;
            open.staff_chat = staff_chat;
            open.card = *messages.last().unwrap_or(&0);
            open.topic = None;
            open.messages = messages.to_vec();
            // Message ids count afresh in the new chat.
            open.staff_seen = 0;
            for id in messages {
                trees
                    .1
                    .insert(&staff_key(staff_chat, *id)[..], &key(chat)[..])?;
            }
            trees.3.insert(reference.as_bytes(), &key(chat)[..])?;
            let value =
                encode(&Request::Open(open)).map_err(ConflictableTransactionError::Abort)?;
            trees.0.insert(&key(chat)[..], value)?;
            Ok(true)
        })?;
        self.durable().await?;
        Ok(moved)
    }

    /// The applicant a staff chat's message belongs to.
    pub fn applicant_of_message(
        &self,
        staff_chat: i64,
        message: i32,
    ) -> Result<Option<ChatKey>, StoreError> {
        Ok(chat_of(
            self.live()
                .by_staff_message
                .get(staff_key(staff_chat, message))?,
        ))
    }

    /// The applicant a staff chat's forum topic belongs to.
    pub fn applicant_of_topic(
        &self,
        staff_chat: i64,
        topic: i32,
    ) -> Result<Option<ChatKey>, StoreError> {
        Ok(chat_of(
            self.live().by_topic.get(staff_key(staff_chat, topic))?,
        ))
    }

    /// The applicant whose open request has this reference.
    pub fn applicant_of_reference(&self, reference: &str) -> Result<Option<ChatKey>, StoreError> {
        Ok(chat_of(self.live().by_reference.get(reference.as_bytes())?))
    }

    /// Requests opened, and consent screens shown, before `cutoff` (Unix
    /// seconds). This walks every stored request: only chats that asked
    /// the office have one, a few hundred at most, in a tree of their own.
    pub fn requests_before(&self, cutoff: i64) -> Vec<(ChatKey, Request)> {
        self.live()
            .requests
            .iter()
            .filter_map(|item| {
                let (k, v) = item.ok()?;
                let chat = i64::from_be_bytes(k.as_ref().try_into().ok()?);
                let request = decode(&v)?;
                let since = match &request {
                    Request::Consenting { since } => *since,
                    Request::Open(open) => open.opened,
                };
                (since < cutoff).then_some((chat, request))
            })
            .collect()
    }
}
