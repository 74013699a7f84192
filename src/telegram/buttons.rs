//! Button presses in private chats: the core's answer to a press, the
//! pressed message edited in place (a checklist tick, a calendar page) or
//! its buttons taken off once answered, and presses on messages the bot no
//! longer knows. A press is judged by its chat, its message's id and its
//! data: on a message older than about two days it comes without the
//! message's body, and counts all the same.

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::MessageId;
use teloxide::{ApiError, RequestError};

use super::app::App;
use super::redelivered;
use super::send::{self, deliver};
use super::turn::{self, Answer, Decision, Sender, Turn};
use super::update::{ChatDialogue, HandlerResult, client_lang, first_name};
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
    let chat_id = dialogue.chat_id();
    if redelivered::in_record(&state, &update, chat_id) {
        let acknowledge = bot.answer_callback_query(q.id.clone());
        app.delivery
            .cosmetic(acknowledge, answered_press(chat_id))
            .await;
        return Ok(());
    }
    let client_lang = client_lang(Some(&q.from));
    let press = OnButton {
        q: &q,
        // For a notice on the button: the language the chat had.
        lang: state.session.reply_lang(client_lang),
    };
    let turn = Turn {
        bot: &bot,
        app: &app,
        dialogue: &dialogue,
        update: update.id.0,
        client_lang,
        sender: Sender {
            first_name: first_name(Some(&q.from)),
            phone: None,
            message: None,
        },
    };
    let data = q.data.clone().unwrap_or_default();
    turn::take(turn, state, Input::Button(data), press).await
}

fn answered_press(chat_id: ChatId) -> String {
    format!("chat {}: the answer to a press", chat_id.0)
}

/// A press is answered on its button first (which stops the client's
/// spinner), then in the chat: the pressed message edited in place, or its
/// buttons taken off once answered.
struct OnButton<'a> {
    q: &'a CallbackQuery,
    lang: Lang,
}

impl Answer for OnButton<'_> {
    async fn first(&self, turn: &Turn<'_>, decision: &Decision) -> bool {
        let (bot, app, q) = (turn.bot, turn.app, self.q);
        let answered_press = answered_press(turn.dialogue.chat_id());
        if decision.outcome.refused {
            // An old or forged button: a short notice, nothing else changes.
            let notice = bot.answer_callback_query(q.id.clone()).text(
                app.content()
                    .texts
                    .render(self.lang, &Msg::new("callback-outdated")),
            );
            app.delivery.cosmetic(notice, answered_press).await;
            return false;
        }
        if let Some(toast) = &decision.outcome.toast {
            // A calendar day out of range: answered over the chat, nothing changes.
            let text = app.content().texts.render(self.lang, toast);
            let notice = bot.answer_callback_query(q.id.clone()).text(text);
            app.delivery.cosmetic(notice, answered_press).await;
            return false;
        }
        // Stop the client's spinner before the (durable) step runs; too late
        // ("query is too old") changes nothing about the step.
        let acknowledge = bot.answer_callback_query(q.id.clone());
        app.delivery.cosmetic(acknowledge, answered_press).await;
        true
    }

    async fn deliver(&self, turn: &Turn<'_>, decision: &Decision) -> HandlerResult {
        let (bot, app, chat_id) = (turn.bot, turn.app, turn.dialogue.chat_id());
        let mut replies = decision.replies();
        let (lang, about) = (decision.lang, decision.about());
        // The pressed message by its id: its body is there only while the Bot
        // API still holds it in full (about two days).
        let Some(pressed) = self.q.message.as_ref() else {
            return deliver(bot, chat_id, lang, &replies, app, about).await;
        };
        if decision.outcome.edit_pressed && decision.apology.is_none() && !replies.is_empty() {
            // The checklist ticked, the calendar turned: its message is edited in place.
            let first = replies.remove(0);
            edit_in_place(bot, chat_id, pressed.id(), &first, lang, app).await?;
            return deliver(bot, chat_id, lang, &replies, app, about).await;
        }
        deliver(bot, chat_id, lang, &replies, app, about).await?;
        let text = pressed.regular_message().and_then(Message::text);
        let answered = decision.outcome.answered.as_ref();
        close_question(bot, chat_id, pressed.id(), text, answered, lang, app).await;
        Ok(())
    }
}

/// Replaces a message with a reply (its text and buttons): the checklist
/// after a tick, the calendar's next page. A reply too long for one
/// message, or a message Telegram will no longer let the bot edit, is sent anew.
async fn edit_in_place(
    bot: &Bot,
    chat_id: ChatId,
    id: MessageId,
    reply: &Reply,
    lang: Lang,
    app: &App,
) -> HandlerResult {
    let rendered = app.content().texts.render_reply(lang, reply);
    if let [single] = send::split_text(&rendered.text).as_slice() {
        let mut edit = bot
            .edit_message_text(chat_id, id, single.clone())
            .link_preview_options(send::no_preview());
        if let Some(markup) = send::keyboard(&rendered) {
            edit = edit.reply_markup(markup);
        }
        match app.delivery.retrying(edit).await {
            // A page pressed again already shows what it should.
            Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => return Ok(()),
            Err(e) => log::debug!(
                "chat {}: the pressed message could not be edited ({e}); it is sent anew",
                chat_id.0
            ),
        }
    }
    deliver(bot, chat_id, lang, std::slice::from_ref(reply), app, None).await
}

/// Makes the pressed question read as a record: its buttons removed and,
/// for an answer, the answer written under its text (when the press
/// brought the text along). Cosmetic: a failure changes nothing.
async fn close_question(
    bot: &Bot,
    chat_id: ChatId,
    id: MessageId,
    text: Option<&str>,
    answered: Option<&Msg>,
    lang: Lang,
    app: &App,
) {
    let what = format!("chat {}: the answered question's buttons", chat_id.0);
    if let (Some(label), Some(text)) = (answered, text) {
        let texts = &app.content().texts;
        let answer = texts.render(lang, label);
        let line = texts.render(lang, &Msg::new("answered").text("answer", answer));
        let edited: String = format!("{text}\n\n{line}");
        if let [single] = send::split_text(&edited).as_slice() {
            let edit = bot.edit_message_text(chat_id, id, single.clone());
            app.delivery.cosmetic(edit, what).await;
            return;
        }
    }
    let edit = bot.edit_message_reply_markup(chat_id, id);
    app.delivery.cosmetic(edit, what).await;
}

/// Button presses the dialogue cannot take: from a group, or from an inline message.
pub(super) async fn on_stray_button(bot: Bot, q: CallbackQuery, app: Arc<App>) -> HandlerResult {
    let lang = client_lang(Some(&q.from)).unwrap_or(Lang::English);
    let notice = bot.answer_callback_query(q.id.clone()).text(
        app.content()
            .texts
            .render(lang, &Msg::new("callback-outdated")),
    );
    app.delivery
        .cosmetic(notice, "the answer to a stray press")
        .await;
    Ok(())
}
