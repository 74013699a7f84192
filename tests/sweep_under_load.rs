//! The privacy sweep while chats are written: a step saved while the sweep
//! runs is never deleted by it, even for an applicant coming back after the
//! retention period just as the sweep reaches their chat. (A chat's first
//! update, which teloxide once stored as a record stamped 1970, is tested
//! with the storage adapter, `telegram::storage`.)

use std::sync::Arc;
use std::time::Duration;

use kz_residence_bot::store::{self, ChatRecord, Durability, HandledUpdates, Store, sweep};

const DAY: i64 = 86_400;
const RETENTION: Duration = Duration::from_secs(90 * DAY as u64);

fn record(touched: i64, chat: i64, step: u32) -> ChatRecord {
    ChatRecord {
        touched,
        handled: (0..=step)
            .map(|s| chat as u32 * 16 + s)
            .collect::<HandledUpdates>(),
        ..ChatRecord::default()
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Writes every chat's record at once, each in its own task (as the bot's
/// handlers do), so the writes share flushes.
async fn write_all(store: &Arc<Store>, chats: i64, record: impl Fn(i64) -> ChatRecord) {
    let tasks: Vec<_> = (1..=chats)
        .map(|chat| {
            let (store, record) = (store.clone(), record(chat));
            tokio::spawn(async move { store.write(chat, &record).await.unwrap() })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
}

/// `chats` stale dialogues, then every chat comes back (one write each,
/// in its own task) while the sweep runs on another thread; returns the
/// chats whose new step is gone, and how many the sweep deleted.
fn stale_chats_come_back_during_a_sweep(
    store: &Arc<Store>,
    chats: i64,
    now: i64,
) -> (Vec<i64>, usize) {
    let runtime = runtime();
    let stale = now - 100 * DAY;
    runtime.block_on(write_all(store, chats, move |chat| record(stale, chat, 0)));
    let sweeper = {
        let store = store.clone();
        std::thread::spawn(move || sweep::sweep(&store, now, RETENTION).unwrap())
    };
    runtime.block_on(write_all(store, chats, move |chat| record(now, chat, 1)));
    let deleted = sweeper.join().unwrap();
    let lost = (1..=chats)
        .filter(|&chat| store.read(chat).unwrap() != Some(record(now, chat, 1)))
        .collect();
    (lost, deleted)
}

#[test]
fn an_applicant_coming_back_as_the_sweep_reaches_them_keeps_the_new_step() {
    let now = chrono::Utc::now().timestamp();
    let mut raced = false;
    // The sweep and the writers race: several rounds, so the race is run
    // often whatever the machine's timing; each round's store is new.
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let store = store::open(&dir.path().join("data"), Durability::Flushed).unwrap();
        let (lost, deleted) = stale_chats_come_back_during_a_sweep(&store, 2_000, now);
        assert!(
            lost.is_empty(),
            "round {round}: {} chats lost their new step, e.g. {:?}",
            lost.len(),
            &lost[..lost.len().min(5)]
        );
        eprintln!(
            "round {round}: the sweep deleted {deleted} of 2000 stale dialogues before they came back"
        );
        raced |= deleted > 0 && deleted < 2_000;
    }
    // The race was really run: in some round the sweep reached some chats
    // before they came back, and others came back first.
    assert!(raced, "the sweep and the writers never overlapped");
}
