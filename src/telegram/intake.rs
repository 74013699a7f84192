//! Updates in, by long polling or a webhook, never more at once than the
//! bot can hold.
//!
//! teloxide's own listeners take every update Telegram has as fast as it
//! comes, and its dispatcher starts a worker per chat for each of them: a
//! burst from thousands of chats was all in memory at once, with a handler,
//! a Bot API connection and rendered replies per chat. Here an update is
//! taken in only when there is room ([`Intake`], `BOT_UPDATES_IN_FLIGHT`):
//! polling asks Telegram for no more than there is room for, and the
//! webhook answers Telegram's POST only once there is room, so Telegram
//! holds the rest (it opens at most `max_connections`, 40 by default). Room
//! is given back when a handler has finished with the update. Updates are
//! passed on in the order they came, and teloxide's dispatcher keeps each
//! chat's in order.
//!
//! The listeners also keep [`Health`] up to date, and drop updates teloxide
//! cannot parse with one line that names the update and chat only.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;
use teloxide::dispatching::{DpHandlerDescription, UpdateHandler};
use teloxide::dptree::{self, HandlerDescription, HandlerSignature};
use teloxide::prelude::*;
use teloxide::stop::{StopFlag, StopToken, mk_stop_token};
use teloxide::types::{AllowedUpdate, UpdateKind};
use teloxide::update_listeners::{StatefulListener, UpdateListener};
use tokio::sync::{Semaphore, mpsc};
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::ReceiverStream;

use super::delivery;
use super::health::Health;
use super::private_log;

/// The updates the bot holds at once: fetched or posted, queued for their
/// chat, or being handled.
pub struct Intake {
    room: Semaphore,
    /// The room polling waits for before it asks Telegram again.
    batch: u32,
}

impl Intake {
    pub fn new(in_flight: usize) -> Arc<Intake> {
        let in_flight = in_flight.max(1);
        Arc::new(Intake {
            room: Semaphore::new(in_flight),
            // A quarter of the room: asking for one update each time one is
            // handled made many small batches, and each batch's steps then
            // waited for a flush of their own (group commit needs company).
            batch: (in_flight / 4).max(1) as u32,
        })
    }

    /// Waits until a batch's worth of updates may be taken; says how many may.
    async fn room(&self) -> usize {
        let batch = self
            .room
            .acquire_many(self.batch)
            .await
            .expect("the intake is never closed");
        let room = self.room.available_permits() + self.batch as usize;
        drop(batch);
        room
    }

    /// Takes one update in, waiting for room.
    async fn admit(&self) {
        self.room
            .acquire()
            .await
            .expect("the intake is never closed")
            .forget();
    }

    /// An update taken in has been handled.
    fn release(&self) {
        self.room.add_permits(1);
    }

    /// The handler tree, giving the room back once each update is handled
    /// (with an error, by the default handler, or in a panic alike).
    pub fn around<E>(self: &Arc<Self>, schema: UpdateHandler<E>) -> UpdateHandler<E>
    where
        E: Send + Sync + 'static,
    {
        let intake = self.clone();
        // An entry handler that runs the rest of the tree, like
        // `dptree::entry()`, and neither adds to nor narrows its description
        // (from which teloxide derives `allowed_updates`).
        let releasing = dptree::from_fn_with_description(
            DpHandlerDescription::entry(),
            move |deps, rest| {
                let handled = Handled(intake.clone());
                async move {
                    let flow = rest(deps).await;
                    drop(handled);
                    flow
                }
            },
            HandlerSignature::Entry,
        );
        releasing.chain(schema)
    }
}

/// Gives room back when dropped: after the handler, or while unwinding.
struct Handled(Arc<Intake>);

