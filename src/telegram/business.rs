//! The firm's own Telegram account in Telegram: the four business update
//! kinds read, the owner's commands carried out, and the messages the
//! rules of [`crate::business`] decide sent as the owner (with the
//! connection's id). Nothing of a client's words is kept or logged: the
//! log names chats and accounts by id.
//!
//! Telegram's limits: a message for the account needs the `can_reply`
//! right (without it the bot does not try, and says so once, when the
//! account connects) and a client's message in the chat within 24 hours; a
//! refusal is logged once and the message is not sent again (the
//! closed-office message counts as sent for the day). Taking the owner's
//! command out of the chat needs `can_delete_all_messages`; without it
//! the command stays, and the bot says nothing about it.

use std::sync::Arc;

use teloxide::payloads::SendMessage;
use teloxide::prelude::*;
use teloxide::types::{
    BusinessConnection, BusinessConnectionId, BusinessMessagesDeleted, InlineKeyboardButton,
    InlineKeyboardMarkup, Me, MessageKind, ReplyMarkup,
};

use super::app::App;
use super::delivery::describe;
use super::send::{no_preview, send_replies};
use super::update::{HandlerResult, client_lang};
use crate::business::{self as core, ChatState, Connection, ForClient, OwnerCommand, Rights};
use crate::lang::Lang;
use crate::store::Store;

/// The language an owner is told things in, and a client's when the bot
/// knows none: Russian, the office's own.
const FALLBACK_LANG: Lang = Lang::Russian;

fn rights_of(connection: &BusinessConnection) -> Rights {
    let Some(rights) = connection.rights.clone() else {
        return Rights::default();
    };
    Rights {
        reply: rights.can_reply,
        read: rights.can_read_messages,
        delete_sent: rights.can_delete_sent_messages,
        delete_all: rights.can_delete_all_messages,
    }
}

