//! The running bot, start to stop: open the store, meet Telegram, build
//! the [`App`], start the background jobs, serve updates (long polling or
//! the webhook) until SIGTERM, and put everything on disk on the way out.

use std::sync::Arc;

use teloxide::dispatching::dialogue::{ErasedStorage, InMemStorage, Storage};
use teloxide::prelude::*;
use teloxide::types::Me;
use teloxide::update_listeners::UpdateListener;

use super::app::{App, admin_lang};
use super::dispatch::Dispatch;
use super::handlers::schema;
use super::health::{self, Health, Mode};
use super::intake::{self, Intake};
use super::settings::{Settings, StorageKind};
use super::{
    api, business, delivery, handover, housekeeping, profile, reminders, signals, staff, upkeep,
};
use crate::clock::Clock;
use crate::content::Content;
use crate::office::Office;
use crate::store::counters::{self, Counters};
use crate::store::{self, ChatRecord, Store};

/// Runs the bot until SIGTERM or Ctrl-C on `content`; SIGHUP reloads the
/// content folder (`config.content_dir`) on top of `office`, the office as
/// configured by the environment.
pub async fn run(config: Settings, content: Content, office: Office) -> Result<(), String> {
    let store = open_store(&config)?;
    let bot = api::make_bot(&config.token, config.api_url.clone());
    let Some(me) = meet_telegram(&bot, &config).await? else {
        return Ok(());
    };
    let counters = open_counters(&config, store.as_ref())?;
    let intake = Intake::new(config.updates_in_flight);
    intake.resume(&config.data_dir);
    let app = build_app(&config, &bot, content, store.clone(), counters);
    log_business_accounts(&app).await;
    spawn_background(&bot, &app, &config, office);
    let served = serve(&config, bot, me, app.clone(), &intake).await;
    flush_on_exit(&config, &app)?;
    served
}

/// The store in the data directory (made private first), or none with
/// `BOT_STORAGE=memory`.
fn open_store(config: &Settings) -> Result<Option<Arc<Store>>, String> {
    store::create_private_dir(&config.data_dir)?;
    match config.storage {
        StorageKind::Sled => Ok(Some(store::open(&config.data_dir, config.durability)?)),
        StorageKind::Memory => {
            log::warn!("BOT_STORAGE=memory: conversations are lost when the bot stops");
            Ok(None)
        }
    }
}

/// `getMe`: the token works and Telegram answers, before anything else
/// (asked until it does, [`api::meet`]); `None` when SIGTERM or Ctrl-C
/// came first, and the bot stops.
async fn meet_telegram(bot: &Bot, config: &Settings) -> Result<Option<Me>, String> {
    let me = tokio::select! {
        me = api::meet(bot) => me?,
        signal = signals::wait_for_stop_signal() => {
            log::info!("{signal} received before Telegram answered: stopping");
            return Ok(None);
        }
    };
    log::info!(
        "started as @{}, data in {} (store format {}, reads {} to {})",
        me.username(),
        config.data_dir.display(),
        store::FORMAT,
        store::OLDEST_FORMAT,
        store::FORMAT
    );
    if matches!(config.clock, Clock::TestFile(_)) {
        log::warn!("BOT_TEST_ONLY_CLOCK_FILE: the bot's clock is a test's");
    }
    Ok(Some(me))
}

/// At start, which of the firm's own accounts the bot helps and with
/// which rights (when any owner is listed, or any account connected).
async fn log_business_accounts(app: &App) {
    let accounts = business::accounts_at_start(app).await;
    if app.business.owners.is_empty() && accounts.is_empty() {
        return;
    }
    let listed: Vec<String> = accounts
        .iter()
        .map(|(owner, rights)| format!("{owner} ({})", business::rights_line(*rights)))
        .collect();
    log::info!(
        "business: {} of the {} accounts in BOT_BUSINESS_OWNERS connected{}{}",
        accounts.len(),
        app.business.owners.len(),
        if listed.is_empty() { "" } else { ": " },
        listed.join(", ")
    );
}

/// The statistics' counters, from the store (in memory without one).
fn open_counters(config: &Settings, store: Option<&Arc<Store>>) -> Result<Arc<Counters>, String> {
    let counters = match store {
        Some(store) => Counters::open(store).map_err(|e| e.to_string())?,
        None => Counters::in_memory(),
    };
    // Written by earlier versions at shutdown; the counters replace it.
    let _ = std::fs::remove_file(config.data_dir.join("stats.json"));
    Ok(Arc::new(counters))
}

