//! The handler tree and its thin handlers: a Telegram update becomes an
//! [`Input`] for the core, the core's [`Outcome`] becomes messages.

use std::sync::Arc;

use teloxide::dispatching::dialogue::ErasedStorage;
use teloxide::dispatching::{UpdateFilterExt, UpdateHandler};
use teloxide::prelude::*;
use teloxide::types::Me;

use super::send::send_replies;
use super::{App, buttons, delivery, handover, inline, staff};
use crate::commands::Command;
use crate::dialogue::{self as core, Context, Event, Input, Outcome, Session};
use crate::lang::Lang;
use crate::reply::{Msg, Reply};
use crate::store::{ChatRecord, HandledUpdates};

pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;
pub type HandlerResult = Result<(), HandlerError>;
pub type ChatDialogue = Dialogue<ChatRecord, ErasedStorage<ChatRecord>>;

/// The whole bot on one screen.
pub fn schema() -> UpdateHandler<HandlerError> {
    let private = |m: Message| m.chat.is_private();
    // The office's chat (`BOT_STAFF_CHAT`): replies relayed, never a questionnaire.
    let staff = |m: Message, app: Arc<App>| app.is_staff_chat(m.chat.id);
    let staff_button = |q: CallbackQuery, app: Arc<App>| {
        q.regular_message()
            .is_some_and(|m| app.is_staff_chat(m.chat.id))
    };
    dptree::entry()
        // Inline queries have no chat, so no dialogue.
        .branch(Update::filter_inline_query().endpoint(on_inline_query))
        .branch(
            Update::filter_message()
                .branch(dptree::filter(staff).endpoint(handover::on_staff_message))
                .branch(
                    dptree::filter(private)
                        .enter_dialogue::<Message, ErasedStorage<ChatRecord>, ChatRecord>()
                        // The staff's /stats and /link: for the users in BOT_ADMINS
                        // only; for anyone else they do not exist.
                        .branch(dptree::filter_map(staff::command).endpoint(staff::on_command))
                        .branch(dptree::endpoint(on_private_message)),
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
                .branch(dptree::filter(staff_button).endpoint(handover::on_staff_button))
                .branch(
                    dptree::filter(|q: CallbackQuery| {
                        q.regular_message().is_some_and(|m| m.chat.is_private())
                    })
                    .enter_dialogue::<CallbackQuery, ErasedStorage<ChatRecord>, ChatRecord>()
                    .endpoint(buttons::on_button),
                )
                .branch(dptree::endpoint(buttons::on_stray_button)),
        )
}

/// The one part of the sender's name the office is sent (with consent).
pub(super) fn first_name(user: Option<&teloxide::types::User>) -> &str {
    user.map_or("", |u| u.first_name.as_str())
}

pub(super) fn client_lang(user: Option<&teloxide::types::User>) -> Option<Lang> {
    user.and_then(|u| u.language_code.as_deref())
        .and_then(Lang::from_code)
}

/// When a dialogue changes, to the hour (Unix seconds). The privacy sweep
/// counts in days; and the store's time index, keyed by this time, then
/// moves once an hour instead of at every step, which made each step three
/// writes to sled instead of one.
fn touched_now(app: &App) -> i64 {
    let now = app.clock.now_unix();
    now - now.rem_euclid(3600)
}

/// An update this chat's stored state already reflects (redelivered after a crash).
pub(super) fn already_handled(state: &ChatRecord, update: &Update, chat_id: ChatId) -> bool {
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
    state: ChatRecord,
    app: Arc<App>,
) -> HandlerResult {
    if already_handled(&state, &update, msg.chat.id) {
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
        (Some(text), _) => match Command::parse(text, Some(me.username())) {
            Some(Command::Forget) => {
                return forget(&bot, &dialogue, &state, client_lang, &app).await;
            }
            Some(command) => command.input().unwrap_or(Input::Help),
            None => Input::Text(text.to_string()),
        },
        (None, Some(_)) if msg.forward_origin().is_none() => Input::Contact {
            own: own_contact.is_some(),
        },
        // Stickers, photos, voice, locations…: nothing to read.
        _ => Input::Unsupported,
    };
    let decision = decide(state, input, client_lang, msg.chat.id, &app);
    save(&bot, &dialogue, &decision, update.id.0, &app).await?;
    if let Some(action) = decision.outcome.handover {
        let asking = handover::Asking {
            chat: msg.chat.id,
            session: &decision.outcome.session,
            lang: decision.lang,
            first_name: first_name(msg.from.as_ref()),
            phone: own_contact.map(|c| c.phone_number.as_str()),
            message: msg.text().map(|text| (msg.id, text)),
        };
        handover::act(&bot, &app, action, asking).await?;
    }
    let replies = decision.replies();
    deliver(
        &bot,
        msg.chat.id,
        decision.lang,
        &replies,
        &app,
        decision.about(),
    )
    .await
}

/// The core's decision on one input, with an apology first when the stored
/// state could not be read.
pub(super) struct Decision {
    /// The session the input arrived in.
    previous: Session,
    pub(super) outcome: Outcome,
    pub(super) apology: Option<Reply>,
    changed: bool,
    pub(super) lang: Lang,
    today: chrono::NaiveDate,
    /// The updates the state before this one reflects.
    handled: HandledUpdates,
}

impl Decision {
    /// What attachments (the PDF) are made from.
    pub(super) fn about(&self) -> Option<(&Session, chrono::NaiveDate)> {
        Some((&self.outcome.session, self.today))
    }

    /// Every reply, the apology first.
    pub(super) fn replies(&self) -> Vec<Reply> {
        self.apology
            .iter()
            .chain(self.outcome.replies.iter())
            .cloned()
            .collect()
    }
}

pub(super) fn decide(
    state: ChatRecord,
    input: Input,
    client_lang: Option<Lang>,
    chat_id: ChatId,
    app: &App,
) -> Decision {
    let handled = state.handled.clone();
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
    // The reminders already sent, for `/reminders` (only a chat that asked for them has any).
    let sent = match (&app.store, session.companion.reminders_since) {
        (Some(store), Some(_)) => store.sent(chat_id.0).unwrap_or_default(),
        _ => Vec::new(),
    };
    let today = app.clock.today();
    let content = app.content();
    let features = app.features();
    let handover = match &app.store {
        Some(store) if features.ask_office => handover::status(store, chat_id),
        _ => Default::default(),
    };
    let ctx = Context {
        today,
        office: &content.office,
        labels: &content.labels,
        client_lang,
        features,
        sent: &sent,
        extras: &content.extras,
        handover,
    };
    let outcome = core::step(&session, input, &ctx);
    let changed = outcome.session != session || state.unreadable;
    Decision {
        lang: outcome.session.reply_lang(client_lang),
        previous: session,
        outcome,
        apology,
        changed,
        today,
        handled,
    }
}

/// Saves the step before anything is sent: on disk before the user sees
/// the answer, so a crash after this loses nothing they saw.
pub(super) async fn save(
    bot: &Bot,
    dialogue: &ChatDialogue,
    decision: &Decision,
    update_id: u32,
    app: &Arc<App>,
) -> HandlerResult {
    let outcome = &decision.outcome;
    staff::count(app, dialogue.chat_id(), &decision.previous, outcome);
    if decision.changed {
        let mut handled = decision.handled.clone();
        handled.record(update_id);
        dialogue
            .update(ChatRecord {
                session: outcome.session.clone(),
                touched: touched_now(app),
                handled,
                unreadable: false,
            })
            .await?;
    }
    log_event(dialogue.chat_id(), outcome);
    staff::follow_language(
        bot,
        app,
        dialogue.chat_id(),
        decision.previous.lang,
        outcome.session.lang,
    );
    Ok(())
}

/// Sends replies (with what their attachments are made from, if they have
/// any); a chat whose user blocked the bot (403) is not an error of ours.
pub(super) async fn deliver(
    bot: &Bot,
    chat_id: ChatId,
    lang: Lang,
    replies: &[Reply],
    app: &App,
    about: Option<(&Session, chrono::NaiveDate)>,
) -> HandlerResult {
    match send_replies(bot, chat_id, lang, replies, app, about).await {
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
        Some(Event::Ticked) => log::debug!("chat {}: a document ticked", chat_id.0),
        Some(Event::RemindersOn) => log::info!("chat {}: reminders on", chat_id.0),
        None => log::debug!("chat {}: step {:?}", chat_id.0, outcome.session.step),
    }
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
    dialogue.exit().await?;
    log::info!(
        "chat {}: stored data deleted on request",
        dialogue.chat_id().0
    );
    let reply = Reply::paragraph(Msg::new("forget-done"));
    deliver(bot, dialogue.chat_id(), lang, &[reply], app, None).await
}

async fn on_edited_message(bot: Bot, msg: Message, app: Arc<App>) -> HandlerResult {
    let lang = client_lang(msg.from.as_ref()).unwrap_or(Lang::English);
    let reply = Reply::paragraph(Msg::new("edited-message"));
    deliver(&bot, msg.chat.id, lang, &[reply], &app, None).await
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
    deliver(&bot, msg.chat.id, lang, &[reply], &app, None).await
}

async fn on_inline_query(bot: Bot, q: InlineQuery, app: Arc<App>) -> HandlerResult {
    let lang = client_lang(Some(&q.from)).unwrap_or(Lang::English);
    let results = inline::results(&q.query, lang, &app.content().texts, &app.content().office);
    let answer = bot
        .answer_inline_query(q.id.clone(), results)
        .cache_time(300);
    app.delivery.retrying(answer).await?;
    Ok(())
}
