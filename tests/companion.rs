//! The applicant's companion end to end, on the real bot against the fake
//! Bot API: the checklist ticked in place and kept across restarts, the
//! reminders firing once at their time with the bot's clock moved by the
//! test (`BOT_TEST_ONLY_CLOCK_FILE`), and the printable PDF.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::json;

use crate::fake_api::*;
use crate::helpers::{Clock, pdf_text, press};

/// 24 November 2026, 11:00 in Almaty.
const START: &str = "2026-11-24T06:00:00Z";
/// The passport expires on 10.07.2027, so its last day under the 180-day
/// rule is 10 January 2027: reminders on 11 December 2026, 3 January 2027
/// and 11 January 2027.
const EXPIRY: &str = "10.07.2027";

/// The bot's settings for these tests: this clock, and no rate limits
/// (a reminder held back by them would slip past a test's wait).
fn settings(clock: &Clock) -> [(&'static str, &str); 2] {
    [
        ("BOT_TEST_ONLY_CLOCK_FILE", clock.path.to_str().unwrap()),
        ("BOT_RATE_LIMIT", "off"),
    ]
}

/// The bot on a fresh data directory (`dir/data`) with the test's clock
/// at `START` (`dir/clock`): the directory, the clock, the fake Bot API
/// and the bot.
async fn start() -> (tempfile::TempDir, Clock, FakeApi, BotProcess) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::new(dir.path(), START);
    let api = FakeApi::start().await;
    let bot = BotProcess::spawn(&api, &dir.path().join("data"), &settings(&clock));
    api.wait_polling().await;
    (dir, clock, api, bot)
}

/// A whole consultation by buttons in English (stage 1 only, a Russian
/// citizen, no exemption): ends at the result; returns its last message.
async fn consult(user: &TestUser, stage: &str) -> Call {
    let calls = user.say("/start", question_sent).await;
    let calls = press(user, &last_question(&calls), &format!("a:stage:{stage}")).await;
    let calls = press(user, &last_question(&calls), "a:citizenship:ru").await;
    if stage == "card" {
        user.say("40", question_sent).await;
    } else {
        let calls = press(user, &last_question(&calls), "a:refugee:no").await;
        assert!(!calls.is_empty());
        let calls = user.say("40", question_sent).await;
        let calls = press(user, &last_question(&calls), "a:children:no").await;
        press(user, &last_question(&calls), "a:solvency:own").await;
    }
    let calls = user.say(EXPIRY, question_sent).await;
    let calls = user
        .press(&last_question(&calls), "sum:go", result_sent)
        .await;
    last_question(&calls)
}

/// The message carrying the checklist among these calls.
fn checklist(calls: &[Call]) -> Call {
    calls
        .iter()
        .rev()
        .find(|c| c.buttons().iter().any(|b| b.starts_with("chk:")))
        .cloned()
        .expect("a checklist")
}

/// Back from the result to the summary, the stage changed to `stage`,
/// and on to the result again; returns the checklist opened from it.
async fn with_stage(user: &TestUser, stage: &str) -> Call {
    let calls = user.say("/back", question_sent).await;
    let calls = press(user, &last_question(&calls), "sum:edit:stage").await;
    let calls = press(user, &last_question(&calls), &format!("a:stage:{stage}")).await;
    let calls = user
        .press(&last_question(&calls), "sum:go", result_sent)
        .await;
    checklist(&press(user, &last_question(&calls), "res:list").await)
}

fn sent_to(api: &FakeApi, chat: i64, since: usize) -> Vec<Call> {
    api.calls()[since..]
        .iter()
        .filter(|c| c.method == "sendmessage" && c.chat_id() == Some(chat))
        .cloned()
        .collect()
}

/// Long enough for the reminder loop (it looks at a test's clock ten times a second).
const SETTLE: Duration = Duration::from_millis(1500);

#[tokio::test]
async fn ticking_and_unticking_edit_the_checklist_in_place_with_progress() {
    let (_dir, _clock, api, _bot) = start().await;
    let user = api.user(3001, Some("en"));
    let result = consult(&user, "both").await;
    let calls = press(&user, &result, "res:list").await;
    let list = checklist(&calls);
    assert!(
        list.text()
            .contains("Stage 1. Permit for permanent residence: 0 of 4 ready")
    );
    assert!(
        list.text()
            .contains("Stage 2. Residence permit card: 0 of 3 ready")
    );

    let calls = user
        .press(&list, "chk:application-form", called("editmessagetext"))
        .await;
    let edit = calls
        .iter()
        .find(|c| c.method == "editmessagetext")
        .unwrap();
    assert_eq!(edit.body["message_id"], json!(list.message_id()));
    assert!(edit.text().contains("1 of 4 ready"), "{}", edit.text());
    assert!(
        edit.text().contains("✅ Application form"),
        "{}",
        edit.text()
    );
    assert!(
        calls.iter().any(|c| c.method == "answercallbackquery"),
        "the press is acknowledged"
    );
    assert!(
        !calls.iter().any(|c| c.method == "sendmessage"),
        "no new message for a tick"
    );

    // The edited message's buttons work in turn: untick.
    let mut edited = edit.clone();
    edited.result = edit.result.clone();
    let calls = user
        .press(&edited, "chk:application-form", called("editmessagetext"))
        .await;
    let edit = calls
        .iter()
        .find(|c| c.method == "editmessagetext")
        .unwrap();
    assert!(edit.text().contains("0 of 4 ready"), "{}", edit.text());
    assert!(
        edit.text().contains("⬜ Application form"),
        "{}",
        edit.text()
    );
}

