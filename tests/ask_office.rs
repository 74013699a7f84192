//! "Ask the office" end to end: the real bot against the fake Bot API,
//! with an applicant in a private chat and the office's staff in their
//! group (`BOT_STAFF_CHAT`): consent, the card, the conversation relayed
//! both ways (across a restart too), closing from either side, `/forget`,
//! media, look-alike replies elsewhere, forum topics, a blocked bot and
//! the retention sweep.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::fake_api::*;
use crate::helpers::press;

/// The office's supergroup.
const STAFF: i64 = -1009000;
const STAFF_ENV: (&str, &str) = ("BOT_STAFF_CHAT", "-1009000");
const NO_LIMITS: (&str, &str) = ("BOT_RATE_LIMIT", "off");
const STAFF_IN_ENGLISH: (&str, &str) = ("BOT_STAFF_LANG", "en");

/// A staff member writing in the office's group.
fn staff_member(api: &FakeApi, chat: i64) -> TestUser {
    TestUser {
        api: api.clone(),
        chat_id: chat,
        user_id: 501,
        language_code: Some("ru".into()),
    }
}

/// A whole consultation by buttons in English from a staff deep link
/// (stage 1, a Russian citizen, 40, passport to 10.07.2027): ends at the
/// result; returns the message under it (the contacts and the tools).
async fn consult(user: &TestUser) -> Call {
    let calls = user.say("/start en-almaty_office", question_sent).await;
    let calls = press(user, &last_question(&calls), "a:stage:permit").await;
    let calls = press(user, &last_question(&calls), "a:citizenship:ru").await;
    press(user, &last_question(&calls), "a:refugee:no").await;
    let calls = user.say("40", question_sent).await;
    let calls = press(user, &last_question(&calls), "a:children:no").await;
    press(user, &last_question(&calls), "a:solvency:own").await;
    let calls = user.say("10.07.2027", question_sent).await;
    let calls = user
        .press(&last_question(&calls), "sum:go", result_sent)
        .await;
    last_question(&calls)
}

/// The reply keyboard's contact button, if the message has one.
fn contact_button(call: &Call) -> Option<Value> {
    call.body
        .pointer("/reply_markup/keyboard/0/0")
        .filter(|b| b["request_contact"] == json!(true))
        .cloned()
}

fn removes_keyboard(call: &Call) -> bool {
    call.body.pointer("/reply_markup/remove_keyboard") == Some(&json!(true))
}

/// Opens the consent screen from the result's button; returns it and the phone offer.
async fn consent_screen(user: &TestUser, result: &Call) -> (Call, Call) {
    let calls = user
        .press(result, "ho:ask", |calls| {
            calls.iter().any(|c| contact_button(c).is_some())
        })
        .await;
    let screen = calls
        .iter()
        .find(|c| c.buttons().contains(&"ho:send".to_string()))
        .cloned()
        .expect("the consent screen");
    let phone = calls
        .iter()
        .find(|c| contact_button(c).is_some())
        .cloned()
        .unwrap();
    (screen, phone)
}

/// The reference in the applicant's confirmation.
fn reference_in(text: &str) -> String {
    let (_, rest) = text
        .split_once("Your request number is ")
        .unwrap_or_else(|| panic!("no reference in {text}"));
    rest.chars().take(6).collect()
}

/// Consent given without the phone: returns the confirmation and the card.
async fn open_request(api: &FakeApi, user: &TestUser, result: &Call) -> (Call, Call) {
    let (screen, _) = consent_screen(user, result).await;
    let since = api.call_count();
    let calls = user
        .press(&screen, "ho:send", sent_containing("Sent to the office"))
        .await;
    let confirmation = calls
        .iter()
        .find(|c| c.text().contains("Sent to the office"))
        .cloned()
        .unwrap();
    let reference = reference_in(confirmation.text());
    let card = api
        .wait_message(STAFF, since, "the card", |c| {
            c.text().contains(&reference) && !c.buttons().is_empty()
        })
        .await;
    (confirmation, card)
}

/// A whole consultation, then a request opened without the phone: the
/// applicant's confirmation, the office's card and the request's reference.
async fn consult_and_ask(api: &FakeApi, user: &TestUser) -> (Call, Call, String) {
    let result = consult(user).await;
    let (confirmation, card) = open_request(api, user, &result).await;
    let reference = reference_in(confirmation.text());
    (confirmation, card, reference)
}

