//! Upgrades that keep data: a store written by each released store format
//! (`tests/fixtures/store/format-N.txt`, each written by that release's own
//! build) opens in this one with everything it held; the real bot then
//! runs a step in every stored state (each question, the summary, the
//! result, the companion's date questions), relays staff replies to the
//! requests opened before, and sends the reminder still due, once; and
//! nothing held is lost. A store written by a newer build is refused with
//! a clear message, never misread.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use kz_residence_bot::amendments::GUIDE_CHECKED;
use kz_residence_bot::content;
use kz_residence_bot::lang::Lang;
use kz_residence_bot::office::Office;
use kz_residence_bot::reply::Msg;
use kz_residence_bot::store::{self, Durability};
use kz_residence_bot::texts::Texts;
use serde_json::json;

use crate::fake_api::*;
use crate::helpers::Clock;
use crate::store_fixture;
use crate::store_fixture::{
    AT_CHOICE, AT_DATE, AT_SUMMARY, AT_SUMMARY_OWN, AT_YES_NO, Fixture, LEASE_REMINDED,
    NEXT_REMINDER, NOTICED_ADMIN, OPEN_CARD, OPEN_REQUEST, REMINDED, STAFF_CHAT, SWEPT_REQUEST,
};

/// The first format whose dialogues name the firm's questions: its
/// fixtures are opened with the content folder they were written against.
const FIRMS_QUESTIONS_FROM: u8 = 5;

/// Every released store format, a line each: its fixture is
/// `tests/fixtures/store/format-N.txt`, written by that release with
/// `examples/store_fixture.rs` (docs/developer.md: Store formats).
macro_rules! released {
    ($($test:ident => $format:literal,)*) => {
        const RELEASED: &[u8] = &[$($format),*];
        $(
            #[tokio::test]
            async fn $test() {
                opens_and_carries_on($format).await;
            }
        )*
    };
}

released! {
    a_store_of_format_1_opens_and_carries_on => 1,
    a_store_of_format_2_opens_and_carries_on => 2,
    a_store_of_format_3_opens_and_carries_on => 3,
    a_store_of_format_4_opens_and_carries_on => 4,
    a_store_of_format_5_opens_and_carries_on => 5,
}

#[test]
fn every_format_this_build_reads_has_a_fixture_and_the_newest_is_the_one_it_writes() {
    let read: Vec<u8> = (store::OLDEST_FORMAT..=store::FORMAT).collect();
    assert_eq!(
        RELEASED,
        read,
        "a new store format needs its fixture: run `cargo run --example store_fixture > \
         tests/fixtures/store/format-{}.txt` and add a line to `released!`",
        store::FORMAT
    );
}

/// The bot's answer to `/help`: the help text in the chat's language, with
/// the day the list was last checked (the guide's, or the folder's).
fn help_text(texts: &Texts, lang: Lang, checked: NaiveDate) -> String {
    texts.render(lang, &Msg::new("help").date("checked", checked))
}

