//! Backups end to end, with the real binary against the fake Bot API:
//! `backup` taken from the running bot while 30 consultations go on, a
//! chat forgotten after it, then `restore` into a fresh directory (as on a
//! new server, with the old store's erasure log): every dialogue carries
//! on where the backup left it, the reminder still due is sent once, a
//! request opened before the backup still relays the office's answer, the
//! forgotten chat stays forgotten, and a damaged copy is refused.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use kz_residence_bot::dialogue::Step;
use kz_residence_bot::questions::Question;
use kz_residence_bot::store::{self, ChatRecord, Durability};
use serde_json::json;

use crate::fake_api::*;
use crate::helpers::{ADULT_RUSSIAN_ROUTE as ROUTE, Clock};
use crate::store_fixture;
use crate::store_fixture::{Fixture, NEXT_REMINDER, OPEN_CARD, OPEN_REQUEST, REMINDED, STAFF_CHAT};

/// Dialogues besides the fixture's, so the copy takes many batches.
const FILLERS: i64 = 2_000;
/// The consultations going on while the backup is taken.
const TALKING: i64 = 30;
const FIRST_TALKING: i64 = 7_000;
/// A fixture chat (at the result, in Kazakh) that asks to be forgotten
/// after the backup.
const FORGETS: i64 = 1011;

fn bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"))
}

