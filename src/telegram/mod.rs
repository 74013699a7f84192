//! The Telegram front end: teloxide's dispatcher around the core, with each
//! chat's record kept in the store.

pub mod clock;
pub mod delivery;
pub mod handlers;
pub mod handover;
pub mod health;
pub mod inline;
pub mod profile;
pub mod reminders;
pub mod send;
pub mod storage;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use teloxide::dispatching::ShutdownToken;
use teloxide::dispatching::dialogue::{ErasedStorage, InMemStorage, Storage};
use teloxide::prelude::*;
use teloxide::stop::StopToken;
use teloxide::update_listeners::{self, UpdateListener};

use crate::content::Content;
use crate::office::Office;
use crate::store::{self, ChatRecord, Durability};

pub use handlers::schema;

/// What to do about a missing or wrong token, in one line.
pub const TOKEN_HELP: &str = "get a token from @BotFather in Telegram (send it /newbot) and set TELOXIDE_TOKEN to it, \
or try the consultation without Telegram: kz-residence-bot console";

/// How the bot runs; read from the environment by the entry point.
#[derive(Clone, Debug)]
pub struct Settings {
    pub token: String,
    /// The system clock, or a test's (`BOT_TEST_ONLY_CLOCK_FILE`).
    pub clock: clock::Clock,
    /// `TELOXIDE_API_URL`: another Bot API server (a local one, or a fake one in tests).
    pub api_url: Option<url::Url>,
    /// `BOT_DATA_DIR`, default `./data`.
    pub data_dir: PathBuf,
    /// `BOT_DURABILITY`: `flush` (default) or `background`.
    pub durability: Durability,
    /// Webhook mode when `BOT_WEBHOOK_URL` is set; long polling otherwise.
    pub webhook: Option<Webhook>,
    /// `BOT_RETENTION_DAYS` (default 90): dialogues untouched this long are deleted.
    pub retention: Duration,
    /// `BOT_RATE_LIMIT`: `telegram` (default) keeps to Telegram's limits; `off` for
    /// a local Bot API server or a benchmark.
    pub rate_limits: Option<delivery::Limits>,
    /// `BOT_STAFF_CHAT` and `BOT_STAFF_LANG`: where "Ask the office" posts
    /// requests; unset, the button is not shown.
    pub staff: Option<handover::Staff>,
    /// `BOT_STORAGE`: `sled` (default), or `memory` (nothing survives a restart:
    /// for benchmarks, to measure the bot without persistence).
    pub storage: StorageKind,
    /// `BOT_CONTENT_DIR`: the firm's content folder, reloaded on SIGHUP.
    pub content_dir: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageKind {
    Sled,
    Memory,
}

#[derive(Clone, Debug)]
pub struct Webhook {
    /// `BOT_WEBHOOK_URL`: the public https address Telegram posts updates to.
    pub url: url::Url,
    /// `BOT_LISTEN_ADDR`, default `0.0.0.0:8080`.
    pub listen: SocketAddr,
    /// `BOT_WEBHOOK_SECRET`, or generated at start: Telegram sends it with every update.
    pub secret: Option<String>,
}

/// What every handler shares: the content in force (texts, the labels
/// typed answers are matched against, the office, extra documents; swapped
/// whole on SIGHUP), and the delivery of replies.
pub struct App {
    content: RwLock<Arc<Content>>,
    pub delivery: delivery::Delivery,
    pub clock: clock::Clock,
    /// The store, when there is one (not with `BOT_STORAGE=memory`):
    /// reminders need it, so without it they are not offered.
    pub store: Option<Arc<store::Store>>,
    /// The office's chat, when configured.
    pub staff: Option<handover::Staff>,
}

impl App {
    /// The content in force now; a reload does not change what a handler
    /// already holds.
    pub fn content(&self) -> Arc<Content> {
        self.content
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn replace_content(&self, content: Content) {
        *self.content.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(content);
    }

    /// What this bot offers besides messages.
    pub fn features(&self) -> crate::companion::Features {
        crate::companion::Features {
            pdf: true,
            reminders: self.store.is_some(),
            // The relay's mapping lives in the store: without it, no office.
            ask_office: self.staff.is_some() && self.store.is_some(),
            date_picker: true,
        }
    }

    /// Whether updates from `chat` are the office's (never the questionnaire's).
    pub fn is_staff_chat(&self, chat: ChatId) -> bool {
        self.staff.is_some_and(|staff| staff.chat == chat)
    }
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
/// in-memory in benchmarks).
pub fn dispatcher(
    bot: Bot,
    storage: Arc<ErasedStorage<ChatRecord>>,
    app: Arc<App>,
) -> Dispatcher<Bot, handlers::HandlerError, teloxide::dispatching::DefaultKey> {
    Dispatcher::builder(bot, schema())
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

/// Runs the bot until SIGTERM or Ctrl-C on `content`; SIGHUP reloads the
/// content folder (`config.content_dir`) on top of `office`, the office as
/// configured by the environment.
pub async fn run(config: Settings, content: Content, office: Office) -> Result<(), String> {
    let store = match config.storage {
        StorageKind::Sled => Some(store::open(&config.data_dir, config.durability)?),
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
    if matches!(config.clock, clock::Clock::TestFile(_)) {
        log::warn!("BOT_TEST_ONLY_CLOCK_FILE: the bot's clock is a test's");
    }
    let app = Arc::new(App {
        content: RwLock::new(Arc::new(content)),
        delivery: delivery::Delivery::new(config.rate_limits),
        clock: config.clock.clone(),
        store: store.clone(),
        staff: config.staff,
    });
    if config.staff.is_some() && store.is_none() {
        log::warn!("BOT_STAFF_CHAT is set, but with BOT_STORAGE=memory the office cannot be asked");
    }
    {
        let (bot, app) = (bot.clone(), app.clone());
        let ask_office = app.features().ask_office;
        tokio::spawn(async move { profile::publish(bot, &app.content().texts, ask_office).await });
    }
    if let Some(dir) = config.content_dir.clone() {
        tokio::spawn(reload_on_hangup(bot.clone(), app.clone(), dir, office));
    }
    let erased: Arc<ErasedStorage<ChatRecord>> = match &store {
        Some(store) => {
            tokio::spawn(housekeeping(
                store.clone(),
                config.retention,
                app.clock.clone(),
            ));
            tokio::spawn(reminders::run(bot.clone(), store.clone(), app.clone()));
            tokio::spawn(handover::sweep(
                bot.clone(),
                store.clone(),
                app.clone(),
                config.retention,
            ));
            store.clone().erase()
        }
        None => InMemStorage::<ChatRecord>::new().erase(),
    };
    let mut dispatcher = dispatcher(bot.clone(), erased, app);
    let shutdown = dispatcher.shutdown_token();
    match &config.webhook {
        None => {
            let mut listener = update_listeners::Polling::builder(bot)
                .timeout(Duration::from_secs(10))
                .backoff_strategy(delivery::polling_backoff)
                .delete_webhook()
                .await
                .build();
            tokio::spawn(stop_on_signal(shutdown, listener.stop_token()));
            dispatcher
                .dispatch_with_listener(
                    listener,
                    LoggingErrorHandler::with_custom_text("getting updates failed"),
                )
                .await;
        }
        Some(webhook) => serve_webhook(&mut dispatcher, bot, webhook, shutdown).await?,
    }
    if let Some(store) = store {
        // Every update in flight has been handled: put everything on disk.
        store.flush_now().map_err(|e| e.to_string())?;
        store::stats::snapshot(&store, &config.data_dir, chrono::Utc::now().timestamp());
        log::info!("stopped; all dialogues are on disk");
    }
    Ok(())
}

/// Webhook mode: Telegram posts updates to `BOT_WEBHOOK_URL`; the same
/// listener answers `GET /healthz`. Requests without the secret token are
/// refused (401) before anything is read.
async fn serve_webhook(
    dispatcher: &mut Dispatcher<Bot, handlers::HandlerError, teloxide::dispatching::DefaultKey>,
    bot: Bot,
    webhook: &Webhook,
    shutdown: ShutdownToken,
) -> Result<(), String> {
    use teloxide::update_listeners::webhooks;
    let mut options = webhooks::Options::new(webhook.listen, webhook.url.clone());
    match &webhook.secret {
        Some(secret) => options = options.secret_token(secret.clone()),
        None => {
            options.get_or_gen_secret_token();
        }
    }
    let (mut listener, stopped, router) = webhooks::axum_to_router(bot, options)
        .await
        .map_err(|e| format!("cannot set the webhook: {e}"))?;
    tokio::spawn(stop_on_signal(shutdown, listener.stop_token()));
    let router = router.route("/healthz", axum::routing::get(|| async { "ok\n" }));
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
    match server.await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(format!("webhook server: {e}")),
        Err(e) => Err(format!("webhook server task: {e}")),
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
const FIRST_HOUSEKEEPING: Duration = Duration::from_secs(5);

/// Every hour (and soon after start): the privacy sweep. It walks the time
/// index only: a full scan would make sled keep every dialogue's node in memory.
async fn housekeeping(store: Arc<store::Store>, retention: Duration, clock: clock::Clock) {
    tokio::time::sleep(FIRST_HOUSEKEEPING).await;
    {
        // Stores written before the time index existed get it once.
        let store = store.clone();
        match tokio::task::spawn_blocking(move || store.index_if_missing()).await {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => log::info!("indexed {n} stored dialogues by time (once)"),
            Ok(Err(e)) => log::error!("indexing the store by time failed: {e}"),
            Err(e) => log::error!("indexing task failed: {e}"),
        }
    }
    loop {
        let store = store.clone();
        let now = clock.now_unix();
        let swept =
            tokio::task::spawn_blocking(move || store::sweep::sweep(&store, now, retention)).await;
        match swept {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => log::info!(
                "privacy sweep: deleted {n} dialogues untouched for {} days",
                retention.as_secs() / 86400
            ),
            Ok(Err(e)) => log::error!("privacy sweep failed: {e}"),
            Err(e) => log::error!("privacy sweep task failed: {e}"),
        }
        tokio::time::sleep(store::sweep::SWEEP_EVERY).await;
    }
}

fn explain_get_me_error(error: &teloxide::RequestError) -> String {
    match error {
        teloxide::RequestError::Api(teloxide::ApiError::InvalidToken) => format!(
            "Telegram rejected TELOXIDE_TOKEN (revoked or mistyped?): {}",
            TOKEN_HELP
        ),
        other => format!("cannot reach the Telegram Bot API: {other}"),
    }
}

/// SIGHUP loads the content folder again: in force at once if it has no
/// problem, refused (and each problem logged) otherwise, the old content
/// staying in force.
#[cfg(unix)]
async fn reload_on_hangup(bot: Bot, app: Arc<App>, dir: PathBuf, office: Office) {
    use tokio::signal::unix::{SignalKind, signal};
    let mut hangups = match signal(SignalKind::hangup()) {
        Ok(hangups) => hangups,
        Err(e) => {
            log::warn!("cannot listen for SIGHUP ({e}): the content is reloaded only by a restart");
            return;
        }
    };
    while hangups.recv().await.is_some() {
        let (folder, office) = (dir.clone(), office.clone());
        let loaded =
            tokio::task::spawn_blocking(move || crate::content::load(&folder, office)).await;
        match loaded {
            Ok(Ok(content)) => {
                app.replace_content(content);
                log::info!("SIGHUP: the content in {} is in force", dir.display());
                let ask_office = app.features().ask_office;
                profile::publish(bot.clone(), &app.content().texts, ask_office).await;
            }
            Ok(Err(problems)) => {
                for problem in &problems {
                    log::error!("SIGHUP: {problem}");
                }
                log::error!(
                    "SIGHUP: the content in {} was refused ({} problems); the previous content stays in force",
                    dir.display(),
                    problems.len()
                );
            }
            Err(e) => log::error!("SIGHUP: loading the content failed: {e}"),
        }
    }
}

#[cfg(not(unix))]
async fn reload_on_hangup(_bot: Bot, _app: Arc<App>, _dir: PathBuf, _office: Office) {}
