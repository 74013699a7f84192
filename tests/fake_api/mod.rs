//! A fake Telegram Bot API on 127.0.0.1: real HTTP, real JSON. It queues
//! updates for `getUpdates`, answers every method the bot calls, and
//! records the calls so tests can read what the bot said.
#![allow(dead_code)]

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::Notify;

pub const TOKEN: &str = "123456789:TEST_token_for_the_fake_api_only";
pub const BOT_USERNAME: &str = "kz_residence_test_bot";
pub const BOT_ID: i64 = 123456789;

/// One call the bot made.
#[derive(Clone, Debug)]
pub struct Call {
    /// Lower case: `sendmessage`.
    pub method: String,
    pub body: Value,
    /// For sent messages, the message as returned to the bot.
    pub result: Value,
    /// When the server took the call.
    pub at: Instant,
    /// Files sent with it (sendPhoto, sendDocument), by the field that names them.
    pub uploads: Vec<Upload>,
}

/// A file part of a multipart request, as bytes.
#[derive(Clone, Debug)]
pub struct Upload {
    /// The method's field the file is for (`photo`), resolved from `attach://…`.
    pub field: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Call {
    pub fn chat_id(&self) -> Option<i64> {
        self.body.get("chat_id").and_then(Value::as_i64)
    }
    pub fn text(&self) -> &str {
        self.body.get("text").and_then(Value::as_str).unwrap_or("")
    }
    /// Callback data of every inline button, row by row flattened.
    pub fn buttons(&self) -> Vec<String> {
        self.body
            .pointer("/reply_markup/inline_keyboard")
            .and_then(Value::as_array)
            .map(|rows| {
                rows.iter()
                    .flat_map(|r| r.as_array().cloned().unwrap_or_default())
                    .filter_map(|b| {
                        b.get("callback_data")
                            .and_then(Value::as_str)
                            .map(String::from)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
    /// A caption, for photos and documents.
    pub fn caption(&self) -> &str {
        self.body
            .get("caption")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    /// The file sent for `field` (`photo`, `document`).
    pub fn upload(&self, field: &str) -> Option<&Upload> {
        self.uploads.iter().find(|u| u.field == field)
    }
    pub fn message_id(&self) -> i64 {
        self.result
            .get("message_id")
            .and_then(Value::as_i64)
            .unwrap_or(0)
    }
}

/// A fault the server injects instead of answering normally.
pub type FaultFn = dyn Fn(&str, &Value) -> Option<Response> + Send + Sync;
/// Which calls Telegram takes (records) and then loses the answer to.
pub type LoseFn = dyn Fn(&str, &Value) -> bool + Send + Sync;

#[derive(Default)]
struct Inner {
    /// The webhook set with setWebhook, "" for none.
    webhook_url: String,
    next_update_id: i64,
    next_message_id: i64,
    pending: VecDeque<Value>,
    calls: Vec<Call>,
    /// Supergroups with topics (forums).
    forums: HashSet<i64>,
    /// Groups upgraded to supergroups: the old id, and the new one every
    /// call to the old one is refused with.
    migrated: std::collections::HashMap<i64, i64>,
    /// Business connections by id: the `BusinessConnection` Telegram gives.
    business: std::collections::HashMap<String, Value>,
    /// When each client last wrote in a business chat (connection, chat):
    /// Telegram lets the bot send for the account only within 24 hours of it.
    client_wrote: std::collections::HashMap<(String, i64), i64>,
    /// The messages the bot sent for an account, by connection.
    sent_for_account: HashSet<(String, i64)>,
}

struct Shared {
    inner: Mutex<Inner>,
    /// Methods (lower case) that are taken and not answered while listed:
    /// Telegram stuck, or slow.
    stalled: Mutex<std::collections::HashSet<String>>,
    updates: Notify,
    calls_changed: Notify,
    fault: Mutex<Option<Arc<FaultFn>>>,
    lose_answer: Mutex<Option<Arc<LoseFn>>>,
}

#[derive(Clone)]
pub struct FakeApi {
    pub url: String,
    shared: Arc<Shared>,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "Residence", "username": BOT_USERNAME})
}

fn chat_json(chat_id: i64) -> Value {
    chat_json_of(chat_id, false)
}

fn chat_json_of(chat_id: i64, forum: bool) -> Value {
    if chat_id < 0 {
        let mut chat = json!({"id": chat_id, "type": "supergroup", "title": "Test group"});
        if forum {
            chat["is_forum"] = json!(true);
        }
        chat
    } else {
        json!({"id": chat_id, "type": "private", "first_name": "Tester"})
    }
}

impl FakeApi {
    pub async fn start() -> FakeApi {
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner {
                next_update_id: 1,
                next_message_id: 1000,
                ..Inner::default()
            }),
            stalled: Default::default(),
            updates: Notify::new(),
            calls_changed: Notify::new(),
            fault: Mutex::new(None),
            lose_answer: Mutex::new(None),
        });
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeApi {
            url: format!("http://{addr}/"),
            shared,
        }
    }

    /// Makes the server answer with `fault` while it returns `Some`.
    pub fn set_fault(&self, fault: Option<Arc<FaultFn>>) {
        *self.shared.fault.lock().unwrap() = fault;
    }

    /// Queues an update; `kind` is e.g. `{"message": {...}}`. Returns its id.
    pub fn push(&self, kind: Value) -> i64 {
        let id = {
            let mut inner = self.shared.inner.lock().unwrap();
            let id = inner.next_update_id;
            inner.next_update_id += 1;
            let mut update = kind;
            update["update_id"] = json!(id);
            inner.pending.push_back(update);
            id
        };
        self.shared.updates.notify_waiters();
        id
    }

    /// Makes the server take (record) the calls `lose` picks, as Telegram
    /// would, and then drop the connection before answering.
    pub fn set_lose_answer(&self, lose: Option<Arc<LoseFn>>) {
        *self.shared.lose_answer.lock().unwrap() = lose;
    }

    /// While `stalled`, calls of `method` are recorded but not answered.
    pub fn stall(&self, method: &str, stalled: bool) {
        let mut methods = self.shared.stalled.lock().unwrap();
        match stalled {
            true => methods.insert(method.to_ascii_lowercase()),
            false => methods.remove(&method.to_ascii_lowercase()),
        };
    }

    /// How many updates `getUpdates` has handed out so far.
    pub fn updates_handed_out(&self) -> usize {
        self.calls_of("getUpdates")
            .iter()
            .map(|c| c.result.as_u64().unwrap_or(0) as usize)
            .sum()
    }

    /// Numbers the next updates from `id` on, as Telegram does after a week
    /// without updates ("chosen randomly instead of sequentially").
    pub fn set_next_update_id(&self, id: i64) {
        self.shared.inner.lock().unwrap().next_update_id = id;
    }

    /// Queues a whole update as given, its `update_id` included: Telegram
    /// sending again an update it did not see confirmed.
    pub fn redeliver(&self, update: Value) {
        self.shared.inner.lock().unwrap().pending.push_back(update);
        self.shared.updates.notify_waiters();
    }

    /// The ids of the updates Telegram still holds: not yet confirmed by a
    /// `getUpdates` with a higher offset (handed out or not).
    pub fn pending_update_ids(&self) -> Vec<i64> {
        let inner = self.shared.inner.lock().unwrap();
        inner
            .pending
            .iter()
            .filter_map(|u| u["update_id"].as_i64())
            .collect()
    }

    pub fn calls(&self) -> Vec<Call> {
        self.shared.inner.lock().unwrap().calls.clone()
    }

    /// Upgrades the group `old` to the supergroup `new`, as Telegram does:
    /// the old group gets a service message naming the new id, the new
    /// supergroup one naming the old, and from then on every call for the
    /// old id is refused (400) with `migrate_to_chat_id`.
    pub fn migrate_group(&self, old: i64, new: i64) {
        self.shared.inner.lock().unwrap().migrated.insert(old, new);
        let admin = json!({"id": 501, "is_bot": false, "first_name": "Admin"});
        self.push(json!({"message": {
            "message_id": 9001, "date": now(), "from": admin,
            "chat": {"id": old, "type": "group", "title": "Test group"},
            "migrate_to_chat_id": new,
        }}));
        self.push(json!({"message": {
            "message_id": 1, "date": now(), "from": admin,
            "chat": chat_json(new),
            "migrate_from_chat_id": old,
        }}));
    }

    /// Makes a group a forum: `getChat` says so, and topics can be created.
    pub fn make_forum(&self, chat_id: i64) {
        self.shared.inner.lock().unwrap().forums.insert(chat_id);
    }

    fn is_forum(&self, chat_id: i64) -> bool {
        self.shared.inner.lock().unwrap().forums.contains(&chat_id)
    }

    /// Messages sent to `chat` after call number `since`.
    pub fn messages_to(&self, chat: i64, since: usize) -> Vec<Call> {
        self.calls()[since..]
            .iter()
            .filter(|c| c.method == "sendmessage" && c.chat_id() == Some(chat))
            .cloned()
            .collect()
    }

    /// Waits for a message to `chat` after call `since` that `matches`; returns it.
    pub async fn wait_message(
        &self,
        chat: i64,
        since: usize,
        what: &str,
        matches: impl Fn(&Call) -> bool,
    ) -> Call {
        self.wait_for(REPLY_TIMEOUT, what, |calls| {
            calls[since..]
                .iter()
                .any(|c| c.method == "sendmessage" && c.chat_id() == Some(chat) && matches(c))
        })
        .await;
        self.messages_to(chat, since)
            .into_iter()
            .find(|c| matches(c))
            .unwrap()
    }

    pub fn call_count(&self) -> usize {
        self.shared.inner.lock().unwrap().calls.len()
    }

    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        let method = method.to_ascii_lowercase();
        self.calls()
            .into_iter()
            .filter(|c| c.method == method)
            .collect()
    }

    /// Waits until `done` holds for the calls so far; panics after `timeout`.
    pub async fn wait_for(&self, timeout: Duration, what: &str, done: impl Fn(&[Call]) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            let notified = self.shared.calls_changed.notified();
            if done(&self.shared.inner.lock().unwrap().calls) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                let calls = self.calls();
                let tail: Vec<_> = calls
                    .iter()
                    .rev()
                    .take(8)
                    .map(|c| (&c.method, c.text()))
                    .collect();
                panic!("timed out waiting for {what}; last calls: {tail:?}");
            }
            let _ = tokio::time::timeout(left.min(Duration::from_millis(200)), notified).await;
        }
    }

    /// Waits until the bot polls for updates (it is up and listening).
    pub async fn wait_polling(&self) {
        self.wait_for(Duration::from_secs(20), "the first getUpdates", |calls| {
            calls.iter().any(|c| c.method == "getupdates")
        })
        .await;
    }

    pub fn user(&self, chat_id: i64, language_code: Option<&str>) -> TestUser {
        TestUser {
            api: self.clone(),
            chat_id,
            user_id: chat_id.abs(),
            language_code: language_code.map(String::from),
        }
    }
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A part header's parameter: `name="photo"` → `photo`.
fn header_param(head: &str, param: &str) -> Option<String> {
    let start = head.find(&format!("{param}=\""))? + param.len() + 2;
    let rest = &head[start..];
    Some(rest[..rest.find('"')?].to_string())
}

