//! End to end: the real bot binary against a fake Bot API on 127.0.0.1,
//! walking whole conversations the way a person on a phone would.

use std::time::Duration;

use kz_residence_bot::dialogue::Step;
use kz_residence_bot::questions::Question;
use serde_json::json;

use crate::fake_api::*;
use crate::helpers::press;

async fn say(user: &TestUser, text: &str) -> Vec<Call> {
    user.say(text, question_sent).await
}

fn step(calls: &[Call]) -> Call {
    last_question(calls)
}

#[tokio::test]
async fn whole_consultation_in_kazakh_by_buttons() {
    let (api, mut bot, _dir) = start_bot(&[]).await;
    let aigerim = api.user(2001, Some("kk"));
    let calls = say(&aigerim, "/start").await;
    let q = step(&calls);
    assert!(q.text().contains("Сізге қай құжат керек?"), "{}", q.text());

    let calls = press(&aigerim, &q, "a:stage:both").await;
    // The pressed question now reads as a record with the answer under it.
    api.wait_for(
        REPLY_TIMEOUT,
        "the question edited",
        called_on(2001, "editmessagetext"),
    )
    .await;
    let edit = api.calls_of("editMessageText").pop().unwrap();
    assert_eq!(edit.body["message_id"], json!(q.message_id()));
    assert!(
        edit.text().ends_with("✅ Екеуі де, бірінен соң бірі"),
        "{}",
        edit.text()
    );
    assert!(
        edit.buttons().is_empty(),
        "the answered question keeps no buttons"
    );
    assert!(!api.calls_of("answerCallbackQuery").is_empty());

    let q = step(&calls);
    let calls = press(&aigerim, &q, "a:citizenship:cn").await;
    let q = step(&calls);
    assert!(q.text().contains("этникалық қазақсыз ба"), "{}", q.text());
    let calls = press(&aigerim, &q, "a:ethnic-kazakh:yes").await;
    press(&aigerim, &step(&calls), "a:refugee:no").await;
    let calls = say(&aigerim, "34").await;
    let calls = press(&aigerim, &step(&calls), "a:children:yes").await;
    press(&aigerim, &step(&calls), "a:solvency:contract").await;
    let calls = say(&aigerim, "15.03.2031").await;
    let summary = step(&calls);
    assert!(
        summary.text().contains("Жауаптарыңызды тексеріңіз"),
        "{}",
        summary.text()
    );
    let calls = aigerim.press(&summary, "sum:go", result_sent).await;
    let text = texts_sent(&calls);
    for phrase in [
        "1-кезең. Тұрақты тұруға рұқсат",
        "полицияның көші-қон қызметі",
        "Соттылық туралы анықтама сізден талап етілмейді",
        "14 жастан 18 жасқа толғанға дейінгі әр баланың",
        "нотариат куәландырған шарт",
        "2-кезең. Тұруға ықтиярхат",
        "Мәуленов көшесі, 111-үй",
        "+7 727 266-61-50",
    ] {
        assert!(text.contains(phrase), "{phrase:?} not in\n{text}");
    }
    let contact = api.calls_of("sendContact").pop().unwrap();
    assert_eq!(contact.body["phone_number"], json!("+77272666150"));
    assert!(
        api.calls_of("sendVenue").is_empty(),
        "no coordinates configured, no venue"
    );

    bot.kill();
    let state = stored(&bot.data_dir, 2001).await.expect("stored");
    assert_eq!(state.session.step, Step::Result);
}

fn called_on(chat_id: i64, method: &'static str) -> impl Fn(&[Call]) -> bool {
    move |calls| {
        calls
            .iter()
            .any(|c| c.method == method && c.chat_id() == Some(chat_id))
    }
}

