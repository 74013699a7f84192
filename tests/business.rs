//! The firm's own Telegram account, helped by the bot (Telegram Business),
//! through the fake Bot API: connections from a listed owner and from
//! another account, a client's message while the office is open and while
//! it is closed, the owner's commands, the owner in charge, Telegram's
//! 24-hour refusal, and `deleted_business_messages` as Telegram sends it.

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use crate::fake_api::business::{owner_user, rights};
use crate::fake_api::*;
use crate::helpers::Clock;

/// The owner listed in `BOT_BUSINESS_OWNERS`, and one who is not.
const OWNER: i64 = 9001;
const STRANGER: i64 = 9002;
/// A second listed owner, whose account gives no right to delete.
const OWNER_NO_DELETE: i64 = 9003;
const ADMIN: i64 = 777;
/// Monday 1 June 2026, 10:00 in Almaty: open.
const MONDAY_MORNING: &str = "2026-06-01T05:00:00Z";
/// The same Monday, 22:00 in Almaty: closed until Tuesday 09:00.
const MONDAY_NIGHT: &str = "2026-06-01T17:00:00Z";
const TUESDAY_NIGHT: &str = "2026-06-02T17:00:00Z";

/// An office open Monday to Friday, 09:00 to 18:00.
fn content_folder(dir: &Path) -> std::path::PathBuf {
    let folder = dir.join("content");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("office.toml"),
        "[hours]\nkk = \"дүйсенбі–жұма, 9:00–18:00\"\nru = \"понедельник–пятница, 9:00–18:00\"\nen = \"Monday to Friday, 9:00 to 18:00\"\n\n\
         [opening_hours]\nmonday = \"09:00-18:00\"\ntuesday = \"09:00-18:00\"\nwednesday = \"09:00-18:00\"\nthursday = \"09:00-18:00\"\nfriday = \"09:00-18:00\"\n",
    )
    .unwrap();
    folder
}

struct Firm {
    api: FakeApi,
    bot: BotProcess,
    clock: Clock,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

async fn start(at: &str, extra: &[(&str, &str)]) -> Firm {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::new(dir.path(), at);
    let folder = content_folder(dir.path());
    let owners = format!("{OWNER},{OWNER_NO_DELETE}");
    let admin = ADMIN.to_string();
    let mut env = vec![
        ("BOT_CONTENT_DIR", folder.to_str().unwrap()),
        ("BOT_TEST_ONLY_CLOCK_FILE", clock.path.to_str().unwrap()),
        ("BOT_RATE_LIMIT", "off"),
        ("BOT_BUSINESS_OWNERS", owners.as_str()),
        ("BOT_ADMINS", admin.as_str()),
    ];
    env.extend_from_slice(extra);
    let (api, bot, data) = start_bot(&env).await;
    Firm {
        api,
        bot,
        clock,
        _dirs: (dir, data),
    }
}

impl Firm {
    async fn wait_log(&self, what: &str) {
        let bot = &self.bot;
        self.api
            .wait_for(REPLY_TIMEOUT, what, |_| bot.log().contains(what))
            .await;
    }

    /// Connects `owner`'s account as `id` and waits until the bot has it.
    async fn connect(&self, id: &str, owner: i64, rights: Value) {
        self.api.connect_business(id, owner, rights, true);
        self.wait_log(&format!("business: account {owner} connected"))
            .await;
    }

    /// Waits until every update queued so far for `client`'s chat is
    /// handled: the same person writes to the bot's own chat, which is
    /// handled after them (one queue per chat id), and that is answered.
    async fn settle(&self, client: i64) {
        let since = self.api.call_count();
        let user = self.api.user(client, Some("en"));
        user.post(json!({"text": "/help"}));
        self.api
            .wait_message(client, since, "the bot's own answer", |c| {
                c.body.get("business_connection_id").is_none()
            })
            .await;
    }

    fn client(&self, id: &str, client: i64, text: &str) -> usize {
        let from = json!({"id": client, "is_bot": false, "first_name": "Client"});
        self.api.business_message(id, client, from, text).0
    }

    fn owner_says(&self, id: &str, owner: i64, client: i64, text: &str) -> (usize, Value) {
        self.api
            .business_message(id, client, owner_user(owner), text)
    }

