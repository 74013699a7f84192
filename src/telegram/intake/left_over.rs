//! What survives a restart of the intake: the updates Telegram counts as
//! delivered that nobody handled (handled first at the next start), and
//! the ids of the last batch that were handled (skipped when Telegram
//! offers them again), in [`LEFT_OVER`], written at SIGTERM and read once
//! at the next start. Why this is one of three records of what was handled
//! before a restart: see `redelivered.rs`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use teloxide::prelude::*;
use teloxide::types::UpdateKind;

use super::queues::{Exit, Held};
use super::{GRACE, Intake};
use crate::private_log;
use crate::telegram::delivery;

/// In the data directory: what the last run left over (see the module's
/// documentation); read and deleted at the next start.
pub const LEFT_OVER: &str = "intake-left-over.json";

impl Intake {
    /// Last run's left-overs, before anything is taken: what Telegram
    /// counted as delivered and nobody handled is handled first; the ids it
    /// will offer again and that were handled are skipped.
    pub fn resume(&self, data_dir: &Path) {
        let path = data_dir.join(LEFT_OVER);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(e) => {
                log::error!("cannot read {}: {e}", path.display());
                return;
            }
        };
        if let Err(e) = std::fs::remove_file(&path) {
            log::error!("cannot delete {}: {e}", path.display());
        }
        let left: LeftOver = match serde_json::from_str(&text) {
            Ok(left) => left,
            Err(e) => {
                log::error!(
                    "{} is unreadable ({:?} at line {}); the last run's left-overs are lost",
                    path.display(),
                    e.classify(),
                    e.line()
                );
                return;
            }
        };
        log::info!(
            "the last run left {} updates to handle first and {} handled ones to skip",
            left.kept.len(),
            left.handled.len()
        );
        let mut skip = self
            .handled_before
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        skip.extend(left.handled.iter().copied());
        // Telegram may offer these again too, if the confirmation was lost.
        skip.extend(left.kept.iter().map(|u| u.id.0));
        drop(skip);
        self.with_queues(|queues| {
            for update in left.kept {
                queues.hold(Held::new(update, true));
            }
        });
    }

    /// Whether the last run handled this update already; forgets the ids
    /// once Telegram is past them.
    pub(super) fn handled_before(&self, update: u32) -> bool {
        let mut skip = self
            .handled_before
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if skip.is_empty() {
            return false;
        }
        if skip.remove(&update) {
            return true;
        }
        if skip.iter().all(|&id| id < update) {
            skip.clear();
        }
        false
    }

    /// After SIGTERM, once the handlers in flight are done or [`GRACE`] is
    /// over: writes what the next start needs to [`LEFT_OVER`], then (when
    /// polling) confirms to Telegram what was handled of the last batch.
    pub async fn leave(&self, bot: &Bot, data_dir: &Path, polling: bool) {
        let exit: Exit = self.lock().queues.exit();
        if exit.in_flight > 0 {
            log::warn!(
                "stopping with {} updates still being handled after {GRACE:?}; their replies may be cut short",
                exit.in_flight
            );
        }
        let left = LeftOver {
            handled: if polling { exit.handled } else { Vec::new() },
            kept: exit.kept,
        };
        keep_for_next_start(data_dir, &left);
        if let Some(offset) = exit.offset.filter(|_| polling) {
            confirm_offset(bot, offset).await;
        }
    }
}

/// Writes what the next start needs, when there is anything.
fn keep_for_next_start(data_dir: &Path, left: &LeftOver) {
    if left.handled.is_empty() && left.kept.is_empty() {
        return;
    }
    if let Err(e) = write_left_over(&data_dir.join(LEFT_OVER), left) {
        log::error!("cannot write {LEFT_OVER}: {e}; Telegram will offer handled updates again");
    }
    if !left.kept.is_empty() {
        log::info!(
            "{} updates taken in and not handled are kept for the next start",
            left.kept.len()
        );
    }
}

