//! The handler tree and its thin handlers: a Telegram update becomes an
//! [`Input`] for the core, and [`turn`](super::turn) does the rest (the
//! core's [`Outcome`](crate::dialogue::Outcome) becomes messages).

use std::sync::Arc;

use teloxide::dispatching::dialogue::ErasedStorage;
use teloxide::dispatching::{UpdateFilterExt, UpdateHandler};
use teloxide::prelude::*;
use teloxide::types::{Chat, MaybeInaccessibleMessage, Me};

use super::app::App;
use super::intake::Flood;
use super::send::{Place, deliver};
use super::turn::{self, InPlace, Sender, Turn};
use super::update::{
    ChatDialogue, HandlerError, HandlerResult, client_lang, first_name, is_service,
};
use super::{business, buttons, handover, inline, redelivered, staff};
use crate::commands::Command;
use crate::dialogue::Input;
use crate::dialogue::input::{self, Typed};
use crate::lang::Lang;
use crate::reply::{Msg, Reply};
use crate::store::ChatRecord;

/// The whole bot on one screen.
pub fn schema() -> UpdateHandler<HandlerError> {
    let private = |m: Message| m.chat.is_private();
    // The office's chat (`BOT_STAFF_CHAT`): replies relayed, never a
    // questionnaire; and the supergroup it became, announcing so.
    let staff = |m: Message, app: Arc<App>| app.staff_chat.has(&m);
    let staff_button = |q: CallbackQuery, app: Arc<App>| {
        pressed_in(&q).is_some_and(|chat| app.staff_chat.is(chat.id))
    };
    let private_button = |q: CallbackQuery| pressed_in(&q).is_some_and(Chat::is_private);
    dptree::entry()
        // Inline queries have no chat, so no dialogue.
        .branch(Update::filter_inline_query().endpoint(on_inline_query))
        .branch(
            Update::filter_message()
                .branch(dptree::filter(staff).endpoint(handover::on_staff_message))
                .branch(
                    dptree::filter(private)
                        .enter_dialogue::<Message, ErasedStorage<ChatRecord>, ChatRecord>()
                        // /bot off and /bot on from an owner in BOT_BUSINESS_OWNERS:
                        // for every client's chat of their own account.
                        .branch(
                            dptree::filter_map(business::own_chat_command)
                                .endpoint(business::on_own_chat_command),
                        )
                        // The staff's /stats and /link: for the users in BOT_ADMINS
                        // only; for anyone else they do not exist.
                        .branch(dptree::filter_map(staff::command).endpoint(staff::on_command))
                        .branch(dptree::endpoint(on_private_message)),
                )
                .branch(dptree::endpoint(on_group_message)),
        )
        // An edit cannot change an answer already given; with a request to
        // the office open, it corrects what was relayed (either way).
        .branch(
            Update::filter_edited_message()
                .branch(dptree::filter(staff).endpoint(handover::on_staff_edit))
                .branch(
                    dptree::filter(private)
                        .enter_dialogue::<Message, ErasedStorage<ChatRecord>, ChatRecord>()
                        .endpoint(on_edited_message),
                ),
        )
        // The firm's own account (Telegram Business): never a dialogue of
        // the bot's own, whose chat with the same person is another.
        .branch(Update::filter_business_connection().endpoint(business::on_connection))
        .branch(Update::filter_business_message().endpoint(business::on_message))
        .branch(Update::filter_edited_business_message().endpoint(business::on_edited_message))
        .branch(Update::filter_deleted_business_messages().endpoint(business::on_deleted_messages))
        .branch(
            Update::filter_callback_query()
                .branch(dptree::filter(staff_button).endpoint(handover::on_staff_button))
                .branch(
                    dptree::filter(private_button)
                        .enter_dialogue::<CallbackQuery, ErasedStorage<ChatRecord>, ChatRecord>()
                        .endpoint(buttons::on_button),
                )
                .branch(dptree::endpoint(buttons::on_stray_button)),
        )
}

/// The chat a button was pressed in. A press is judged by its chat, its
/// message's id and its data: for a message older than about two days the
/// press comes without the message's body (an `InaccessibleMessage`).
fn pressed_in(q: &CallbackQuery) -> Option<&Chat> {
    q.message.as_ref().map(MaybeInaccessibleMessage::chat)
}

