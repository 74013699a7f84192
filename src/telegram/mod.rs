//! The Telegram front end: teloxide's dispatcher around the core, with the
//! conversation kept in sled.

pub mod commands;
pub mod delivery;
pub mod handlers;
pub mod health;
pub mod inline;
pub mod intake;
pub mod private_log;
pub mod profile;
pub mod send;

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use teloxide::dispatching::ShutdownToken;
use teloxide::dispatching::dialogue::{ErasedStorage, InMemStorage, Storage};
use teloxide::prelude::*;
use teloxide::stop::StopToken;
use teloxide::update_listeners::UpdateListener;

use crate::config::{BotConfig, StorageKind};
use crate::dialogue::Session;
use crate::i18n::Texts;
use crate::office::Office;
use crate::storage::{self, StoredState};
use health::{Health, Mode};
use intake::Intake;

pub use handlers::schema;

/// What the bot stores per chat: the consultation, and when it last moved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatState {
    pub session: Session,
    /// Unix seconds of the last change, to the hour (for the privacy sweep
    /// and the statistics).
    #[serde(default)]
    pub touched: i64,
    /// The last few updates that changed this state. Telegram sends an
    /// update again when the bot stopped before confirming it; one of these
    /// is then skipped, so a redelivered `/start` cannot wipe the answers.
    #[serde(default)]
    pub handled: HandledUpdates,
    /// Set by the storage when the stored bytes could not be read.
    #[serde(skip)]
    pub unreadable: bool,
}

/// The ids of the last updates that changed a chat's state, oldest first.
///
/// Not a high-water mark: after a week without updates Telegram numbers the
/// next ones from a random start, often below ids already seen, and a user
/// coming back then must be answered. Only an id this chat really handled
/// marks a redelivery.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandledUpdates(Vec<u32>);

impl HandledUpdates {
    /// How many ids are kept: more than one chat's updates that can be
    /// handled but not yet confirmed to Telegram when the bot stops (they
    /// are confirmed with the next `getUpdates`, a batch later).
    pub const KEPT: usize = 8;

    pub fn contains(&self, update_id: u32) -> bool {
        self.0.contains(&update_id)
    }

    /// Records `update_id`, forgetting the oldest beyond [`Self::KEPT`].
    pub fn record(&mut self, update_id: u32) {
        if self.0.len() >= Self::KEPT {
            self.0.remove(0);
        }
        self.0.push(update_id);
    }

    pub fn ids(&self) -> &[u32] {
        &self.0
    }
}

impl FromIterator<u32> for HandledUpdates {
    fn from_iter<I: IntoIterator<Item = u32>>(ids: I) -> Self {
        let mut handled = HandledUpdates::default();
        for id in ids {
            handled.record(id);
        }
        handled
    }
}

/// [`ChatState`] as builds before the handled-update ring stored it (storage
/// versions 1 and 2): the newest handled id only, 0 for none.
#[derive(Deserialize)]
struct ChatStateWithLastUpdate {
    session: Session,
    #[serde(default)]
    touched: i64,
    #[serde(default)]
    last_update: u32,
}

impl From<ChatStateWithLastUpdate> for ChatState {
    fn from(old: ChatStateWithLastUpdate) -> ChatState {
        ChatState {
            session: old.session,
            touched: old.touched,
            handled: (old.last_update != 0)
                .then_some(old.last_update)
                .into_iter()
                .collect(),
            unreadable: false,
        }
    }
}

impl StoredState for ChatState {
    fn unreadable() -> Self {
        ChatState {
            unreadable: true,
            ..ChatState::default()
        }
    }

    fn touched(&self) -> i64 {
        self.touched
    }

    fn decode_earlier(version: u8, bytes: &[u8]) -> Option<Self> {
        let old: ChatStateWithLastUpdate = match version {
            storage::FORMAT_POSTCARD_V2 => postcard::from_bytes(bytes).ok()?,
            storage::FORMAT_JSON => serde_json::from_slice(bytes).ok()?,
            _ => return None,
        };
        Some(old.into())
    }
}

/// What every handler shares: texts and office details, loaded once.
pub struct App {
    pub texts: Texts,
    pub office: Office,
    pub delivery: delivery::Delivery,
}

