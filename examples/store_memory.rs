//! How much memory and disk a store of many finished dialogues takes, and
//! what opening and scanning it costs, and what a rewrite (which takes
//! deleted dialogues off the disk) costs: time (every read and write waits
//! for it), peak memory, disk while both copies exist; and what a backup
//! and its restore cost: the longest the bot would pause, the whole time,
//! the file's size, peak memory.
//! `cargo run --release --example store_memory [N]`

use std::time::Instant;

use kz_residence_bot::store::{self as storage, Durability};
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

#[path = "../benches/support/dialogues.rs"]
mod dialogues;
use dialogues::finished;

fn rss_mib() -> f64 {
    status_mib("VmRSS:")
}

fn status_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

/// `store_memory [N]`: writes N finished dialogues, then measures a fresh
/// process opening and scanning them (as a restarted bot would).
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--open") {
        let dir = std::path::PathBuf::from(&args[2]);
        println!("fresh process: {:.1} MiB", rss_mib());
        let start = Instant::now();
        let store = storage::open(&dir, Durability::Background).unwrap();
        println!("opened in {:?}: {:.1} MiB", start.elapsed(), rss_mib());
        let start = Instant::now();
        let decoded = store
            .entries()
            .filter(|(_, v)| storage::decode(v).is_some())
            .count();
        println!(
            "scanned and decoded {decoded} in {:?}: {:.1} MiB",
            start.elapsed(),
            rss_mib()
        );
        println!("disk: {:.1} MiB", store.size_on_disk() as f64 / 1048576.0);
        return;
    }
    if args.get(1).map(String::as_str) == Some("--rewrite") {
        let dir = std::path::PathBuf::from(&args[2]);
        let store = storage::open(&dir, Durability::Background).unwrap();
        // One dialogue forgotten, as /forget does.
        store.clone().remove_dialogue(ChatId(1)).await.unwrap();
        let before = rss_mib();
        let done = store.rewrite().unwrap();
        println!(
            "rewrite: {done}; every read and write waited {:?}; memory {before:.1} MiB before, \
             peak {:.1} MiB; disk while both copies exist: {:.1} MiB",
            done.paused,
            status_mib("VmHWM:"),
            (done.bytes_before + done.bytes_after) as f64 / 1048576.0
        );
        return;
    }
    if args.get(1).map(String::as_str) == Some("--backup") {
        let dir = std::path::PathBuf::from(&args[2]);
        let store = storage::open(&dir, Durability::Background).unwrap();
        let before = rss_mib();
        let start = Instant::now();
        let (backup, pauses) = store.backup(0).unwrap();
        let bytes = backup.to_bytes().unwrap();
        println!(
            "backup: {} KiB in {:?}; the store was held {} times, {:?} at most, {:?} on average; \
             memory {before:.1} MiB before, peak {:.1} MiB",
            bytes.len() / 1024,
            start.elapsed(),
            pauses.count,
            pauses.longest,
            pauses.mean(),
            status_mib("VmHWM:")
        );
        drop(store);
        let target = tempfile::tempdir().unwrap();
        let start = Instant::now();
        let backup = storage::Backup::from_bytes(&bytes).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let restored = storage::restore(target.path(), &backup, None, false, today).unwrap();
        println!(
            "restore (checked, indexes rebuilt): {} dialogues in {:?}; peak {:.1} MiB",
            restored.summary.dialogues,
            start.elapsed(),
            status_mib("VmHWM:")
        );
        return;
    }
    let n: i64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    {
        let store = storage::open(dir.path(), Durability::Background).unwrap();
        for i in 0..n {
            store
                .clone()
                .update_dialogue(ChatId(i + 1), finished(i))
                .await
                .unwrap();
        }
        store.flush_now().unwrap();
    }
    let bytes = storage::encode(&finished(7)).unwrap().len();
    println!("{n} finished dialogues written, {bytes} B each encoded");
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("--open")
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("--backup")
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("--rewrite")
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
}
