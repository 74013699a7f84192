//! The core's replies as Telegram messages: text, inline keyboards, contact cards.

use teloxide::payloads::{SendContact, SendMessage, SendVenue};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions};

use super::App;
use crate::i18n::{Lang, RenderedReply};
use crate::office::Office;
use crate::reply::{Attachment, Msg, Reply};

/// Telegram's limit on one message's text.
pub const MAX_MESSAGE_CHARS: usize = 4096;

pub fn keyboard(rendered: &RenderedReply) -> Option<InlineKeyboardMarkup> {
    if rendered.keyboard.is_empty() {
        return None;
    }
    Some(InlineKeyboardMarkup::new(rendered.keyboard.iter().map(
        |row| {
            row.iter()
                .map(|(label, data)| InlineKeyboardButton::callback(label.clone(), data.clone()))
                .collect::<Vec<_>>()
        },
    )))
}

/// Contacts carry a map link: its preview would push the text off a phone's screen.
pub fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

/// Splits text longer than Telegram allows at paragraph, then line, boundaries.
pub fn split_text(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    for line in text.split_inclusive('\n') {
        if current.chars().count() + line.chars().count() > MAX_MESSAGE_CHARS && !current.is_empty()
        {
            parts.push(current.trim_end().to_string());
            current.clear();
        }
        if line.chars().count() > MAX_MESSAGE_CHARS {
            let chars: Vec<char> = line.chars().collect();
            for chunk in chars.chunks(MAX_MESSAGE_CHARS) {
                parts.push(chunk.iter().collect());
            }
        } else {
            current.push_str(line);
        }
    }
    if !current.trim().is_empty() || parts.is_empty() {
        parts.push(current.trim_end().to_string());
    }
    parts
}

/// Sends replies in order; the keyboard goes with the last part of a long text.
pub async fn send_replies(
    bot: &Bot,
    chat_id: ChatId,
    lang: Lang,
    replies: &[Reply],
    app: &App,
) -> Result<(), teloxide::RequestError> {
    for reply in replies {
        let rendered = app.texts.render_reply(lang, reply);
        let parts = split_text(&rendered.text);
        let last = parts.len() - 1;
        for (i, part) in parts.into_iter().enumerate() {
            let mut message = SendMessage::new(chat_id, part).link_preview_options(no_preview());
            if i == last
                && let Some(markup) = keyboard(&rendered)
            {
                message = message.reply_markup(markup);
            }
            app.delivery.send_message(bot, message).await?;
        }
        if reply.attachment == Some(Attachment::OfficeContact) {
            send_office_contact(bot, chat_id, lang, app).await?;
        }
    }
    Ok(())
}

/// The main phone as a contact card, and the office as a venue when coordinates are configured.
pub async fn send_office_contact(
    bot: &Bot,
    chat_id: ChatId,
    lang: Lang,
    app: &App,
) -> Result<(), teloxide::RequestError> {
    let name = app.texts.render(lang, &Msg::new("office-contact-name"));
    if let Some(phone) = app.office.phones.first() {
        let card = SendContact::new(chat_id, Office::dialable(phone), name.clone());
        app.delivery.send_contact(bot, card).await?;
    }
    if let Some((latitude, longitude)) = app.office.coordinates {
        let address = app.texts.render(lang, &Msg::new("office-address"));
        let venue = SendVenue::new(chat_id, latitude, longitude, name, address);
        app.delivery.send_venue(bot, venue).await?;
    }
    Ok(())
}
