//! The hourly sweep of requests to the office: open longer than the
//! retention period, they are closed and both sides told.

use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;

use super::staff_chat::closed;
use crate::dialogue::handover::{self as screens, StaffNote};
use crate::store::{Request, Store};
use crate::telegram::app::App;
use crate::telegram::send::tell;

/// Every hour (and soon after start): requests open longer than the
/// retention period are closed, and consent screens older than that forgotten.
pub async fn sweep(bot: Bot, store: Arc<Store>, app: Arc<App>, retention: Duration) {
    if app.staff_chat.get().is_none() {
        return;
    }
    tokio::time::sleep(app.clock.sweep_first()).await;
    let days = (retention.as_secs() / 86_400) as i64;
    loop {
        let Some(staff) = app.staff_chat.get() else {
            return;
        };
        let cutoff = app.clock.now_unix() - retention.as_secs() as i64;
        for (chat, request) in store.requests_before(cutoff) {
            let result = match request {
                Request::Consenting { .. } => store.consent_declined(chat).await.map(drop),
                Request::Open(open_request) => match store
                    .close_request(chat, Some(&open_request.reference))
                    .await
                {
                    Ok(Some(_)) => {
                        log::info!(
                            "chat {chat}: request {} closed after {days} days",
                            open_request.reference
                        );
                        let reply = screens::expired(&open_request.reference, days);
                        tell(&bot, &app, ChatId(chat), open_request.lang, &reply).await;
                        let why = StaffNote::Expired { days };
                        closed(&bot, &app, &staff, &open_request, why).await;
                        Ok(())
                    }
                    other => other.map(drop),
                },
            };
            if let Err(e) = result {
                log::error!("chat {chat}: closing an old request: {e}");
            }
        }
        tokio::time::sleep(app.clock.every(crate::store::sweep::SWEEP_EVERY)).await;
    }
}
