//! Running it for years: webhook mode and its secret, health checks,
//! graceful shutdown, the privacy sweep, the staff's statistics from a
//! stopped store, and logs.

use std::time::Duration;

use kz_residence_bot::answers::{Answers, Stage};
use kz_residence_bot::dialogue::{Session, Step};
use kz_residence_bot::lang::Lang;
use kz_residence_bot::questions::Question;
use kz_residence_bot::store::ChatRecord;
use kz_residence_bot::store::sweep as privacy;
use kz_residence_bot::store::{self as storage, Durability, Store};
use serde_json::{Value, json};
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

use crate::fake_api::*;

const DAY: i64 = 86_400;

fn start_update(user: &TestUser, id: i64) -> String {
    json!({
        "update_id": id,
        "message": user.message_json(json!({
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}]
        }))
    })
    .to_string()
}

#[tokio::test]
async fn webhook_requests_without_the_right_secret_are_refused_and_leave_no_trace() {
    let mut hook = start_webhook_bot(&[]).await;
    let set = hook.api.calls_of("setWebhook").pop().unwrap();
    assert_eq!(
        set.body["url"],
        json!("https://bot.example.org/telegram/hook")
    );
    assert_eq!(set.body["secret_token"], json!("the-right-secret_42"));

    let intruder = hook.api.user(3001, Some("en"));
    let path = "/telegram/hook";
    let json_type = ("Content-Type", "application/json");
    let (status, _) = http(
        &hook.addr,
        "POST",
        path,
        &[json_type],
        &start_update(&intruder, 1),
    )
    .await;
    assert_eq!(status, 401, "no secret");
    let wrong = ("X-Telegram-Bot-Api-Secret-Token", "guess");
    let (status, _) = http(
        &hook.addr,
        "POST",
        path,
        &[json_type, wrong],
        &start_update(&intruder, 2),
    )
    .await;
    assert_eq!(status, 401, "wrong secret");

    let user = hook.api.user(3002, Some("en"));
    let right = ("X-Telegram-Bot-Api-Secret-Token", "the-right-secret_42");
    let before = hook.api.call_count();
    let (status, _) = http(
        &hook.addr,
        "POST",
        path,
        &[json_type, right],
        &start_update(&user, 3),
    )
    .await;
    assert_eq!(status, 200, "the right secret");
    hook.api
        .wait_for(REPLY_TIMEOUT, "the answer to the real user", |calls| {
            calls[before..]
                .iter()
                .any(|c| c.chat_id() == Some(3002) && c.method == "sendmessage")
        })
        .await;
    assert!(
        hook.api.calls().iter().all(|c| c.chat_id() != Some(3001)),
        "nothing was said to the intruder's chat"
    );

    let (status, body) = http(&hook.addr, "GET", "/healthz", &[], "").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.starts_with("ok: last successful Bot API call"),
        "{body}"
    );

    let exit = hook
        .bot
        .terminate(Duration::from_secs(10))
        .await
        .expect("exits after SIGTERM");
    assert!(exit.success(), "{exit:?}\n{}", hook.bot.log());
    assert!(
        !hook.api.calls_of("deleteWebhook").is_empty(),
        "the webhook is removed on the way out"
    );
    let data = hook.bot.data_dir.clone();
    assert!(
        stored(&data, 3001).await.is_none(),
        "no trace of refused requests"
    );
    assert_eq!(
        stored(&data, 3002).await.unwrap().session.step,
        Step::Ask(Question::Stage)
    );
}

/// `kz-residence-bot healthcheck` as Docker runs it, in the bot's environment.
async fn healthcheck(env: &[(&str, &str)]) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"));
    command.arg("healthcheck").env_clear();
    for (k, v) in env {
        command.env(k, v);
    }
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

