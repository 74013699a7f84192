//! "Ask the office" in Telegram: the card posted to the staff chat
//! (`BOT_STAFF_CHAT`, in a topic of its own when the group is a forum),
//! the conversation relayed both ways, closing from either side, and the
//! sweep of requests open longer than the retention period. The core
//! decides (see [`crate::dialogue::handover`]); the store keeps which
//! staff message leads to which applicant. Every request to Telegram goes
//! through the delivery; cosmetic ones (topics, reactions, the answer to
//! "Close", taking the button off) are sent once, and their failure never
//! stops a request being opened, relayed or closed, nor both sides being told.
//!
//! Telegram may give the staff chat another id: a group upgraded to a
//! supergroup is a new chat. The bot follows what Telegram tells it (the
//! service messages in both chats, a refusal naming the new id, or the
//! answer to `getChat` at start): the new id is the staff chat from then
//! on, and each open request goes on there with a note staff can reply to.
//!
//! Here: what the core's decision does ([`act`]) and where a chat's request
//! stands for it ([`status`]); `to_office.rs` is the applicant's side,
//! `from_staff.rs` the staff's, `staff_chat.rs` what is posted there and how
//! the chat is followed, [`sweep`] the hourly close of old requests.

mod from_staff;
mod staff_chat;
mod sweep;
mod to_office;

pub use from_staff::{on_staff_button, on_staff_edit, on_staff_message};
pub use staff_chat::find_staff_chat;
pub use sweep::sweep;
pub use to_office::{Asking, withdraw};

use teloxide::prelude::*;

use crate::dialogue::handover::StaffNote;
use crate::handover::{Handover, HandoverAction};
use crate::store::{Request, Store};
use crate::telegram::app::App;
use crate::telegram::update::HandlerResult;
use staff_chat::closed;
use to_office::{open, relay_to_office};

/// Where a chat's request stands, for the core.
pub fn status(store: &Store, chat: ChatId) -> Handover {
    match store.request(chat.0) {
        Ok(Some(Request::Open(open_request))) => Handover::Open {
            reference: open_request.reference,
        },
        Ok(Some(Request::Consenting { .. })) => Handover::Consenting,
        Ok(None) => Handover::None,
        Err(e) => {
            log::error!("chat {}: reading the request to the office: {e}", chat.0);
            Handover::None
        }
    }
}

/// Does what the core decided about the request.
pub async fn act(
    bot: &Bot,
    app: &App,
    action: HandoverAction,
    asking: Asking<'_>,
) -> HandlerResult {
    // Without both the core never offers the office.
    let (Some(store), Some(staff)) = (&app.store, app.staff_chat.get()) else {
        return Ok(());
    };
    let staff = &staff;
    let chat = asking.chat.0;
    match action {
        HandoverAction::Consenting => store.consenting(chat, app.clock.now_unix()).await?,
        HandoverAction::Decline => store.consent_declined(chat).await?,
        HandoverAction::Open { with_phone } => {
            let phone = asking.phone.filter(|_| with_phone);
            open(bot, app, store, staff, &asking, phone).await?
        }
        HandoverAction::Relay => relay_to_office(bot, app, store, staff, &asking, false).await?,
        HandoverAction::RelayCorrection => {
            relay_to_office(bot, app, store, staff, &asking, true).await?
        }
        HandoverAction::Close => {
            if let Some(Request::Open(open_request)) = store.close_request(chat, None).await? {
                log::info!(
                    "chat {chat}: request {} closed by the applicant",
                    open_request.reference
                );
                let why = StaffNote::ClosedByApplicant;
                closed(bot, app, staff, &open_request, why).await;
            }
        }
    }
    Ok(())
}
