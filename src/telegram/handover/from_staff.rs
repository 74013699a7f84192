//! The staff's side of "Ask the office": a reply to a card or a message
//! in an applicant's topic relayed to the applicant, and the card's
//! "Close" button.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::Me;

use super::{Staff, acknowledge, closed, note, post, tell};
use crate::dialogue::handover::{self as screens, StaffNote};
use crate::reply::{Msg, Press};
use crate::store::{ChatKey, Relayed, Request, Store, StoreError};
use crate::telegram::App;
use crate::telegram::delivery::nobody_listens;
use crate::telegram::send::send_replies;
use crate::telegram::update::HandlerResult;

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
    let (Some(store), Some(staff)) = (&app.store, &app.staff) else {
        return Ok(());
    };
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
            Some(Request::Open(open)) => Some((chat, open)),
            _ => None,
        },
        None => None,
    };
    let Some((applicant, open)) = request else {
        // A reply to one of the bot's texts that leads nowhere: say so, so
        // nobody waits for an answer that cannot come.
        let to_bot = msg
            .reply_to_message()
            .is_some_and(|r| r.from.as_ref().is_some_and(|u| u.id == me.id) && r.text().is_some());
        if to_bot {
            let reply = screens::staff_note(StaffNote::NotLinked, "");
            let answering = Some(msg.id.0);
            let topic = msg
                .thread_id
                .filter(|_| msg.is_topic_message)
                .map(|t| t.0.0);
            if let Err(e) = post(
                &bot,
                &app,
                msg.chat.id,
                staff.lang,
                &reply,
                topic,
                answering,
            )
            .await
            {
                log::warn!("a note to the office was not delivered: {e}");
            }
        }
        return Ok(());
    };
    if msg.id.0 <= open.staff_seen {
        log::info!(
            "request {}: staff message {} was relayed before a restart; skipped",
            open.reference,
            msg.id.0
        );
        return Ok(());
    }
    let Some(text) = msg.text() else {
        note(
            &bot,
            &app,
            staff,
            &open,
            Some(msg.id.0),
            StaffNote::TextOnly,
        )
        .await;
        return Ok(());
    };
    let reply = screens::from_office(&open.reference, text);
    let to = ChatId(applicant);
    match send_replies(&bot, to, open.lang, &[reply], &app, None).await {
        Ok(()) => {
            let relayed = Relayed {
                staff_messages: &[msg.id.0],
                applicant_message: None,
                staff_message: Some(msg.id.0),
            };
            store.relayed(applicant, &open.reference, relayed).await?;
            log::debug!(
                "chat {applicant}: an answer from the office relayed ({})",
                open.reference
            );
            acknowledge(&bot, &app, msg.chat.id, msg.id).await;
        }
        Err(e) => {
            let why = if nobody_listens(&e) {
                log::info!(
                    "chat {applicant}: request {}: the applicant cannot be reached ({e})",
                    open.reference
                );
                StaffNote::Unreachable
            } else {
                log::warn!(
                    "chat {applicant}: request {}: an answer was not delivered: {e}",
                    open.reference
                );
                StaffNote::NotDelivered
            };
            note(&bot, &app, staff, &open, Some(msg.id.0), why).await;
        }
    }
    Ok(())
}

/// "Close" on a card in the staff chat.
pub async fn on_staff_button(bot: Bot, q: CallbackQuery, app: Arc<App>) -> HandlerResult {
    let (Some(store), Some(staff)) = (&app.store, &app.staff) else {
        return Ok(());
    };
    let reference = match q.data.as_deref().and_then(Press::decode) {
        Some(Press::CloseRequest(reference)) => Some(reference),
        _ => None,
    };
    let mut closed_now = None;
    if let Some(reference) = &reference
        && let Some(chat) = store.applicant_of_reference(reference)?
        && let Some(Request::Open(open)) = store.close_request(chat, Some(reference)).await?
    {
        closed_now = Some((chat, open));
    }
    let Some((chat, open)) = closed_now else {
        // Closed already, or not a button of ours: a short notice, and the stale button goes.
        let notice = bot.answer_callback_query(q.id.clone()).text(
            app.content()
                .texts
                .render(staff.lang, &Msg::new("callback-outdated")),
        );
        app.delivery.retrying(notice).await?;
        if let Some(message) = q.regular_message() {
            let edit = bot.edit_message_reply_markup(message.chat.id, message.id);
            if let Err(e) = app.delivery.once(edit).await {
                log::debug!("a stale Close button stays ({e})");
            }
        }
        return Ok(());
    };
    log::info!(
        "chat {chat}: request {} closed by the office",
        open.reference
    );
    let done = screens::staff_note(StaffNote::ClosedByStaff, &open.reference);
    let text = app.content().texts.render_reply(staff.lang, &done).text;
    app.delivery
        .retrying(bot.answer_callback_query(q.id.clone()).text(text))
        .await?;
    tell(
        &bot,
        &app,
        ChatId(chat),
        open.lang,
        &screens::closed_by_office(&open.reference),
    )
    .await;
    closed(&bot, &app, staff, &open, StaffNote::ClosedByStaff).await;
    Ok(())
}