/// The day the list was last checked, as the bot says it.
fn list_checked(content: Option<&Path>) -> NaiveDate {
    match content {
        Some(dir) => content::load_on(dir, Office::default(), day(2026, 12, 12))
            .unwrap_or_else(|problems| panic!("{}: {problems:?}", dir.display()))
            .amendments
            .list_checked(),
        None => GUIDE_CHECKED,
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn lang_of(held: &store_fixture::Held) -> Option<Lang> {
    serde_json::from_value(held.record["session"]["lang"].clone()).unwrap()
}

/// A staff member in the office's group.
fn staff(api: &FakeApi) -> TestUser {
    TestUser {
        api: api.clone(),
        chat_id: STAFF_CHAT,
        user_id: 501,
        language_code: Some("en".into()),
    }
}

/// A card the bot posted in the staff chat before the upgrade.
fn card(message_id: i32) -> serde_json::Value {
    json!({
        "message_id": message_id,
        "date": 1_797_048_000,
        "chat": {"id": STAFF_CHAT, "type": "supergroup", "title": "Test group"},
        "from": {"id": BOT_ID, "is_bot": true, "first_name": "Residence", "username": BOT_USERNAME},
        "text": "request card",
    })
}

async fn opens_and_carries_on(format: u8) {
    let fixture = Fixture::load(format);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    fixture.write_store(&data);
    // Read as this build reads it: everything the writing build held.
    {
        let store = store::open(&data, Durability::Flushed).unwrap();
        store_fixture::assert_nothing_lost(&store, &fixture, false);
    }

    let clock = Clock::new(dir.path(), "2026-12-12T06:30:00Z");
    let api = FakeApi::start().await;
    let folder = (format >= FIRMS_QUESTIONS_FROM).then(store_fixture::content);
    let mut env = vec![
        ("BOT_TEST_ONLY_CLOCK_FILE", clock.path.to_str().unwrap()),
        ("BOT_RATE_LIMIT", "off"),
        ("BOT_STAFF_CHAT", "-1009000"),
        ("BOT_STAFF_LANG", "en"),
    ];
    if let Some(folder) = &folder {
        env.push(("BOT_CONTENT_DIR", folder.to_str().unwrap()));
    }
    let mut bot = BotProcess::spawn(&api, &data, &env);
    api.wait_polling().await;

    // A step in every stored state: /help, answered in the chat's language,
    // with what the step shows.
    let texts = Texts::load().unwrap();
    let checked = list_checked(folder.as_deref());
    for held in fixture.dialogues() {
        let user = api.user(held.chat, Some("en"));
        let lang = lang_of(held).unwrap_or(Lang::English);
        let help = help_text(&texts, lang, checked);
        // Every turn ends with a message that carries buttons.
        user.say("/help", |calls| {
            question_sent(calls)
                && calls
                    .iter()
                    .any(|c| c.method == "sendmessage" && c.text().contains(&help))
        })
        .await;
    }

    // Requests opened before the upgrade: a staff reply to the card reaches
    // the applicant, whose dialogue the sweep deleted too.
    let requests: Vec<(i64, i32)> = [(OPEN_REQUEST, OPEN_CARD), (SWEPT_REQUEST, 701)]
        .into_iter()
        .filter(|(chat, _)| {
            fixture
                .held
                .iter()
                .any(|h| h.chat == *chat && !h.request.is_null())
        })
        .collect();
    for (i, (chat, card_id)) in requests.iter().enumerate() {
        let reference = fixture.held(*chat).request["Open"]["reference"]
            .as_str()
            .unwrap()
            .to_string();
        // Later than any staff message the request has seen (ids only grow in a chat).
        let since = staff(&api).post(json!({
            "message_id": 5000 + i,
            "text": "Bring the original.",
            "reply_to_message": card(*card_id),
        }));
        let relayed = api
            .wait_message(*chat, since, "the office's answer", |c| {
                c.text().contains("Bring the original.")
            })
            .await;
        assert!(relayed.text().contains(&reference), "{}", relayed.text());
    }

    // The reminder still due, once; the one sent before the upgrade, never again.
    let reminded = fixture.held.iter().any(|h| {
        h.chat == REMINDED && !h.record["session"]["companion"]["reminders_since"].is_null()
    });
    if reminded {
        let since = api.call_count();
        clock.set(NEXT_REMINDER);
        api.wait_message(REMINDED, since, "the reminder due", |c| {
            c.text().contains("⏰")
        })
        .await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let reminders: Vec<_> = api
            .messages_to(REMINDED, since)
            .into_iter()
            .filter(|c| c.text().contains("⏰"))
            .collect();
        assert_eq!(reminders.len(), 1, "{reminders:?}");
        assert!(
            reminders[0].text().contains("7 days"),
            "{}",
            reminders[0].text()
        );
    }

    bot.terminate(Duration::from_secs(10)).await.expect("stops");
    let log = bot.log();
    assert!(!log.contains("unreadable"), "{log}");
    assert!(
        log.contains(&format!("store format {}", store::FORMAT)),
        "the start names the store format:\n{log}"
    );
    // Nothing the old build held is lost after the steps.
    let store = store::open(&data, Durability::Flushed).unwrap();
    store_fixture::assert_nothing_lost(&store, &fixture, true);
    store_fixture::assert_nothing_else_lost(&store, &data, &fixture);
    println!(
        "format {format}: {} dialogues stepped, {} requests relayed, reminder {}",
        fixture.dialogues().count(),
        requests.len(),
        if reminded {
            "sent once"
        } else {
            "none in this format"
        }
    );
}

#[tokio::test]
async fn a_store_written_by_a_newer_version_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    Fixture::load(store::FORMAT).write_store(&data);
    drop(store::open(&data, Durability::Flushed).unwrap());
    // What the next format's build notes in the store when it opens it.
    {
        // No flusher thread: sled's holds the directory's lock for a moment
        // after the handle is dropped, and the store is opened next.
        let db = sled::Config::new()
            .path(data.join("dialogues"))
            .flush_every_ms(None)
            .open()
            .unwrap();
        db.open_tree("store")
            .unwrap()
            .insert("format", &[store::FORMAT + 1])
            .unwrap();
        db.flush().unwrap();
    }
    let error = match store::open(&data, Durability::Flushed) {
        Ok(_) => panic!("a newer store was opened"),
        Err(e) => e.to_string(),
    };
    let newer = format!(
        "was written by a newer kz-residence-bot (store format {})",
        store::FORMAT + 1
    );
    assert!(error.contains(&newer), "{error}");
    assert!(error.contains("would misread it"), "{error}");
    // The bot itself refuses to start on it, saying so.
    let api = FakeApi::start().await;
    let mut bot = BotProcess::spawn(&api, &data, &[]);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = bot.try_wait() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still running:\n{}",
            bot.log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(!status.success());
    assert!(bot.log().contains(&newer), "{}", bot.log());
    // And the store was left as it was: the fixture's dialogues all there.
    // No flusher thread: sled's holds the directory's lock for a moment
    // after the handle is dropped, and the store is opened next.
    let db = sled::Config::new()
        .path(data.join("dialogues"))
        .flush_every_ms(None)
        .open()
        .unwrap();
    assert_eq!(
        db.open_tree("store")
            .unwrap()
            .get("format")
            .unwrap()
            .as_deref(),
        Some(&[store::FORMAT + 1][..])
    );
    assert_eq!(db.len(), Fixture::load(store::FORMAT).dialogues().count());
}

#[test]
fn the_version_names_the_store_format() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"))
        .arg("--version")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        shown,
        format!(
            "kz-residence-bot {} (store format {}, reads {} to {})\n",
            env!("CARGO_PKG_VERSION"),
            store::FORMAT,
            store::OLDEST_FORMAT,
            store::FORMAT
        )
    );
}

