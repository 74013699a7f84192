//! The bot against a flaky Telegram, hostile input, crashes and crowds,
//! end to end through the real binary and the fake Bot API.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use kz_residence_bot::dialogue::Step;
use kz_residence_bot::questions::Question;
use serde_json::{Value, json};

use crate::fake_api::*;

/// Walks the whole route for an adult Russian citizen by buttons and typing.
async fn whole_consultation(user: &TestUser) -> Vec<Call> {
    let mut all = Vec::new();
    let calls = user.say("/start", question_sent).await;
    all.extend(calls.clone());
    let mut question = last_question(&calls);
    for data in ["a:stage:both", "a:citizenship:ru", "a:refugee:no"] {
        let calls = user.press(&question, data, question_sent).await;
        question = last_question(&calls);
        all.extend(calls);
    }
    let calls = user.say("44", question_sent).await;
    all.extend(calls.clone());
    question = last_question(&calls);
    for data in ["a:children:no", "a:solvency:own"] {
        let calls = user.press(&question, data, question_sent).await;
        question = last_question(&calls);
        all.extend(calls);
    }
    let calls = user.say("20.10.2031", question_sent).await;
    all.extend(calls.clone());
    let calls = user
        .press(&last_question(&calls), "sum:go", result_sent)
        .await;
    all.extend(calls);
    all
}

/// The last message with buttons sent to each chat.
fn last_questions(calls: &[Call]) -> std::collections::HashMap<i64, Call> {
    let mut last = std::collections::HashMap::new();
    for call in calls {
        if call.method == "sendmessage" && !call.buttons().is_empty() {
            last.insert(call.chat_id().unwrap(), call.clone());
        }
    }
    last
}

/// Each text the bot sends in a whole consultation, in order (edits aside).
fn message_texts(calls: &[Call]) -> Vec<String> {
    calls
        .iter()
        .filter(|c| c.method == "sendmessage")
        .map(|c| c.text().to_string())
        .collect()
}

/// A 429, a garbled answer and a connection dropped before Telegram read
/// the request: each time Telegram did not take the message, so the retry
/// delivers it once. (When Telegram took it and only the answer was lost,
/// a duplicate is possible: see the test after this one.)
#[tokio::test]
async fn a_reply_telegram_did_not_take_is_sent_again_and_arrives_once() {
    let (api, bot, _dir) = start_bot(&[]).await;
    // A clean run gives the reference list of messages.
    let reference = message_texts(&whole_consultation(&api.user(6001, Some("en"))).await);
    // Then the same conversation with every third outgoing call failing in turn.
    let n = Arc::new(AtomicUsize::new(0));
    let counter = n.clone();
    api.set_fault(Some(Arc::new(move |method: &str, body: &Value| {
        if method == "getupdates"
            || body["chat_id"] != json!(6002) && method != "answercallbackquery"
        {
            return None;
        }
        match counter.fetch_add(1, Ordering::SeqCst) % 9 {
            0 => Some(faults::too_many_requests(1)),
            3 => Some(faults::malformed_json()),
            6 => faults::drop_connection(),
            _ => None,
        }
    })));
    let faulty = whole_consultation(&api.user(6002, Some("en"))).await;
    api.set_fault(None);
    assert!(n.load(Ordering::SeqCst) > 20, "faults were injected");
    assert_eq!(
        message_texts(&faulty),
        reference,
        "the same messages, each once: none lost, none doubled"
    );
    assert_eq!(
        faulty.iter().filter(|c| c.method == "sendcontact").count(),
        1
    );
    assert!(
        bot.log().contains("Telegram did not take a request"),
        "{}",
        bot.log()
    );
    assert!(
        !bot.log().contains(TOKEN),
        "the token never appears in logs"
    );
}