    /// The messages sent for an account since `since`.
    fn sent_for_account(&self, since: usize) -> Vec<Call> {
        self.api
            .business_calls(since)
            .into_iter()
            .filter(|c| c.method == "sendmessage")
            .collect()
    }
}

fn url_button(call: &Call) -> String {
    call.body
        .pointer("/reply_markup/inline_keyboard/0/0/url")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn a_listed_owners_connection_is_served_and_another_accounts_left_alone() {
    let firm = start(MONDAY_NIGHT, &[]).await;
    // The four business kinds are asked for.
    let first = &firm.api.calls_of("getUpdates")[0];
    let allowed: Vec<&str> = first.body["allowed_updates"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for kind in [
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
    ] {
        assert!(allowed.contains(&kind), "{kind} in {allowed:?}");
    }
    firm.connect("c-firm", OWNER, rights(true, true)).await;
    assert!(
        firm.bot.log().contains(
            "account 9001 connected, rights: can_reply, can_read_messages, can_delete_all_messages"
        ),
        "{}",
        firm.bot.log()
    );
    firm.api
        .connect_business("c-other", STRANGER, rights(true, true), true);
    firm.wait_log("a connection from account 9002, which BOT_BUSINESS_OWNERS does not list")
        .await;
    // A client of the other account writes at night: nothing, and Telegram
    // is not asked again about that connection.
    let since = firm.client("c-other", 4100, "Hello?");
    firm.client("c-other", 4100, "Anyone?");
    firm.settle(4100).await;
    assert!(firm.sent_for_account(since).is_empty());
    assert!(firm.api.calls_of("getBusinessConnection").is_empty());
    // /stats names the account served and its rights.
    let admin = firm.api.user(ADMIN, Some("en"));
    let since = firm.api.call_count();
    admin.post(json!({"text": "/stats"}));
    let report = firm
        .api
        .wait_message(ADMIN, since, "the statistics", |c| {
            c.text().contains("firm's own account")
        })
        .await;
    assert!(
        report
            .text()
            .contains("9001 (can_reply, can_read_messages, can_delete_all_messages)"),
        "{}",
        report.text()
    );
    assert!(!report.text().contains("9002"), "{}", report.text());
}

#[tokio::test]
async fn a_client_is_answered_as_the_owner_only_while_closed_once_a_day_in_their_language() {
    let firm = start(MONDAY_MORNING, &[]).await;
    firm.connect("c1", OWNER, rights(true, true)).await;
    // Open: nothing sent.
    let since = firm.client("c1", 4242, "Сәлеметсіз бе! Қандай құжаттар керек?");
    firm.settle(4242).await;
    assert!(firm.sent_for_account(since).is_empty());
    // 22:00: one message, as the owner, in Kazakh (the script of the text).
    firm.clock.set(MONDAY_NIGHT);
    let since = firm.client("c1", 4242, "Сәлеметсіз бе?");
    firm.settle(4242).await;
    let sent = firm.sent_for_account(since);
    assert_eq!(sent.len(), 1, "{sent:?}");
    let closed = &sent[0];
    assert_eq!(closed.body["business_connection_id"], json!("c1"));
    assert_eq!(closed.chat_id(), Some(4242));
    assert!(
        closed.text().contains("Кеңсе қазір жабық"),
        "{}",
        closed.text()
    );
    assert!(
        closed.text().contains("ертең сағат 09:00"),
        "{}",
        closed.text()
    );
    assert_eq!(
        url_button(closed),
        format!("https://t.me/{BOT_USERNAME}?start=kk-firm_account")
    );
    // Once a day: the next message that night gets nothing.
    let since = firm.client("c1", 4242, "?");
    firm.settle(4242).await;
    assert!(firm.sent_for_account(since).is_empty());
    // Tuesday night: told again, in English by Telegram's language code.
    firm.clock.set(TUESDAY_NIGHT);
    let since = firm.api.call_count();
    let from = json!({"id": 4242, "is_bot": false, "first_name": "Client", "language_code": "en"});
    firm.api.business_message("c1", 4242, from, "Hi");
    firm.settle(4242).await;
    let sent = firm.sent_for_account(since);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(
        sent[0].text().contains("The office is closed now"),
        "{}",
        sent[0].text()
    );
    assert!(
        sent[0].text().contains("opens tomorrow at 09:00"),
        "{}",
        sent[0].text()
    );
    // What was kept, and that it leaves with the connection.
    assert!(
        !firm.bot.log().contains("Сәлеметсіз"),
        "no client's words in the log"
    );
    firm.api
        .connect_business("c1", OWNER, rights(true, true), false);
    firm.wait_log("account 9001 disconnected the bot; what was kept of 1 client chats is deleted")
        .await;
}

#[tokio::test]
async fn the_owners_docs_and_office_are_sent_as_the_owner_in_place_of_the_command() {
    let mut firm = start(MONDAY_MORNING, &[]).await;
    firm.connect("c1", OWNER, rights(true, true)).await;
    firm.client("c1", 4242, "Здравствуйте, какие документы нужны?");
    let (_, docs) = firm.owner_says("c1", OWNER, 4242, "/docs");
    firm.settle(4242).await;
    let deleted = firm.api.calls_of("deleteBusinessMessages");
    assert_eq!(deleted.len(), 1, "{deleted:?}");
    assert_eq!(deleted[0].body["message_ids"], json!([docs["message_id"]]));
    assert_eq!(deleted[0].body["business_connection_id"], json!("c1"));
    let sent = firm.sent_for_account(0);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(
        sent[0].text().contains("наш бот подскажет"),
        "{}",
        sent[0].text()
    );
    assert_eq!(
        url_button(&sent[0]),
        format!("https://t.me/{BOT_USERNAME}?start=ru-firm_account")
    );
    let since = firm.api.call_count();
    firm.owner_says("c1", OWNER, 4242, "/office");
    firm.settle(4242).await;
    let sent = firm.sent_for_account(since);
    assert_eq!(sent.len(), 1, "{sent:?}");
    for part in [
        "Мауленова",
        "+7 727 266-61-50",
        "понедельник–пятница",
        "google.com/maps",
    ] {
        assert!(sent[0].text().contains(part), "{part}: {}", sent[0].text());
    }
    // Without the right to delete: the command stays, the message is sent,
    // nothing else is said.
    firm.connect("c3", OWNER_NO_DELETE, rights(true, false))
        .await;
    firm.client("c3", 4343, "Hello, which documents?");
    let since = firm.api.call_count();
    firm.owner_says("c3", OWNER_NO_DELETE, 4343, "/docs");
    firm.settle(4343).await;
    let calls = firm.api.business_calls(since);
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].method, "sendmessage");
    assert!(
        calls[0].text().contains("our bot works it out"),
        "{}",
        calls[0].text()
    );
    // The store keeps times and flags, never the words.
    firm.bot.terminate(Duration::from_secs(10)).await;
    assert!(
        crate::helpers::files_containing(&firm.bot.data_dir, "какие документы".as_bytes())
            .is_empty()
    );
}

#[tokio::test]
async fn the_owner_stays_in_charge_paused_or_having_written() {
    let firm = start(MONDAY_NIGHT, &[]).await;
    firm.connect("c1", OWNER, rights(true, true)).await;
    // /bot off in a client's chat: taken out, and the client gets nothing.
    let (since, off) = firm.owner_says("c1", OWNER, 4242, "/bot off");
    firm.client("c1", 4242, "Добрый вечер");
    firm.settle(4242).await;
    assert!(firm.sent_for_account(since).is_empty());
    let deleted = firm.api.calls_of("deleteBusinessMessages");
    assert_eq!(deleted[0].body["message_ids"], json!([off["message_id"]]));
    // /bot on: the client's next message is answered (their first answer today).
    firm.owner_says("c1", OWNER, 4242, "/bot on");
    let since = firm.client("c1", 4242, "Алло?");
    firm.settle(4242).await;
    assert_eq!(firm.sent_for_account(since).len(), 1);
    // The owner wrote in another chat within the set hours: nothing.
    let (since, _) = firm.owner_says("c1", OWNER, 4343, "Добрый вечер, завтра перезвоню");
    firm.client("c1", 4343, "Спасибо!");
    firm.settle(4343).await;
    assert!(firm.sent_for_account(since).is_empty());
    // /bot off in the bot's own chat pauses every chat, and says so there.
    let owner = firm.api.user(OWNER, Some("ru"));
    let since = firm.api.call_count();
    owner.post(json!({"text": "/bot off"}));
    let told = firm
        .api
        .wait_message(OWNER, since, "the owner told", |c| {
            c.text().contains("приостановлен")
        })
        .await;
    assert!(told.body.get("business_connection_id").is_none());
    let since = firm.client("c1", 4444, "Здравствуйте");
    firm.settle(4444).await;
    assert!(firm.sent_for_account(since).is_empty());
}

#[tokio::test]
async fn a_24_hour_refusal_is_logged_once_and_not_retried() {
    let firm = start(MONDAY_MORNING, &[]).await;
    firm.connect("c1", OWNER, rights(true, true)).await;
    // The client last wrote two days ago: Telegram refuses a message for the account.
    firm.client("c1", 4545, "Hello");
    firm.settle(4545).await;
    firm.api.age_business_chat("c1", 4545);
    let since = firm.api.call_count();
    firm.owner_says("c1", OWNER, 4545, "/docs");
    firm.settle(4545).await;
    // A moment longer: a retry would have come by now (the first backoff is 250 ms).
    tokio::time::sleep(Duration::from_secs(2)).await;
    let tries = firm.sent_for_account(since);
    assert_eq!(tries.len(), 1, "{tries:?}");
    assert_eq!(
        tries[0].result["refused"],
        json!("Bad Request: BUSINESS_PEER_USAGE_MISSING")
    );
    let log = firm.bot.log();
    assert_eq!(
        log.matches("Telegram refused a message for the account")
            .count(),
        1,
        "{log}"
    );
    assert!(!log.contains("again in"), "{log}");
}

#[tokio::test]
async fn deleted_business_messages_as_telegram_sends_them_pass_without_an_error() {
    let firm = start(MONDAY_MORNING, &[]).await;
    firm.connect("c1", OWNER, rights(true, true)).await;
    firm.client("c1", 4242, "Hello");
    firm.api.business_deleted("c1", 4242, &[5001, 5002]);
    firm.api.business_deleted("c1", 4242, &[5003]);
    firm.settle(4242).await;
    let log = firm.bot.log();
    assert!(!log.contains("dropped an update"), "{log}");
    assert!(!log.contains("a handler failed"), "{log}");
}