impl Drop for Handled {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// The update and chat ids in an update's raw JSON (for a dropped one).
fn ids_of(raw: &Value) -> (Option<i64>, Option<i64>) {
    let update = raw.get("update_id").and_then(Value::as_i64);
    let chat = raw
        .as_object()
        .into_iter()
        .flat_map(|kinds| kinds.values())
        .find_map(|kind| {
            kind.pointer("/chat/id")
                .or_else(|| kind.pointer("/message/chat/id"))
                .or_else(|| kind.pointer("/from/id"))
                .and_then(Value::as_i64)
        });
    (update, chat)
}

fn log_dropped(raw: &Value) {
    let (update, chat) = ids_of(raw);
    log::error!("{}", private_log::dropped_update(update, chat));
    // Whole, names and texts included: only where RUST_LOG asks for debug.
    log::debug!("the update dropped: {raw}");
}

/// The listener the dispatcher reads: updates from a channel the polling
/// task or the webhook fills; it ends when they stop.
type Listener<St, Assf, Sf, Hauf> = StatefulListener<St, Assf, Sf, Hauf>;

/// Long polling, as teloxide's `Polling` does it (delete a webhook first,
/// confirm the last offset on the way out), asking only for updates there
/// is room for, and keeping `health` up to date.
pub fn polling(
    bot: Bot,
    intake: Arc<Intake>,
    health: Arc<Health>,
) -> impl UpdateListener<Err = Infallible> {
    struct State {
        bot: Bot,
        intake: Arc<Intake>,
        health: Arc<Health>,
        token: StopToken,
        flag: Option<StopFlag>,
        allowed: Option<Vec<AllowedUpdate>>,
    }
    let (token, flag) = mk_stop_token();
    let state = State {
        bot,
        intake,
        health,
        token,
        flag: Some(flag),
        allowed: None,
    };
    let listener: Listener<_, _, _, _> = StatefulListener::new_with_hints(
        state,
        |state: &mut State| {
            // As the dispatcher starts reading: the poller gets the allowed
            // updates the dispatcher hinted just before.
            let (tx, rx) = mpsc::channel(64);
            let poller = Poller {
                bot: state.bot.clone(),
                intake: state.intake.clone(),
                health: state.health.clone(),
                allowed: state.allowed.take(),
                tx,
            };
            let flag = state.flag.take().expect("polling is started once");
            tokio::spawn(poller.run(flag));
            ReceiverStream::new(rx).map(Ok::<Update, Infallible>)
        },
        |state: &mut State| state.token.clone(),
        Some(
            |state: &mut State, hint: &mut dyn Iterator<Item = AllowedUpdate>| {
                state.allowed = Some(hint.collect());
            },
        ),
    );
    listener
}

struct Poller {
    bot: Bot,
    intake: Arc<Intake>,
    health: Arc<Health>,
    allowed: Option<Vec<AllowedUpdate>>,
    tx: mpsc::Sender<Update>,
}

/// Telegram's most per `getUpdates`.
const BATCH: usize = 100;

impl Poller {
    /// How long one `getUpdates` waits for updates: 10 s, or less when the
    /// health threshold is short, so a quiet bot still reaches Telegram
    /// well within it.
    fn long_poll(&self) -> u32 {
        (self.health.fail_after().as_secs() / 3).clamp(1, 10) as u32
    }

