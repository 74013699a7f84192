//! The handler tree and its thin handlers: a Telegram update becomes an
//! [`Input`] for the core, the core's [`Outcome`] becomes messages.

use std::sync::Arc;

use teloxide::dispatching::dialogue::ErasedStorage;
use teloxide::dispatching::{UpdateFilterExt, UpdateHandler};
use teloxide::prelude::*;
use teloxide::types::{Me, MessageId};
use teloxide::utils::command::BotCommands;

use super::commands::Command;
use super::send::{self, send_replies};
use super::{App, ChatState, HandledUpdates, delivery, inline};
use crate::dialogue::{self as core, Context, Event, Input, Outcome, Session};
use crate::i18n::Lang;
use crate::reply::{Msg, Reply};

pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;
pub type HandlerResult = Result<(), HandlerError>;
pub type ChatDialogue = Dialogue<ChatState, ErasedStorage<ChatState>>;

/// The whole bot on one screen.
pub fn schema() -> UpdateHandler<HandlerError> {
    let private = |m: Message| m.chat.is_private();
    dptree::entry()
        // Inline queries have no chat, so no dialogue.
        .branch(Update::filter_inline_query().endpoint(on_inline_query))
        .branch(
            Update::filter_message()
                .branch(
                    dptree::filter(private)
                        .enter_dialogue::<Message, ErasedStorage<ChatState>, ChatState>()
                        .endpoint(on_private_message),
                )
                .branch(dptree::endpoint(on_group_message)),
        )
        // An edited message cannot change an answer already given: say so, in private only.
        .branch(
            Update::filter_edited_message()
                .filter(|m: Message| m.chat.is_private())
                .endpoint(on_edited_message),
        )
        .branch(
            Update::filter_callback_query()
                .branch(
                    dptree::filter(|q: CallbackQuery| {
                        q.regular_message().is_some_and(|m| m.chat.is_private())
                    })
                    .enter_dialogue::<CallbackQuery, ErasedStorage<ChatState>, ChatState>()
                    .endpoint(on_button),
                )
                .branch(dptree::endpoint(on_stray_button)),
        )
}

fn client_lang(user: Option<&teloxide::types::User>) -> Option<Lang> {
    user.and_then(|u| u.language_code.as_deref())
        .and_then(Lang::from_code)
}

/// When a dialogue changes, to the hour (Unix seconds). The privacy sweep
/// and the statistics count in days; and the store's time index, keyed by
/// this time, then moves once an hour instead of at every step, which made
/// each step three writes to sled instead of one.
fn touched_now() -> i64 {
    let now = chrono::Utc::now().timestamp();
    now - now.rem_euclid(3600)
}

