//! What the user did, as the core takes it: [`Input`], and the two ways
//! the front ends make one from what was typed, so that Telegram and the
//! console read a command, an unknown command and plain text alike.

use crate::commands::{self, Command};
use crate::lang::Lang;

/// Something the user did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// `/start`, possibly from a deep link with a language and tag.
    Start {
        lang: Option<Lang>,
        tag: Option<String>,
    },
    Restart,
    Back,
    Help,
    /// `/language`: show the language buttons.
    Language,
    Contacts,
    /// `/checklist`: the documents to tick off.
    Checklist,
    /// `/reminders`: what is scheduled.
    Reminders,
    /// `/pdf`: the checklist to print.
    Pdf,
    /// `/sources`: where each item of the list comes from.
    Sources,
    /// `/office`: ask the office (the consent screen first).
    Office,
    /// `/done`: close the request to the office.
    Done,
    /// A contact shared in the chat; `own`: the sender's own (Telegram's
    /// contact request sends only that), not somebody else's card.
    Contact {
        own: bool,
    },
    /// Raw callback data of a pressed button: anything may arrive.
    Button(String),
    Text(String),
    /// A command this bot does not have (`/nosuchcommand`): not an answer.
    UnknownCommand,
    /// A message edited after it was sent, with its text now (none for a
    /// caption or media): it cannot change an answer already taken, but
    /// while a request to the office is open it corrects what was relayed.
    Edited(Option<String>),
    /// A sticker, photo, voice message…: nothing the questionnaire can read.
    Unsupported,
}

impl Input {
    /// The core's input for a command; `None` for `/forget`, which is the
    /// front end's own (it deletes what the front end stored).
    pub fn from_command(command: Command) -> Option<Input> {
        Some(match command {
            Command::Start(payload) => {
                let (lang, tag) = commands::parse_start_payload(&payload);
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
            Command::Sources => Input::Sources,
            Command::Office => Input::Office,
            Command::Done => Input::Done,
            Command::Forget => return None,
        })
    }
}

/// What a typed text is to the core.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Typed {
    /// `/forget`: the front end deletes what it stored, the core is not asked.
    Forget,
    /// A command (one this bot does not have is [`Input::UnknownCommand`],
    /// not an answer), or else the text as an answer ([`Input::Text`]).
    Input(Input),
}

/// Reads a typed text: a command to this bot (`bot` is its username, or
/// `None` where none is known), or text to answer with.
pub fn from_text(text: &str, bot: Option<&str>) -> Typed {
    let input = match Command::parse(text, bot) {
        Some(Command::Forget) => return Typed::Forget,
        Some(command) => Input::from_command(command).unwrap_or(Input::Help),
        // `/nosuchcommand` (or `/stats` for anyone not on the staff) is not an answer.
        None if commands::split_command(text, bot).is_some() => Input::UnknownCommand,
        None => Input::Text(text.to_string()),
    };
    Typed::Input(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_an_unknown_command_and_text() {
        let bot = Some("kz_bot");
        assert_eq!(from_text("/forget", bot), Typed::Forget);
        assert_eq!(from_text("/back", bot), Typed::Input(Input::Back));
        assert_eq!(
            from_text("/start ru-almaty", bot),
            Typed::Input(Input::Start {
                lang: Some(Lang::Russian),
                tag: Some("almaty".into()),
            })
        );
        assert_eq!(
            from_text("/nosuchcommand", bot),
            Typed::Input(Input::UnknownCommand)
        );
        // A command to another bot in a group is text to this one.
        assert_eq!(
            from_text("/back@other_bot", bot),
            Typed::Input(Input::Text("/back@other_bot".into()))
        );
        assert_eq!(from_text("45", bot), Typed::Input(Input::Text("45".into())));
    }
}