#[tokio::test]
async fn the_checklist_survives_a_kill_and_a_changed_answer_keeps_the_right_ticks() {
    let (dir, clock, api, mut bot) = start().await;
    let data = dir.path().join("data");
    let env = settings(&clock);
    let user = api.user(3002, Some("en"));
    let result = consult(&user, "both").await;
    let list = checklist(&press(&user, &result, "res:list").await);
    for id in ["application-form", "state-duty", "photographs"] {
        user.press(&list, &format!("chk:{id}"), called("editmessagetext"))
            .await;
    }
    // SIGKILL: every tick the user saw is on disk.
    bot.kill();
    let _bot = BotProcess::spawn(&api, &data, &env);
    let calls = user.say("/checklist", question_sent).await;
    let list = checklist(&calls);
    assert!(list.text().contains("1 of 4 ready"), "{}", list.text());
    assert!(list.text().contains("2 of 3 ready"), "{}", list.text());

    // Only stage 1 now: the card's ticks go, the permit's stay.
    let list = with_stage(&user, "permit").await;
    assert!(list.text().contains("1 of 4 ready"), "{}", list.text());
    assert!(!list.text().contains("Stage 2"), "{}", list.text());
    // And back to the whole route: the card's documents start unticked.
    let list = with_stage(&user, "both").await;
    assert!(list.text().contains("0 of 3 ready"), "{}", list.text());
    assert!(list.text().contains("1 of 4 ready"), "{}", list.text());
}

#[tokio::test]
async fn starting_over_asks_before_throwing_ticks_away_and_forget_deletes_them() {
    let (_dir, _clock, api, mut bot) = start().await;
    let user = api.user(3003, Some("en"));
    let result = consult(&user, "permit").await;
    let list = checklist(&press(&user, &result, "res:list").await);
    user.press(&list, "chk:solvency", called("editmessagetext"))
        .await;
    let calls = user.say("/restart", question_sent).await;
    let ask = last_question(&calls);
    assert!(
        ask.text().contains("your ticked document"),
        "{}",
        ask.text()
    );
    // "No": the list is kept.
    press(&user, &ask, "nav:keep").await;
    let list = checklist(&user.say("/checklist", question_sent).await);
    assert!(list.text().contains("1 of 4 ready"), "{}", list.text());
    // /forget: nothing is left.
    user.say("/forget", sent_containing("deleted")).await;
    bot.kill();
    assert_eq!(stored(&bot.data_dir, 3003).await, None);
}

/// Consults and turns reminders on; returns the reminders' list message.
async fn opted_in(user: &TestUser) -> Call {
    let result = consult(user, "permit").await;
    let calls = press(user, &result, "rem:on").await;
    last_question(&calls)
}

#[tokio::test]
async fn reminders_fire_once_at_10_in_almaty_and_only_after_opting_in() {
    let (dir, clock, api, mut bot) = start().await;
    let data = dir.path().join("data");
    let env = settings(&clock);
    let asked = api.user(3004, Some("en"));
    let silent = api.user(3005, Some("en"));
    let list = opted_in(&asked).await;
    assert!(
        list.text().contains("11 December 2026") && list.text().contains("3 January 2027"),
        "{}",
        list.text()
    );
    consult(&silent, "permit").await;

    // 09:59 in Almaty on the day: not yet.
    let since = api.call_count();
    clock.set("2026-12-11T04:59:00Z");
    tokio::time::sleep(SETTLE).await;
    assert!(sent_to(&api, 3004, since).is_empty());
    // 10:00: the reminder, once.
    clock.set("2026-12-11T05:00:00Z");
    api.wait_for(REPLY_TIMEOUT, "the first reminder", |calls| {
        calls[since..]
            .iter()
            .any(|c| c.chat_id() == Some(3004) && c.text().contains("⏰"))
    })
    .await;
    clock.set("2026-12-11T09:00:00Z");
    tokio::time::sleep(SETTLE).await;
    let reminders = sent_to(&api, 3004, since);
    assert_eq!(reminders.len(), 1, "{reminders:?}");
    assert!(
        reminders[0].text().contains("by 10 January 2027"),
        "{}",
        reminders[0].text()
    );
    assert!(reminders[0].text().contains("30 days from today"));
    assert!(
        sent_to(&api, 3005, since).is_empty(),
        "nothing without opting in"
    );

    // Not again after a restart (it is recorded), nor after a kill.
    bot.kill();
    let mut bot = BotProcess::spawn(&api, &data, &env);
    tokio::time::sleep(SETTLE * 2).await;
    assert_eq!(sent_to(&api, 3004, since).len(), 1);
    // The next one at its own time.
    clock.set("2027-01-03T05:00:10Z");
    api.wait_for(REPLY_TIMEOUT, "the second reminder", |calls| {
        calls[since..]
            .iter()
            .filter(|c| c.chat_id() == Some(3004) && c.text().contains("⏰"))
            .count()
            == 2
    })
    .await;
    assert!(sent_to(&api, 3005, since).is_empty());
    bot.kill();
    let stored = stored(&data, 3004).await.unwrap();
    assert!(stored.session.companion.reminders_since.is_some());
}