    async fn run(self, mut stop: StopFlag) {
        delete_webhook_if_set(&self.bot).await;
        let mut offset: i32 = 0;
        let mut errors: u32 = 0;
        let mut allowed = self.allowed.clone();
        loop {
            let room = tokio::select! {
                () = &mut stop => break,
                room = self.intake.room() => room,
            };
            let mut request = self
                .bot
                .get_updates()
                .offset(offset)
                .timeout(self.long_poll())
                .limit(room.min(BATCH) as u8);
            if let Some(allowed) = allowed.take() {
                request = request.allowed_updates(allowed);
            }
            let answer = tokio::select! {
                () = &mut stop => break,
                answer = request.send() => answer,
            };
            let updates = match answer {
                Ok(updates) => updates,
                Err(error) => {
                    let why = delivery::describe(&error);
                    self.health.failed(why.clone());
                    let wait = match error {
                        teloxide::RequestError::RetryAfter(wait) => wait.duration(),
                        _ => delivery::polling_backoff(errors),
                    };
                    errors = errors.saturating_add(1);
                    log::warn!("getUpdates failed ({why}); again in {wait:?}");
                    tokio::select! {
                        () = &mut stop => break,
                        () = tokio::time::sleep(wait) => continue,
                    }
                }
            };
            self.health.contact();
            errors = 0;
            for update in updates {
                offset = update.id.as_offset();
                if let UpdateKind::Error(raw) = &update.kind {
                    log_dropped(raw);
                    continue;
                }
                self.intake.admit().await;
                if self.tx.send(update).await.is_err() {
                    self.intake.release();
                    return;
                }
            }
        }
        // Confirm what was taken, so a restart does not get it again.
        if offset != 0 {
            let confirm = self.bot.get_updates().offset(offset).limit(1).timeout(0);
            if let Err(e) = confirm.send().await {
                log::warn!(
                    "could not confirm the last updates ({}); Telegram will send them again",
                    delivery::describe(&e)
                );
            }
        }
    }
}

async fn delete_webhook_if_set(bot: &Bot) {
    match bot.get_webhook_info().send().await {
        Ok(info) if info.url.is_some() => {
            if let Err(e) = bot.delete_webhook().send().await {
                log::error!(
                    "cannot delete the webhook, so polling will fail: {}",
                    delivery::describe(&e)
                );
            }
        }
        Ok(_) => {}
        Err(e) => log::error!("cannot ask for the webhook: {}", delivery::describe(&e)),
    }
}

/// The webhook's side of the intake: what the POST handler needs.
pub struct Webhook {
    intake: Arc<Intake>,
    secret: String,
    tx: mpsc::Sender<Update>,
    stopping: AtomicBool,
}

/// The webhook listener: the POST handler's state, the listener for the
/// dispatcher, and a future that resolves when the listener is told to stop
/// (for the server's graceful shutdown).
pub fn webhook(
    intake: Arc<Intake>,
    secret: String,
) -> (
    Arc<Webhook>,
    impl UpdateListener<Err = Infallible>,
    impl Future<Output = ()> + Send + 'static,
) {
    let (tx, rx) = mpsc::channel(64);
    let hook = Arc::new(Webhook {
        intake,
        secret,
        tx,
        stopping: AtomicBool::new(false),
    });
    let (token, flag) = mk_stop_token();
    let stopped = {
        let hook = hook.clone();
        async move {
            flag.await;
            hook.stopping.store(true, Ordering::Release);
        }
    };
    struct State {
        rx: Option<mpsc::Receiver<Update>>,
        token: StopToken,
    }
    let listener: Listener<_, _, _, fn(&mut State, &mut dyn Iterator<Item = AllowedUpdate>)> =
        StatefulListener::new_with_hints(
            State {
                rx: Some(rx),
                token,
            },
            |state: &mut State| {
                let rx = state.rx.take().expect("the webhook is read once");
                ReceiverStream::new(rx).map(Ok::<Update, Infallible>)
            },
            |state: &mut State| state.token.clone(),
            None,
        );
    (hook, listener, stopped)
}

/// Compares without leaking, through timing, how much of a guess was right.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

/// Telegram's POST: refused without the secret (401, nothing read); an
/// update teloxide cannot parse is dropped with a line in the log (200, or
/// Telegram would send it again forever); otherwise answered once there is
/// room for it.
pub async fn receive(
    State(hook): State<Arc<Webhook>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let given = headers
        .get("x-telegram-bot-api-secret-token")
        .map_or(&b""[..], |v| v.as_bytes());
    if !same_secret(given, hook.secret.as_bytes()) {
        return StatusCode::UNAUTHORIZED;
    }
    if hook.stopping.load(Ordering::Acquire) {
        // Telegram sends it again later, to the next run.
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let update = match serde_json::from_slice::<Update>(&body) {
        Ok(update) if !matches!(update.kind, UpdateKind::Error(_)) => update,
        _ => {
            log_dropped(&serde_json::from_slice(&body).unwrap_or(Value::Null));
            return StatusCode::OK;
        }
    };
    hook.intake.admit().await;
    if hook.tx.send(update).await.is_err() {
        hook.intake.release();
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    StatusCode::OK
}

/// In webhook mode nothing else reaches Telegram while no updates come:
/// ask it about the webhook now and then, and check it is still ours.
pub async fn probe_bot_api(bot: Bot, url: url::Url, health: Arc<Health>) {
    let every =
        (health.fail_after() / 3).clamp(Duration::from_millis(500), Duration::from_secs(15));
    loop {
        match bot.get_webhook_info().send().await {
            Ok(info) if info.url.as_ref() == Some(&url) => health.contact(),
            Ok(info) => health.failed(format!(
                "Telegram sends updates to {}, not to BOT_WEBHOOK_URL",
                info.url
                    .map_or("nowhere (no webhook set)".into(), |u| u.to_string())
            )),
            Err(e) => health.failed(delivery::describe(&e)),
        }
        tokio::time::sleep(every).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_dropped_update_is_named_by_its_update_and_chat_id() {
        let message = json!({"update_id": 9, "message": {"date": "x", "chat": {"id": 77}, "from": {"id": 78}}});
        assert_eq!(ids_of(&message), (Some(9), Some(77)));
        let press = json!({"update_id": 10, "callback_query": {"from": {"id": 5}, "message": {"chat": {"id": 6}}}});
        assert_eq!(ids_of(&press), (Some(10), Some(6)));
        let inline = json!({"update_id": 11, "inline_query": {"from": {"id": 12}}});
        assert_eq!(ids_of(&inline), (Some(11), Some(12)));
        assert_eq!(ids_of(&Value::Null), (None, None));
    }

    #[test]
    fn only_the_exact_secret_passes() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cres", b"s3cret"));
        assert!(!same_secret(b"s3cre", b"s3cret"));
        assert!(!same_secret(b"", b"s3cret"));
    }

    #[tokio::test]
    async fn room_is_taken_by_admitted_updates_and_given_back_when_handled() {
        let intake = Intake::new(3);
        assert_eq!(intake.batch, 1, "a quarter of three, at least one");
        assert_eq!(intake.room().await, 3);
        intake.admit().await;
        intake.admit().await;
        assert_eq!(intake.room().await, 1);
        intake.admit().await;
        let waiting = tokio::time::timeout(Duration::from_millis(50), intake.room()).await;
        assert!(waiting.is_err(), "no room while three are held");
        drop(Handled(intake.clone()));
        assert_eq!(intake.room().await, 1);
    }
}
