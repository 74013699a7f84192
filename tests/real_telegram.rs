//! Weeks-long conversations as the real Telegram has them, in private
//! chats and groups: presses on messages the Bot API no longer holds in
//! full, acknowledgements that come too late, service messages, forum
//! topics, albums, edits, unknown commands, answers with invisible marks,
//! inline answers that must not be shared across users, and Telegram's
//! pacing after many wrong answers. The real bot against the fake Bot API.
//! (The office's side of the same faults is in `tests/ask_office.rs`.)

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::fake_api::*;

const NO_LIMITS: (&str, &str) = ("BOT_RATE_LIMIT", "off");
/// The question after the age, for the whole route.
const NEXT_AFTER_AGE: &str = "children aged 14 or over but under 18";

/// A whole consultation by buttons in English (both stages, a Russian
/// citizen, 40, passport to 10.07.2027): ends at the result; returns the
/// message under it (the contacts and the tools).
async fn consult(user: &TestUser) -> Call {
    let calls = user.say("/start", question_sent).await;
    let mut question = last_question(&calls);
    for data in ["a:stage:both", "a:citizenship:ru", "a:refugee:no"] {
        question = last_question(&user.press(&question, data, question_sent).await);
    }
    let calls = user.say("40", question_sent).await;
    question = last_question(&calls);
    for data in ["a:children:no", "a:solvency:own"] {
        question = last_question(&user.press(&question, data, question_sent).await);
    }
    let calls = user.say("10.07.2027", question_sent).await;
    let calls = user
        .press(&last_question(&calls), "sum:go", result_sent)
        .await;
    last_question(&calls)
}

/// Up to the age question, in English.
async fn to_the_age_question(user: &TestUser) -> Call {
    let calls = user.say("/start", question_sent).await;
    let mut question = last_question(&calls);
    for data in ["a:stage:both", "a:citizenship:ru", "a:refugee:no"] {
        question = last_question(&user.press(&question, data, question_sent).await);
    }
    assert!(
        question.text().contains("How old are you?"),
        "{}",
        question.text()
    );
    question
}

fn sent_messages(calls: &[Call]) -> Vec<&Call> {
    calls.iter().filter(|c| c.method == "sendmessage").collect()
}

/// Waits a moment for anything the bot might still send by mistake.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(800)).await;
}

#[tokio::test]
async fn presses_on_messages_telegram_no_longer_holds_are_judged_by_chat_id_and_data() {
    let (api, bot, _dir) = start_bot(&[NO_LIMITS]).await;
    let user = api.user(9101, Some("en"));
    // A question two days old: the answer is taken, the next question
    // asked, and the old one's buttons taken off by its id.
    let calls = user.say("/start", question_sent).await;
    let first = last_question(&calls);
    let calls = user
        .press_old(&first, "a:stage:both", |calls| {
            question_sent(calls) && called("editmessagereplymarkup")(calls)
        })
        .await;
    assert!(
        texts_sent(&calls).contains("What is your citizenship?"),
        "{}",
        texts_sent(&calls)
    );
    assert!(
        calls.iter().any(|c| c.method == "editmessagereplymarkup"
            && c.body["message_id"] == json!(first.message_id())),
        "the old question's buttons taken off: {calls:?}"
    );
    let mut question = last_question(&calls);
    for data in ["a:citizenship:ru", "a:refugee:no"] {
        question = last_question(&user.press(&question, data, question_sent).await);
    }
    let calls = user.say("40", question_sent).await;
    question = last_question(&calls);
    for data in ["a:children:no", "a:solvency:own"] {
        question = last_question(&user.press(&question, data, question_sent).await);
    }
    let calls = user.say("10.07.2027", question_sent).await;
    let calls = user
        .press(&last_question(&calls), "sum:go", result_sent)
        .await;
    let result = last_question(&calls);
    // The checklist, ticked two days later: saved, and edited in place by its id.
    let calls = user
        .press_old(
            &result,
            "res:list",
            sent_with_button("chk:application-form"),
        )
        .await;
    let checklist = last_question(&calls);
    let calls = user
        .press_old(
            &checklist,
            "chk:application-form",
            called("editmessagetext"),
        )
        .await;
    let edit = calls
        .iter()
        .find(|c| c.method == "editmessagetext")
        .unwrap();
    assert_eq!(edit.body["message_id"], json!(checklist.message_id()));
    assert!(edit.text().contains("1 of"), "{}", edit.text());
    // Telegram will not edit it: the checklist is sent anew, the tick kept.
    let old_id = checklist.message_id();
    api.set_fault(Some(Arc::new(move |method: &str, body: &Value| {
        (method == "editmessagetext" && body["message_id"] == json!(old_id))
            .then(faults::cannot_edit)
    })));
    let calls = user
        .press_old(
            &checklist,
            "chk:solvency",
            sent_with_button("chk:application-form"),
        )
        .await;
    let anew = last_question(&calls);
    assert!(anew.text().contains("2 of"), "{}", anew.text());
    // "I have applied for the card" on the same old message.
    api.set_fault(None);
    let calls = user
        .press_old(&checklist, "res:submitted", question_sent)
        .await;
    assert!(
        !texts_sent(&calls).contains("no longer active")
            && !calls.iter().any(|c| c.body["text"]
                .as_str()
                .is_some_and(|t| t.contains("no longer active"))),
        "{calls:?}"
    );
    assert!(!bot.log().contains("a handler failed"), "{}", bot.log());
}

