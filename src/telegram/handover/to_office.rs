//! The applicant's side, toward the office: the card posted and the
//! request opened, the applicant's messages (and their edits) relayed, the
//! request withdrawn by `/forget`.

use teloxide::prelude::*;
use teloxide::types::{ChatFullInfoKind, ChatFullInfoPublicKind, MessageId};

use super::staff_chat::{Destination, Posted, acknowledge, closed, post_to_staff};
use crate::dialogue::Session;
use crate::dialogue::handover::{self as screens, Applicant, StaffNote};
use crate::lang::Lang;
use crate::store::{OpenRequest, Relayed, Request, Store};
use crate::telegram::app::App;
use crate::telegram::redelivered;
use crate::telegram::send::tell;
use crate::telegram::settings::Staff;
use crate::telegram::update::HandlerResult;

/// Longest forum topic name Telegram takes.
const MAX_TOPIC_NAME_CHARS: usize = 128;

/// The applicant's side of one update, as the core's action needs it.
pub struct Asking<'a> {
    pub chat: ChatId,
    pub session: &'a Session,
    pub lang: Lang,
    /// The sender's Telegram first name (only that: no last name, no username).
    pub first_name: &'a str,
    /// From the sender's own contact, shared with the consent's phone button.
    pub phone: Option<&'a str>,
    /// The message to relay: its id and text.
    pub message: Option<(MessageId, &'a str)>,
}

/// Posts the card and opens the request; the applicant gets the reference,
/// or the phones when the office cannot be reached.
pub async fn open(
    bot: &Bot,
    app: &App,
    store: &Store,
    staff: &Staff,
    asking: &Asking<'_>,
    phone: Option<&str>,
) -> HandlerResult {
    let chat = asking.chat.0;
    if let Some(Request::Open(_)) = store.request(chat)? {
        return Ok(()); // opened a moment ago (a second press on the way)
    }
    let reference = store.new_reference()?;
    let applicant = Applicant {
        first_name: asking.first_name,
        phone,
        lang: asking.lang,
    };
    let content = app.content();
    let card = screens::card(
        asking.session,
        applicant,
        &reference,
        app.clock.today(),
        &content.amendments,
    );
    let topic = topic_for(bot, app, staff, &reference, asking.first_name).await;
    let to = Destination {
        chat: staff.chat,
        topic,
        answering: None,
    };
    let posted = post_to_staff(bot, app, to, staff.lang, &card).await;
    let reply = match posted {
        Ok(Posted {
            chat: staff_chat,
            ids,
        }) => {
            let open_request = OpenRequest {
                reference: reference.clone(),
                opened: app.clock.now_unix(),
                lang: asking.lang,
                staff_chat: staff_chat.0,
                card: *ids.last().unwrap_or(&0),
                // A topic belongs to the chat it was made in.
                topic: topic.filter(|_| staff_chat == staff.chat),
                messages: ids,
                applicant_seen: asking.message.map_or(0, |(id, _)| id.0),
                staff_seen: 0,
            };
            store.open_request(chat, &open_request).await?;
            log::info!(
                "chat {chat}: request {reference} sent to the office{}",
                if phone.is_some() {
                    " with a phone number"
                } else {
                    ""
                }
            );
            screens::sent(&reference, &app.content().office)
        }
        Err(e) => {
            log::error!("chat {chat}: the office's chat did not take request {reference}: {e}");
            store.consent_declined(chat).await?;
            screens::failed(&app.content().office)
        }
    };
    tell(bot, app, asking.chat, asking.lang, &reply).await;
    Ok(())
}

/// A topic of its own for the request when the staff chat is a forum;
/// `None` otherwise, or when Telegram would not make one (the card then
/// goes to the chat itself).
async fn topic_for(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    reference: &str,
    first_name: &str,
) -> Option<i32> {
    let what = "the staff chat's kind (the card goes without a topic)";
    let info = app
        .delivery
        .cosmetic(bot.get_chat(staff.chat), what)
        .await?;
    let forum = matches!(
        &info.kind,
        ChatFullInfoKind::Public(public)
            if matches!(&public.kind, ChatFullInfoPublicKind::Supergroup(s) if s.is_forum)
    );
    if !forum {
        return None;
    }
    let name: String = format!("{reference} · {first_name}")
        .chars()
        .take(MAX_TOPIC_NAME_CHARS)
        .collect();
    let what = format!("a forum topic for request {reference} (the card goes to the chat)");
    let topic = app
        .delivery
        .cosmetic(bot.create_forum_topic(staff.chat, name), what)
        .await?;
    Some(topic.thread_id.0.0)
}

/// The applicant's text to the office, marked with the reference, as an
/// answer to the card (so a plain group shows whose it is); or, for an
/// edit, marked as a correction.
pub async fn relay_to_office(
    bot: &Bot,
    app: &App,
    store: &Store,
    staff: &Staff,
    asking: &Asking<'_>,
    correction: bool,
) -> HandlerResult {
    let chat = asking.chat.0;
    let Some((message, text)) = asking.message else {
        return Ok(());
    };
    let Some(Request::Open(open_request)) = store.request(chat)? else {
        return Ok(()); // closed a moment ago
    };
    // An edit is of a message sent before; a message again, of one relayed before a restart.
    if !correction && redelivered::relayed(message.0, open_request.applicant_seen) {
        log::info!(
            "chat {chat}: message {} was relayed before a restart; skipped",
            message.0
        );
        return Ok(());
    }
    let reply = match correction {
        true => screens::corrected_to_staff(&open_request.reference, asking.first_name, text),
        false => screens::to_staff(&open_request.reference, asking.first_name, text),
    };
    let to = Destination::of(&open_request, Some(open_request.card));
    match post_to_staff(bot, app, to, staff.lang, &reply).await {
        Ok(Posted { ids, .. }) => {
            let relayed = Relayed {
                staff_messages: &ids,
                applicant_message: Some(message.0),
                staff_message: None,
            };
            store
                .relayed(chat, &open_request.reference, relayed)
                .await?;
            log::debug!(
                "chat {chat}: a message relayed to the office ({})",
                open_request.reference
            );
            acknowledge(bot, app, asking.chat, message).await;
        }
        Err(e) => {
            log::warn!(
                "chat {chat}: a message for request {} did not reach the office: {e}",
                open_request.reference
            );
            let undelivered = screens::undelivered(&app.content().office);
            tell(bot, app, asking.chat, asking.lang, &undelivered).await;
        }
    }
    Ok(())
}

/// `/forget` with a request open: closed, its mapping deleted, and the
/// office told the applicant withdrew.
pub async fn withdraw(bot: &Bot, app: &App, chat: ChatId) -> HandlerResult {
    let (Some(store), Some(staff)) = (&app.store, app.staff_chat.get()) else {
        return Ok(());
    };
    if let Some(Request::Open(open_request)) = store.close_request(chat.0, None).await? {
        log::info!(
            "chat {}: request {} withdrawn",
            chat.0,
            open_request.reference
        );
        closed(bot, app, &staff, &open_request, StaffNote::Withdrawn).await;
    }
    Ok(())
}
