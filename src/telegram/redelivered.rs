//! Handled before a restart: Telegram offers again every update the bot
//! had not confirmed when it stopped (its `getUpdates` offset, a webhook
//! POST not answered), so after a stop or a crash the bot meets updates it
//! has already handled. Doing one again could wipe answers (a `/start`
//! again), tick twice, or relay a message to the office twice. Three
//! records say what was done, and they stay three, because each is written
//! with the work it guards, in the same write, and no other record is:
//!
//! - **The last batch, at a stop** (`intake-left-over.json`, see
//!   `intake/left_over.rs`): the update ids the bot handled of the batch
//!   Telegram will offer again, written at SIGTERM. It covers every kind
//!   of update (a group's command, an inline query, a press that changed
//!   nothing), store or no store; a crash writes nothing.
//! - **The chat's record, at every step** (`ChatRecord.handled`, checked by
//!   [`in_record`]): the last few update ids that changed the record, saved
//!   with the step itself, so a crash between saving and confirming cannot
//!   do the step twice. A ring of ids, not the highest: after a quiet week
//!   Telegram numbers updates from a random start.
//! - **The request, at every relay** (`OpenRequest.applicant_seen` and
//!   `staff_seen`, checked by [`relayed`]): the last message relayed each
//!   way, saved with the relay. A relay changes no chat record (the staff's
//!   side has none), and message ids only grow within a chat, so one number
//!   a side is enough.

use teloxide::types::{ChatId, Update};

use crate::store::ChatRecord;

/// Whether this chat's stored state already reflects the update (saved
/// with its step, then offered again after a crash).
pub fn in_record(state: &ChatRecord, update: &Update, chat_id: ChatId) -> bool {
    let handled = state.handled.contains(update.id.0);
    if handled {
        log::info!(
            "chat {}: update {} was handled before a restart; skipped",
            chat_id.0,
            update.id.0
        );
    }
    handled
}

/// Whether a message was relayed already: its id is not past the last one
/// relayed from its side (`seen`).
pub fn relayed(message: i32, seen: i32) -> bool {
    message <= seen
}