/// The format-5 fixture in a fresh data directory, and the real bot on it
/// at 11:30 on 12.12.2026 in Almaty, with `folder` as its content folder.
struct Upgraded {
    _dir: tempfile::TempDir,
    data: PathBuf,
    clock: Clock,
    api: FakeApi,
    bot: BotProcess,
    fixture: Fixture,
}

impl Upgraded {
    async fn start(folder: Option<&Path>, extra: &[(&str, &str)]) -> Upgraded {
        let fixture = Fixture::load(5);
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        fixture.write_store(&data);
        let clock = Clock::new(dir.path(), "2026-12-12T06:30:00Z");
        let api = FakeApi::start().await;
        let bot = spawn(&api, &data, &clock, folder, extra);
        api.wait_polling().await;
        Upgraded {
            _dir: dir,
            data,
            clock,
            api,
            bot,
            fixture,
        }
    }

    /// Starts the stopped bot again on the same store.
    async fn restart(&mut self, folder: Option<&Path>, extra: &[(&str, &str)]) {
        let since = self.api.call_count();
        self.bot = spawn(&self.api, &self.data, &self.clock, folder, extra);
        self.api
            .wait_for(Duration::from_secs(20), "getUpdates again", |calls| {
                calls[since..].iter().any(|c| c.method == "getupdates")
            })
            .await;
    }

    async fn stop(&mut self) {
        self.bot
            .terminate(Duration::from_secs(10))
            .await
            .expect("stops");
    }

    /// The store as the stopped bot left it.
    fn store(&self) -> std::sync::Arc<store::Store> {
        store::open(&self.data, Durability::Flushed).unwrap()
    }

    fn user(&self, chat: i64) -> TestUser {
        self.api.user(chat, Some("en"))
    }
}