/// The Bot API client, pointed at `TELOXIDE_API_URL` when set.
pub fn make_bot(token: &str, api_url: Option<url::Url>) -> Bot {
    let bot = Bot::new(token);
    match api_url {
        Some(url) => bot.set_api_url(url),
        None => bot,
    }
}

/// The dispatcher around [`schema`], on any storage (sled in production,
/// in-memory in benchmarks), giving room back to `intake` as updates are handled.
pub fn dispatcher(
    bot: Bot,
    storage: Arc<ErasedStorage<ChatState>>,
    app: Arc<App>,
    intake: &Arc<Intake>,
) -> Dispatcher<Bot, handlers::HandlerError, teloxide::dispatching::DefaultKey> {
    Dispatcher::builder(bot, intake.around(schema()))
        .dependencies(dptree::deps![storage, app])
        .default_handler(|update| async move {
            log::debug!(
                "ignored an update of a kind the bot does not use (id {})",
                update.id.0
            );
        })
        .error_handler(LoggingErrorHandler::with_custom_text("a handler failed"))
        .build()
}

/// Runs the bot until SIGTERM or Ctrl-C: long polling, or a webhook when configured.
pub async fn run(config: BotConfig, texts: Texts, office: Office) -> Result<(), String> {
    storage::create_private_dir(&config.data_dir)?;
    let store = match config.storage {
        StorageKind::Sled => Some(storage::open(&config.data_dir, config.durability)?),
        StorageKind::Memory => {
            log::warn!("BOT_STORAGE=memory: conversations are lost when the bot stops");
            None
        }
    };
    let bot = make_bot(&config.token, config.api_url.clone());
    let me = bot.get_me().await.map_err(|e| explain_get_me_error(&e))?;
    log::info!(
        "started as @{}, data in {}",
        me.username(),
        config.data_dir.display()
    );
    let app = Arc::new(App {
        texts,
        office,
        delivery: delivery::Delivery::new(&bot, config.rate_limits),
    });
    {
        let (bot, app) = (bot.clone(), app.clone());
        tokio::spawn(async move { profile::publish(bot, &app.texts).await });
    }
    let erased: Arc<ErasedStorage<ChatState>> = match &store {
        Some(store) => {
            tokio::spawn(housekeeping(store.clone(), config.retention));
            store.clone().erase()
        }
        None => InMemStorage::<ChatState>::new().erase(),
    };
    let mode = match config.webhook {
        None => Mode::Polling,
        Some(_) => Mode::Webhook,
    };
    let health = Arc::new(Health::new(mode, config.health_fail_after));
    let heartbeat = tokio::spawn(health::keep_writing(
        health.clone(),
        health::heartbeat_path(&config.data_dir),
    ));
    let intake = Intake::new(config.updates_in_flight);
    let mut dispatcher = dispatcher(bot.clone(), erased, app, &intake);
    let shutdown = dispatcher.shutdown_token();
    let served = match &config.webhook {
        None => {
            let mut listener = intake::polling(bot, intake, health);
            tokio::spawn(stop_on_signal(shutdown, listener.stop_token()));
            dispatcher
                .dispatch_with_listener(
                    listener,
                    LoggingErrorHandler::with_custom_text("getting updates failed"),
                )
                .await;
            Ok(())
        }
        Some(webhook) => {
            serve_webhook(&mut dispatcher, bot, webhook, shutdown, intake, health).await
        }
    };
    heartbeat.abort();
    if let Some(store) = store {
        // Every update in flight has been handled: put everything on disk.
        store.flush_now().map_err(|e| e.to_string())?;
        snapshot_stats(&store, &config.data_dir);
        log::info!("stopped; all dialogues are on disk");
    }
    served
}