#[tokio::test]
async fn whole_consultation_in_russian_by_typed_answers() {
    let (api, _bot, _dir) = start_bot(&[]).await;
    let ivan = api.user(2002, Some("ru"));
    let calls = say(&ivan, "/start").await;
    assert!(texts_sent(&calls).contains("Какой документ вам нужен?"));
    let mut last = Vec::new();
    for (typed, next) in [
        (
            "разрешение на постоянное проживание",
            "Какое у вас гражданство?",
        ),
        ("Узбекистан", "статус беженца"),
        ("нет", "Сколько вам лет?"),
        ("17", "платёжеспособность"),
        (
            "собственными средствами",
            "До какого числа действует паспорт, с которым вы будете подавать документы?",
        ),
        ("2031-03-15", "Проверьте ваши ответы"),
    ] {
        let calls = say(&ivan, typed).await;
        let text = texts_sent(&calls);
        assert!(text.contains(next), "after {typed:?}: {text}");
        last = calls;
    }
    let calls = ivan.say("ок", question_sent).await;
    assert!(
        texts_sent(&calls).contains("нажмите одну из кнопок"),
        "the summary takes buttons"
    );
    let calls = ivan.press(&step(&last), "sum:go", result_sent).await;
    let text = texts_sent(&calls);
    assert!(
        text.contains("Этап 1. Разрешение на постоянное проживание"),
        "{text}"
    );
    assert!(
        text.contains("Ваше нотариально удостоверенное согласие"),
        "a 17-year-old's own consent: {text}"
    );
    assert!(
        text.contains("Справка о наличии или отсутствии судимости"),
        "{text}"
    );
    assert!(!text.contains("Этап 2"), "permit only: {text}");
}

#[tokio::test]
async fn whole_consultation_in_english_with_a_deep_link_and_back_and_restart() {
    let (api, mut bot, _dir) = start_bot(&[]).await;
    // An English app, but the staff's link says Russian with a tag.
    let kate = api.user(2003, Some("de"));
    let calls = say(&kate, "/start en-almaty_office").await;
    let q = step(&calls);
    assert!(
        q.text().contains("Which document do you need?"),
        "{}",
        q.text()
    );
    let calls = press(&kate, &q, "a:stage:card").await;
    let calls = press(&kate, &step(&calls), "a:citizenship:stateless").await;
    assert!(texts_sent(&calls).contains("How old are you?"));
    let calls = say(&kate, "/back").await;
    assert!(texts_sent(&calls).contains("What is your citizenship?"));
    press(&kate, &step(&calls), "a:citizenship:other").await;
    let calls = say(&kate, "40").await;
    assert!(texts_sent(&calls).contains("When does your passport expire?"));
    let calls = say(&kate, "31.02.2030").await;
    assert!(texts_sent(&calls).contains("There is no such date: 31.02.2030"));
    let calls = say(&kate, "01.01.2020").await;
    assert!(texts_sent(&calls).contains("has already passed"));
    let calls = say(&kate, "01.01.2030").await;
    let calls = kate.press(&step(&calls), "sum:go", result_sent).await;
    let text = texts_sent(&calls);
    assert!(text.contains("Stage 2. Residence permit card"), "{text}");
    assert!(text.contains("within 17 calendar days"), "{text}");
    let calls = say(&kate, "/restart").await;
    assert!(texts_sent(&calls).contains("Let's start over."));

    bot.kill();
    let state = stored(&bot.data_dir, 2003).await.unwrap();
    assert_eq!(state.session.tag.as_deref(), Some("almaty_office"));
    assert_eq!(state.session.step, Step::Ask(Question::Stage));
}

#[tokio::test]
async fn an_invalid_deep_link_is_ignored_and_an_unknown_language_asks_for_one() {
    let (api, _bot, _dir) = start_bot(&[]).await;
    let user = api.user(2004, Some("de"));
    let calls = say(&user, "/start fr-<script>").await;
    let q = step(&calls);
    assert_eq!(q.buttons(), vec!["lang:kk", "lang:ru", "lang:en"]);
    let calls = press(&user, &q, "lang:ru").await;
    assert!(texts_sent(&calls).contains("Какой документ вам нужен?"));
    // /language switches at any time and keeps the place.
    let calls = say(&user, "/language").await;
    let calls = press(&user, &step(&calls), "lang:kk").await;
    assert!(texts_sent(&calls).contains("Сізге қай құжат керек?"));
}

