//! Backups on the store itself: a copy restored into a fresh directory
//! holds every chat, reminder sent, request and count, with its indexes
//! rebuilt; a copy taken while chats are written holds each chat once; a
//! damaged or newer file is refused before anything is written; a store
//! with data is replaced only when asked; and a chat erased after the
//! backup stays erased whichever way the backup is restored, while one
//! that came back after an earlier erasure is kept.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use kz_residence_bot::amendments::GUIDE_ONLY;
use kz_residence_bot::companion::Reminder;
use kz_residence_bot::lang::Lang;
use kz_residence_bot::reminders;
use kz_residence_bot::staff::tally::{Count, Tally};
use kz_residence_bot::store::counters::Counters;
use kz_residence_bot::store::{
    self, Backup, ChatRecord, Durability, ErasureLog, FileError, OpenRequest, RestoreError, Store,
};

use crate::helpers::files_containing;
use crate::store_fixture;
use crate::store_fixture::{Fixture, OPEN_CARD, OPEN_REQUEST, REMINDED, STAFF_CHAT, SWEPT_REQUEST};

/// A chat id whose 8 key bytes cannot occur by chance (as in forgetting_store.rs).
const SECRET: i64 = 0x5EC2_E7C4_A7B1_D00D;
/// 12 December 2026, 11:30 in Almaty: just after the fixture was written.
const NOW: i64 = 1_797_057_000;
const FILLERS: i64 = 600;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 12).unwrap()
}

fn filler(chat: i64) -> ChatRecord {
    ChatRecord {
        touched: NOW - NOW % 3600,
        handled: [chat as u32].into_iter().collect(),
        ..ChatRecord::default()
    }
}

/// The current format's fixture (every stored state), and fillers enough
/// for several batches of the copy.
async fn filled(dir: &Path) -> Arc<Store> {
    Fixture::load(store::FORMAT).write_store(dir);
    let store = store::open(dir, Durability::Background).unwrap();
    for chat in 1..=FILLERS {
        store.write(chat, &filler(chat)).await.unwrap();
    }
    store
}

/// The secret chat with everything a chat can have: a dialogue with
/// reminders on and one sent, a consultation mark, an open request.
async fn add_secret(store: &Arc<Store>) {
    let mut record = filler(0);
    record.session.companion.reminders_since = NaiveDate::from_ymd_opt(2026, 12, 1);
    record.session.answers.document_expiry = NaiveDate::from_ymd_opt(2027, 7, 10);
    store.write(SECRET, &record).await.unwrap();
    let sent = [(
        Reminder::PassportMonth,
        NaiveDate::from_ymd_opt(2026, 12, 11).unwrap(),
    )];
    store.mark_sent(SECRET, &record, &sent).await.unwrap();
    Counters::open(store)
        .unwrap()
        .began(SECRET, today(), &[Count::total(Tally::Started)], false)
        .unwrap();
    let request = OpenRequest {
        reference: "QX7SEC".into(),
        opened: NOW,
        lang: Lang::English,
        staff_chat: STAFF_CHAT,
        card: 9041,
        topic: Some(9042),
        messages: vec![9041, 9043],
        applicant_seen: 5,
        staff_seen: 6,
    };
    assert!(store.open_request(SECRET, &request).await.unwrap());
}

/// Everything the two stores read for these chats is the same.
fn assert_same(a: &Store, b: &Store, chats: impl IntoIterator<Item = i64>) {
    for chat in chats {
        assert_eq!(
            store_fixture::read(a, chat),
            store_fixture::read(b, chat),
            "chat {chat}"
        );
    }
}

fn counts(store: &Arc<Store>) -> kz_residence_bot::staff::figures::Tallies {
    let counters = Counters::open(store).unwrap();
    let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    counters.read(first, today()).unwrap()
}