/// Webhook mode: Telegram posts updates to `BOT_WEBHOOK_URL`; the same
/// listener answers `GET /healthz`. Requests without the secret token are
/// refused (401) before anything is read. The webhook is deleted on the way
/// out, so Telegram keeps the updates that come meanwhile for the next start.
async fn serve_webhook(
    dispatcher: &mut Dispatcher<Bot, handlers::HandlerError, teloxide::dispatching::DefaultKey>,
    bot: Bot,
    webhook: &crate::config::Webhook,
    shutdown: ShutdownToken,
    intake: Arc<Intake>,
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
    let (hook, mut listener, stopped) = intake::webhook(intake, secret);
    tokio::spawn(stop_on_signal(shutdown, listener.stop_token()));
    let probe = tokio::spawn(intake::probe_bot_api(
        bot.clone(),
        webhook.url.clone(),
        health.clone(),
    ));
    let path = match webhook.url.path() {
        "" => "/",
        path => path,
    };
    let router = axum::Router::new()
        .route(path, post(intake::receive))
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
    dispatcher
        .dispatch_with_listener(
            listener,
            LoggingErrorHandler::with_custom_text("the webhook listener failed"),
        )
        .await;
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

/// SIGTERM (containers) and Ctrl-C stop taking updates; those in flight finish.
///
/// The listener is stopped directly as well: teloxide 0.17's
/// `ShutdownToken::shutdown` wakes the dispatcher with `notify_waiters`, and
/// the wake-up is lost when the dispatcher is busy handling an update at that
/// instant, so under load the bot would never stop. Ending the update stream
/// makes the dispatcher finish its workers and return in every case.
async fn stop_on_signal(shutdown: ShutdownToken, listener: StopToken) {
    let signal = wait_for_stop_signal().await;
    log::info!("{signal} received: finishing the updates in flight, then stopping");
    let _ = shutdown.shutdown().map(drop);
    listener.stop();
}

#[cfg(unix)]
async fn wait_for_stop_signal() -> &'static str {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => tokio::select! {
            _ = tokio::signal::ctrl_c() => "Ctrl-C",
            _ = term.recv() => "SIGTERM",
        },
        Err(e) => {
            log::warn!("cannot listen for SIGTERM ({e}); Ctrl-C still stops the bot");
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}

#[cfg(not(unix))]
async fn wait_for_stop_signal() -> &'static str {
    let _ = tokio::signal::ctrl_c().await;
    "Ctrl-C"
}

/// When the first privacy sweep runs after start.
const FIRST_HOUSEKEEPING: std::time::Duration = std::time::Duration::from_secs(5);

/// Every hour (and soon after start): the privacy sweep. It walks the time
/// index only: a full scan would make sled keep every dialogue's node in memory.
async fn housekeeping(store: Arc<storage::SledStorage>, retention: std::time::Duration) {
    tokio::time::sleep(FIRST_HOUSEKEEPING).await;
    {
        // Stores written before the time index existed get it once.
        let store = store.clone();
        match tokio::task::spawn_blocking(move || store.index_if_missing::<ChatState>()).await {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => log::info!("indexed {n} stored dialogues by time (once)"),
            Ok(Err(e)) => log::error!("indexing the store by time failed: {e}"),
            Err(e) => log::error!("indexing task failed: {e}"),
        }
    }
    loop {
        let store = store.clone();
        let swept = tokio::task::spawn_blocking(move || {
            crate::privacy::sweep(&store, chrono::Utc::now().timestamp(), retention)
        })
        .await;
        match swept {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => log::info!(
                "privacy sweep: deleted {n} dialogues untouched for {} days",
                retention.as_secs() / 86400
            ),
            Ok(Err(e)) => log::error!("privacy sweep failed: {e}"),
            Err(e) => log::error!("privacy sweep task failed: {e}"),
        }
        tokio::time::sleep(crate::privacy::SWEEP_EVERY).await;
    }
}

/// Counts the store at shutdown, for `kz-residence-bot stats` to show while
/// a bot holds the store again (sled allows one process at a time).
fn snapshot_stats(store: &storage::SledStorage, data_dir: &std::path::Path) {
    let states = store
        .entries()
        .map(|(_, bytes)| storage::decode::<ChatState>(&bytes));
    let stats = crate::stats::count(states, chrono::Utc::now().timestamp());
    if let Err(e) = crate::stats::write_snapshot(data_dir, &stats) {
        log::warn!("cannot write the statistics snapshot: {e}");
    }
}

fn explain_get_me_error(error: &teloxide::RequestError) -> String {
    match error {
        teloxide::RequestError::Api(teloxide::ApiError::InvalidToken) => format!(
            "Telegram rejected TELOXIDE_TOKEN (revoked or mistyped?): {}",
            crate::config::TOKEN_HELP
        ),
        other => format!("cannot reach the Telegram Bot API: {other}"),
    }
}