fn spawn(
    api: &FakeApi,
    data: &Path,
    clock: &Clock,
    folder: Option<&Path>,
    extra: &[(&str, &str)],
) -> BotProcess {
    let mut env = vec![
        ("BOT_TEST_ONLY_CLOCK_FILE", clock.path.to_str().unwrap()),
        ("BOT_RATE_LIMIT", "off"),
        ("BOT_STAFF_CHAT", "-1009000"),
        ("BOT_STAFF_LANG", "en"),
    ];
    if let Some(folder) = folder {
        env.push(("BOT_CONTENT_DIR", folder.to_str().unwrap()));
    }
    env.extend_from_slice(extra);
    BotProcess::spawn(api, data, &env)
}

/// A message the bot sent to `chat` before the upgrade, as a press on it
/// arrives days later: its chat and id only.
fn sent_before(chat: i64) -> serde_json::Value {
    json!({
        "chat": {"id": chat, "type": "private", "first_name": "Tester"},
        "message_id": 900,
        "date": 0,
    })
}

/// The lease's reminders sent to `chat` after call `since`.
fn lease_reminders(api: &FakeApi, chat: i64, since: usize) -> Vec<String> {
    api.messages_to(chat, since)
        .into_iter()
        .map(|c| c.text().to_string())
        .filter(|t| t.contains("\"Lease\" can be submitted"))
        .collect()
}

#[tokio::test]
async fn a_reminder_sent_before_a_start_without_the_content_folder_is_not_sent_again_after_it() {
    // 11.12.2026: the lease's reminder 30 days before its last day was sent.
    let content = store_fixture::content();
    let mut upgraded = Upgraded::start(None, &[]).await;
    let user = upgraded.user(LEASE_REMINDED);
    // Started once without the folder (forgotten in a deployment): the
    // lease is on no list, and the reminder loop visits the chat.
    user.say("/checklist", question_sent).await;
    upgraded.stop().await;
    {
        let store = upgraded.store();
        let visited = !store
            .reminders_due(1_797_055_200)
            .iter()
            .any(|(_, chat)| *chat == LEASE_REMINDED);
        assert!(visited, "the loop visited the chat's reminder");
        let sent = store_fixture::read(&store, LEASE_REMINDED).1;
        assert_eq!(
            sent,
            upgraded.fixture.held(LEASE_REMINDED).sent,
            "the record of the reminder sent is kept"
        );
    }
    // The folder back: a document ticked (the chat's reminders planned
    // again), and the reminder is not sent a second time.
    upgraded.restart(Some(&content), &[]).await;
    let since = upgraded.api.call_count();
    let calls = user.say("/checklist", question_sent).await;
    let checklist = last_question(&calls);
    user.press(&checklist, "chk:x-translations", |calls| {
        calls.iter().any(|c| c.method == "editmessagetext")
    })
    .await;
    tokio::time::sleep(Duration::from_millis(2000)).await;
    assert_eq!(
        lease_reminders(&upgraded.api, LEASE_REMINDED, since),
        Vec::<String>::new()
    );
    upgraded.stop().await;
}

/// The fixture's content folder copied into `dir` as `name`, each file
/// changed by `edit` (file name, text → text).
fn folder_copy(dir: &Path, name: &str, edit: impl Fn(&str, String) -> String) -> PathBuf {
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).unwrap();
    for entry in std::fs::read_dir(store_fixture::content()).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(folder.join(&file), edit(&file, text)).unwrap();
    }
    folder
}

/// The admin's notices that the list is due its review, after call `since`.
fn review_notices(api: &FakeApi, since: usize) -> usize {
    api.messages_to(NOTICED_ADMIN as i64, since)
        .iter()
        .filter(|c| c.text().contains("due for review"))
        .count()
}

