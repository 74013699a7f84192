//! Stores written by earlier builds, as `tests/fixtures/store/format-N.txt`
//! keeps them: every tree's entries as that build wrote them, the files
//! beside them, and what that build read back (for each chat; from format
//! 5 also the counters and an admin's review notice). A fixture is made
//! into a real data directory, and what this build reads from it is
//! compared with what the writing build held.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use kz_residence_bot::store::counters::Counters;
use kz_residence_bot::store::{ErasureLog, Store, erasures};
use serde_json::Value;

/// The office's group the fixtures' requests went to.
pub const STAFF_CHAT: i64 = -1_009_000;
/// When the fixtures' stores were written: 12 December 2026, 11:00 in Almaty.
pub const WRITTEN: &str = "2026-12-12T06:00:00Z";
/// The chat with reminders on (one sent on 11.12.2026; the next due on
/// 03.01.2027 at 10:00 in Almaty), in the fixtures from format 3 on.
pub const REMINDED: i64 = 1012;
/// The chat with an open request whose card is message 501 in the staff chat.
pub const OPEN_REQUEST: i64 = 1016;
pub const OPEN_CARD: i32 = 501;
/// The open request whose dialogue was swept, card 701.
pub const SWEPT_REQUEST: i64 = 1018;

/// From format 5, the dialogues that name the firm's questions and
/// documents in `tests/fixtures/store/content/`: waiting at its choice
/// (`residence`), its date (`lease-signed`) and its yes/no
/// (`foreign-language`); at the summary with every answer (rent), and with
/// `own` and `no`; at the result with the lease ticked, its reminder 30
/// days before its last day (10.01.2027) sent and the one after it cancelled.
pub const AT_CHOICE: i64 = 1019;
pub const AT_DATE: i64 = 1020;
pub const AT_YES_NO: i64 = 1021;
pub const AT_SUMMARY: i64 = 1022;
pub const AT_SUMMARY_OWN: i64 = 1023;
pub const LEASE_REMINDED: i64 = 1024;
/// Erased on request before the store was written (format 5 on): in the
/// erasure log only.
pub const ERASED: i64 = 1025;
/// The admin told on 10.12.2026 that the list was due its review.
pub const NOTICED_ADMIN: u64 = 9001;
/// The content folder the format-5 fixture's dialogues were written against.
pub fn content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store/content")
}

pub struct Fixture {
    pub format: u8,
    /// Tree, key, value.
    pub entries: Vec<(String, Vec<u8>, Vec<u8>)>,
    /// Files beside the trees in the data directory: name, contents.
    pub files: Vec<(String, Vec<u8>)>,
    pub held: Vec<Held>,
    /// Admins told the list was due its review, and when.
    pub noticed: Vec<(u64, NaiveDate)>,
    /// The counters: day, name, count.
    pub counted: Vec<(NaiveDate, String, u64)>,
}

/// What the writing build read back for one chat (its own types, as JSON).
#[derive(Clone, Debug)]
pub struct Held {
    pub chat: i64,
    pub record: Value,
    pub sent: Value,
    pub request: Value,
}

pub fn path(format: u8) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/store/format-{format}.txt"))
}

impl Fixture {
    pub fn load(format: u8) -> Fixture {
        let path = path(format);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run examples/store_fixture.rs)", path.display()));
        let mut fixture = Fixture {
            format: 0,
            entries: vec![],
            files: vec![],
            held: vec![],
            noticed: vec![],
            counted: vec![],
        };
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let (kind, rest) = line.split_once(' ').unwrap();
            match kind {
                "format" => fixture.format = rest.parse().unwrap(),
                "entry" => {
                    let mut fields = rest.split(' ');
                    let tree = fields.next().unwrap().to_string();
                    let key = unhex(fields.next().unwrap());
                    let value = unhex(fields.next().unwrap());
                    fixture.entries.push((tree, key, value));
                }
                "file" => {
                    let (name, contents) = rest.split_once(' ').unwrap();
                    fixture.files.push((name.to_string(), unhex(contents)));
                }
                "noticed" => {
                    let noticed: Value = serde_json::from_str(rest).unwrap();
                    let day = serde_json::from_value(noticed["day"].clone()).unwrap();
                    fixture
                        .noticed
                        .push((noticed["admin"].as_u64().unwrap(), day));
                }
                "counted" => {
                    let counted: Value = serde_json::from_str(rest).unwrap();
                    fixture.counted.push((
                        serde_json::from_value(counted["day"].clone()).unwrap(),
                        counted["count"].as_str().unwrap().to_string(),
                        counted["n"].as_u64().unwrap(),
                    ));
                }
                "held" => {
                    let held: Value = serde_json::from_str(rest).unwrap();
                    fixture.held.push(Held {
                        chat: held["chat"].as_i64().unwrap(),
                        record: held["record"].clone(),
                        sent: held["sent"].clone(),
                        request: held["request"].clone(),
                    });
                }
                other => panic!("{}: unknown line {other:?}", path.display()),
            }
        }
        assert_eq!(fixture.format, format, "{}", path.display());
        fixture
    }

    /// Makes the fixture a store in `data_dir`, as the writing build left it.
    pub fn write_store(&self, data_dir: &Path) {
        std::fs::create_dir_all(data_dir).unwrap();
        // No flusher thread: sled's holds the directory's lock for a moment
        // after the last handle is dropped, and the store is opened next.
        let db = sled::Config::new()
            .path(data_dir.join("dialogues"))
            .flush_every_ms(None)
            .open()
            .unwrap();
        for (tree, key, value) in &self.entries {
            db.open_tree(tree)
                .unwrap()
                .insert(key.as_slice(), value.as_slice())
                .unwrap();
        }
        db.flush().unwrap();
        for (name, contents) in &self.files {
            std::fs::write(data_dir.join(name), contents).unwrap();
        }
    }

    /// The erasure log the writing build left, if it kept one.
    pub fn erasure_log(&self) -> Option<ErasureLog> {
        let (_, text) = self.files.iter().find(|(name, _)| name == erasures::FILE)?;
        Some(ErasureLog::parse(std::str::from_utf8(text).unwrap()).unwrap())
    }

    pub fn held(&self, chat: i64) -> &Held {
        self.held.iter().find(|h| h.chat == chat).unwrap()
    }

    /// The chats with a dialogue.
    pub fn dialogues(&self) -> impl Iterator<Item = &Held> {
        self.held.iter().filter(|h| !h.record.is_null())
    }
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// Whether `now` holds every value of `held`: the same, or, for fields
/// `held` has and `now` lacks, nothing (null). `last_update` (formats 1
/// to 3) is kept as one of the ring's `handled` ids since format 4. With
/// `stepped`, the fields a step changes (its time, its update ids) are
/// not compared.
pub fn holds(held: &Value, now: &Value, stepped: bool) -> Result<(), String> {
    holds_at("", held, now, stepped)
}

