//! The erasure log: which chats were erased on request (`/forget`), when,
//! and in which order, kept in the data directory beside the store, so
//! that a restore re-applies every erasure made after its backup was taken
//! ([`super::backup`]) and a backup never brings a forgotten chat back.
//!
//! It holds none of the chat's data: a chat is named by a keyed hash of
//! its id (HMAC-SHA-256) under a random key of the log's own, so the file
//! alone does not say who used the bot. Whoever also has a list of chat ids
//! can test them against it, so entries are kept only [`KEPT_FOR`], long
//! enough for any backup that may still be restored (README: backups).
//!
//! The key also tells one log from another: a restored store keeps its
//! backup's log, and a log's entries are numbered, so "after the backup"
//! is exact within one log. Against a log of another key (a store started
//! afresh before the backup was restored into it) it is by time.
//!
//! The file is text, written whole to a temporary file, synced and renamed
//! over the old one: a crash leaves the old log or the new, never half.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use ring::hmac;
use serde::{Deserialize, Serialize};

use super::ChatKey;

/// The log's file in the data directory.
pub const FILE: &str = "erasures";
const FILE_TMP: &str = "erasures.tmp";
const HEADER: &str = "kz-residence-bot erasure log 1";

/// How long an erasure stays in the log: backups may be restored this long
/// after they were taken (README says to keep them far shorter).
pub const KEPT_FOR: Duration = Duration::from_secs(30 * 86_400);

/// A chat's keyed hash.
pub type ChatHash = [u8; 32];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureLog {
    /// The key of the keyed hash (and the log's identity).
    key: [u8; 32],
    /// Every erasure numbered above `complete_after`, and every one made at
    /// or after `complete_since`, is in `entries` (older ones were dropped
    /// after [`KEPT_FOR`]).
    complete_after: u64,
    complete_since: i64,
    /// Oldest first.
    entries: Vec<Erasure>,
}

/// One chat erased: its number in the log, when (Unix seconds), and whom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erasure {
    pub number: u64,
    pub at: i64,
    pub chat: ChatHash,
}

/// A log does not reach back to a backup: erasures made after the backup
/// may have been dropped from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooOld {
    /// From when the log lists every erasure (Unix seconds).
    pub complete_since: i64,
}

impl ErasureLog {
    /// A new, empty log with a fresh random key.
    pub fn new() -> Result<ErasureLog, getrandom::Error> {
        let mut key = [0u8; 32];
        getrandom::getrandom(&mut key)?;
        Ok(ErasureLog::with_key(key))
    }

    fn with_key(key: [u8; 32]) -> ErasureLog {
        ErasureLog {
            key,
            complete_after: 0,
            complete_since: i64::MIN,
            entries: Vec::new(),
        }
    }

    /// `chat`'s keyed hash under this log's key.
    pub fn hash(&self, chat: ChatKey) -> ChatHash {
        let key = hmac::Key::new(hmac::HMAC_SHA256, &self.key);
        let tag = hmac::sign(&key, &chat.to_be_bytes());
        let mut hash = [0u8; 32];
        hash.copy_from_slice(tag.as_ref());
        hash
    }

    pub fn same_log(&self, other: &ErasureLog) -> bool {
        self.key == other.key
    }

    /// The number of the last erasure noted (0 for none).
    pub fn last_number(&self) -> u64 {
        self.entries
            .last()
            .map_or(self.complete_after, |e| e.number)
    }

    pub fn entries(&self) -> &[Erasure] {
        &self.entries
    }

    /// Notes that `chat` was erased at `at`, dropping entries older than
    /// [`KEPT_FOR`]. The caller writes the log ([`Self::write`]).
    pub fn note(&mut self, chat: ChatKey, at: i64) {
        let number = self.last_number() + 1;
        let chat = self.hash(chat);
        self.entries.push(Erasure { number, at, chat });
        let cutoff = at.saturating_sub(KEPT_FOR.as_secs() as i64);
        if let Some(keep) = self.entries.iter().position(|e| e.at >= cutoff) {
            for dropped in self.entries.drain(..keep) {
                self.complete_after = self.complete_after.max(dropped.number);
            }
            if keep > 0 {
                self.complete_since = self.complete_since.max(cutoff);
            }
        }
    }

