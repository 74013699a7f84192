//! Forgetting that reaches the disk, on the store itself: once the promised
//! rewrite has run, the raw bytes of every file in the data directory hold
//! neither a forgotten chat's key nor its encoded record, as an attacker
//! with the disk would search for them; every other dialogue is intact;
//! and each state a crash can leave a rewrite in opens with everything.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use kz_residence_bot::lang::Lang;
use kz_residence_bot::staff::tally::{Count, Tally};
use kz_residence_bot::store::counters::Counters;
use kz_residence_bot::store::{
    self, ChatRecord, Durability, HandledUpdates, OpenRequest, Store, encode, rewrite, sweep,
};

use crate::helpers::files_containing;

/// A chat id whose 8 key bytes cannot occur by chance.
const SECRET: i64 = 0x5EC2_E7C4_A7B1_D00D;
const OTHERS: i64 = 200;
const NOW: i64 = 1_800_000_000;
const DAY: i64 = 86_400;

fn record(touched: i64, first_update: u32) -> ChatRecord {
    ChatRecord {
        touched,
        handled: (first_update..first_update + 8).collect::<HandledUpdates>(),
        ..ChatRecord::default()
    }
}

/// The forgotten chat's record: update ids no other chat has.
fn secret_record(touched: i64) -> ChatRecord {
    record(touched, 0xC0DE_0000)
}

fn assert_no_trace(dir: &Path, touched: i64) {
    let key = SECRET.to_be_bytes();
    let encoded = encode(&secret_record(touched)).unwrap();
    assert_eq!(files_containing(dir, &key), Vec::<PathBuf>::new(), "key");
    assert_eq!(
        files_containing(dir, &encoded),
        Vec::<PathBuf>::new(),
        "record"
    );
}

/// Other dialogues, and the forgotten one with everything a chat can have
/// beside its record: a mark, reminders sent, a reminder index entry, a
/// request to the office with its indexes.
async fn fill(store: &Arc<Store>, secret_touched: i64) {
    for chat in 1..=OTHERS {
        store
            .write(chat, &record(NOW - DAY, chat as u32 * 16))
            .await
            .unwrap();
    }
    let secret = secret_record(secret_touched);
    store.write(SECRET, &secret).await.unwrap();
    store.mark_sent(SECRET, &secret, &[]).await.unwrap();
    store.retry_reminder(SECRET, NOW + DAY).unwrap();
    let counters = Counters::open(store).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
    counters
        .began(SECRET, day, &[Count::total(Tally::Started)], false)
        .unwrap();
    counters.save().unwrap();
    let request = OpenRequest {
        reference: "QX7SEC".into(),
        opened: NOW,
        lang: Lang::English,
        staff_chat: -100_777,
        card: 41,
        topic: Some(42),
        messages: vec![41, 43],
        applicant_seen: 5,
        staff_seen: 6,
    };
    assert!(store.open_request(SECRET, &request).await.unwrap());
    store.flush_now().unwrap();
}

fn assert_others_intact(store: &Store) {
    for chat in 1..=OTHERS {
        assert_eq!(
            store.read(chat).unwrap(),
            Some(record(NOW - DAY, chat as u32 * 16)),
            "chat {chat}"
        );
    }
}

#[tokio::test]
async fn a_forgotten_chat_leaves_no_trace_in_the_files_once_the_store_is_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = store::open(dir.path(), Durability::Flushed).unwrap();
    fill(&store, NOW).await;
    // The search finds what is there.
    assert!(!files_containing(dir.path(), &SECRET.to_be_bytes()).is_empty());
    // As /forget does it: the request closed, then the dialogue deleted.
    store.close_request(SECRET, None).await.unwrap();
    store.remove(SECRET).await.unwrap();
    assert!(store.has_forgotten());
    let done = store.rewrite().unwrap();
    assert!(done.entries > OTHERS as u64, "{done}");
    assert!(!store.has_forgotten());
    assert_no_trace(dir.path(), NOW);
    assert_others_intact(&store);
    // The store keeps working on the new copy, and reopens as it was.
    store.write(7, &record(NOW, 7)).await.unwrap();
    drop(store);
    let store = store::open(dir.path(), Durability::Flushed).unwrap();
    assert_eq!(store.read(7).unwrap(), Some(record(NOW, 7)));
    assert_eq!(store.read(SECRET).unwrap(), None);
}

