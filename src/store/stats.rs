//! Operator statistics: counts over the stored dialogues, never their content.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{ChatRecord, Durability, OpenError, decode};
use crate::answers::Stage;
use crate::dialogue::Step;

/// An unfinished consultation untouched this long counts as abandoned.
pub const ABANDONED_AFTER_SECS: i64 = 24 * 3600;

/// The file the bot writes its counts to when it stops, for `stats` to show
/// while a bot holds the store (sled allows one process at a time).
pub const SNAPSHOT_FILE: &str = "stats.json";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// When the counts were taken (Unix seconds).
    pub taken_at: i64,
    pub dialogues: usize,
    pub finished: usize,
    pub in_progress: usize,
    pub abandoned: usize,
    /// Stored in a format this version cannot read.
    pub unreadable: usize,
    pub by_language: BTreeMap<String, usize>,
    pub by_tag: BTreeMap<String, usize>,
    pub by_stage: BTreeMap<String, usize>,
}

const NONE: &str = "(none)";

/// Counts dialogues; `None` stands for one that could not be read.
pub fn count(states: impl IntoIterator<Item = Option<ChatRecord>>, now: i64) -> Stats {
    let mut stats = Stats {
        taken_at: now,
        ..Stats::default()
    };
    for state in states {
        stats.dialogues += 1;
        let Some(state) = state else {
            stats.unreadable += 1;
            continue;
        };
        let session = &state.session;
        if session.step == Step::Result {
            stats.finished += 1;
        } else if now - state.touched > ABANDONED_AFTER_SECS {
            stats.abandoned += 1;
        } else {
            stats.in_progress += 1;
        }
        let lang = session.lang.map_or(NONE, |l| l.code());
        *stats.by_language.entry(lang.to_string()).or_default() += 1;
        let tag = session.tag.as_deref().unwrap_or(NONE);
        *stats.by_tag.entry(tag.to_string()).or_default() += 1;
        let stage = match session.answers.stage {
            Some(Stage::PermanentResidencePermit) => "permit",
            Some(Stage::ResidencePermitCard) => "card",
            Some(Stage::WholeRoute) => "both",
            None => NONE,
        };
        *stats.by_stage.entry(stage.to_string()).or_default() += 1;
    }
    stats
}

pub fn render(stats: &Stats) -> String {
    let mut out = String::new();
    let taken = chrono::DateTime::from_timestamp(stats.taken_at, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default();
    out.push_str(&format!(
        "dialogues stored: {} (counted {taken})\n",
        stats.dialogues
    ));
    out.push_str(&format!(
        "  finished: {}, in progress: {}, abandoned (untouched for a day): {}, unreadable: {}\n",
        stats.finished, stats.in_progress, stats.abandoned, stats.unreadable
    ));
    for (title, map) in [
        ("by language", &stats.by_language),
        ("by stage", &stats.by_stage),
        ("by deep-link tag", &stats.by_tag),
    ] {
        out.push_str(&format!("{title}:\n"));
        for (key, n) in map {
            out.push_str(&format!("  {key:<24} {n}\n"));
        }
    }
    out
}

pub fn snapshot_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SNAPSHOT_FILE)
}

/// Written to a temporary file and renamed, so a reader never sees half of it.
pub fn write_snapshot(data_dir: &Path, stats: &Stats) -> std::io::Result<()> {
    let path = snapshot_path(data_dir);
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(stats)?)?;
    std::fs::rename(tmp, path)
}

pub fn read_snapshot(data_dir: &Path) -> Option<Stats> {
    let bytes = std::fs::read(snapshot_path(data_dir)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// What `kz-residence-bot stats` prints: the counts of a stopped bot's
/// store, or, while a bot holds it, why they cannot be taken now and the
/// figures the bot wrote when it last stopped.
pub fn report(data_dir: &Path, now: i64) -> Result<String, String> {
    if !data_dir.join("dialogues").exists() {
        return Err(format!(
            "no store in {}: nothing has been stored there yet (is --data-dir right?)",
            data_dir.display()
        ));
    }
    match super::open(data_dir, Durability::Background) {
        Ok(store) => {
            let records = store.entries().map(|(_, bytes)| decode(&bytes));
            Ok(render(&count(records, now)))
        }
        Err(OpenError::InUse(why)) => match read_snapshot(data_dir) {
            Some(snapshot) => Ok(format!(
                "{why}, so it cannot be counted now. These are the figures from when the bot last stopped:\n{}",
                render(&snapshot)
            )),
            None => Err(format!(
                "{why}, so it cannot be counted now, and the bot has not stopped since it started \
                 using this directory (it writes its figures when it stops). Stop the bot, or try after its next restart."
            )),
        },
        Err(other) => Err(other.to_string()),
    }
}

/// Counts the store and writes the snapshot `stats` shows while a bot
/// holds the store again; for the bot's shutdown.
pub fn snapshot(store: &super::Store, data_dir: &Path, now: i64) {
    let records = store.entries().map(|(_, bytes)| decode(&bytes));
    if let Err(e) = write_snapshot(data_dir, &count(records, now)) {
        log::warn!("cannot write the statistics snapshot: {e}");
    }
}
