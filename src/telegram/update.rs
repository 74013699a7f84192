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

/// A service message: Telegram's note about the chat (a message pinned,
/// auto-delete switched on, a title or photo changed, a video chat, a
/// boost, a forum topic opened or closed, the group upgraded…), not
/// anything a person wrote or sent. It gets no answer. What a person can
/// send is listed; every other kind teloxide knows is a service message. A
/// message teloxide cannot place (`Empty`: content newer than it, or
/// malformed) may be a person's, so it is not one: it gets the polite
/// "text and buttons only".
pub fn is_service(message: &Message) -> bool {
    use teloxide::types::{MediaKind, MessageCommon, MessageKind};
    !matches!(
        &message.kind,
        MessageKind::Common(MessageCommon { media_kind, .. })
            if !matches!(media_kind, MediaKind::Migration(_))
    ) && !matches!(
        &message.kind,
        MessageKind::Dice(_)
            | MessageKind::UsersShared(_)
            | MessageKind::ChatShared(_)
            | MessageKind::PassportData(_)
            | MessageKind::WebAppData(_)
            | MessageKind::Giveaway(_)
            | MessageKind::Invoice(_)
            | MessageKind::Empty {}
    )
}
