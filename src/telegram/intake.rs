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
//! are written to [`LEFT_OVER`]). What Telegram already counts as delivered
//! and nobody handled (from older batches) goes into that file too and is
//! handled first at the next start. Webhook POSTs are answered when their
//! update starts (Telegram holds the rest, 40 connections at most), or after
//! [`STALL`] with the update kept, and refused with 503 once the bot is
//! stopping.
//!
//! The listeners also keep [`Health`] up to date, and drop updates teloxide
//! cannot parse with one line that names the update and chat only.

pub mod queues;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::convert::Infallible;
use std::panic::Location;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;
use teloxide::dispatching::{DpHandlerDescription, UpdateHandler};
use teloxide::dptree::{self, HandlerDescription, HandlerSignature, Type};
use teloxide::prelude::*;
use teloxide::stop::{StopFlag, StopToken, mk_stop_token};
use teloxide::types::{AllowedUpdate, UpdateKind};
use teloxide::update_listeners::{StatefulListener, UpdateListener};
use tokio::sync::{Notify, mpsc, oneshot, watch};
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::UnboundedReceiverStream;

use super::delivery;
use super::health::Health;
use crate::private_log;
use crate::reply::{Msg, Reply};
use queues::{Exit, Held, Queues};

/// Telegram's most per `getUpdates`.
const BATCH: usize = 100;
/// Updates held at once, at most (about a kilobyte each in memory): polling
/// asks for a batch while the last one is still being worked through, so
/// chats with several updates back to back never leave the places idle.
const HELD_MOST: usize = 10 * BATCH;
/// How long a webhook POST waits for its update to start before it is
/// answered anyway (the update kept).
pub const STALL: Duration = Duration::from_secs(1);
/// After SIGTERM, how long the updates being handled may take to finish.
pub const GRACE: Duration = Duration::from_secs(3);
/// In the data directory: what the last run left over (see the module's
/// documentation); read and deleted at the next start.
pub const LEFT_OVER: &str = "intake-left-over.json";

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

    /// Last run's left-overs, before anything is taken: what Telegram
    /// counted as delivered and nobody handled is handled first; the ids it
    /// will offer again and that were handled are skipped.
    pub fn resume(&self, data_dir: &Path) {
        let path = data_dir.join(LEFT_OVER);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(e) => {
                log::error!("cannot read {}: {e}", path.display());
                return;
            }
        };
        if let Err(e) = std::fs::remove_file(&path) {
            log::error!("cannot delete {}: {e}", path.display());
        }
        let left: LeftOver = match serde_json::from_str(&text) {
            Ok(left) => left,
            Err(e) => {
                log::error!(
                    "{} is unreadable ({:?} at line {}); the last run's left-overs are lost",
                    path.display(),
                    e.classify(),
                    e.line()
                );
                return;
            }
        };
        log::info!(
            "the last run left {} updates to handle first and {} handled ones to skip",
            left.kept.len(),
            left.handled.len()
        );
        let mut skip = self
            .handled_before
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        skip.extend(left.handled.iter().copied());
        // Telegram may offer these again too, if the confirmation was lost.
        skip.extend(left.kept.iter().map(|u| u.id.0));
        drop(skip);
        self.with_queues(|queues| {
            for update in left.kept {
                queues.hold(Held::new(update, true));
            }
        });
    }

    /// Whether the last run handled this update already; forgets the ids
    /// once Telegram is past them.
    fn handled_before(&self, update: u32) -> bool {
        let mut skip = self
            .handled_before
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if skip.is_empty() {
            return false;
        }
        if skip.remove(&update) {
            return true;
        }
        if skip.iter().all(|&id| id < update) {
            skip.clear();
        }
        false
    }

    /// After SIGTERM, once the handlers in flight are done or [`GRACE`] is
    /// over: confirms to Telegram what was handled of the last batch (when
    /// polling) and writes what the next start needs to [`LEFT_OVER`].
    pub async fn leave(&self, bot: &Bot, data_dir: &Path, polling: bool) {
        let exit: Exit = self.lock().queues.exit();
        if exit.in_flight > 0 {
            log::warn!(
                "stopping with {} updates still being handled after {GRACE:?}; their replies may be cut short",
                exit.in_flight
            );
        }
        let left = LeftOver {
            handled: if polling { exit.handled } else { Vec::new() },
            kept: exit.kept,
        };
        if !left.handled.is_empty() || !left.kept.is_empty() {
            if let Err(e) = write_left_over(&data_dir.join(LEFT_OVER), &left) {
                log::error!(
                    "cannot write {LEFT_OVER}: {e}; Telegram will offer handled updates again"
                );
            }
            if !left.kept.is_empty() {
                log::info!(
                    "{} updates taken in and not handled are kept for the next start",
                    left.kept.len()
                );
            }
        }
        let Some(offset) = exit.offset.filter(|_| polling) else {
            return;
        };
        let confirm = bot
            .get_updates()
            .offset(offset as i32)
            .limit(1)
            .timeout(0)
            .send();
        match tokio::time::timeout(Duration::from_secs(1), confirm).await {
            Ok(Ok(_)) => {
                log::info!("updates from {offset} on stay with Telegram for the next start")
            }
            Ok(Err(e)) => log::warn!(
                "could not confirm the updates handled ({}); Telegram will offer them again",
                delivery::describe(&e)
            ),
            Err(_) => log::warn!(
                "confirming the updates handled took over a second; Telegram will offer them again"
            ),
        }
    }
}