#[tokio::test]
async fn a_backup_restored_into_a_fresh_directory_holds_everything_with_its_indexes_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = filled(&data).await;
    let (backup, _) = store.backup(NOW).unwrap();
    let bytes = backup.to_bytes().unwrap();
    assert_eq!(Backup::from_bytes(&bytes), Ok(backup.clone()));
    let fixture = Fixture::load(store::FORMAT);
    let summary = backup.summary(today());
    assert_eq!(
        summary.dialogues,
        fixture.dialogues().count() + FILLERS as usize
    );
    assert_eq!(summary.open_requests, 3);
    // The reminders still to send in each chat with reminders on, as the
    // core plans them with the guide (a backup does not know the bot's
    // content folder).
    let pending: Vec<(i64, usize)> = fixture
        .dialogues()
        .filter_map(|held| {
            let record = store.read(held.chat).unwrap()?;
            record.session.companion.reminders_since?;
            let planned = reminders::plan(
                &record.session.answers,
                &record.session.companion,
                &GUIDE_ONLY,
                today(),
            );
            let sent = store.sent(held.chat).unwrap();
            Some((
                held.chat,
                reminders::pending(&planned, &sent, today()).len(),
            ))
        })
        .filter(|(_, pending)| *pending > 0)
        .collect();
    assert!(
        pending.iter().any(|(chat, _)| *chat == REMINDED),
        "{pending:?}"
    );
    assert_eq!(
        (summary.reminders, summary.reminded_chats),
        (pending.iter().map(|(_, n)| n).sum(), pending.len())
    );

    let restored_dir = dir.path().join("restored");
    let restored = store::restore(&restored_dir, &backup, None, false, today()).unwrap();
    assert_eq!((restored.erased, restored.replaced), (0, false));
    assert_eq!(restored.summary, summary);
    let restored = store::open(&restored_dir, Durability::Background).unwrap();
    let chats: Vec<i64> = fixture
        .held
        .iter()
        .map(|h| h.chat)
        .chain(1..=FILLERS)
        .collect();
    assert_same(&store, &restored, chats.iter().copied());
    store_fixture::assert_nothing_lost(&restored, &fixture, false);
    assert_eq!(counts(&restored), counts(&store));
    // The indexes, rebuilt: staff replies find their applicant, the
    // reminder loop its chat, the privacy sweep every dialogue.
    assert_eq!(
        restored
            .applicant_of_message(STAFF_CHAT, OPEN_CARD)
            .unwrap(),
        Some(OPEN_REQUEST)
    );
    assert_eq!(
        restored.applicant_of_message(STAFF_CHAT, 702).unwrap(),
        Some(SWEPT_REQUEST)
    );
    assert_eq!(
        restored.applicant_of_topic(STAFF_CHAT, 77).unwrap(),
        Some(1017)
    );
    assert_eq!(
        restored.applicant_of_reference("938NKR").unwrap(),
        Some(OPEN_REQUEST)
    );
    let far = NOW + 400 * 86_400;
    let due =
        |s: &Store| -> HashSet<i64> { s.reminders_due(far).into_iter().map(|(_, c)| c).collect() };
    let reminded: HashSet<i64> = fixture
        .dialogues()
        .filter(|held| !held.record["session"]["companion"]["reminders_since"].is_null())
        .map(|held| held.chat)
        .collect();
    assert!(reminded.contains(&REMINDED), "{reminded:?}");
    assert_eq!(due(&restored), reminded);
    assert_eq!(due(&restored), due(&store));
    assert_eq!(
        restored.touched_before(far).count(),
        fixture.dialogues().count() + FILLERS as usize
    );
    // It carries the erasure log, and marks the store with this build's format.
    assert!(
        ErasureLog::read(&restored_dir)
            .unwrap()
            .unwrap()
            .same_log(&backup.erasures)
    );
    assert!(!restored.is_blank());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_chats_are_written_holds_each_chat_once_and_whole() {
    use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let store = filled(dir.path()).await;
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicI64::new(0));
    let writer = {
        let (store, stop, written) = (store.clone(), stop.clone(), written.clone());
        tokio::spawn(async move {
            // Chats rewritten in place, and new ones before, among and after them.
            let mut round = 0i64;
            while !stop.load(Ordering::Relaxed) {
                let chat = match round % 3 {
                    0 => 1 + round % FILLERS,
                    1 => -1 - round,
                    _ => 10_000 + round,
                };
                store.write(chat, &filler(chat)).await.unwrap();
                round += 1;
                written.store(round, Ordering::SeqCst);
            }
        })
    };
    // The writer under way before the first backup, and backups taken
    // until writes have gone on during them (four at least): the machine's
    // scheduling decides when a task just spawned first runs, and the
    // backups alone can be over by then.
    while written.load(Ordering::SeqCst) == 0 && !writer.is_finished() {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut backups = vec![];
    let mut rounds = 0;
    while (backups.len() < 4 || rounds == 0)
        && !writer.is_finished()
        && std::time::Instant::now() < deadline
    {
        let (store, written) = (store.clone(), written.clone());
        let (backup, during) = tokio::task::spawn_blocking(move || {
            let before = written.load(Ordering::SeqCst);
            let backup = store.backup(NOW).unwrap().0;
            (backup, written.load(Ordering::SeqCst) - before)
        })
        .await
        .unwrap();
        backups.push(backup);
        rounds += during;
    }
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    assert!(rounds > 0, "the writes went on during the backups");
    let taken = backups.len();
    let mut sizes = HashSet::new();
    for backup in backups {
        let restored_dir = tempfile::tempdir().unwrap();
        store::restore(restored_dir.path(), &backup, None, false, today()).unwrap();
        let restored = store::open(restored_dir.path(), Durability::Background).unwrap();
        // As many dialogues copied as there are chats: none twice.
        assert_eq!(backup.summary(today()).dialogues, restored.len());
        sizes.insert(restored.len());
        // None missed at a batch's edge, each whole.
        for chat in 1..=FILLERS {
            assert_eq!(
                restored.read(chat).unwrap(),
                Some(filler(chat)),
                "chat {chat}"
            );
        }
        assert!(restored.entries().all(|(_, v)| store::decode(&v).is_some()));
    }
    println!("{rounds} writes during {taken} backups; dialogues copied: {sizes:?}");
}

