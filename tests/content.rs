//! The firm's content folder: checked with every problem's file and line,
//! previewed in the console, used by the bot, refused when invalid, and
//! reloaded on SIGHUP (the old content staying in force when the new one
//! has problems).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use kz_residence_bot::content;
use kz_residence_bot::office::Office;

use crate::fake_api::*;
use crate::helpers::hang_up;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/content")
}

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"));
    command
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("BOT_CONTENT_DIR");
    command
}

/// The shipped pack: usable, every item naming a source that has a day it
/// was checked (and an address), nothing beyond what its sources say.
#[test]
fn the_example_pack_has_no_problems_and_every_item_names_a_checked_source() {
    assert_eq!(content::check(&example()), vec![]);
    let output = binary()
        .args([
            "check-content",
            example().to_str().unwrap(),
            "--on",
            "2026-12-01",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains("warning"),
        "{output:?}"
    );
    let loaded = content::load(&example(), Office::default()).unwrap();
    let amendments = &loaded.amendments;
    assert!(
        amendments
            .documents
            .iter()
            .any(|d| d.id == "medical-certificate")
    );
    let sources = amendments
        .documents
        .iter()
        .map(|d| &d.source)
        .chain(amendments.notes.iter().map(|n| &n.source))
        .chain(amendments.replacements.iter().map(|r| &r.source));
    for source in sources {
        let found = amendments.source(source).expect("a listed source");
        assert!(found.url.is_some_and(|u| u.starts_with("http")), "{source}");
    }
    assert!(amendments.review.is_some());
    // What the pack leaves out keeps the guide's values: it states no office hours.
    assert_eq!(loaded.office.phones, Office::default().phones);
    assert_eq!(loaded.office.hours, None);
}

fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn every_problem_is_listed_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "office.toml",
        "# the office\nphones = [\"+7 727 266-61-50\", \"call us\"]\nemail = \"office.example.kz\"\n\n[hours]\nkk = \"9:00–18:00\"\nru = \"9:00–18:00\"\n",
    );
    write(
        d,
        "documents.toml",
        "[[document]]\nid = \"Medical Certificate\"\nstage = \"permit\"\ntext.ru = \"Справка\"\ntext.en = \"Certificate\"\n\n[document.when]\nage_from = 18\nhair_colour = \"red\"\n",
    );
    write(
        d,
        "ru/texts.ftl",
        "# поправки\nwelcome = Здравствуйте, { $name }!\nno-such-message = Текст\n",
    );
    write(d, "en/broken.ftl", "help = { $days \n");
    write(d, "fr/texts.ftl", "welcome = Bonjour\n");
    let output = binary()
        .args(["check-content", d.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let listed = String::from_utf8_lossy(&output.stdout);
    let at = |file: &str, line: usize| format!("{}:{line}: ", d.join(file).display());
    for (file, line, what) in [
        ("office.toml", 2, "\"call us\" is not a phone number"),
        (
            "office.toml",
            3,
            "\"office.example.kz\" is not an e-mail address",
        ),
        ("office.toml", 5, "hours: the text in en is missing"),
        (
            "documents.toml",
            2,
            "must be 1 to 30 small letters, digits or -",
        ),
        ("documents.toml", 9, "hair_colour"),
        (
            "ru/texts.ftl",
            2,
            "welcome uses $name, which the bot does not pass to it",
        ),
        (
            "ru/texts.ftl",
            3,
            "no-such-message: the bot has no message of that name",
        ),
        (
            "en/broken.ftl",
            1,
            "not valid Fluent: Expected a token starting with \"}\"",
        ),
    ] {
        let expected = at(file, line);
        assert!(
            listed
                .lines()
                .any(|l| l.starts_with(&expected) && l.contains(what)),
            "no {expected}…{what} in:\n{listed}"
        );
    }
    assert!(
        listed.contains(&format!(
            "{}: not a language folder",
            d.join("fr").display()
        )),
        "{listed}"
    );
    // All at once: the unknown condition, the bad id and the missing
    // language of the same document.
    assert!(
        listed.contains(&format!(
            "{}text: the text in kk is missing",
            at("documents.toml", 4)
        )),
        "{listed}"
    );
}

#[test]
fn the_console_previews_the_consultation_with_a_content_folder() {
    use std::io::Write;
    let mut child = binary()
        .args([
            "console",
            "--lang",
            "en",
            "--content",
            example().to_str().unwrap(),
            "--on",
            "2026-12-01",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        // Permit, Russia, no, 40, no children, own means, passport; no
        // medical certificate yet, no foreign documents, not in the pilot.
        .write_all(b"1\n2\n2\n40\n2\n1\n01.01.2032\n2\n2\n2\n1\n/quit\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("A medical certificate, form 028/u, issued no more than 180 days"),
        "{text}"
    );
    assert!(
        text.contains("📚 List checked on 30 November 2026."),
        "{text}"
    );
}

#[test]
fn the_bot_refuses_to_start_on_content_with_problems() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "office.toml", "phones = [\"nope\"]\n");
    let output = binary()
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", "http://127.0.0.1:9/")
        .env("BOT_DATA_DIR", dir.path().join("data"))
        .env("BOT_CONTENT_DIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("office.toml:1: phones: \"nope\" is not a phone number"),
        "{stderr}"
    );
}