/// The bot with the office's group a forum (topics on), its cards in English.
async fn start_with_forum() -> (FakeApi, BotProcess, tempfile::TempDir) {
    let api = FakeApi::start().await;
    api.make_forum(STAFF);
    let dir = tempfile::tempdir().unwrap();
    let env = [STAFF_ENV, NO_LIMITS, STAFF_IN_ENGLISH];
    let bot = BotProcess::spawn(&api, &dir.path().join("data"), &env);
    api.wait_polling().await;
    (api, bot, dir)
}

/// Waits a moment for anything the bot might still send by mistake.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(800)).await;
}

#[tokio::test]
async fn without_a_staff_chat_the_office_is_not_offered_and_nothing_is_sent() {
    let (api, _bot, _dir) = start_bot(&[NO_LIMITS]).await;
    let user = api.user(4001, Some("en"));
    let result = consult(&user).await;
    assert!(
        !result.buttons().iter().any(|b| b.starts_with("ho:")),
        "{:?}",
        result.buttons()
    );
    let calls = user.say("/office", result_sent).await;
    assert!(
        texts_sent(&calls).contains("not available"),
        "{}",
        texts_sent(&calls)
    );
    assert!(texts_sent(&calls).contains("+7 727 266-61-50"));
    let commands = api.calls_of("setMyCommands");
    assert!(commands.iter().all(|c| {
        c.body["commands"]
            .as_array()
            .unwrap()
            .iter()
            .all(|cmd| cmd["command"] != json!("office"))
    }));
    // Text is the questionnaire's as ever, and nobody else hears of it.
    user.say("Hello", |calls| !calls.is_empty()).await;
    assert!(api.calls().iter().all(|c| c.chat_id() != Some(STAFF)));
}

