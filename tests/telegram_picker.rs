//! End to end: the calendar under the date questions, tapped through on
//! the real bot against the fake Bot API. One message edited in place;
//! presses outside the range, stale or forged, answered over the chat.

use serde_json::json;

use crate::fake_api::*;

/// 24 November 2026, 11:00 in Almaty.
const NOW: &str = "2026-11-24T06:00:00Z";

/// The bot on a clock set to [`NOW`]; the directories live as long as the test.
async fn start() -> (FakeApi, BotProcess, [tempfile::TempDir; 2]) {
    let dir = tempfile::tempdir().unwrap();
    let clock = dir.path().join("clock");
    std::fs::write(&clock, NOW).unwrap();
    let env = [
        ("BOT_TEST_ONLY_CLOCK_FILE", clock.to_str().unwrap()),
        ("BOT_RATE_LIMIT", "off"),
    ];
    let (api, bot, data) = start_bot(&env).await;
    (api, bot, [dir, data])
}

/// The age question, reached by buttons (the card alone, another country).
async fn at_age(user: &TestUser) -> Call {
    let calls = user.say("/start", question_sent).await;
    let calls = user
        .press(&last_question(&calls), "a:stage:card", question_sent)
        .await;
    let calls = user
        .press(&last_question(&calls), "a:citizenship:other", question_sent)
        .await;
    last_question(&calls)
}

/// Presses a calendar button; returns the message as edited to the next page.
async fn turn(user: &TestUser, on: &Call, data: &str) -> Call {
    assert!(
        on.buttons().iter().any(|b| b == data),
        "{data} not on {:?}",
        on.buttons()
    );
    let calls = user
        .press(on, data, |calls| {
            calls
                .iter()
                .any(|c| c.method == "editmessagetext" && !c.buttons().is_empty())
        })
        .await;
    let edit = calls
        .into_iter()
        .rev()
        .find(|c| c.method == "editmessagetext")
        .unwrap();
    assert_eq!(
        edit.message_id(),
        on.message_id(),
        "the same message, edited"
    );
    edit
}

/// Presses `data` on `on`; returns the text of the answer to the press,
/// checking nothing else was sent or edited.
async fn answered(user: &TestUser, on: &Call, data: &str) -> String {
    let calls = user.press(on, data, called("answercallbackquery")).await;
    let answer = calls
        .iter()
        .find(|c| c.method == "answercallbackquery")
        .unwrap();
    let others: Vec<_> = calls
        .iter()
        .filter(|c| c.method != "answercallbackquery")
        .collect();
    assert!(others.is_empty(), "{data}: {others:?}");
    answer.body["text"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_date_is_chosen_by_taps_moving_between_months_on_one_message() {
    let (api, _bot, _dir) = start().await;
    let user = api.user(5001, Some("en"));
    let age = at_age(&user).await;
    let calls = user.say("40", question_sent).await;
    let question = last_question(&calls);
    assert!(question.text().contains("When does your passport expire?"));
    let since = api.call_count();
    let years = turn(&user, &question, "cal:expiry:y2026").await;
    assert!(
        years.text().contains("When does your passport expire?"),
        "{}",
        years.text()
    );
    let months = turn(&user, &years, "cal:expiry:m2031").await;
    let march = turn(&user, &months, "cal:expiry:d2031-03").await;
    let april = turn(&user, &march, "cal:expiry:d2031-04").await;
    let march = turn(&user, &april, "cal:expiry:d2031-03").await;
    let markup = &march.body["reply_markup"]["inline_keyboard"];
    assert_eq!(markup[0][0]["text"], json!("March 2031"));
    assert_eq!(markup[1][0]["text"], json!("Mo"));
    assert!(
        api.messages_to(5001, since).is_empty(),
        "turning pages sends no message"
    );

    let calls = user
        .press(&march, "cal:expiry:p2031-03-15", question_sent)
        .await;
    let summary = texts_sent(&calls);
    assert!(
        summary.contains("Passport valid until: 15 March 2031"),
        "{summary}"
    );
    api.wait_for(REPLY_TIMEOUT, "the calendar closed", |calls| {
        calls.iter().any(|c| {
            c.method == "editmessagetext"
                && c.body["message_id"] == json!(march.message_id())
                && c.text().ends_with("✅ 15 March 2031")
                && c.buttons().is_empty()
        })
    })
    .await;
    let presses = api.calls_of("answerCallbackQuery").len();
    assert!(presses >= 6, "every press acknowledged: {presses}");
    // The age question before it still reads as it was answered.
    assert!(age.text().contains("How old are you?"));
}

#[tokio::test]
async fn a_date_of_birth_decades_back_is_a_few_taps_in_russian() {
    let (api, _bot, _dir) = start().await;
    let user = api.user(5002, Some("ru"));
    let question = at_age(&user).await;
    let years = turn(&user, &question, "cal:age:y2007").await;
    let earlier = turn(&user, &years, "cal:age:y1987").await;
    let months = turn(&user, &earlier, "cal:age:m1990").await;
    let may = turn(&user, &months, "cal:age:d1990-05").await;
    assert_eq!(
        may.body["reply_markup"]["inline_keyboard"][0][0]["text"],
        json!("Май 1990")
    );
    let calls = user.press(&may, "cal:age:p1990-05-05", question_sent).await;
    assert!(
        texts_sent(&calls)
            .contains("До какого числа действует паспорт, с которым вы будете подавать документы?")
    );
}

#[tokio::test]
async fn presses_outside_the_range_stale_or_forged_get_a_short_answer_and_change_nothing() {
    let (api, mut bot, _dir) = start().await;
    let user = api.user(5003, Some("en"));
    at_age(&user).await;
    let calls = user.say("40", question_sent).await;
    let years = turn(&user, &last_question(&calls), "cal:expiry:y2026").await;
    let months = turn(&user, &years, "cal:expiry:m2026").await;
    let november = turn(&user, &months, "cal:expiry:d2026-11").await;

    let range = "Choose a date from 24 November 2026 to 31 December 2076.";
    assert_eq!(
        answered(&user, &november, "cal:expiry:p2026-11-20").await,
        range
    );
    assert_eq!(
        answered(&user, &november, "cal:expiry:d2026-10").await,
        range
    );
    assert_eq!(answered(&user, &years, "cal:expiry:y2006").await, range);
    let hint = "Choose a day on the calendar.";
    assert_eq!(answered(&user, &november, "cal:expiry:-").await, hint);
    let outdated = "This button is no longer active.";
    for forged in [
        "cal:expiry:p2031-02-30",
        "cal:expiry:d2031-13",
        "cal:age:y2007",
    ] {
        assert_eq!(
            answered(&user, &november, forged).await,
            outdated,
            "{forged}"
        );
    }

    // Typed instead: the calendar left open is now stale.
    let calls = user.say("15 March 2031", question_sent).await;
    assert!(texts_sent(&calls).contains("Passport valid until: 15 March 2031"));
    let stale = answered(&user, &november, "cal:expiry:p2026-11-30").await;
    assert_eq!(stale, outdated);
    bot.kill();
    let stored = stored(&bot.data_dir, 5003).await.unwrap();
    let expiry = stored.session.answers.document_expiry;
    assert_eq!(expiry, chrono::NaiveDate::from_ymd_opt(2031, 3, 15));
}