/// Tells Telegram every update below `offset` is the bot's: the rest of
/// the last batch it offers again to the next start (within a second, or
/// it offers the whole batch again, whose handled part is then skipped).
async fn confirm_offset(bot: &Bot, offset: u32) {
    let confirm = bot
        .get_updates()
        .offset(offset as i32)
        .limit(1)
        .timeout(0)
        .send();
    match tokio::time::timeout(Duration::from_secs(1), confirm).await {
        Ok(Ok(_)) => {
            log::info!("updates from {offset} on stay with Telegram for the next start")
        }
        Ok(Err(e)) => log::warn!(
            "could not confirm the updates handled ({}); Telegram will offer them again",
            delivery::describe(&e)
        ),
        Err(_) => log::warn!(
            "confirming the updates handled took over a second; Telegram will offer them again"
        ),
    }
}

/// What a run leaves for the next: see [`Intake::resume`] and [`Intake::leave`].
#[derive(serde::Serialize, serde::Deserialize)]
struct LeftOver {
    handled: Vec<u32>,
    kept: Vec<Update>,
}

/// An update as JSON teloxide reads back as the same update. teloxide
/// writes a press on a message it no longer holds without the message's
/// `date: 0`, which is how it recognises one when reading.
fn keepable(update: &Update) -> Option<Value> {
    let mut json = serde_json::to_value(update).ok()?;
    if let UpdateKind::CallbackQuery(q) = &update.kind
        && q.regular_message().is_none()
        && let Some(message) = json.pointer_mut("/callback_query/message")
        && let Some(fields) = message.as_object_mut()
    {
        fields.entry("date").or_insert(Value::from(0));
    }
    let back: Update = serde_json::from_str(&json.to_string()).ok()?;
    (back == *update).then_some(json)
}

/// Written whole or not at all (renamed into place). A kept update that
/// would not read back the same is left out, with a line naming it.
fn write_left_over(path: &Path, left: &LeftOver) -> std::io::Result<()> {
    use std::io::Write;
    let kept: Vec<Value> = left
        .kept
        .iter()
        .filter_map(|update| {
            let json = keepable(update);
            if json.is_none() {
                log::error!(
                    "{}",
                    private_log::lost_update(update.id.0, update.chat().map(|c| c.id.0))
                );
            }
            json
        })
        .collect();
    let text = serde_json::json!({"handled": left.handled, "kept": kept}).to_string();
    let tmp: PathBuf = path.with_extension("json.tmp");
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use tokio_stream::StreamExt as _;

    #[tokio::test]
    async fn what_a_run_leaves_over_is_handled_first_and_skipped_when_offered_again() {
        let dir = tempfile::tempdir().unwrap();
        let private = json!({"id": 5, "type": "private", "first_name": "Aigerim"});
        let user =
            json!({"id": 5, "is_bot": false, "first_name": "Aigerim", "language_code": "kk"});
        let kept: Vec<Update> = [
            json!({"update_id": 12, "message": {
                "message_id": 3, "date": 1764000000, "chat": private, "from": user,
                "text": "/start ru", "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                "forward_origin": {"type": "hidden_user", "sender_user_name": "X", "date": 1764000000}}}),
            json!({"update_id": 13, "callback_query": {
                "id": "q1", "from": user, "chat_instance": "c", "data": "a:stage:both",
                "message": {"message_id": 4, "date": 0, "chat": private}}}),
        ]
        .into_iter()
        .map(|u| serde_json::from_str(&u.to_string()).unwrap())
        .collect();
        assert!(
            kept.iter().all(|u| !matches!(u.kind, UpdateKind::Error(_))),
            "{kept:?}"
        );
        let left = LeftOver {
            handled: vec![10, 14],
            kept: kept.clone(),
        };
        write_left_over(&dir.path().join(LEFT_OVER), &left).unwrap();
        let intake = Intake::new(4);
        intake.resume(dir.path());
        assert!(!dir.path().join(LEFT_OVER).exists(), "read once");
        // The same chat's two updates, in order, whole: one now, one after it.
        let mut dispatched = intake.dispatched();
        assert_eq!(dispatched.next().await.as_ref(), Some(&kept[0]));
        intake.with_queues(|queues| queues.finish(Some(ChatId(5)), 12));
        assert_eq!(dispatched.next().await.as_ref(), Some(&kept[1]));
        // Offered again by Telegram: skipped; anything else is new.
        assert!(intake.handled_before(10));
        assert!(!intake.handled_before(11));
        assert!(intake.handled_before(12));
        assert!(!intake.handled_before(15), "past them all");
        assert!(
            !intake.handled_before(14),
            "forgotten once Telegram is past them"
        );
    }
}
