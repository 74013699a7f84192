//! The Telegram of today against a library that knows the Bot API of July
//! 2025: the updates in `tests/bot_api_corpus/` (shaped as the Bot API
//! reference documents them, several unknown to teloxide-core 0.13) read
//! as the person meant them, by the real bot through the fake Bot API;
//! what teloxide-core 0.13 alone makes of each (so a newer teloxide that
//! reads them shows here); and, by property, that a field or a value
//! Telegram adds in the places the bot reads leaves what it reads alone.

use std::path::PathBuf;

use axum::response::IntoResponse;
use kz_residence_bot::questions::Question;
use kz_residence_bot::telegram::newer_bot_api::{self, message_of};
use proptest::prelude::*;
use serde_json::{Value, json};
use teloxide::types::{MediaKind, Message, MessageCommon, MessageKind, Update, UpdateKind};

use crate::fake_api::*;
use crate::helpers;

/// One file of the corpus (see its README).
struct Entry {
    file: String,
    teloxide_core_0_13: String,
    expect: String,
    update: Option<Value>,
    get_me: Option<Value>,
}

fn corpus() -> Vec<Entry> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bot_api_corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let entry: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let text = |key: &str| {
                entry[key]
                    .as_str()
                    .unwrap_or_else(|| panic!("{key} in {}", path.display()))
                    .to_string()
            };
            Entry {
                file: path.file_name().unwrap().to_string_lossy().into(),
                teloxide_core_0_13: text("teloxide_core_0_13"),
                expect: text("expect"),
                update: entry.get("update").cloned(),
                get_me: entry.get("get_me").cloned(),
            }
        })
        .collect()
}

/// `reads`, `empty` or `drops`, as the corpus says it.
fn what_teloxide_makes_of(update: &Update) -> &'static str {
    match message_of(update) {
        _ if matches!(update.kind, UpdateKind::Error(_)) => "drops",
        Some(message) if matches!(message.kind, MessageKind::Empty {}) => "empty",
        _ => "reads",
    }
}

#[test]
fn what_the_corpus_says_of_teloxide_core_0_13_holds_and_the_bot_reads_all_it_asks_for() {
    let entries = corpus();
    assert!(entries.len() >= 12, "{} files", entries.len());
    for entry in &entries {
        if let Some(answer) = &entry.get_me {
            let alone = serde_json::from_value::<teloxide::types::Me>(answer.clone());
            assert_eq!(
                (
                    entry.file.as_str(),
                    if alone.is_ok() { "reads" } else { "drops" }
                ),
                (entry.file.as_str(), entry.teloxide_core_0_13.as_str())
            );
            assert!(newer_bot_api::me(answer.clone()).is_ok(), "{}", entry.file);
            continue;
        }
        let raw = entry.update.clone().expect(&entry.file);
        // As teloxide reads getUpdates: from the text.
        let alone: Update = serde_json::from_str(&raw.to_string()).unwrap();
        assert_eq!(
            (entry.file.as_str(), what_teloxide_makes_of(&alone)),
            (entry.file.as_str(), entry.teloxide_core_0_13.as_str())
        );
        match newer_bot_api::update(raw) {
            Ok(read) => assert_eq!(what_teloxide_makes_of(&read), "reads", "{}", entry.file),
            // Only a kind the bot never asks for may stay unread.
            Err(unread) => {
                assert_eq!(entry.expect, "ignored", "{}: {unread:?}", entry.file);
                assert!(unread.ignored.is_some(), "{}: {unread:?}", entry.file);
                assert_eq!(unread.update, Some(1), "{}", entry.file);
            }
        }
    }
}