fn holds_at(at: &str, held: &Value, now: &Value, stepped: bool) -> Result<(), String> {
    match (held, now) {
        (Value::Object(held), Value::Object(now)) => {
            for (key, value) in held {
                let path = format!("{at}/{key}");
                match key.as_str() {
                    "touched" | "handled" | "last_update" if stepped => {}
                    "last_update" => {
                        let id = value.as_u64().unwrap();
                        let ring = now.get("handled").and_then(Value::as_array);
                        let kept = ring.is_some_and(|r| {
                            if id == 0 {
                                r.is_empty()
                            } else {
                                r.iter().any(|h| h.as_u64() == Some(id))
                            }
                        });
                        if !kept {
                            return Err(format!("{path}: {id} is not among {ring:?}"));
                        }
                    }
                    _ => holds_at(&path, value, now.get(key).unwrap_or(&Value::Null), stepped)?,
                }
            }
            Ok(())
        }
        (Value::Array(held), Value::Array(now)) if held.len() == now.len() => {
            for (i, (h, n)) in held.iter().zip(now).enumerate() {
                holds_at(&format!("{at}/{i}"), h, n, stepped)?;
            }
            Ok(())
        }
        _ if held == now => Ok(()),
        _ => Err(format!("{at}: held {held}, now {now}")),
    }
}

/// What `store` reads for `held`'s chat, as JSON: its record, reminders
/// sent and request.
pub fn read(store: &Store, chat: i64) -> (Value, Value, Value) {
    (
        serde_json::to_value(store.read(chat).unwrap()).unwrap(),
        serde_json::to_value(store.sent(chat).unwrap()).unwrap(),
        serde_json::to_value(store.request(chat).unwrap()).unwrap(),
    )
}

/// Panics unless `store` holds everything `held` says, for every chat.
pub fn assert_nothing_lost(store: &Store, fixture: &Fixture, stepped: bool) {
    for held in &fixture.held {
        let (record, sent, request) = read(store, held.chat);
        let label = |what: &str| format!("format {}, chat {}, {what}", fixture.format, held.chat);
        holds(&held.record, &record, stepped)
            .unwrap_or_else(|e| panic!("{}: {e}", label("record")));
        if !stepped {
            holds(&held.sent, &sent, false).unwrap_or_else(|e| panic!("{}: {e}", label("sent")));
            holds(&held.request, &request, false)
                .unwrap_or_else(|e| panic!("{}: {e}", label("request")));
        }
    }
}

/// Panics unless the store in `data_dir` keeps what the fixture holds
/// beside the dialogues: the counters (as this build names them: a name
/// it no longer reads is lost), the admins' review notices, and the
/// erasure log whole (its key and every erasure: a restore of an older
/// backup re-applies them).
pub fn assert_nothing_else_lost(store: &Arc<Store>, data_dir: &Path, fixture: &Fixture) {
    let format = fixture.format;
    let counters = Counters::open(store).unwrap();
    for (day, name, n) in &fixture.counted {
        let now: u64 = counters
            .read(*day, *day)
            .unwrap()
            .iter()
            .filter(|((d, count), _)| d == day && count.name() == *name)
            .map(|(_, n)| n)
            .sum();
        assert_eq!(now, *n, "format {format}: counter {name} on {day}");
    }
    for (admin, day) in &fixture.noticed {
        assert_eq!(
            store.review_notice(*admin).unwrap(),
            Some(*day),
            "format {format}: admin {admin}'s review notice"
        );
    }
    if let Some(held) = fixture.erasure_log() {
        let now = ErasureLog::read(data_dir)
            .unwrap()
            .expect("the erasure log is kept");
        assert_eq!(now, held, "format {format}: the erasure log");
    }
}

/// When the reminded chat's next reminder is due (10:00 in Almaty, 3 January 2027).
pub const NEXT_REMINDER: &str = "2027-01-03T05:00:10Z";
