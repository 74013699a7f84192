//! Button presses in private chats: the core's answer to a press, the
//! pressed message edited in place (a checklist tick, a calendar page) or
//! its buttons taken off once answered, and presses on messages the bot no
//! longer knows.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::MessageId;

use super::send::{self, send_replies};
use super::turn::{already_handled, decide, deliver, save};
use super::update::{ChatDialogue, HandlerResult, client_lang, first_name};
use super::{App, handover};
use crate::dialogue::Input;
use crate::lang::Lang;
use crate::reply::{Msg, Reply};
use crate::store::ChatRecord;

pub(super) async fn on_button(
    bot: Bot,
    update: Update,
    q: CallbackQuery,
    dialogue: ChatDialogue,
    state: ChatRecord,
    app: Arc<App>,
) -> HandlerResult {
    if already_handled(&state, &update, dialogue.chat_id()) {
        let _ = app
            .delivery
            .retrying(bot.answer_callback_query(q.id.clone()))
            .await;
        return Ok(());
    }
    let client_lang = client_lang(Some(&q.from));
    let lang = state.session.reply_lang(client_lang);
    let data = q.data.clone().unwrap_or_default();
    let decision = decide(
        state,
        Input::Button(data),
        client_lang,
        dialogue.chat_id(),
        &app,
    );
    if decision.outcome.refused {
        // An old or forged button: a short notice, nothing else changes.
        let notice = bot.answer_callback_query(q.id.clone()).text(
            app.content()
                .texts
                .render(lang, &Msg::new("callback-outdated")),
        );
        app.delivery.retrying(notice).await?;
        return Ok(());
    }
    if let Some(toast) = &decision.outcome.toast {
        // A calendar day out of range: answered over the chat, nothing changes.
        let text = app.content().texts.render(lang, toast);
        let notice = bot.answer_callback_query(q.id.clone()).text(text);
        app.delivery.retrying(notice).await?;
        return Ok(());
    }
    // Stop the client's spinner before the (durable) step runs.
    let acknowledge = bot.answer_callback_query(q.id.clone());
    if let Err(e) = app.delivery.retrying(acknowledge).await {
        log::warn!(
            "chat {}: answerCallbackQuery failed: {e}",
            dialogue.chat_id().0
        );
    }
    save(&bot, &dialogue, &decision, update.id.0, &app).await?;
    let chat_id = dialogue.chat_id();
    if let Some(action) = decision.outcome.handover {
        let asking = handover::Asking {
            chat: chat_id,
            session: &decision.outcome.session,
            lang: decision.lang,
            first_name: first_name(Some(&q.from)),
            phone: None,
            message: None,
        };
        handover::act(&bot, &app, action, asking).await?;
    }
    let mut replies = decision.replies();
    let (lang, about) = (decision.lang, decision.about());
    match q.regular_message() {
        // The checklist ticked, the calendar turned: its message is edited in place.
        Some(message) if decision.outcome.edit_pressed && decision.apology.is_none() => {
            let first = replies.remove(0);
            edit_in_place(&bot, message, &first, lang, &app).await;
            deliver(&bot, chat_id, lang, &replies, &app, about).await
        }
        Some(message) => {
            deliver(&bot, chat_id, lang, &replies, &app, about).await?;
            let answered = decision.outcome.answered.as_ref();
            close_question(&bot, message, answered, lang, &app).await;
            Ok(())
        }
        None => deliver(&bot, chat_id, lang, &replies, &app, about).await,
    }
}

/// Replaces a message with a reply (its text and buttons): the checklist
/// after a tick, the calendar's next page. A reply too long for one message is sent anew instead.
async fn edit_in_place(bot: &Bot, message: &Message, reply: &Reply, lang: Lang, app: &App) {
    let rendered = app.content().texts.render_reply(lang, reply);
    let chat_id = message.chat.id;
    let result = match send::split_text(&rendered.text).as_slice() {
        [single] => {
            let mut edit = bot
                .edit_message_text(chat_id, message.id, single.clone())
                .link_preview_options(send::no_preview());
            if let Some(markup) = send::keyboard(&rendered) {
                edit = edit.reply_markup(markup);
            }
            app.delivery.retrying(edit).await.map(drop)
        }
        _ => send_replies(bot, chat_id, lang, std::slice::from_ref(reply), app, None).await,
    };
    if let Err(e) = result {
        log::debug!(
            "chat {}: could not edit the pressed message: {e}",
            chat_id.0
        );
    }
}

/// Makes the pressed question read as a record: its buttons removed and,
/// for an answer, the answer written under it.
async fn close_question(
    bot: &Bot,
    message: &Message,
    answered: Option<&Msg>,
    lang: Lang,
    app: &App,
) {
    let chat_id = message.chat.id;
    let id: MessageId = message.id;
    let result = match (answered, message.text()) {
        (Some(label), Some(text)) => {
            let texts = &app.content().texts;
            let answer = texts.render(lang, label);
            let line = texts.render(lang, &Msg::new("answered").text("answer", answer));
            let edited: String = format!("{text}\n\n{line}");
            match send::split_text(&edited).as_slice() {
                [single] => {
                    let edit = bot.edit_message_text(chat_id, id, single.clone());
                    app.delivery.retrying(edit).await.map(drop)
                }
                _ => {
                    let edit = bot.edit_message_reply_markup(chat_id, id);
                    app.delivery.retrying(edit).await.map(drop)
                }
            }
        }
        _ => {
            let edit = bot.edit_message_reply_markup(chat_id, id);
            app.delivery.retrying(edit).await.map(drop)
        }
    };
    if let Err(e) = result {
        log::debug!(
            "chat {}: could not edit the answered question: {e}",
            chat_id.0
        );
    }
}

/// Button presses the dialogue cannot take: from a group, or from an inline message.
pub(super) async fn on_stray_button(bot: Bot, q: CallbackQuery, app: Arc<App>) -> HandlerResult {
    let lang = client_lang(Some(&q.from)).unwrap_or(Lang::English);
    let notice = bot.answer_callback_query(q.id.clone()).text(
        app.content()
            .texts
            .render(lang, &Msg::new("callback-outdated")),
    );
    app.delivery.retrying(notice).await?;
    Ok(())
}