/// Telegram takes a message, then the connection drops before its answer:
/// the bot cannot tell that from a message never taken, sends it again, and
/// the user sees it twice. The promise is "at least once": every reply
/// arrives, and only those whose answer was lost arrive twice.
#[tokio::test]
async fn a_reply_whose_answer_was_lost_arrives_again_and_nothing_else_is_doubled() {
    let (api, bot, _dir) = start_bot(&[]).await;
    let reference = message_texts(&whole_consultation(&api.user(6010, Some("en"))).await);
    // The answers to the 2nd, 5th and 9th message to chat 6011 are lost.
    let sent = Arc::new(AtomicUsize::new(0));
    let lost = Arc::new(std::sync::Mutex::new(Vec::new()));
    {
        let (sent, lost) = (sent.clone(), lost.clone());
        api.set_lose_answer(Some(Arc::new(move |method: &str, body: &Value| {
            if method != "sendmessage" || body["chat_id"] != json!(6011) {
                return false;
            }
            let n = sent.fetch_add(1, Ordering::SeqCst) + 1;
            let lose = [2, 5, 9].contains(&n);
            if lose {
                lost.lock()
                    .unwrap()
                    .push(body["text"].as_str().unwrap_or("").to_string());
            }
            lose
        })));
    }
    let calls = whole_consultation(&api.user(6011, Some("en"))).await;
    api.set_lose_answer(None);
    let lost = lost.lock().unwrap().clone();
    assert_eq!(lost.len(), 3, "three answers were lost");
    // What the user saw: each message of the reference, in order; the ones
    // whose answer was lost twice in a row, no other twice.
    let mut expected = Vec::new();
    for text in &reference {
        expected.push(text.clone());
        if lost.contains(text) {
            expected.push(text.clone());
        }
    }
    assert_eq!(message_texts(&calls), expected);
    assert!(
        bot.log()
            .contains("Telegram did not take a request (network"),
        "{}",
        bot.log()
    );
}

#[tokio::test]
async fn server_errors_500_and_502_are_retried_until_telegram_takes_the_reply() {
    let (api, bot, _dir) = start_bot(&[]).await;
    let n = Arc::new(AtomicUsize::new(0));
    let counter = n.clone();
    // teloxide waits 10 s before reading a 5xx answer: one of each kind.
    api.set_fault(Some(Arc::new(move |method: &str, _: &Value| {
        if method != "sendmessage" {
            return None;
        }
        match counter.fetch_add(1, Ordering::SeqCst) {
            0 => Some(faults::server_error(500)),
            1 => Some(faults::bad_gateway_html()),
            _ => None,
        }
    })));
    let user = api.user(6003, Some("ru"));
    let calls = user
        .say_within("/start", Duration::from_secs(45), question_sent)
        .await;
    let sent = message_texts(&calls);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].contains("Какой документ вам нужен?"));
    assert!(n.load(Ordering::SeqCst) >= 3);
    assert!(!bot.log().contains(TOKEN));
}

