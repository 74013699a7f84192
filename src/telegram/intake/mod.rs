//! Updates in, by long polling or a webhook: each chat's in the order they
//! came, one at a time, and no chat holding up another.
//!
//! teloxide's own listeners take every update Telegram has as fast as it
//! comes, and its dispatcher starts a worker per chat for each of them: a
//! burst from thousands of chats was all in memory at once. A first bound
//! (32 updates held) let one chat with many updates queued fill every
//! place, and every other chat waited for that one chat's replies at
//! Telegram's pace. So here ([`queues`]) each chat has its own queue and at
//! most `BOT_UPDATES_IN_FLIGHT` chats are handled at once, one update each,
//! the next ready chat first; a chat that floods (more than
//! [`queues::FLOOD`] updates waiting) has them cut to the newest, answered
//! with a word about the rest ([`Flood`]); and polling asks for a batch of
//! 100 while fewer chats have updates held than twice the chats handled at
//! once ([`Queues::wants_batch`]), holding at most [`HELD_MOST`] updates.
//!
//! What Telegram still holds: a `getUpdates` from offset X confirms every
//! update below X, and X is also where the next batch begins, so the bot
//! cannot leave part of a batch with Telegram while it fetches the next.
//! Waiting with the next batch until the last one is handled would let one
//! slow chat hold up everyone again (and redeliver forever a batch that
//! crashes the bot), so the bot asks again promptly, as teloxide does. On
//! SIGTERM nothing new starts and the handlers in flight get [`GRACE`]. Of
//! the last batch, what was not handled stays with Telegram: its first
//! offset not handled is confirmed, Telegram offers the rest again to the
//! next start, and the next start skips what was handled of it (their ids
//! are written to [`LEFT_OVER`]). What Telegram already counts as
//! delivered and nobody handled (from older batches) goes into that file
//! too and is handled first at the next start. Webhook POSTs are answered
//! when their update starts (Telegram holds the rest, 40 connections at
//! most), or after [`STALL`] with the update kept, and refused with 503
//! once the bot is stopping.
//!
//! The listeners also keep the bot's health up to date. Both take each
//! update as raw JSON and have it brought into a shape teloxide reads
//! ([`newer_bot_api`](crate::telegram::newer_bot_api)); what still cannot
//! be read is dropped with one line that names the update and chat only.
//!
//! Here: the [`Intake`] itself (its lock, the chats' turns, the dispatcher's
//! stream, [`Flood`]); [`queues`] decides what starts next; [`polling`] and
//! `webhook.rs` are the two ways updates arrive; `left_over.rs` is what
//! survives a restart.

mod left_over;
mod polling;
pub mod queues;
mod webhook;

pub use left_over::LEFT_OVER;
pub use polling::polling;
pub use webhook::{STALL, serve_webhook};

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::panic::Location;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use teloxide::dispatching::{DpHandlerDescription, UpdateHandler};
use teloxide::dptree::{self, HandlerDescription, HandlerSignature, Type};
use teloxide::prelude::*;
use teloxide::update_listeners::StatefulListener;
use tokio::sync::{Notify, mpsc, watch};
use tokio_stream::wrappers::UnboundedReceiverStream;

use crate::reply::{Msg, Reply};
use queues::Queues;

/// Telegram's most per `getUpdates`.
const BATCH: usize = 100;
/// Updates held at once, at most (about a kilobyte each in memory): polling
/// asks for a batch while the last one is still being worked through, so
/// chats with several updates back to back never leave the places idle.
const HELD_MOST: usize = 10 * BATCH;
/// After SIGTERM, how long the updates being handled may take to finish.
pub const GRACE: Duration = Duration::from_secs(3);

/// A flood from the chat: how many updates were dropped in favour of the
/// one being handled (0: none). It travels with its update: any handler may
/// take it as a dependency, as it takes `Me` ([`Intake::around`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flood {
    pub skipped: u32,
}

