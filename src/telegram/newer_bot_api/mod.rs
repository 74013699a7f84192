//! What Telegram sends today that teloxide-core 0.13 cannot read, brought
//! into a shape it reads before anything else sees it.
//!
//! teloxide-core 0.13 knows the Bot API up to 9.1 (July 2025); Telegram has
//! moved on, and teloxide-core drops what it does not know without a word:
//! a message with one entity of a type it does not know (9.5's `date_time`)
//! or one value it does not know in an enum (a forward's origin, a
//! sticker's type) reads as an *empty* message, the user's text lost; an
//! unknown chat type, or `deleted_business_messages` with its message ids
//! as plain integers, makes the whole update unreadable; a `getMe` answer
//! without `has_main_web_app` stops the start. Here, before teloxide reads
//! it, each update is changed only where it would lose something:
//! - entities (of a text, a caption, a quote, a poll…) teloxide cannot read
//!   are left out; the text stays as it is;
//! - an unknown chat type is read as a supergroup (never as a private chat,
//!   where the bot would start a consultation), an unknown forward origin as
//!   a hidden user's (still a forward), an unknown sticker type as a regular
//!   sticker, unknown reactions are left out, plain message ids become what
//!   teloxide expects;
//! - a message that still reads as empty while it has a text, a caption or
//!   media keeps what the bot reads (sender, chat, topic, reply, text,
//!   entities, media) and loses only the fields teloxide cannot read;
//! - a service message teloxide reads as empty (one the Bot API lists) is
//!   ignored, as the note about the chat that it is.
//!
//! What is left out is said once per kind, naming the update and the chat
//! by id only. The answers the bot depends on are read in [`answers`]:
//! `getUpdates` as raw JSON for [`update`], `getMe` without the flags
//! Telegram may leave out. Delete this module once teloxide-core reads the
//! Bot API of the day: `docs/developer.md` says how to tell.

mod answers;

pub use answers::{get_me, get_updates, me};

use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use teloxide::prelude::*;
use teloxide::types::{
    MaybeInaccessibleMessage, MessageEntity, MessageKind, MessageOrigin, ReactionType, Sticker,
    UpdateKind,
};

/// The update kinds teloxide-core 0.13 reads (its `UpdateKind`).
const UPDATE_KINDS: &str = "message edited_message channel_post edited_channel_post \
    business_connection business_message edited_business_message deleted_business_messages \
    message_reaction message_reaction_count inline_query chosen_inline_result callback_query \
    shipping_query pre_checkout_query purchased_paid_media poll poll_answer my_chat_member \
    chat_member chat_join_request chat_boost removed_chat_boost";

/// The update kinds that are a message.
const MESSAGE_KINDS: &str = "message edited_message channel_post edited_channel_post \
    business_message edited_business_message";

/// A message's fields outside its content (teloxide's `Message` itself).
const ENVELOPE: &str = "message_id message_thread_id from sender_chat date chat \
    is_topic_message via_bot sender_business_bot";

/// What a person wrote or sent (teloxide's `MediaKind`, and what goes with it).
const CONTENT: &str = "text entities caption caption_entities show_caption_above_media \
    has_media_spoiler media_group_id animation audio contact document paid_media game venue \
    location photo poll checklist sticker story video video_note voice";

/// The Bot API's service messages (10.1), those teloxide-core 0.13 knows
/// and those it does not (`chat_owner_left` and the others from 9.2 on).
const SERVICE: &str = "chat_owner_left chat_owner_changed delete_chat_photo group_chat_created \
    supergroup_chat_created channel_chat_created message_auto_delete_timer_changed users_shared \
    chat_shared gift unique_gift gift_upgrade_sent write_access_allowed proximity_alert_triggered \
    boost_added chat_background_set checklist_tasks_done checklist_tasks_added \
    direct_message_price_changed forum_topic_created forum_topic_edited forum_topic_closed \
    forum_topic_reopened general_forum_topic_hidden general_forum_topic_unhidden giveaway_created \
    giveaway_completed managed_bot_created paid_message_price_changed poll_option_added \
    poll_option_deleted suggested_post_approved suggested_post_approval_failed \
    suggested_post_declined suggested_post_paid suggested_post_refunded video_chat_scheduled \
    video_chat_started video_chat_ended video_chat_participants_invited web_app_data";