#[tokio::test]
async fn telegram_down_for_30_seconds_then_every_reply_still_arrives_once() {
    let (api, bot, _dir) = start_bot(&[]).await;
    let early = api.user(6004, Some("en"));
    let late = api.user(6005, Some("en"));
    let down_until = Arc::new(std::sync::Mutex::new(None::<Instant>));
    // The bot has taken this update, and Telegram goes down before it can answer.
    let blocked = Arc::new(AtomicUsize::new(0));
    {
        let window = down_until.clone();
        let blocked = blocked.clone();
        api.set_fault(Some(Arc::new(move |method: &str, _: &Value| {
            if method == "sendmessage" && window.lock().unwrap().is_none() {
                *window.lock().unwrap() = Some(Instant::now() + Duration::from_secs(30));
            }
            let until = *window.lock().unwrap();
            match until {
                Some(until) if Instant::now() < until => {
                    blocked.fetch_add(1, Ordering::SeqCst);
                    faults::drop_connection()
                }
                _ => None,
            }
        })));
    }
    let started = Instant::now();
    let pending_early = tokio::spawn(async move {
        early
            .say_within("/start", Duration::from_secs(60), |calls: &[Call]| {
                calls.iter().any(|c| c.method == "sendmessage")
            })
            .await
    });
    // While it is down, another user writes.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let pending_late = {
        let api = api.clone();
        tokio::spawn(async move {
            let since = api.call_count();
            api.push(json!({"message": late.message_json(json!({"text": "hello"}))}));
            api.wait_for(Duration::from_secs(60), "the late user's answer", |calls| {
                calls[since..]
                    .iter()
                    .any(|c| c.method == "sendmessage" && c.chat_id() == Some(6005))
            })
            .await;
        })
    };
    let early_calls = tokio::time::timeout(Duration::from_secs(60), pending_early)
        .await
        .expect("answered after the outage")
        .unwrap();
    tokio::time::timeout(Duration::from_secs(60), pending_late)
        .await
        .expect("answered after the outage")
        .unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(30),
        "the outage lasted {waited:?}"
    );
    assert!(
        waited < Duration::from_secs(45),
        "back within seconds of Telegram: {waited:?}"
    );
    assert!(
        blocked.load(Ordering::SeqCst) >= 5,
        "requests were refused during the outage"
    );
    assert_eq!(message_texts(&early_calls).len(), 1, "exactly once");
    let late_messages = api
        .calls_of("sendMessage")
        .into_iter()
        .filter(|c| c.chat_id() == Some(6005))
        .count();
    assert_eq!(late_messages, 1);
    assert!(!bot.log().contains(TOKEN));
}

#[tokio::test]
async fn outgoing_messages_keep_to_telegrams_rate_limits_without_dropping_any() {
    let (api, _bot, _dir) = start_bot(&[]).await;
    // One chat: a whole result is five messages plus a contact card at once.
    let user = api.user(6006, Some("en"));
    let calls = whole_consultation(&user).await;
    let result: Vec<&Call> = calls
        .iter()
        .rev()
        .take_while(|c| c.method != "answercallbackquery")
        .filter(|c| c.method.starts_with("send") || c.method.starts_with("edit"))
        .collect();
    assert!(result.len() >= 4, "{result:?}");
    let mut times: Vec<Instant> = result.iter().map(|c| c.at).collect();
    times.sort();
    // One a second (teloxide's Throttle allows no burst).
    for (k, t) in times.iter().enumerate().skip(1) {
        let since_first = t.duration_since(times[0]);
        assert!(
            since_first >= Duration::from_millis(900 * k as u64),
            "message {k} only {since_first:?} after the first"
        );
    }
    // Many chats at once: at most 30 a second overall (27 for private
    // chats, after a burst of 27). `/help` and the question again are one message.
    let users: Vec<TestUser> = (0..90).map(|i| api.user(6100 + i, Some("en"))).collect();
    let since = api.call_count();
    for user in &users {
        api.push(json!({"message": user.message_json(json!({"text": "/help"}))}));
    }
    api.wait_for(Duration::from_secs(20), "every chat answered", |calls| {
        calls[since..]
            .iter()
            .filter(|c| c.method == "sendmessage")
            .count()
            >= 90
    })
    .await;
    let mut sent: Vec<Instant> = api.calls()[since..]
        .iter()
        .filter(|c| c.method == "sendmessage")
        .map(|c| c.at)
        .collect();
    sent.sort();
    assert_eq!(
        sent.len(),
        90,
        "a message to each of 90 chats, none dropped"
    );
    let span = sent.last().unwrap().duration_since(sent[0]);
    // 90 messages: 27 at once, 63 more at 27 a second (2.3 s).
    assert!(
        span >= Duration::from_millis(1800),
        "90 messages in {span:?}"
    );
}

