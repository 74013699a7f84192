//! The commands both front ends understand (`/start`, `/back`…), the
//! deep-link payload staff put in links, and the command menu.

use crate::lang::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `/start`, or `/start PAYLOAD` from a deep link.
    Start(String),
    Help,
    Language,
    Restart,
    Back,
    Contacts,
    Checklist,
    Reminders,
    Pdf,
    /// Where the list comes from (not in the menu: the result and `/help` point to it).
    Sources,
    /// Ask the office: the consent screen.
    Office,
    /// Close the request to the office.
    Done,
    /// Deletes what is stored about the chat: the front end's own business.
    Forget,
}

/// The commands in the order of the menu, with their description keys.
pub const MENU: [(&str, &str); 10] = [
    ("start", "cmd-start"),
    ("back", "cmd-back"),
    ("restart", "cmd-restart"),
    ("checklist", "cmd-checklist"),
    ("reminders", "cmd-reminders"),
    ("pdf", "cmd-pdf"),
    ("language", "cmd-language"),
    ("contacts", "cmd-contacts"),
    ("help", "cmd-help"),
    ("forget", "cmd-forget"),
];

/// `/office` in the menu, after `/contacts`, where there is an office to
/// ask (`/done` is explained when a request opens, so it stays out).
pub const OFFICE_MENU_ENTRY: (&str, &str) = ("office", "cmd-office");

/// The commands there are, as a line for someone who typed one there is
/// not: `/start, /back, …`, with `/office` and `/done` where the office can be asked.
pub fn listed(features: crate::companion::Features) -> String {
    let office: &[&str] = if features.ask_office {
        &["office", "done"]
    } else {
        &[]
    };
    MENU.iter()
        .map(|(name, _)| *name)
        .chain(office.iter().copied())
        .map(|name| format!("/{name}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Longest tag kept from a deep link (Telegram's payload is at most 64 characters).
pub const MAX_TAG_LEN: usize = 60;

impl Command {
    /// Reads `/name`, `/name@bot` (only when `bot` is this bot's username,
    /// or no username is known) and `/start PAYLOAD`; `None` for anything else.
    pub fn parse(text: &str, bot: Option<&str>) -> Option<Command> {
        let (name, argument) = split_command(text, bot)?;
        let command = match name.as_str() {
            "start" => Command::Start(argument.to_string()),
            _ if !argument.is_empty() => return None,
            "help" => Command::Help,
            "language" => Command::Language,
            "restart" => Command::Restart,
            "back" => Command::Back,
            "contacts" => Command::Contacts,
            "checklist" => Command::Checklist,
            "reminders" => Command::Reminders,
            "pdf" => Command::Pdf,
            "sources" => Command::Sources,
            "office" => Command::Office,
            "done" => Command::Done,
            "forget" => Command::Forget,
            _ => return None,
        };
        Some(command)
    }
}

/// A command's name (lower case) and its argument (trimmed): `/name`,
/// `/name@bot` (only when `bot` is this bot's username, or no username is
/// known), followed by anything. `None` when the text is not a command to us.
pub fn split_command<'a>(text: &'a str, bot: Option<&str>) -> Option<(String, &'a str)> {
    let rest = text.strip_prefix('/')?;
    let (word, argument) = match rest.split_once(char::is_whitespace) {
        Some((word, argument)) => (word, argument.trim()),
        None => (rest, ""),
    };
    let name = match word.split_once('@') {
        Some((name, addressee)) => {
            if bot.is_some_and(|bot| !bot.eq_ignore_ascii_case(addressee)) {
                return None;
            }
            name
        }
        None => word,
    };
    Some((name.to_ascii_lowercase(), argument))
}

/// Reads a deep-link payload: `kk`, `ru` or `en`, optionally followed by
/// `-tag` (letters, digits, `_`). Anything else is ignored, not an error.
pub fn parse_start_payload(payload: &str) -> (Option<Lang>, Option<String>) {
    let payload = payload.trim();
    let (code, tag) = match payload.split_once('-') {
        Some((code, tag)) => (code, Some(tag)),
        None => (payload, None),
    };
    let Some(lang) = Lang::ALL.into_iter().find(|l| l.code() == code) else {
        return (None, None);
    };
    match tag {
        None => (Some(lang), None),
        Some(tag) if tag_is_valid(tag) => (Some(lang), Some(tag.to_string())),
        Some(_) => (None, None),
    }
}

/// A deep-link tag: 1 to [`MAX_TAG_LEN`] letters, digits or `_`.
pub fn tag_is_valid(tag: &str) -> bool {
    check_tag(tag).is_ok()
}

/// Why a tag cannot go into a deep link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagError {
    /// Something other than Latin letters, digits and `_`: Telegram drops the
    /// start parameter of such a link, and `-` separates the language.
    Characters,
    /// More than [`MAX_TAG_LEN`] characters: with the language and `-` the
    /// start parameter would pass Telegram's 64.
    TooLong { length: usize },
}

pub fn check_tag(tag: &str) -> Result<(), TagError> {
    if tag.is_empty() || !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(TagError::Characters);
    }
    let length = tag.chars().count();
    if length > MAX_TAG_LEN {
        return Err(TagError::TooLong { length });
    }
    Ok(())
}

/// A link that opens the bot in a language, with a tag staff chose (the
/// inverse of [`parse_start_payload`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeepLink {
    pub lang: Lang,
    pub tag: Option<String>,
}

impl DeepLink {
    pub fn new(lang: Lang, tag: Option<&str>) -> Result<DeepLink, TagError> {
        if let Some(tag) = tag {
            check_tag(tag)?;
        }
        Ok(DeepLink {
            lang,
            tag: tag.map(String::from),
        })
    }

    /// What `/start` receives: `ru` or `ru-almaty_office`.
    pub fn payload(&self) -> String {
        match &self.tag {
            Some(tag) => format!("{}-{tag}", self.lang.code()),
            None => self.lang.code().to_string(),
        }
    }

    /// `https://t.me/<bot>?start=<payload>`.
    pub fn url(&self, bot_username: &str) -> String {
        format!("https://t.me/{bot_username}?start={}", self.payload())
    }
}
