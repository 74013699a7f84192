//! The webhook, all of its life: set at start with a secret, served by
//! axum beside `GET /healthz`, each POST taken into the queues and
//! answered once its update starts (or after [`STALL`], kept), Telegram
//! asked now and then whether the webhook is still ours, and the webhook
//! deleted on the way out.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;
use teloxide::prelude::*;
use teloxide::stop::{StopToken, mk_stop_token};
use teloxide::types::AllowedUpdate;
use teloxide::update_listeners::{StatefulListener, UpdateListener};
use tokio::sync::oneshot;
use tokio_stream::StreamExt as _;

use super::queues::Held;
use super::{HELD_MOST, Intake, Listener, until_handled_or_grace};
use crate::telegram::dispatch::{ALLOWED_UPDATES, Dispatch};
use crate::telegram::health::Health;
use crate::telegram::settings::WebhookSettings;
use crate::telegram::{delivery, newer_bot_api, signals};

/// How long a webhook POST waits for its update to start before it is
/// answered anyway (the update kept).
pub const STALL: Duration = Duration::from_secs(1);

/// Webhook mode: Telegram posts updates to `BOT_WEBHOOK_URL`; the same
/// listener answers `GET /healthz`. Requests without the secret token are
/// refused (401) before anything is read. The webhook is deleted on the way
/// out, so Telegram keeps the updates that come meanwhile for the next start.
pub async fn serve_webhook(
    dispatch: &Dispatch,
    bot: Bot,
    webhook: &WebhookSettings,
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
    // The kinds polling asks for (without them Telegram keeps whatever
    // was set last, and sends kinds the bot has no use for).
    bot.set_webhook(webhook.url.clone())
        .secret_token(secret.clone())
        .allowed_updates(ALLOWED_UPDATES)
        .await
        .map_err(|e| format!("cannot set the webhook: {}", delivery::describe(&e)))?;
    let (hook, mut listener, stopped) = webhook_listener(intake.clone(), secret);
    tokio::spawn(signals::stop_on_signal(listener.stop_token()));
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
    until_handled_or_grace(intake, dispatch.run(listener)).await;
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

/// The webhook's side of the intake: what the POST handler needs.
pub struct WebhookIntake {
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
    Arc<WebhookIntake>,
    impl UpdateListener<Err = Infallible>,
    impl Future<Output = ()> + Send + 'static,
) {
    let hook = Arc::new(WebhookIntake {
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
/// update that cannot be read even by [`newer_bot_api::update`] is dropped
/// with a line in the log (200, or Telegram would send it again forever); otherwise answered once its
/// update starts (or is dropped in a flood), or after [`STALL`] with the
/// update kept; refused (503) once the bot is stopping, so Telegram sends
/// it again to the next run.
pub async fn receive(
    State(hook): State<Arc<WebhookIntake>>,
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
    let raw = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let update = match newer_bot_api::update(raw) {
        Ok(update) => update,
        Err(unread) => {
            unread.log();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_secret_passes() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cres", b"s3cret"));
        assert!(!same_secret(b"s3cre", b"s3cret"));
        assert!(!same_secret(b"", b"s3cret"));
    }
}