#[tokio::test]
async fn messages_the_bot_cannot_use_get_a_polite_answer_or_silence() {
    let (api, mut bot, _dir) = start_bot(&[]).await;
    let user = api.user(6007, Some("en"));
    let calls = user.say("/start", question_sent).await;
    user.press(&last_question(&calls), "a:stage:both", question_sent)
        .await;
    let unreadable = [
        json!({"voice": {"file_id": "v", "file_unique_id": "vu", "duration": 3}}),
        json!({"location": {"latitude": 43.2, "longitude": 76.9}}),
        json!({"text": "Russia", "forward_origin": {"type": "hidden_user", "date": 0, "sender_user_name": "X"}}),
        json!({"contact": {"phone_number": "+77000000000", "first_name": "A"}}),
    ];
    for kind in unreadable {
        let message = user.message_json(kind.clone());
        let calls = user.act(json!({"message": message}), question_sent).await;
        let text = texts_sent(&calls);
        assert!(
            text.contains("I can only read text and button presses"),
            "{kind}: {text}"
        );
        assert!(text.contains("What is your citizenship?"), "{kind}: {text}");
    }
    // An edited message cannot change an answer.
    let edited = user.message_json(json!({"text": "China", "edit_date": 1}));
    let calls = user
        .act(
            json!({"edited_message": edited}),
            sent_containing("by editing"),
        )
        .await;
    assert_eq!(message_texts(&calls).len(), 1);
    // A channel post is not for the bot: silence, and the bot keeps going.
    let post = json!({"message_id": 5, "date": 0, "chat": {"id": -100777, "type": "channel", "title": "News"}, "text": "/start"});
    api.push(json!({"channel_post": post}));
    let calls = user.say("Russia", question_sent).await;
    assert!(texts_sent(&calls).contains("refugee status"));
    assert!(api.calls().iter().all(|c| c.chat_id() != Some(-100777)));
    // A user who blocked the bot: 403, logged, and nobody else is affected.
    api.set_fault(Some(Arc::new(|method: &str, body: &Value| {
        (method == "sendmessage" && body["chat_id"] == json!(6008)).then(faults::forbidden_blocked)
    })));
    let blocker = api.user(6008, Some("en"));
    api.push(json!({"message": blocker.message_json(json!({"text": "/start"}))}));
    let calls = user.say("/help", question_sent).await;
    assert!(texts_sent(&calls).contains("/forget"));
    api.wait_for(REPLY_TIMEOUT, "the blocked chat logged", |_| true)
        .await;
    bot.kill();
    assert!(
        bot.log().contains("chat 6008: cannot be answered"),
        "{}",
        bot.log()
    );
    let state = stored(&bot.data_dir, 6008).await.expect("the step is kept");
    assert_eq!(state.session.step, Step::Ask(Question::Stage));
}

#[tokio::test]
async fn the_data_directory_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (_api, _bot, dir) = start_bot(&[]).await;
    let mode = std::fs::metadata(dir.path().join("data"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700, "{mode:o}");
}

