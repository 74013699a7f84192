//! For the firm's staff, end to end against the fake Bot API: live
//! statistics with a chart, links with QR codes, only for the users in
//! `BOT_ADMINS`, and the same tools on the command line.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use serde_json::{Value, json};

use crate::fake_api::*;

const ADMIN: i64 = 9001;

fn admins() -> [(&'static str, &'static str); 1] {
    [("BOT_ADMINS", "9001, 9002")]
}

/// Walks a whole consultation by typed answers (they are matched in any
/// language), ending with the result.
async fn finish(user: &TestUser, start: &str, answers: &[&str]) {
    user.say(start, question_sent).await;
    for answer in answers {
        user.say(answer, question_sent).await;
    }
    let summary = last_question(&user.calls_since(0));
    user.press(&summary, "sum:go", result_sent).await;
}

const UZBEK_WHOLE_ROUTE: [&str; 7] = [
    "оба документа, один за другим",
    "Узбекистан",
    "нет",
    "47",
    "нет",
    "собственными средствами",
    "17.09.2031",
];

const RUSSIAN_PERMIT: [&str; 7] = [
    "разрешение на постоянное проживание",
    "Россия",
    "нет",
    "52",
    "нет",
    "собственными средствами",
    "03.04.2032",
];

/// Asks for /stats and returns the text and the chart's call.
async fn stats(admin: &TestUser) -> (String, Call) {
    let calls = admin.say("/stats", called("sendphoto")).await;
    let text = calls
        .iter()
        .filter(|c| c.method == "sendmessage")
        .map(|c| c.text().to_string())
        .collect::<Vec<_>>()
        .join("\n");
    let photo = calls.into_iter().find(|c| c.method == "sendphoto").unwrap();
    (text, photo)
}

fn decode_png(bytes: &[u8]) -> (u32, u32, png::ColorType, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("PNG data");
    pixels.truncate(info.buffer_size());
    (info.width, info.height, info.color_type, pixels)
}

/// The chunk types of a PNG, in order.
fn png_chunks(bytes: &[u8]) -> Vec<String> {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "the PNG signature");
    let mut chunks = Vec::new();
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let length = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        chunks.push(String::from_utf8_lossy(&bytes[at + 4..at + 8]).to_string());
        at += 12 + length;
    }
    chunks
}

/// The text a QR code in a PNG holds.
fn read_qr(bytes: &[u8]) -> String {
    let (width, height, color, pixels) = decode_png(bytes);
    assert_eq!(color, png::ColorType::Grayscale);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width as usize, height as usize, |x, y| {
            pixels[y * width as usize + x]
        });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the picture");
    grids[0].decode().expect("the QR code reads").1
}

fn cli(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"));
    command
        .args(args)
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("TELOXIDE_API_URL")
        .env_remove("BOT_DATA_DIR");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("the binary runs")
}

async fn cli_async(args: Vec<String>, env: Vec<(String, String)>) -> Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        cli(&args, &env)
    })
    .await
    .unwrap()
}

fn stats_args(data: &Path) -> Vec<String> {
    vec![
        "stats".into(),
        "--data-dir".into(),
        data.display().to_string(),
    ]
}