/// The [`App`] every handler shares; the store plans reminders by its
/// content and clock from here on.
fn build_app(
    config: &Settings,
    bot: &Bot,
    content: Content,
    store: Option<Arc<Store>>,
    counters: Arc<Counters>,
) -> Arc<App> {
    let mut app = App::new(
        content,
        delivery::Delivery::new(bot, config.rate_limits),
        config.clock.clone(),
        store.clone(),
        config.staff,
        counters,
        config.admins.clone(),
    );
    app.business.owners = config.business_owners.clone();
    app.business.rules = config.business;
    let app = Arc::new(app);
    if config.staff.is_some() && store.is_none() {
        log::warn!("BOT_STAFF_CHAT is set, but with BOT_STORAGE=memory the office cannot be asked");
    }
    if let Some(store) = &store {
        plan_reminders_by(store, &app);
    }
    app
}

/// Reminders are indexed by the content and the day the bot has: every
/// `Store::write` calls this planner, which reads the [`App`] (held weakly,
/// so the store does not keep it alive). The one call from the store back
/// up into the adapter, and why the store needs no content of its own.
fn plan_reminders_by(store: &Store, app: &Arc<App>) {
    let planner_app = Arc::downgrade(app);
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

/// Everything the bot does besides answering updates, each a task of its own.
fn spawn_background(bot: &Bot, app: &Arc<App>, config: &Settings, office: Office) {
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
    let store = app.store.clone();
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
        tokio::spawn(signals::reload_on_hangup(
            bot.clone(),
            app.clone(),
            dir,
            office,
        ));
    }
    let Some(store) = store else {
        return;
    };
    let counters = app.counters.clone();
    tokio::spawn(save_counters(counters.clone()));
    tokio::spawn(crate::control::serve(
        config.data_dir.clone(),
        backups(store.clone(), counters, app.clock.clone()),
    ));
    tokio::spawn(housekeeping::sweeps(
        store.clone(),
        config.retention,
        app.clock.clone(),
    ));
    tokio::spawn(housekeeping::rewrites(store.clone(), app.clock.clone()));
    tokio::spawn(reminders::run(bot.clone(), store.clone(), app.clone()));
    tokio::spawn(handover::sweep(
        bot.clone(),
        store,
        app.clone(),
        config.retention,
    ));
}

/// Serves updates until SIGTERM, by long polling or the webhook, keeping
/// the heartbeat file written meanwhile; then leaves what the next start needs.
async fn serve(
    config: &Settings,
    bot: Bot,
    me: Me,
    app: Arc<App>,
    intake: &Arc<Intake>,
) -> Result<(), String> {
    let dialogues: Arc<ErasedStorage<ChatRecord>> = match &app.store {
        Some(store) => store.clone().erase(),
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
    let dispatch = build_dispatch(bot.clone(), me, dialogues, app, intake);
    let served = match &config.webhook {
        None => {
            let mut listener = intake::polling(bot.clone(), intake.clone(), health);
            tokio::spawn(signals::stop_on_signal(listener.stop_token()));
            intake::until_handled_or_grace(intake, dispatch.run(listener)).await;
            intake.leave(&bot, &config.data_dir, true).await;
            Ok(())
        }
        Some(webhook) => {
            let served =
                intake::serve_webhook(&dispatch, bot.clone(), webhook, intake, health).await;
            intake.leave(&bot, &config.data_dir, false).await;
            served
        }
    };
    heartbeat.abort();
    served
}

/// The handler tree ([`schema`]) and what its handlers are given, on any
/// storage (sled in production, in-memory in benchmarks), giving each
/// chat's turn back to `intake` as its updates are handled.
pub fn build_dispatch(
    bot: Bot,
    me: Me,
    dialogues: Arc<ErasedStorage<ChatRecord>>,
    app: Arc<App>,
    intake: &Arc<Intake>,
) -> Dispatch {
    Dispatch::new(
        intake.around(schema()),
        dptree::deps![bot, me, dialogues, app],
    )
}

/// Every update in flight has been handled: the control socket goes, and
/// the counts and dialogues are put on disk.
fn flush_on_exit(config: &Settings, app: &App) -> Result<(), String> {
    let _ = std::fs::remove_file(crate::control::socket_path(&config.data_dir));
    if let Some(store) = &app.store {
        app.counters.save().map_err(|e| e.to_string())?;
        store.flush_now().map_err(|e| e.to_string())?;
        log::info!("stopped; all dialogues and counts are on disk");
    }
    Ok(())
}

/// Takes a backup for `kz-residence-bot backup` (through the control
/// socket): the counts so far saved first, so the copy has them; the copy
/// itself pauses the bot only a batch at a time ([`store::backup`]).
fn backups(
    store: Arc<Store>,
    counters: Arc<Counters>,
    clock: Clock,
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