/// The chat types teloxide-core 0.13 reads.
const CHAT_TYPES: &str = "private group supergroup channel";

/// Whether `word` is one of the words of `list`.
fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|listed| listed == word)
}

/// An update the bot does not read even so: to be dropped, and Telegram
/// told it was taken (or it would be sent again forever).
#[derive(Debug)]
pub struct Unread {
    pub update: Option<i64>,
    pub chat: Option<i64>,
    /// What it is, when the bot has no use for it anyway: an update of a
    /// kind teloxide does not know (the bot never asks for one; a webhook
    /// may take every kind), or Telegram's note about the chat (a service
    /// message, which gets no answer) that teloxide cannot read.
    pub ignored: Option<String>,
    raw: Value,
}

impl Unread {
    /// One line naming the update and chat by id (what is ignored, once
    /// per kind); the whole update only where `RUST_LOG` asks for debug.
    pub fn log(&self) {
        let ids = Ids {
            update: self.update,
            chat: self.chat,
        };
        match &self.ignored {
            Some(what) => tell_once(what, || {
                format!(
                    "{ids}: {what}, unknown to teloxide-core 0.13, is ignored; said once per kind"
                )
            }),
            None => log::error!(
                "{}",
                crate::private_log::dropped_update(self.update, self.chat)
            ),
        }
        log::debug!("the update dropped: {}", self.raw);
    }
}

/// An update as Telegram sent it, in a shape teloxide-core 0.13 reads
/// (see the module's documentation).
pub fn update(mut raw: Value) -> Result<Update, Unread> {
    let mut notes = Notes::default();
    let (update, chat) = ids_of(&raw);
    let unread = |raw: Value, ignored: Option<String>| Unread {
        update,
        chat,
        ignored,
        raw,
    };
    let Some(fields) = raw.as_object_mut() else {
        return Err(unread(raw, None));
    };
    // teloxide reads the first key after `update_id` as the kind: any
    // other field would hide the kind from it.
    let Some(kind) = fields.keys().find(|key| listed(UPDATE_KINDS, key)).cloned() else {
        let kind = fields.keys().find(|key| *key != "update_id").cloned();
        let what = kind.map(|kind| format!("an update of kind {}", name(&kind)));
        return Err(unread(raw, what));
    };
    fields.retain(|key, _| key.as_str() == "update_id" || *key == kind);
    if let Some(ids) = fields
        .get_mut("deleted_business_messages")
        .and_then(|deleted| deleted.get_mut("message_ids"))
        .and_then(Value::as_array_mut)
    {
        for id in ids.iter_mut().filter(|id| id.is_number()) {
            *id = json!({"message_id": id.take()});
        }
    }
    readable_parts(&mut raw, &mut notes);
    // Read from a borrowed `Value`: teloxide's `UpdateKind` asks for its
    // key as a borrowed `&str`, and an owned `Value` (`from_value`) has
    // none to lend, so every update would read as an error.
    let mut read = Update::deserialize(&raw);
    let message = listed(MESSAGE_KINDS, &kind);
    if message
        && read
            .as_ref()
            .map_or(true, |update| lost_content(update, &raw))
    {
        if let Some(message) = raw.get_mut(&kind) {
            readable_message(message, &mut notes);
        }
        read = Update::deserialize(&raw);
    }
    match read {
        Ok(read) if !matches!(read.kind, UpdateKind::Error(_)) => {
            if let Some(note) = unread_service_note(&read, &raw[&kind]) {
                return Err(unread(raw, Some(format!("a service message {note}"))));
            }
            notes.tell(Ids { update, chat });
            Ok(read)
        }
        _ => Err(unread(raw, None)),
    }
}

