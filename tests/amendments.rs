//! The firm's amendments on the real bot, against the fake Bot API: a
//! question the firm added, asked in its place and shown in the summary,
//! changed from it, with the document that depends on it on the
//! checklist, in the PDF, in a reminder and on the office's card, and in
//! /stats; where each item comes from; a rule that switches on its day
//! with the bot's clock (`BOT_TEST_ONLY_CLOCK_FILE`); the admins told
//! once a week while the list is due its review; and what a reload
//! changes, in the log.

use std::path::Path;
use std::time::Duration;

use crate::fake_api::*;
use crate::firm_folder;
use crate::helpers::{Clock, hang_up, pdf_text, press};

/// 24 November 2026, 11:00 in Almaty.
const START: &str = "2026-11-24T06:00:00Z";
const ADMIN: i64 = 9001;
/// The office's group.
const STAFF: i64 = -1009000;

/// The bot with the test folder, the test's clock, no rate limits, two
/// admins and the office's group (its cards in English).
async fn start(folder: &Path, clock: &Clock) -> (FakeApi, BotProcess, tempfile::TempDir) {
    start_bot(&[
        ("BOT_CONTENT_DIR", folder.to_str().unwrap()),
        ("BOT_TEST_ONLY_CLOCK_FILE", clock.path.to_str().unwrap()),
        ("BOT_RATE_LIMIT", "off"),
        ("BOT_ADMINS", "9001,9002"),
        ("BOT_STAFF_CHAT", "-1009000"),
        ("BOT_STAFF_LANG", "en"),
    ])
    .await
}

/// Up to the firm's first question (permit, Russia, 40, own means); returns it.
async fn to_residence(user: &TestUser) -> Call {
    let calls = user.say("/start", question_sent).await;
    let calls = press(user, &last_question(&calls), "a:stage:permit").await;
    let calls = press(user, &last_question(&calls), "a:citizenship:ru").await;
    press(user, &last_question(&calls), "a:refugee:no").await;
    let calls = user.say("40", question_sent).await;
    let calls = press(user, &last_question(&calls), "a:children:no").await;
    let calls = press(user, &last_question(&calls), "a:solvency:own").await;
    last_question(&calls)
}