#[tokio::test]
async fn an_acknowledgement_that_expired_never_stops_a_press() {
    let (api, bot, _dir) = start_bot(&[NO_LIMITS]).await;
    let user = api.user(9102, Some("en"));
    let result = consult(&user).await;
    // Every answer to a press comes too late from now on.
    api.set_fault(Some(Arc::new(|method: &str, _: &Value| {
        (method == "answercallbackquery").then(faults::query_too_old)
    })));
    let calls = user
        .press(
            &result,
            "res:list",
            sent_with_button("chk:application-form"),
        )
        .await;
    let checklist = last_question(&calls);
    let calls = user
        .press(
            &checklist,
            "chk:application-form",
            called("editmessagetext"),
        )
        .await;
    assert!(
        calls
            .iter()
            .any(|c| c.method == "editmessagetext" && c.text().contains("1 of")),
        "{calls:?}"
    );
    // A forged press, and a calendar day out of range: only the answer to
    // the press would have said anything; nothing fails.
    user.press_old(&checklist, "no:such:button", |_| true).await;
    settle().await;
    let calls = user.say("/checklist", question_sent).await;
    assert!(texts_sent(&calls).contains("1 of"), "the tick kept");
    assert!(
        !bot.log().contains("a handler failed"),
        "a cosmetic call failed a handler: {}",
        bot.log()
    );
}

#[tokio::test]
async fn service_messages_get_no_reply() {
    let (api, bot, _dir) = start_bot(&[NO_LIMITS]).await;
    let user = api.user(9103, Some("en"));
    to_the_age_question(&user).await;
    let since = api.call_count();
    for kind in user.service_messages() {
        user.post(kind);
    }
    // A message after them: its answer comes once they are all handled (a chat's updates keep their order).
    user.say("40", sent_containing(NEXT_AFTER_AGE)).await;
    let texts = texts_sent(&user.calls_since(since));
    assert!(
        !texts.contains("I can only read text"),
        "a service message was answered: {texts}"
    );
    assert_eq!(
        sent_messages(&user.calls_since(since)).len(),
        1,
        "only the answer to 40: {texts}"
    );
    assert!(
        !bot.log().contains("cannot read"),
        "every service message was read: {}",
        bot.log()
    );
}