#[tokio::test]
async fn consent_refused_sends_nothing() {
    let (api, _bot, _dir) = start_bot(&[STAFF_ENV, NO_LIMITS]).await;
    let user = api.user(4002, Some("en"));
    let result = consult(&user).await;
    let (screen, phone) = consent_screen(&user, &result).await;
    // What goes where, before anything goes.
    for phrase in [
        "our office in Almaty",
        "Citizenship: 🇷🇺 Russia",
        "Age: 40",
        "first name",
    ] {
        assert!(
            screen.text().contains(phrase),
            "{phrase:?}: {}",
            screen.text()
        );
    }
    assert_eq!(
        contact_button(&phone).unwrap()["text"],
        json!("📱 Send with my phone number")
    );
    let calls = user
        .press(&screen, "ho:no", sent_containing("Nothing was sent"))
        .await;
    let declined = calls.iter().find(|c| c.text().contains("Nothing")).unwrap();
    assert!(removes_keyboard(declined), "the phone button goes away");
    // Someone shares their number after all: still nothing without consent.
    let since = user.post(user.contact("+77011234567", 4002));
    api.wait_message(4002, since, "an answer to the contact", |_| true)
        .await;
    settle().await;
    // (The bot asks Telegram about the staff chat at start: `getChat` sends nothing.)
    assert!(
        api.calls()
            .iter()
            .all(|c| c.chat_id() != Some(STAFF) || c.method == "getchat"),
        "nothing reached the office"
    );
    // The menu offers /office where there is an office.
    let russian = api
        .calls_of("setMyCommands")
        .into_iter()
        .find(|c| c.body["language_code"] == json!("ru"))
        .unwrap();
    let names: Vec<&str> = russian.body["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 11, "{names:?}");
    let contacts = names.iter().position(|n| *n == "contacts").unwrap();
    assert_eq!(names[contacts + 1], "office");
}

#[tokio::test]
async fn the_card_reaches_the_office_with_the_answers_and_the_phone_only_when_shared() {
    let (api, _bot, _dir) = start_bot(&[STAFF_ENV, NO_LIMITS]).await;
    let user = api.user(4003, Some("en"));
    let (confirmation, card, reference) = consult_and_ask(&api, &user).await;
    assert!(removes_keyboard(&confirmation));
    assert!(
        confirmation.text().contains("/done"),
        "{}",
        confirmation.text()
    );
    assert!(confirmation.text().contains("+7 727 266-61-50"));
    // The office's language by default: Russian.
    let text = card.text();
    for phrase in [
        format!("Обращение {reference}"),
        "Tester".into(),
        "🇬🇧 English".into(),
        "almaty_office".into(),
        "Гражданство: 🇷🇺 Россия".into(),
        "Паспорт действителен до 10 июля 2027 года: документы на разрешение можно подать по 10 января 2027 года"
            .into(),
    ] {
        assert!(text.contains(&phrase), "{phrase:?} not in\n{text}");
    }
    assert!(!text.contains("Телефон"), "no phone unless shared:\n{text}");
    assert_eq!(card.buttons(), [format!("ho:close:{reference}")]);

    // Another applicant shares their own number with the phone button.
    let other = api.user(4004, Some("en"));
    let result = consult(&other).await;
    let (_, phone_offer) = consent_screen(&other, &result).await;
    assert!(contact_button(&phone_offer).is_some());
    // Somebody else's card from the address book is refused.
    let since = other.post(other.contact("+77770000000", 999));
    api.wait_message(4004, since, "the refusal", |c| {
        c.text().contains("not your own contact")
    })
    .await;
    let since = other.post(other.contact("+77011234567", 4004));
    let confirmation = api
        .wait_message(4004, since, "the confirmation", |c| {
            c.text().contains("Sent to the office")
        })
        .await;
    let reference = reference_in(confirmation.text());
    let card = api
        .wait_message(STAFF, since, "the card with the phone", |c| {
            c.text().contains(&reference)
        })
        .await;
    assert!(
        card.text().contains("Телефон: +77011234567"),
        "{}",
        card.text()
    );
    assert!(
        api.messages_to(STAFF, 0)
            .iter()
            .all(|c| !c.text().contains("+77770000000")),
        "a contact that is not the applicant's own never goes"
    );
}

#[tokio::test]
async fn staff_and_applicant_talk_through_the_bot_before_and_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let api = FakeApi::start().await;
    let env = [STAFF_ENV, NO_LIMITS, STAFF_IN_ENGLISH];
    let mut bot = BotProcess::spawn(&api, &data, &env);
    api.wait_polling().await;
    let user = api.user(4005, Some("en"));
    let staff = staff_member(&api, STAFF);
    let (_, card, reference) = consult_and_ask(&api, &user).await;

    // The applicant's next text goes to the office, marked with the reference.
    let since = user.post(json!({"text": "Can I bring a copy of my passport?"}));
    let relayed = api
        .wait_message(STAFF, since, "the question relayed", |c| {
            c.text().contains("Can I bring a copy")
        })
        .await;
    assert!(relayed.text().contains(&reference), "{}", relayed.text());
    assert!(relayed.text().contains("Tester"), "{}", relayed.text());
    assert_eq!(
        relayed.body["reply_parameters"]["message_id"],
        json!(card.message_id()),
        "as an answer to the card"
    );
    assert!(
        api.messages_to(4005, since).is_empty(),
        "not answered by the questionnaire"
    );
    // Acknowledged with a reaction once it is on record, never with a message.
    api.wait_for(
        REPLY_TIMEOUT,
        "the applicant's message acknowledged",
        |calls| {
            calls[since..]
                .iter()
                .any(|c| c.method == "setmessagereaction" && c.chat_id() == Some(4005))
        },
    )
    .await;

    // A staff member answers the card.
    let since =
        staff.post(json!({"text": "Bring the original, please.", "reply_to_message": card.result}));
    let answer = api
        .wait_message(4005, since, "the office's answer", |c| {
            c.text().contains("Bring the original")
        })
        .await;
    assert!(
        answer
            .text()
            .starts_with(&format!("💬 The office, request {reference}")),
        "{}",
        answer.text()
    );
    // Once on record, the staff's message gets its reaction (a kill before
    // that would send it to the applicant again after the restart).
    api.wait_for(REPLY_TIMEOUT, "the staff's message acknowledged", |calls| {
        calls[since..]
            .iter()
            .any(|c| c.method == "setmessagereaction" && c.chat_id() == Some(STAFF))
    })
    .await;

    // A restart: replies to the card and to relayed messages still reach the applicant.
    bot.kill();
    let mut bot = BotProcess::spawn(&api, &data, &env);
    let since = staff
        .post(json!({"text": "We are open on Saturday too.", "reply_to_message": relayed.result}));
    api.wait_message(4005, since, "an answer after the restart", |c| {
        c.text().contains("open on Saturday")
    })
    .await;
    let since = user.post(json!({"text": "Thank you!"}));
    api.wait_message(STAFF, since, "a reply after the restart", |c| {
        c.text().contains("Thank you!") && c.text().contains(&reference)
    })
    .await;

    // Media are not relayed, either way.
    let since = user
        .post(json!({"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]}));
    api.wait_message(4005, since, "the polite note", |c| {
        c.text().contains("bring documents to the office")
    })
    .await;
    let since = staff.post(json!({
        "document": {"file_id": "d", "file_unique_id": "d"},
        "reply_to_message": card.result,
    }));
    api.wait_message(STAFF, since, "the note to staff", |c| {
        c.text().contains("Only text is passed on")
    })
    .await;
    settle().await;
    assert!(
        api.messages_to(4005, since).is_empty(),
        "the staff's document did not reach the applicant"
    );
    // Staff chatter that answers nothing stays in the group.
    let since = staff.post(json!({"text": "Who takes this one?"}));
    settle().await;
    assert!(api.messages_to(4005, since).is_empty());
    assert!(
        api.messages_to(STAFF, since).is_empty(),
        "the bot says nothing in the group"
    );

    // Every relayed message is acknowledged with a reaction.
    api.wait_for(REPLY_TIMEOUT, "four reactions", |calls| {
        calls
            .iter()
            .filter(|c| c.method == "setmessagereaction")
            .count()
            >= 4
    })
    .await;
    bot.kill();
    let log = bot.log();
    for private in ["Can I bring", "Bring the original", "Thank you", "Tester"] {
        assert!(!log.contains(private), "{private:?} logged:\n{log}");
    }
    assert!(log.contains(&reference), "the reference is logged:\n{log}");
}

#[tokio::test]
async fn either_side_closes_the_request() {
    let (api, _bot, _dir) = start_bot(&[STAFF_ENV, NO_LIMITS, STAFF_IN_ENGLISH]).await;
    let user = api.user(4006, Some("en"));
    let staff = staff_member(&api, STAFF);
    let result = consult(&user).await;

    // The applicant: /done.
    let (confirmation, card) = open_request(&api, &user, &result).await;
    let reference = reference_in(confirmation.text());
    let since = api.call_count();
    user.say("/done", sent_containing("is closed")).await;
    api.wait_message(STAFF, since, "the note to staff", |c| {
        c.text()
            .contains(&format!("The applicant closed request {reference}"))
    })
    .await;
    api.wait_for(REPLY_TIMEOUT, "the card's Close button removed", |calls| {
        calls[since..].iter().any(|c| {
            c.method == "editmessagereplymarkup" && c.body["message_id"] == json!(card.message_id())
        })
    })
    .await;
    // Text is the questionnaire's again, and the office hears nothing more.
    let since = user.post(json!({"text": "Anything else?"}));
    api.wait_message(4006, since, "the questionnaire's answer", |_| true)
        .await;
    settle().await;
    assert!(api.messages_to(STAFF, since).is_empty());
    // A staff reply to the old card reaches nobody, and staff are told.
    let since = staff.post(json!({"text": "Hello?", "reply_to_message": card.result}));
    api.wait_message(STAFF, since, "not linked", |c| {
        c.text().contains("not linked to an open request")
    })
    .await;
    assert!(api.messages_to(4006, since).is_empty());

    // Staff: "Close" on the card.
    let (confirmation, card) = open_request(&api, &user, &result).await;
    let reference = reference_in(confirmation.text());
    let since = staff.post(json!({"text": "/start@kz_residence_test_bot"}));
    settle().await;
    assert!(
        api.messages_to(STAFF, since).is_empty() && api.messages_to(4006, since).is_empty(),
        "commands in the staff chat get no questionnaire"
    );
    let calls = staff
        .press(
            &card,
            &format!("ho:close:{reference}"),
            called("answercallbackquery"),
        )
        .await;
    assert!(!calls.is_empty());
    api.wait_message(4006, since, "the applicant told", |c| {
        c.text()
            .contains(&format!("The office has closed request {reference}"))
    })
    .await;
    api.wait_message(STAFF, since, "the staff told", |c| {
        c.text().contains(&format!("Request {reference} is closed"))
    })
    .await;
    // Pressed again (a second staff member): nothing happens twice.
    let since = api.call_count();
    staff
        .press(
            &card,
            &format!("ho:close:{reference}"),
            called("answercallbackquery"),
        )
        .await;
    settle().await;
    assert!(api.messages_to(4006, since).is_empty());
    let answer = api.calls_of("answerCallbackQuery").pop().unwrap();
    assert_eq!(
        answer.body["text"],
        json!("This button is no longer active.")
    );
}

#[tokio::test]
async fn forget_during_an_open_request_closes_it_tells_the_office_and_deletes_the_mapping() {
    let (api, mut bot, _dir) = start_bot(&[STAFF_ENV, NO_LIMITS, STAFF_IN_ENGLISH]).await;
    let user = api.user(4007, Some("en"));
    let staff = staff_member(&api, STAFF);
    let (_, card, reference) = consult_and_ask(&api, &user).await;
    let since = api.call_count();
    user.say("/forget", sent_containing("deleted")).await;
    api.wait_message(STAFF, since, "the withdrawal", |c| {
        c.text().contains(&format!(
            "The applicant withdrew: request {reference} is closed"
        ))
    })
    .await;
    let since = staff.post(json!({"text": "Are you there?", "reply_to_message": card.result}));
    api.wait_message(STAFF, since, "not linked", |c| {
        c.text().contains("not linked")
    })
    .await;
    assert!(api.messages_to(4007, since).is_empty());
    bot.kill();
    let store =
        kz_residence_bot::store::open(&bot.data_dir, kz_residence_bot::store::Durability::Flushed)
            .unwrap();
    assert_eq!(store.request(4007).unwrap(), None);
    assert_eq!(
        store
            .applicant_of_message(STAFF, card.message_id() as i32)
            .unwrap(),
        None
    );
    assert_eq!(store.applicant_of_reference(&reference).unwrap(), None);
    assert!(store.read(4007).unwrap().is_none());
}

#[tokio::test]
async fn a_look_alike_reply_in_another_group_reaches_no_applicant() {
    let (api, _bot, _dir) = start_bot(&[STAFF_ENV, NO_LIMITS, STAFF_IN_ENGLISH]).await;
    let user = api.user(4008, Some("en"));
    let (_, card, reference) = consult_and_ask(&api, &user).await;
    // Someone added the bot to another group and replies to a copy of the
    // card there: same message id, same text, another chat.
    let other_group = -1007777;
    let stranger = staff_member(&api, other_group);
    let mut copy = card.result.clone();
    copy["chat"] = json!({"id": other_group, "type": "supergroup", "title": "Elsewhere"});
    let since = stranger.post(json!({"text": "Send me your passport", "reply_to_message": copy}));
    // And presses a copy of its Close button.
    let mut copied_card = card.clone();
    copied_card.result = copy;
    stranger
        .press(
            &copied_card,
            &format!("ho:close:{reference}"),
            called("answercallbackquery"),
        )
        .await;
    settle().await;
    assert!(
        api.messages_to(4008, since).is_empty(),
        "nothing reached the applicant"
    );
    assert!(api.messages_to(other_group, since).is_empty());
    // The request is still open: the applicant's text still goes to the office.
    let since = user.post(json!({"text": "Still there?"}));
    api.wait_message(STAFF, since, "the request still open", |c| {
        c.text().contains("Still there?")
    })
    .await;
}

#[tokio::test]
async fn in_a_forum_each_request_gets_a_topic_and_posts_there_are_relayed() {
    let (api, _bot, _dir) = start_with_forum().await;
    let user = api.user(4009, Some("en"));
    let staff = staff_member(&api, STAFF);
    let (_, card, reference) = consult_and_ask(&api, &user).await;
    let topic = api.calls_of("createForumTopic").pop().expect("a topic");
    assert!(
        topic.body["name"].as_str().unwrap().starts_with(&reference),
        "{}",
        topic.body["name"]
    );
    let thread = topic.result["message_thread_id"].clone();
    assert_eq!(
        card.body["message_thread_id"], thread,
        "the card is in the topic"
    );
    // A post in the topic (Telegram makes it answer the topic's first message).
    let root = json!({
        "message_id": thread, "date": 0, "chat": card.result["chat"],
        "from": card.result["from"], "message_thread_id": thread, "is_topic_message": true,
        "forum_topic_created": {"name": reference, "icon_color": 7322096}
    });
    let since = staff.post(json!({
        "text": "Hello from the topic", "message_thread_id": thread,
        "is_topic_message": true, "reply_to_message": root,
    }));
    api.wait_message(4009, since, "the topic's post relayed", |c| {
        c.text().contains("Hello from the topic")
    })
    .await;
    // An administrator posting anonymously (as the group) is staff too;
    // another bot in the group is not.
    let since = staff.post(json!({
        "text": "Anonymous admin here", "message_thread_id": thread, "is_topic_message": true,
        "reply_to_message": root,
        "from": {"id": 1087968824, "is_bot": true, "first_name": "Group", "username": "GroupAnonymousBot"},
        "sender_chat": card.result["chat"],
    }));
    api.wait_message(4009, since, "the anonymous post relayed", |c| {
        c.text().contains("Anonymous admin here")
    })
    .await;
    let since = staff.post(json!({
        "text": "I am a bot", "reply_to_message": card.result,
        "from": {"id": 777, "is_bot": true, "first_name": "Other", "username": "other_bot"},
    }));
    settle().await;
    assert!(
        api.messages_to(4009, since).is_empty(),
        "another bot is not relayed"
    );
    let since = user.post(json!({"text": "Hello back"}));
    let relayed = api
        .wait_message(STAFF, since, "the answer in the topic", |c| {
            c.text().contains("Hello back")
        })
        .await;
    assert_eq!(relayed.body["message_thread_id"], thread);
    // Closing closes the topic too.
    let since = api.call_count();
    user.say("/done", sent_containing("is closed")).await;
    api.wait_for(REPLY_TIMEOUT, "closeForumTopic", |calls| {
        calls[since..].iter().any(|c| c.method == "closeforumtopic")
    })
    .await;
}

#[tokio::test]
async fn staff_are_told_when_the_applicant_has_blocked_the_bot() {
    let (api, _bot, _dir) = start_bot(&[STAFF_ENV, NO_LIMITS, STAFF_IN_ENGLISH]).await;
    let user = api.user(4010, Some("en"));
    let staff = staff_member(&api, STAFF);
    let (_, card, _) = consult_and_ask(&api, &user).await;
    api.set_fault(Some(std::sync::Arc::new(|method: &str, body: &Value| {
        (method == "sendmessage" && body["chat_id"] == json!(4010)).then(faults::forbidden_blocked)
    })));
    let since = staff.post(json!({"text": "Your card is ready", "reply_to_message": card.result}));
    api.wait_message(STAFF, since, "the note", |c| {
        c.text().contains("has blocked the bot")
    })
    .await;
}

#[tokio::test]
async fn a_request_open_longer_than_the_retention_period_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let clock = dir.path().join("clock");
    std::fs::write(&clock, "2026-11-24T06:00:00Z").unwrap();
    let env = [
        STAFF_ENV,
        NO_LIMITS,
        STAFF_IN_ENGLISH,
        ("BOT_TEST_ONLY_CLOCK_FILE", clock.to_str().unwrap()),
        ("BOT_RETENTION_DAYS", "30"),
    ];
    let (api, _bot, _data) = start_bot(&env).await;
    let user = api.user(4011, Some("en"));
    let (_, _, reference) = consult_and_ask(&api, &user).await;
    // 29 days on: still open.
    std::fs::write(&clock, "2026-12-23T06:00:00Z").unwrap();
    settle().await;
    let since = user.post(json!({"text": "Any news?"}));
    api.wait_message(STAFF, since, "still relayed", |c| {
        c.text().contains("Any news?")
    })
    .await;
    // 31 days on: closed, both sides told.
    let since = api.call_count();
    std::fs::write(&clock, "2026-12-25T06:00:00Z").unwrap();
    api.wait_message(STAFF, since, "the staff told", |c| {
        c.text().contains(&format!(
            "Request {reference} was open for more than 30 days"
        ))
    })
    .await;
    api.wait_message(4011, since, "the applicant told", |c| {
        c.text().contains("has been closed")
    })
    .await;
}

/// The office's side of weeks-long conversations on the real Telegram.

#[tokio::test]
async fn close_on_a_card_telegram_no_longer_holds_closes_the_request() {
    let (api, bot, _dir) = start_bot(&[STAFF_ENV, NO_LIMITS, STAFF_IN_ENGLISH]).await;
    let user = api.user(4101, Some("en"));
    let staff = staff_member(&api, STAFF);
    let (_, card, reference) = consult_and_ask(&api, &user).await;
    // Two days later the press carries only the card's chat and id.
    let since = api.call_count();
    staff
        .press_old(&card, &format!("ho:close:{reference}"), |_| true)
        .await;
    api.wait_message(4101, since, "the applicant told", |c| {
        c.text()
            .contains(&format!("The office has closed request {reference}"))
    })
    .await;
    api.wait_for(REPLY_TIMEOUT, "the card's button taken off", |calls| {
        calls[since..].iter().any(|c| {
            c.method == "editmessagereplymarkup" && c.body["message_id"] == json!(card.message_id())
        })
    })
    .await;
    let answer = api.calls_of("answerCallbackQuery").pop().unwrap();
    assert_ne!(
        answer.body["text"],
        json!("This button is no longer active.")
    );
    assert!(!bot.log().contains("a handler failed"), "{}", bot.log());
}

#[tokio::test]
async fn close_completes_and_both_sides_are_told_when_every_cosmetic_call_fails() {
    let (api, bot, _dir) = start_with_forum().await;
    let user = api.user(4102, Some("en"));
    let staff = staff_member(&api, STAFF);
    let (_, card, reference) = consult_and_ask(&api, &user).await;
    // The answer to the press comes too late, and nothing cosmetic is taken:
    // the button stays, the topic stays open, no reaction.
    api.set_fault(Some(Arc::new(|method: &str, _: &Value| match method {
        "answercallbackquery" => Some(faults::query_too_old()),
        "editmessagereplymarkup" | "editmessagetext" => Some(faults::cannot_edit()),
        "closeforumtopic" | "setmessagereaction" => {
            Some(faults::bad_request("Bad Request: not enough rights"))
        }
        _ => None,
    })));
    let since = api.call_count();
    staff
        .press(&card, &format!("ho:close:{reference}"), |_| true)
        .await;
    api.wait_message(4102, since, "the applicant told", |c| {
        c.text()
            .contains(&format!("The office has closed request {reference}"))
    })
    .await;
    api.wait_message(STAFF, since, "the staff told", |c| {
        c.text().contains(&format!("Request {reference} is closed"))
    })
    .await;
    // The applicant's next text is the questionnaire's: the request is closed for both.
    let since = user.post(json!({"text": "Anything else?"}));
    api.wait_message(4102, since, "the questionnaire's answer", |_| true)
        .await;
    settle().await;
    assert!(api.messages_to(STAFF, since).is_empty());
    assert!(
        !bot.log().contains("a handler failed"),
        "a cosmetic call failed a handler:\n{}",
        bot.log()
    );
}

#[tokio::test]
async fn with_a_request_open_an_edit_is_relayed_as_a_correction_both_ways() {
    let (api, _bot, _dir) = start_bot(&[STAFF_ENV, NO_LIMITS, STAFF_IN_ENGLISH]).await;
    let user = api.user(4103, Some("en"));
    let staff = staff_member(&api, STAFF);
    let (_, card, reference) = consult_and_ask(&api, &user).await;
    let question = user.message_json(json!({"text": "Can I come on Satruday?"}));
    let since = api.call_count();
    api.push(json!({"message": question.clone()}));
    api.wait_message(STAFF, since, "the question relayed", |c| {
        c.text().contains("Satruday")
    })
    .await;
    // The applicant corrects it: the office gets the correction.
    let since = user.edit(&question, "Can I come on Saturday?");
    let correction = api
        .wait_message(STAFF, since, "the correction relayed", |c| {
            c.text().contains("Can I come on Saturday?")
        })
        .await;
    assert!(
        correction.text().contains(&reference),
        "{}",
        correction.text()
    );
    assert!(
        correction.text().to_lowercase().contains("correct"),
        "marked as a correction: {}",
        correction.text()
    );
    settle().await;
    assert!(
        api.messages_to(4103, since).is_empty(),
        "no note about editing to the applicant"
    );
    // A staff member answers, then corrects the answer.
    let answer =
        staff.message_json(json!({"text": "Yes, from 10 to 14.", "reply_to_message": card.result}));
    let since = api.call_count();
    api.push(json!({"message": answer.clone()}));
    api.wait_message(4103, since, "the answer relayed", |c| {
        c.text().contains("from 10 to 14")
    })
    .await;
    let since = staff.edit(&answer, "Yes, from 10 to 13.");
    let correction = api
        .wait_message(4103, since, "the staff's correction relayed", |c| {
            c.text().contains("from 10 to 13")
        })
        .await;
    assert!(
        correction.text().contains(&reference),
        "{}",
        correction.text()
    );
    assert!(
        correction.text().to_lowercase().contains("correct"),
        "{}",
        correction.text()
    );
    // An edit of a staff message that was never relayed reaches nobody.
    let chatter = staff.message_json(json!({"text": "Lunch at one?"}));
    api.push(json!({"message": chatter.clone()}));
    let since = staff.edit(&chatter, "Lunch at two?");
    settle().await;
    assert!(api.messages_to(4103, since).is_empty());
    assert!(api.messages_to(STAFF, since).is_empty());
}

#[tokio::test]
async fn service_messages_and_albums_in_a_request_get_no_more_than_one_note() {
    let (api, _bot, _dir) = start_with_forum().await;
    let user = api.user(4104, Some("en"));
    let staff = staff_member(&api, STAFF);
    let (_, card, _) = consult_and_ask(&api, &user).await;
    let thread = card.body["message_thread_id"].as_i64().unwrap();
    // A message pinned in the request's topic, the topic renamed: Telegram's notes, not staff's words.
    let since = api.call_count();
    for kind in staff.service_messages() {
        staff.post(in_topic(thread, kind));
    }
    // Then an album in the topic: one note, not one a photo.
    for i in 0..3 {
        let photo = json!([{"file_id": format!("s{i}"), "file_unique_id": format!("us{i}"), "width": 8, "height": 6}]);
        staff.post(in_topic(
            thread,
            json!({"photo": photo, "media_group_id": "staff-album"}),
        ));
    }
    staff.post(in_topic(thread, json!({"text": "Marker"})));
    api.wait_message(4104, since, "the marker relayed", |c| {
        c.text().contains("Marker")
    })
    .await;
    let notes: Vec<Call> = api
        .messages_to(STAFF, since)
        .into_iter()
        .filter(|c| c.text().contains("Only text is passed on"))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(api.messages_to(4104, since).len() == 1, "only the marker");
    // The applicant's album: one note.
    let since = user.album(3);
    user.post(json!({"text": "Marker two"}));
    api.wait_message(STAFF, since, "the second marker", |c| {
        c.text().contains("Marker two")
    })
    .await;
    let notes = api
        .messages_to(4104, since)
        .into_iter()
        .filter(|c| c.text().contains("I pass on only the text"))
        .count();
    assert_eq!(notes, 1);
}

#[tokio::test]
async fn a_staff_group_upgraded_to_a_supergroup_is_followed() {
    // A basic group (its id has no -100 prefix) that Telegram upgrades.
    const OLD: i64 = -4242;
    const NEW: i64 = -1004242;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let api = FakeApi::start().await;
    let env = [("BOT_STAFF_CHAT", "-4242"), NO_LIMITS, STAFF_IN_ENGLISH];
    let mut bot = BotProcess::spawn(&api, &data, &env);
    api.wait_polling().await;
    let user = api.user(4105, Some("en"));
    let result = consult(&user).await;
    let (screen, _) = consent_screen(&user, &result).await;
    let since = api.call_count();
    user.press(&screen, "ho:send", sent_containing("Sent to the office"))
        .await;
    let reference = reference_in(&texts_sent(&user.calls_since(since)));
    api.wait_message(OLD, since, "the card", |c| c.text().contains(&reference))
        .await;
    api.migrate_group(OLD, NEW);
    // The request goes on in the supergroup: a note there to reply to.
    let continued = api
        .wait_message(NEW, since, "the request continued in the supergroup", |c| {
            c.text().contains(&reference)
        })
        .await;
    let since = user.post(json!({"text": "Is anyone there?"}));
    let relayed = api
        .wait_message(NEW, since, "the text relayed to the new id", |c| {
            c.text().contains("Is anyone there?")
        })
        .await;
    assert!(relayed.text().contains(&reference));
    assert!(
        !texts_sent(&user.calls_since(since)).contains("did not reach"),
        "{}",
        texts_sent(&user.calls_since(since))
    );
    let staff = staff_member(&api, NEW);
    let since = staff.post(json!({"text": "Yes, we are.", "reply_to_message": continued.result}));
    api.wait_message(4105, since, "the answer from the supergroup", |c| {
        c.text().contains("Yes, we are.")
    })
    .await;
    assert!(
        bot.log().contains(&NEW.to_string()),
        "the log says where the staff chat went:\n{}",
        bot.log()
    );
    // Both relays recorded (each acknowledged with a reaction after it is
    // on disk) before the bot is killed: a kill in between would lose the
    // link from the relayed message to the request, which is not what this
    // test is about.
    let reactions_from = |chat: i64| {
        move |calls: &[Call]| {
            calls.iter().any(|c| {
                c.method == "setmessagereaction" && c.body["chat_id"].as_i64() == Some(chat)
            })
        }
    };
    api.wait_for(
        Duration::from_secs(10),
        "the applicant's text recorded",
        reactions_from(4105),
    )
    .await;
    api.wait_for(
        Duration::from_secs(10),
        "the staff's answer recorded",
        reactions_from(NEW),
    )
    .await;
    // Restarted with the old id still set: the bot finds the new one itself.
    bot.kill();
    let bot = BotProcess::spawn(&api, &data, &env);
    let since = api.call_count();
    api.wait_polling().await;
    let since_text = user.post(json!({"text": "After the restart"}));
    api.wait_message(NEW, since_text, "relayed after the restart", |c| {
        c.text().contains("After the restart")
    })
    .await;
    let since_reply =
        staff.post(json!({"text": "Still here.", "reply_to_message": relayed.result}));
    api.wait_message(4105, since_reply, "staff heard after the restart", |c| {
        c.text().contains("Still here.")
    })
    .await;
    assert!(since <= since_text);
    drop(bot);
}
