//! The core's replies as Telegram messages: text, inline keyboards, contact
//! cards. Every rendered reply goes out through [`send_rendered`] (the
//! staff chat's posts too), and "nobody listens" is no error in one place,
//! [`deliver`].

use teloxide::payloads::{SendContact, SendDocument, SendMessage, SendVenue};
use teloxide::prelude::*;
use teloxide::types::{
    ButtonRequest, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, KeyboardMarkup,
    KeyboardRemove, LinkPreviewOptions, MessageId, ReplyMarkup, ReplyParameters, ThreadId,
};

use chrono::NaiveDate;
use teloxide::types::InputFile;

use super::app::App;
use super::delivery::nobody_listens;
use super::update::HandlerResult;
use crate::dialogue::{Session, sheet};
use crate::documents;
use crate::lang::Lang;
use crate::office::Office;
use crate::reply::{Attachment, InputKeyboard, Msg, Reply};
use crate::texts::RenderedReply;

/// Telegram's limit on one message's text.
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// Where replies go: a chat, and within it the forum topic the update
/// came from (an answer in the General topic is lost on whoever wrote in
/// another, and cannot be sent at all while General is closed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub chat: ChatId,
    pub topic: Option<ThreadId>,
}

impl Place {
    /// Where an answer to `message` goes: its chat, and its topic if it has one.
    pub fn of(message: &Message) -> Place {
        Place {
            chat: message.chat.id,
            topic: message.thread_id.filter(|_| message.is_topic_message),
        }
    }
}

impl From<ChatId> for Place {
    fn from(chat: ChatId) -> Place {
        Place { chat, topic: None }
    }
}

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