#[tokio::test]
async fn a_thousand_chats_and_a_burst_get_their_own_replies_in_order() {
    let (api, _bot, _dir) = start_bot(&[("BOT_RATE_LIMIT", "off")]).await;
    let users: Vec<TestUser> = (0..1000).map(|i| api.user(7000 + i, Some("en"))).collect();
    let burster = api.user(8000, Some("en"));
    // The burster gets to the passport question first.
    let calls = burster.say("/start", question_sent).await;
    let mut q = last_question(&calls);
    for data in ["a:stage:card", "a:citizenship:ru"] {
        q = last_question(&burster.press(&q, data, question_sent).await);
    }
    burster.say("30", question_sent).await;
    // Everyone starts at once; each picks a citizenship and an age of its own.
    let since = api.call_count();
    for user in &users {
        api.push(json!({"message": user.message_json(json!({"text": "/start"}))}));
    }
    // Meanwhile ten impossible dates in one burst (more would be a flood,
    // answered once: tests/intake.rs): each answer names its date.
    let dates: Vec<String> = (0..10)
        .map(|i| format!("{}.02.{}", 30 + i % 2, 2031 + i))
        .collect();
    for date in &dates {
        api.push(json!({"message": burster.message_json(json!({"text": date}))}));
    }
    api.wait_for(
        Duration::from_secs(120),
        "every chat's first question",
        |calls| {
            calls[since..]
                .iter()
                .filter(|c| c.method == "sendmessage")
                .count()
                // A question each, and the 10 refusals (each with the question again, one message).
                >= 1000 + 10
        },
    )
    .await;
    let calls = api.calls()[since..].to_vec();
    let echoed: Vec<String> = calls
        .iter()
        .filter(|c| c.method == "sendmessage" && c.chat_id() == Some(8000))
        .filter_map(|c| {
            let text = c.text();
            let rest = text.strip_prefix("There is no such date: ")?;
            Some(rest.split(". ").next().unwrap().to_string())
        })
        .collect();
    assert_eq!(echoed, dates, "the burst is answered in order");
    // Second round: each chat answers differently; its summary must show its own answers.
    let choices = ["cn", "ru", "uz", "kg", "tj", "tm", "mn", "other"];
    let press_all = |round: &str, data: &dyn Fn(usize) -> String| {
        let questions = last_questions(&api.calls());
        for (i, user) in users.iter().enumerate() {
            api.push(json!({"callback_query": {
                "id": format!("{round}{i}"),
                "from": {"id": user.user_id, "is_bot": false, "first_name": "T", "language_code": "en"},
                "chat_instance": "x", "message": questions[&user.chat_id].result, "data": data(i)
            }}));
        }
    };
    for (round, data) in [
        (
            "stage",
            &(|_| "a:stage:card".to_string()) as &dyn Fn(usize) -> String,
        ),
        ("citizenship", &|i| {
            format!("a:citizenship:{}", choices[i % choices.len()])
        }),
    ] {
        let since = api.call_count();
        press_all(round, data);
        api.wait_for(Duration::from_secs(120), round, |calls| {
            calls[since..]
                .iter()
                .filter(|c| c.method == "sendmessage")
                .count()
                >= 1000
        })
        .await;
    }
    let since = api.call_count();
    for (i, user) in users.iter().enumerate() {
        let age = i % 15; // under 16: the summary follows at once
        api.push(json!({"message": user.message_json(json!({"text": age.to_string()}))}));
    }
    api.wait_for(Duration::from_secs(120), "every chat's summary", |calls| {
        calls[since..]
            .iter()
            .filter(|c| {
                c.method == "sendmessage" && c.text().starts_with("Please check your answers")
            })
            .count()
            >= 1000
    })
    .await;
    let calls = api.calls()[since..].to_vec();
    let names = [
        "China",
        "Russia",
        "Uzbekistan",
        "Kyrgyzstan",
        "Tajikistan",
        "Turkmenistan",
        "Mongolia",
        "Other country",
    ];
    for (i, user) in users.iter().enumerate() {
        let summary: Vec<&Call> = calls
            .iter()
            .filter(|c| c.chat_id() == Some(user.chat_id) && c.method == "sendmessage")
            .collect();
        assert_eq!(summary.len(), 1, "chat {}", user.chat_id);
        let text = summary[0].text();
        assert!(
            text.contains(&format!("Age: {}\n", i % 15)),
            "chat {}: {text}",
            user.chat_id
        );
        assert!(
            text.contains(names[i % names.len()]),
            "chat {}: {text}",
            user.chat_id
        );
    }
}