impl Flood {
    /// Said before the answer to the flood's last message.
    pub fn note(self) -> Option<Reply> {
        (self.skipped > 0).then(|| {
            Reply::paragraph(
                Msg::new("flood-answering-the-last").number("count", i64::from(self.skipped) + 1),
            )
        })
    }
}

struct Inner {
    queues: Queues,
    /// To the dispatcher; gone once stopping, which ends its stream.
    out: Option<mpsc::UnboundedSender<Update>>,
    /// The floods of updates sent to the dispatcher, until each update
    /// enters the handler tree ([`Intake::around`]): teloxide's stream
    /// carries the update alone.
    floods: HashMap<u32, Flood>,
}

/// The updates the bot holds: fetched or posted, waiting for their chat, or
/// being handled.
pub struct Intake {
    inner: Mutex<Inner>,
    to_dispatcher: Mutex<Option<mpsc::UnboundedReceiver<Update>>>,
    /// Polling waits on it: an update started or finished.
    changed: Notify,
    stopping: watch::Sender<bool>,
    /// Ids the last run handled that Telegram will offer again.
    handled_before: Mutex<HashSet<u32>>,
}

impl Intake {
    /// At most `in_flight` chats handled at once.
    pub fn new(in_flight: usize) -> Arc<Intake> {
        let (tx, rx) = mpsc::unbounded_channel();
        Arc::new(Intake {
            inner: Mutex::new(Inner {
                queues: Queues::new(in_flight),
                out: Some(tx),
                floods: HashMap::new(),
            }),
            to_dispatcher: Mutex::new(Some(rx)),
            changed: Notify::new(),
            stopping: watch::channel(false).0,
            handled_before: Mutex::new(HashSet::new()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Hands out whatever may start now.
    fn start_ready(inner: &mut Inner) {
        while let Some(start) = inner.queues.start_next() {
            if start.skipped > 0 {
                let chat = start.update.chat().map_or(0, |c| c.id.0);
                log::info!(
                    "chat {chat}: a flood of {} updates; the last one is answered, the others skipped",
                    start.skipped + 1
                );
                let flood = Flood {
                    skipped: start.skipped,
                };
                inner.floods.insert(start.update.id.0, flood);
            }
            if let Some(out) = &inner.out {
                let _ = out.send(start.update);
            }
        }
    }

    fn with_queues<T>(&self, change: impl FnOnce(&mut Queues) -> T) -> T {
        let mut inner = self.lock();
        let result = change(&mut inner.queues);
        Self::start_ready(&mut inner);
        drop(inner);
        self.changed.notify_one();
        result
    }

    /// The updates for the dispatcher, in the order they may start.
    fn dispatched(&self) -> UnboundedReceiverStream<Update> {
        let rx = self
            .to_dispatcher
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .expect("the intake is read once");
        UnboundedReceiverStream::new(rx)
    }

    /// Stops taking updates: nothing new starts, and the dispatcher's stream
    /// ends once it has what already started.
    pub fn stop(&self) {
        let mut inner = self.lock();
        inner.queues.stop();
        inner.out = None;
        drop(inner);
        self.stopping.send_replace(true);
        self.changed.notify_one();
    }

    /// Resolves once [`Intake::stop`] has been called.
    pub async fn stopped(&self) {
        let mut stopping = self.stopping.subscribe();
        let _ = stopping.wait_for(|&stopping| stopping).await;
    }

    /// The handler tree, with the [`Flood`] each update closes among its
    /// dependencies, giving the chat's turn back once each update is
    /// handled (with an error, by the default handler, or in a panic alike).
    pub fn around<E>(self: &Arc<Self>, schema: UpdateHandler<E>) -> UpdateHandler<E>
    where
        E: Send + Sync + 'static,
    {
        let intake = self.clone();
        // An entry handler that runs the rest of the tree, like
        // `dptree::entry()`, and neither adds to nor narrows its description
        // (from which teloxide derives `allowed_updates`); it gives the
        // tree a `Flood`, as `filter_map` gives its new value.
        let releasing = dptree::from_fn_with_description(
            DpHandlerDescription::entry(),
            move |mut deps, rest| {
                let update = deps.get::<Update>();
                let handled = Handled {
                    intake: intake.clone(),
                    chat: update.chat().map(|c| c.id),
                    update: update.id.0,
                };
                deps.insert(intake.take_flood(update.id.0));
                async move {
                    let flow = rest(deps).await;
                    drop(handled);
                    flow
                }
            },
            HandlerSignature::Other {
                obligations: BTreeMap::from([(Type::of::<Update>(), Location::caller())]),
                guaranteed_outcomes: BTreeSet::from([Type::of::<Flood>()]),
                conditional_outcomes: BTreeSet::new(),
                continues: true,
            },
        );
        releasing.chain(schema)
    }

    /// The flood `update` closes, once: as it enters the handler tree.
    fn take_flood(&self, update: u32) -> Flood {
        let mut inner = self.lock();
        if inner.floods.is_empty() {
            return Flood::default();
        }
        inner.floods.remove(&update).unwrap_or_default()
    }
}

/// Gives the chat's turn back when dropped: after the handler, or while unwinding.
struct Handled {
    intake: Arc<Intake>,
    chat: Option<ChatId>,
    update: u32,
}

impl Drop for Handled {
    fn drop(&mut self) {
        let (chat, update) = (self.chat, self.update);
        self.intake
            .with_queues(|queues| queues.finish(chat, update));
    }
}

/// Runs the dispatcher until it has handled every update started, or until
/// [`GRACE`] after SIGTERM: a backlog never keeps the bot from
/// stopping (what was not handled is left for the next start).
pub async fn until_handled_or_grace(intake: &Intake, dispatching: impl Future<Output = ()>) {
    let grace_over = async {
        intake.stopped().await;
        tokio::time::sleep(GRACE).await;
    };
    tokio::select! {
        () = dispatching => {}
        () = grace_over => {}
    }
}

/// The listener the dispatcher reads: updates from a channel the polling
/// task or the webhook fills; it ends when they stop.
type Listener<St, Assf, Sf, Hauf> = StatefulListener<St, Assf, Sf, Hauf>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::convert::Infallible;
    use tokio_stream::StreamExt as _;

    #[tokio::test]
    async fn the_flood_an_update_closes_reaches_its_handler_once() {
        let message = |id: u32| -> Update {
            let json = json!({"update_id": id, "message": {
                "message_id": id, "date": 1764000000,
                "chat": {"id": 5, "type": "private", "first_name": "A"},
                "from": {"id": 5, "is_bot": false, "first_name": "A"}, "text": "fwd"}});
            serde_json::from_str(&json.to_string()).unwrap()
        };
        let intake = Intake::new(4);
        // Twelve back to back from one chat: the last is handled, eleven skipped.
        let batch = (1..=12).map(|id| (id, Some(message(id)))).collect();
        intake.with_queues(|queues| queues.take_batch(batch));
        let update = intake.dispatched().next().await.unwrap();
        assert_eq!(update.id.0, 12);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: UpdateHandler<Infallible> = {
            let seen = seen.clone();
            dptree::endpoint(move |flood: Flood| {
                seen.lock().unwrap().push(flood);
                async { Ok(()) }
            })
        };
        let tree = intake.around(handler);
        // As the dispatcher checks it: a `Flood` is there for whoever asks.
        dptree::type_check(tree.sig(), &dptree::deps![], &[Type::of::<Update>()]);
        let flow = tree.dispatch(dptree::deps![update]).await;
        assert!(matches!(flow, std::ops::ControlFlow::Break(Ok(()))));
        assert_eq!(*seen.lock().unwrap(), vec![Flood { skipped: 11 }]);
        assert_eq!(intake.take_flood(12), Flood::default(), "given once");
    }

    #[test]
    fn the_flood_note_counts_the_last_message_too() {
        assert_eq!(Flood::default().note(), None);
        let note = Flood { skipped: 99 }.note().unwrap();
        assert_eq!(
            note,
            Reply::paragraph(Msg::new("flood-answering-the-last").number("count", 100))
        );
    }
}