/// What the bot reads of an update: the handlers' every use of it.
fn reading(update: &Update) -> Value {
    let user = |u: Option<&teloxide::types::User>| {
        u.map(|u| json!([u.id.0, u.is_bot, u.first_name, u.language_code]))
    };
    let entities = |list: Option<&[teloxide::types::MessageEntity]>| {
        list.map(|list| {
            list.iter()
                .map(|e| json!([format!("{:?}", e.kind), e.offset, e.length]))
                .collect::<Vec<_>>()
        })
    };
    let message = |m: &Message| {
        let media = match &m.kind {
            MessageKind::Common(MessageCommon { media_kind, .. }) => match media_kind {
                MediaKind::Text(_) => "text",
                MediaKind::Photo(_) => "photo",
                MediaKind::Sticker(_) => "sticker",
                MediaKind::Contact(_) => "contact",
                MediaKind::Migration(_) => "migration",
                _ => "other media",
            },
            MessageKind::Empty {} => "empty",
            _ => "service or other",
        };
        json!({
            "id": m.id.0, "chat": m.chat.id.0, "private": m.chat.is_private(),
            "from": user(m.from.as_ref()), "sender_chat": m.sender_chat.as_ref().map(|c| c.id.0),
            "topic": m.thread_id.filter(|_| m.is_topic_message).map(|t| t.0.0),
            "text": m.text(), "entities": entities(m.entities()),
            "caption": m.caption(), "caption_entities": entities(m.caption_entities()),
            "media": media, "album": m.media_group_id().map(|g| g.0.clone()),
            "forwarded": m.forward_origin().is_some(),
            "contact": m.contact().map(|c| json!([c.phone_number, c.user_id.map(|u| u.0)])),
            "reply_to": m.reply_to_message().map(|r| json!([r.id.0, r.from.as_ref().map(|u| u.id.0), r.text()])),
            "migrate": [m.migrate_to_chat_id().map(|c| c.0), m.migrate_from_chat_id().map(|c| c.0)],
        })
    };
    let kind = match &update.kind {
        UpdateKind::CallbackQuery(q) => json!({
            "press": q.id.0, "from": user(Some(&q.from)), "data": q.data,
            "on": q.message.as_ref().map(|m| json!([m.id().0, m.chat().id.0, m.chat().is_private(), m.regular_message().is_none()])),
        }),
        UpdateKind::InlineQuery(q) => {
            json!({"inline": q.id.0, "from": user(Some(&q.from)), "query": q.query})
        }
        UpdateKind::Error(_) => json!("unread"),
        _ => match message_of(update) {
            Some(m) => message(m),
            None => json!("another kind"),
        },
    };
    json!({"update": update.id.0, "kind": kind})
}

fn read(raw: &Value) -> Value {
    match newer_bot_api::update(raw.clone()) {
        Ok(update) => reading(&update),
        Err(_) => json!("unread"),
    }
}

/// The corpus' updates the bot reads, as bases for the properties.
fn bases() -> Vec<Value> {
    corpus()
        .into_iter()
        .filter(|entry| entry.expect != "ignored")
        .filter_map(|entry| entry.update)
        .collect()
}