/// The rights in words for the log: Telegram's names, or "none".
pub fn rights_line(rights: Rights) -> String {
    let names = rights.names();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// A `business_connection` update: an account connected the bot, changed
/// its rights, or disconnected it.
pub async fn on_connection(connection: BusinessConnection, app: Arc<App>) -> HandlerResult {
    follow(&connection, &app).await?;
    Ok(())
}

/// Keeps or forgets `connection` as it now stands; the connection as
/// served, or `None` when it is not (another account, or disconnected).
async fn follow(
    connection: &BusinessConnection,
    app: &App,
) -> Result<Option<Connection>, crate::store::StoreError> {
    let owner = connection.user.id;
    let id = &connection.id.0;
    if !app.business.is_owner(owner) {
        log::info!(
            "business: a connection from account {}, which BOT_BUSINESS_OWNERS does not list: left alone",
            owner.0
        );
        remember_not_served(app, id);
        return Ok(None);
    }
    let Some(store) = &app.store else {
        log::warn!(
            "business: account {} connected, but with BOT_STORAGE=memory the bot does not help it",
            owner.0
        );
        remember_not_served(app, id);
        return Ok(None);
    };
    if !connection.is_enabled {
        let dropped = store.drop_business_connection(id).await?;
        log::info!(
            "business: account {} disconnected the bot; what was kept of {dropped} client chats is deleted",
            owner.0
        );
        remember_not_served(app, id);
        return Ok(None);
    }
    let rights = rights_of(connection);
    let paused_all = store
        .business_connection(id)?
        .is_some_and(|known| known.paused_all);
    let served = Connection {
        owner: owner.0,
        rights,
        paused_all,
    };
    store.keep_business_connection(id, &served).await?;
    log::info!(
        "business: account {} connected, rights: {}",
        owner.0,
        rights_line(rights)
    );
    if !rights.reply {
        log::warn!(
            "business: account {} gave no can_reply right: the bot sends nothing for it (its owner can give it under Telegram Business → Chatbots)",
            owner.0
        );
    }
    Ok(Some(served))
}

fn remember_not_served(app: &App, id: &str) {
    app.business
        .not_served
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(id.to_string());
}

/// The connection a business message came through, as served: from the
/// store, or asked of Telegram once (a connection made before this build
/// ran, or while the bot was away); `None` when the bot does not serve it.
async fn served(
    bot: &Bot,
    app: &App,
    store: &Store,
    id: &BusinessConnectionId,
) -> Result<Option<Connection>, crate::store::StoreError> {
    if let Some(known) = store.business_connection(&id.0)? {
        return Ok(Some(known));
    }
    let asked_before = app
        .business
        .not_served
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .contains(&id.0);
    if asked_before {
        return Ok(None);
    }
    match app
        .delivery
        .retrying(bot.get_business_connection(id.clone()))
        .await
    {
        Ok(connection) => follow(&connection, app).await,
        Err(e) => {
            log::warn!(
                "business: Telegram did not say whose a connection is ({}); its messages are left alone",
                describe(&e)
            );
            remember_not_served(app, &id.0);
            Ok(None)
        }
    }
}

/// A `business_message`: the owner's (a command, or the owner writing) or
/// a client's (maybe answered while the office is closed).
pub async fn on_message(bot: Bot, msg: Message, me: Me, app: Arc<App>) -> HandlerResult {
    let MessageKind::Common(common) = &msg.kind else {
        return Ok(());
    };
    let (Some(store), Some(id)) = (app.store.clone(), common.business_connection_id.clone()) else {
        return Ok(());
    };
    // What the bot itself sent for the account, and Telegram's own away
    // and greeting messages: nobody wrote them.
    if msg.sender_business_bot.is_some() || common.is_from_offline {
        return Ok(());
    }
    let Some(connection) = served(&bot, &app, &store, &id).await? else {
        return Ok(());
    };
    let chat = msg.chat.id;
    let now = app.clock.now_unix();
    let mut state = store.business_chat(connection.owner, chat.0)?;
    let before = state;
    let from_owner = msg
        .from
        .as_ref()
        .is_some_and(|u| u.id.0 == connection.owner);
    if from_owner {
        let command = msg
            .text()
            .and_then(|text| OwnerCommand::parse(text, Some(me.username())));
        match command {
            Some(command) => {
                let owner_lang = client_lang(msg.from.as_ref());
                owner_command(
                    &bot,
                    &app,
                    &me,
                    &id,
                    &connection,
                    &msg,
                    command,
                    &mut state,
                    owner_lang,
                )
                .await;
                if command.is_answer() {
                    state.owner_wrote = Some(now);
                }
            }
            None => state.owner_wrote = Some(now),
        }
    } else {
        state.lang = core::client_lang(client_lang(msg.from.as_ref()), msg.text(), state.lang);
        let content = app.content();
        match app.business.rules.answer_client(
            &connection,
            &state,
            content.office.opening.as_ref(),
            now,
        ) {
            Ok(opening) => {
                // Counted as answered whatever Telegram says: never again today.
                state.answered = Some(now);
                state.touched = now;
                store
                    .keep_business_chat(connection.owner, chat.0, &state)
                    .await?;
                let lang = state.lang.unwrap_or(FALLBACK_LANG);
                let sent = send_for(&bot, &app, &me, &id, chat, lang, core::closed(opening)).await;
                log::info!(
                    "business: chat {} of account {}: the office is closed; {}",
                    chat.0,
                    connection.owner,
                    if sent {
                        "told so"
                    } else {
                        "not told (refused)"
                    }
                );
                return Ok(());
            }
            Err(quiet) => log::debug!(
                "business: chat {} of account {}: no answer ({})",
                chat.0,
                connection.owner,
                quiet.why()
            ),
        }
    }
    if state != before {
        state.touched = now;
        store
            .keep_business_chat(connection.owner, chat.0, &state)
            .await?;
    }
    Ok(())
}

#[expect(
    clippy::too_many_arguments,
    reason = "one command of the owner's, with the update's parts it needs"
)]
async fn owner_command(
    bot: &Bot,
    app: &App,
    me: &Me,
    id: &BusinessConnectionId,
    connection: &Connection,
    msg: &Message,
    command: OwnerCommand,
    state: &mut ChatState,
    owner_lang: Option<Lang>,
) {
    // The command gives way to what it stands for, where the rights allow.
    if connection.rights.can_delete_command() {
        let delete = bot.delete_business_messages(id.clone(), [msg.id]);
        app.delivery
            .cosmetic(delete, "deleteBusinessMessages (the owner's command)")
            .await;
    }
    let lang = state.lang.or(owner_lang).unwrap_or(FALLBACK_LANG);
    let what = match command {
        OwnerCommand::BotOff | OwnerCommand::BotOn => {
            state.paused = command == OwnerCommand::BotOff;
            log::info!(
                "business: chat {} of account {}: the bot {} there",
                msg.chat.id.0,
                connection.owner,
                if state.paused { "paused" } else { "on again" }
            );
            return;
        }
        OwnerCommand::Docs => core::docs(),
        OwnerCommand::Office => core::office(&app.content().office),
    };
    if !connection.rights.reply {
        log::warn!(
            "business: account {} has not given the can_reply right, so its /docs and /office cannot be sent",
            connection.owner
        );
        return;
    }
    send_for(bot, app, me, id, msg.chat.id, lang, what).await;
}