async fn run(mut command: std::process::Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// The last message to `chat` carrying a button that starts with `prefix`.
fn last_with_button(api: &FakeApi, chat: i64, prefix: &str) -> Call {
    api.messages_to(chat, 0)
        .into_iter()
        .rev()
        .find(|c| c.buttons().iter().any(|b| b.starts_with(prefix)))
        .unwrap_or_else(|| panic!("no message to {chat} with a {prefix} button"))
}

/// Answers `question` as the route does, on the message that asked it.
async fn answer(api: &FakeApi, user: &TestUser, question: Question) {
    let (_, answer) = ROUTE.iter().find(|(q, _)| *q == question).unwrap();
    if answer.starts_with("a:") {
        let asked = last_with_button(api, user.chat_id, &format!("a:{}:", question.id()));
        user.press(&asked, answer, question_sent).await;
    } else {
        user.say(answer, question_sent).await;
    }
}

/// One whole consultation, answered as fast as the bot replies.
async fn consult(api: FakeApi, user: TestUser, answered: Arc<AtomicUsize>) {
    user.say("/start", question_sent).await;
    for (question, _) in ROUTE {
        answer(&api, &user, question).await;
        answered.fetch_add(1, Ordering::Relaxed);
    }
    let summary = last_with_button(&api, user.chat_id, "sum:go");
    user.press(&summary, "sum:go", result_sent).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_of_the_running_bot_under_load_restores_into_a_fresh_directory_and_carries_on() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let fixture = Fixture::load(store::FORMAT);
    fixture.write_store(&data);
    {
        let store = store::open(&data, Durability::Background).unwrap();
        let touched = 1_797_055_200;
        // Chat ids apart from the fixture's (1001 to 1018).
        for chat in 100_001..=100_000 + FILLERS {
            let record = ChatRecord {
                touched,
                ..ChatRecord::default()
            };
            store.write(chat, &record).await.unwrap();
        }
        store.flush_now().unwrap();
    }
    let clock = Clock::new(dir.path(), "2026-12-12T06:30:00Z");
    let env = [
        ("BOT_TEST_ONLY_CLOCK_FILE", clock.path.to_str().unwrap()),
        ("BOT_RATE_LIMIT", "off"),
        ("BOT_STAFF_CHAT", "-1009000"),
        ("BOT_STAFF_LANG", "en"),
    ];
    let api = FakeApi::start().await;
    let mut bot = BotProcess::spawn(&api, &data, &env);
    api.wait_polling().await;

    // Thirty consultations at once; the backup is taken while they go on.
    let answered = Arc::new(AtomicUsize::new(0));
    let talking: Vec<_> = (0..TALKING)
        .map(|i| {
            let user = api.user(FIRST_TALKING + i, Some("en"));
            tokio::spawn(consult(api.clone(), user, answered.clone()))
        })
        .collect();
    while answered.load(Ordering::Relaxed) < 40 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let file = dir.path().join("backups").join("kz.kzb");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let mut backup = bin();
    backup.arg("backup").arg(&file).arg("--data-dir").arg(&data);
    let taken = run(backup).await;
    let answered_during = answered.load(Ordering::Relaxed);
    assert!(taken.status.success(), "{taken:?}\n{}", bot.log());
    let report = text(&taken.stdout);
    println!(
        "{report}(answers given by then: {answered_during} of {})",
        TALKING * 7
    );
    assert!(
        answered_during < (TALKING * 7) as usize,
        "the consultations were still going on"
    );
    assert!(
        report.contains("backup of the running bot written to"),
        "{report}"
    );
    assert!(
        report.contains("open requests to the office: 3"),
        "{report}"
    );
    let dialogues: usize = report
        .lines()
        .find_map(|l| l.strip_prefix("dialogues: "))
        .unwrap()
        .parse()
        .unwrap();
    let fixed = fixture.dialogues().count() + FILLERS as usize;
    assert!(
        (fixed..=fixed + TALKING as usize).contains(&dialogues),
        "{report}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "owner-only");
    }

    // After the backup: a chat is forgotten, the consultations finish.
    let forgets = api.user(FORGETS, Some("kk"));
    forgets.say("/forget", |calls| !calls.is_empty()).await;
    for task in talking {
        task.await.unwrap();
    }
    bot.terminate(Duration::from_secs(10)).await.expect("stops");
    assert!(bot.log().contains("backup taken:"), "{}", bot.log());

    // The stopped store can be backed up too.
    let mut stopped = bin();
    stopped
        .arg("backup")
        .arg(dir.path().join("backups").join("stopped.kzb"))
        .env("BOT_DATA_DIR", &data);
    let stopped = run(stopped).await;
    assert!(stopped.status.success(), "{stopped:?}");
    assert!(text(&stopped.stdout).contains("backup of the stopped store in"));

    // A damaged copy is refused, and nothing is made.
    let bytes = std::fs::read(&file).unwrap();
    let damaged = dir.path().join("backups").join("damaged.kzb");
    std::fs::write(&damaged, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let refused_dir = dir.path().join("refused");
    let mut refused = bin();
    refused
        .arg("restore")
        .arg(&damaged)
        .arg("--data-dir")
        .arg(&refused_dir);
    let refused = run(refused).await;
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains("is truncated"),
        "{refused:?}"
    );
    assert!(!refused_dir.exists());

    // On a new server: the backup and the old store's erasure log.
    let restored = dir.path().join("restored");
    let mut restore = bin();
    restore
        .arg("restore")
        .arg(&file)
        .arg("--data-dir")
        .arg(&restored)
        .arg("--erasures")
        .arg(data.join("erasures"));
    let done = run(restore).await;
    assert!(done.status.success(), "{done:?}");
    let report = text(&done.stdout);
    assert!(
        report.contains("left out, erased on request after the backup was taken: 1 chats"),
        "{report}"
    );
    assert!(
        report.contains(&format!("dialogues: {}", dialogues - 1)),
        "{report}"
    );

    // Where each consultation stood in the backup.
    let steps: HashMap<i64, Step> = {
        let store = store::open(&restored, Durability::Background).unwrap();
        assert_eq!(
            store.read(FORGETS).unwrap(),
            None,
            "forgotten after the backup"
        );
        store_fixture::assert_nothing_lost(
            &store,
            &Fixture {
                held: fixture
                    .held
                    .iter()
                    .filter(|h| h.chat != FORGETS)
                    .cloned()
                    .collect(),
                ..Fixture::load(store::FORMAT)
            },
            false,
        );
        (0..TALKING)
            .filter_map(|i| {
                let chat = FIRST_TALKING + i;
                Some((chat, store.read(chat).unwrap()?.session.step))
            })
            .collect()
    };
    assert!(
        steps.values().any(|s| *s != Step::Result),
        "some consultations were mid-way at the backup: {steps:?}"
    );

    let polls = api.calls_of("getUpdates").len();
    let mut bot = BotProcess::spawn(&api, &restored, &env);
    api.wait_for(
        Duration::from_secs(20),
        "the restored bot polling",
        |calls| calls.iter().filter(|c| c.method == "getupdates").count() > polls,
    )
    .await;
    // Every consultation goes on from where the backup left it.
    for (chat, step) in &steps {
        let user = api.user(*chat, Some("en"));
        match step {
            Step::Ask(question) => answer(&api, &user, *question).await,
            Step::Summary => {
                let summary = last_with_button(&api, *chat, "sum:go");
                user.press(&summary, "sum:go", result_sent).await;
            }
            _ => {}
        }
    }
    // The office's answer to a request opened before the backup is relayed.
    let staff = TestUser {
        api: api.clone(),
        chat_id: STAFF_CHAT,
        user_id: 501,
        language_code: Some("en".into()),
    };
    let card = json!({
        "message_id": OPEN_CARD,
        "date": 1_797_048_000,
        "chat": {"id": STAFF_CHAT, "type": "supergroup", "title": "Test group"},
        "from": {"id": BOT_ID, "is_bot": true, "first_name": "Residence", "username": BOT_USERNAME},
        "text": "request card",
    });
    // Later than any staff message the request has seen (ids only grow in a chat).
    let since = staff.post(json!({
        "message_id": 5000,
        "text": "Come on Monday.",
        "reply_to_message": card,
    }));
    let relayed = api
        .wait_message(OPEN_REQUEST, since, "the office's answer", |c| {
            c.text().contains("Come on Monday.")
        })
        .await;
    assert!(relayed.text().contains("938NKR"), "{}", relayed.text());
    // The reminder due next is sent once.
    let since = api.call_count();
    clock.set(NEXT_REMINDER);
    api.wait_message(REMINDED, since, "the reminder", |c| c.text().contains("⏰"))
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let reminders = api
        .messages_to(REMINDED, since)
        .into_iter()
        .filter(|c| c.text().contains("⏰"))
        .count();
    assert_eq!(reminders, 1);
    assert!(api.messages_to(FORGETS, since).is_empty());
    bot.terminate(Duration::from_secs(10)).await.expect("stops");

    let store = store::open(&restored, Durability::Background).unwrap();
    assert_eq!(store.read(FORGETS).unwrap(), None);
    for (chat, before) in &steps {
        let now = store.read(*chat).unwrap().unwrap().session.step;
        let advanced = *before == Step::Result || position(now) > position(*before);
        assert!(advanced, "chat {chat}: {before:?}, then {now:?}");
    }
    assert_files_private(&restored);
}

/// Where a step stands on the route.
fn position(step: Step) -> usize {
    match step {
        Step::Ask(q) => ROUTE.iter().position(|(r, _)| *r == q).unwrap() + 1,
        Step::Summary => ROUTE.len() + 1,
        Step::Result | Step::GiveDate(_) => ROUTE.len() + 2,
        Step::New | Step::ChooseLanguage => 0,
    }
}

/// The restored data directory is the owner's alone, as the bot makes it.
fn assert_files_private(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(dir), 0o700);
        assert_eq!(mode(&dir.join("erasures")), 0o600);
    }
}