#[tokio::test]
async fn a_command_in_a_forum_topic_is_answered_in_that_topic() {
    let (api, _bot, _dir) = start_bot(&[NO_LIMITS]).await;
    let group = -1009103;
    api.make_forum(group);
    let member = api.user(group, Some("en"));
    let text = "/help";
    let entities = json!([{"type": "bot_command", "offset": 0, "length": 5}]);
    let since = member.post(in_topic(77, json!({"text": text, "entities": entities})));
    let reply = api.wait_message(group, since, "the hint", |_| true).await;
    assert_eq!(
        reply.body["message_thread_id"],
        json!(77),
        "{:?}",
        reply.body
    );
    // The contacts: the text and the contact card, both in the topic.
    let entities = json!([{"type": "bot_command", "offset": 0, "length": 9}]);
    let since = member.post(in_topic(
        78,
        json!({"text": "/contacts", "entities": entities}),
    ));
    api.wait_for(REPLY_TIMEOUT, "the contact card", |calls| {
        calls[since..].iter().any(|c| c.method == "sendcontact")
    })
    .await;
    let sent: Vec<Call> = api.calls()[since..]
        .iter()
        .filter(|c| c.chat_id() == Some(group) && c.method.starts_with("send"))
        .cloned()
        .collect();
    assert!(sent.len() >= 2, "{sent:?}");
    for call in &sent {
        assert_eq!(call.body["message_thread_id"], json!(78), "{}", call.method);
    }
    // A plain group message (no topic) is answered without one.
    let entities = json!([{"type": "bot_command", "offset": 0, "length": 5}]);
    let since = member.post(json!({"text": "/help", "entities": entities}));
    let reply = api.wait_message(group, since, "the hint", |_| true).await;
    assert!(
        reply.body.get("message_thread_id").is_none(),
        "{:?}",
        reply.body
    );
}

#[tokio::test]
async fn an_album_is_one_action_and_gets_one_note() {
    let (api, _bot, _dir) = start_bot(&[NO_LIMITS]).await;
    let user = api.user(9104, Some("en"));
    to_the_age_question(&user).await;
    let since = user.album(4);
    user.say("40", sent_containing(NEXT_AFTER_AGE)).await;
    let calls = user.calls_since(since);
    let notes = sent_messages(&calls)
        .iter()
        .filter(|c| c.text().contains("I can only read text"))
        .count();
    assert_eq!(notes, 1, "{}", texts_sent(&calls));
    // One message for the album, one for the answer.
    assert_eq!(sent_messages(&calls).len(), 2, "{}", texts_sent(&calls));
    // A second album is a new action.
    let since = user.album(2);
    user.say("/help", sent_containing("/forget")).await;
    let calls = user.calls_since(since);
    let notes = sent_messages(&calls)
        .iter()
        .filter(|c| c.text().contains("I can only read text"))
        .count();
    assert_eq!(notes, 1, "{}", texts_sent(&calls));
}

#[tokio::test]
async fn an_edit_is_answered_in_the_language_the_chat_chose() {
    let (api, _bot, _dir) = start_bot(&[NO_LIMITS]).await;
    // An English app; the chat chose Russian.
    let user = api.user(9105, Some("en"));
    user.say("/start", question_sent).await;
    let calls = user.say("/language", sent_with_button("lang:ru")).await;
    user.press(&last_question(&calls), "lang:ru", question_sent)
        .await;
    let original = user.message_json(json!({"text": "Россия"}));
    let calls = user
        .act(json!({"message": original.clone()}), question_sent)
        .await;
    assert!(!calls.is_empty());
    let since = user.edit(&original, "Китай");
    let reply = api.wait_message(9105, since, "the note", |_| true).await;
    assert!(
        reply
            .text()
            .contains("Изменить ответ, отредактировав сообщение, нельзя"),
        "{}",
        reply.text()
    );
}