#[tokio::test]
async fn a_damaged_altered_or_newer_file_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = filled(&dir.path().join("data")).await;
    let (backup, _) = store.backup(NOW).unwrap();
    let bytes = backup.to_bytes().unwrap();
    let mut altered = bytes.clone();
    let middle = altered.len() / 2;
    altered[middle] ^= 0x01;
    let mut digest_altered = bytes.clone();
    *digest_altered.last_mut().unwrap() ^= 0x80;
    let newer_file = [b"kz-residence-bot backup 2\n".as_slice(), &bytes[26..]].concat();
    let mut newer_store = backup.clone();
    newer_store.store_format = store::FORMAT + 1;
    let newer_store = newer_store.to_bytes().unwrap();
    type Expected = fn(&FileError) -> bool;
    let cases: [(&str, Vec<u8>, Expected); 9] = [
        ("cut short", bytes[..bytes.len() - 1].to_vec(), |e| {
            matches!(e, FileError::Truncated { .. })
        }),
        ("cut in half", bytes[..middle].to_vec(), |e| {
            matches!(e, FileError::Truncated { .. })
        }),
        ("only its first line", bytes[..26].to_vec(), |e| {
            matches!(e, FileError::Truncated { .. })
        }),
        ("a byte altered", altered, |e| *e == FileError::Altered),
        ("its digest altered", digest_altered, |e| {
            *e == FileError::Altered
        }),
        ("a byte added", [&bytes[..], b"\n"].concat(), |e| {
            matches!(e, FileError::Damaged(_))
        }),
        ("not a backup", b"PK\x03\x04 a zip file".to_vec(), |e| {
            *e == FileError::NotABackup
        }),
        ("a newer file format", newer_file, |e| {
            *e == FileError::NewerFile(2)
        }),
        ("a newer store format", newer_store, |e| {
            matches!(e, FileError::NewerStore(_))
        }),
    ];
    for (what, damaged, expected) in cases {
        let error = Backup::from_bytes(&damaged).unwrap_err();
        assert!(expected(&error), "{what}: {error:?}");
        // The command refuses it with words, and writes nothing.
        let file = dir.path().join("damaged.kzb");
        std::fs::write(&file, &damaged).unwrap();
        let target = dir.path().join("restored");
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"))
            .arg("restore")
            .arg(&file)
            .arg("--data-dir")
            .arg(&target)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{what}: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&error.to_string()) && stderr.contains("nothing was restored"),
            "{what}: {stderr}"
        );
        assert!(!target.exists(), "{what}: {} was made", target.display());
    }
}

#[tokio::test]
async fn a_store_with_data_is_replaced_only_when_asked_and_never_under_a_running_bot() {
    let dir = tempfile::tempdir().unwrap();
    let store = filled(&dir.path().join("data")).await;
    let (backup, _) = store.backup(NOW).unwrap();
    // A chat the backup does not hold.
    const ELSEWHERE: i64 = 99_999;
    let other = dir.path().join("other");
    {
        let other = store::open(&other, Durability::Background).unwrap();
        other.write(ELSEWHERE, &filler(ELSEWHERE)).await.unwrap();
        // Held open, as a running bot holds it.
        let refused = store::restore(
            dir.path().join("other").as_path(),
            &backup,
            None,
            true,
            today(),
        );
        assert!(
            matches!(refused, Err(RestoreError::InUse(_))),
            "{refused:?}"
        );
    }
    let refused = store::restore(&other, &backup, None, false, today());
    assert!(
        matches!(refused, Err(RestoreError::HoldsData { dialogues: 1 })),
        "{refused:?}"
    );
    assert_eq!(
        store::open(&other, Durability::Background)
            .unwrap()
            .read(ELSEWHERE)
            .unwrap(),
        Some(filler(ELSEWHERE)),
        "left as it was"
    );
    let done = store::restore(&other, &backup, None, true, today()).unwrap();
    assert!(done.replaced);
    let replaced = store::open(&other, Durability::Background).unwrap();
    assert_eq!(replaced.read(ELSEWHERE).unwrap(), None);
    assert_eq!(replaced.read(1).unwrap(), Some(filler(1)));
    drop(replaced);
    // A store that holds nothing (a bot started once, say) needs no --replace.
    let empty = dir.path().join("empty");
    drop(store::open(&empty, Durability::Background).unwrap());
    assert!(
        !store::restore(&empty, &backup, None, false, today())
            .unwrap()
            .replaced
    );
}