#[tokio::test]
async fn an_admin_gets_live_figures_and_a_chart_that_survive_a_restart_and_match_the_command_line()
{
    let (api, mut bot, dir) = start_bot(&admins()).await;
    let data = dir.path().join("data");
    // Two from the office's flyer (one finishes), one finishes without a tag,
    // one starts twice without answering (one consultation, in progress).
    let flyer_done = api.user(7001, Some("ru"));
    finish(&flyer_done, "/start ru-almaty_office", &UZBEK_WHOLE_ROUTE).await;
    api.user(7002, Some("en"))
        .say("/start ru-almaty_office", question_sent)
        .await;
    finish(&api.user(7003, Some("kk")), "/start", &RUSSIAN_PERMIT).await;
    let twice = api.user(7004, Some("en"));
    twice.say("/start", question_sent).await;
    twice.say("/start", question_sent).await;
    // The result shown again in another language is the same result.
    let calls = flyer_done.say("/language", question_sent).await;
    flyer_done
        .press(&last_question(&calls), "lang:en", result_sent)
        .await;

    let admin = api.user(ADMIN, Some("en"));
    let (text, photo) = stats(&admin).await;
    for line in [
        "Started: 4 · 4 · 4",
        "Reached a result: 2 · 2 · 2",
        "In progress: 2 · 2 · 2",
        "Abandoned: 0 · 0 · 0",
        "🇷🇺 Русский: 2 · 2 · 2",
        "🇰🇿 Қазақша: 1 · 1 · 1",
        "🇬🇧 English: 1 · 1 · 1",
        "Both documents: 1 · 1 · 1",
        "Permit for permanent residence: 1 · 1 · 1",
        "Central Asia (Uzbekistan, Kyrgyzstan, Tajikistan, Turkmenistan): 1 · 1 · 1",
        "Russia: 1 · 1 · 1",
        "almaty_office: 2 · 2 · 2 (1)",
        "without a tag: 2 · 2 · 2 (1)",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
    // Counts only: no chat ids, no names, no answers.
    for personal in [
        "7001",
        "7002",
        "7003",
        "7004",
        "Tester",
        "47",
        "52",
        "17.09.2031",
        "03.04.2032",
    ] {
        assert!(!text.contains(personal), "{personal:?} in\n{text}");
    }
    let chart = &photo.upload("photo").expect("the chart as a file").bytes;
    let (width, height, _, _) = decode_png(chart);
    assert_eq!((width, height), (1000, 800));
    assert!(
        (5_000..150_000).contains(&chart.len()),
        "{} bytes",
        chart.len()
    );
    // Pixels only: no text chunks that could carry anything else.
    let chunks = png_chunks(chart);
    assert!(
        chunks
            .iter()
            .all(|c| ["IHDR", "PLTE", "IDAT", "IEND"].contains(&c.as_str())),
        "{chunks:?}"
    );
    assert!(
        photo.caption().contains("last 30 days"),
        "{}",
        photo.caption()
    );

    // A stopped bot's store: the command line prints the same figures.
    assert!(
        bot.terminate(Duration::from_secs(10))
            .await
            .unwrap()
            .success()
    );
    let output = cli_async(stats_args(&data), vec![]).await;
    assert!(output.status.success(), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), text.trim());

    // Running again, the counts are still there, and the command line points to /stats.
    let polls = api.calls_of("getUpdates").len();
    let env: Vec<(&str, &str)> = admins().to_vec();
    let _bot = BotProcess::spawn(&api, &data, &env);
    api.wait_for(Duration::from_secs(20), "polling again", |calls| {
        calls.iter().filter(|c| c.method == "getupdates").count() > polls
    })
    .await;
    let (again, _) = stats(&admin).await;
    assert_eq!(again, text);
    let output = cli_async(stats_args(&data), vec![]).await;
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("the bot is running") && err.contains("/stats") && err.contains("BOT_ADMINS"),
        "{err}"
    );
}

#[tokio::test]
async fn for_anyone_else_the_staff_commands_do_not_exist() {
    let (api, mut bot, _dir) = start_bot(&admins()).await;
    // At the first question, a staff command from a non-admin reads exactly
    // like any unknown command.
    let ann = api.user(7101, Some("en"));
    let bob = api.user(7102, Some("en"));
    ann.say("/start", question_sent).await;
    bob.say("/start", question_sent).await;
    for (staff, unknown) in [
        ("/stats", "/frobnicate"),
        ("/link ru expo", "/frobnicate ru expo"),
    ] {
        let from_ann = texts_sent(&ann.say(staff, question_sent).await);
        let from_bob = texts_sent(&bob.say(unknown, question_sent).await);
        assert_eq!(from_ann, from_bob);
        assert!(from_ann.contains("There is no such command"), "{from_ann}");
        assert!(!from_ann.contains("/stats"), "{from_ann}");
    }
    // An admin in a group: nothing (the consultation's commands are answered there, these are not).
    let group = TestUser {
        api: api.clone(),
        chat_id: -5001,
        user_id: ADMIN,
        language_code: Some("en".into()),
    };
    group.say("/contacts", called("sendmessage")).await;
    let since = api.call_count();
    group.say("/stats", |_| true).await;
    group.say("/link ru expo", |_| true).await;
    // A later command's answer shows the group's updates have been handled.
    group.say("/contacts", called("sendmessage")).await;
    let group_calls = group.calls_since(since);
    assert_eq!(
        group_calls
            .iter()
            .filter(|c| c.method != "sendcontact")
            .count(),
        1,
        "{group_calls:?}"
    );
    assert!(api.calls_of("sendPhoto").is_empty());
    // No staff menu for them: only the admins' chats get one.
    let scoped: Vec<Value> = api
        .calls_of("setMyCommands")
        .iter()
        .filter_map(|c| c.body.get("scope").cloned())
        .collect();
    assert!(
        scoped
            .iter()
            .all(|s| s["chat_id"] == json!(9001) || s["chat_id"] == json!(9002)),
        "{scoped:?}"
    );
    bot.terminate(Duration::from_secs(10)).await;
    assert!(!bot.log().contains("staff:"), "{}", bot.log());
}