/// Pushes a button press on `question` and waits for the next question;
/// returns the update as Telegram would send it again, id included.
async fn press_keeping_the_update(
    user: &TestUser,
    question: &Call,
    data: &str,
) -> (Value, Vec<Call>) {
    let query = json!({
        "id": format!("kept-{}-{data}", user.chat_id),
        "from": {"id": user.user_id, "is_bot": false, "first_name": "T", "language_code": "en"},
        "chat_instance": "x",
        "message": question.result,
        "data": data,
    });
    let since = user.api.call_count();
    let id = user.api.push(json!({"callback_query": query.clone()}));
    let chat_id = user.chat_id;
    user.api
        .wait_for(REPLY_TIMEOUT, "the next question", |calls| {
            question_sent(
                &calls[since..]
                    .iter()
                    .filter(|c| c.chat_id() == Some(chat_id))
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        })
        .await;
    (
        json!({"update_id": id, "callback_query": query}),
        user.calls_since(since),
    )
}

#[tokio::test]
async fn a_user_returning_after_a_quiet_week_is_answered_and_a_redelivered_update_still_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let api = FakeApi::start().await;
    let restart = |bot: Option<BotProcess>| {
        let api = api.clone();
        let data = data.clone();
        async move {
            drop(bot);
            let polls = api.calls_of("getUpdates").len();
            let bot = BotProcess::spawn(&api, &data, &[]);
            api.wait_for(Duration::from_secs(20), "polling", |calls| {
                calls.iter().filter(|c| c.method == "getupdates").count() > polls
            })
            .await;
            bot
        }
    };
    api.set_next_update_id(700_000);
    let mut bot = restart(None).await;
    let user = api.user(6020, Some("en"));
    let calls = user.say("/start", question_sent).await;
    let (stage_press, calls) =
        press_keeping_the_update(&user, &last_question(&calls), "a:stage:both").await;
    let citizenship = last_question(&calls);
    assert!(citizenship.text().contains("What is your citizenship?"));
    // Killed before Telegram saw the press confirmed: it sends it again.
    bot.kill();
    // The killed bot's last long poll (at most a second in the fake) would
    // confirm the press again: let it end first.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    api.redeliver(stage_press);
    let bot = restart(Some(bot)).await;
    // Updates of a chat are handled in order: once /contacts is answered,
    // the redelivered press has been handled too.
    let calls = user.say("/contacts", called("sendcontact")).await;
    assert!(
        calls.iter().all(|c| c.method != "editmessagetext"
            && !(c.method == "sendmessage" && c.text().contains("What is your citizenship?"))),
        "the redelivered press was handled again: {calls:?}"
    );
    let log = bot.log();
    assert_eq!(
        log.matches("handled before a restart; skipped").count(),
        1,
        "{log}"
    );

    // A week later Telegram numbers updates from a random start, here far
    // below the ids this chat has used, and the bot has been restarted.
    api.set_next_update_id(700);
    let bot = restart(Some(bot)).await;
    let calls = user.say("/contacts", called("sendcontact")).await;
    assert!(texts_sent(&calls).contains("+7 727 266-61-50"), "{calls:?}");
    // The answers given before the quiet week are still there.
    let calls = user
        .press(&citizenship, "a:citizenship:ru", question_sent)
        .await;
    assert!(texts_sent(&calls).contains("refugee status"), "{calls:?}");
    let calls = user.say("/start", question_sent).await;
    assert!(texts_sent(&calls).contains("Which document do you need?"));
    // The log spans the three runs: still the one skip of the redelivery.
    let log = bot.log();
    assert_eq!(
        log.matches("handled before a restart; skipped").count(),
        1,
        "{log}"
    );
}

/// True when every chat got the first question (its /start), then the help
/// text (its /help), in that order.
fn answered_in_order(calls: &[Call], chats: &[i64]) -> bool {
    chats.iter().all(|chat| {
        let texts: Vec<&str> = calls
            .iter()
            .filter(|c| c.method == "sendmessage" && c.chat_id() == Some(*chat))
            .map(|c| c.text())
            .collect();
        texts
            .first()
            .is_some_and(|t| t.contains("Which document do you need?"))
            && texts[1..].iter().any(|t| t.contains("/forget"))
    })
}