#[expect(
    clippy::too_many_arguments,
    reason = "dptree hands the handler each dependency it names, as teloxide's examples take them"
)]
async fn on_private_message(
    bot: Bot,
    update: Update,
    msg: Message,
    me: Me,
    dialogue: ChatDialogue,
    state: ChatRecord,
    app: Arc<App>,
    flood: Flood,
) -> HandlerResult {
    if redelivered::in_record(&state, &update, msg.chat.id) {
        return Ok(());
    }
    if is_service(&msg) {
        log::debug!("chat {}: a service message; no answer", msg.chat.id.0);
        return Ok(());
    }
    // An album is one thing the user did: its first part is answered.
    if let Some(album) = msg.media_group_id()
        && !app.albums.first_part(msg.chat.id, &album.0)
    {
        return Ok(());
    }
    let client_lang = client_lang(msg.from.as_ref());
    let sender = msg.from.as_ref().map(|u| u.id);
    // Only the sender's own contact (what Telegram's contact request sends).
    let own_contact = msg
        .contact()
        .filter(|c| c.user_id.is_some() && c.user_id == sender);
    let input = match (msg.text(), msg.contact()) {
        // A forwarded message is somebody else's words, not an answer.
        (Some(_), _) if msg.forward_origin().is_some() => Input::Unsupported,
        (Some(text), _) => match input::from_text(text, Some(me.username())) {
            Typed::Forget => return forget(&bot, &dialogue, &state, client_lang, &app).await,
            Typed::Input(input) => input,
        },
        (None, Some(_)) if msg.forward_origin().is_none() => Input::Contact {
            own: own_contact.is_some(),
        },
        // Stickers, photos, voice, locations…: nothing to read.
        _ => Input::Unsupported,
    };
    let turn = Turn {
        bot: &bot,
        app: &app,
        dialogue: &dialogue,
        update: update.id.0,
        client_lang,
        sender: Sender {
            first_name: first_name(msg.from.as_ref()),
            phone: own_contact.map(|c| c.phone_number.as_str()),
            message: msg.text().map(|text| (msg.id, text)),
        },
    };
    let place = Place::of(&msg);
    turn::take(turn, state, input, InPlace { place, flood }).await
}

async fn forget(
    bot: &Bot,
    dialogue: &ChatDialogue,
    state: &ChatRecord,
    client_lang: Option<Lang>,
    app: &App,
) -> HandlerResult {
    let lang = state.session.reply_lang(client_lang);
    // The office hears the applicant withdrew before their data goes.
    handover::withdraw(bot, app, dialogue.chat_id()).await?;
    match &app.store {
        // Noted in the erasure log, so no backup can bring the chat back.
        Some(store) => {
            store
                .erase(dialogue.chat_id().0, app.clock.now_unix())
                .await?
        }
        None => dialogue.exit().await?,
    }
    log::info!(
        "chat {}: stored data deleted on request",
        dialogue.chat_id().0
    );
    let reply = Reply::paragraph(Msg::new("forget-done"));
    deliver(bot, dialogue.chat_id(), lang, &[reply], app, None).await
}

/// An edited message, answered in the language the chat chose; with a
/// request to the office open, the new text goes there as a correction.
async fn on_edited_message(
    bot: Bot,
    update: Update,
    msg: Message,
    dialogue: ChatDialogue,
    state: ChatRecord,
    app: Arc<App>,
) -> HandlerResult {
    let turn = Turn {
        bot: &bot,
        app: &app,
        dialogue: &dialogue,
        update: update.id.0,
        client_lang: client_lang(msg.from.as_ref()),
        sender: Sender {
            first_name: first_name(msg.from.as_ref()),
            phone: None,
            message: msg.text().map(|text| (msg.id, text)),
        },
    };
    // An edit changes nothing stored (but a record this version cannot
    // read begins again); it says nothing of a flood it closed.
    let input = Input::Edited(msg.text().map(String::from));
    let answer = InPlace {
        place: Place::of(&msg),
        flood: Flood::default(),
    };
    turn::take(turn, state, input, answer).await
}

/// In groups the bot answers only commands meant for it, and never holds a
/// consultation there: answers would be public.
async fn on_group_message(bot: Bot, msg: Message, me: Me, app: Arc<App>) -> HandlerResult {
    let Some(text) = msg.text() else {
        return Ok(());
    };
    let Some(command) = Command::parse(text, Some(me.username())) else {
        return Ok(());
    };
    let lang = client_lang(msg.from.as_ref()).unwrap_or(Lang::English);
    let reply = match command {
        Command::Contacts => crate::advice::contacts_reply(&app.content().office),
        _ => Reply::paragraph(
            Msg::new("group-hint").text("link", format!("https://t.me/{}", me.username())),
        ),
    };
    // In a forum, in the topic the command came from.
    deliver(&bot, Place::of(&msg), lang, &[reply], &app, None).await
}

async fn on_inline_query(bot: Bot, q: InlineQuery, app: Arc<App>) -> HandlerResult {
    let lang = client_lang(Some(&q.from)).unwrap_or(Lang::English);
    let results = inline::results(&q.query, lang, &app.content().texts, &app.content().office);
    // The results are in the asker's language: Telegram must not hand
    // them to another user from its cache.
    let answer = bot
        .answer_inline_query(q.id.clone(), results)
        .cache_time(300)
        .is_personal(true);
    // Too late (the user typed on) is nothing to report as a failure.
    app.delivery.cosmetic(answer, "answerInlineQuery").await;
    Ok(())
}
