//! Forgetting that reaches the disk, with the real binary: after `/forget`
//! the running bot rewrites its store within a day, and then no file in
//! `BOT_DATA_DIR` holds the chat's key; a SIGKILL at random points of a
//! rewrite leaves a store that opens with every other dialogue intact.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kz_residence_bot::store::{self, ChatRecord, Durability, HandledUpdates, encode, rewrite};

use crate::fake_api::*;
use crate::helpers::files_containing;

/// A chat id whose 8 key bytes cannot occur by chance.
const SECRET: i64 = 0x5EC2_E7C4_A7B1_D00D;

async fn wait_log(bot: &BotProcess, line: &str, within: Duration) {
    let deadline = Instant::now() + within;
    while !bot.log().contains(line) {
        assert!(Instant::now() < deadline, "no {line:?} in:\n{}", bot.log());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn after_forget_the_running_bot_takes_the_chat_off_the_disk_within_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let clock = dir.path().join("clock");
    std::fs::write(&clock, "2026-11-24T06:00:00Z").unwrap();
    let data = dir.path().join("data");
    let api = FakeApi::start().await;
    let env = [
        ("BOT_TEST_ONLY_CLOCK_FILE", clock.to_str().unwrap()),
        ("BOT_RATE_LIMIT", "off"),
    ];
    let mut bot = BotProcess::spawn(&api, &data, &env);
    api.wait_polling().await;
    let other = api.user(4242, Some("en"));
    let calls = other.say("/start", question_sent).await;
    other
        .press(&last_question(&calls), "a:stage:permit", question_sent)
        .await;
    let user = api.user(SECRET, Some("en"));
    let calls = user.say("/start", question_sent).await;
    user.press(&last_question(&calls), "a:stage:both", question_sent)
        .await;
    let calls = user
        .say("/forget", sent_containing("I have deleted everything"))
        .await;
    assert!(texts_sent(&calls).contains("within 24 hours"));
    // Deleted, but still in sled's files: the problem this solves.
    assert!(!files_containing(&data, &SECRET.to_be_bytes()).is_empty());
    // The bot notices the deletion, then its clock moves a day on.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!bot.log().contains("store rewritten"));
    std::fs::write(&clock, "2026-11-25T06:00:00Z").unwrap();
    wait_log(&bot, "store rewritten without deleted data", REPLY_TIMEOUT).await;
    bot.terminate(Duration::from_secs(10)).await.unwrap();
    assert_eq!(
        files_containing(&data, &SECRET.to_be_bytes()),
        Vec::<PathBuf>::new()
    );
    assert!(stored(&data, 4242).await.is_some());
    assert_eq!(stored(&data, SECRET).await, None);
}

/// Dialogues enough that a rewrite takes a while to interrupt.
const DIALOGUES: i64 = 5_000;
const ROUNDS: u64 = 20;

fn record(chat: i64) -> ChatRecord {
    ChatRecord {
        touched: 1_800_000_000 + chat * 3600,
        handled: [chat as u32].into_iter().collect::<HandledUpdates>(),
        ..ChatRecord::default()
    }
}

fn assert_every_dialogue_intact(data: &Path) {
    let store = store::open(data, Durability::Background).unwrap();
    for chat in 1..=DIALOGUES {
        let raw = store.raw(chat).unwrap();
        assert_eq!(
            raw.as_deref(),
            Some(&encode(&record(chat)).unwrap()[..]),
            "chat {chat}"
        );
    }
    assert_eq!(store.raw(SECRET).unwrap(), None);
    assert_eq!(store.len(), DIALOGUES as usize);
}

#[tokio::test]
async fn sigkill_at_random_points_of_a_rewrite_leaves_a_store_that_opens_with_everything() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let store = store::open(&data, Durability::Background).unwrap();
        for chat in 1..=DIALOGUES {
            store.write(chat, &record(chat)).await.unwrap();
        }
        store.write(SECRET, &record(7)).await.unwrap();
        store.remove(SECRET).await.unwrap();
        store.flush_now().unwrap();
    }
    let api = FakeApi::start().await;
    // How long the bot takes to start and rewrite.
    let started = Instant::now();
    let mut bot = BotProcess::spawn(&api, &data, &[]);
    wait_log(&bot, "store rewritten at start", Duration::from_secs(60)).await;
    let whole = started.elapsed();
    bot.kill();
    assert_every_dialogue_intact(&data);
    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| started.elapsed().as_nanos() as u64 | 1);
    eprintln!("CRASH_SEED={seed}; a start with its rewrite takes {whole:?}");
    let mut state = seed;
    for round in 0..ROUNDS {
        // xorshift: a kill anywhere from the start to a little past the rewrite.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let at = whole.mul_f64((state % 1200) as f64 / 1000.0);
        std::fs::write(data.join(rewrite::MARKER), b"").unwrap();
        let mut bot = BotProcess::spawn(&api, &data, &[]);
        tokio::time::sleep(at).await;
        bot.kill();
        eprintln!("round {round}: killed after {at:?}");
        assert_every_dialogue_intact(&data);
    }
}
