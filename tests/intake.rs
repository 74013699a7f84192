//! One chat never holds up the others: a flood from one chat, and a
//! backlog at SIGTERM, end to end through the real binary with Telegram's
//! pacing on (the default), against the fake Bot API.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{Value, json};

use crate::fake_api::*;

/// A message forwarded from someone else (Telegram lets anyone forward 100 at once).
fn forwarded(user: &TestUser, n: usize) -> Value {
    json!({"message": user.message_json(json!({
        "text": format!("a forwarded line number {n}"),
        "forward_origin": {"type": "hidden_user", "sender_user_name": "Someone Else", "date": 1764000000},
    }))})
}

fn help(user: &TestUser) -> Value {
    json!({"message": user.message_json(json!({
        "text": "/help",
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
    }))})
}

/// The bot's answers to /help, per chat.
fn helps_answered(calls: &[Call]) -> HashMap<i64, usize> {
    let mut answered = HashMap::new();
    for call in calls {
        if call.method == "sendmessage" && call.text().contains("/forget") {
            *answered.entry(call.chat_id().unwrap()).or_insert(0) += 1;
        }
    }
    answered
}

const FLOOD_NOTE: &str = "messages at once";

#[tokio::test]
async fn a_hundred_forwards_from_one_chat_hold_up_no_other_chat_and_get_one_answer() {
    let (api, bot, _dir) = start_bot(&[]).await;
    let flooder = api.user(6400, Some("en"));
    let other = api.user(6401, Some("en"));
    flooder.say("/start", question_sent).await;
    let since = api.call_count();
    for n in 0..100 {
        api.push(forwarded(&flooder, n));
    }
    // Before: the flood took every place in the intake and this waited for
    // the flood's 200 replies at Telegram's pace (over 400 s).
    let calls = other.say("/start", question_sent).await;
    assert!(texts_sent(&calls).contains("Which document do you need?"));
    api.wait_message(flooder.chat_id, since, "the flood's answer", |c| {
        c.text().contains(FLOOD_NOTE)
    })
    .await;
    // Anything still on its way to the flooder arrives within a few seconds.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let to_flooder = api.messages_to(flooder.chat_id, since);
    let notes = to_flooder
        .iter()
        .filter(|c| c.text().contains(FLOOD_NOTE))
        .count();
    assert_eq!(notes, 1, "{}", texts_sent(&to_flooder));
    assert!(
        to_flooder.len() <= 4,
        "the flood answered message by message: {} messages",
        to_flooder.len()
    );
    // In the log by chat id only, never the messages' text.
    let log = bot.log();
    assert!(
        log.lines()
            .any(|l| l.contains("chat 6400:") && l.contains("flood")),
        "{log}"
    );
    assert!(!log.contains("forwarded line"), "{log}");
}

#[tokio::test]
async fn sigterm_with_a_backlog_stops_at_once_and_the_next_start_answers_the_rest_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let api = FakeApi::start().await;
    let mut bot = BotProcess::spawn(&api, &data, &[]);
    api.wait_polling().await;
    // A flood, and twelve chats asking for help eight times each, back to
    // back: with Telegram's pacing, a reply a second in each chat.
    let flooder = api.user(6410, Some("en"));
    for n in 0..100 {
        api.push(forwarded(&flooder, n));
    }
    let users: Vec<TestUser> = (0..12).map(|i| api.user(6420 + i, Some("en"))).collect();
    for user in &users {
        for _ in 0..8 {
            api.push(help(user));
        }
    }
    api.wait_for(Duration::from_secs(15), "a first answer", |calls| {
        calls.iter().any(|c| c.method == "sendmessage")
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    // Before: the bot finished every update it had taken in, at the pace of
    // one chat (the flood's: minutes).
    let stopped = bot.terminate(Duration::from_secs(10)).await;
    assert!(
        stopped.is_some_and(|s| s.success()),
        "still running 10 s after SIGTERM"
    );
    let first_run = helps_answered(&api.calls());
    let answered: usize = first_run.values().sum();
    assert!(
        answered < 8 * users.len(),
        "no backlog was left: {first_run:?}"
    );
    // What was not handled is still Telegram's (not confirmed: offered
    // again), or, if Telegram already counted it as delivered, kept on disk
    // for the next start.
    let kept = std::fs::read_to_string(data.join("intake-left-over.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .and_then(|left| left["kept"].as_array().map(Vec::len))
        .unwrap_or(0);
    let offered_again = api.pending_update_ids().len();
    assert!(
        offered_again + kept >= 8 * users.len() - answered,
        "{offered_again} offered again, {kept} kept, {answered} answered"
    );
    let _bot = BotProcess::spawn(&api, &data, &[]);
    api.wait_for(Duration::from_secs(60), "every /help answered", |calls| {
        helps_answered(calls).values().sum::<usize>() >= 8 * users.len()
    })
    .await;
    // Nothing answered twice (what was handled before is not handled again).
    tokio::time::sleep(Duration::from_secs(3)).await;
    let calls = api.calls();
    let both_runs = helps_answered(&calls);
    for user in &users {
        assert_eq!(both_runs.get(&user.chat_id), Some(&8), "{both_runs:?}");
    }
    let notes = api
        .messages_to(flooder.chat_id, 0)
        .iter()
        .filter(|c| c.text().contains(FLOOD_NOTE))
        .count();
    assert!(notes <= 1, "the flood answered {notes} times");
}
