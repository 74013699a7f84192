//! The command line: help and version everywhere, mistakes refused with
//! exit code 2 and a message that says what is wrong.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"))
        .args(args)
        .env_remove("TELOXIDE_TOKEN")
        .output()
        .expect("the binary runs")
}

const SUBCOMMANDS: [&str; 7] = [
    "run",
    "console",
    "stats",
    "link",
    "healthcheck",
    "backup",
    "restore",
];

#[test]
fn every_subcommand_has_help_and_version() {
    // The version, and the store format it writes (tests/store_formats.rs).
    let version = format!(" {} (store format ", env!("CARGO_PKG_VERSION"));
    for args in [vec![]].into_iter().chain(SUBCOMMANDS.map(|s| vec![s])) {
        let help = run(&[args.as_slice(), &["--help"]].concat());
        assert!(help.status.success(), "{args:?} --help: {help:?}");
        let text = String::from_utf8_lossy(&help.stdout);
        assert!(text.contains("Usage: kz-residence-bot"), "{args:?}: {text}");
        let shown = run(&[args.as_slice(), &["--version"]].concat());
        assert!(shown.status.success(), "{args:?} --version: {shown:?}");
        let stdout = String::from_utf8_lossy(&shown.stdout);
        assert!(
            stdout.starts_with("kz-residence-bot") && stdout.contains(&version),
            "{args:?}: {stdout}"
        );
    }
    let top = String::from_utf8_lossy(&run(&["--help"]).stdout).to_string();
    for subcommand in SUBCOMMANDS {
        assert!(top.contains(subcommand), "{subcommand} not in\n{top}");
    }
}

#[test]
fn unknown_flags_and_commands_are_refused_with_exit_code_2() {
    for (args, says) in [
        (&["--verbose"][..], "unexpected argument '--verbose'"),
        (&["console", "--colour"], "unexpected argument '--colour'"),
        (
            &["stats", "--data-dir"],
            "a value is required for '--data-dir",
        ),
        (&["healthcheck", "now"], "unexpected argument 'now'"),
        (&["link", "--tag", "expo"], "--lang <LANG>"),
        (&["link", "--lang", "de"], "unknown language \"de\""),
        (&["serve"], "unrecognized subcommand 'serve'"),
        (&["restore", "kz.kzb"], "--data-dir <DATA_DIR>"),
        (&["backup"], "<FILE>"),
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(
            stderr.contains("--help"),
            "{args:?} points to help: {stderr}"
        );
    }
}

#[test]
fn the_bot_without_a_token_says_how_to_get_one() {
    for args in [&[][..], &["run"]] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("TELOXIDE_TOKEN is not set") && stderr.contains("@BotFather"),
            "{stderr}"
        );
    }
}

#[test]
fn a_malformed_admin_list_is_explained_before_anything_starts() {
    let output = Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"))
        .env("TELOXIDE_TOKEN", "123456789:AAHabcdefghijklmnopqrstuvwxyz")
        .env("BOT_ADMINS", "123456789, @office_manager")
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("BOT_ADMINS must be Telegram user ids")
            && stderr.contains("\"@office_manager\" is not one"),
        "{stderr}"
    );
}