#[tokio::test]
async fn an_added_question_is_in_the_summary_change_answer_checklist_pdf_reminder_card_and_stats() {
    let dir = tempfile::tempdir().unwrap();
    let folder = firm_folder::folder(dir.path());
    let clock = Clock::new(dir.path(), START);
    let (api, _bot, _data) = start(&folder, &clock).await;
    let user = api.user(5101, Some("en"));

    let residence = to_residence(&user).await;
    assert!(
        residence
            .text()
            .contains("Where will you live in Kazakhstan?")
    );
    let calls = press(&user, &residence, "a:residence:rent").await;
    let lease = last_question(&calls);
    assert!(
        lease.text().contains("When was your lease signed?"),
        "{}",
        lease.text()
    );
    assert!(
        lease
            .buttons()
            .iter()
            .any(|b| b.starts_with("cal:lease-signed:")),
        "its calendar: {:?}",
        lease.buttons()
    );
    user.say("30.09.2026", question_sent).await;
    let calls = user.say("01.01.2032", question_sent).await;
    let summary = last_question(&calls);
    assert!(
        summary
            .text()
            .contains("7. Where you will live: In a rented home"),
        "{}",
        summary.text()
    );
    assert!(
        summary
            .text()
            .contains("8. Lease signed on: 30 September 2026")
    );

    // Change the answer from the summary, then back again.
    let calls = press(&user, &summary, "sum:edit:residence").await;
    let again = last_question(&calls);
    assert!(again.text().contains("Where will you live in Kazakhstan?"));
    let calls = press(&user, &again, "a:residence:own").await;
    let summary = last_question(&calls);
    assert!(
        summary
            .text()
            .contains("7. Where you will live: In my own home")
    );
    assert!(
        !summary.text().contains("Lease signed on"),
        "{}",
        summary.text()
    );
    let calls = press(&user, &summary, "sum:edit:residence").await;
    let calls = press(&user, &last_question(&calls), "a:residence:rent").await;
    assert!(
        last_question(&calls)
            .text()
            .contains("When was your lease signed?")
    );
    let calls = user.say("30.09.2026", question_sent).await;
    let calls = user
        .press(&last_question(&calls), "sum:go", result_sent)
        .await;
    let result = texts_sent(&calls);
    assert!(result.contains("A copy of your lease."), "{result}");
    assert!(
        result.contains("📌 Bring your landlord's phone number."),
        "{result}"
    );
    assert!(
        result.contains("📚 List checked on 20 November 2026."),
        "{result}"
    );

    // Where each item comes from: one tap.
    let tools = last_question(&calls);
    let calls = user
        .press(
            &tools,
            "res:sources",
            sent_containing("Where your list comes from"),
        )
        .await;
    let sources = texts_sent(&calls);
    assert!(
        sources.contains(
            "2. The office's list, https://example.kz/list. Checked on 20 November 2026:"
        ),
        "{sources}"
    );
    assert!(sources.contains("   · Lease"), "{sources}");

    // The checklist and the printable list.
    let calls = press(&user, &tools, "res:list").await;
    let list = last_question(&calls);
    assert!(
        list.buttons().contains(&"chk:x-lease".to_string()),
        "{:?}",
        list.buttons()
    );
    let calls = user.say("/pdf", called("senddocument")).await;
    let pdf = calls.iter().find(|c| c.method == "senddocument").unwrap();
    let text = pdf_text(&pdf.uploads[0].bytes);
    for expected in [
        "Where you will live",
        "In a rented home",
        "A copy of your lease.",
        "can be submitted up to and including 29 December 2026",
        "The office's list",
        "The list was last checked on 20 November 2026.",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} not in the PDF:\n{text}"
        );
    }

    // Reminders of the lease's last day (30.09 + 90 days): 30 days before.
    let calls = press(&user, &list, "rem:on").await;
    let planned = texts_sent(&calls);
    assert!(
        planned.contains("29 November 2026: the last day for \"Lease\": 29 December 2026"),
        "{planned}"
    );
    let since = api.call_count();
    clock.set("2026-11-29T05:00:00Z");
    let reminder = api
        .wait_message(5101, since, "the lease's reminder", |c| {
            c.text().contains("\"Lease\" can be submitted")
        })
        .await;
    assert!(
        reminder.text().contains(
            "⏰ Reminder: \"Lease\" can be submitted up to and including 29 December 2026 (30 days from today)."
        ),
        "{}",
        reminder.text()
    );

    // The office's card carries the answer and the lease's last day.
    let calls = user
        .say("/office", |calls| {
            calls
                .iter()
                .any(|c| c.buttons().contains(&"ho:send".to_string()))
        })
        .await;
    let screen = calls
        .iter()
        .find(|c| c.buttons().contains(&"ho:send".to_string()))
        .cloned()
        .unwrap();
    assert!(
        screen
            .text()
            .contains("Where you will live: In a rented home")
    );
    let since = api.call_count();
    user.press(&screen, "ho:send", sent_containing("Sent to the office"))
        .await;
    let card = api
        .wait_message(STAFF, since, "the card", |c| !c.buttons().is_empty())
        .await;
    assert!(
        card.text()
            .contains("Where you will live: In a rented home"),
        "{}",
        card.text()
    );
    assert!(
        card.text()
            .contains("Lease: up to and including 29 December 2026."),
        "{}",
        card.text()
    );

    // The staff's figures count the result by the answer, and say how old the list is.
    let admin = api.user(ADMIN, Some("en"));
    let calls = admin.say("/stats", called("sendphoto")).await;
    let stats = texts_sent(&calls);
    assert!(
        stats.contains("By answers to the firm's questions, reached a result:"),
        "{stats}"
    );
    assert!(
        stats.contains("Where you will live: In a rented home: 0 · 1 · 1"),
        "{stats}"
    );
    assert!(
        stats.contains("📚 Content: list checked on 20 November 2026 (9 days ago); next review due 18 February 2027."),
        "{stats}"
    );
}