#[tokio::test]
async fn no_reminder_after_cancel_or_forget() {
    let (_dir, clock, api, _bot) = start().await;
    let cancels_one = api.user(3006, Some("en"));
    let stops = api.user(3007, Some("ru"));
    let forgets = api.user(3008, Some("en"));
    let list = opted_in(&cancels_one).await;
    // The first in the list is the 30-days one: cancel it alone.
    press(&cancels_one, &list, "rem:x:pm").await;
    let stop_list = opted_in(&stops).await;
    let calls = stops
        .press(
            &stop_list,
            "rem:off",
            sent_containing("Напоминания отключены"),
        )
        .await;
    assert!(!calls.is_empty());
    opted_in(&forgets).await;
    forgets.say("/forget", sent_containing("deleted")).await;
    let calls = cancels_one.say("/reminders", question_sent).await;
    let listed = last_question(&calls);
    assert!(
        !listed.text().contains("11 December 2026"),
        "{}",
        listed.text()
    );
    assert!(
        listed.text().contains("3 January 2027"),
        "{}",
        listed.text()
    );

    let since = api.call_count();
    clock.set("2026-12-11T05:00:00Z");
    tokio::time::sleep(SETTLE).await;
    for chat in [3006, 3007, 3008] {
        assert!(sent_to(&api, chat, since).is_empty(), "chat {chat}");
    }
    // The one not cancelled still comes.
    clock.set("2027-01-03T05:00:00Z");
    api.wait_for(REPLY_TIMEOUT, "the 7-day reminder", |calls| {
        calls[since..]
            .iter()
            .any(|c| c.chat_id() == Some(3006) && c.text().contains("7 days from today"))
    })
    .await;
    tokio::time::sleep(SETTLE).await;
    assert!(sent_to(&api, 3007, since).is_empty());
    assert!(sent_to(&api, 3008, since).is_empty());
}

