//! The staff's side of "Ask the office": a reply to a card or a message
//! in an applicant's topic relayed to the applicant, an edit of one
//! relayed as a correction, the card's "Close" button, and Telegram's
//! notes about the chat (service messages: never relayed, never noted;
//! the group upgraded to a supergroup: followed).

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::Me;

use super::staff_chat::{Destination, acknowledge, closed, follow_staff_chat, note, post_to_staff};
use crate::dialogue::handover::{self as screens, StaffNote};
use crate::reply::{Msg, Press, Reply};
use crate::store::{ChatKey, OpenRequest, Relayed, Request, Store, StoreError};
use crate::telegram::app::App;
use crate::telegram::delivery::nobody_listens;
use crate::telegram::redelivered;
use crate::telegram::send::{send_replies, tell};
use crate::telegram::settings::Staff;
use crate::telegram::update::{HandlerResult, is_service};

/// The applicant an update in the staff chat is for: a reply to the card
/// or to a relayed message, or a post in the request's forum topic.
fn applicant_of(
    store: &Store,
    staff: &Staff,
    msg: &Message,
) -> Result<Option<ChatKey>, StoreError> {
    if let Some(replied) = msg.reply_to_message()
        && let Some(chat) = store.applicant_of_message(staff.chat.0, replied.id.0)?
    {
        return Ok(Some(chat));
    }
    match msg.thread_id {
        Some(thread) if msg.is_topic_message => store.applicant_of_topic(staff.chat.0, thread.0.0),
        _ => Ok(None),
    }
}

/// A message in the staff chat: relayed to the applicant when it answers
/// a request; never given to the questionnaire.
pub async fn on_staff_message(bot: Bot, msg: Message, me: Me, app: Arc<App>) -> HandlerResult {
    // The group upgraded to a supergroup: said in the old chat and in the new one.
    if let Some(&to) = msg.migrate_to_chat_id() {
        follow_staff_chat(&bot, &app, msg.chat.id, to).await;
        return Ok(());
    }
    if let Some(&from) = msg.migrate_from_chat_id() {
        follow_staff_chat(&bot, &app, from, msg.chat.id).await;
        return Ok(());
    }
    let (Some(store), Some(staff)) = (&app.store, app.staff_chat.get()) else {
        return Ok(());
    };
    let staff = &staff;
    // A message pinned, a topic renamed: Telegram's notes, nobody's words.
    if is_service(&msg) {
        return Ok(());
    }
    // Other bots and commands (for people or other bots) are never
    // relayed; an administrator posting anonymously, as the group itself, is staff.
    let as_the_group = msg.sender_chat.as_ref().is_some_and(|c| c.id == staff.chat);
    if (msg.from.as_ref().is_none_or(|u| u.is_bot) && !as_the_group)
        || msg.text().is_some_and(|t| t.starts_with('/'))
    {
        return Ok(());
    }
    let request = match applicant_of(store, staff, &msg)? {
        Some(chat) => match store.request(chat)? {
            Some(Request::Open(open_request)) => Some((chat, open_request)),
            _ => None,
        },
        None => None,
    };
    let Some((applicant, open_request)) = request else {
        // A reply to one of the bot's texts that leads nowhere: say so, so
        // nobody waits for an answer that cannot come.
        let to_bot = msg
            .reply_to_message()
            .is_some_and(|r| r.from.as_ref().is_some_and(|u| u.id == me.id) && r.text().is_some());
        if to_bot {
            let reply = screens::staff_note(StaffNote::NotLinked, "");
            let to = Destination {
                chat: msg.chat.id,
                topic: msg
                    .thread_id
                    .filter(|_| msg.is_topic_message)
                    .map(|t| t.0.0),
                answering: Some(msg.id.0),
            };
            if let Err(e) = post_to_staff(&bot, &app, to, staff.lang, &reply).await {
                log::warn!("a note to the office was not delivered: {e}");
            }
        }
        return Ok(());
    };
    if redelivered::relayed(msg.id.0, open_request.staff_seen) {
        log::info!(
            "request {}: staff message {} was relayed before a restart; skipped",
            open_request.reference,
            msg.id.0
        );
        return Ok(());
    }
    let Some(text) = msg.text() else {
        // An album is one post: one note.
        let first = msg
            .media_group_id()
            .is_none_or(|album| app.albums.first_part(msg.chat.id, &album.0));
        if first {
            let what = StaffNote::TextOnly;
            note(&bot, &app, staff, &open_request, Some(msg.id.0), what).await;
        }
        return Ok(());
    };
    let reply = screens::from_office(&open_request.reference, text);
    let relay = FromOffice {
        applicant,
        open_request: &open_request,
        message: &msg,
        words: Words::Answer,
    };
    relay.send(&bot, &app, store, staff, reply).await
}