#[tokio::test]
async fn forget_deletes_everything_stored_about_the_chat() {
    let (api, mut bot, _dir) = start_bot(&[]).await;
    let user = api.user(2005, Some("en"));
    let calls = say(&user, "/start").await;
    press(&user, &step(&calls), "a:stage:permit").await;
    let calls = user
        .say("/forget", sent_containing("I have deleted everything"))
        .await;
    assert!(texts_sent(&calls).contains("Send /start to begin again."));
    bot.kill();
    assert_eq!(stored(&bot.data_dir, 2005).await, None);
}

#[tokio::test]
async fn forged_and_old_buttons_get_a_short_harmless_answer() {
    let (api, _bot, _dir) = start_bot(&[]).await;
    let user = api.user(2006, Some("en"));
    let calls = say(&user, "/start").await;
    let first = step(&calls);
    press(&user, &first, "a:stage:permit").await;
    let since = api.call_count();
    for data in [
        "a:stage:card",
        "💣",
        "a:citizenship:zz",
        "sum:go",
        &"x".repeat(64),
    ] {
        let calls = user
            .press(&first, data, called("answercallbackquery"))
            .await;
        let answer = calls
            .iter()
            .find(|c| c.method == "answercallbackquery")
            .unwrap();
        assert_eq!(
            answer.body["text"],
            json!("This button is no longer active."),
            "{data}"
        );
    }
    // Then a real answer: between the forged presses and it, no message was sent.
    let calls = say(&user, "Russia").await;
    assert!(texts_sent(&calls).contains("refugee status"));
    let between: Vec<_> = api.calls()[since..]
        .iter()
        .filter(|c| c.method == "sendmessage" || c.method.starts_with("edit"))
        .map(|c| c.text().to_string())
        .collect();
    assert_eq!(
        between.len(),
        2,
        "only the answer to \"Russia\" and the next question: {between:?}"
    );
}

#[tokio::test]
async fn stickers_and_photos_mid_dialogue_get_a_clear_answer_and_the_question_again() {
    let (api, _bot, _dir) = start_bot(&[]).await;
    let user = api.user(2007, Some("ru"));
    let calls = say(&user, "/start").await;
    press(&user, &step(&calls), "a:stage:both").await;
    let sticker = user.message_json(json!({"sticker": {
        "file_id": "s1", "file_unique_id": "u1", "type": "regular", "width": 512, "height": 512,
        "is_animated": false, "is_video": false
    }}));
    let calls = user.act(json!({"message": sticker}), question_sent).await;
    let text = texts_sent(&calls);
    assert!(text.contains("Я понимаю только текст"), "{text}");
    assert!(text.contains("Какое у вас гражданство?"), "{text}");
    let photo = user.message_json(json!({"photo": [
        {"file_id": "p1", "file_unique_id": "pu1", "width": 90, "height": 90, "file_size": 1000}
    ]}));
    let calls = user.act(json!({"message": photo}), question_sent).await;
    assert!(texts_sent(&calls).contains("Я понимаю только текст"));
    let calls = say(&user, &"я".repeat(4000)).await;
    assert!(texts_sent(&calls).contains("слишком длинное"));
    // The place is kept: the citizenship buttons still work.
    let calls = press(&user, &step(&calls), "a:citizenship:ru").await;
    assert!(texts_sent(&calls).contains("статус беженца"));
}

