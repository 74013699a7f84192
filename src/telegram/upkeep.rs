//! Keeping the content honest while the bot runs: what changes when a day
//! begins (a rule the firm dated switches on or off, in the log), and the
//! staff told, once a week in their language, when the list is due its
//! review, until the folder is renewed.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use teloxide::prelude::*;
use teloxide::types::UserId;

use super::app::App;
use super::send::send_replies;
use crate::content::{self, Content};
use crate::staff;
use crate::store::Store;

/// Logs what the content says about itself: its warnings, and `changes`
/// (what a reload or a start brings in force, takes out, or has waiting).
pub fn log_content(content: &Content, changes: &content::Changes, why: &str) {
    let Some(dir) = &content.folder else {
        return;
    };
    log::info!(target: crate::private_log::CONTENT_TARGET, "{why}: the content in {}: {changes}", dir.display());
    for warning in &content.warnings {
        log::warn!(target: crate::private_log::CONTENT_TARGET, "{why}: {warning}");
    }
}

/// At each new day: what the firm dated to begin or end that day is
/// logged as switched on or off. (The core reads every item by the day it
/// answers, so nothing else needs doing; the log is for the staff.)
pub async fn follow_days(app: Arc<App>) {
    let mut day = app.clock.today();
    loop {
        tokio::time::sleep(app.clock.poll_every()).await;
        let today = app.clock.today();
        if today == day {
            continue;
        }
        let content = app.content();
        let amendments = &content.amendments;
        let before = amendments.items_on(day);
        let after = amendments.items_on(today);
        let on: Vec<&String> = after.difference(&before).collect();
        let off: Vec<&String> = before.difference(&after).collect();
        if !on.is_empty() || !off.is_empty() {
            log::info!(
                target: crate::private_log::CONTENT_TARGET,
                "content: on {today} switched on: {}; switched off: {}",
                listed(&on),
                listed(&off)
            );
        }
        day = today;
    }
}

fn listed(items: &[&String]) -> String {
    if items.is_empty() {
        return "none".into();
    }
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// How often the bot looks whether the list is due its review.
const REVIEW_CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// While the list is past its review date, each admin gets one message a
/// week, in the language they chose in the bot, else the staff's
/// (`BOT_STAFF_LANG`, with a staff chat), else English. Recorded in the
/// store (when there is one), so a restart does not send it again early.
pub async fn remind_review(bot: Bot, app: Arc<App>, store: Option<Arc<Store>>) {
    let mut sent_here: HashMap<UserId, NaiveDate> = HashMap::new();
    loop {
        let today = app.clock.today();
        let content = app.content();
        if content.review_overdue(today) {
            for &admin in &app.admins {
                let last = match &store {
                    Some(store) => store.review_notice(admin.0).unwrap_or_else(|e| {
                        log::error!("content review notice: the store: {e}");
                        None
                    }),
                    None => sent_here.get(&admin).copied(),
                };
                let due = last.is_none_or(|last| {
                    (today - last).num_days() >= staff::REVIEW_REMINDER_EVERY_DAYS
                });
                if !due {
                    continue;
                }
                let lang = super::app::chosen_lang(store.as_deref(), admin)
                    .or(app.staff_chat.get().map(|staff| staff.lang))
                    .unwrap_or(super::profile::DEFAULT_LANG);
                let notice = staff::review_due(&content.amendments, today);
                let chat = ChatId(admin.0 as i64);
                match send_replies(&bot, chat, lang, &[notice], &app, None).await {
                    Ok(()) => {
                        log::info!(
                            "content: an admin ({}) told the list is due its review",
                            admin.0
                        );
                        sent_here.insert(admin, today);
                        if let Some(store) = &store
                            && let Err(e) = store.noted_review_notice(admin.0, today).await
                        {
                            log::error!("content review notice: the store: {e}");
                        }
                    }
                    Err(e) => log::warn!(
                        "content: an admin ({}) could not be told the list is due its review: {e}",
                        admin.0
                    ),
                }
            }
        }
        tokio::time::sleep(app.clock.every(REVIEW_CHECK_EVERY)).await;
    }
}