#[tokio::test]
async fn a_swept_chat_leaves_no_trace_in_the_files_after_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let store = store::open(dir.path(), Durability::Flushed).unwrap();
    let stale = NOW - 200 * DAY;
    fill(&store, stale).await;
    store.close_request(SECRET, None).await.unwrap();
    let retention = Duration::from_secs(90 * DAY as u64);
    assert_eq!(sweep::sweep(&store, NOW, retention).unwrap(), 1);
    drop(store);
    // A crash or a stop before the running bot's rewrite: the next open rewrites.
    assert!(dir.path().join(rewrite::MARKER).exists());
    let store = store::open(dir.path(), Durability::Flushed).unwrap();
    assert!(!store.has_forgotten());
    assert_no_trace(dir.path(), stale);
    assert_others_intact(&store);
}

#[tokio::test]
async fn nothing_deleted_nothing_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = store::open(dir.path(), Durability::Flushed).unwrap();
    store.write(1, &record(NOW, 1)).await.unwrap();
    assert!(!store.has_forgotten());
    drop(store);
    let store = store::open(dir.path(), Durability::Flushed).unwrap();
    assert!(!store.has_forgotten());
    assert!(!dir.path().join(rewrite::POINTER).exists());
    assert!(dir.path().join("dialogues").is_dir());
    assert_eq!(store.read(1).unwrap(), Some(record(NOW, 1)));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A crash before the new copy took over: a half-written next directory
/// beside the one in use. It is deleted, and the rewrite done again.
#[tokio::test]
async fn a_rewrite_interrupted_before_the_swap_is_undone_and_done_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = store::open(dir.path(), Durability::Flushed).unwrap();
    fill(&store, NOW).await;
    store.close_request(SECRET, None).await.unwrap();
    store.remove(SECRET).await.unwrap();
    drop(store);
    let half = dir.path().join(rewrite::dir_name(1));
    copy_dir(&dir.path().join("dialogues"), &half);
    std::fs::write(half.join("db"), b"torn").unwrap();
    std::fs::write(dir.path().join("dialogues.current.tmp"), b"dialogues.1").unwrap();
    let store = store::open(dir.path(), Durability::Flushed).unwrap();
    assert_others_intact(&store);
    assert!(!dir.path().join("dialogues.current.tmp").exists());
    assert_eq!(store.read(SECRET).unwrap(), None);
    drop(store);
    assert_no_trace(dir.path(), NOW);
}

/// A crash after the new copy took over, before the old one was deleted:
/// the old one is deleted at the next open.
#[tokio::test]
async fn a_rewrite_interrupted_after_the_swap_deletes_the_old_copy_at_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = store::open(dir.path(), Durability::Flushed).unwrap();
    fill(&store, NOW).await;
    store.close_request(SECRET, None).await.unwrap();
    store.remove(SECRET).await.unwrap();
    store.flush_now().unwrap();
    let old = tempfile::tempdir().unwrap();
    copy_dir(&dir.path().join("dialogues"), old.path());
    store.rewrite().unwrap();
    drop(store);
    // The old copy, and the marker, as a crash would have left them.
    copy_dir(old.path(), &dir.path().join("dialogues"));
    std::fs::write(dir.path().join(rewrite::MARKER), b"").unwrap();
    assert!(!files_containing(dir.path(), &SECRET.to_be_bytes()).is_empty());
    let store = store::open(dir.path(), Durability::Flushed).unwrap();
    assert_others_intact(&store);
    assert!(!dir.path().join("dialogues").exists());
    drop(store);
    assert_no_trace(dir.path(), NOW);
}