#[tokio::test]
async fn inline_mode_offers_the_address_and_phones_filtered_by_what_is_typed() {
    let (api, _bot, _dir) = start_bot(&[]).await;
    let ids = |call: &Call| -> Vec<String> {
        call.body["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let user = api.user(2008, Some("ru"));
    let all = user.inline("").await;
    assert_eq!(ids(&all), vec!["address", "phone-0", "phone-1"]);
    let address = &all.body["results"][0];
    assert_eq!(address["type"], json!("article"));
    assert_eq!(address["title"], json!("📍 Адрес офиса"));
    assert!(
        address["input_message_content"]["message_text"]
            .as_str()
            .unwrap()
            .contains("ул. Мауленова, д. 111")
    );
    assert_eq!(all.body["results"][1]["type"], json!("contact"));
    assert_eq!(
        all.body["results"][1]["phone_number"],
        json!("+77272666150")
    );
    assert_eq!(
        all.body["results"][2]["phone_number"],
        json!("+77784235738")
    );
    for (query, expected) in [
        ("адрес", vec!["address"]),
        ("мекенжай", vec!["address"]),
        ("Мауленова", vec!["address"]),
        ("address", vec!["address"]),
        ("телефон", vec!["phone-0", "phone-1"]),
        ("phone", vec!["phone-0", "phone-1"]),
        ("423", vec!["phone-1"]),
        ("zzzz", vec![]),
    ] {
        assert_eq!(ids(&user.inline(query).await), expected, "{query:?}");
    }
    let kazakh = api.user(2009, Some("kk")).inline("").await;
    assert_eq!(
        kazakh.body["results"][0]["title"],
        json!("📍 Кеңсенің мекенжайы")
    );
}

#[tokio::test]
async fn in_a_group_only_commands_to_the_bot_are_answered_and_nothing_private_is_said() {
    let (api, mut bot, _dir) = start_bot(&[]).await;
    let group = api.user(-1001234, Some("en"));
    let calls = group
        .say(
            "/start@kz_residence_test_bot",
            sent_containing("https://t.me/kz_residence_test_bot"),
        )
        .await;
    assert!(
        calls.iter().all(|c| c.buttons().is_empty()),
        "no questionnaire in a group"
    );
    let calls = group
        .say(
            "/contacts@kz_residence_test_bot",
            sent_containing("Maulenov"),
        )
        .await;
    assert!(texts_sent(&calls).contains("+7 727 266-61-50"));
    // Plain chatter and commands for other bots are left alone.
    let before = api.call_count();
    api.push(json!({"message": group.message_json(json!({"text": "Russia"}))}));
    api.push(json!({"message": group.message_json(json!({"text": "/start@other_bot"}))}));
    // A marker after them proves they were processed.
    group
        .say(
            "/help@kz_residence_test_bot",
            sent_containing("Open a chat with me"),
        )
        .await;
    let sent: Vec<_> = api.calls()[before..]
        .iter()
        .filter(|c| c.method == "sendmessage")
        .cloned()
        .collect();
    assert_eq!(
        sent.len(),
        1,
        "only the /help answer: {:?}",
        texts_sent(&sent)
    );
    bot.kill();
    assert_eq!(
        stored(&bot.data_dir, -1001234).await,
        None,
        "nothing stored for a group"
    );
}

#[tokio::test]
async fn the_command_menu_and_descriptions_are_set_for_each_language() {
    let (api, _bot, _dir) = start_bot(&[]).await;
    api.wait_for(Duration::from_secs(10), "12 profile calls", |calls| {
        calls
            .iter()
            .filter(|c| c.method.starts_with("setmy"))
            .count()
            >= 12
    })
    .await;
    let commands = api.calls_of("setMyCommands");
    let codes: Vec<_> = commands
        .iter()
        .map(|c| c.body.get("language_code").cloned())
        .collect();
    assert_eq!(
        codes,
        vec![
            Some(json!("kk")),
            Some(json!("ru")),
            Some(json!("en")),
            None
        ]
    );
    let russian = &commands[1].body["commands"];
    assert_eq!(
        russian[0],
        json!({"command": "start", "description": "Начать консультацию"})
    );
    assert_eq!(russian.as_array().unwrap().len(), 10);
    let descriptions = api.calls_of("setMyDescription");
    assert!(
        descriptions[0].body["description"]
            .as_str()
            .unwrap()
            .contains("тұрақты тұруға рұқсат")
    );
    assert_eq!(api.calls_of("setMyShortDescription").len(), 4);
}

#[tokio::test]
async fn a_killed_bot_continues_each_conversation_at_the_same_question() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let api = FakeApi::start().await;
    let mut bot = BotProcess::spawn(&api, &data, &[]);
    api.wait_polling().await;
    let user = api.user(2010, Some("en"));
    let calls = say(&user, "/start").await;
    let calls = press(&user, &step(&calls), "a:stage:both").await;
    let calls = press(&user, &step(&calls), "a:citizenship:ru").await;
    let refugee = step(&calls);
    assert!(refugee.text().contains("refugee status"));
    // SIGKILL right after the answer was seen: no shutdown code runs.
    bot.kill();
    let polls_before = api.calls_of("getUpdates").len();
    let _bot = BotProcess::spawn(&api, &data, &[]);
    api.wait_for(Duration::from_secs(20), "polling again", |calls| {
        calls.iter().filter(|c| c.method == "getupdates").count() > polls_before
    })
    .await;
    // The old question's buttons still work, and the answers before it are kept.
    let calls = press(&user, &refugee, "a:refugee:no").await;
    assert!(texts_sent(&calls).contains("How old are you?"));
    let calls = say(&user, "30").await;
    let calls = press(&user, &step(&calls), "a:children:no").await;
    press(&user, &step(&calls), "a:solvency:own").await;
    let calls = say(&user, "01.01.2032").await;
    let summary = texts_sent(&calls);
    assert!(summary.contains("Citizenship: 🇷🇺 Russia"), "{summary}");
    assert!(
        summary.contains("Document needed: Both, one after the other"),
        "{summary}"
    );
}

#[tokio::test]
async fn an_unreadable_stored_state_restarts_that_dialogue_with_an_apology() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        // A value in a format this version does not know.
        // No flusher thread: sled's holds the directory's lock for a moment
        // after the handle is dropped, and the store is opened next.
        let db = sled::Config::new()
            .path(data.join("dialogues"))
            .flush_every_ms(None)
            .open()
            .unwrap();
        db.insert(
            2011i64.to_be_bytes(),
            b"\x07{\"an older format\":1}".to_vec(),
        )
        .unwrap();
        db.flush().unwrap();
    }
    let api = FakeApi::start().await;
    let _bot = BotProcess::spawn(&api, &data, &[]);
    api.wait_polling().await;
    let user = api.user(2011, Some("en"));
    let calls = say(&user, "Russia").await;
    let text = texts_sent(&calls);
    assert!(
        text.starts_with("Sorry, I could not read where we left off"),
        "{text}"
    );
    assert!(text.contains("Which document do you need?"), "{text}");
    let calls = press(&user, &step(&calls), "a:stage:card").await;
    assert!(texts_sent(&calls).contains("What is your citizenship?"));
}

