//! What every handler works with: its result, the chat's stored dialogue,
//! and who sent the update (their app's language, their first name).

use teloxide::dispatching::dialogue::ErasedStorage;
use teloxide::prelude::*;

use crate::lang::Lang;
use crate::store::ChatRecord;

pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;
pub type HandlerResult = Result<(), HandlerError>;
pub type ChatDialogue = Dialogue<ChatRecord, ErasedStorage<ChatRecord>>;

/// The one part of the sender's name the office is sent (with consent).
pub fn first_name(user: Option<&teloxide::types::User>) -> &str {
    user.map_or("", |u| u.first_name.as_str())
}

pub fn client_lang(user: Option<&teloxide::types::User>) -> Option<Lang> {
    user.and_then(|u| u.language_code.as_deref())
        .and_then(Lang::from_code)
}
