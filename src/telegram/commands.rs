//! The bot's commands and the deep-link payload staff put in links.

use teloxide::utils::command::BotCommands;

use crate::dialogue::Input;
use crate::i18n::Lang;

#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    /// `/start`, or `/start PAYLOAD` from a deep link.
    Start(String),
    Help,
    Language,
    Restart,
    Back,
    Contacts,
    Forget,
}

/// The commands in the order of the menu, with their description keys.
pub const MENU: [(&str, &str); 7] = [
    ("start", "cmd-start"),
    ("back", "cmd-back"),
    ("restart", "cmd-restart"),
    ("language", "cmd-language"),
    ("contacts", "cmd-contacts"),
    ("help", "cmd-help"),
    ("forget", "cmd-forget"),
];

/// Longest tag kept from a deep link (Telegram's payload is at most 64 characters).
pub const MAX_TAG_LEN: usize = 60;

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
        Some(tag)
            if !tag.is_empty()
                && tag.len() <= MAX_TAG_LEN
                && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
        {
            (Some(lang), Some(tag.to_string()))
        }
        Some(_) => (None, None),
    }
}

impl Command {
    /// The core's input for this command; `/forget` is the adapter's own.
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
            Command::Forget => return None,
        })
    }
}