/// A multipart/form-data body (teloxide sends methods that may carry a file
/// that way): its text fields, and its files as bytes. teloxide names a file
/// part by a random id and puts `attach://id` in the method's field.
fn multipart(content_type: &str, body: &[u8]) -> Option<(Value, Vec<Upload>)> {
    let boundary = content_type.split("boundary=").nth(1)?.trim_matches('"');
    let delimiter = format!("--{boundary}").into_bytes();
    let mut fields = serde_json::Map::new();
    let mut files: Vec<Upload> = Vec::new();
    let mut rest = &body[find(body, &delimiter)? + delimiter.len()..];
    while let Some(end) = find(rest, &delimiter) {
        let part = &rest[..end];
        rest = &rest[end + delimiter.len()..];
        let Some(split) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&part[..split]);
        let value = &part[split + 4..];
        let value = value.strip_suffix(b"\r\n").unwrap_or(value);
        let Some(name) = header_param(&head, "name") else {
            continue;
        };
        match header_param(&head, "filename") {
            Some(file_name) => files.push(Upload {
                field: name,
                file_name,
                bytes: value.to_vec(),
            }),
            None => {
                let text = String::from_utf8_lossy(value);
                let parsed = serde_json::from_str(&text).unwrap_or_else(|_| json!(text));
                fields.insert(name, parsed);
            }
        }
    }
    for file in &mut files {
        let attached = format!("attach://{}", file.field);
        if let Some((field, _)) = fields.iter().find(|(_, v)| v.as_str() == Some(&attached)) {
            file.field = field.clone();
        }
    }
    Some((Value::Object(fields), files))
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path();
    let Some(rest) = path.strip_prefix("/bot") else {
        return (StatusCode::NOT_FOUND, "not a bot path").into_response();
    };
    let Some((token, method)) = rest.split_once('/') else {
        return (StatusCode::NOT_FOUND, "no method").into_response();
    };
    if token != TOKEN {
        return axum::Json(json!({"ok": false, "error_code": 401, "description": "Unauthorized"}))
            .into_response();
    }
    let method = method.to_ascii_lowercase();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let (body, uploads): (Value, Vec<Upload>) = if body.is_empty() {
        (json!({}), Vec::new())
    } else if content_type.starts_with("multipart/form-data") {
        multipart(&content_type, &body).unwrap_or_else(|| (json!({}), Vec::new()))
    } else {
        let value = serde_json::from_slice(&body)
            .unwrap_or_else(|_| json!({"_raw": String::from_utf8_lossy(&body)}));
        (value, Vec::new())
    };
    let fault = shared.fault.lock().unwrap().clone();
    if let Some(fault) = fault
        && let Some(response) = fault(&method, &body)
    {
        return response;
    }
    if method == "getupdates" {
        return get_updates(&shared, &body).await;
    }
    let moved = body
        .get("chat_id")
        .and_then(Value::as_i64)
        .and_then(|chat| shared.inner.lock().unwrap().migrated.get(&chat).copied());
    if let Some(new_id) = moved {
        // Telegram takes nothing for a group that became a supergroup, and says where it went.
        return faults::migrated(new_id);
    }
    let refusal = business::refusal(&shared.inner.lock().unwrap(), &method, &body);
    if let Some((status, description)) = refusal {
        // Recorded (Telegram saw it) and refused, as Telegram refuses it.
        let mut inner = shared.inner.lock().unwrap();
        inner.calls.push(Call {
            method: method.clone(),
            body,
            result: json!({"refused": description}),
            at: Instant::now(),
            uploads,
        });
        drop(inner);
        shared.calls_changed.notify_waiters();
        let status = StatusCode::from_u16(status).unwrap();
        return (
            status,
            axum::Json(
                json!({"ok": false, "error_code": status.as_u16(), "description": description}),
            ),
        )
            .into_response();
    }
    let lose = shared.lose_answer.lock().unwrap().clone();
    let lose = lose.is_some_and(|lose| lose(&method, &body));
    // Recorded at once (Telegram has it); answered once no longer stalled.
    let result = {
        let mut inner = shared.inner.lock().unwrap();
        let result = answer(&mut inner, &method, &body);
        inner.calls.push(Call {
            method: method.clone(),
            body,
            result: result.clone(),
            at: Instant::now(),
            uploads,
        });
        result
    };
    shared.calls_changed.notify_waiters();
    if lose {
        faults::drop_connection();
    }
    wait_while_stalled(&shared, &method).await;
    axum::Json(json!({"ok": true, "result": result})).into_response()
}

