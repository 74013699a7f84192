//! The reminder loop: at each due time, the chats the store's index names
//! get their reminders, in their language, once Telegram has taken each
//! (recorded before the next is sent). A reminder missed while the bot was
//! down goes out late while it still helps, and is dropped after. A user
//! who blocked the bot has their reminders turned off.

use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;

use super::app::App;
use super::delivery::nobody_listens;
use super::send::send_replies;
use crate::dialogue::checklist;
use crate::documents;
use crate::reminders;
use crate::store::{ChatKey, Store, StoreError};

/// After a failed send, when the chat is tried again.
const RETRY_AFTER: i64 = 300;

pub async fn run(bot: Bot, store: Arc<Store>, app: Arc<App>) {
    loop {
        let now = app.clock.now_unix();
        for (at, chat) in store.reminders_due(now) {
            if let Err(e) = store.forget_reminder_entry(at, chat) {
                log::error!("reminders: the index: {e}");
                continue;
            }
            match remind(&bot, &store, &app, chat).await {
                Ok(()) => {}
                Err(Failure::Telegram(e)) => {
                    log::warn!("chat {chat}: a reminder was not delivered ({e}); again later");
                    let _ = store.retry_reminder(chat, now + RETRY_AFTER);
                }
                Err(Failure::Store(e)) => log::error!("chat {chat}: reminders: {e}"),
            }
        }
        let next = store
            .next_reminder_time()
            .map(|at| Duration::from_secs(at.saturating_sub(app.clock.now_unix()).max(0) as u64));
        let poll = app.clock.poll_every();
        tokio::time::sleep(next.map_or(poll, |n| n.min(poll))).await;
    }
}

enum Failure {
    Telegram(teloxide::RequestError),
    Store(StoreError),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure::Store(e)
    }
}

/// Sends what is due to one chat, recording each as it goes.
async fn remind(bot: &Bot, store: &Store, app: &App, chat: ChatKey) -> Result<(), Failure> {
    let Some(mut record) = store.read(chat)? else {
        return Ok(()); // forgotten since
    };
    let today = app.clock.today();
    let content = app.content();
    let session = record.session.clone();
    let planned = reminders::plan(
        &session.answers,
        &session.companion,
        &content.amendments,
        today,
    );
    // Kept small, but what was sent is remembered while it could be sent
    // again: the plan may lose a reminder for a while.
    let mut sent = reminders::kept_sent(&planned, &store.sent(chat)?, today);
    for missed in reminders::missed(&planned, &sent, today) {
        log::info!(
            "chat {chat}: a reminder due {} was missed while the bot was down; dropped",
            missed.due
        );
        sent.push((missed.reminder, missed.due));
    }
    let due = reminders::due(&planned, &sent, today);
    let documents = documents::for_answers(&session.answers, today, &content.amendments);
    let lang = session.reply_lang(None);
    for reminder in due {
        let reply = checklist::reminder_message(
            &reminder,
            &session,
            &documents,
            &content.office,
            today,
            &content.amendments,
        );
        match send_replies(
            bot,
            ChatId(chat),
            lang,
            &[reply],
            app,
            Some((&session, today)),
        )
        .await
        {
            Ok(()) => {
                sent.push((reminder.reminder, reminder.due));
                store.mark_sent(chat, &record, &sent).await?;
                log::info!("chat {chat}: a reminder sent");
            }
            Err(e) if nobody_listens(&e) => {
                log::info!("chat {chat}: cannot be reminded ({e}); reminders turned off");
                record.session.companion.reminders_since = None;
                store.write(chat, &record).await?;
                return Ok(());
            }
            Err(e) => {
                store.mark_sent(chat, &record, &sent).await?;
                return Err(Failure::Telegram(e));
            }
        }
    }
    store.mark_sent(chat, &record, &sent).await?;
    Ok(())
}