/// The service message teloxide read as an empty message, if that is what
/// it is: a note of Telegram's (one of [`SERVICE`]), nothing a person
/// wrote. Handed on, it would get "text and buttons only" as an answer.
fn unread_service_note(read: &Update, raw: &Value) -> Option<String> {
    let message = message_of(read)?;
    if !matches!(message.kind, MessageKind::Empty {}) || has_content(raw) {
        return None;
    }
    SERVICE
        .split_whitespace()
        .find(|field| raw.get(field).is_some())
        .map(name)
}

/// The update's message, for the six kinds that are one.
pub fn message_of(update: &Update) -> Option<&Message> {
    match &update.kind {
        UpdateKind::Message(m)
        | UpdateKind::EditedMessage(m)
        | UpdateKind::ChannelPost(m)
        | UpdateKind::EditedChannelPost(m)
        | UpdateKind::BusinessMessage(m)
        | UpdateKind::EditedBusinessMessage(m) => Some(m),
        _ => None,
    }
}

/// Whether teloxide read the update's message as empty, or not at all,
/// while it has something a person wrote or sent.
fn lost_content(update: &Update, raw: &Value) -> bool {
    let Some(message) = message_of(update) else {
        return true;
    };
    matches!(message.kind, MessageKind::Empty {})
        && raw
            .as_object()
            .into_iter()
            .flat_map(|fields| fields.values())
            .any(has_content)
}

fn has_content(message: &Value) -> bool {
    CONTENT
        .split_whitespace()
        .any(|key| message.get(key).is_some())
}

