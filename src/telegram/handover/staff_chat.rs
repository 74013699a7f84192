//! The staff chat: what the bot posts there (cards, relayed messages,
//! notes), the quiet marks it leaves (a reaction, a button taken off, a
//! topic closed), and following the chat when Telegram gives it a new id
//! (a group upgraded to a supergroup is a new chat). Where the chat is now
//! is the [`App`]'s `staff_chat`; this is what the bot does about it.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::{MessageId, ReactionType, ReplyMarkup, ThreadId};

use crate::dialogue::handover::{self as screens, StaffNote};
use crate::lang::Lang;
use crate::reply::Reply;
use crate::store::{OpenRequest, Request};
use crate::telegram::app::App;
use crate::telegram::delivery;
use crate::telegram::send::{self, Place};
use crate::telegram::settings::Staff;

/// Where a post to the staff chat goes: the chat, the forum topic of its
/// request (if it has one), and the message it answers (if any).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Destination {
    pub chat: ChatId,
    pub topic: Option<i32>,
    pub answering: Option<i32>,
}

impl Destination {
    /// The chat itself: no topic, answering nothing.
    pub fn chat(chat: ChatId) -> Destination {
        Destination {
            chat,
            topic: None,
            answering: None,
        }
    }

    /// About a request: where it is, in its topic, answering `answering`.
    pub fn of(open_request: &OpenRequest, answering: Option<i32>) -> Destination {
        Destination {
            chat: ChatId(open_request.staff_chat),
            topic: open_request.topic,
            answering,
        }
    }
}

/// Where a reply to the staff chat went: the chat (another than asked
/// for when Telegram moved it meanwhile) and its messages' ids.
pub struct Posted {
    pub chat: ChatId,
    pub ids: Vec<i32>,
}

/// Posts a reply to the staff chat; returns where it went. A staff group
/// that became a supergroup is followed (see [`follow_staff_chat`]) and the
/// reply posted there, without the topic or the answered message, which
/// stayed in the old chat.
pub async fn post_to_staff(
    bot: &Bot,
    app: &App,
    to: Destination,
    lang: Lang,
    reply: &Reply,
) -> Result<Posted, teloxide::RequestError> {
    match post_to(bot, app, to, lang, reply).await {
        Err(teloxide::RequestError::MigrateToChatId(moved)) => {
            follow_staff_chat(bot, app, to.chat, moved).await;
            let ids = post_to(bot, app, Destination::chat(moved), lang, reply).await?;
            Ok(Posted { chat: moved, ids })
        }
        posted => Ok(Posted {
            chat: to.chat,
            ids: posted?,
        }),
    }
}

/// Posts a reply where it is told, as every reply is sent
/// ([`send::send_rendered`]), its buttons under the last part; returns the
/// ids of its messages (a long text takes several).
async fn post_to(
    bot: &Bot,
    app: &App,
    to: Destination,
    lang: Lang,
    reply: &Reply,
) -> Result<Vec<i32>, teloxide::RequestError> {
    let rendered = app.content().texts.render_reply(lang, reply);
    let markup = send::keyboard(&rendered).map(ReplyMarkup::InlineKeyboard);
    let place = Place {
        chat: to.chat,
        topic: to.topic.map(|topic| ThreadId(MessageId(topic))),
    };
    let answering = to.answering.map(MessageId);
    send::send_rendered(bot, app, place, answering, &rendered, markup).await
}

/// A note to the office about a request, in its topic, answering `answering`.
pub async fn note(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    open_request: &OpenRequest,
    answering: Option<i32>,
    what: StaffNote,
) {
    let reply = screens::staff_note(what, &open_request.reference);
    let to = Destination::of(open_request, answering);
    if let Err(e) = post_to_staff(bot, app, to, staff.lang, &reply).await {
        log::warn!(
            "request {}: a note to the office was not delivered: {e}",
            open_request.reference
        );
    }
}

/// Tells the office a request is closed, takes "Close" off its card and
/// closes its topic (both cosmetic).
pub async fn closed(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    open_request: &OpenRequest,
    why: StaffNote,
) {
    note(bot, app, staff, open_request, Some(open_request.card), why).await;
    let chat = ChatId(open_request.staff_chat);
    let card = bot.edit_message_reply_markup(chat, MessageId(open_request.card));
    let what = format!(
        "request {}: the card's button taken off",
        open_request.reference
    );
    app.delivery.cosmetic(card, what).await;
    if let Some(topic) = open_request.topic {
        let close = bot.close_forum_topic(chat, ThreadId(MessageId(topic)));
        let what = format!("request {}: its topic closed", open_request.reference);
        app.delivery.cosmetic(close, what).await;
    }
}

/// A quiet "got it" on a relayed message (cosmetic).
pub async fn acknowledge(bot: &Bot, app: &App, chat: ChatId, message: MessageId) {
    let reaction = bot
        .set_message_reaction(chat, message)
        .reaction(vec![ReactionType::Emoji {
            emoji: "👌".into()
        }]);
    let what = format!("chat {}: a reaction on a relayed message", chat.0);
    app.delivery.cosmetic(reaction, what).await;
}

/// Telegram says the chat `from` is now `to` (a group upgraded to a
/// supergroup). When `from` is the staff chat, the bot follows it: the
/// new id is the staff chat from now on, and every request open in the
/// old chat goes on in the new one, with a note (and "Close") that staff
/// reply to. Said in the log, since `BOT_STAFF_CHAT` should be changed too.
pub async fn follow_staff_chat(bot: &Bot, app: &App, from: ChatId, to: ChatId) {
    // One at a time: whoever learns of the move second waits until every
    // request is where it goes on.
    let Some(_moving) = app.staff_chat.follow(from, to).await else {
        return; // not the staff chat, or followed already
    };
    log::warn!(
        "the staff chat {} became the supergroup {}: the bot follows it and relays there; set BOT_STAFF_CHAT={} for the next start",
        from.0,
        to.0,
        to.0
    );
    let (Some(store), Some(staff)) = (&app.store, app.staff_chat.get()) else {
        return;
    };
    for (chat, request) in store.requests_before(i64::MAX) {
        let Request::Open(open_request) = request else {
            continue;
        };
        if open_request.staff_chat != from.0 {
            continue;
        }
        let reference = &open_request.reference;
        let note = screens::continued(reference);
        let moved = match post_to(bot, app, Destination::chat(to), staff.lang, &note).await {
            Ok(ids) => store.move_request(chat, reference, to.0, &ids).await,
            Err(e) => {
                log::error!("request {reference}: could not be moved to the new staff chat: {e}");
                continue;
            }
        };
        match moved {
            Ok(_) => log::info!(
                "chat {chat}: request {reference} goes on in the staff chat {}",
                to.0
            ),
            Err(e) => log::error!("chat {chat}: moving request {reference}: {e}"),
        }
    }
}

/// At start: whether the staff chat is still where `BOT_STAFF_CHAT` says.
/// Telegram answers for a group upgraded to a supergroup with the new id,
/// and the bot follows it (updates from the new chat are the staff's).
pub async fn find_staff_chat(bot: Bot, app: Arc<App>) {
    let Some(staff) = app.staff_chat.get() else {
        return;
    };
    match bot.get_chat(staff.chat).await {
        Err(teloxide::RequestError::MigrateToChatId(to)) => {
            follow_staff_chat(&bot, &app, staff.chat, to).await
        }
        Err(e) => log::warn!(
            "the staff chat {} could not be looked up: {}",
            staff.chat.0,
            delivery::describe(&e)
        ),
        Ok(_) => {}
    }
}
