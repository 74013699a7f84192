//! The Telegram front end: teloxide's dispatcher around the core, with each
//! chat's record kept in the store.

pub mod albums;
pub mod buttons;
pub mod delivery;
pub mod handlers;
pub mod handover;
pub mod health;
pub mod housekeeping;
pub mod inline;
pub mod intake;
pub mod profile;
pub mod reminders;
pub mod send;
pub mod staff;
pub mod storage;
pub mod turn;
pub mod update;
pub mod upkeep;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use teloxide::dispatching::ShutdownToken;
use teloxide::dispatching::dialogue::{ErasedStorage, InMemStorage, Storage};
use teloxide::prelude::*;
use teloxide::stop::StopToken;
use teloxide::types::UserId;
use teloxide::update_listeners::UpdateListener;

use crate::content::Content;
use crate::office::Office;
use crate::store::counters::{self, Counters};
use crate::store::{self, ChatRecord, Durability};
use health::{Health, Mode};
use intake::Intake;

pub use handlers::schema;

/// What to do about a missing or wrong token, in one line.
pub const TOKEN_HELP: &str = "get a token from @BotFather in Telegram (send it /newbot) and set TELOXIDE_TOKEN to it, \
or try the consultation without Telegram: kz-residence-bot console";

/// How the bot runs; read from the environment by the entry point.
#[derive(Clone, Debug)]
pub struct Settings {
    pub token: String,
    /// The system clock, or a test's (`BOT_TEST_ONLY_CLOCK_FILE`).
    pub clock: crate::clock::Clock,
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
    pub rate_limits: Option<delivery::Pacing>,
    /// `BOT_STAFF_CHAT` and `BOT_STAFF_LANG`: where "Ask the office" posts
    /// requests; unset, the button is not shown.
    pub staff: Option<handover::Staff>,
    /// `BOT_STORAGE`: `sled` (default), or `memory` (nothing survives a restart:
    /// for benchmarks, to measure the bot without persistence).
    pub storage: StorageKind,
    /// `BOT_CONTENT_DIR`: the firm's content folder, reloaded on SIGHUP.
    pub content_dir: Option<PathBuf>,
    /// `BOT_ADMINS`: the staff's Telegram user ids; only they have `/stats` and `/link`.
    pub admins: Vec<UserId>,
    /// `BOT_UPDATES_IN_FLIGHT` (default 32): chats handled at once, one
    /// update each; the others' updates wait in their chat's queue.
    pub updates_in_flight: usize,
    /// `BOT_HEALTH_FAIL_AFTER` (seconds, default 60): unhealthy once Telegram
    /// has not been reached for this long.
    pub health_fail_after: Duration,
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
/// whole on SIGHUP), the delivery of replies, the statistics' counters,
/// who the staff are and where their chat is now.
pub struct App {
    content: RwLock<Arc<Content>>,
    pub delivery: delivery::Delivery,
    pub clock: crate::clock::Clock,
    /// The store, when there is one (not with `BOT_STORAGE=memory`):
    /// reminders need it, so without it they are not offered.
    pub store: Option<Arc<store::Store>>,
    /// The office's chat, when configured: its id follows the group when
    /// Telegram upgrades it to a supergroup (see [`App::follow_staff_chat`]).
    staff: RwLock<Option<handover::Staff>>,
    pub counters: Arc<Counters>,
    pub admins: Vec<UserId>,
    /// Updates in: which chat's turn it is, and floods.
    pub intake: Arc<Intake>,
    /// The albums whose first part each chat has been answered for.
    pub albums: albums::Albums,
    /// Held while the staff chat is followed to its new id and its open
    /// requests moved there: a message relayed meanwhile waits, so it is
    /// recorded against the request where it now is.
    pub staff_moves: tokio::sync::Mutex<()>,
}

impl App {
    /// The content in force now, with the texts of today (a message the
    /// firm dated switches on its day); a reload does not change what a
    /// handler already holds.
    pub fn content(&self) -> Arc<Content> {
        let current = self
            .content
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let today = self.clock.today();
        if current.texts_hold_on(today) {
            return current;
        }
        match current.on(today) {
            Ok(content) => {
                let content = Arc::new(content);
                *self.content.write().unwrap_or_else(|e| e.into_inner()) = content.clone();
                log::info!(
                    target: crate::private_log::CONTENT_TARGET,
                    "content: the texts in force on {today}"
                );
                content
            }
            Err(e) => {
                log::error!(
                    "content: the texts of {today} could not be built ({e}); the previous ones stay"
                );
                current
            }
        }
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
            ask_office: self.staff().is_some() && self.store.is_some(),
            date_picker: true,
        }
    }