#[tokio::test]
async fn a_reminder_due_while_the_bot_was_down_is_sent_late_while_it_still_helps() {
    let (dir, clock, api, mut bot) = start().await;
    let data = dir.path().join("data");
    let env = settings(&clock);
    let user = api.user(3009, Some("en"));
    opted_in(&user).await;
    bot.kill();
    // Down over the 30-day reminder's day: a day later it still helps.
    clock.set("2026-12-12T08:00:00Z");
    let since = api.call_count();
    let mut bot = BotProcess::spawn(&api, &data, &env);
    api.wait_for(REPLY_TIMEOUT, "the late reminder", |calls| {
        calls[since..]
            .iter()
            .any(|c| c.chat_id() == Some(3009) && c.text().contains("29 days from today"))
    })
    .await;
    bot.kill();
    // Down from before the 7-day reminder until after the last day: the
    // 7-day one no longer helps and is dropped; the "passed" one is sent.
    clock.set("2027-01-12T06:00:00Z");
    let since = api.call_count();
    let _bot = BotProcess::spawn(&api, &data, &env);
    api.wait_for(REPLY_TIMEOUT, "the passed reminder", |calls| {
        calls[since..].iter().any(|c| {
            c.chat_id() == Some(3009) && c.text().contains("no longer meets the 180-day rule")
        })
    })
    .await;
    tokio::time::sleep(SETTLE).await;
    let sent = sent_to(&api, 3009, since);
    assert_eq!(
        sent.len(),
        1,
        "{:?}",
        sent.iter().map(Call::text).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_user_who_blocked_the_bot_has_their_reminders_turned_off() {
    let (_dir, clock, api, mut bot) = start().await;
    let user = api.user(3010, Some("en"));
    opted_in(&user).await;
    let blocked = Arc::new(AtomicUsize::new(0));
    let counter = blocked.clone();
    api.set_fault(Some(Arc::new(
        move |method: &str, body: &serde_json::Value| {
            (method == "sendmessage" && body["chat_id"] == json!(3010)).then(|| {
                counter.fetch_add(1, Ordering::SeqCst);
                faults::forbidden_blocked()
            })
        },
    )));
    clock.set("2026-12-11T05:00:00Z");
    let deadline = std::time::Instant::now() + REPLY_TIMEOUT;
    while blocked.load(Ordering::SeqCst) == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the reminder was tried"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(SETTLE).await;
    api.set_fault(None);
    let since = api.call_count();
    clock.set("2027-01-03T05:00:00Z");
    tokio::time::sleep(SETTLE).await;
    assert!(
        sent_to(&api, 3010, since).is_empty(),
        "no more reminders\n{}",
        bot.log()
    );
    bot.kill();
    let record = stored(&bot.data_dir, 3010).await.unwrap();
    assert_eq!(record.session.companion.reminders_since, None);
}

#[tokio::test]
async fn the_certificate_date_warns_at_once_and_the_card_reminder_comes_on_day_17() {
    let (_dir, clock, api, _bot) = start().await;
    let user = api.user(3011, Some("en"));
    let result = consult(&user, "both").await;
    press(&user, &result, "rem:on").await;
    let list = checklist(&user.say("/checklist", question_sent).await);
    let calls = user
        .press(
            &list,
            "chk:criminal-record",
            sent_containing("When was your criminal record certificate issued?"),
        )
        .await;
    assert!(calls.iter().any(|c| c.method == "editmessagetext"));
    // Issued 200 days ago: too old already.
    let calls = user.say("08.05.2026", question_sent).await;
    let text = texts_sent(&calls);
    assert!(
        text.contains(
            "it is accepted with a validity period not exceeding 180 calendar days, and that period has ended"
        ),
        "{text}"
    );

    // The documents for the card went in today: the card reminder on day 17.
    let list = checklist(&user.say("/checklist", question_sent).await);
    let calls = press(&user, &list, "res:submitted").await;
    let calls = press(&user, &last_question(&calls), "date:today").await;
    assert!(
        texts_sent(&calls).contains("so it should be ready by 11 December 2026"),
        "{}",
        texts_sent(&calls)
    );
    let since = api.call_count();
    clock.set("2026-12-11T05:00:05Z");
    api.wait_for(REPLY_TIMEOUT, "the card reminder", |calls| {
        calls[since..]
            .iter()
            .any(|c| c.chat_id() == Some(3011) && c.text().contains("card should be ready"))
    })
    .await;
}

#[tokio::test]
async fn the_pdf_is_a_real_a4_document_in_the_users_language() {
    let (_dir, _clock, api, _bot) = start().await;
    for (chat, lang, last_day, phrases) in [
        (
            3012,
            "kk",
            "2027 жылғы 10 қаңтар",
            &[
                "өтініш-сауалнама",
                "Тұрақты тұруға рұқсат",
                "Мәуленов көшесі",
                "Төлқұжатыңыздың",
            ][..],
        ),
        (
            3013,
            "ru",
            "10 января 2027 года",
            &[
                "Заявление-анкета",
                "Разрешение на постоянное проживание",
                "Мауленова",
            ][..],
        ),
        (
            3014,
            "en",
            "10 January 2027",
            &[
                "Application form",
                "Permit for permanent residence",
                "Maulenov",
            ][..],
        ),
    ] {
        let user = api.user(chat, Some(lang));
        let result = consult(&user, "both").await;
        let list = checklist(&press(&user, &result, "res:list").await);
        user.press(&list, "chk:application-form", called("editmessagetext"))
            .await;
        let calls = user.say("/pdf", called("senddocument")).await;
        let document = calls.iter().find(|c| c.method == "senddocument").unwrap();
        let upload = &document.uploads[0];
        // teloxide attaches the file as a part of its own, which the method's
        // `document` field points to (`attach://…`; the fake API resolves it).
        assert_eq!(upload.field, "document");
        assert!(
            document.body["document"]
                .as_str()
                .is_some_and(|v| v.starts_with("attach://")),
            "{}",
            document.body
        );
        assert!(upload.file_name.ends_with(".pdf"), "{}", upload.file_name);
        assert!(upload.bytes.starts_with(b"%PDF-"));
        let text = pdf_text(&upload.bytes);
        for phrase in phrases {
            assert!(text.contains(phrase), "{lang}: {phrase:?} not in\n{text}");
        }
        assert!(text.contains(last_day), "{lang}: the computed date\n{text}");
        assert!(
            text.contains("+7 727 266-61-50"),
            "{lang}: the phone\n{text}"
        );
    }
}
