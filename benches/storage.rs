//! What keeping a conversation costs: one dialogue read and written, per
//! operation, for sled flushed on every write (the bot's default), sled
//! flushed in the background, and teloxide's in-memory storage.
//!
//! Run: `cargo bench --bench storage`

use std::sync::Arc;
use std::time::Instant;

use kz_residence_bot::store::ChatRecord;
use kz_residence_bot::store::{self as storage, Durability};
use teloxide::dispatching::dialogue::{InMemStorage, Storage};
use teloxide::types::ChatId;

#[path = "support/dialogues.rs"]
mod dialogues;
use dialogues::finished;

/// `tasks` concurrent chats, each doing `ops` get+update pairs; returns µs per pair.
async fn run<S>(store: Arc<S>, tasks: i64, ops: i64) -> f64
where
    S: Storage<ChatRecord> + Send + Sync + 'static,
    S::Error: std::fmt::Debug + Send,
{
    let start = Instant::now();
    let mut handles = Vec::new();
    for t in 0..tasks {
        let store = store.clone();
        handles.push(tokio::spawn(async move {
            for i in 0..ops {
                let chat = ChatId(t * 1_000_000 + i % 50);
                let got = store.clone().get_dialogue(chat).await.unwrap();
                std::hint::black_box(got);
                store
                    .clone()
                    .update_dialogue(chat, finished(i))
                    .await
                    .unwrap();
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    start.elapsed().as_secs_f64() * 1e6 / (tasks * ops) as f64
}

fn fmt(us: f64) -> String {
    if us >= 1000.0 {
        format!("{:.2} ms", us / 1000.0)
    } else {
        format!("{us:.1} µs")
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    println!("storage: one get + one update of a dialogue, per operation");
    println!(
        "{:<34} {:>12} {:>14} {:>14}",
        "storage", "1 chat", "100 chats", "1000 chats"
    );
    let dir = tempfile::tempdir().unwrap();
    for (name, durability) in [
        ("sled, flushed every write (ships)", Durability::Flushed),
        ("sled, background flush", Durability::Background),
    ] {
        let path = dir.path().join(format!("{durability:?}"));
        let store = storage::open(&path, durability).unwrap();
        let one = run(store.clone(), 1, 500).await;
        let hundred = run(store.clone(), 100, 20).await;
        let thousand = run(store.clone(), 1000, 5).await;
        println!(
            "{name:<34} {:>12} {:>14} {:>14}",
            fmt(one),
            fmt(hundred),
            fmt(thousand)
        );
    }
    let mem = InMemStorage::<ChatRecord>::new();
    let one = run(mem.clone(), 1, 20_000).await;
    let hundred = run(mem.clone(), 100, 2_000).await;
    let thousand = run(mem.clone(), 1000, 200).await;
    println!(
        "{:<34} {:>12} {:>14} {:>14}",
        "teloxide InMemStorage",
        fmt(one),
        fmt(hundred),
        fmt(thousand)
    );
}