#[tokio::test]
async fn an_unknown_command_is_not_an_answer() {
    let (api, _bot, _dir) = start_bot(&[NO_LIMITS]).await;
    let user = api.user(9106, Some("en"));
    to_the_age_question(&user).await;
    let calls = user.say("/nosuchcommand", question_sent).await;
    let text = texts_sent(&calls);
    assert!(!text.contains("as a number"), "{text}");
    assert!(text.contains("/start") && text.contains("/help"), "{text}");
    assert!(text.contains("How old are you?"), "asked again: {text}");
    // `/stats` is one of them for anyone not on the staff.
    let calls = user.say("/stats", question_sent).await;
    assert_eq!(texts_sent(&calls), text);
}

#[tokio::test]
async fn typed_answers_with_invisible_marks_or_other_digits_are_read() {
    let (api, _bot, _dir) = start_bot(&[NO_LIMITS]).await;
    let user = api.user(9107, Some("en"));
    to_the_age_question(&user).await;
    // 35 and a zero-width space, as a phone keyboard may add.
    let calls = user.say("35\u{200B}", question_sent).await;
    assert!(
        texts_sent(&calls).contains("children aged 14 or over but under 18"),
        "{}",
        texts_sent(&calls)
    );
    let calls = user.say("/back", question_sent).await;
    assert!(texts_sent(&calls).contains("How old are you?"));
    // Full-width digits.
    let calls = user.say("３５", question_sent).await;
    assert!(
        texts_sent(&calls).contains("children aged 14 or over but under 18"),
        "{}",
        texts_sent(&calls)
    );
}

#[tokio::test]
async fn inline_answers_are_not_shared_across_users() {
    let (api, _bot, _dir) = start_bot(&[NO_LIMITS]).await;
    // The titles are in the asker's language: Telegram must not hand one
    // user's answer to another.
    let answer = api.user(9108, Some("ru")).inline("адрес").await;
    assert_eq!(answer.body["is_personal"], json!(true), "{:?}", answer.body);
}

/// Telegram's pacing is on (the default): one message a second in a
/// chat, and no limit a minute in a private chat. A user who answers
/// wrongly a dozen times, each time once the bot has answered, is never
/// held back, and each wrong answer costs one message.
#[tokio::test]
async fn a_dozen_wrong_answers_cost_one_message_each_and_never_stall_the_chat() {
    let (api, _bot, _dir) = start_bot(&[]).await;
    let user = api.user(9109, Some("en"));
    to_the_age_question(&user).await;
    let mut slowest = Duration::ZERO;
    let mut messages_per_answer = Vec::new();
    for _ in 0..12 {
        let asked = Instant::now();
        // Long enough to see the stall a minute's limit would cause.
        let calls = user
            .say_within("abc", Duration::from_secs(90), question_sent)
            .await;
        let replied = calls
            .iter()
            .find(|c| c.method == "sendmessage" && !c.buttons().is_empty())
            .unwrap()
            .at;
        slowest = slowest.max(replied.duration_since(asked));
        messages_per_answer.push(sent_messages(&calls).len());
    }
    let asked = Instant::now();
    let calls = user
        .say_within("40", Duration::from_secs(90), question_sent)
        .await;
    let reply = sent_messages(&calls)[0].at.duration_since(asked);
    assert!(
        texts_sent(&calls).contains("children aged 14 or over but under 18"),
        "{}",
        texts_sent(&calls)
    );
    // One message a second is Telegram's pace: 2 s is the goal, 5 s a
    // bound no loaded machine should reach (a minute's limit stalls for 30 s or more).
    assert!(
        reply < Duration::from_secs(5) && slowest < Duration::from_secs(5),
        "the right answer's reply after {reply:?}, the slowest wrong one's after {slowest:?}"
    );
    assert!(
        messages_per_answer.iter().all(|&n| n == 1),
        "messages per wrong answer: {messages_per_answer:?}"
    );
    eprintln!("reply to the right answer after {reply:?}; slowest wrong answer's {slowest:?}");
}