/// Sends `message` in `chat` as the account's owner, once; `false` when
/// Telegram refused it (logged here, once, and not sent again).
async fn send_for(
    bot: &Bot,
    app: &App,
    me: &Me,
    id: &BusinessConnectionId,
    chat: ChatId,
    lang: Lang,
    message: ForClient,
) -> bool {
    let content = app.content();
    let text = content.texts.render_reply(lang, &message.text).text;
    let mut payload = SendMessage::new(chat, text);
    payload.business_connection_id = Some(id.clone());
    payload.link_preview_options = Some(no_preview());
    if let Some(label) = &message.button {
        let url = core::consultation_link(lang).url(me.username());
        match url.parse() {
            Ok(url) => {
                let button = InlineKeyboardButton::url(content.texts.render(lang, label), url);
                payload.reply_markup =
                    Some(ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new([[
                        button,
                    ]])));
            }
            Err(e) => log::error!("business: the consultation's link is not a URL ({e})"),
        }
    }
    match app.delivery.send_message(bot, payload).await {
        Ok(_) => true,
        Err(e) => {
            log::warn!(
                "business: chat {}: Telegram refused a message for the account ({}); not sent again",
                chat.0,
                describe(&e)
            );
            false
        }
    }
}

/// An edited business message: nothing the bot acts on.
pub async fn on_edited_message(msg: Message) -> HandlerResult {
    log::debug!(
        "business: chat {}: a message edited; nothing to do",
        msg.chat.id.0
    );
    Ok(())
}

/// Messages deleted in a client's chat: nothing is kept of them, so
/// nothing to delete.
pub async fn on_deleted_messages(deleted: BusinessMessagesDeleted) -> HandlerResult {
    log::debug!(
        "business: chat {}: {} messages deleted; nothing is kept of them",
        deleted.chat.id.0,
        deleted.message_ids.len()
    );
    Ok(())
}

/// `/bot off` or `/bot on` from an owner in the bot's own chat: for every
/// client's chat of their account.
pub fn own_chat_command(msg: Message, me: Me, app: Arc<App>) -> Option<OwnerCommand> {
    let user = msg.from.as_ref()?;
    if !msg.chat.is_private() || !app.business.is_owner(user.id) || msg.forward_origin().is_some() {
        return None;
    }
    OwnerCommand::parse(msg.text()?, Some(me.username()))
        .filter(|command| matches!(command, OwnerCommand::BotOff | OwnerCommand::BotOn))
}

/// Pauses or resumes the bot in all of the owner's clients' chats, and
/// says so in the bot's own chat.
pub async fn on_own_chat_command(
    bot: Bot,
    msg: Message,
    command: OwnerCommand,
    app: Arc<App>,
) -> HandlerResult {
    let paused = command == OwnerCommand::BotOff;
    let owner = msg.from.as_ref().map_or(0, |u| u.id.0);
    if let Some(store) = &app.store {
        for (id, mut connection) in store.business_connections()? {
            if connection.owner == owner && connection.paused_all != paused {
                connection.paused_all = paused;
                store.keep_business_connection(&id, &connection).await?;
            }
        }
    }
    log::info!(
        "business: account {owner}: the bot {} in every client's chat",
        if paused { "paused" } else { "on again" }
    );
    let lang = client_lang(msg.from.as_ref()).unwrap_or(FALLBACK_LANG);
    send_replies(
        &bot,
        msg.chat.id,
        lang,
        &[core::paused_all(paused)],
        &app,
        None,
    )
    .await?;
    Ok(())
}

/// The accounts served, for the start-up line and `/stats`: each owner and
/// its rights. Connections of owners no longer listed in
/// `BOT_BUSINESS_OWNERS` are forgotten here, with their clients' chats.
pub async fn accounts_at_start(app: &App) -> Vec<(u64, Rights)> {
    let Some(store) = &app.store else {
        return Vec::new();
    };
    let mut served = Vec::new();
    let connections = match store.business_connections() {
        Ok(connections) => connections,
        Err(e) => {
            log::error!("business: the connections could not be read: {e}");
            return served;
        }
    };
    for (id, connection) in connections {
        if app
            .business
            .is_owner(teloxide::types::UserId(connection.owner))
        {
            served.push((connection.owner, connection.rights));
            continue;
        }
        match store.drop_business_connection(&id).await {
            Ok(dropped) => log::info!(
                "business: account {} is no longer in BOT_BUSINESS_OWNERS; what was kept of {dropped} client chats is deleted",
                connection.owner
            ),
            Err(e) => log::error!("business: a connection could not be forgotten: {e}"),
        }
    }
    served
}

/// The accounts served now, for `/stats`.
pub fn accounts(app: &App) -> Vec<(u64, Rights)> {
    let Some(store) = &app.store else {
        return Vec::new();
    };
    store
        .business_connections()
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, c)| app.business.is_owner(teloxide::types::UserId(c.owner)))
        .map(|(_, c)| (c.owner, c.rights))
        .collect()
}