/// A whole consultation for the permit; the result's texts.
async fn result_of(user: &TestUser, age: &str) -> String {
    let calls = user.say("/start", question_sent).await;
    let calls = user
        .press(&last_question(&calls), "a:stage:permit", question_sent)
        .await;
    let calls = user
        .press(&last_question(&calls), "a:citizenship:ru", question_sent)
        .await;
    user.press(&last_question(&calls), "a:refugee:no", question_sent)
        .await;
    let mut calls = user.say(age, question_sent).await;
    if last_question(&calls)
        .buttons()
        .iter()
        .any(|b| b == "a:children:no")
    {
        calls = user
            .press(&last_question(&calls), "a:children:no", question_sent)
            .await;
    }
    user.press(&last_question(&calls), "a:solvency:own", question_sent)
        .await;
    let mut calls = user.say("01.01.2032", question_sent).await;
    // The pack's own questions, yes or no: no to each.
    while let Some(no) = last_question(&calls)
        .buttons()
        .into_iter()
        .find(|b| b.starts_with("a:") && b.ends_with(":no"))
    {
        calls = user.press(&last_question(&calls), &no, question_sent).await;
    }
    let calls = user
        .press(&last_question(&calls), "sum:go", result_sent)
        .await;
    texts_sent(&calls)
}

#[tokio::test]
async fn the_bot_uses_the_folder_and_sighup_reloads_it_or_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    std::fs::create_dir_all(&folder).unwrap();
    for file in std::fs::read_dir(example()).unwrap() {
        let file = file.unwrap().path();
        std::fs::copy(&file, folder.join(file.file_name().unwrap())).unwrap();
    }
    let (api, bot, _data) = start_bot(&[("BOT_CONTENT_DIR", folder.to_str().unwrap())]).await;
    let adult = api.user(4001, Some("ru"));
    let result = result_of(&adult, "40").await;
    assert!(
        result.contains("Медицинская справка по форме 028/у"),
        "{result}"
    );
    assert!(
        result.contains("Дата последней проверки списка: 30 ноября 2026"),
        "{result}"
    );
    // A note's condition: fingerprinting from 16.
    assert!(result.contains("дактилоскопию"), "{result}");
    let young = api.user(4002, Some("ru"));
    let result = result_of(&young, "15").await;
    assert!(!result.contains("дактилоскопию"), "{result}");

    // A new phone, then SIGHUP: in force without a restart.
    let office = std::fs::read_to_string(folder.join("office.toml")).unwrap();
    std::fs::write(
        folder.join("office.toml"),
        format!("phones = [\"+7 700 000 00 01\"]\n{office}"),
    )
    .unwrap();
    hang_up(&bot);
    api.wait_for(Duration::from_secs(10), "the reload", |_| {
        bot.log().contains("is in force")
    })
    .await;
    let calls = adult.say("/contacts", called("sendcontact")).await;
    assert!(
        texts_sent(&calls).contains("+7 700 000 00 01"),
        "{}",
        texts_sent(&calls)
    );
    let card = calls.iter().find(|c| c.method == "sendcontact").unwrap();
    assert_eq!(card.body["phone_number"], serde_json::json!("+77000000001"));

    // A broken folder: refused, each problem logged, the old content stays.
    std::fs::write(folder.join("office.toml"), "phones = [\"oops\"]\n").unwrap();
    hang_up(&bot);
    api.wait_for(Duration::from_secs(10), "the refusal", |_| {
        bot.log().contains("was refused")
    })
    .await;
    assert!(
        bot.log()
            .contains("office.toml:1: phones: \"oops\" is not a phone number")
    );
    let calls = adult.say("/contacts", called("sendcontact")).await;
    assert!(texts_sent(&calls).contains("+7 700 000 00 01"));
}

#[test]
fn opening_hours_are_read_as_days_and_times_and_each_wrong_one_is_listed_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "office.toml",
        "[hours]\nkk = \"дүйсенбі–жұма, 9:00–18:00\"\nru = \"пн–пт, 9:00–18:00\"\nen = \"Mon–Fri, 9:00–18:00\"\n\n[opening_hours]\nmonday = \"09:00-18:00\"\ntuesday = \"18:00-09:00\"\nfunday = \"10:00-12:00\"\nfriday = \"9-18\"\n",
    );
    let output = binary()
        .args(["check-content", d.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let listed = String::from_utf8_lossy(&output.stdout);
    let at = |line: usize| format!("{}:{line}: ", d.join("office.toml").display());
    for (line, what) in [
        (
            8,
            "opening_hours.tuesday: \"18:00-09:00\" closes before it opens",
        ),
        (9, "opening_hours.funday: not a field the bot knows"),
        (
            10,
            "opening_hours.friday: \"9\" is not a time of day such as 09:00",
        ),
    ] {
        assert!(
            listed.contains(&format!("{}{what}", at(line))),
            "{line}: {what} in {listed}"
        );
    }
    // Right, it passes, and the hours are what the bot acts on.
    write(
        d,
        "office.toml",
        "[hours]\nkk = \"дүйсенбі–жұма, 9:00–18:00\"\nru = \"пн–пт, 9:00–18:00\"\nen = \"Mon–Fri, 9:00–18:00\"\n\n[opening_hours]\nmonday = \"09:00-13:00, 14:00-18:00\"\nsaturday = \"closed\"\n",
    );
    let loaded = content::load(d, Office::default()).unwrap();
    let opening = loaded.office.opening.expect("the hours read");
    let monday_noon = chrono::DateTime::parse_from_rfc3339("2026-06-01T08:30:00Z")
        .unwrap()
        .to_utc();
    assert!(!opening.is_open(monday_noon), "13:30 in Almaty: the break");
    assert!(opening.is_open(monday_noon + chrono::Duration::hours(1)));
    // Without the words for people, the times alone are refused.
    write(
        d,
        "office.toml",
        "[opening_hours]\nmonday = \"09:00-18:00\"\n",
    );
    let output = binary()
        .args(["check-content", d.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("give [hours] too"),
        "{output:?}"
    );
}
