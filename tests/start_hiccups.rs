//! A start during a Telegram incident, and what the log says of a refusal:
//! a bot restarted by its supervisor while `getMe` fails waits and tries
//! again, never dies of it; a conflict while a webhook is set is logged
//! with Telegram's own words. The real bot against the fake Bot API.
//! (teloxide-core waits 10 s before it reads any 5xx answer: one 502 here,
//! the other faults are 429s.)

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::fake_api::*;

/// A fake API whose `getMe` calls numbered in `failing` (from 1) get `fault`.
async fn api_failing_get_me(
    failing: impl Fn(usize) -> bool + Send + Sync + 'static,
    fault: fn() -> axum::response::Response,
) -> (FakeApi, Arc<AtomicUsize>) {
    let api = FakeApi::start().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    api.set_fault(Some(Arc::new(move |method: &str, _: &Value| {
        if method != "getme" {
            return None;
        }
        let n = counted.fetch_add(1, Ordering::SeqCst) + 1;
        failing(n).then(fault)
    })));
    (api, calls)
}

/// The real bot started on `api`: it polls within `within`, answers
/// `/start` and is still running.
async fn started_and_answering(api: &FakeApi, within: Duration) -> (BotProcess, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut bot = BotProcess::spawn(api, &dir.path().join("data"), &[]);
    wait_polling_of(api, &mut bot, within).await;
    api.user(8101, Some("en"))
        .say("/start", question_sent)
        .await;
    assert_eq!(bot.try_wait(), None, "{}", bot.log());
    (bot, dir)
}

#[tokio::test]
async fn a_bad_gateway_on_get_me_at_start_is_waited_out() {
    let (api, _) = api_failing_get_me(|n| n == 1, || faults::server_error(502)).await;
    // teloxide reads a 5xx answer after 10 s; then the bot tries again.
    let (bot, _dir) = started_and_answering(&api, Duration::from_secs(30)).await;
    let log = bot.log();
    assert!(
        log.contains("Telegram cannot be reached at start")
            && log.contains("Bad Gateway")
            && log.contains("trying again in"),
        "{log}"
    );
}

#[tokio::test]
async fn a_run_of_too_many_requests_on_get_me_is_waited_out_with_a_line_each() {
    let (api, calls) = api_failing_get_me(|n| n <= 3, || faults::too_many_requests(1)).await;
    let started = Instant::now();
    let (bot, _dir) = started_and_answering(&api, Duration::from_secs(20)).await;
    // Telegram asked for a second each time.
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        calls.load(Ordering::SeqCst),
        4,
        "getMe asked once more after each 429"
    );
    assert_eq!(
        bot.log()
            .matches("Telegram cannot be reached at start")
            .count(),
        3,
        "{}",
        bot.log()
    );
}

#[tokio::test]
async fn get_me_failing_after_the_first_answer_stops_nothing() {
    // teloxide's dispatcher asked getMe a second time, and panicked on a 429 there.
    let (api, asked) = api_failing_get_me(|n| n >= 2, || faults::too_many_requests(1)).await;
    let (bot, _dir) = started_and_answering(&api, Duration::from_secs(20)).await;
    assert!(!bot.log().contains("panicked"), "{}", bot.log());
    assert_eq!(
        asked.load(Ordering::SeqCst),
        1,
        "getMe is asked once, at start"
    );
}

#[tokio::test]
async fn sigterm_while_telegram_cannot_be_reached_at_start_stops_the_bot_at_once() {
    let (api, _) = api_failing_get_me(|_| true, || faults::too_many_requests(30)).await;
    let dir = tempfile::tempdir().unwrap();
    let mut bot = BotProcess::spawn(&api, &dir.path().join("data"), &[]);
    wait_log(&bot, "Telegram cannot be reached at start").await;
    let status = bot.terminate(Duration::from_secs(5)).await;
    assert_eq!(status.map(|s| s.code()), Some(Some(0)), "{}", bot.log());
}

/// Waits up to `within` for the bot to poll; fails at once, with its log,
/// if it exits first.
async fn wait_polling_of(api: &FakeApi, bot: &mut BotProcess, within: Duration) {
    let deadline = Instant::now() + within;
    while !api.calls().iter().any(|c| c.method == "getupdates") {
        if let Some(status) = bot.try_wait() {
            panic!("the bot exited ({status}) before polling: {}", bot.log());
        }
        assert!(Instant::now() < deadline, "no getUpdates: {}", bot.log());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits up to 20 s for `line` in the bot's log.
async fn wait_log(bot: &BotProcess, line: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !bot.log().contains(line) {
        assert!(Instant::now() < deadline, "no {line:?} in: {}", bot.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_conflict_with_a_webhook_is_logged_in_telegram_s_words() {
    const CONFLICT: &str = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
    let (api, bot, _dir) = start_bot(&[]).await;
    // Somebody sets a webhook for the same token while the bot polls.
    api.set_fault(Some(Arc::new(|method: &str, _: &Value| {
        (method == "getupdates").then(|| {
            use axum::response::IntoResponse;
            (
                axum::http::StatusCode::CONFLICT,
                axum::Json(
                    serde_json::json!({"ok": false, "error_code": 409, "description": CONFLICT}),
                ),
            )
                .into_response()
        })
    })));
    wait_log(&bot, "getUpdates failed").await;
    let log = bot.log();
    assert!(
        log.contains(&format!("getUpdates failed (Telegram refused: {CONFLICT})")),
        "{log}"
    );
}