#[tokio::test]
async fn a_document_and_a_text_switch_on_their_day_with_the_bots_clock() {
    let dir = tempfile::tempdir().unwrap();
    let folder = firm_folder::folder(dir.path());
    let clock = Clock::new(dir.path(), START);
    let (api, bot, _data) = start(&folder, &clock).await;
    let user = api.user(5201, Some("en"));
    let result = |calls: &[Call]| texts_sent(calls);

    let residence = to_residence(&user).await;
    press(&user, &residence, "a:residence:own").await;
    let calls = user.say("01.01.2032", question_sent).await;
    let calls = user
        .press(&last_question(&calls), "sum:go", result_sent)
        .await;
    assert!(!result(&calls).contains("form B-7"), "{}", result(&calls));
    let calls = user.say("/restart", question_sent).await;
    assert!(texts_sent(&calls).contains("Let's start over."));

    // 26 November in Almaty: the new form is on the list, the new words in force.
    clock.set("2026-11-26T05:00:00Z");
    api.wait_for(
        Duration::from_secs(10),
        "the day's changes in the log",
        |_| bot.log().contains("switched on: document new-form"),
    )
    .await;
    assert!(
        bot.log().contains("new words for photographs"),
        "{}",
        bot.log()
    );
    let calls = user.say("/restart", question_sent).await;
    assert!(
        texts_sent(&calls).contains("Let's begin again."),
        "{}",
        texts_sent(&calls)
    );
    let calls = press(&user, &last_question(&calls), "a:stage:permit").await;
    let calls = press(&user, &last_question(&calls), "a:citizenship:ru").await;
    press(&user, &last_question(&calls), "a:refugee:no").await;
    let calls = user.say("40", question_sent).await;
    let calls = press(&user, &last_question(&calls), "a:children:no").await;
    let calls = press(&user, &last_question(&calls), "a:solvency:own").await;
    press(&user, &last_question(&calls), "a:residence:own").await;
    let calls = user.say("01.01.2032", question_sent).await;
    let calls = user
        .press(&last_question(&calls), "sum:go", result_sent)
        .await;
    assert!(
        result(&calls).contains("The new form B-7."),
        "{}",
        result(&calls)
    );

    // A reload says what it brings, takes out, and has waiting.
    let documents = std::fs::read_to_string(folder.join("documents.toml")).unwrap();
    std::fs::write(
        folder.join("documents.toml"),
        documents.replace("valid_from = 2026-11-26", "valid_from = 2027-03-01"),
    )
    .unwrap();
    hang_up(&bot);
    api.wait_for(Duration::from_secs(10), "the reload", |_| {
        bot.log().contains("SIGHUP: the content in")
    })
    .await;
    let log = bot.log();
    assert!(
        log.contains("no longer in force: document new-form, new words for photographs"),
        "{log}"
    );
    assert!(
        log.contains("waiting for their day: document new-form from 2027-03-01"),
        "{log}"
    );
    // At start the log said what was in force then.
    assert!(log.contains("start: the content in"), "{log}");
    assert!(log.contains("question residence"), "{log}");
}

#[tokio::test]
async fn admins_are_told_once_a_week_while_the_list_is_due_its_review() {
    let dir = tempfile::tempdir().unwrap();
    let folder = firm_folder::folder(dir.path());
    // Reviewed on 1 August, every 90 days: due since 30 October.
    firm_folder::write(&folder, "review.toml", "reviewed = 2026-08-01\n");
    let clock = Clock::new(dir.path(), START);
    let (api, bot, _data) = start(&folder, &clock).await;
    let user = api.user(5301, Some("en"));
    let told = |calls: &[Call], since: usize| {
        calls[since..]
            .iter()
            .filter(|c| {
                c.method == "sendmessage"
                    && c.chat_id() == Some(ADMIN)
                    && c.text()
                        .contains("The list of documents is due for review.")
            })
            .count()
    };
    let first = api
        .wait_message(ADMIN, 0, "the first notice", |c| {
            c.text().contains("due for review")
        })
        .await;
    assert!(
        first.text().contains(
            "It was last checked on 1 August 2026, 115 days ago; it should be checked every 90 days."
        ),
        "{}",
        first.text()
    );
    assert!(first.text().contains("review.toml"), "{}", first.text());
    // Only to the admins (the other one, who chose no language, in the
    // staff's: English here), never to an applicant.
    user.say("/start", question_sent).await;
    api.wait_message(9002, 0, "the other admin's notice", |c| {
        c.text().contains("due for review")
    })
    .await;
    assert!(
        api.calls()
            .iter()
            .filter(|c| c.text().contains("due for review"))
            .all(|c| [Some(ADMIN), Some(9002)].contains(&c.chat_id()))
    );

    // The other admin chooses Russian in the bot: the next notice is in Russian.
    let russian = api.user(9002, Some("ru"));
    russian.say("/start", question_sent).await;

    // The next days: nothing more, until a week has passed.
    for at in ["2026-11-25T06:00:00Z", "2026-11-30T06:00:00Z"] {
        clock.set(at);
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(told(&api.calls(), 0), 1, "{at}");
    }
    clock.set("2026-12-01T06:00:00Z");
    api.wait_for(Duration::from_secs(10), "the second notice", |calls| {
        told(calls, 0) == 2
    })
    .await;
    let since_start = api
        .wait_message(9002, 0, "the notice in Russian", |c| {
            c.text().contains("Пора проверить список документов.")
        })
        .await;
    assert!(
        since_start
            .text()
            .contains("Последняя проверка была 1 августа 2026 года (122 дня назад)"),
        "{}",
        since_start.text()
    );
    let admin = api.user(ADMIN, Some("en"));
    let calls = admin.say("/stats", called("sendphoto")).await;
    assert!(
        texts_sent(&calls).contains("⚠️ Content: list checked on 1 August 2026 (122 days ago); its review was due 30 October 2026."),
        "{}",
        texts_sent(&calls)
    );

    // Renewed: no more notices.
    firm_folder::write(&folder, "review.toml", "reviewed = 2026-12-01\n");
    hang_up(&bot);
    api.wait_for(Duration::from_secs(10), "the reload", |_| {
        bot.log().contains("is in force")
    })
    .await;
    clock.set("2026-12-09T06:00:00Z");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(told(&api.calls(), 0), 2);
}