#[tokio::test]
async fn polling_handles_three_chats_at_once_holds_a_bounded_number_and_loses_none() {
    let (api, _bot, _dir) =
        start_bot(&[("BOT_UPDATES_IN_FLIGHT", "3"), ("BOT_RATE_LIMIT", "off")]).await;
    // Telegram is slow to take replies while ten chats write twice each,
    // and then 400 more chats once each.
    api.stall("sendMessage", true);
    let chats: Vec<i64> = (0..10).map(|i| 6200 + i).collect();
    for text in ["/start", "/help"] {
        for &chat in &chats {
            let user = api.user(chat, Some("en"));
            api.push(json!({"message": user.message_json(json!({"text": text}))}));
        }
    }
    let crowd: Vec<i64> = (0..400).map(|i| 16_000 + i).collect();
    for &chat in &crowd {
        let user = api.user(chat, Some("en"));
        api.push(json!({"message": user.message_json(json!({"text": "/help"}))}));
    }
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(api.calls_of("sendMessage").len(), 3, "three chats at once");
    let held = api.updates_handed_out();
    assert!(
        (20..=200).contains(&held),
        "{held} updates taken while three are being handled"
    );
    api.stall("sendMessage", false);
    api.wait_for(Duration::from_secs(60), "every chat answered", |calls| {
        let answered: std::collections::HashSet<i64> = calls
            .iter()
            .filter(|c| c.method == "sendmessage")
            .filter_map(Call::chat_id)
            .collect();
        answered_in_order(calls, &chats) && crowd.iter().all(|chat| answered.contains(chat))
    })
    .await;
    assert_eq!(api.updates_handed_out(), 420, "every update, once");
    for call in api.calls_of("getUpdates") {
        assert!(
            call.body["limit"].as_u64().is_some_and(|l| l <= 100),
            "{:?}",
            call.body
        );
    }
}

#[tokio::test]
async fn the_webhook_answers_telegram_as_updates_start_or_after_a_second_and_loses_nothing() {
    let hook =
        start_webhook_bot(&[("BOT_UPDATES_IN_FLIGHT", "3"), ("BOT_RATE_LIMIT", "off")]).await;
    let api = hook.api.clone();
    api.stall("sendMessage", true);
    let chats: Vec<i64> = (0..8).map(|i| 6300 + i).collect();
    let mut posts = Vec::new();
    for (n, &chat) in chats.iter().enumerate() {
        let user = api.user(chat, Some("en"));
        let addr = hook.addr.clone();
        posts.push(tokio::spawn(async move {
            let mut answers = Vec::new();
            for (k, text) in ["/start", "/help"].into_iter().enumerate() {
                let update = json!({
                    "update_id": 1000 + 10 * n + k,
                    "message": user.message_json(json!({"text": text})),
                });
                let sent = Instant::now();
                let (status, _) = http(
                    &addr,
                    "POST",
                    "/telegram/hook",
                    &[
                        ("Content-Type", "application/json"),
                        ("X-Telegram-Bot-Api-Secret-Token", "the-right-secret_42"),
                    ],
                    &update.to_string(),
                )
                .await;
                answers.push((status, sent.elapsed()));
            }
            answers
        }));
    }
    let mut answers = Vec::new();
    for post in posts {
        answers.extend(post.await.unwrap());
    }
    // Every POST answered while only three updates could be handled: the
    // three that started at once, the others after a second, kept.
    assert!(
        answers.iter().all(|(status, _)| *status == 200),
        "{answers:?}"
    );
    let at_once = answers
        .iter()
        .filter(|(_, took)| *took < Duration::from_millis(900))
        .count();
    assert!(at_once <= 3, "{answers:?}");
    assert_eq!(api.calls_of("sendMessage").len(), 3, "three chats at once");
    api.stall("sendMessage", false);
    api.wait_for(Duration::from_secs(30), "every chat answered", |calls| {
        answered_in_order(calls, &chats)
    })
    .await;
}