#[tokio::test]
async fn admins_get_their_own_menu_in_their_language() {
    let (api, _bot, _dir) = start_bot(&admins()).await;
    // An admin's menu: setMyCommands scoped to their chat.
    let scoped = |calls: &[Call], chat: i64| -> Vec<Call> {
        calls
            .iter()
            .filter(|c| c.method == "setmycommands" && c.body["scope"]["chat_id"] == json!(chat))
            .cloned()
            .collect()
    };
    api.wait_for(Duration::from_secs(10), "both admins' menus", |calls| {
        !scoped(calls, 9001).is_empty() && !scoped(calls, 9002).is_empty()
    })
    .await;
    let menu = &scoped(&api.calls(), 9001)[0];
    assert_eq!(menu.body["scope"]["type"], json!("chat"));
    let commands = menu.body["commands"].as_array().unwrap();
    let names: Vec<&str> = commands
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "start",
            "back",
            "restart",
            "checklist",
            "reminders",
            "pdf",
            "language",
            "contacts",
            "help",
            "forget",
            "stats",
            "link"
        ]
    );
    // No language chosen in the bot yet: English.
    let described = |commands: &Value, name: &str| {
        commands
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["command"] == json!(name))
            .map(|c| c["description"].clone())
            .unwrap()
    };
    assert_eq!(
        described(&menu.body["commands"], "stats"),
        json!("Statistics and a chart (staff)")
    );
    // Everyone else's menus are the consultation's only.
    for call in api.calls_of("setMyCommands") {
        if call.body.get("scope").is_none() {
            let text = call.body["commands"].to_string();
            assert!(
                !text.contains("stats") && !text.contains("\"link\""),
                "{text}"
            );
        }
    }
    // Choosing Russian in the bot brings the menu in Russian.
    let admin = api.user(ADMIN, Some("en"));
    let calls = admin.say("/language", question_sent).await;
    admin
        .press(&last_question(&calls), "lang:ru", question_sent)
        .await;
    api.wait_for(Duration::from_secs(10), "the menu again", |calls| {
        scoped(calls, 9001).len() >= 2
    })
    .await;
    let russian = scoped(&api.calls(), 9001).pop().unwrap();
    assert_eq!(
        described(&russian.body["commands"], "stats"),
        json!("Статистика и диаграмма (сотрудникам)")
    );
    assert_eq!(
        russian.body["commands"][0]["description"],
        json!("Начать консультацию")
    );
}

