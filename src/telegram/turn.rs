//! One turn of a private chat, for a message, an edit and a button press
//! alike (`take`): the core decides on the stored state, the step is
//! saved (on disk before anything is sent), the office gets what the core
//! asked for, then the replies are delivered, as the update's `Answer`
//! says (in the message's place, or on the pressed button).

use std::sync::Arc;

use teloxide::prelude::*;
use teloxide::types::MessageId;

use super::app::App;
use super::intake::Flood;
use super::send::{Place, deliver};
use super::update::{ChatDialogue, HandlerResult};
use super::{handover, staff};
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

/// What a turn knows of its update beside the input: where it is saved,
/// and who sent it.
pub(super) struct Turn<'a> {
    pub bot: &'a Bot,
    pub app: &'a Arc<App>,
    pub dialogue: &'a ChatDialogue,
    /// Recorded with the step it makes (see `redelivered.rs`).
    pub update: u32,
    /// The sender's app's language.
    pub client_lang: Option<Lang>,
    /// For the office, should the core hand the turn over.
    pub sender: Sender<'a>,
}

/// Who sent the update, as far as the office is told (see [`handover::Asking`]).
pub(super) struct Sender<'a> {
    pub first_name: &'a str,
    pub phone: Option<&'a str>,
    /// The message to relay: its id and text.
    pub message: Option<(MessageId, &'a str)>,
}

/// How a turn's replies reach the chat, which the kind of update decides.
pub(super) trait Answer {
    /// Before the step is saved: `false` ends the turn there, nothing saved
    /// and nothing sent (a press the core refused is answered on its button).
    async fn first(&self, turn: &Turn<'_>, decision: &Decision) -> bool;

    /// The replies, once the step is saved and the office told.
    async fn deliver(&self, turn: &Turn<'_>, decision: &Decision) -> HandlerResult;
}

/// A message or an edit: answered in its chat and topic, after a word
/// about the flood it closed, if any.
pub(super) struct InPlace {
    pub place: Place,
    pub flood: Flood,
}

impl Answer for InPlace {
    async fn first(&self, _: &Turn<'_>, _: &Decision) -> bool {
        true
    }

    async fn deliver(&self, turn: &Turn<'_>, decision: &Decision) -> HandlerResult {
        // A flood: one word about the messages not answered, then the answer to the last.
        let flood = self.flood.note();
        let replies: Vec<Reply> = flood.into_iter().chain(decision.replies()).collect();
        let (bot, app) = (turn.bot, turn.app);
        deliver(
            bot,
            self.place,
            decision.lang,
            &replies,
            app,
            decision.about(),
        )
        .await
    }
}

/// One turn: decide, save, hand over, answer.
pub(super) async fn take(
    turn: Turn<'_>,
    state: ChatRecord,
    input: Input,
    answer: impl Answer,
) -> HandlerResult {
    let (bot, app, chat_id) = (turn.bot, turn.app, turn.dialogue.chat_id());
    let decision = decide(state, input, turn.client_lang, chat_id, app);
    if !answer.first(&turn, &decision).await {
        return Ok(());
    }
    save(bot, turn.dialogue, &decision, turn.update, app).await?;
    if let Some(action) = decision.outcome.handover {
        let asking = handover::Asking {
            chat: chat_id,
            session: &decision.outcome.session,
            lang: decision.lang,
            first_name: turn.sender.first_name,
            phone: turn.sender.phone,
            message: turn.sender.message,
        };
        handover::act(bot, app, action, asking).await?;
    }
    answer.deliver(&turn, &decision).await
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

fn decide(
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
async fn save(
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

fn log_event(chat_id: ChatId, outcome: &Outcome) {
    match outcome.event {
        Some(Event::Started) => log::info!("chat {}: consultation started", chat_id.0),
        Some(Event::Finished) => log::info!("chat {}: consultation finished", chat_id.0),
        Some(Event::Ticked) => log::debug!("chat {}: a document ticked", chat_id.0),
        Some(Event::RemindersOn) => log::info!("chat {}: reminders on", chat_id.0),
        None => log::debug!("chat {}: step {:?}", chat_id.0, outcome.session.step),
    }
}