/// An edit of a staff message that was relayed: the applicant gets the
/// text as it is now, marked as the office's correction. Edits of anything
/// else in the staff chat reach nobody.
pub async fn on_staff_edit(bot: Bot, msg: Message, app: Arc<App>) -> HandlerResult {
    let (Some(store), Some(staff)) = (&app.store, app.staff_chat.get()) else {
        return Ok(());
    };
    let Some(text) = msg.text().filter(|t| !t.starts_with('/')) else {
        return Ok(());
    };
    let Some(applicant) = store.applicant_of_message(staff.chat.0, msg.id.0)? else {
        return Ok(());
    };
    let Some(Request::Open(open_request)) = store.request(applicant)? else {
        return Ok(());
    };
    // Only what went to the applicant can be corrected there.
    if !redelivered::relayed(msg.id.0, open_request.staff_seen) {
        return Ok(());
    }
    let reply = screens::corrected_by_office(&open_request.reference, text);
    let relay = FromOffice {
        applicant,
        open_request: &open_request,
        message: &msg,
        words: Words::Correction,
    };
    relay.send(&bot, &app, store, &staff, reply).await
}

/// "Close" on a card in the staff chat, judged by the card's chat and the
/// button's data (a card older than about two days comes without its
/// body). The request is closed and both sides are told whatever happens
/// to the cosmetic calls: the answer to the press (which may come too
/// late), the button taken off, the topic closed.
pub async fn on_staff_button(bot: Bot, q: CallbackQuery, app: Arc<App>) -> HandlerResult {
    let (Some(store), Some(staff)) = (&app.store, app.staff_chat.get()) else {
        return Ok(());
    };
    let reference = match q.data.as_deref().and_then(Press::decode) {
        Some(Press::CloseRequest(reference)) => Some(reference),
        _ => None,
    };
    let mut closed_now = None;
    if let Some(reference) = &reference
        && let Some(chat) = store.applicant_of_reference(reference)?
        && let Some(Request::Open(open_request)) =
            store.close_request(chat, Some(reference)).await?
    {
        closed_now = Some((chat, open_request));
    }
    let content = app.content();
    let texts = &content.texts;
    let Some((chat, open_request)) = closed_now else {
        // Closed already, or not a button of ours: a short notice, and the stale button goes.
        let text = texts.render(staff.lang, &Msg::new("callback-outdated"));
        let notice = bot.answer_callback_query(q.id.clone()).text(text);
        app.delivery
            .cosmetic(notice, "the answer to a stale Close")
            .await;
        if let Some(message) = &q.message {
            let edit = bot.edit_message_reply_markup(message.chat().id, message.id());
            app.delivery.cosmetic(edit, "a stale Close button").await;
        }
        return Ok(());
    };
    log::info!(
        "chat {chat}: request {} closed by the office",
        open_request.reference
    );
    let done = screens::staff_note(StaffNote::ClosedByStaff, &open_request.reference);
    let text = texts.render_reply(staff.lang, &done).text;
    let answer = bot.answer_callback_query(q.id.clone()).text(text);
    let what = format!("request {}: the answer to Close", open_request.reference);
    app.delivery.cosmetic(answer, what).await;
    tell(
        &bot,
        &app,
        ChatId(chat),
        open_request.lang,
        &screens::closed_by_office(&open_request.reference),
    )
    .await;
    closed(&bot, &app, &staff, &open_request, StaffNote::ClosedByStaff).await;
    Ok(())
}

/// What the office wrote for an applicant, on its way there.
struct FromOffice<'a> {
    applicant: ChatKey,
    open_request: &'a OpenRequest,
    /// The staff's message.
    message: &'a Message,
    words: Words,
}

/// Which of the office's words: a message, or an edit of one relayed before.
#[derive(Clone, Copy)]
enum Words {
    Answer,
    Correction,
}

impl FromOffice<'_> {
    /// Sends `reply` to the applicant. Relayed: an answer is recorded
    /// against the request (a correction's message is there already), and
    /// the staff's message gets a reaction. Not relayed: the office is told
    /// beside it, whether the applicant cannot be reached (blocked the
    /// bot) or it was not delivered.
    async fn send(
        &self,
        bot: &Bot,
        app: &App,
        store: &Store,
        staff: &Staff,
        reply: Reply,
    ) -> HandlerResult {
        let (applicant, reference) = (self.applicant, &self.open_request.reference);
        let (message, lang) = (self.message, self.open_request.lang);
        let what = match self.words {
            Words::Answer => "an answer",
            Words::Correction => "a correction",
        };
        match send_replies(bot, ChatId(applicant), lang, &[reply], app, None).await {
            Ok(()) => {
                if let Words::Answer = self.words {
                    let relayed = Relayed {
                        staff_messages: &[message.id.0],
                        applicant_message: None,
                        staff_message: Some(message.id.0),
                    };
                    store.relayed(applicant, reference, relayed).await?;
                }
                log::debug!("chat {applicant}: {what} from the office relayed ({reference})");
                acknowledge(bot, app, message.chat.id, message.id).await;
            }
            Err(error) => {
                let why = if nobody_listens(&error) {
                    log::info!(
                        "chat {applicant}: request {reference}: the applicant cannot be reached ({error})"
                    );
                    StaffNote::Unreachable
                } else {
                    log::warn!(
                        "chat {applicant}: request {reference}: {what} was not delivered: {error}"
                    );
                    StaffNote::NotDelivered
                };
                let answering = Some(message.id.0);
                note(bot, app, staff, self.open_request, answering, why).await;
            }
        }
        Ok(())
    }
}