    /// The office's chat and language, when configured.
    pub fn staff(&self) -> Option<handover::Staff> {
        *self.staff.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether updates from `chat` are the office's (never the questionnaire's).
    pub fn is_staff_chat(&self, chat: ChatId) -> bool {
        self.staff().is_some_and(|staff| staff.chat == chat)
    }

    /// Telegram says the group `from` is now the supergroup `to`: when
    /// `from` is the staff chat, the bot follows it (`true`); otherwise,
    /// or when it already has, nothing changes (`false`).
    pub fn follow_staff_chat(&self, from: ChatId, to: ChatId) -> bool {
        let mut staff = self.staff.write().unwrap_or_else(|e| e.into_inner());
        match staff.as_mut() {
            Some(staff) if staff.chat == from => {
                staff.chat = to;
                true
            }
            _ => false,
        }
    }

    pub fn is_admin(&self, user: UserId) -> bool {
        self.admins.contains(&user)
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
/// in-memory in benchmarks), giving each chat's turn back to `intake` as
/// its updates are handled.
pub fn dispatcher(
    bot: Bot,
    storage: Arc<ErasedStorage<ChatRecord>>,
    app: Arc<App>,
    intake: &Arc<Intake>,
) -> Dispatcher<Bot, update::HandlerError, teloxide::dispatching::DefaultKey> {
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

/// Runs the bot until SIGTERM or Ctrl-C on `content`; SIGHUP reloads the
/// content folder (`config.content_dir`) on top of `office`, the office as
/// configured by the environment.
pub async fn run(config: Settings, content: Content, office: Office) -> Result<(), String> {
    store::create_private_dir(&config.data_dir)?;
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
        "started as @{}, data in {} (store format {}, reads {} to {})",
        me.username(),
        config.data_dir.display(),
        store::FORMAT,
        store::OLDEST_FORMAT,
        store::FORMAT
    );
    if matches!(config.clock, crate::clock::Clock::TestFile(_)) {
        log::warn!("BOT_TEST_ONLY_CLOCK_FILE: the bot's clock is a test's");
    }
    let counters = Arc::new(match &store {
        Some(store) => Counters::open(store).map_err(|e| e.to_string())?,
        None => Counters::in_memory(),
    });
    // Written by earlier versions at shutdown; the counters replace it.
    let _ = std::fs::remove_file(config.data_dir.join("stats.json"));
    let intake = Intake::new(config.updates_in_flight);
    intake.resume(&config.data_dir);
    let app = Arc::new(App {
        content: RwLock::new(Arc::new(content)),
        delivery: delivery::Delivery::new(&bot, config.rate_limits),
        clock: config.clock.clone(),
        store: store.clone(),
        staff: RwLock::new(config.staff),
        counters: counters.clone(),
        admins: config.admins.clone(),
        intake: intake.clone(),
        albums: albums::Albums::default(),
        staff_moves: tokio::sync::Mutex::new(()),
    });
    if config.staff.is_some() && store.is_none() {
        log::warn!("BOT_STAFF_CHAT is set, but with BOT_STORAGE=memory the office cannot be asked");
    }
    // A staff group upgraded to a supergroup while the bot was away: follow it.
    tokio::spawn(handover::find_staff_chat(bot.clone(), app.clone()));
    {
        let content = app.content();
        let changes = crate::content::changes(
            &crate::amendments::GUIDE_ONLY,
            &content.amendments,
            app.clock.today(),
        );
        upkeep::log_content(&content, &changes, "start");
    }
    if let Some(store) = &store {
        // Reminders are indexed by the content and the day the bot has.
        let planner_app = Arc::downgrade(&app);
        store.plan_reminders_with(Arc::new(move |session: &crate::dialogue::Session| {
            let Some(app) = planner_app.upgrade() else {
                return Vec::new();
            };
            let content = app.content();
            crate::reminders::plan(
                &session.answers,
                &session.companion,
                &content.amendments,
                app.clock.today(),
            )
        }));
    }
    tokio::spawn(upkeep::follow_days(app.clone()));
    tokio::spawn(upkeep::remind_review(
        bot.clone(),
        app.clone(),
        store.clone(),
    ));
    {
        let (bot, app, store) = (bot.clone(), app.clone(), store.clone());
        let ask_office = app.features().ask_office;
        tokio::spawn(async move {
            profile::publish(bot.clone(), &app.content().texts, ask_office).await;
            for &admin in &app.admins {
                let lang = admin_lang(store.as_deref(), admin);
                staff::publish_menu(&bot, &app, admin, lang).await;
            }
        });
    }
    if let Some(dir) = config.content_dir.clone() {
        tokio::spawn(reload_on_hangup(bot.clone(), app.clone(), dir, office));
    }
    if let Some(store) = &store {
        tokio::spawn(save_counters(counters.clone()));
        tokio::spawn(crate::control::serve(
            config.data_dir.clone(),
            backups(store.clone(), counters.clone(), app.clock.clone()),
        ));
    }
    let erased: Arc<ErasedStorage<ChatRecord>> = match &store {
        Some(store) => {
            tokio::spawn(housekeeping::sweeps(
                store.clone(),
                config.retention,
                app.clock.clone(),
            ));
            tokio::spawn(housekeeping::rewrites(store.clone(), app.clock.clone()));
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
    let mode = match config.webhook {
        None => Mode::Polling,
        Some(_) => Mode::Webhook,
    };
    let health = Arc::new(Health::new(mode, config.health_fail_after));
    let heartbeat = tokio::spawn(health::keep_writing(
        health.clone(),
        health::heartbeat_path(&config.data_dir),
    ));
    let mut dispatcher = dispatcher(bot.clone(), erased, app, &intake);
    let shutdown = dispatcher.shutdown_token();
    let served = match &config.webhook {
        None => {
            let mut listener = intake::polling(bot.clone(), intake.clone(), health);
            tokio::spawn(stop_on_signal(shutdown, listener.stop_token()));
            let dispatching = dispatcher.dispatch_with_listener(
                listener,
                LoggingErrorHandler::with_custom_text("getting updates failed"),
            );
            until_handled_or_grace(&intake, dispatching).await;
            intake.leave(&bot, &config.data_dir, true).await;
            Ok(())
        }
        Some(webhook) => {
            let served = serve_webhook(
                &mut dispatcher,
                bot.clone(),
                webhook,
                shutdown,
                &intake,
                health,
            )
            .await;
            intake.leave(&bot, &config.data_dir, false).await;
            served
        }
    };
    heartbeat.abort();
    let _ = std::fs::remove_file(crate::control::socket_path(&config.data_dir));
    if let Some(store) = store {
        // Every update in flight has been handled: put everything on disk.
        counters.save().map_err(|e| e.to_string())?;
        store.flush_now().map_err(|e| e.to_string())?;
        log::info!("stopped; all dialogues and counts are on disk");
    }
    served
}

/// Webhook mode: Telegram posts updates to `BOT_WEBHOOK_URL`; the same
/// listener answers `GET /healthz`. Requests without the secret token are
/// refused (401) before anything is read. The webhook is deleted on the way
/// out, so Telegram keeps the updates that come meanwhile for the next start.
async fn serve_webhook(
    dispatcher: &mut Dispatcher<Bot, update::HandlerError, teloxide::dispatching::DefaultKey>,
    bot: Bot,
    webhook: &Webhook,
    shutdown: ShutdownToken,
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
    let (hook, mut listener, stopped) = intake::webhook(intake.clone(), secret);
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
/// [`intake::GRACE`] after SIGTERM: a backlog never keeps the bot from
/// stopping (what was not handled is left for the next start).
async fn until_handled_or_grace(intake: &Intake, dispatching: impl Future<Output = ()>) {
    let grace_over = async {
        intake.stopped().await;
        tokio::time::sleep(intake::GRACE).await;
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

/// SIGTERM (containers) and Ctrl-C stop taking updates; those being handled
/// finish (within [`intake::GRACE`]), the rest are left for the next start.
///
/// The listener is stopped directly as well: teloxide 0.17's
/// `ShutdownToken::shutdown` wakes the dispatcher with `notify_waiters`, and
/// the wake-up is lost when the dispatcher is busy handling an update at that
/// instant, so under load the bot would never stop. Ending the update stream
/// makes the dispatcher finish its workers and return in every case.
async fn stop_on_signal(shutdown: ShutdownToken, listener: StopToken) {
    let signal = wait_for_stop_signal().await;
    log::info!("{signal} received: finishing the updates being handled, then stopping");
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

/// The language an admin chose in the bot, else English.
fn admin_lang(store: Option<&store::Store>, admin: UserId) -> crate::lang::Lang {
    chosen_lang(store, admin).unwrap_or(profile::DEFAULT_LANG)
}

/// The language an admin chose in the bot, if any.
pub(crate) fn chosen_lang(
    store: Option<&store::Store>,
    admin: UserId,
) -> Option<crate::lang::Lang> {
    store
        .zip(i64::try_from(admin.0).ok())
        .and_then(|(store, chat)| store.read(chat).ok().flatten())
        .and_then(|record| record.session.lang)
}

/// Takes a backup for `kz-residence-bot backup` (through the control
/// socket): the counts so far saved first, so the copy has them; the copy
/// itself pauses the bot only a batch at a time ([`store::backup`]).
fn backups(
    store: Arc<store::Store>,
    counters: Arc<Counters>,
    clock: crate::clock::Clock,
) -> impl Fn() -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<crate::control::Copy, String>> + Send>,
> + Send
+ Sync
+ 'static {
    move || {
        let (store, counters, clock) = (store.clone(), counters.clone(), clock.clone());
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                counters.save().map_err(|e| e.to_string())?;
                let (backup, pauses) = store.backup(clock.now_unix()).map_err(|e| e.to_string())?;
                let bytes = backup.to_bytes().map_err(|e| e.to_string())?;
                log::info!(
                    "backup taken: {} bytes; the bot paused {} times, {} µs at most, {} µs on average",
                    bytes.len(),
                    pauses.count,
                    pauses.longest.as_micros(),
                    pauses.mean().as_micros()
                );
                Ok(crate::control::Copy { bytes, pauses })
            })
            .await
            .map_err(|e| format!("the backup task failed: {e}"))?
        })
    }
}

/// Writes the counts every few seconds (a crash loses at most those seconds).
async fn save_counters(counters: Arc<Counters>) {
    loop {
        tokio::time::sleep(counters::SAVE_EVERY).await;
        let counters = counters.clone();
        match tokio::task::spawn_blocking(move || counters.save()).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => log::error!("saving the statistics' counts failed: {e}"),
            Err(e) => log::error!("saving the statistics' counts: task failed: {e}"),
        }
    }
}

/// The bot's username, asked from the Bot API (for links made outside the bot).
pub async fn bot_username(token: &str, api_url: Option<url::Url>) -> Result<String, String> {
    let me = make_bot(token, api_url)
        .get_me()
        .await
        .map_err(|e| explain_get_me_error(&e))?;
    Ok(me.username().to_string())
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
        let today = app.clock.today();
        let loaded =
            tokio::task::spawn_blocking(move || crate::content::load_on(&folder, office, today))
                .await;
        match loaded {
            Ok(Ok(content)) => {
                let changes = crate::content::changes(
                    &app.content().amendments,
                    &content.amendments,
                    app.clock.today(),
                );
                upkeep::log_content(&content, &changes, "SIGHUP");
                app.replace_content(content);
                log::info!("SIGHUP: the content in {} is in force", dir.display());
                let ask_office = app.features().ask_office;
                profile::publish(bot.clone(), &app.content().texts, ask_office).await;
            }
            Ok(Err(problems)) => {
                for problem in &problems {
                    log::error!(target: crate::private_log::CONTENT_TARGET, "SIGHUP: {problem}");
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
