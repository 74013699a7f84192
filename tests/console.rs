//! The terminal front end, with the awkward input people type.

use std::io::Write;
use std::process::{Command, Stdio};

use kz_residence_bot::console;
use kz_residence_bot::lang::Lang;

use crate::common;

fn run(lang: Option<Lang>, input: &[u8]) -> String {
    let mut output = Vec::new();
    console::run(lang, &mut &input[..], &mut output, common::content()).expect("console runs");
    String::from_utf8(output).expect("utf-8 output")
}

#[test]
fn a_whole_consultation_by_numbers() {
    let out = run(Some(Lang::English), b"3\n2\n2\n40\n2\n1\n01.01.2031\n1\n");
    assert!(
        out.contains("Stage 1. Permit for permanent residence"),
        "{out}"
    );
    assert!(out.contains("Stage 2. Residence permit card"), "{out}");
    assert!(out.contains("+7 727 266-61-50"), "{out}");
    assert!(
        out.ends_with("Goodbye! Type kz-residence-bot console to begin again.\n"),
        "{out}"
    );
}

#[test]
fn without_a_language_it_asks_for_one_first() {
    let out = run(None, b"2\n");
    assert!(
        out.starts_with("\nТілді таңдаңыз · Выберите язык · Choose your language"),
        "{out}"
    );
    assert!(out.contains("Какой документ вам нужен?"), "{out}");
}

#[test]
fn back_and_restart_commands_work() {
    let out = run(Some(Lang::English), b"1\n/back\n/restart\n");
    let after_back = out.split("> ").nth(2).unwrap();
    assert!(
        after_back.contains("Which document do you need?"),
        "{after_back}"
    );
    assert!(out.contains("Let's start over."), "{out}");
}

#[test]
fn numbers_typed_for_the_age_are_ages_not_buttons() {
    let out = run(Some(Lang::English), b"2\n2\n20\n");
    // The age question has no numbered options: "2" is the age, so the passport is asked next.
    assert!(out.contains("When does your passport expire?"), "{out}");
}

#[test]
fn bad_input_gets_a_clear_message_never_a_panic() {
    let long = "9".repeat(4000);
    let input = format!("\n{long}\nabc\n1\n2\n2\nforty\n-3\n\u{0}\n");
    let mut bytes = input.into_bytes();
    bytes.extend_from_slice(b"\xff\xfe\n"); // invalid UTF-8
    let out = run(Some(Lang::English), &bytes);
    assert!(
        out.contains("I did not get an answer."),
        "empty line: {out}"
    );
    assert!(
        out.contains("too long to be an answer"),
        "4,000 characters: {out}"
    );
    assert!(
        out.contains("type a number from 1 to 3"),
        "letters for a choice: {out}"
    );
    assert!(
        out.contains("Please send your age as a number"),
        "letters for a number: {out}"
    );
    assert!(
        out.contains("Goodbye!"),
        "clean exit at end of input: {out}"
    );
}

#[test]
fn end_of_input_at_once_exits_cleanly() {
    let out = run(Some(Lang::Kazakh), b"");
    assert!(out.contains("Сау болыңыз!"), "{out}");
}

#[test]
fn the_binary_runs_the_console_without_a_token() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"))
        .args(["console", "--lang", "ru"])
        .env_remove("TELOXIDE_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"1\n/quit\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Какое у вас гражданство?"), "{stdout}");
}

#[test]
fn the_binary_rejects_an_unknown_language_with_usage() {
    let output = Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"))
        .args(["console", "--lang", "fr"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown language \"fr\": use kk, ru or en"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_command_names_the_commands_and_forget_says_what_the_terminal_keeps() {
    // At the first question: a command that does not exist is not an answer.
    let out = run(Some(Lang::English), b"/nosuchcommand\n");
    assert!(out.contains("There is no such command"), "{out}");
    assert!(!out.contains("Please choose one of the options"), "{out}");
    // /forget: nothing is kept after the terminal closes; the conversation
    // starts over, said once, with no talk of disks.
    let out = run(Some(Lang::English), b"3\n/forget\n");
    assert!(out.contains("Nothing is saved in the terminal"), "{out}");
    assert!(!out.contains("Please choose one of the options"), "{out}");
    for lang in Lang::ALL {
        let out = run(Some(lang), b"3\n/forget\n");
        let texts = kz_residence_bot::texts::Texts::load().unwrap();
        let forget = texts.render(lang, &kz_residence_bot::reply::Msg::new("console-forget"));
        let restarted = texts.render(lang, &kz_residence_bot::reply::Msg::new("restarted"));
        let after = &out[out.find(forget.as_str()).expect("the /forget answer")..];
        assert_eq!(after.matches(restarted.as_str()).count(), 1, "{out}");
        for twice in ["Starting over", "Начинаем заново", "Басынан бастаймыз"]
        {
            assert!(!after.contains(twice), "{}: {out}", lang.code());
        }
        for disk in ["disk", "диск"] {
            assert!(!forget.contains(disk), "{}: {forget}", lang.code());
        }
    }
    // With a document ticked, /forget forgets it: no "start over?" question
    // about the ticks it has just dropped.
    let out = run(
        Some(Lang::English),
        b"1\n2\n1\n40\n2\n1\n15.03.2030\n1\n1\n1\n/forget\n",
    );
    let after = &out[out
        .find("Nothing is saved in the terminal")
        .expect("/forget")..];
    assert!(after.contains("Let's start over."), "{out}");
    assert!(!after.contains("Starting over deletes"), "{out}");
}