#[tokio::test]
async fn a_chat_erased_after_the_backup_stays_erased_whichever_way_it_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = filled(&data).await;
    add_secret(&store).await;
    // Chat 7 asked to be forgotten before the backup, then came back.
    store.erase(7, NOW - 100).await.unwrap();
    store.write(7, &filler(7)).await.unwrap();
    let (backup, _) = store.backup(NOW).unwrap();
    // After the backup: the secret chat, and chat 1011, erased on request.
    store.erase(SECRET, NOW + 10).await.unwrap();
    store.erase(1011, NOW + 20).await.unwrap();
    store.rewrite().unwrap();
    drop(store);
    let log = ErasureLog::read(&data).unwrap().unwrap();
    let gone = |store: &Store| {
        for chat in [SECRET, 1011] {
            assert_eq!(store.read(chat).unwrap(), None, "chat {chat}");
            assert!(store.sent(chat).unwrap().is_empty(), "chat {chat}");
            assert_eq!(store.request(chat).unwrap(), None, "chat {chat}");
        }
        assert_eq!(store.applicant_of_message(STAFF_CHAT, 9041).unwrap(), None);
        assert_eq!(store.applicant_of_topic(STAFF_CHAT, 9042).unwrap(), None);
        assert_eq!(store.applicant_of_reference("QX7SEC").unwrap(), None);
        assert!(
            store
                .reminders_due(i64::MAX / 2)
                .iter()
                .all(|(_, c)| *c != SECRET)
        );
        assert_eq!(
            store.read(7).unwrap(),
            Some(filler(7)),
            "chat 7 came back before the backup"
        );
        assert_eq!(store.read(8).unwrap(), Some(filler(8)));
    };

    // Into the store it came from: that store's log says what to leave out.
    let done = store::restore(&data, &backup, None, true, today()).unwrap();
    assert_eq!((done.erased, done.replaced), (2, true));
    gone(&store::open(&data, Durability::Background).unwrap());
    assert_eq!(
        files_containing(&data, &SECRET.to_be_bytes()),
        Vec::<PathBuf>::new(),
        "no file of the restored store holds the erased chat's key"
    );

    // On a new server, with the old store's log kept beside the backups.
    let fresh = dir.path().join("fresh");
    let done = store::restore(&fresh, &backup, Some(&log), false, today()).unwrap();
    assert_eq!(done.erased, 2);
    gone(&store::open(&fresh, Durability::Background).unwrap());
    // The restored store carries that log on: a later restore of the same
    // backup into it leaves the chats out by the log alone.
    let again = store::restore(&fresh, &backup, None, true, today()).unwrap();
    assert_eq!(again.erased, 2);

    // Without the old log, a fresh directory knows no erasure after the
    // backup: the case docs/operator.md tells operators to avoid.
    let unknowing = dir.path().join("unknowing");
    assert_eq!(
        store::restore(&unknowing, &backup, None, false, today())
            .unwrap()
            .erased,
        0
    );

    // Into a store started afresh meanwhile (another log), which erased
    // chat 1013 after the backup was taken: by time.
    let started_afresh = dir.path().join("afresh");
    {
        let store = store::open(&started_afresh, Durability::Background).unwrap();
        store.write(1013, &filler(1013)).await.unwrap();
        store.erase(1013, NOW + 30).await.unwrap();
    }
    let done = store::restore(&started_afresh, &backup, None, false, today()).unwrap();
    assert_eq!(done.erased, 1);
    let restored = store::open(&started_afresh, Durability::Background).unwrap();
    assert_eq!(restored.read(1013).unwrap(), None);
    assert!(
        restored.read(SECRET).unwrap().is_some(),
        "its log knows nothing of this one"
    );
}

#[tokio::test]
async fn a_backup_older_than_the_erasure_log_reaches_back_is_refused() {
    const DAY: i64 = 86_400;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = filled(&data).await;
    let (backup, _) = store.backup(NOW).unwrap();
    store.erase(1, NOW + 10).await.unwrap();
    // 31 days later: the first erasure has left the log.
    store.erase(2, NOW + 31 * DAY).await.unwrap();
    let (recent, _) = store.backup(NOW + 31 * DAY + 10).unwrap();
    drop(store);
    let refused = store::restore(&data, &backup, None, true, today());
    assert!(
        matches!(refused, Err(RestoreError::LogTooShort { .. })),
        "{refused:?}"
    );
    let still = store::open(&data, Durability::Background).unwrap();
    assert_eq!(still.read(1).unwrap(), None, "nothing was restored");
    drop(still);
    // A backup the log reaches back to is restored.
    assert!(store::restore(&data, &recent, None, true, today()).is_ok());
}