/// What a run leaves for the next: see [`Intake::resume`] and [`Intake::leave`].
#[derive(serde::Serialize, serde::Deserialize)]
struct LeftOver {
    handled: Vec<u32>,
    kept: Vec<Update>,
}

/// An update as JSON teloxide reads back as the same update. teloxide
/// writes a press on a message it no longer holds without the message's
/// `date: 0`, which is how it recognises one when reading.
fn keepable(update: &Update) -> Option<Value> {
    let mut json = serde_json::to_value(update).ok()?;
    if let UpdateKind::CallbackQuery(q) = &update.kind
        && q.regular_message().is_none()
        && let Some(message) = json.pointer_mut("/callback_query/message")
        && let Some(fields) = message.as_object_mut()
    {
        fields.entry("date").or_insert(Value::from(0));
    }
    let back: Update = serde_json::from_str(&json.to_string()).ok()?;
    (back == *update).then_some(json)
}

/// Written whole or not at all (renamed into place). A kept update that
/// would not read back the same is left out, with a line naming it.
fn write_left_over(path: &Path, left: &LeftOver) -> std::io::Result<()> {
    use std::io::Write;
    let kept: Vec<Value> = left
        .kept
        .iter()
        .filter_map(|update| {
            let json = keepable(update);
            if json.is_none() {
                log::error!(
                    "{}",
                    private_log::lost_update(update.id.0, update.chat().map(|c| c.id.0))
                );
            }
            json
        })
        .collect();
    let text = serde_json::json!({"handled": left.handled, "kept": kept}).to_string();
    let tmp: PathBuf = path.with_extension("json.tmp");
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
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

/// Long polling, as teloxide's `Polling` does it (delete a webhook first),
/// asking for a batch once the last has started (see the module's
/// documentation), and keeping `health` up to date.
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
            let poller = Poller {
                bot: state.bot.clone(),
                intake: state.intake.clone(),
                health: state.health.clone(),
                allowed: state.allowed.take(),
            };
            let flag = state.flag.take().expect("polling is started once");
            tokio::spawn(poller.run(flag));
            state.intake.dispatched().map(Ok::<Update, Infallible>)
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
}

impl Poller {
    /// How long one `getUpdates` waits for updates: 10 s, or less when the
    /// health threshold is short, so a quiet bot still reaches Telegram
    /// well within it.
    fn long_poll(&self) -> u32 {
        (self.health.fail_after().as_secs() / 3).clamp(1, 10) as u32
    }

    /// How many updates to ask for, once a batch is wanted.
    async fn room(&self) -> usize {
        loop {
            let changed = self.intake.changed.notified();
            if self.intake.lock().queues.wants_batch(BATCH, HELD_MOST) {
                return BATCH;
            }
            changed.await;
        }
    }