#[tokio::test]
async fn a_missing_or_malformed_token_is_explained_in_one_line() {
    for token in [None, Some("not-a-token")] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"));
        command.env_clear();
        if let Some(token) = token {
            command.env("TELOXIDE_TOKEN", token);
        }
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("@BotFather") && stderr.contains("kz-residence-bot console"),
            "{stderr}"
        );
    }
}

#[tokio::test]
async fn a_token_telegram_rejects_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let api = FakeApi::start().await;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"));
    command
        .env_clear()
        .env("TELOXIDE_TOKEN", "999:REVOKED_token_revoked_revoked")
        .env("TELOXIDE_API_URL", &api.url)
        .env("BOT_DATA_DIR", dir.path());
    // Blocking wait off the runtime, which serves the fake API meanwhile.
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Telegram rejected TELOXIDE_TOKEN"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("REVOKED_token"),
        "the token is never printed: {stderr}"
    );
}

#[tokio::test]
async fn contacts_send_a_venue_and_email_only_when_configured() {
    let dir = tempfile::tempdir().unwrap();
    let api = FakeApi::start().await;
    let _bot = BotProcess::spawn(
        &api,
        &dir.path().join("data"),
        &[
            ("BOT_OFFICE_EMAIL", "office@example.kz"),
            ("BOT_OFFICE_LATITUDE", "43.25"),
            ("BOT_OFFICE_LONGITUDE", "76.92"),
        ],
    );
    api.wait_polling().await;
    let user = api.user(2012, Some("en"));
    let calls = user.say("/contacts", called("sendvenue")).await;
    let text = texts_sent(&calls);
    assert!(text.contains("✉️ office@example.kz"), "{text}");
    assert!(text.contains("🗺 Map: https://"), "{text}");
    let venue = calls.iter().find(|c| c.method == "sendvenue").unwrap();
    assert_eq!(venue.body["latitude"], json!(43.25));
    assert_eq!(venue.body["longitude"], json!(76.92));
    assert!(venue.body["address"].as_str().unwrap().contains("Maulenov"));
}