/// Runs the health check until it gives `healthy`; returns its last output.
async fn healthcheck_until(
    healthy: bool,
    within: Duration,
    env: &[(&str, &str)],
) -> std::process::Output {
    let deadline = std::time::Instant::now() + within;
    loop {
        let output = healthcheck(env).await;
        if output.status.success() == healthy {
            return output;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still {}healthy after {within:?}: {output:?}",
            if healthy { "un" } else { "" }
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

#[tokio::test]
async fn the_healthcheck_fails_when_polling_has_failed_longer_than_the_threshold_and_says_why() {
    let (api, _bot, dir) = start_bot(&[("BOT_HEALTH_FAIL_AFTER", "2")]).await;
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let env = [("BOT_DATA_DIR", data), ("BOT_HEALTH_FAIL_AFTER", "2")];
    let healthy = healthcheck(&env).await;
    assert!(healthy.status.success(), "{healthy:?}");
    assert!(
        String::from_utf8_lossy(&healthy.stdout).contains("healthy: last successful getUpdates"),
        "{healthy:?}"
    );

    // The token is revoked: every getUpdates is refused.
    let revoked = std::time::Instant::now();
    api.set_fault(Some(std::sync::Arc::new(|method: &str, _: &Value| {
        (method == "getupdates").then(faults::unauthorized)
    })));
    let sick = healthcheck_until(false, Duration::from_secs(10), &env).await;
    assert!(
        revoked.elapsed() >= Duration::from_secs(2),
        "not before the threshold"
    );
    let why = stderr(&sick);
    assert!(
        why.contains("unhealthy: no successful getUpdates for"),
        "{why}"
    );
    assert!(why.contains("Telegram rejected the token"), "{why}");

    // Telegram takes the token again: healthy again.
    api.set_fault(None);
    healthcheck_until(true, Duration::from_secs(15), &env).await;

    // Polling stuck: getUpdates never answers, and nothing reports an error.
    api.stall("getUpdates", true);
    let stuck = healthcheck_until(false, Duration::from_secs(10), &env).await;
    assert!(
        stderr(&stuck).contains("unhealthy: no successful getUpdates for"),
        "{stuck:?}"
    );
    api.stall("getUpdates", false);
    healthcheck_until(true, Duration::from_secs(25), &env).await;

    // A bot that is not running at all is not healthy either.
    let nothing = tempfile::tempdir().unwrap();
    let none = healthcheck(&[("BOT_DATA_DIR", nothing.path().to_str().unwrap())]).await;
    assert!(!none.status.success());
    assert!(stderr(&none).contains("the bot is not running"), "{none:?}");
}

#[tokio::test]
async fn the_healthcheck_asks_the_webhook_listener_which_judges_the_bot_api() {
    let hook = start_webhook_bot(&[("BOT_HEALTH_FAIL_AFTER", "2")]).await;
    let port = hook.addr.rsplit(':').next().unwrap().to_string();
    let listen = format!("0.0.0.0:{port}");
    let env = [
        ("BOT_WEBHOOK_URL", "https://bot.example.org/telegram/hook"),
        ("BOT_LISTEN_ADDR", listen.as_str()),
        ("BOT_HEALTH_FAIL_AFTER", "2"),
    ];
    let healthy = healthcheck(&env).await;
    assert!(healthy.status.success(), "{healthy:?}");

    // The Bot API refuses the token: /healthz says so once past the threshold.
    hook.api
        .set_fault(Some(std::sync::Arc::new(|method: &str, _: &Value| {
            (method == "getwebhookinfo").then(faults::unauthorized)
        })));
    let sick = healthcheck_until(false, Duration::from_secs(10), &env).await;
    let why = stderr(&sick);
    assert!(
        why.contains("unhealthy: no successful Bot API call for"),
        "{why}"
    );
    assert!(why.contains("Telegram rejected the token"), "{why}");
    let (status, body) = http(&hook.addr, "GET", "/healthz", &[], "").await;
    assert_eq!(status, 503, "{body}");
    hook.api.set_fault(None);
    healthcheck_until(true, Duration::from_secs(10), &env).await;

    let elsewhere = format!("0.0.0.0:{}", free_port());
    let nobody = healthcheck(&[
        ("BOT_WEBHOOK_URL", "https://bot.example.org/telegram/hook"),
        ("BOT_LISTEN_ADDR", elsewhere.as_str()),
    ])
    .await;
    assert!(!nobody.status.success(), "nothing listens there");
    assert!(stderr(&nobody).contains("does not answer"), "{nobody:?}");
}

/// Which question a sent message asks, from its buttons.
fn asked(call: &Call) -> Option<Question> {
    call.buttons().iter().find_map(|b| {
        let id = b.strip_prefix("a:")?.split(':').next()?;
        Question::from_id(id)
    })
}

#[tokio::test]
async fn sigterm_under_load_exits_0_with_every_answered_step_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let api = FakeApi::start().await;
    let mut bot = BotProcess::spawn(&api, &data, &[]);
    api.wait_polling().await;
    let users: Vec<TestUser> = (0..30).map(|i| api.user(4000 + i, Some("en"))).collect();
    for user in &users {
        user.say("/start", question_sent).await;
    }
    // Everyone presses at once; SIGTERM lands while those updates are being handled.
    for user in &users {
        let question = last_question(&user.calls_since(0));
        let query = json!({
            "id": format!("q{}", user.chat_id),
            "from": {"id": user.user_id, "is_bot": false, "first_name": "T", "language_code": "en"},
            "chat_instance": "x",
            "message": question.result,
            "data": "a:stage:both",
        });
        api.push(json!({"callback_query": query}));
    }
    api.wait_for(REPLY_TIMEOUT, "the first answers", |calls| {
        calls
            .iter()
            .filter(|c| c.method == "answercallbackquery")
            .count()
            >= 1
    })
    .await;
    // Before the fix in telegram::stop_on_signal this hung in about 1 run of 8.
    let Some(status) = bot.terminate(Duration::from_secs(10)).await else {
        panic!("did not stop within 10 s:\n{}", bot.log());
    };
    assert!(status.success(), "{status:?}\n{}", bot.log());
    assert!(bot.log().contains("SIGTERM received"), "{}", bot.log());
    // Whatever question a user was shown last is the step stored on disk.
    for user in &users {
        let last_shown = asked(&last_question(&user.calls_since(0))).unwrap();
        let state = stored(&data, user.chat_id).await.expect("stored");
        assert_eq!(
            state.session.step,
            Step::Ask(last_shown),
            "chat {}",
            user.chat_id
        );
    }
}

fn state(
    stage: Option<Stage>,
    step: Step,
    lang: Option<Lang>,
    tag: Option<&str>,
    touched: i64,
) -> ChatRecord {
    ChatRecord {
        session: Session {
            lang,
            step,
            answers: Answers {
                stage,
                ..Answers::default()
            },
            tag: tag.map(String::from),
            ..Session::default()
        },
        touched,
        handled: Default::default(),
        unreadable: false,
    }
}

async fn put(store: &std::sync::Arc<Store>, chat: i64, s: ChatRecord) {
    <_ as Storage<ChatRecord>>::update_dialogue(store.clone(), ChatId(chat), s)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_privacy_sweep_deletes_exactly_the_dialogues_untouched_for_the_retention_period() {
    let dir = tempfile::tempdir().unwrap();
    {
        // A value this version cannot read: its age is unknown, so it stays.
        // No flusher thread: sled's holds the directory's lock for a moment
        // after the handle is dropped, and the store is opened next.
        let db = sled::Config::new()
            .path(dir.path().join("dialogues"))
            .flush_every_ms(None)
            .open()
            .unwrap();
        db.insert(7i64.to_be_bytes(), b"\x09old".to_vec()).unwrap();
        db.flush().unwrap();
    }
    let store = storage::open(dir.path(), Durability::Flushed).unwrap();
    let now = 1_800_000_000;
    let ages = [
        (1, 0),
        (2, 89 * DAY),
        (3, 90 * DAY - 1),
        (4, 90 * DAY + 1),
        (5, 400 * DAY),
        (6, 91 * DAY),
    ];
    for (chat, age) in ages {
        put(
            &store,
            chat,
            state(
                None,
                Step::Ask(Question::Stage),
                Some(Lang::English),
                None,
                now - age,
            ),
        )
        .await;
    }
    let swept = privacy::sweep(&store, now, Duration::from_secs(90 * DAY as u64)).unwrap();
    assert_eq!(swept, 3);
    let left: Vec<i64> = store.entries().map(|(id, _)| id).collect();
    assert_eq!(left, vec![1, 2, 3, 7]);
    // A dialogue touched again is not deleted for its old time.
    put(
        &store,
        2,
        state(None, Step::Ask(Question::Stage), None, None, now),
    )
    .await;
    let later = now + 2 * DAY;
    assert_eq!(
        privacy::sweep(&store, later, Duration::from_secs(90 * DAY as u64)).unwrap(),
        1
    );
    let left: Vec<i64> = store.entries().map(|(id, _)| id).collect();
    assert_eq!(
        left,
        vec![1, 2, 7],
        "chat 3 (89 days + 2) went, chat 2 stays"
    );
}

#[tokio::test]
async fn a_store_from_before_the_time_index_is_indexed_once_and_then_swept() {
    let dir = tempfile::tempdir().unwrap();
    let now = 1_800_000_000;
    {
        // Written the way earlier builds did: dialogues only, no index.
        // No flusher thread: sled's holds the directory's lock for a moment
        // after the handle is dropped, and the store is opened next.
        let db = sled::Config::new()
            .path(dir.path().join("dialogues"))
            .flush_every_ms(None)
            .open()
            .unwrap();
        for (chat, age) in [(1i64, DAY), (2, 100 * DAY), (3, 200 * DAY)] {
            let s = state(
                None,
                Step::Ask(Question::Age),
                Some(Lang::Russian),
                None,
                now - age,
            );
            db.insert(chat.to_be_bytes(), storage::encode(&s).unwrap())
                .unwrap();
        }
        db.flush().unwrap();
    }
    let store = storage::open(dir.path(), Durability::Flushed).unwrap();
    let retention = Duration::from_secs(90 * DAY as u64);
    assert_eq!(
        privacy::sweep(&store, now, retention).unwrap(),
        0,
        "not indexed yet"
    );
    assert_eq!(store.index_if_missing().unwrap(), 3);
    assert_eq!(store.index_if_missing().unwrap(), 0, "only once");
    assert_eq!(privacy::sweep(&store, now, retention).unwrap(), 2);
    let left: Vec<i64> = store.entries().map(|(id, _)| id).collect();
    assert_eq!(left, vec![1]);
}

#[tokio::test]
async fn stats_prints_the_staffs_figures_from_the_counters_of_a_stopped_bots_store() {
    use kz_residence_bot::rules::Citizenship;
    use kz_residence_bot::staff::tally::{self, Tally};
    use kz_residence_bot::store::counters::Counters;
    let dir = tempfile::tempdir().unwrap();
    let today = kz_residence_bot::calendar::kazakhstan_today();
    let ago = |days: u64| today - chrono::Days::new(days);
    {
        let store = storage::open(dir.path(), Durability::Flushed).unwrap();
        let counters = Counters::open(&store).unwrap();
        let session = |lang, tag: Option<&str>, stage, citizenship| Session {
            lang: Some(lang),
            step: Step::Result,
            answers: Answers {
                stage,
                citizenship,
                ..Answers::default()
            },
            tag: tag.map(String::from),
            ..Session::default()
        };
        let started = |s: &Session| tally::counts(Tally::Started, s);
        let finished = |s: &Session| tally::counts(Tally::Finished, s);
        // Began today, finished today.
        let one = session(
            Lang::Russian,
            Some("almaty_office"),
            Some(Stage::WholeRoute),
            Some(Citizenship::Uzbekistan),
        );
        counters.began(1, today, &started(&one), false).unwrap();
        counters.finished(1, today, &finished(&one)).unwrap();
        // Began yesterday: in progress.
        let two = session(Lang::English, None, None, None);
        counters.began(2, ago(1), &started(&two), false).unwrap();
        // Began three days ago, no result: abandoned.
        let three = session(Lang::Kazakh, Some("expo"), None, None);
        counters.began(3, ago(3), &started(&three), false).unwrap();
        // Began ten days ago, finished the next day: counted on the day it began.
        let four = session(
            Lang::Russian,
            Some("almaty_office"),
            Some(Stage::PermanentResidencePermit),
            Some(Citizenship::China),
        );
        counters.began(4, ago(10), &started(&four), false).unwrap();
        counters.finished(4, ago(9), &finished(&four)).unwrap();
        // Outside the 30 days.
        counters.began(5, ago(40), &started(&two), false).unwrap();
        counters.save().unwrap();
        store.flush_now().unwrap();
    }
    let chart = dir.path().join("chart.png");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"))
        .args(["stats", "--lang", "ru", "--chart"])
        .arg(&chart)
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let out = String::from_utf8_lossy(&output.stdout);
    for line in [
        "📊 Консультации по дню начала (время Казахстана): сегодня · 7 дней · 30 дней",
        "Начато: 1 · 3 · 4",
        "Дошли до результата: 1 · 1 · 2",
        "В процессе: 0 · 1 · 1",
        "Прервано: 0 · 1 · 1",
        "Начатые консультации по языкам:\n🇷🇺 Русский: 1 · 1 · 2\n",
        "🇬🇧 English: 0 · 1 · 1",
        "🇰🇿 Қазақша: 0 · 1 · 1",
        "Оба документа: 1 · 1 · 1",
        "Разрешение на постоянное проживание: 0 · 0 · 1",
        "Центральная Азия (Узбекистан, Кыргызстан, Таджикистан, Туркменистан): 1 · 1 · 1",
        "Китай: 0 · 0 · 1",
        "\nalmaty_office: 1 · 1 · 2 (2)\n",
        "expo: 0 · 1 · 1 (0)",
        "без метки: 0 · 1 · 1 (0)",
    ] {
        assert!(out.contains(line), "{line:?} not in\n{out}");
    }
    let png = std::fs::read(&chart).expect("the chart written");
    assert_eq!(&png[1..4], b"PNG");

    // No store there: said plainly.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"))
        .args(["stats", "--data-dir"])
        .arg(dir.path().join("elsewhere"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is --data-dir right?"));
}

#[tokio::test]
async fn logs_name_chats_and_events_but_never_answers_or_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let api = FakeApi::start().await;
    let mut bot = BotProcess::spawn(&api, &dir.path().join("data"), &[]);
    api.wait_polling().await;
    let user = api.user(5002, Some("ru"));
    user.say("/start", question_sent).await;
    for answer in [
        "оба документа, один за другим",
        "Узбекистан",
        "нет",
        "47",
        "нет",
        "собственными средствами",
        "17.09.2031",
    ] {
        user.say(answer, question_sent).await;
    }
    let summary = last_question(&user.calls_since(0));
    user.press(&summary, "sum:go", called("sendcontact")).await;
    bot.terminate(Duration::from_secs(10)).await.expect("stops");
    let log = bot.log();
    assert!(log.contains("chat 5002: consultation started"), "{log}");
    assert!(log.contains("chat 5002: consultation finished"), "{log}");
    for secret in [
        "Узбекистан",
        "17.09.2031",
        "собственными",
        TOKEN,
        "TEST_token",
    ] {
        assert!(!log.contains(secret), "{secret:?} in the log:\n{log}");
    }
}

#[test]
fn every_stored_state_reads_back_as_written_and_records_from_earlier_builds_still_read() {
    use kz_residence_bot::companion::{Companion, GivenDate, Reminder};
    use kz_residence_bot::dialogue::DateQuestion;
    use kz_residence_bot::rules::{Citizenship, Solvency};
    use kz_residence_bot::store::HandledUpdates;
    let session = Session {
        lang: Some(Lang::Kazakh),
        step: Step::Ask(Question::DocumentExpiry),
        answers: Answers {
            stage: Some(Stage::WholeRoute),
            citizenship: Some(Citizenship::China),
            ethnic_kazakh: Some(true),
            refugee: Some(false),
            age: Some(15),
            children_14_to_18: None,
            solvency: Some(Solvency::Contract),
            document_expiry: chrono::NaiveDate::from_ymd_opt(2031, 3, 15),
            ..Answers::default()
        },
        tag: Some("almaty_office".into()),
        companion: Companion::default(),
    };
    // Eight handled updates kept, the oldest two of ten forgotten.
    let handled: HandledUpdates = (700_001..=700_010).collect();
    assert_eq!(handled.ids(), (700_003..=700_010).collect::<Vec<_>>());
    let full = ChatRecord {
        session: session.clone(),
        touched: 1_800_000_000,
        handled,
        unreadable: false,
    };
    let mut with_companion = full.clone();
    with_companion.session.step = Step::GiveDate(DateQuestion::CertificateIssued);
    with_companion.session.companion = Companion {
        ticked: vec!["application-form".into(), "criminal-record".into()],
        last_ticked: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
        certificate: Some(GivenDate {
            date: chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            given_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        }),
        submitted: None,
        reminders_since: chrono::NaiveDate::from_ymd_opt(2026, 11, 19),
        cancelled: vec![Reminder::Nudge],
    };
    let empty = ChatRecord::default();
    for state in [full.clone(), with_companion.clone(), empty] {
        let bytes = storage::encode(&state).unwrap();
        assert_eq!(bytes[0], 5, "the current version");
        assert_eq!(storage::decode(&bytes), Some(state.clone()), "{bytes:?}");
    }
    // About 50 bytes of answers, and 8 update ids of 3 bytes each.
    let size = storage::encode(&full).unwrap().len();
    assert!(size < 90, "compact: {size} bytes");
    assert!(
        storage::encode(&with_companion).unwrap().len() < 190,
        "compact with a companion"
    );

    // What builds before the ring stored: the newest handled update only.
    let carried_over = ChatRecord {
        session: session.clone(),
        touched: 1_800_000_000,
        handled: [42].into_iter().collect(),
        unreadable: false,
    };
    // Version 3 (postcard), as the build with the companion wrote it (its
    // answers had no room yet for those to the firm's questions).
    #[derive(serde::Serialize)]
    struct AnswersV3 {
        stage: Option<Stage>,
        citizenship: Option<Citizenship>,
        ethnic_kazakh: Option<bool>,
        refugee: Option<bool>,
        age: Option<u8>,
        children_14_to_18: Option<bool>,
        solvency: Option<Solvency>,
        document_expiry: Option<chrono::NaiveDate>,
    }
    #[derive(serde::Serialize)]
    struct SessionV3 {
        lang: Option<Lang>,
        step: Step,
        answers: AnswersV3,
        tag: Option<String>,
        companion: Companion,
    }
    #[derive(serde::Serialize)]
    struct WithLastUpdate {
        session: SessionV3,
        touched: i64,
        last_update: u32,
    }
    let a = &session.answers;
    let earlier = WithLastUpdate {
        session: SessionV3 {
            lang: session.lang,
            step: session.step,
            answers: AnswersV3 {
                stage: a.stage,
                citizenship: a.citizenship,
                ethnic_kazakh: a.ethnic_kazakh,
                refugee: a.refugee,
                age: a.age,
                children_14_to_18: a.children_14_to_18,
                solvency: a.solvency,
                document_expiry: a.document_expiry,
            },
            tag: session.tag.clone(),
            companion: session.companion.clone(),
        },
        touched: 1_800_000_000,
        last_update: 42,
    };
    let mut v3 = vec![3u8];
    v3.extend(postcard::to_stdvec(&earlier).unwrap());
    assert_eq!(storage::decode(&v3), Some(carried_over.clone()));
    // Version 2, byte for byte as the build before the companion wrote it.
    let v2 = b"\x02\x01\x00\x02\x07\x01\x02\x01\x00\x01\x01\x01\x00\x01\x0f\x00\x01\x01\x01\x0a\
        2031-03-15\x01\x0dalmaty_office\x80\xc8\xce\xb4\x0d\x2a";
    assert_eq!(storage::decode(v2), Some(carried_over.clone()));
    // Version 1 (JSON), as builds before the compact encoding wrote it.
    let mut v1 = vec![1u8];
    v1.extend(serde_json::to_vec(&earlier).unwrap());
    assert_eq!(storage::decode(&v1), Some(carried_over));
    // Version 1 without an update id (the oldest builds): nothing handled.
    let v1_oldest = [&[1u8][..], br#"{"session":{"step":"New"},"touched":5}"#].concat();
    assert_eq!(
        storage::decode(&v1_oldest).map(|s| s.handled),
        Some(HandledUpdates::default())
    );
    assert_eq!(storage::decode(b"\x09junk"), None);
    assert_eq!(storage::decode(b"\x04junk"), None);
}

/// A message Telegram sends in a shape teloxide cannot parse (`date` as a
/// string), carrying a name, a username, a phone number and a passport number.
fn unreadable_update(user: &TestUser) -> Value {
    let mut message = user.message_json(json!({
        "text": "my passport N98765432, Aigerim Nurlanovna, +77011234567"
    }));
    message["date"] = json!("yesterday");
    for who in ["from", "chat"] {
        message[who]["first_name"] = json!("Aigerim");
        message[who]["last_name"] = json!("Nurlanovna");
        message[who]["username"] = json!("aigerim_k");
    }
    json!({ "message": message })
}

const PERSONAL: [&str; 5] = [
    "N98765432",
    "Aigerim",
    "Nurlanovna",
    "aigerim_k",
    "77011234567",
];

#[tokio::test]
async fn an_update_the_bot_cannot_read_is_logged_as_dropped_without_names_or_text() {
    let (api, mut bot, _dir) = start_bot(&[]).await;
    let user = api.user(5003, Some("en"));
    let id = api.push(unreadable_update(&user));
    // The bot goes on: the next update from the same chat is answered.
    user.say("/start", question_sent).await;
    bot.terminate(Duration::from_secs(10)).await.expect("stops");
    let log = bot.log();
    assert!(
        log.contains(&format!(
            "dropped an update the bot cannot read (update {id}, chat 5003)"
        )),
        "{log}"
    );
    for secret in PERSONAL {
        assert!(!log.contains(secret), "{secret:?} in the log:\n{log}");
    }
}

#[tokio::test]
async fn in_webhook_mode_too_an_unreadable_update_is_logged_without_names_or_text() {
    let mut hook = start_webhook_bot(&[]).await;
    let user = hook.api.user(5004, Some("en"));
    let mut update = unreadable_update(&user);
    update["update_id"] = json!(4242);
    let headers = [
        ("Content-Type", "application/json"),
        ("X-Telegram-Bot-Api-Secret-Token", "the-right-secret_42"),
    ];
    let path = "/telegram/hook";
    let (status, _) = http(&hook.addr, "POST", path, &headers, &update.to_string()).await;
    assert_eq!(
        status, 200,
        "taken (and dropped), or Telegram sends it forever"
    );
    // Not JSON an update can be made of at all.
    let (status, _) = http(
        &hook.addr,
        "POST",
        path,
        &headers,
        r#"{"update_id": "N98765432"}"#,
    )
    .await;
    assert_eq!(status, 200);
    let before = hook.api.call_count();
    let (status, _) = http(
        &hook.addr,
        "POST",
        path,
        &headers,
        &start_update(&user, 4243),
    )
    .await;
    assert_eq!(status, 200);
    hook.api
        .wait_for(REPLY_TIMEOUT, "the next update answered", |calls| {
            calls[before..].iter().any(|c| c.chat_id() == Some(5004))
        })
        .await;
    hook.bot
        .terminate(Duration::from_secs(10))
        .await
        .expect("stops");
    let log = hook.bot.log();
    assert!(
        log.contains("dropped an update the bot cannot read (update 4242, chat 5004)"),
        "{log}"
    );
    assert!(
        log.contains("dropped an update the bot cannot read (update unknown, chat unknown)"),
        "{log}"
    );
    for secret in PERSONAL {
        assert!(!log.contains(secret), "{secret:?} in the log:\n{log}");
    }
}