/// The paths (JSON pointers) of every object in `value`.
fn objects(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            out.push(at.clone());
            for (key, inner) in fields {
                objects(inner, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                objects(inner, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[a-z0-9 _]{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A field name Telegram has never used ("later_…"): anything it may add.
fn new_field() -> impl Strategy<Value = String> {
    "[a-z]{2,8}(_[a-z]{2,8})?".prop_map(|name| format!("later_{name}"))
}

/// A value Telegram has never used for a type.
fn new_type() -> impl Strategy<Value = String> {
    "[a-z]{3,10}".prop_map(|name| format!("later_{name}"))
}

proptest! {
    #![proptest_config(helpers::proptest_config(256))]

    #[test]
    fn a_new_field_anywhere_leaves_what_the_bot_reads_alone(
        base in prop::sample::select(bases()),
        place in any::<prop::sample::Index>(),
        field in new_field(),
        value in any_json(),
    ) {
        let before = read(&base);
        let mut places = Vec::new();
        objects(&base, String::new(), &mut places);
        let at = place.get(&places).clone();
        let mut changed = base.clone();
        changed.pointer_mut(&at).unwrap()[field.as_str()] = value;
        prop_assert_eq!(read(&changed), before, "at {:?}", at);
    }

    #[test]
    fn an_entity_of_a_new_type_leaves_what_the_bot_reads_alone(
        base in prop::sample::select(bases()),
        kind in new_type(),
        position in any::<prop::sample::Index>(),
        offset in 0usize..12,
        extra in any_json(),
    ) {
        let before = read(&base);
        let mut changed = base.clone();
        let Some(message) = ["/message", "/callback_query/message"]
            .into_iter()
            .find(|at| base.pointer(at).is_some())
            .and_then(|at| changed.pointer_mut(at))
        else {
            return Ok(());
        };
        let list = if message.get("caption").is_some() { "caption_entities" } else { "entities" };
        let entities = message
            .as_object_mut()
            .unwrap()
            .entry(list)
            .or_insert(json!([]))
            .as_array_mut()
            .unwrap();
        let entity = json!({"type": kind, "offset": offset, "length": 1, "later_detail": extra});
        entities.insert(position.index(entities.len() + 1), entity);
        prop_assert_eq!(read(&changed), before);
    }

    #[test]
    fn a_new_kind_of_forward_origin_sticker_or_group_leaves_what_the_bot_reads_alone(
        base in prop::sample::select(bases()),
        kind in new_type(),
    ) {
        let before = read(&base);
        let mut changed = base.clone();
        let mut touched = false;
        for place in ["/message/forward_origin", "/message/external_reply/origin", "/message/sticker"] {
            if let Some(part) = changed.pointer_mut(place) {
                part["type"] = json!(kind);
                touched = true;
            }
        }
        // A group's type (never a private chat's: an unknown type is never read as private).
        if let Some(chat) = changed.pointer_mut("/message/chat")
            && chat["type"] != "private"
        {
            chat["type"] = json!(kind);
            touched = true;
        }
        prop_assume!(touched);
        prop_assert_eq!(read(&changed), before);
    }
}

#[test]
fn an_unknown_chat_type_is_never_read_as_a_private_chat() {
    let mut raw = corpus()
        .into_iter()
        .find(|entry| entry.file == "date_time_in_text.json")
        .and_then(|entry| entry.update)
        .unwrap();
    raw["message"]["chat"]["type"] = json!("later_private");
    let reading = read(&raw);
    assert_eq!(reading["kind"]["private"], json!(false), "{reading}");
    assert_eq!(reading["kind"]["text"], json!("10.07.2027"), "{reading}");
}

/// A corpus update made this user's: their chat and id for 7001 (and
/// their group for -1007001), a fresh message id and date, the pressed
/// message's id and text from `question`.
fn for_user(raw: &Value, user: &TestUser, question: Option<&Call>) -> Value {
    fn ids(value: &mut Value, user: i64) {
        match value {
            Value::Object(fields) => {
                for (key, inner) in fields.iter_mut() {
                    match (key.as_str(), inner.as_i64()) {
                        ("id" | "user_id", Some(7001)) => *inner = json!(user),
                        ("id", Some(-1007001)) => *inner = json!(-1_000_000 - user),
                        _ => ids(inner, user),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|inner| ids(inner, user)),
            _ => {}
        }
    }
    let mut update = raw.clone();
    ids(&mut update, user.user_id);
    let fields = update.as_object_mut().unwrap();
    fields.remove("update_id");
    if let Some(message) = fields.get_mut("message") {
        let fresh = user.message_json(json!({}));
        message["message_id"] = fresh["message_id"].clone();
        message["date"] = fresh["date"].clone();
    }
    if let Some(pressed) = fields
        .get_mut("callback_query")
        .and_then(|q| q.get_mut("message"))
        && let Some(question) = question
    {
        pressed["message_id"] = json!(question.message_id());
        pressed["text"] = json!(question.text());
    }
    update
}

/// A consultation in English on the shared route, up to the income question.
async fn to_the_income_question(user: &TestUser) -> Call {
    let mut question = last_question(&user.say("/start", question_sent).await);
    for (_, answer) in helpers::ADULT_RUSSIAN_ROUTE
        .iter()
        .take_while(|(asked, _)| *asked != Question::Solvency)
    {
        let calls = match answer.starts_with("a:") {
            true => helpers::press(user, &question, answer).await,
            false => user.say(answer, question_sent).await,
        };
        question = last_question(&calls);
    }
    assert!(
        question.buttons().iter().any(|b| b == "a:solvency:own"),
        "{}",
        question.text()
    );
    question
}

const NOT_AN_ANSWER: &str = "I can only read text and button presses";
const EXPIRY_QUESTION: &str = "When does your passport expire?";

/// One corpus update through the real bot, as `expect` says it is meant.
async fn read_as_meant(entry: Entry, user: TestUser) {
    let raw = entry.update.unwrap();
    let file = entry.file;
    if entry.expect == "group_command" {
        let group = TestUser {
            chat_id: -1_000_000 - user.user_id,
            ..user
        };
        let update = for_user(&raw, &group, None);
        let calls = group
            .act(update, sent_containing("Our office will help"))
            .await;
        let reply = calls
            .iter()
            .find(|c| c.text().contains("Our office will help"))
            .unwrap();
        assert_eq!(
            reply.body["message_thread_id"],
            json!(9),
            "{file}: in the command's topic"
        );
        return;
    }
    if entry.expect == "ignored" {
        let since = user.api.call_count();
        user.api.push(for_user(&raw, &user, None));
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        let calls = user.calls_since(since);
        assert!(calls.is_empty(), "{file}: {calls:?}");
        return;
    }
    let income = to_the_income_question(&user).await;
    if entry.expect == "press" {
        let update = for_user(&raw, &user, Some(&income));
        let calls = user.act(update, sent_containing(EXPIRY_QUESTION)).await;
        assert!(!texts_sent(&calls).contains(NOT_AN_ANSWER), "{file}");
        return;
    }
    let calls = user
        .press(&income, "a:solvency:own", sent_containing(EXPIRY_QUESTION))
        .await;
    let expiry = last_question(&calls);
    let update = for_user(&raw, &user, Some(&expiry));
    match entry.expect.as_str() {
        "answer" | "answer_in_topic" => {
            let calls = user.act(update, sent_with_button("sum:go")).await;
            assert!(
                !texts_sent(&calls).contains(NOT_AN_ANSWER),
                "{file}: {}",
                texts_sent(&calls)
            );
            if entry.expect == "answer_in_topic" {
                let summary = calls
                    .iter()
                    .find(|c| c.buttons().iter().any(|b| b == "sum:go"))
                    .unwrap();
                assert_eq!(
                    summary.body["message_thread_id"],
                    json!(5),
                    "{file}: in the message's topic"
                );
            }
        }
        "not_an_answer" => {
            let calls = user
                .act(update, |calls| {
                    texts_sent(calls).contains(NOT_AN_ANSWER)
                        && texts_sent(calls).contains(EXPIRY_QUESTION)
                })
                .await;
            assert!(
                !calls
                    .iter()
                    .any(|c| c.buttons().iter().any(|b| b == "sum:go")),
                "{file}"
            );
        }
        other => panic!("{file}: no such expectation {other}"),
    }
}

#[tokio::test]
async fn every_update_of_the_corpus_is_read_by_the_bot_as_the_person_meant_it() {
    let (api, bot, _dir) = start_bot(&[("BOT_RATE_LIMIT", "off")]).await;
    let mut running = Vec::new();
    for (n, entry) in corpus()
        .into_iter()
        .filter(|e| e.update.is_some())
        .enumerate()
    {
        let user = api.user(7101 + n as i64, Some("en"));
        running.push((entry.file.clone(), tokio::spawn(read_as_meant(entry, user))));
    }
    let mut misread = Vec::new();
    for (file, done) in running {
        if done.await.is_err() {
            misread.push(file);
        }
    }
    assert!(misread.is_empty(), "misread: {misread:?}");
    let log = bot.log();
    assert!(!log.contains("dropped an update"), "{log}");
    assert!(
        log.contains("an update of kind managed_bot, unknown to teloxide-core 0.13, is ignored"),
        "{log}"
    );
    // Said once per kind, by update and chat id only.
    assert_eq!(
        log.matches("an entity of type date_time").count(),
        1,
        "{log}"
    );
    assert!(!log.contains("10.07.2027"), "{log}");
}

#[tokio::test]
async fn the_bot_starts_on_every_get_me_answer_of_the_corpus() {
    for entry in corpus().into_iter().filter(|e| e.get_me.is_some()) {
        let answer = entry.get_me.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let api = FakeApi::start().await;
        api.set_fault(Some(std::sync::Arc::new(move |method: &str, _: &Value| {
            (method == "getme")
                .then(|| axum::Json(json!({"ok": true, "result": answer.clone()})).into_response())
        })));
        let mut bot = BotProcess::spawn(&api, &dir.path().join("data"), &[]);
        api.wait_for(
            std::time::Duration::from_secs(20),
            "the first getUpdates",
            |calls| calls.iter().any(|c| c.method == "getupdates"),
        )
        .await;
        let user = api.user(7201, Some("en"));
        user.say("/start", question_sent).await;
        assert_eq!(bot.try_wait(), None, "{}: {}", entry.file, bot.log());
    }
}
