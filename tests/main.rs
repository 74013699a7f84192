//! The integration tests, as one binary: every file beside this one is a
//! module of it, so the fake Bot API and the other shared modules compile
//! once and one test executable is linked, not one per file.
//!
//! `cargo test --locked` runs them all with the unit tests; one file's
//! tests run by its module's name, `cargo test --locked --test main
//! robustness::`. A test that needs the process to itself reads its
//! settings from the environment only (`CRASH_SEED`, `CRASH_DURABILITY`),
//! never writes it: the tests share one process, its environment, its
//! working directory and its statics, and each bot runs as a child
//! process of its own.
//!
//! A new test file is declared here (`Cargo.toml` has `autotests =
//! false`); `every_test_file_is_a_module_of_this_binary` fails until it is.

// What the tests share.
mod common;
mod fake_api;
mod firm_folder;
mod helpers;
mod store_fixture;

// The tests, a file each.
mod amendments;
mod amendments_core;
mod ask_office;
mod ask_office_core;
mod ask_office_store;
mod backup;
mod backup_store;
mod bot_api_today;
mod business;
mod cli;
mod companion;
mod console;
mod content;
mod core_properties;
mod crash_safety;
mod date_answers;
mod date_properties;
mod dates;
mod dialogue_route;
mod docs_commands;
mod forgetting;
mod forgetting_store;
mod guide_rules;
mod intake;
mod locales;
mod operations;
mod pdf;
mod picker;
mod real_telegram;
mod robustness;
mod staff;
mod start_hiccups;
mod store_formats;
mod sweep_under_load;
mod telegram_bot;
mod telegram_picker;
mod typed_input;
mod wording;

/// Every `.rs` file in `tests/` and every folder with a `mod.rs` is
/// declared above: with `autotests = false`, Cargo builds no file that
/// is not, and its tests would pass by never running.
#[test]
fn every_test_file_is_a_module_of_this_binary() {
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let this = std::fs::read_to_string(tests.join("main.rs")).unwrap();
    let declared: std::collections::BTreeSet<&str> = this
        .lines()
        .filter_map(|line| line.strip_prefix("mod "))
        .filter_map(|rest| rest.strip_suffix(';'))
        .collect();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&tests).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        let module = if path.is_dir() {
            path.join("mod.rs").is_file()
        } else {
            path.extension().is_some_and(|e| e == "rs") && name != "main"
        };
        if module && !declared.contains(name.as_str()) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "not declared in tests/main.rs: {missing:?}"
    );
    assert!(
        declared.len() >= 40,
        "only {} modules: {declared:?}",
        declared.len()
    );
}
