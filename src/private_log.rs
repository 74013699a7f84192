//! A logger that keeps personal data out of the logs at the levels an
//! operator runs with, whatever crate writes the record.
//!
//! The bot's own records name chats by id and never carry answers. Its
//! dependencies are less careful: teloxide logs the whole raw update it
//! cannot parse at ERROR ("Cannot parse an update", with the user's name and
//! message text), and the errors it reports can quote Telegram's raw answer.
//! So every record at INFO, WARN or ERROR is rewritten before it is written:
//! an update teloxide dropped becomes one line with its id and chat id, and
//! every other quoted string (JSON values, `Debug` strings) is blanked, keys
//! kept. Where `RUST_LOG` enables DEBUG for a record's target, the operator
//! has asked for detail: its records are written as they are; so are the
//! problems of the firm's content folder ([`CONTENT_TARGET`]).

use log::{Level, Log, Metadata, Record};

/// The target of records about the firm's content folder: they quote the
/// firm's own files (a malformed phone in `office.toml`), never a user, and
/// are written as they are, or the operator could not see what to fix.
pub const CONTENT_TARGET: &str = "kz_residence_bot::content";

/// What a blanked string becomes.
const BLANK: &str = "\"…\"";

pub struct PrivateLogger {
    inner: Box<dyn Log>,
}

impl PrivateLogger {
    pub fn new(inner: Box<dyn Log>) -> PrivateLogger {
        PrivateLogger { inner }
    }

    /// Whether `RUST_LOG` asks for DEBUG detail from `target`.
    fn detail_wanted(&self, target: &str) -> bool {
        self.inner.enabled(
            &Metadata::builder()
                .level(Level::Debug)
                .target(target)
                .build(),
        )
    }
}

impl Log for PrivateLogger {
    fn enabled(&self, metadata: &Metadata) -> bool {
        self.inner.enabled(metadata)
    }

    fn log(&self, record: &Record) {
        if !self.inner.enabled(record.metadata()) {
            return;
        }
        if record.level() >= Level::Debug
            || record.target() == CONTENT_TARGET
            || self.detail_wanted(record.target())
        {
            self.inner.log(record);
            return;
        }
        let private = redact(&record.args().to_string());
        self.inner.log(
            &Record::builder()
                .args(format_args!("{private}"))
                .metadata(record.metadata().clone())
                .module_path(record.module_path())
                .file(record.file())
                .line(record.line())
                .build(),
        );
    }

    fn flush(&self) {
        self.inner.flush();
    }
}

/// A log message without personal data: see the module's documentation.
pub fn redact(message: &str) -> String {
    if message.contains("Cannot parse an update") {
        return dropped_update_in(message);
    }
    blank_strings(message)
}

/// The line for an update the bot drops because it cannot parse it.
pub fn dropped_update(update: Option<i64>, chat: Option<i64>) -> String {
    let number = |n: Option<i64>| n.map_or("unknown".to_string(), |n| n.to_string());
    format!(
        "dropped an update the bot cannot read (update {}, chat {}); RUST_LOG=debug shows it whole",
        number(update),
        number(chat)
    )
}

/// The line for an update taken in that the bot could neither handle
/// before stopping nor keep for the next start.
pub fn lost_update(update: u32, chat: Option<i64>) -> String {
    let chat = chat.map_or("unknown".to_string(), |n| n.to_string());
    format!("update {update} (chat {chat}) was taken in and could not be kept for the next start")
}

/// teloxide's "Cannot parse an update" (the raw update follows it, as JSON
/// or as a `serde_json::Value`), said without the update's content.
fn dropped_update_in(message: &str) -> String {
    let update = number_after_key(message, "\"update_id\"");
    let chat = message
        .find("\"chat\"")
        .and_then(|at| number_after_key(&message[at..], "\"id\""));
    dropped_update(update, chat)
}

/// The number that follows `key` in JSON (`"id":5`) or in a
/// `serde_json::Value`'s `Debug` form (`"id": Number(5)`).
fn number_after_key(text: &str, key: &str) -> Option<i64> {
    let rest = &text[text.find(key)? + key.len()..];
    let rest = rest.trim_start_matches([':', ' ']);
    let rest = rest.strip_prefix("Number(").unwrap_or(rest);
    let end = rest
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
        .map_or(rest.len(), |(i, _)| i);
    rest[..end].parse().ok()
}

/// Every quoted string blanked, except a key (a string followed by `:`),
/// so the shape of what was logged stays readable. An unterminated string
/// (a truncated answer) is blanked to the end.
fn blank_strings(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = closing_quote(after) else {
            out.push_str(BLANK);
            return out;
        };
        let string = &after[..close];
        let following = &after[close + 1..];
        if following.trim_start().starts_with(':') {
            out.push('"');
            out.push_str(string);
            out.push('"');
        } else {
            out.push_str(BLANK);
        }
        rest = following;
    }
    out.push_str(rest);
    out
}

/// Where the string that begins at `text` ends: the first `"` not escaped.
fn closing_quote(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_teloxide_cannot_parse_keeps_only_its_id_and_chat() {
        // As teloxide's dispatcher writes it (a serde_json::Value's Debug).
        let dispatcher = r#"Cannot parse an update.
Error: Object {"message": Object {"chat": Object {"first_name": String("Aigerim"), "id": Number(-6010), "type": String("private")}, "date": String("yesterday"), "from": Object {"first_name": String("Aigerim"), "id": Number(6010)}, "text": String("my passport N98765432")}, "update_id": Number(512)}
This is a bug in teloxide-core"#;
        assert_eq!(
            redact(dispatcher),
            "dropped an update the bot cannot read (update 512, chat -6010); RUST_LOG=debug shows it whole"
        );
        // As its webhook listener writes it (the raw JSON).
        let webhook = r#"Cannot parse an update.
Error: Error("invalid type", line: 1, column: 9)
Value: {"update_id":77,"message":{"from":{"id":1,"first_name":"A"},"chat":{"id":6011,"type":"private"},"text":"secret"}}"#;
        assert!(redact(webhook).contains("(update 77, chat 6011)"));
        assert!(!redact(webhook).contains("secret"));
        assert!(
            redact("Cannot parse an update. Error: Null").contains("update unknown, chat unknown")
        );
    }

    #[test]
    fn quoted_strings_are_blanked_and_keys_kept() {
        assert_eq!(
            redact(
                r#"getting updates failed: InvalidJson { source: Error("EOF", line: 1), raw: "{\"ok\":true,\"result\":[{\"text\":\"my name\"" }"#
            ),
            r#"getting updates failed: InvalidJson { source: Error("…", line: 1), raw: "…" }"#
        );
        assert_eq!(
            redact(r#"{"first_name": "Aigerim", "username":"aigerim_k", "id": 5}"#),
            r#"{"first_name": "…", "username":"…", "id": 5}"#
        );
        assert_eq!(
            redact(r#"cut short: "{\"text\":\"N9876"#),
            r#"cut short: "…""#
        );
        assert_eq!(
            redact("chat 5: consultation started"),
            "chat 5: consultation started"
        );
    }
}
