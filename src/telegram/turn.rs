//! One turn of a private chat, for a message and a button press alike:
//! the core decides on the stored state, the step is saved (on disk before
//! anything is sent), then the replies are delivered.

use std::sync::Arc;

use teloxide::prelude::*;

use super::app::App;
use super::send::{Place, send_replies};
use super::update::{ChatDialogue, HandlerResult};
use super::{delivery, handover, staff};
use crate::dialogue::{self as core, Context, Event, Input, Outcome, Session};
use crate::lang::Lang;
use crate::reply::{Msg, Reply};
use crate::store::{ChatRecord, HandledUpdates};

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
        amendments: &content.amendments,
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
    to: impl Into<Place>,
    lang: Lang,
    replies: &[Reply],
    app: &App,
    about: Option<(&Session, chrono::NaiveDate)>,
) -> HandlerResult {
    let to = to.into();
    match send_replies(bot, to, lang, replies, app, about).await {
        Err(e) if delivery::nobody_listens(&e) => {
            log::info!("chat {}: cannot be answered ({e})", to.chat.0);
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
