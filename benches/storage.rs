//! What keeping a conversation costs: one dialogue read and written, per
//! operation, for sled flushed on every write (the bot's default), sled
//! flushed in the background, and teloxide's in-memory storage. Then what
//! the staff's statistics cost: counting a consultation, and `/stats`.
//!
//! Run: `cargo bench --bench storage`

use std::sync::Arc;
use std::time::Instant;

use kz_residence_bot::staff::tally::{self, Tally};
use kz_residence_bot::store::ChatRecord;
use kz_residence_bot::store::counters::Counters;
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

fn main() {
    dialogues();
    statistics();
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn dialogues() {
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

/// What the statistics cost the bot: per consultation, its start and its
/// result counted as the handlers count them (the chat's mark in sled, the
/// counts in memory, saved in batches); per `/stats`, reading 30 days of
/// counters and drawing the chart.
#[tokio::main(flavor = "current_thread")]
async fn statistics() {
    const CONSULTATIONS: i64 = 20_000;
    let dir = tempfile::tempdir().unwrap();
    let store = storage::open(dir.path(), Durability::Background).unwrap();
    let today = kz_residence_bot::calendar::kazakhstan_today();
    println!("\nstatistics: counting one consultation (its start and its result)");
    for (name, counters) in [
        ("sled (ships)", Counters::open(&store).unwrap()),
        ("in memory", Counters::in_memory()),
    ] {
        let start = Instant::now();
        for i in 0..CONSULTATIONS {
            let session = finished(i).session;
            let day = today - chrono::Days::new((i % 30) as u64);
            let chat = i % 5_000;
            let started = tally::counts(Tally::Started, &session);
            counters.began(chat, day, &started, i < 5_000).unwrap();
            let result = tally::counts(Tally::Finished, &session);
            counters.finished(chat, day, &result).unwrap();
            if i % 1_000 == 999 {
                counters.save().unwrap();
            }
        }
        let per = start.elapsed().as_secs_f64() * 1e6 / CONSULTATIONS as f64;
        println!("{name:<34} {:>12}", fmt(per));
        if name.starts_with("sled") {
            let texts = kz_residence_bot::texts::Texts::load().unwrap();
            let start = Instant::now();
            let figures = counters.figures(today).unwrap();
            let report =
                texts.render_reply(kz_residence_bot::lang::Lang::Russian, &figures.report());
            std::hint::black_box(report);
            let read = start.elapsed();
            let start = Instant::now();
            let png = kz_residence_bot::images::stats_chart(
                &figures,
                kz_residence_bot::lang::Lang::Russian,
                &texts,
            )
            .unwrap();
            let drawn = start.elapsed();
            println!(
                "/stats: figures read and written {}, chart drawn {} ({} KB)",
                fmt(read.as_secs_f64() * 1e6),
                fmt(drawn.as_secs_f64() * 1e6),
                png.len() / 1024
            );
        }
    }
}