fn answer(inner: &mut Inner, method: &str, body: &Value) -> Value {
    let chat_id = body.get("chat_id").and_then(Value::as_i64).unwrap_or(0);
    let forum = inner.forums.contains(&chat_id);
    let mut message = |extra: Value| {
        let id = match body.get("message_id").and_then(Value::as_i64) {
            Some(id) => id,
            None => {
                inner.next_message_id += 1;
                inner.next_message_id
            }
        };
        let mut m = json!({
            "message_id": id,
            "date": now(),
            "chat": chat_json_of(chat_id, forum),
            "from": bot_user(),
        });
        if let Some(thread) = body.get("message_thread_id") {
            m["message_thread_id"] = thread.clone();
            m["is_topic_message"] = json!(true);
        }
        for (k, v) in extra.as_object().unwrap() {
            m[k] = v.clone();
        }
        if let Some(markup) = body.get("reply_markup") {
            m["reply_markup"] = markup.clone();
        }
        m
    };
    match method {
        "getme" => json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Residence", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": true, "can_connect_to_business": false,
            "has_main_web_app": false
        }),
        "getchat" => {
            let mut chat = chat_json_of(chat_id, inner.forums.contains(&chat_id));
            chat["max_reaction_count"] = json!(11);
            chat["accepted_gift_types"] = json!({
                "unlimited_gifts": false, "limited_gifts": false,
                "unique_gifts": false, "premium_subscription": false
            });
            chat
        }
        // A topic's id is the id of the message that opened it.
        "createforumtopic" if inner.forums.contains(&chat_id) => {
            inner.next_message_id += 1;
            json!({
                "message_thread_id": inner.next_message_id,
                "name": body.get("name").cloned().unwrap_or(json!("")),
                "icon_color": 7322096
            })
        }
        // As Telegram counts it: the updates not yet confirmed, those handed
        // out to a getUpdates whose offset has not yet passed them included.
        "getwebhookinfo" => json!({
            "url": inner.webhook_url, "has_custom_certificate": false,
            "pending_update_count": inner.pending.len()
        }),
        "setwebhook" => {
            inner.webhook_url = body["url"].as_str().unwrap_or("").to_string();
            json!(true)
        }
        "deletewebhook" => {
            inner.webhook_url.clear();
            json!(true)
        }
        "getbusinessconnection" => {
            let id = body["business_connection_id"].as_str().unwrap_or("");
            inner.business.get(id).cloned().unwrap_or(json!(null))
        }
        "sendmessage" if body.get("business_connection_id").is_some() => {
            let connection = body["business_connection_id"]
                .as_str()
                .unwrap_or("")
                .to_string();
            let mut sent = message(json!({
                "text": body.get("text").cloned().unwrap_or(json!("")),
                "business_connection_id": connection,
            }));
            sent["sender_business_bot"] = bot_user();
            let id = sent["message_id"].as_i64().unwrap_or(0);
            inner.sent_for_account.insert((connection, id));
            sent
        }
        "sendmessage" | "editmessagetext" => {
            message(json!({"text": body.get("text").cloned().unwrap_or(json!(""))}))
        }
        "editmessagereplymarkup" => message(json!({"text": "(edited)"})),
        "sendphoto" => message(json!({
            "photo": [{"file_id": "photo1", "file_unique_id": "p1", "width": 1000, "height": 1000}],
            "caption": body.get("caption").cloned().unwrap_or(json!("")),
        })),
        "senddocument" => message(json!({
            "document": {"file_id": "doc1", "file_unique_id": "d1", "file_name": "checklist.pdf"},
            "caption": body.get("caption").cloned().unwrap_or(json!("")),
        })),
        "sendcontact" => message(json!({"contact": {
            "phone_number": body.get("phone_number").cloned().unwrap_or(json!("")),
            "first_name": body.get("first_name").cloned().unwrap_or(json!("")),
        }})),
        "sendvenue" => message(json!({"venue": {
            "location": {"latitude": body["latitude"], "longitude": body["longitude"]},
            "title": body.get("title").cloned().unwrap_or(json!("")),
            "address": body.get("address").cloned().unwrap_or(json!("")),
        }})),
        _ => json!(true),
    }
}