    /// The erasures made after a backup was taken at `taken_at`, when the
    /// backup carried `at_backup` (this log as it stood then, or another).
    /// `Err` when this log no longer reaches back that far.
    pub fn after(&self, at_backup: &ErasureLog, taken_at: i64) -> Result<Vec<Erasure>, TooOld> {
        let too_old = TooOld {
            complete_since: self.complete_since,
        };
        if self.same_log(at_backup) {
            let since = at_backup.last_number();
            if self.complete_after > since {
                return Err(too_old);
            }
            Ok(self
                .entries
                .iter()
                .filter(|e| e.number > since)
                .copied()
                .collect())
        } else {
            if self.complete_since > taken_at {
                return Err(too_old);
            }
            Ok(self
                .entries
                .iter()
                .filter(|e| e.at >= taken_at)
                .copied()
                .collect())
        }
    }

    /// Takes in `other`'s entries when it is the same log (a copy of it
    /// from another time); another log's are left out: their numbers and
    /// hashes mean nothing under this key.
    pub fn merge(&mut self, other: &ErasureLog) {
        if !self.same_log(other) {
            return;
        }
        let mut by_number: BTreeMap<u64, Erasure> =
            self.entries.iter().map(|e| (e.number, *e)).collect();
        for erasure in &other.entries {
            by_number.entry(erasure.number).or_insert(*erasure);
        }
        self.entries = by_number.into_values().collect();
        self.complete_after = self.complete_after.min(other.complete_after);
        self.complete_since = self.complete_since.min(other.complete_since);
    }

    pub fn to_text(&self) -> String {
        let mut text = format!(
            "{HEADER}\nkey {}\ncomplete {} {}\n",
            hex(&self.key),
            self.complete_after,
            self.complete_since
        );
        for e in &self.entries {
            text.push_str(&format!("{} {} {}\n", e.number, e.at, hex(&e.chat)));
        }
        text
    }

    pub fn parse(text: &str) -> Result<ErasureLog, String> {
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Err(format!(
                "not an erasure log (its first line is not {HEADER:?})"
            ));
        }
        let key = lines
            .next()
            .and_then(|l| l.strip_prefix("key "))
            .and_then(unhex)
            .ok_or("its key line is damaged")?;
        let (complete_after, complete_since) = lines
            .next()
            .and_then(|l| l.strip_prefix("complete "))
            .and_then(|l| {
                let (number, time) = l.split_once(' ')?;
                Some((number.parse().ok()?, time.parse().ok()?))
            })
            .ok_or("its 'complete' line is damaged")?;
        let mut log = ErasureLog {
            key,
            complete_after,
            complete_since,
            entries: Vec::new(),
        };
        for (i, line) in lines.enumerate() {
            let mut fields = line.split(' ');
            let entry = (|| {
                let number = fields.next()?.parse().ok()?;
                let at = fields.next()?.parse().ok()?;
                let chat = unhex(fields.next()?)?;
                fields
                    .next()
                    .is_none()
                    .then_some(Erasure { number, at, chat })
            })();
            match entry {
                Some(e) if e.number > log.last_number() => log.entries.push(e),
                _ => return Err(format!("its line {} is damaged", i + 4)),
            }
        }
        Ok(log)
    }

    /// The log in `dir`, if there is one.
    pub fn read(dir: &Path) -> Result<Option<ErasureLog>, String> {
        ErasureLog::read_file(&dir.join(FILE))
    }

    pub fn read_file(path: &Path) -> Result<Option<ErasureLog>, String> {
        match fs::read_to_string(path) {
            Ok(text) => ErasureLog::parse(&text)
                .map(Some)
                .map_err(|e| format!("the erasure log {} is damaged: {e}", path.display())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("the erasure log {}: {e}", path.display())),
        }
    }

    /// Writes the log into `dir`, owner-only, replacing the old one whole.
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        let tmp = dir.join(FILE_TMP);
        let mut file = owner_only_file(&tmp)?;
        file.write_all(self.to_text().as_bytes())?;
        file.sync_all()?;
        fs::rename(&tmp, dir.join(FILE))?;
        File::open(dir)?.sync_all()
    }
}

