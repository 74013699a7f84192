//! Small helpers that more than one test file needs, each written once:
//! pressing a button the bot offered, the whole route most end-to-end
//! tests walk, the bot's test clock, the files of a data directory
//! searched byte by byte, a PDF's text, a hang-up, and the core's chat
//! walked to its first typed questions. The fake Bot API, the core's
//! context and chat, the firm's folder and the store's fixture have
//! modules of their own (`fake_api`, `common`, `firm_folder`,
//! `store_fixture`).

use std::path::{Path, PathBuf};
use std::process::Command;

use kz_residence_bot::dialogue::Step;
use kz_residence_bot::lang::Lang;
use kz_residence_bot::questions::Question;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};

use crate::common::Chat;
use crate::fake_api::{BotProcess, Call, TestUser, question_sent};

/// Presses `data` under `on` and waits for the next question; the button
/// must be on the message, so a test never presses one the bot did not offer.
pub async fn press(user: &TestUser, on: &Call, data: &str) -> Vec<Call> {
    assert!(
        on.buttons().iter().any(|b| b == data),
        "{data} is not on the message {:?}",
        on.buttons()
    );
    user.press(on, data, question_sent).await
}

/// An adult citizen of Russia on the whole route, and the answers given.
pub const ADULT_RUSSIAN_ROUTE: [(Question, &str); 7] = [
    (Question::Stage, "a:stage:both"),
    (Question::Citizenship, "a:citizenship:ru"),
    (Question::RefugeeStatus, "a:refugee:no"),
    (Question::Age, "33"),
    (Question::ChildrenAged14To18, "a:children:no"),
    (Question::Solvency, "a:solvency:own"),
    (Question::DocumentExpiry, "01.01.2032"),
];

/// The bot's clock, as a test sets it (`BOT_TEST_ONLY_CLOCK_FILE`).
pub struct Clock {
    pub path: PathBuf,
}

impl Clock {
    pub fn new(dir: &Path, at: &str) -> Clock {
        let clock = Clock {
            path: dir.join("clock"),
        };
        clock.set(at);
        clock
    }

    /// An RFC 3339 instant; Almaty is UTC+5, so `T05:00:00Z` is 10:00 there.
    pub fn set(&self, at: &str) {
        std::fs::write(&self.path, at).unwrap();
    }
}

/// Every file under `dir`, in its subdirectories too.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// The files under `dir` whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    files(dir)
        .into_iter()
        .filter(|path| {
            let bytes = std::fs::read(path).unwrap_or_default();
            bytes.windows(needle.len()).any(|w| w == needle)
        })
        .collect()
}

/// The text of a PDF, page by page.
pub fn pdf_text(bytes: &[u8]) -> String {
    let document = lopdf::Document::load_mem(bytes).expect("a valid PDF");
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let text = document.extract_text(&pages).expect("its text");
    // Wrapped lines read as one run of words.
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// SIGHUP, as an operator reloads the content folder.
pub fn hang_up(bot: &BotProcess) {
    let pid = bot.pid().unwrap();
    Command::new("sh")
        .args(["-c", &format!("kill -HUP {pid}")])
        .status()
        .unwrap();
}

/// A chat in `lang` waiting for the age (card only, a Russian citizen).
pub fn at_age(lang: Lang) -> Chat {
    let mut chat = Chat::started(lang);
    chat.press("a:stage:card");
    chat.press("a:citizenship:ru");
    assert_eq!(chat.session.step, Step::Ask(Question::Age));
    chat
}

/// A chat in `lang` waiting for the passport's expiry (card only, age 40).
pub fn at_expiry(lang: Lang) -> Chat {
    let mut chat = at_age(lang);
    chat.text("40");
    assert_eq!(chat.session.step, Step::Ask(Question::DocumentExpiry));
    chat
}

/// proptest's settings, `cases` cases a run, with the failures it finds
/// kept beside the test's file (`tests/NAME.proptest-regressions`, committed)
/// and run again first. Its default keeps them beside the folder of the
/// nearest `main.rs`, which for `tests/main.rs` is a folder of the
/// repository's root that nobody commits.
pub fn proptest_config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}
