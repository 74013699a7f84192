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

mod from_staff;

pub use from_staff::{on_staff_button, on_staff_edit, on_staff_message};

use std::sync::Arc;
use std::time::Duration;

use teloxide::payloads::SendMessage;
use teloxide::prelude::*;
use teloxide::types::{
    ChatFullInfoKind, ChatFullInfoPublicKind, MessageId, ReactionType, ReplyParameters, ThreadId,
};

use super::app::App;
use super::delivery::nobody_listens;
use super::send::{self, send_replies};
use super::settings::Staff;
use super::update::HandlerResult;
use crate::dialogue::Session;
use crate::dialogue::handover::{self as screens, Applicant, StaffNote};
use crate::handover::{Handover, HandoverAction};
use crate::lang::Lang;
use crate::reply::Reply;
use crate::store::{OpenRequest, Relayed, Request, Store};

/// Longest forum topic name Telegram takes.
const MAX_TOPIC_NAME_CHARS: usize = 128;

/// Where a chat's request stands, for the core.
pub fn status(store: &Store, chat: ChatId) -> Handover {
    match store.request(chat.0) {
        Ok(Some(Request::Open(open))) => Handover::Open {
            reference: open.reference,
        },
        Ok(Some(Request::Consenting { .. })) => Handover::Consenting,
        Ok(None) => Handover::None,
        Err(e) => {
            log::error!("chat {}: reading the request to the office: {e}", chat.0);
            Handover::None
        }
    }
}

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
            if let Some(Request::Open(open)) = store.close_request(chat, None).await? {
                log::info!(
                    "chat {chat}: request {} closed by the applicant",
                    open.reference
                );
                closed(bot, app, staff, &open, StaffNote::ClosedByApplicant).await;
            }
        }
    }
    Ok(())
}