    async fn run(self, mut stop: StopFlag) {
        delete_webhook_if_set(&self.bot).await;
        let mut offset: u32 = 0;
        let mut errors: u32 = 0;
        let mut allowed = self.allowed.clone();
        loop {
            let room = tokio::select! {
                () = &mut stop => break,
                room = self.room() => room,
            };
            let mut request = self
                .bot
                .get_updates()
                .offset(offset as i32)
                .timeout(self.long_poll())
                .limit(room as u8);
            if let Some(allowed) = allowed.take() {
                request = request.allowed_updates(allowed);
            }
            // From here Telegram may count the last batch as delivered.
            self.intake.lock().queues.asking(offset);
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
            let mut batch = Vec::with_capacity(updates.len());
            for update in updates {
                let id = update.id.0;
                offset = id.wrapping_add(1);
                if let UpdateKind::Error(raw) = &update.kind {
                    log_dropped(raw);
                    batch.push((id, None));
                } else if self.intake.handled_before(id) {
                    log::info!("update {id} was handled before the restart; skipped");
                    batch.push((id, None));
                } else {
                    batch.push((id, Some(update)));
                }
            }
            self.intake.with_queues(|queues| queues.take_batch(batch));
        }
        self.intake.stop();
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
    stopping: AtomicBool,
}

/// The webhook listener: the POST handler's state, the listener for the
/// dispatcher, and a future that resolves when the listener is told to stop
/// (for the server's graceful shutdown).
pub fn webhook_listener(
    intake: Arc<Intake>,
    secret: String,
) -> (
    Arc<Webhook>,
    impl UpdateListener<Err = Infallible>,
    impl Future<Output = ()> + Send + 'static,
) {
    let hook = Arc::new(Webhook {
        intake: intake.clone(),
        secret,
        stopping: AtomicBool::new(false),
    });
    let (token, flag) = mk_stop_token();
    let stopped = {
        let hook = hook.clone();
        async move {
            flag.await;
            hook.stopping.store(true, Ordering::Release);
            hook.intake.stop();
        }
    };
    struct State {
        intake: Arc<Intake>,
        token: StopToken,
    }
    let listener: Listener<_, _, _, fn(&mut State, &mut dyn Iterator<Item = AllowedUpdate>)> =
        StatefulListener::new_with_hints(
            State { intake, token },
            |state: &mut State| state.intake.dispatched().map(Ok::<Update, Infallible>),
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
/// Telegram would send it again forever); otherwise answered once its
/// update starts (or is dropped in a flood), or after [`STALL`] with the
/// update kept; refused (503) once the bot is stopping, so Telegram sends
/// it again to the next run.
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
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let update = match serde_json::from_slice::<Update>(&body) {
        Ok(update) if !matches!(update.kind, UpdateKind::Error(_)) => update,
        _ => {
            log_dropped(&serde_json::from_slice(&body).unwrap_or(Value::Null));
            return StatusCode::OK;
        }
    };
    let (chat, id) = (update.chat().map(|c| c.id), update.id.0);
    let (ack, taken) = oneshot::channel();
    let held = Held {
        ack: Some(ack),
        ..Held::new(update, false)
    };
    hook.intake.with_queues(|queues| {
        if !queues.is_stopping() {
            queues.hold(held);
        }
    });
    let mut taken = std::pin::pin!(taken);
    if let Ok(answer) = tokio::time::timeout(STALL, &mut taken).await {
        return match answer {
            Ok(()) => StatusCode::OK,
            Err(_) => StatusCode::SERVICE_UNAVAILABLE,
        };
    }
    {
        let mut inner = hook.intake.lock();
        if inner.queues.is_stopping() {
            return StatusCode::SERVICE_UNAVAILABLE;
        }
        // Kept, so Telegram may send the next; unless the bot holds its most.
        if inner.queues.held() <= HELD_MOST {
            inner.queues.confirm(chat, id);
            return StatusCode::OK;
        }
    }
    match taken.await {
        Ok(()) => StatusCode::OK,
        Err(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
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

/// Webhook mode: Telegram posts updates to `BOT_WEBHOOK_URL`; the same
/// listener answers `GET /healthz`. Requests without the secret token are
/// refused (401) before anything is read. The webhook is deleted on the way
/// out, so Telegram keeps the updates that come meanwhile for the next start.
pub async fn serve_webhook(
    dispatcher: &mut super::run::BotDispatcher,
    bot: Bot,
    webhook: &super::settings::WebhookSettings,
    shutdown: teloxide::dispatching::ShutdownToken,
    intake: &Arc<Intake>,
    health: Arc<Health>,
) -> Result<(), String> {
    use axum::routing::{get, post};
    let secret = match &webhook.secret {
        Some(secret) => secret.clone(),
        None => {
            teloxide::update_listeners::webhooks::Options::new(webhook.listen, webhook.url.clone())
                .get_or_gen_secret_token()
                .to_string()
        }
    };
    bot.set_webhook(webhook.url.clone())
        .secret_token(secret.clone())
        .await
        .map_err(|e| format!("cannot set the webhook: {}", delivery::describe(&e)))?;
    let (hook, mut listener, stopped) = webhook_listener(intake.clone(), secret);
    tokio::spawn(super::signals::stop_on_signal(
        shutdown,
        listener.stop_token(),
    ));
    let probe = tokio::spawn(probe_bot_api(
        bot.clone(),
        webhook.url.clone(),
        health.clone(),
    ));
    let path = match webhook.url.path() {
        "" => "/",
        path => path,
    };
    let router = axum::Router::new()
        .route(path, post(receive))
        .with_state(hook)
        .route("/healthz", get(move || healthz(health.clone())));
    let tcp = tokio::net::TcpListener::bind(webhook.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", webhook.listen))?;
    log::info!(
        "webhook: listening on {} for {}",
        webhook.listen,
        webhook.url
    );
    let server = tokio::spawn(async move {
        axum::serve(tcp, router)
            .with_graceful_shutdown(stopped)
            .await
    });
    let dispatching = dispatcher.dispatch_with_listener(
        listener,
        LoggingErrorHandler::with_custom_text("the webhook listener failed"),
    );
    until_handled_or_grace(intake, dispatching).await;
    probe.abort();
    if let Err(e) = bot.delete_webhook().await {
        log::warn!("cannot delete the webhook: {}", delivery::describe(&e));
    }
    match server.await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(format!("webhook server: {e}")),
        Err(e) => Err(format!("webhook server task: {e}")),
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

/// `GET /healthz`: 200 while the Bot API answers, 503 with the reason once
/// it has not for `BOT_HEALTH_FAIL_AFTER`.
async fn healthz(health: Arc<Health>) -> (axum::http::StatusCode, String) {
    match health.verdict() {
        Ok(line) => (axum::http::StatusCode::OK, format!("ok: {line}\n")),
        Err(why) => (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            format!("unhealthy: {why}\n"),
        ),
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
    async fn what_a_run_leaves_over_is_handled_first_and_skipped_when_offered_again() {
        let dir = tempfile::tempdir().unwrap();
        let private = json!({"id": 5, "type": "private", "first_name": "Aigerim"});
        let user =
            json!({"id": 5, "is_bot": false, "first_name": "Aigerim", "language_code": "kk"});
        let kept: Vec<Update> = [
            json!({"update_id": 12, "message": {
                "message_id": 3, "date": 1764000000, "chat": private, "from": user,
                "text": "/start ru", "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                "forward_origin": {"type": "hidden_user", "sender_user_name": "X", "date": 1764000000}}}),
            json!({"update_id": 13, "callback_query": {
                "id": "q1", "from": user, "chat_instance": "c", "data": "a:stage:both",
                "message": {"message_id": 4, "date": 0, "chat": private}}}),
        ]
        .into_iter()
        .map(|u| serde_json::from_str(&u.to_string()).unwrap())
        .collect();
        assert!(
            kept.iter().all(|u| !matches!(u.kind, UpdateKind::Error(_))),
            "{kept:?}"
        );
        let left = LeftOver {
            handled: vec![10, 14],
            kept: kept.clone(),
        };
        write_left_over(&dir.path().join(LEFT_OVER), &left).unwrap();
        let intake = Intake::new(4);
        intake.resume(dir.path());
        assert!(!dir.path().join(LEFT_OVER).exists(), "read once");
        // The same chat's two updates, in order, whole: one now, one after it.
        let mut dispatched = intake.dispatched();
        assert_eq!(dispatched.next().await.as_ref(), Some(&kept[0]));
        intake.with_queues(|queues| queues.finish(Some(ChatId(5)), 12));
        assert_eq!(dispatched.next().await.as_ref(), Some(&kept[1]));
        // Offered again by Telegram: skipped; anything else is new.
        assert!(intake.handled_before(10));
        assert!(!intake.handled_before(11));
        assert!(intake.handled_before(12));
        assert!(!intake.handled_before(15), "past them all");
        assert!(
            !intake.handled_before(14),
            "forgotten once Telegram is past them"
        );
    }

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