/// Creates (or truncates) a file only its owner may read or write.
pub(crate) fn owner_only_file(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    // An existing file keeps its mode through open: set it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut bytes = [0u8; 32];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    fn log() -> ErasureLog {
        ErasureLog::with_key([7; 32])
    }

    #[test]
    fn a_chat_is_named_by_a_keyed_hash_that_differs_between_logs() {
        let one = log();
        let other = ErasureLog::with_key([8; 32]);
        assert_eq!(one.hash(42), one.hash(42));
        assert_ne!(one.hash(42), one.hash(43));
        assert_ne!(one.hash(42), other.hash(42));
        let mut noted = log();
        noted.note(42, 1_000);
        let text = noted.to_text();
        assert!(!text.contains(&hex(&42i64.to_be_bytes())), "{text}");
    }

    #[test]
    fn after_a_backup_means_by_number_in_the_same_log_and_by_time_in_another() {
        let mut live = log();
        live.note(1, 100);
        let at_backup = live.clone();
        live.note(2, 100); // the same second as the backup, after it
        live.note(3, 200);
        let numbers: Vec<u64> = live
            .after(&at_backup, 100)
            .unwrap()
            .iter()
            .map(|e| e.number)
            .collect();
        assert_eq!(numbers, vec![2, 3]);
        // A store started afresh (another key) and erasing since: by time.
        let mut fresh = ErasureLog::with_key([9; 32]);
        fresh.note(5, 90);
        fresh.note(6, 150);
        let after = fresh.after(&at_backup, 100).unwrap();
        assert_eq!(after.len(), 1);
        assert_eq!(after[0].chat, fresh.hash(6));
    }

    #[test]
    fn old_entries_are_dropped_and_a_backup_older_than_the_log_reaches_is_refused() {
        let mut live = log();
        live.note(1, 0);
        let at_old_backup = live.clone();
        live.note(2, DAY);
        let at_backup = live.clone();
        live.note(3, 31 * DAY + 1);
        assert_eq!(
            live.entries().len(),
            1,
            "erasures 1 and 2 are over 30 days old"
        );
        assert!(
            live.after(&at_backup, DAY).is_ok(),
            "nothing after it was dropped"
        );
        assert!(
            live.after(&at_old_backup, 0).is_err(),
            "erasure 2 was dropped"
        );
        let other = ErasureLog::with_key([9; 32]);
        assert!(live.after(&other, DAY).is_err());
        assert!(live.after(&other, 31 * DAY).is_ok());
    }

    #[test]
    fn the_text_reads_back_and_damage_is_refused() {
        let mut live = log();
        live.note(1, 10);
        live.note(2, 20);
        let text = live.to_text();
        assert_eq!(ErasureLog::parse(&text), Ok(live.clone()));
        for damaged in [
            text.replace("erasure log 1", "erasure log 2"),
            text.replacen(" 20 ", " x ", 1),
            text[..text.len() - 5].to_string(),
            format!("{text}1 30 {}\n", hex(&[0; 32])),
        ] {
            assert!(ErasureLog::parse(&damaged).is_err(), "{damaged}");
        }
    }

    #[test]
    fn copies_of_one_log_merge_and_another_logs_entries_stay_out() {
        let mut live = log();
        live.note(1, 10);
        let older = live.clone();
        live.note(2, 20);
        let mut merged = older.clone();
        merged.merge(&live);
        assert_eq!(merged, live);
        let mut other = ErasureLog::with_key([9; 32]);
        other.note(3, 30);
        merged.merge(&other);
        assert_eq!(merged, live);
    }
}
