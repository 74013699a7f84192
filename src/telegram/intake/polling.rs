//! Long polling: `getUpdates` asked again once the last batch has started
//! (see the intake's documentation for why promptly), its answer sorted
//! into the queues, and [`Health`] kept up to date.

use std::convert::Infallible;
use std::sync::Arc;

use serde_json::Value;
use teloxide::payloads::GetUpdates;
use teloxide::prelude::*;
use teloxide::stop::{StopFlag, StopToken, mk_stop_token};
use teloxide::types::AllowedUpdate;
use teloxide::update_listeners::{StatefulListener, UpdateListener};
use tokio_stream::StreamExt as _;

use super::{BATCH, HELD_MOST, Intake, Listener};
use crate::telegram::health::Health;
use crate::telegram::{delivery, newer_bot_api};

/// Long polling, as teloxide's `Polling` does it (delete a webhook first),
/// asking for a batch once the last has started (see the module's
/// documentation), and keeping `health` up to date.
pub fn polling(
    bot: Bot,
    intake: Arc<Intake>,
    health: Arc<Health>,
) -> impl UpdateListener<Err = Infallible> {
    struct State {
        bot: Bot,
        intake: Arc<Intake>,
        health: Arc<Health>,
        token: StopToken,
        flag: Option<StopFlag>,
        allowed: Option<Vec<AllowedUpdate>>,
    }
    let (token, flag) = mk_stop_token();
    let state = State {
        bot,
        intake,
        health,
        token,
        flag: Some(flag),
        allowed: None,
    };
    let listener: Listener<_, _, _, _> = StatefulListener::new_with_hints(
        state,
        |state: &mut State| {
            // As the dispatcher starts reading: the poller gets the allowed
            // updates the dispatcher hinted just before.
            let poller = Poller {
                bot: state.bot.clone(),
                intake: state.intake.clone(),
                health: state.health.clone(),
                allowed: state.allowed.take(),
            };
            let flag = state.flag.take().expect("polling is started once");
            tokio::spawn(poller.run(flag));
            state.intake.dispatched().map(Ok::<Update, Infallible>)
        },
        |state: &mut State| state.token.clone(),
        Some(
            |state: &mut State, hint: &mut dyn Iterator<Item = AllowedUpdate>| {
                state.allowed = Some(hint.collect());
            },
        ),
    );
    listener
}

struct Poller {
    bot: Bot,
    intake: Arc<Intake>,
    health: Arc<Health>,
    allowed: Option<Vec<AllowedUpdate>>,
}

impl Poller {
    /// How long one `getUpdates` waits for updates: 10 s, or less when the
    /// health threshold is short, so a quiet bot still reaches Telegram
    /// well within it.
    fn long_poll(&self) -> u32 {
        (self.health.fail_after().as_secs() / 3).clamp(1, 10) as u32
    }

    /// How many updates to ask for, once a batch is wanted.
    async fn room(&self) -> usize {
        loop {
            let changed = self.intake.changed.notified();
            if self.intake.lock().queues.wants_batch(BATCH, HELD_MOST) {
                return BATCH;
            }
            changed.await;
        }
    }

    async fn run(self, mut stop: StopFlag) {
        delete_webhook_if_set(&self.bot).await;
        let mut offset: u32 = 0;
        let mut errors: u32 = 0;
        let mut allowed = self.allowed.clone();
        loop {
            let room = tokio::select! {
                () = &mut stop => break,
                room = self.room() => room,
            };
            let asked = self.ask(offset, room, allowed.take());
            let answer = tokio::select! {
                () = &mut stop => break,
                answer = asked => answer,
            };
            let updates = match answer {
                Ok(updates) => updates,
                Err(error) => {
                    let why = delivery::describe(&error);
                    self.health.failed(why.clone());
                    let wait = match error {
                        teloxide::RequestError::RetryAfter(wait) => wait.duration(),
                        _ => delivery::polling_backoff(errors),
                    };
                    errors = errors.saturating_add(1);
                    log::warn!("getUpdates failed ({why}); again in {wait:?}");
                    tokio::select! {
                        () = &mut stop => break,
                        () = tokio::time::sleep(wait) => continue,
                    }
                }
            };
            self.health.contact();
            errors = 0;
            let batch = self.sort_batch(updates);
            if let Some((last, _)) = batch.last() {
                offset = last.wrapping_add(1);
            }
            self.intake.with_queues(|queues| queues.take_batch(batch));
        }
        self.intake.stop();
    }

    /// `getUpdates` for at most `room` updates from `offset` (the hint of
    /// which kinds goes with the first), each update as Telegram sent it.
    /// From here Telegram may count the last batch as delivered, so the
    /// queues are told before it is sent.
    fn ask(
        &self,
        offset: u32,
        room: usize,
        allowed: Option<Vec<AllowedUpdate>>,
    ) -> impl Future<Output = Result<Vec<Value>, teloxide::RequestError>> + use<> {
        let mut request = GetUpdates::new();
        request.offset = Some(offset as i32);
        request.timeout = Some(self.long_poll());
        request.limit = Some(room as u8);
        request.allowed_updates = allowed;
        self.intake.lock().queues.asking(offset);
        let bot = self.bot.clone();
        async move { newer_bot_api::get_updates(&bot, request).await }
    }

    /// The batch in Telegram's order, each update read
    /// ([`newer_bot_api::update`]) with what is done with it: `None` when
    /// nothing is left to do (it cannot be read, or the last run handled
    /// it), else the update, to be held.
    fn sort_batch(&self, updates: Vec<Value>) -> Vec<(u32, Option<Update>)> {
        let mut batch = Vec::with_capacity(updates.len());
        for raw in updates {
            let update = match newer_bot_api::update(raw) {
                Ok(update) => update,
                Err(unread) => {
                    unread.log();
                    // Without an id it cannot even be confirmed (Telegram sends none such).
                    if let Some(id) = unread.update.and_then(|id| u32::try_from(id).ok()) {
                        batch.push((id, None));
                    }
                    continue;
                }
            };
            let id = update.id.0;
            if self.intake.handled_before(id) {
                log::info!("update {id} was handled before the restart; skipped");
                batch.push((id, None));
            } else {
                batch.push((id, Some(update)));
            }
        }
        batch
    }
}

async fn delete_webhook_if_set(bot: &Bot) {
    match bot.get_webhook_info().send().await {
        Ok(info) if info.url.is_some() => {
            if let Err(e) = bot.delete_webhook().send().await {
                log::error!(
                    "cannot delete the webhook, so polling will fail: {}",
                    delivery::describe(&e)
                );
            }
        }
        Ok(_) => {}
        Err(e) => log::error!("cannot ask for the webhook: {}", delivery::describe(&e)),
    }
}
