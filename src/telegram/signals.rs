//! What the operating system tells the running bot: SIGTERM and Ctrl-C
//! stop it, SIGHUP reloads the firm's content folder.

use std::path::PathBuf;
use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::stop::StopToken;

use super::app::App;
use super::{profile, upkeep};
use crate::office::Office;

/// SIGTERM (containers) and Ctrl-C stop taking updates; those being handled
/// finish (within the intake's grace), the rest are left for the next start.
/// Stopping the listener ends the update stream, and with it the dispatch
/// once what started is handled (teloxide 0.17's own shutdown token could
/// lose its wake-up while a handler ran; the bot no longer uses it).
pub async fn stop_on_signal(listener: StopToken) {
    let signal = wait_for_stop_signal().await;
    log::info!("{signal} received: finishing the updates being handled, then stopping");
    listener.stop();
}

/// The first SIGTERM or Ctrl-C, by name.
#[cfg(unix)]
pub async fn wait_for_stop_signal() -> &'static str {
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
pub async fn wait_for_stop_signal() -> &'static str {
    let _ = tokio::signal::ctrl_c().await;
    "Ctrl-C"
}

/// SIGHUP loads the content folder again: in force at once if it has no
/// problem, refused (and each problem logged) otherwise, the old content
/// staying in force.
#[cfg(unix)]
pub async fn reload_on_hangup(bot: Bot, app: Arc<App>, dir: PathBuf, office: Office) {
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
pub async fn reload_on_hangup(_bot: Bot, _app: Arc<App>, _dir: PathBuf, _office: Office) {}