/// Posts the card and opens the request; the applicant gets the reference,
/// or the phones when the office cannot be reached.
async fn open(
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
    let posted = post(bot, app, staff.chat, staff.lang, &card, topic, None).await;
    let reply = match posted {
        Ok(Posted {
            chat: staff_chat,
            ids,
        }) => {
            let request = OpenRequest {
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
            store.open_request(chat, &request).await?;
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

/// Where a reply to the staff chat went: the chat (another than asked
/// for when Telegram moved it meanwhile) and its messages' ids.
struct Posted {
    chat: ChatId,
    ids: Vec<i32>,
}

/// Posts a reply to a chat, in a topic, as an answer to a message; returns
/// where it went. A staff group that became a supergroup is followed (see
/// [`follow_staff_chat`]) and the reply posted there, without the topic or
/// the answered message, which stayed in the old chat.
async fn post(
    bot: &Bot,
    app: &App,
    chat: ChatId,
    lang: Lang,
    reply: &Reply,
    topic: Option<i32>,
    answering: Option<i32>,
) -> Result<Posted, teloxide::RequestError> {
    match post_to(bot, app, chat, lang, reply, topic, answering).await {
        Err(teloxide::RequestError::MigrateToChatId(moved)) => {
            follow_staff_chat(bot, app, chat, moved).await;
            let ids = post_to(bot, app, moved, lang, reply, None, None).await?;
            Ok(Posted { chat: moved, ids })
        }
        posted => Ok(Posted { chat, ids: posted? }),
    }
}

/// Posts a reply to a chat, in a topic, as an answer to a message; returns
/// the ids of its messages (a long text takes several).
async fn post_to(
    bot: &Bot,
    app: &App,
    chat: ChatId,
    lang: Lang,
    reply: &Reply,
    topic: Option<i32>,
    answering: Option<i32>,
) -> Result<Vec<i32>, teloxide::RequestError> {
    let rendered = app.content().texts.render_reply(lang, reply);
    let parts = send::split_text(&rendered.text);
    let last = parts.len() - 1;
    let mut ids = Vec::with_capacity(parts.len());
    for (i, part) in parts.into_iter().enumerate() {
        let mut request = SendMessage::new(chat, part).link_preview_options(send::no_preview());
        if let Some(topic) = topic {
            request = request.message_thread_id(ThreadId(MessageId(topic)));
        }
        if let Some(id) = answering.filter(|_| i == 0) {
            request = request.reply_parameters(
                ReplyParameters::new(MessageId(id)).allow_sending_without_reply(),
            );
        }
        if i == last
            && let Some(markup) = send::keyboard(&rendered)
        {
            request = request.reply_markup(markup);
        }
        ids.push(app.delivery.send_message(bot, request).await?.id.0);
    }
    Ok(ids)
}

/// Telegram says the chat `from` is now `to` (a group upgraded to a
/// supergroup). When `from` is the staff chat, the bot follows it: the
/// new id is the staff chat from now on, and every request open in the
/// old chat goes on in the new one, with a note (and "Close") that staff
/// reply to. Said in the log, since `BOT_STAFF_CHAT` should be changed too.
pub async fn follow_staff_chat(bot: &Bot, app: &App, from: ChatId, to: ChatId) {
    // One at a time: whoever learns of the move second waits until every
    // request is where it goes on.
    let Some(_moving) = app.staff_chat.follow(from, to).await else {
        return; // not the staff chat, or followed already
    };
    log::warn!(
        "the staff chat {} became the supergroup {}: the bot follows it and relays there; set BOT_STAFF_CHAT={} for the next start",
        from.0,
        to.0,
        to.0
    );
    let (Some(store), Some(staff)) = (&app.store, app.staff_chat.get()) else {
        return;
    };
    for (chat, request) in store.requests_before(i64::MAX) {
        let Request::Open(open) = request else {
            continue;
        };
        if open.staff_chat != from.0 {
            continue;
        }
        let note = screens::continued(&open.reference);
        let moved = match post_to(bot, app, to, staff.lang, &note, None, None).await {
            Ok(ids) => store.move_request(chat, &open.reference, to.0, &ids).await,
            Err(e) => {
                log::error!(
                    "request {}: could not be moved to the new staff chat: {e}",
                    open.reference
                );
                continue;
            }
        };
        match moved {
            Ok(_) => log::info!(
                "chat {chat}: request {} goes on in the staff chat {}",
                open.reference,
                to.0
            ),
            Err(e) => log::error!("chat {chat}: moving request {}: {e}", open.reference),
        }
    }
}

/// At start: whether the staff chat is still where `BOT_STAFF_CHAT` says.
/// Telegram answers for a group upgraded to a supergroup with the new id,
/// and the bot follows it (updates from the new chat are the staff's).
pub async fn find_staff_chat(bot: Bot, app: Arc<App>) {
    let Some(staff) = app.staff_chat.get() else {
        return;
    };
    match bot.get_chat(staff.chat).await {
        Err(teloxide::RequestError::MigrateToChatId(to)) => {
            follow_staff_chat(&bot, &app, staff.chat, to).await
        }
        Err(e) => log::warn!(
            "the staff chat {} could not be looked up: {}",
            staff.chat.0,
            super::delivery::describe(&e)
        ),
        Ok(_) => {}
    }
}

/// A message to the applicant; one who blocked the bot is not an error.
async fn tell(bot: &Bot, app: &App, chat: ChatId, lang: Lang, reply: &Reply) {
    match send_replies(bot, chat, lang, std::slice::from_ref(reply), app, None).await {
        Ok(()) => {}
        Err(e) if nobody_listens(&e) => log::info!("chat {}: cannot be answered ({e})", chat.0),
        Err(e) => log::warn!(
            "chat {}: a message about the request was not delivered: {e}",
            chat.0
        ),
    }
}

/// A note to the office about a request, in its topic, answering `answering`.
async fn note(
    bot: &Bot,
    app: &App,
    staff: &Staff,
    open: &OpenRequest,
    answering: Option<i32>,
    what: StaffNote,
) {
    let reply = screens::staff_note(what, &open.reference);
    let chat = ChatId(open.staff_chat);
    if let Err(e) = post(bot, app, chat, staff.lang, &reply, open.topic, answering).await {
        log::warn!(
            "request {}: a note to the office was not delivered: {e}",
            open.reference
        );
    }
}

/// Tells the office a request is closed, takes "Close" off its card and
/// closes its topic (both cosmetic).
async fn closed(bot: &Bot, app: &App, staff: &Staff, open: &OpenRequest, why: StaffNote) {
    note(bot, app, staff, open, Some(open.card), why).await;
    let chat = ChatId(open.staff_chat);
    let card = bot.edit_message_reply_markup(chat, MessageId(open.card));
    let what = format!("request {}: the card's button taken off", open.reference);
    app.delivery.cosmetic(card, what).await;
    if let Some(topic) = open.topic {
        let close = bot.close_forum_topic(chat, ThreadId(MessageId(topic)));
        let what = format!("request {}: its topic closed", open.reference);
        app.delivery.cosmetic(close, what).await;
    }
}

/// A quiet "got it" on a relayed message (cosmetic).
async fn acknowledge(bot: &Bot, app: &App, chat: ChatId, message: MessageId) {
    let reaction = bot
        .set_message_reaction(chat, message)
        .reaction(vec![ReactionType::Emoji {
            emoji: "👌".into()
        }]);
    let what = format!("chat {}: a reaction on a relayed message", chat.0);
    app.delivery.cosmetic(reaction, what).await;
}

/// The applicant's text to the office, marked with the reference, as an
/// answer to the card (so a plain group shows whose it is); or, for an
/// edit, marked as a correction.
async fn relay_to_office(
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
    let Some(Request::Open(open)) = store.request(chat)? else {
        return Ok(()); // closed a moment ago
    };
    // An edit is of a message sent before; a message again, of one relayed before a restart.
    if !correction && message.0 <= open.applicant_seen {
        log::info!(
            "chat {chat}: message {} was relayed before a restart; skipped",
            message.0
        );
        return Ok(());
    }
    let reply = match correction {
        true => screens::corrected_to_staff(&open.reference, asking.first_name, text),
        false => screens::to_staff(&open.reference, asking.first_name, text),
    };
    let office = ChatId(open.staff_chat);
    match post(
        bot,
        app,
        office,
        staff.lang,
        &reply,
        open.topic,
        Some(open.card),
    )
    .await
    {
        Ok(Posted { ids, .. }) => {
            let relayed = Relayed {
                staff_messages: &ids,
                applicant_message: Some(message.0),
                staff_message: None,
            };
            store.relayed(chat, &open.reference, relayed).await?;
            log::debug!(
                "chat {chat}: a message relayed to the office ({})",
                open.reference
            );
            acknowledge(bot, app, asking.chat, message).await;
        }
        Err(e) => {
            log::warn!(
                "chat {chat}: a message for request {} did not reach the office: {e}",
                open.reference
            );
            tell(
                bot,
                app,
                asking.chat,
                asking.lang,
                &screens::undelivered(&app.content().office),
            )
            .await;
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
    if let Some(Request::Open(open)) = store.close_request(chat.0, None).await? {
        log::info!("chat {}: request {} withdrawn", chat.0, open.reference);
        closed(bot, app, &staff, &open, StaffNote::Withdrawn).await;
    }
    Ok(())
}

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
                Request::Open(open) => match store.close_request(chat, Some(&open.reference)).await
                {
                    Ok(Some(_)) => {
                        log::info!(
                            "chat {chat}: request {} closed after {days} days",
                            open.reference
                        );
                        let reply = screens::expired(&open.reference, days);
                        tell(&bot, &app, ChatId(chat), open.lang, &reply).await;
                        closed(&bot, &app, &staff, &open, StaffNote::Expired { days }).await;
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
