//! The commands both front ends understand (`/start`, `/back`…), the
//! deep-link payload staff put in links, and the command menu.

use crate::dialogue::Input;
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

/// Longest tag kept from a deep link (Telegram's payload is at most 64 characters).
pub const MAX_TAG_LEN: usize = 60;

impl Command {
    /// Reads `/name`, `/name@bot` (only when `bot` is this bot's username,
    /// or no username is known) and `/start PAYLOAD`; `None` for anything else.
    pub fn parse(text: &str, bot: Option<&str>) -> Option<Command> {
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
        let command = match name.to_ascii_lowercase().as_str() {
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
            "office" => Command::Office,
            "done" => Command::Done,
            "forget" => Command::Forget,
            _ => return None,
        };
        Some(command)
    }

    /// The core's input for this command; `/forget` is the front end's own.
    pub fn input(self) -> Option<Input> {
        Some(match self {
            Command::Start(payload) => {
                let (lang, tag) = parse_start_payload(&payload);
                Input::Start { lang, tag }
            }
            Command::Help => Input::Help,
            Command::Language => Input::Language,
            Command::Restart => Input::Restart,
            Command::Back => Input::Back,
            Command::Contacts => Input::Contacts,
            Command::Checklist => Input::Checklist,
            Command::Reminders => Input::Reminders,
            Command::Pdf => Input::Pdf,
            Command::Office => Input::Office,
            Command::Done => Input::Done,
            Command::Forget => return None,
        })
    }
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
    !tag.is_empty()
        && tag.len() <= MAX_TAG_LEN
        && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}