#[tokio::test]
async fn link_answers_with_a_qr_code_that_reads_back_as_the_link() {
    let (api, _bot, _dir) = start_bot(&admins()).await;
    let admin = api.user(ADMIN, Some("en"));
    let calls = admin
        .say("/link ru almaty_office", called("sendphoto"))
        .await;
    let photo = calls.iter().find(|c| c.method == "sendphoto").unwrap();
    let link = format!("https://t.me/{BOT_USERNAME}?start=ru-almaty_office");
    let caption = photo.caption();
    assert!(caption.starts_with(&link), "{caption}");
    assert!(
        caption.contains("Русский") && caption.contains("Tag: almaty_office"),
        "{caption}"
    );
    let qr = &photo.upload("photo").unwrap().bytes;
    assert_eq!(read_qr(qr), link);
    let (side, _, _, _) = decode_png(qr);
    assert!((950..=1050).contains(&side), "{side} px");

    // Without a language: the admin's; without a tag: none.
    let calls = admin.say("/link", called("sendphoto")).await;
    let photo = calls.iter().find(|c| c.method == "sendphoto").unwrap();
    let plain = format!("https://t.me/{BOT_USERNAME}?start=en");
    assert_eq!(read_qr(&photo.upload("photo").unwrap().bytes), plain);
    assert!(photo.caption().contains("No tag"), "{}", photo.caption());

    // Tags a link cannot carry get a clear answer, and no picture.
    let photos = api.calls_of("sendPhoto").len();
    let calls = admin
        .say("/link ru almaty-office!", called("sendmessage"))
        .await;
    assert!(
        texts_sent(&calls).contains("only Latin letters, digits and _"),
        "{}",
        texts_sent(&calls)
    );
    let long = "a".repeat(61);
    let calls = admin
        .say(&format!("/link kk {long}"), called("sendmessage"))
        .await;
    assert!(
        texts_sent(&calls).contains("61 characters long; at most 60"),
        "{}",
        texts_sent(&calls)
    );
    let calls = admin.say("/link ru a b", called("sendmessage")).await;
    assert!(texts_sent(&calls).contains("/link [kk|ru|en] [tag]"));
    assert_eq!(api.calls_of("sendPhoto").len(), photos);
}

#[tokio::test]
async fn the_command_line_makes_the_same_link_and_qr_code() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("flyer.png");
    let link = "https://t.me/kz_residence_test_bot?start=ru-almaty_office";
    let output = cli(
        &[
            "link",
            "--lang",
            "ru",
            "--tag",
            "almaty_office",
            "--bot",
            "@kz_residence_test_bot",
            "--qr",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert!(output.status.success(), "{output:?}");
    let out = String::from_utf8_lossy(&output.stdout);
    assert_eq!(out.lines().next(), Some(link), "{out}");
    assert!(out.contains("language: ru, tag: almaty_office"), "{out}");
    assert_eq!(read_qr(&std::fs::read(&file).unwrap()), link);

    // The username from Telegram's getMe when a token is set.
    let api = FakeApi::start().await;
    let output = cli_async(
        ["link", "--lang", "kk"].map(String::from).to_vec(),
        vec![
            ("TELOXIDE_TOKEN".into(), TOKEN.into()),
            ("TELOXIDE_API_URL".into(), api.url.clone()),
        ],
    )
    .await;
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).lines().next(),
        Some(format!("https://t.me/{BOT_USERNAME}?start=kk").as_str())
    );
    assert_eq!(api.calls_of("getMe").len(), 1);

    for (args, says) in [
        (
            &["link", "--lang", "ru"][..],
            "pass --bot USERNAME, or set TELOXIDE_TOKEN",
        ),
        (
            &[
                "link",
                "--lang",
                "ru",
                "--tag",
                "almaty office",
                "--bot",
                "kz_bot",
            ],
            "only Latin letters, digits and _",
        ),
        (
            &["link", "--lang", "ru", "--bot", "kz bot!"],
            "--bot must be the bot's username",
        ),
    ] {
        let output = cli(args, &[]);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// Checklists ticked and reminders switched on are counted too, once each
/// press, with no chat named.
#[tokio::test]
async fn ticks_and_reminders_switched_on_are_counted() {
    let (api, _bot, _dir) = start_bot(&admins()).await;
    let user = api.user(7101, Some("ru"));
    finish(&user, "/start", &RUSSIAN_PERMIT).await;
    let list = last_question(&user.say("/checklist", question_sent).await);
    user.press(&list, "chk:application-form", called("editmessagetext"))
        .await;
    let list = last_question(&user.say("/checklist", question_sent).await);
    user.press(&list, "rem:on", called("sendmessage")).await;
    let admin = api.user(ADMIN, Some("en"));
    let (text, _) = stats(&admin).await;
    assert!(text.contains("Documents ticked off: 1 · 1 · 1"), "{text}");
    assert!(text.contains("Reminders switched on: 1 · 1 · 1"), "{text}");
    assert!(!text.contains("7101"), "{text}");
}