#[tokio::test]
async fn a_store_of_format_5_carries_on_at_the_firms_questions_with_its_content_folder() {
    // The fixture's folder, its review overdue since 30.10.2026: the admin
    // told on 10.12 is told again a week later, not before.
    let outside = tempfile::tempdir().unwrap();
    let folder = folder_copy(outside.path(), "content", |file, text| match file {
        "review.toml" => "reviewed = 2026-08-01\nevery_days = 90\n".into(),
        _ => text,
    });
    let admins = [("BOT_ADMINS", "9001")];
    let mut upgraded = Upgraded::start(Some(&folder), &admins).await;
    let api = upgraded.api.clone();

    // The choice, answered by its button under the question sent before:
    // the date question that depends on it follows.
    let calls = upgraded
        .user(AT_CHOICE)
        .press_on(sent_before(AT_CHOICE), "a:residence:rent", question_sent)
        .await;
    let next = last_question(&calls);
    assert!(
        next.text().contains("Когда подписан договор аренды?"),
        "{}",
        next.text()
    );
    // The date, typed: the yes/no question follows.
    let calls = upgraded
        .user(AT_DATE)
        .say("12.10.2026", question_sent)
        .await;
    let next = last_question(&calls);
    assert!(
        next.text().contains("Құжаттарыңыздың арасында шет тілінде"),
        "{}",
        next.text()
    );
    // The yes/no, by its button: the summary shows every added answer.
    let calls = upgraded
        .user(AT_YES_NO)
        .press_on(
            sent_before(AT_YES_NO),
            "a:foreign-language:yes",
            question_sent,
        )
        .await;
    let summary = last_question(&calls).text().to_string();
    for line in [
        "Where you will live: In a rented home",
        "Lease signed on: 12 October 2026",
        "Documents in a foreign language: Yes",
    ] {
        assert!(summary.contains(line), "{line:?} in {summary}");
    }
    // The summary stored with every answer: the result lists the
    // documents that depend on them.
    let calls = upgraded
        .user(AT_SUMMARY)
        .press_on(sent_before(AT_SUMMARY), "sum:go", result_sent)
        .await;
    let result = texts_sent(&calls);
    assert!(result.contains("A copy of your lease."), "{result}");
    assert!(
        result.contains("A notarized translation of each document in a foreign language."),
        "{result}"
    );
    // The other summary (own, no), in Russian: no lease.
    let user = upgraded.user(AT_SUMMARY_OWN);
    let calls = user.say("/help", question_sent).await;
    let summary = last_question(&calls).text().to_string();
    assert!(
        summary.contains("Где будете жить: В собственном жилье"),
        "{summary}"
    );
    assert!(
        summary.contains("Документы на иностранном языке: Нет"),
        "{summary}"
    );
    let calls = user
        .press_on(sent_before(AT_SUMMARY_OWN), "sum:go", result_sent)
        .await;
    let result = texts_sent(&calls);
    assert!(!result.contains("договора аренды"), "{result}");

    // The result: the lease ticked, its next reminder planned (the one
    // after its last day cancelled, the one 30 days before sent).
    let user = upgraded.user(LEASE_REMINDED);
    let calls = user.say("/checklist", question_sent).await;
    assert!(
        texts_sent(&calls).contains("✅ Lease"),
        "{}",
        texts_sent(&calls)
    );
    let calls = user.say("/reminders", question_sent).await;
    let planned = texts_sent(&calls);
    assert!(
        planned.contains("3 January 2027: the last day for \"Lease\": 10 January 2027"),
        "{planned}"
    );
    assert!(!planned.contains("has passed"), "{planned}");
    assert!(!planned.contains("11.12.2026"), "{planned}");

    // On 3 January, 10:00 in Almaty: the lease's reminder 7 days before,
    // once; the one sent on 11 December was not sent again; the admin is
    // told again, once.
    let since = api.call_count();
    upgraded.clock.set(NEXT_REMINDER);
    let reminder = api
        .wait_message(LEASE_REMINDED, since, "the lease's reminder", |c| {
            c.text().contains("\"Lease\" can be submitted")
        })
        .await;
    assert_eq!(
        reminder.text(),
        "⏰ Reminder: \"Lease\" can be submitted up to and including 10 January 2027 (7 days from today)."
    );
    api.wait_message(NOTICED_ADMIN as i64, since, "the review notice", |c| {
        c.text().contains("due for review")
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        lease_reminders(&api, LEASE_REMINDED, 0),
        vec![reminder.text().to_string()]
    );
    assert_eq!(review_notices(&api, 0), 1);
    upgraded.stop().await;
    let store = upgraded.store();
    assert_eq!(
        store.review_notice(NOTICED_ADMIN).unwrap(),
        Some(day(2027, 1, 3))
    );
    let sent = store_fixture::read(&store, LEASE_REMINDED).1;
    assert_eq!(
        sent,
        json!([
            [{"DocumentMonth": "lease"}, "2026-12-11"],
            [{"DocumentWeek": "lease"}, "2027-01-03"],
        ])
    );
}