/// An update this chat's stored state already reflects (redelivered after a crash).
fn already_handled(state: &ChatState, update: &Update, chat_id: ChatId) -> bool {
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

async fn on_private_message(
    bot: Bot,
    update: Update,
    msg: Message,
    me: Me,
    dialogue: ChatDialogue,
    state: ChatState,
    app: Arc<App>,
) -> HandlerResult {
    if already_handled(&state, &update, msg.chat.id) {
        return Ok(());
    }
    let client_lang = client_lang(msg.from.as_ref());
    let input = match msg.text() {
        // A forwarded message is somebody else's words, not an answer.
        Some(_) if msg.forward_origin().is_some() => Input::Unsupported,
        Some(text) => match Command::parse(text, me.username()) {
            Ok(Command::Forget) => {
                return forget(&bot, &dialogue, &state, client_lang, &app).await;
            }
            Ok(command) => command.input().unwrap_or(Input::Help),
            Err(_) => Input::Text(text.to_string()),
        },
        // Stickers, photos, voice, locations…: nothing to read.
        None => Input::Unsupported,
    };
    let decision = decide(state, input, client_lang, &app);
    commit(&bot, &dialogue, &decision, update.id.0, client_lang, &app).await
}

/// The core's decision on one input, with an apology first when the stored
/// state could not be read.
struct Decision {
    outcome: Outcome,
    apology: Option<Reply>,
    changed: bool,
    /// The updates the state before this one reflects.
    handled: HandledUpdates,
}

fn decide(state: ChatState, input: Input, client_lang: Option<Lang>, app: &App) -> Decision {
    let handled = state.handled;
    let (session, input, apology) = if state.unreadable {
        // Stored in a format this version cannot read: say so and begin again.
        let start = Input::Start {
            lang: None,
            tag: None,
        };
        (
            Session::default(),
            start,
            Some(Reply::paragraph(Msg::new("state-lost"))),
        )
    } else {
        (state.session, input, None)
    };
    let ctx = Context {
        today: crate::calendar::kazakhstan_today(),
        office: &app.office,
        texts: &app.texts,
        client_lang,
    };
    let outcome = core::step(&session, input, &ctx);
    let changed = outcome.session != session || state.unreadable;
    Decision {
        outcome,
        apology,
        changed,
        handled,
    }
}

/// Saves the step, then sends the replies: on disk before the user sees the
/// answer, so a crash after this loses nothing they saw.
async fn commit(
    bot: &Bot,
    dialogue: &ChatDialogue,
    decision: &Decision,
    update_id: u32,
    client_lang: Option<Lang>,
    app: &App,
) -> HandlerResult {
    let outcome = &decision.outcome;
    if decision.changed {
        let mut handled = decision.handled.clone();
        handled.record(update_id);
        dialogue
            .update(ChatState {
                session: outcome.session.clone(),
                touched: touched_now(),
                handled,
                unreadable: false,
            })
            .await?;
    }
    log_event(dialogue.chat_id(), outcome);
    let lang = outcome.session.reply_lang(client_lang);
    let replies: Vec<Reply> = decision
        .apology
        .iter()
        .chain(outcome.replies.iter())
        .cloned()
        .collect();
    deliver(bot, dialogue.chat_id(), lang, &replies, app).await
}

/// Sends replies; a chat whose user blocked the bot (403) is not an error of ours.
async fn deliver(
    bot: &Bot,
    chat_id: ChatId,
    lang: Lang,
    replies: &[Reply],
    app: &App,
) -> HandlerResult {
    match send_replies(bot, chat_id, lang, replies, app).await {
        Err(e) if delivery::nobody_listens(&e) => {
            log::info!("chat {}: cannot be answered ({e})", chat_id.0);
            Ok(())
        }
        other => Ok(other?),
    }
}

fn log_event(chat_id: ChatId, outcome: &Outcome) {
    match outcome.event {
        Some(Event::Started) => log::info!("chat {}: consultation started", chat_id.0),
        Some(Event::Finished) => log::info!("chat {}: consultation finished", chat_id.0),
        None => log::debug!("chat {}: step {:?}", chat_id.0, outcome.session.step),
    }
}

async fn forget(
    bot: &Bot,
    dialogue: &ChatDialogue,
    state: &ChatState,
    client_lang: Option<Lang>,
    app: &App,
) -> HandlerResult {
    let lang = state.session.reply_lang(client_lang);
    dialogue.exit().await?;
    log::info!(
        "chat {}: stored data deleted on request",
        dialogue.chat_id().0
    );
    let reply = Reply::paragraph(Msg::new("forget-done"));
    deliver(bot, dialogue.chat_id(), lang, &[reply], app).await
}

async fn on_button(
    bot: Bot,
    update: Update,
    q: CallbackQuery,
    dialogue: ChatDialogue,
    state: ChatState,
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
    let decision = decide(state, Input::Button(data), client_lang, &app);
    if decision.outcome.refused {
        // An old or forged button: a short notice, nothing else changes.
        let notice = bot
            .answer_callback_query(q.id.clone())
            .text(app.texts.render(lang, &Msg::new("callback-outdated")));
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
    commit(&bot, &dialogue, &decision, update.id.0, client_lang, &app).await?;
    if let Some(message) = q.regular_message() {
        let lang = decision.outcome.session.reply_lang(client_lang);
        close_question(
            &bot,
            message,
            decision.outcome.answered.as_ref(),
            lang,
            &app,
        )
        .await;
    }
    Ok(())
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
            let answer = app.texts.render(lang, label);
            let line = app
                .texts
                .render(lang, &Msg::new("answered").text("answer", answer));
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
async fn on_stray_button(bot: Bot, q: CallbackQuery, app: Arc<App>) -> HandlerResult {
    let lang = client_lang(Some(&q.from)).unwrap_or(Lang::English);
    let notice = bot
        .answer_callback_query(q.id.clone())
        .text(app.texts.render(lang, &Msg::new("callback-outdated")));
    app.delivery.retrying(notice).await?;
    Ok(())
}

async fn on_edited_message(bot: Bot, msg: Message, app: Arc<App>) -> HandlerResult {
    let lang = client_lang(msg.from.as_ref()).unwrap_or(Lang::English);
    let reply = Reply::paragraph(Msg::new("edited-message"));
    deliver(&bot, msg.chat.id, lang, &[reply], &app).await
}

/// In groups the bot answers only commands meant for it, and never holds a
/// consultation there: answers would be public.
async fn on_group_message(bot: Bot, msg: Message, me: Me, app: Arc<App>) -> HandlerResult {
    let Some(text) = msg.text() else {
        return Ok(());
    };
    let Ok(command) = Command::parse(text, me.username()) else {
        return Ok(());
    };
    let lang = client_lang(msg.from.as_ref()).unwrap_or(Lang::English);
    let reply = match command {
        Command::Contacts => crate::advice::contacts_reply(&app.office),
        _ => Reply::paragraph(
            Msg::new("group-hint").text("link", format!("https://t.me/{}", me.username())),
        ),
    };
    deliver(&bot, msg.chat.id, lang, &[reply], &app).await
}

async fn on_inline_query(bot: Bot, q: InlineQuery, app: Arc<App>) -> HandlerResult {
    let lang = client_lang(Some(&q.from)).unwrap_or(Lang::English);
    let results = inline::results(&q.query, lang, &app.texts, &app.office);
    let answer = bot
        .answer_inline_query(q.id.clone(), results)
        .cache_time(300);
    app.delivery.retrying(answer).await?;
    Ok(())
}
