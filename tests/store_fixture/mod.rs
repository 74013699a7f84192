//! Stores written by earlier builds, as `tests/fixtures/store/format-N.txt`
//! keeps them: every tree's entries as that build wrote them, and what that
//! build read back for each chat. A fixture is made into a real sled
//! directory, and what this build reads from it is compared with what the
//! writing build held.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use kz_residence_bot::store::Store;
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

pub struct Fixture {
    pub format: u8,
    /// Tree, key, value.
    pub entries: Vec<(String, Vec<u8>, Vec<u8>)>,
    pub held: Vec<Held>,
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
            held: vec![],
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
        let db = sled::open(data_dir.join("dialogues")).unwrap();
        for (tree, key, value) in &self.entries {
            db.open_tree(tree)
                .unwrap()
                .insert(key.as_slice(), value.as_slice())
                .unwrap();
        }
        db.flush().unwrap();
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

/// The bot's clock, as a test sets it (`BOT_TEST_ONLY_CLOCK_FILE`).
pub struct Clock {
    pub path: PathBuf,
}

impl Clock {
    pub fn new(dir: &Path, at: &str) -> Clock {
        let clock = Clock {
            path: dir.join("clock"),
        };
        clock.set(at);
        clock
    }

    /// An RFC 3339 instant; Almaty is UTC+5, so `T05:00:00Z` is 10:00 there.
    pub fn set(&self, at: &str) {
        std::fs::write(&self.path, at).unwrap();
    }
}

/// When the reminded chat's next reminder is due (10:00 in Almaty, 3 January 2027).
pub const NEXT_REMINDER: &str = "2027-01-03T05:00:10Z";