/// Every part of `value` teloxide reads on its own, wherever it is: its
/// entities, chats, forward origins, stickers and reactions.
fn readable_parts(value: &mut Value, notes: &mut Notes) {
    match value {
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| readable_parts(item, notes)),
        Value::Object(fields) => {
            for (key, value) in fields.iter_mut() {
                readable_parts(value, notes);
                match key.as_str() {
                    key if key.ends_with("entities") => {
                        keep_readable::<MessageEntity>(value, "an entity of type", notes)
                    }
                    "old_reaction" | "new_reaction" => {
                        keep_readable::<ReactionType>(value, "a reaction of type", notes)
                    }
                    "chat" | "sender_chat" => readable_chat(value, notes),
                    "forward_origin" | "origin" => readable_origin(value, notes),
                    "sticker" => readable_sticker(value, notes),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// The items of a list teloxide reads, the others left out.
fn keep_readable<T: DeserializeOwned>(list: &mut Value, what: &str, notes: &mut Notes) {
    let Value::Array(items) = list else { return };
    items.retain(|item| {
        let readable = T::deserialize(item).is_ok();
        if !readable {
            notes.left_out(format!("{what} {}", type_of(item)), "was left out");
        }
        readable
    });
}

fn readable_chat(chat: &mut Value, notes: &mut Notes) {
    let unknown = chat
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|kind| !listed(CHAT_TYPES, kind));
    if unknown {
        notes.left_out(
            format!("a chat of type {}", type_of(chat)),
            "is read as a supergroup",
        );
        chat["type"] = json!("supergroup");
    }
}

fn readable_origin(origin: &mut Value, notes: &mut Notes) {
    // A forward's origin (a gift's `origin` is a plain string).
    if !origin.get("type").is_some_and(Value::is_string)
        || MessageOrigin::deserialize(&*origin).is_ok()
    {
        return;
    }
    notes.left_out(
        format!("a forward origin of type {}", type_of(origin)),
        "is read as a hidden user's",
    );
    let date = origin.get("date").cloned().unwrap_or(json!(0));
    *origin = json!({"type": "hidden_user", "sender_user_name": "", "date": date});
}

fn readable_sticker(sticker: &mut Value, notes: &mut Notes) {
    if !sticker.is_object() || Sticker::deserialize(&*sticker).is_ok() {
        return;
    }
    let mut regular = sticker.clone();
    regular["type"] = json!("regular");
    if Sticker::deserialize(&regular).is_ok() {
        notes.left_out(
            format!("a sticker of type {}", type_of(sticker)),
            "is read as a regular sticker",
        );
        *sticker = regular;
    }
}

/// A message (and the messages it holds) that reads as empty: its
/// envelope and content kept, each other field kept only if teloxide still
/// reads the message with it.
fn readable_message(message: &mut Value, notes: &mut Notes) {
    for nested in ["reply_to_message", "pinned_message"] {
        if let Some(inner) = message.get_mut(nested) {
            readable_message(inner, notes);
        }
    }
    let Some(fields) = message.as_object() else {
        return;
    };
    if reads_whole(fields) {
        return;
    }
    let mut kept: Map<String, Value> = fields
        .iter()
        .filter(|(key, _)| listed(ENVELOPE, key) || listed(CONTENT, key))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    if !reads_whole(&kept) {
        // Its content itself is beyond teloxide: an empty message it stays.
        return;
    }
    for (key, value) in fields {
        if kept.contains_key(key) {
            continue;
        }
        kept.insert(key.clone(), value.clone());
        if !reads_whole(&kept) {
            kept.remove(key);
            notes.left_out(format!("a message's field {}", name(key)), "was left out");
        }
    }
    *message = Value::Object(kept);
}

/// Whether teloxide reads the message, content included.
fn reads_whole(fields: &Map<String, Value>) -> bool {
    let message = Value::Object(fields.clone());
    match MaybeInaccessibleMessage::deserialize(&message) {
        Ok(MaybeInaccessibleMessage::Regular(read)) => {
            !matches!(read.kind, MessageKind::Empty {}) || !has_content(&message)
        }
        Ok(MaybeInaccessibleMessage::Inaccessible(_)) => true,
        Err(_) => false,
    }
}

/// The update and chat ids in an update's raw JSON.
fn ids_of(raw: &Value) -> (Option<i64>, Option<i64>) {
    let update = raw.get("update_id").and_then(Value::as_i64);
    let chat = raw
        .as_object()
        .into_iter()
        .flat_map(|kinds| kinds.values())
        .find_map(|kind| {
            kind.pointer("/chat/id")
                .or_else(|| kind.pointer("/message/chat/id"))
                .or_else(|| kind.pointer("/from/id"))
                .and_then(Value::as_i64)
        });
    (update, chat)
}

/// A name from Telegram's vocabulary (a type, a field) fit for the log:
/// lower-case letters, digits and `_`, or nothing of it.
fn name(word: &str) -> String {
    let fit = !word.is_empty()
        && word.len() <= 40
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    match fit {
        true => word.to_string(),
        false => "(unnamed)".to_string(),
    }
}

fn type_of(value: &Value) -> String {
    name(value.get("type").and_then(Value::as_str).unwrap_or(""))
}

struct Ids {
    update: Option<i64>,
    chat: Option<i64>,
}

impl std::fmt::Display for Ids {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let number = |n: Option<i64>| n.map_or("unknown".to_string(), |n| n.to_string());
        write!(
            f,
            "update {} (chat {})",
            number(self.update),
            number(self.chat)
        )
    }
}

/// What was changed in one update, said once the update is read.
#[derive(Default)]
struct Notes(Vec<(String, &'static str)>);

impl Notes {
    fn left_out(&mut self, what: String, how: &'static str) {
        self.0.push((what, how));
    }

    fn tell(self, ids: Ids) {
        for (what, how) in self.0 {
            tell_once(&what, || {
                format!("{ids}: {what}, unknown to teloxide-core 0.13, {how}; said once per kind")
            });
        }
    }
}

/// Logs `line` the first time `kind` is met in this run.
fn tell_once(kind: &str, line: impl FnOnce() -> String) {
    static TOLD: LazyLock<Mutex<HashSet<String>>> = LazyLock::new(Mutex::default);
    let first = TOLD
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(kind.to_string());
    if first {
        log::warn!("{}", line());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use teloxide::types::{MediaKind, MessageCommon, MessageEntityKind};

    fn private() -> Value {
        json!({"id": 7001, "type": "private", "first_name": "Aigerim"})
    }

    fn sender() -> Value {
        json!({"id": 7001, "is_bot": false, "first_name": "Aigerim", "language_code": "kk"})
    }

    /// A private text message with `extra` fields.
    fn text_message(text: &str, extra: Value) -> Value {
        let mut message = json!({
            "message_id": 41, "date": 1764000000, "chat": private(), "from": sender(), "text": text
        });
        for (key, value) in extra.as_object().unwrap() {
            message[key] = value.clone();
        }
        json!({"update_id": 900, "message": message})
    }

    /// What teloxide-core 0.13 makes of the update alone, as it reads `getUpdates`.
    fn teloxide_alone(update: &Value) -> Update {
        serde_json::from_str(&update.to_string()).unwrap()
    }

    fn the_message(update: &Update) -> &Message {
        match &update.kind {
            UpdateKind::Message(message) => message,
            other => panic!("not a message: {other:?}"),
        }
    }

    fn date_time(offset: usize, length: usize) -> Value {
        json!({"type": "date_time", "offset": offset, "length": length,
               "unix_time": 1783641600, "date_time_format": "d"})
    }

    #[test]
    fn a_date_time_entity_empties_the_message_for_teloxide_and_here_only_the_entity_goes() {
        let raw = text_message(
            "10.07.2027 /help",
            json!({"entities": [date_time(0, 10), {"type": "bot_command", "offset": 11, "length": 5}]}),
        );
        // teloxide-core 0.13 alone: the user's text is gone.
        let alone = teloxide_alone(&raw);
        assert!(matches!(the_message(&alone).kind, MessageKind::Empty {}));
        assert_eq!(the_message(&alone).text(), None);
        let read = update(raw).unwrap();
        let message = the_message(&read);
        assert_eq!(message.text(), Some("10.07.2027 /help"));
        let kinds: Vec<_> = message
            .entities()
            .unwrap()
            .iter()
            .map(|e| &e.kind)
            .collect();
        assert_eq!(kinds, [&MessageEntityKind::BotCommand]);
        assert_eq!(message.from.as_ref().map(|u| u.id.0), Some(7001));
    }

    #[test]
    fn unknown_entities_in_a_caption_and_a_quote_go_and_the_known_ones_stay() {
        let raw = json!({"update_id": 901, "message": {
            "message_id": 42, "date": 1764000000, "chat": private(), "from": sender(),
            "photo": [{"file_id": "p", "file_unique_id": "u", "width": 90, "height": 90}],
            "caption": "my passport, valid to 10.07.2027",
            "caption_entities": [{"type": "bold", "offset": 0, "length": 2}, date_time(21, 10)],
            "quote": {"text": "10.07.2027", "position": 0, "entities": [date_time(0, 10)]},
            "reply_to_message": {"message_id": 40, "date": 1764000000, "chat": private(),
                                 "from": sender(), "text": "x", "entities": [date_time(0, 1)]}
        }});
        assert!(matches!(
            the_message(&teloxide_alone(&raw)).kind,
            MessageKind::Empty {}
        ));
        let read = update(raw).unwrap();
        let message = the_message(&read);
        assert_eq!(message.caption(), Some("my passport, valid to 10.07.2027"));
        assert_eq!(message.caption_entities().unwrap().len(), 1);
        assert!(message.photo().is_some());
        assert_eq!(message.reply_to_message().unwrap().text(), Some("x"));
    }

    #[test]
    fn a_reply_to_another_chats_text_is_empty_for_teloxide_and_keeps_its_text_here() {
        // teloxide-core 0.13 wants media in `external_reply`; a quoted text has none.
        let raw = text_message(
            "35",
            json!({"external_reply": {"origin": {"type": "channel", "date": 1764000000,
                "chat": {"id": -100500, "type": "channel", "title": "News"}, "message_id": 9},
                "chat": {"id": -100500, "type": "channel", "title": "News"}, "message_id": 9}}),
        );
        assert!(matches!(
            the_message(&teloxide_alone(&raw)).kind,
            MessageKind::Empty {}
        ));
        let read = update(raw).unwrap();
        assert_eq!(the_message(&read).text(), Some("35"));
    }

    #[test]
    fn an_unknown_forward_origin_is_still_a_forward() {
        let raw = text_message(
            "40",
            json!({"forward_origin": {"type": "guest_bot", "date": 1764000000, "bot": {"id": 5}}}),
        );
        assert!(matches!(
            the_message(&teloxide_alone(&raw)).kind,
            MessageKind::Empty {}
        ));
        let read = update(raw).unwrap();
        let message = the_message(&read);
        assert_eq!(message.text(), Some("40"));
        assert!(message.forward_origin().is_some());
    }

    #[test]
    fn an_unknown_sticker_type_is_a_sticker_still() {
        let raw = json!({"update_id": 902, "message": {
            "message_id": 43, "date": 1764000000, "chat": private(), "from": sender(),
            "sticker": {"file_id": "s", "file_unique_id": "u", "type": "animated_emoji_pack",
                        "width": 512, "height": 512, "is_animated": false, "is_video": true}
        }});
        assert!(matches!(
            the_message(&teloxide_alone(&raw)).kind,
            MessageKind::Empty {}
        ));
        let read = update(raw).unwrap();
        assert!(the_message(&read).sticker().is_some());
    }

    #[test]
    fn an_unknown_chat_type_drops_the_update_for_teloxide_and_is_a_supergroup_here() {
        let raw = json!({"update_id": 903, "message": {
            "message_id": 44, "date": 1764000000, "from": sender(),
            "chat": {"id": -100777, "type": "community", "title": "A new kind", "is_forum": true},
            "message_thread_id": 12, "is_topic_message": true, "text": "/contacts"
        }});
        assert!(matches!(teloxide_alone(&raw).kind, UpdateKind::Error(_)));
        let read = update(raw).unwrap();
        let message = the_message(&read);
        assert!(!message.chat.is_private());
        assert!(message.chat.is_supergroup());
        assert!(
            matches!(&message.chat.kind, teloxide::types::ChatKind::Public(p)
            if matches!(&p.kind, teloxide::types::PublicChatKind::Supergroup(s) if s.is_forum))
        );
        assert_eq!(message.thread_id.map(|t| t.0.0), Some(12));
        assert_eq!(message.text(), Some("/contacts"));
    }

    #[test]
    fn deleted_business_messages_with_plain_ids_are_read() {
        let raw = json!({"update_id": 904, "deleted_business_messages": {
            "business_connection_id": "b1", "chat": private(), "message_ids": [3, 4]}});
        assert!(matches!(teloxide_alone(&raw).kind, UpdateKind::Error(_)));
        let read = update(raw).unwrap();
        let UpdateKind::DeletedBusinessMessages(deleted) = read.kind else {
            panic!("{read:?}")
        };
        assert_eq!(
            deleted.message_ids.iter().map(|m| m.0).collect::<Vec<_>>(),
            [3, 4]
        );
    }

    #[test]
    fn a_press_keeps_its_data_whatever_its_message_holds() {
        let raw = json!({"update_id": 905, "callback_query": {
            "id": "q", "from": sender(), "chat_instance": "c", "data": "a:stage:both",
            "message": {"message_id": 45, "date": 1764000000, "chat": private(),
                "from": {"id": 1, "is_bot": true, "first_name": "Bot", "username": "b_bot"},
                "text": "Which stage?", "entities": [date_time(0, 5)],
                "reply_markup": {"inline_keyboard": [[{"text": "Both", "callback_data": "a:stage:both",
                    "style": "primary", "icon_custom_emoji_id": "5"}]]}}}});
        let read = update(raw).unwrap();
        let UpdateKind::CallbackQuery(press) = read.kind else {
            panic!("{read:?}")
        };
        assert_eq!(press.data.as_deref(), Some("a:stage:both"));
        assert_eq!(press.message.unwrap().id().0, 45);
    }

    #[test]
    fn an_unknown_update_kind_is_not_read_and_says_which() {
        let unread =
            update(json!({"update_id": 906, "managed_bot": {"user": sender()}})).unwrap_err();
        assert_eq!(unread.update, Some(906));
        assert_eq!(
            unread.ignored.as_deref(),
            Some("an update of kind managed_bot")
        );
        // A field beside the kind would hide it from teloxide.
        let mut raw = text_message("40", json!({}));
        raw["a_field_of_the_update"] = json!(1);
        assert!(matches!(teloxide_alone(&raw).kind, UpdateKind::Error(_)));
        assert_eq!(the_message(&update(raw).unwrap()).text(), Some("40"));
    }

    #[test]
    fn a_message_teloxide_reads_is_read_the_same() {
        let raw = text_message(
            "/start kk-flyer_door",
            json!({"entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                   "message_thread_id": 3, "is_topic_message": true}),
        );
        assert_eq!(update(raw.clone()).unwrap(), teloxide_alone(&raw));
        let pinned = json!({"update_id": 907, "message": {"message_id": 46, "date": 1764000000,
            "chat": private(), "from": sender(),
            "pinned_message": {"message_id": 40, "date": 0, "chat": private()}}});
        assert_eq!(update(pinned.clone()).unwrap(), teloxide_alone(&pinned));
    }

    #[test]
    fn a_service_message_teloxide_reads_as_empty_is_ignored_and_a_newer_content_is_not() {
        // Bot API 9.4: the chat's owner left. teloxide-core 0.13 reads "a message it cannot place".
        let note = json!({"update_id": 908, "message": {"message_id": 46, "date": 1764000000,
            "chat": private(), "from": sender(), "chat_owner_left": {"new_owner": sender()}}});
        assert!(matches!(
            the_message(&teloxide_alone(&note)).kind,
            MessageKind::Empty {}
        ));
        let unread = update(note).unwrap_err();
        assert_eq!(
            unread.ignored.as_deref(),
            Some("a service message chat_owner_left")
        );
        // Something newer than any field the Bot API lists may be a person's: handed on.
        let newer = json!({"update_id": 909, "message": {"message_id": 47, "date": 1764000000,
            "chat": private(), "from": sender(), "later_hologram": {"file_id": "h"}}});
        assert!(matches!(
            the_message(&update(newer).unwrap()).kind,
            MessageKind::Empty {}
        ));
    }

    #[test]
    fn a_dropped_update_is_named_by_its_update_and_chat_id() {
        let message = json!({"update_id": 9, "message": {"date": "x", "chat": {"id": 77}, "from": {"id": 78}}});
        assert_eq!(ids_of(&message), (Some(9), Some(77)));
        let press = json!({"update_id": 10, "callback_query": {"from": {"id": 5}, "message": {"chat": {"id": 6}}}});
        assert_eq!(ids_of(&press), (Some(10), Some(6)));
        let inline = json!({"update_id": 11, "inline_query": {"from": {"id": 12}}});
        assert_eq!(ids_of(&inline), (Some(11), Some(12)));
        assert_eq!(ids_of(&Value::Null), (None, None));
    }

    #[test]
    fn names_in_the_log_are_telegram_words_only() {
        assert_eq!(name("date_time"), "date_time");
        assert_eq!(name("Aigerim K"), "(unnamed)");
        assert_eq!(name(""), "(unnamed)");
        assert_eq!(name(&"a".repeat(41)), "(unnamed)");
    }

    #[test]
    fn media_kinds_are_kept() {
        let raw = json!({"update_id": 908, "message": {
            "message_id": 47, "date": 1764000000, "chat": private(), "from": sender(),
            "media_group_id": "album1",
            "photo": [{"file_id": "p", "file_unique_id": "u", "width": 90, "height": 90}],
            "live_photo": {"file_id": "v", "file_unique_id": "w", "width": 90, "height": 90, "duration": 2},
            "caption": "x", "caption_entities": [date_time(0, 1)]}});
        let read = update(raw).unwrap();
        let MessageKind::Common(MessageCommon {
            media_kind: MediaKind::Photo(photo),
            ..
        }) = &the_message(&read).kind
        else {
            panic!("{read:?}")
        };
        assert_eq!(
            photo.media_group_id.as_ref().map(|g| g.0.as_str()),
            Some("album1")
        );
    }
}