async fn wait_while_stalled(shared: &Shared, method: &str) {
    while shared.stalled.lock().unwrap().contains(method) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn get_updates(shared: &Shared, body: &Value) -> Response {
    let offset = body.get("offset").and_then(Value::as_i64).unwrap_or(0);
    let timeout = body
        .get("timeout")
        .and_then(Value::as_u64)
        .unwrap_or(0)
        .min(1);
    {
        let mut inner = shared.inner.lock().unwrap();
        inner.calls.push(Call {
            method: "getupdates".into(),
            body: body.clone(),
            result: Value::Null,
            at: Instant::now(),
            uploads: Vec::new(),
        });
    }
    shared.calls_changed.notify_waiters();
    wait_while_stalled(shared, "getupdates").await;
    let limit = body
        .get("limit")
        .and_then(Value::as_u64)
        .map_or(100, |l| l.clamp(1, 100)) as usize;
    let deadline = Instant::now() + Duration::from_secs(timeout);
    loop {
        let notified = shared.updates.notified();
        {
            let mut inner = shared.inner.lock().unwrap();
            while inner
                .pending
                .front()
                .is_some_and(|u| u["update_id"].as_i64().unwrap_or(0) < offset)
            {
                inner.pending.pop_front();
            }
            if !inner.pending.is_empty() || Instant::now() >= deadline {
                let updates: Vec<Value> = inner.pending.iter().take(limit).cloned().collect();
                // The call's result: how many were handed out.
                if let Some(call) = inner
                    .calls
                    .iter_mut()
                    .rev()
                    .find(|c| c.method == "getupdates")
                {
                    call.result = json!(updates.len());
                }
                return axum::Json(json!({"ok": true, "result": updates})).into_response();
            }
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let _ = tokio::time::timeout(left, notified).await;
    }
}

/// A Telegram user talking to the bot in a private chat (or, with a negative id, a group).
pub struct TestUser {
    pub api: FakeApi,
    pub chat_id: i64,
    pub user_id: i64,
    pub language_code: Option<String>,
}

/// Waiting for replies: long enough for a loaded CI machine, short enough to fail fast.
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(15);

impl TestUser {
    fn from(&self) -> Value {
        let mut user = json!({"id": self.user_id, "is_bot": false, "first_name": "Tester"});
        if let Some(code) = &self.language_code {
            user["language_code"] = json!(code);
        }
        user
    }

    pub fn message_json(&self, extra: Value) -> Value {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        // Message ids only grow within a chat, as Telegram's do.
        let id = NEXT.fetch_add(1, Ordering::Relaxed) as i64;
        let mut m = json!({
            "message_id": id,
            "date": now(),
            "chat": chat_json_of(self.chat_id, self.api.is_forum(self.chat_id)),
            "from": self.from(),
        });
        for (k, v) in extra.as_object().unwrap() {
            m[k] = v.clone();
        }
        m
    }

    /// Queues a message with these fields (`text`, `contact`, `photo`,
    /// `reply_to_message`…) and returns the call count before it, for
    /// [`FakeApi::wait_message`]: its answers may go to another chat.
    pub fn post(&self, extra: Value) -> usize {
        let since = self.api.call_count();
        self.api.push(json!({"message": self.message_json(extra)}));
        since
    }

    /// A contact card for `post`: `user_id` the sender's own for Telegram's
    /// contact request, another for a card shared from the address book.
    pub fn contact(&self, phone: &str, user_id: i64) -> Value {
        json!({"contact": {"phone_number": phone, "first_name": "Tester", "user_id": user_id}})
    }

    /// Calls to this chat made after call number `since`.
    pub fn calls_since(&self, since: usize) -> Vec<Call> {
        self.api.calls()[since..]
            .iter()
            .filter(|c| c.chat_id() == Some(self.chat_id))
            .cloned()
            .collect()
    }

    /// Sends an update, then waits until the replies to this chat satisfy `done`.
    pub async fn act(&self, kind: Value, done: impl Fn(&[Call]) -> bool) -> Vec<Call> {
        self.act_with(kind, None, REPLY_TIMEOUT, done).await
    }

    /// `say`, waiting up to `timeout` (for tests where Telegram misbehaves on purpose).
    pub async fn say_within(
        &self,
        text: &str,
        timeout: Duration,
        done: impl Fn(&[Call]) -> bool,
    ) -> Vec<Call> {
        let message = self.message_json(json!({"text": text}));
        self.act_with(json!({"message": message}), None, timeout, done)
            .await
    }

    /// Like `act`; calls answering callback query `query_id` count as this chat's.
    async fn act_with(
        &self,
        kind: Value,
        query_id: Option<String>,
        timeout: Duration,
        done: impl Fn(&[Call]) -> bool,
    ) -> Vec<Call> {
        let since = self.api.call_count();
        self.api.push(kind);
        let chat_id = self.chat_id;
        let mine = |c: &Call| {
            c.chat_id() == Some(chat_id)
                || query_id
                    .as_deref()
                    .is_some_and(|id| c.body["callback_query_id"] == json!(id))
        };
        self.api
            .wait_for(timeout, &format!("replies to chat {chat_id}"), |calls| {
                let mine: Vec<Call> = calls[since..].iter().filter(|c| mine(c)).cloned().collect();
                done(&mine)
            })
            .await;
        self.api.calls()[since..]
            .iter()
            .filter(|c| mine(c))
            .cloned()
            .collect()
    }

    pub async fn say(&self, text: &str, done: impl Fn(&[Call]) -> bool) -> Vec<Call> {
        let mut extra = json!({"text": text});
        if text.starts_with('/') {
            let len = text
                .split_whitespace()
                .next()
                .unwrap()
                .encode_utf16()
                .count();
            extra["entities"] = json!([{"type": "bot_command", "offset": 0, "length": len}]);
        }
        let message = self.message_json(extra);
        self.act(json!({"message": message}), done).await
    }

    /// Presses a button of a message the bot sent. The answer to the press
    /// (answerCallbackQuery) is among the calls returned.
    pub async fn press(&self, on: &Call, data: &str, done: impl Fn(&[Call]) -> bool) -> Vec<Call> {
        self.press_on(on.result.clone(), data, done).await
    }

    /// Presses a button of a message the Bot API no longer holds in full
    /// (in practice, older than about 48 hours): the query carries an
    /// `InaccessibleMessage`, only its chat, its id and `date: 0`.
    pub async fn press_old(
        &self,
        on: &Call,
        data: &str,
        done: impl Fn(&[Call]) -> bool,
    ) -> Vec<Call> {
        self.press_on(inaccessible(on), data, done).await
    }

    /// Presses a button under `message` (as the callback query carries it).
    pub async fn press_on(
        &self,
        message: Value,
        data: &str,
        done: impl Fn(&[Call]) -> bool,
    ) -> Vec<Call> {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let id = format!("cq{}", NEXT.fetch_add(1, Ordering::Relaxed));
        let query = json!({
            "id": id,
            "from": self.from(),
            "chat_instance": "test",
            "message": message,
            "data": data,
        });
        self.act_with(
            json!({"callback_query": query}),
            Some(id),
            REPLY_TIMEOUT,
            done,
        )
        .await
    }

    /// Queues the edit of a message this user sent (`original`, as
    /// [`TestUser::message_json`] made it): the same id, the new text, an
    /// `edit_date`. Returns the call count before it.
    pub fn edit(&self, original: &Value, text: &str) -> usize {
        let since = self.api.call_count();
        let mut edited = original.clone();
        edited["text"] = json!(text);
        edited["edit_date"] = json!(now());
        self.api.push(json!({"edited_message": edited}));
        since
    }

    /// Queues an album: `count` photos with one `media_group_id`, each an
    /// update of its own, as Telegram sends them. Returns the call count before it.
    pub fn album(&self, count: usize) -> usize {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let group = format!("album{}", NEXT.fetch_add(1, Ordering::Relaxed));
        let since = self.api.call_count();
        for i in 0..count {
            let photo = json!([{"file_id": format!("{group}-{i}"), "file_unique_id": format!("u{group}-{i}"), "width": 800, "height": 600}]);
            self.api.push(json!({"message": self.message_json(json!({
                "photo": photo, "media_group_id": group,
            }))}));
        }
        since
    }

    /// Service messages a chat can get (Telegram's notes about the chat,
    /// not anything a person wrote), each as `post` takes it.
    pub fn service_messages(&self) -> Vec<Value> {
        let pinned = json!({
            "message_id": 1, "date": now(), "chat": chat_json(self.chat_id), "from": bot_user(), "text": "pinned",
        });
        let mut kinds = vec![
            json!({"pinned_message": pinned}),
            json!({"message_auto_delete_timer_changed": {"message_auto_delete_time": 86400}}),
            json!({"write_access_allowed": {}}),
            json!({"video_chat_started": {}}),
            json!({"video_chat_ended": {"duration": 60}}),
            json!({"boost_added": {"boost_count": 1}}),
            json!({"new_chat_title": "Renamed"}),
            json!({"delete_chat_photo": true}),
        ];
        if self.chat_id < 0 {
            kinds.push(json!({"forum_topic_created": {"name": "Topic", "icon_color": 7322096}}));
            kinds.push(json!({"forum_topic_closed": {}}));
        }
        kinds
    }

    pub async fn inline(&self, query: &str) -> Call {
        let since = self.api.call_count();
        let id = format!("iq{since}");
        self.api.push(json!({"inline_query": {
            "id": id, "from": self.from(), "query": query, "offset": ""
        }}));
        let wanted = id.clone();
        self.api
            .wait_for(REPLY_TIMEOUT, "answerInlineQuery", |calls| {
                calls[since..].iter().any(|c| {
                    c.method == "answerinlinequery" && c.body["inline_query_id"] == json!(wanted)
                })
            })
            .await;
        self.api
            .calls_of("answerInlineQuery")
            .into_iter()
            .find(|c| c.body["inline_query_id"] == json!(id))
            .unwrap()
    }
}

/// One chat's stored state, read once the bot is stopped (sled allows one process).
pub async fn stored(data_dir: &Path, chat_id: i64) -> Option<kz_residence_bot::store::ChatRecord> {
    use teloxide::dispatching::dialogue::Storage;
    let store =
        kz_residence_bot::store::open(data_dir, kz_residence_bot::store::Durability::Flushed)
            .unwrap();
    <_ as Storage<kz_residence_bot::store::ChatRecord>>::get_dialogue(
        store,
        teloxide::types::ChatId(chat_id),
    )
    .await
    .unwrap()
}

/// The callback query's `message` for a press on `on` once the Bot API no
/// longer holds it: an `InaccessibleMessage` (chat, id, `date: 0`).
pub fn inaccessible(on: &Call) -> Value {
    json!({"chat": on.result["chat"], "message_id": on.message_id(), "date": 0})
}

/// A message's fields, posted in forum topic `thread` (for `post`, `message_json`).
pub fn in_topic(thread: i64, mut extra: Value) -> Value {
    extra["message_thread_id"] = json!(thread);
    extra["is_topic_message"] = json!(true);
    extra
}

/// Every turn of the consultation ends with a message that carries buttons.
pub fn question_sent(calls: &[Call]) -> bool {
    calls
        .iter()
        .any(|c| c.method == "sendmessage" && !c.buttons().is_empty())
}

/// The result ends with the office's contact card.
pub fn result_sent(calls: &[Call]) -> bool {
    calls.iter().any(|c| c.method == "sendcontact")
}

/// Predicates for `act`.
pub fn sent_with_button(data: &'static str) -> impl Fn(&[Call]) -> bool {
    move |calls| {
        calls
            .iter()
            .any(|c| c.method == "sendmessage" && c.buttons().iter().any(|b| b == data))
    }
}

pub fn sent_containing(text: &'static str) -> impl Fn(&[Call]) -> bool {
    move |calls| {
        calls
            .iter()
            .any(|c| c.method == "sendmessage" && c.text().contains(text))
    }
}

pub fn called(method: &'static str) -> impl Fn(&[Call]) -> bool {
    move |calls| calls.iter().any(|c| c.method == method)
}

/// The last message sent that carries buttons: the question to answer.
pub fn last_question(calls: &[Call]) -> Call {
    calls
        .iter()
        .rev()
        .find(|c| c.method == "sendmessage" && !c.buttons().is_empty())
        .cloned()
        .expect("a message with buttons")
}

pub fn texts_sent(calls: &[Call]) -> String {
    calls
        .iter()
        .filter(|c| c.method == "sendmessage")
        .map(|c| c.text().to_string())
        .collect::<Vec<_>>()
        .join("\n---\n")
}

/// A fake API, the real bot on a fresh data directory (`dir/data`), polling.
pub async fn start_bot(env: &[(&str, &str)]) -> (FakeApi, BotProcess, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let api = FakeApi::start().await;
    let bot = BotProcess::spawn(&api, &dir.path().join("data"), env);
    api.wait_polling().await;
    (api, bot, dir)
}

/// The real bot in webhook mode: its listener at `addr`, the secret
/// `the-right-secret_42`, the URL path `/telegram/hook`.
pub struct Webhook {
    pub api: FakeApi,
    pub bot: BotProcess,
    pub addr: String,
    pub dir: tempfile::TempDir,
}

pub async fn start_webhook_bot(extra_env: &[(&str, &str)]) -> Webhook {
    let dir = tempfile::tempdir().unwrap();
    let api = FakeApi::start().await;
    let addr = format!("127.0.0.1:{}", free_port());
    let mut env = vec![
        ("BOT_WEBHOOK_URL", "https://bot.example.org/telegram/hook"),
        ("BOT_LISTEN_ADDR", &addr),
        ("BOT_WEBHOOK_SECRET", "the-right-secret_42"),
    ];
    env.extend_from_slice(extra_env);
    let bot = BotProcess::spawn(&api, &dir.path().join("data"), &env);
    api.wait_for(Duration::from_secs(20), "setWebhook", |calls| {
        calls.iter().any(|c| c.method == "setwebhook")
    })
    .await;
    // The listener binds right after setWebhook.
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(&addr).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Webhook {
        api,
        bot,
        addr,
        dir,
    }
}

/// The real bot binary, pointed at the fake API.
pub struct BotProcess {
    child: Option<Child>,
    pub data_dir: PathBuf,
    pub log_path: PathBuf,
}

impl BotProcess {
    pub fn spawn(api: &FakeApi, data_dir: &Path, extra_env: &[(&str, &str)]) -> BotProcess {
        let log_path = data_dir.with_extension("log");
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"));
        command
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TELOXIDE_TOKEN", TOKEN)
            .env("TELOXIDE_API_URL", &api.url)
            .env("BOT_DATA_DIR", data_dir)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        for (k, v) in extra_env {
            command.env(k, v);
        }
        BotProcess {
            child: Some(command.spawn().expect("the bot binary starts")),
            data_dir: data_dir.to_path_buf(),
            log_path,
        }
    }

    /// SIGKILL: no shutdown code runs.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    pub fn try_wait(&mut self) -> Option<std::process::ExitStatus> {
        self.child
            .as_mut()
            .and_then(|c| c.try_wait().ok().flatten())
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A minimal HTTP/1.1 request over loopback; returns the status code and body.
pub async fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut response)).await;
    let response = String::from_utf8_lossy(&response).to_string();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// A loopback port free at the time of asking.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl BotProcess {
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Sends SIGTERM, as a container runtime does, and waits up to `within` for the exit.
    pub async fn terminate(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let pid = self.pid()?;
        // The shell's own kill: no procps needed.
        Command::new("sh")
            .args(["-c", &format!("kill -TERM {pid}")])
            .status()
            .unwrap();
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.try_wait() {
                self.child = None;
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }
}

/// Telegram Business as the fake Bot API plays it: accounts connect the
/// bot with rights, clients and owners write in the account's chats, and
/// Telegram refuses what a bot may not do for an account.
pub mod business {
    use super::*;

    /// The `BusinessBotRights` a test gives: `can_reply` alone, or with
    /// the right to delete any message too.
    pub fn rights(reply: bool, delete_all: bool) -> Value {
        json!({"can_reply": reply, "can_delete_all_messages": delete_all, "can_read_messages": true})
    }

    pub fn owner_user(owner: i64) -> Value {
        json!({"id": owner, "is_bot": false, "first_name": "Owner", "language_code": "ru"})
    }

    impl FakeApi {
        /// `owner`'s account connects the bot (or, `enabled` false,
        /// disconnects it) as connection `id`: Telegram keeps it for
        /// `getBusinessConnection` and sends a `business_connection` update.
        pub fn connect_business(
            &self,
            id: &str,
            owner: i64,
            rights: Value,
            enabled: bool,
        ) -> usize {
            let since = self.call_count();
            let connection = json!({
                "id": id, "user": owner_user(owner), "user_chat_id": owner,
                "date": now(), "rights": rights, "is_enabled": enabled,
            });
            self.shared
                .inner
                .lock()
                .unwrap()
                .business
                .insert(id.to_string(), connection.clone());
            self.push(json!({"business_connection": connection}));
            since
        }

        /// A message in `client`'s chat with the account of connection
        /// `id`, written by `from` (the client, or the owner): queued as a
        /// `business_message`. Returns the call count before it and the message.
        pub fn business_message(
            &self,
            id: &str,
            client: i64,
            from: Value,
            text: &str,
        ) -> (usize, Value) {
            static NEXT: AtomicU64 = AtomicU64::new(5000);
            let since = self.call_count();
            let message = json!({
                "message_id": NEXT.fetch_add(1, Ordering::Relaxed) as i64,
                "date": now(), "business_connection_id": id,
                "chat": {"id": client, "type": "private", "first_name": "Client"},
                "from": from, "text": text,
            });
            if message["from"]["id"].as_i64() == Some(client) {
                self.shared
                    .inner
                    .lock()
                    .unwrap()
                    .client_wrote
                    .insert((id.to_string(), client), now());
            }
            self.push(json!({"business_message": message.clone()}));
            (since, message)
        }

        /// Messages deleted in a business chat, as Telegram sends it: the
        /// ids as plain integers.
        pub fn business_deleted(&self, id: &str, client: i64, ids: &[i64]) -> usize {
            let since = self.call_count();
            self.push(json!({"deleted_business_messages": {
                "business_connection_id": id,
                "chat": {"id": client, "type": "private", "first_name": "Client"},
                "message_ids": ids,
            }}));
            since
        }

        /// Forgets when `client` last wrote: as if their last message were
        /// more than 24 hours old.
        pub fn age_business_chat(&self, id: &str, client: i64) {
            let mut inner = self.shared.inner.lock().unwrap();
            inner
                .client_wrote
                .insert((id.to_string(), client), now() - 25 * 3600);
        }

        /// The calls made for accounts (with a `business_connection_id`) after `since`.
        pub fn business_calls(&self, since: usize) -> Vec<Call> {
            self.calls()[since..]
                .iter()
                .filter(|c| c.body.get("business_connection_id").is_some())
                .cloned()
                .collect()
        }
    }

    /// How Telegram refuses a call for an account the bot may not make:
    /// an unknown or disabled connection, a message without `can_reply` or
    /// into a chat with no client's message in the last 24 hours, a
    /// deletion without the right for it.
    pub(super) fn refusal(inner: &Inner, method: &str, body: &Value) -> Option<(u16, String)> {
        let id = body.get("business_connection_id")?.as_str().unwrap_or("");
        if method == "getbusinessconnection" {
            return (!inner.business.contains_key(id))
                .then(|| (400, "Bad Request: business connection not found".into()));
        }
        let Some(connection) = inner
            .business
            .get(id)
            .filter(|c| c["is_enabled"] == json!(true))
        else {
            return Some((400, "Bad Request: business connection not found".into()));
        };
        let right = |name: &str| connection["rights"][name] == json!(true);
        match method {
            "sendmessage" => {
                if !right("can_reply") {
                    return Some((403, "Forbidden: not enough rights to send messages on behalf of the business account".into()));
                }
                let chat = body["chat_id"].as_i64().unwrap_or(0);
                let recent = inner
                    .client_wrote
                    .get(&(id.to_string(), chat))
                    .is_some_and(|&at| now() - at < 24 * 3600);
                (!recent).then(|| (400, "Bad Request: BUSINESS_PEER_USAGE_MISSING".into()))
            }
            "deletebusinessmessages" => {
                let ids: Vec<i64> = body["message_ids"]
                    .as_array()
                    .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
                    .unwrap_or_default();
                let own = ids
                    .iter()
                    .all(|m| inner.sent_for_account.contains(&(id.to_string(), *m)));
                let allowed =
                    right("can_delete_all_messages") || (own && right("can_delete_sent_messages"));
                (!allowed).then(|| (403, "Forbidden: not enough rights".into()))
            }
            _ => None,
        }
    }
}

/// Fault responses, as Telegram (or the network in front of it) gives them.
pub mod faults {
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};
    use serde_json::json;

    pub fn too_many_requests(retry_after: u64) -> Response {
        (
            StatusCode::TOO_MANY_REQUESTS,
            axum::Json(json!({
                "ok": false, "error_code": 429,
                "description": format!("Too Many Requests: retry after {retry_after}"),
                "parameters": {"retry_after": retry_after}
            })),
        )
            .into_response()
    }

    pub fn server_error(status: u16) -> Response {
        let status = StatusCode::from_u16(status).unwrap();
        (
            status,
            axum::Json(json!({"ok": false, "error_code": status.as_u16(), "description": status.canonical_reason()})),
        )
            .into_response()
    }

    pub fn bad_gateway_html() -> Response {
        (
            StatusCode::BAD_GATEWAY,
            "<html><body>502 Bad Gateway</body></html>",
        )
            .into_response()
    }

    pub fn malformed_json() -> Response {
        (
            StatusCode::OK,
            [("content-type", "application/json")],
            "{\"ok\": true, \"result\": {",
        )
            .into_response()
    }

    /// What Telegram answers once a token is revoked.
    pub fn unauthorized() -> Response {
        (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"ok": false, "error_code": 401, "description": "Unauthorized"})),
        )
            .into_response()
    }

    /// A refusal (400) with Telegram's description: the request is not taken.
    pub fn bad_request(description: &str) -> Response {
        (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"ok": false, "error_code": 400, "description": description})),
        )
            .into_response()
    }

    /// An `answerCallbackQuery` that came too late (a busy bot, a restart in between).
    pub fn query_too_old() -> Response {
        bad_request(
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        )
    }

    /// An edit of a message Telegram no longer lets the bot edit.
    pub fn cannot_edit() -> Response {
        bad_request("Bad Request: message can't be edited")
    }

    /// Any call for a group that became a supergroup.
    pub fn migrated(new_id: i64) -> Response {
        (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({
                "ok": false, "error_code": 400,
                "description": "Bad Request: group chat was upgraded to a supergroup chat",
                "parameters": {"migrate_to_chat_id": new_id}
            })),
        )
            .into_response()
    }

    pub fn forbidden_blocked() -> Response {
        (
            StatusCode::FORBIDDEN,
            axum::Json(json!({"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})),
        )
            .into_response()
    }

    /// Closes the connection without an answer (the handler's task ends abruptly).
    pub fn drop_connection() -> ! {
        std::panic::resume_unwind(Box::new("dropping the connection"))
    }
}