/// The buttons under a reply, or the keyboard it puts in place of the
/// user's own (the phone number button), or takes away.
pub fn markup(
    reply: &Reply,
    rendered: &RenderedReply,
    lang: Lang,
    app: &App,
) -> Option<ReplyMarkup> {
    if let Some(inline) = keyboard(rendered) {
        return Some(ReplyMarkup::InlineKeyboard(inline));
    }
    match reply.input_keyboard.as_ref()? {
        InputKeyboard::ShareContact(label) => {
            let button = KeyboardButton::new(app.content().texts.render(lang, label))
                .request(ButtonRequest::Contact);
            Some(ReplyMarkup::Keyboard(
                KeyboardMarkup::new(vec![vec![button]])
                    .resize_keyboard()
                    .one_time_keyboard(),
            ))
        }
        InputKeyboard::Remove => Some(ReplyMarkup::KeyboardRemove(KeyboardRemove::new())),
    }
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
    // Nearly every reply: one part, without counting each line's characters
    // again for every line before it.
    if text.len() <= MAX_MESSAGE_CHARS || text.chars().count() <= MAX_MESSAGE_CHARS {
        return vec![text.trim_end().to_string()];
    }
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

/// Sends replies in order; the keyboard goes with the last part of a long
/// text. `about` is what attachments are made from (the checklist's PDF):
/// the session and today.
pub async fn send_replies(
    bot: &Bot,
    to: impl Into<Place>,
    lang: Lang,
    replies: &[Reply],
    app: &App,
    about: Option<(&Session, NaiveDate)>,
) -> Result<(), teloxide::RequestError> {
    let to = to.into();
    for reply in replies {
        let rendered = app.content().texts.render_reply(lang, reply);
        let markup = markup(reply, &rendered, lang, app);
        send_rendered(bot, app, to, None, &rendered, markup).await?;
        match (reply.attachment, about) {
            (Some(Attachment::OfficeContact), _) => send_office_contact(bot, to, lang, app).await?,
            (Some(Attachment::ChecklistPdf), Some((session, today))) => {
                send_checklist_pdf(bot, to, lang, app, session, today).await?
            }
            (Some(Attachment::ChecklistPdf), None) => {
                log::error!("chat {}: a PDF without its session", to.chat.0)
            }
            (None, _) => {}
        }
    }
    Ok(())
}

/// One rendered reply as Telegram messages, in order: split where it is
/// too long for one, without link previews, in `to`'s topic, the first
/// part an answer to `answering` (when it is still there), `markup` with
/// the last part. Returns the messages' ids.
pub async fn send_rendered(
    bot: &Bot,
    app: &App,
    to: Place,
    answering: Option<MessageId>,
    rendered: &RenderedReply,
    markup: Option<ReplyMarkup>,
) -> Result<Vec<i32>, teloxide::RequestError> {
    let parts = split_text(&rendered.text);
    let last = parts.len() - 1;
    let mut markup = markup;
    let mut ids = Vec::with_capacity(parts.len());
    for (i, part) in parts.into_iter().enumerate() {
        let mut message = SendMessage::new(to.chat, part).link_preview_options(no_preview());
        message.message_thread_id = to.topic;
        if let Some(id) = answering.filter(|_| i == 0) {
            message =
                message.reply_parameters(ReplyParameters::new(id).allow_sending_without_reply());
        }
        if i == last
            && let Some(markup) = markup.take()
        {
            message = message.reply_markup(markup);
        }
        ids.push(app.delivery.send_message(bot, message).await?.id.0);
    }
    Ok(ids)
}

/// Sends replies (with what their attachments are made from, if they have
/// any); a chat whose user blocked the bot (403) is not an error of ours:
/// it is said in the log, and the turn is done.
pub async fn deliver(
    bot: &Bot,
    to: impl Into<Place>,
    lang: Lang,
    replies: &[Reply],
    app: &App,
    about: Option<(&Session, NaiveDate)>,
) -> HandlerResult {
    let to = to.into();
    match send_replies(bot, to, lang, replies, app, about).await {
        Err(e) if nobody_listens(&e) => {
            log::info!("chat {}: cannot be answered ({e})", to.chat.0);
            Ok(())
        }
        other => Ok(other?),
    }
}

/// A message to an applicant about their request to the office: never an
/// error, whatever becomes of it (nobody listening is said as by
/// [`deliver`], any other failure with a warning).
pub async fn tell(bot: &Bot, app: &App, chat: ChatId, lang: Lang, reply: &Reply) {
    if let Err(e) = deliver(bot, chat, lang, std::slice::from_ref(reply), app, None).await {
        log::warn!(
            "chat {}: a message about the request was not delivered: {e}",
            chat.0
        );
    }
}

/// The main phone as a contact card, and the office as a venue when coordinates are configured.
pub async fn send_office_contact(
    bot: &Bot,
    to: Place,
    lang: Lang,
    app: &App,
) -> Result<(), teloxide::RequestError> {
    let content = app.content();
    let name = content.texts.render(lang, &Msg::new("office-contact-name"));
    if let Some(phone) = content.office.phones.first() {
        let mut card = SendContact::new(to.chat, Office::dialable(phone), name.clone());
        card.message_thread_id = to.topic;
        app.delivery.send_contact(bot, card).await?;
    }
    if let Some((latitude, longitude)) = content.office.coordinates {
        let address = content.texts.render(lang, &Msg::new("office-address"));
        let mut venue = SendVenue::new(to.chat, latitude, longitude, name, address);
        venue.message_thread_id = to.topic;
        app.delivery.send_venue(bot, venue).await?;
    }
    Ok(())
}

/// The checklist as a PDF document: the core's sheet, in the user's language.
pub async fn send_checklist_pdf(
    bot: &Bot,
    to: Place,
    lang: Lang,
    app: &App,
    session: &Session,
    today: NaiveDate,
) -> Result<(), teloxide::RequestError> {
    let content = app.content();
    let documents = documents::for_answers(&session.answers, today, &content.amendments);
    let sheet = sheet::build(
        session,
        &documents,
        &content.office,
        today,
        &content.amendments,
    );
    let bytes = match crate::pdf::checklist(&content.texts, lang, &sheet) {
        Ok(bytes) => bytes,
        Err(e) => {
            log::error!("chat {}: the PDF could not be made: {e}", to.chat.0);
            return Ok(());
        }
    };
    let name = app.content().texts.render(lang, &Msg::new("pdf-file-name"));
    let file = InputFile::memory(bytes).file_name(format!("{name}.pdf"));
    let mut document = SendDocument::new(to.chat, file);
    document.message_thread_id = to.topic;
    app.delivery.send_document(bot, document).await.map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_is_one_part_and_a_long_one_splits_at_lines() {
        assert_eq!(split_text("Hello\n\n"), vec!["Hello"]);
        assert_eq!(split_text(""), vec![""]);
        // Cyrillic: more bytes than characters, still one message.
        let russian = "ж".repeat(MAX_MESSAGE_CHARS);
        assert_eq!(split_text(&russian), vec![russian.clone()]);
        let line = format!("{}\n", "a".repeat(3000));
        let parts = split_text(&line.repeat(3));
        assert_eq!(parts, vec!["a".repeat(3000); 3]);
        let long_line = "b".repeat(MAX_MESSAGE_CHARS + 10);
        assert_eq!(
            split_text(&long_line),
            vec!["b".repeat(MAX_MESSAGE_CHARS), "b".repeat(10)]
        );
    }
}
