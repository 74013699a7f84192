//! The firm's own Telegram account, helped by the bot (Telegram Business):
//! who may connect it, when the bot may speak for the office in a client's
//! chat, and what it says. Pure, like the rest of the core: the front end
//! reads the updates and sends; the store keeps the little this needs.
//!
//! The owner stays in charge. The bot writes in a client's chat only
//! - when the owner types `/docs` or `/office` there (the command then
//!   gives way to the message it stands for), or
//! - when the office is closed by its opening hours, on the client's first
//!   message of the day, at most once a day, and never in a chat the owner
//!   wrote in within the set hours ([`Rules::silence`]) or paused
//!   (`/bot off`, in the chat, or in the bot's own chat for every chat).
//!
//! Telegram lets a bot send for the account only with the `can_reply`
//! right, and only into chats with a client's message in the last 24
//! hours; deleting the owner's own message takes `can_delete_all_messages`.
//! What is kept of a client's chat is [`ChatState`]: times and a flag, and
//! the language the client writes in; never their words.

use serde::{Deserialize, Serialize};

use crate::advice;
use crate::commands::{DeepLink, split_command};
use crate::lang::Lang;
use crate::office::{Office, Opening, OpeningHours};
use crate::reply::{Msg, Reply};

/// The tag of the link the bot hands out for the firm's account: `/stats`
/// counts the consultations it opens as "from the firm's account".
pub const TAG: &str = "firm_account";

/// What the owner lets the bot do for the account, of what the bot uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rights {
    /// Send (and edit) messages for the account, in chats with a client's
    /// message in the last 24 hours.
    pub reply: bool,
    /// Mark the clients' messages read.
    pub read: bool,
    /// Delete what the bot itself sent.
    pub delete_sent: bool,
    /// Delete any message, the owner's commands too.
    pub delete_all: bool,
}

impl Rights {
    /// The rights by the names Telegram gives them, for the log and `/stats`.
    pub fn names(self) -> Vec<&'static str> {
        [
            (self.reply, "can_reply"),
            (self.read, "can_read_messages"),
            (self.delete_sent, "can_delete_sent_messages"),
            (self.delete_all, "can_delete_all_messages"),
        ]
        .into_iter()
        .filter_map(|(has, name)| has.then_some(name))
        .collect()
    }

    /// Whether the owner's command can be taken out of the chat.
    pub fn can_delete_command(self) -> bool {
        self.delete_all
    }
}

/// A business connection the bot serves: whose account, with which rights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    /// The account's owner (a user id in `BOT_BUSINESS_OWNERS`).
    pub owner: u64,
    pub rights: Rights,
    /// `/bot off` in the bot's own chat: quiet in every client's chat.
    pub paused_all: bool,
}

/// What is kept of one client's chat with the account, and nothing more:
/// when the owner last wrote there, when the bot last answered, whether the
/// owner paused it, and the language the client writes in (from Telegram,
/// or the script of their last text), for `/docs` typed by the owner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatState {
    /// Unix seconds.
    pub owner_wrote: Option<i64>,
    /// Unix seconds: the last closed-office message (sent, or refused).
    pub answered: Option<i64>,
    pub paused: bool,
    pub lang: Option<Lang>,
    /// Unix seconds: when this was last changed (the privacy sweep's clock).
    pub touched: i64,
}

/// The settings the rules depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// After the owner wrote in a chat, how long the bot stays quiet there
    /// (`BOT_BUSINESS_SILENCE_HOURS`, default 12 h), in seconds.
    pub silence: i64,
}

/// The default silence after the owner wrote: 12 hours.
pub const DEFAULT_SILENCE_HOURS: i64 = 12;

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            silence: DEFAULT_SILENCE_HOURS * 3600,
        }
    }
}

/// What the owner typed, in a client's chat or in the bot's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnerCommand {
    /// `/bot off`: quiet in this chat (in the bot's own chat: in all).
    BotOff,
    /// `/bot on`: the bot may answer again.
    BotOn,
    /// `/docs`: a line and the button that opens the consultation.
    Docs,
    /// `/office`: the address, map link, phones and opening hours.
    Office,
}

impl OwnerCommand {
    /// `/bot off`, `/bot on`, `/docs`, `/office` (and `/docs@this_bot`);
    /// `None` for anything else, which is the owner writing.
    pub fn parse(text: &str, bot: Option<&str>) -> Option<OwnerCommand> {
        let (name, argument) = split_command(text, bot)?;
        let argument = argument.to_ascii_lowercase();
        match (name.as_str(), argument.as_str()) {
            ("bot", "off") => Some(OwnerCommand::BotOff),
            ("bot", "on") => Some(OwnerCommand::BotOn),
            ("docs", "") => Some(OwnerCommand::Docs),
            ("office", "") => Some(OwnerCommand::Office),
            _ => None,
        }
    }

    /// Whether it is the owner answering the client (the bot then keeps
    /// quiet for the set hours), not the owner telling the bot what to do.
    pub fn is_answer(self) -> bool {
        matches!(self, OwnerCommand::Docs | OwnerCommand::Office)
    }
}

/// Why the bot says nothing to a client's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quiet {
    /// The owner did not give the `can_reply` right.
    CannotReply,
    /// `/bot off` in the bot's own chat.
    PausedAll,
    /// `/bot off` in this chat.
    Paused,
    /// The owner wrote here within the set hours.
    OwnerWrote,
    /// `office.toml` sets no opening hours.
    NoHours,
    Open,
    /// Told once today already.
    AnsweredToday,
}

impl Quiet {
    /// Why, in a few words for the log (no names, no texts).
    pub fn why(self) -> &'static str {
        match self {
            Quiet::CannotReply => "no can_reply right",
            Quiet::PausedAll => "paused in every chat",
            Quiet::Paused => "paused in this chat",
            Quiet::OwnerWrote => "the owner wrote within the set hours",
            Quiet::NoHours => "no opening hours set",
            Quiet::Open => "the office is open",
            Quiet::AnsweredToday => "told once today already",
        }
    }
}

/// The calendar day (Kazakhstan's) of a Unix time.
fn day_of(unix: i64) -> Option<chrono::NaiveDate> {
    chrono::DateTime::from_timestamp(unix, 0).map(crate::calendar::kazakhstan_date)
}

impl Rules {
    /// Whether the bot answers a client's message at `now` (Unix seconds)
    /// with the closed-office message, and when the office opens next; or
    /// why it says nothing.
    pub fn answer_client(
        &self,
        connection: &Connection,
        chat: &ChatState,
        opening: Option<&OpeningHours>,
        now: i64,
    ) -> Result<Option<Opening>, Quiet> {
        if !connection.rights.reply {
            return Err(Quiet::CannotReply);
        }
        if connection.paused_all {
            return Err(Quiet::PausedAll);
        }
        if chat.paused {
            return Err(Quiet::Paused);
        }
        if chat
            .owner_wrote
            .is_some_and(|wrote| now - wrote < self.silence)
        {
            return Err(Quiet::OwnerWrote);
        }
        let Some(opening) = opening.filter(|hours| hours.is_ever_open()) else {
            return Err(Quiet::NoHours);
        };
        let at = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
        if opening.is_open(at) {
            return Err(Quiet::Open);
        }
        if chat.answered.and_then(day_of) == day_of(now) {
            return Err(Quiet::AnsweredToday);
        }
        Ok(opening.next_opening(at))
    }
}

/// A client's language: Telegram's, else the script of what they wrote,
/// else what was known of them before.
pub fn client_lang(
    from_telegram: Option<Lang>,
    text: Option<&str>,
    known: Option<Lang>,
) -> Option<Lang> {
    from_telegram
        .or_else(|| text.and_then(Lang::of_text))
        .or(known)
}

/// A message for the client, sent as the owner: its text, and the label
/// of the button that opens the consultation (the front end makes the
/// link: [`consultation_link`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ForClient {
    pub text: Reply,
    pub button: Option<Msg>,
}

/// The link under the button: the consultation in the client's language,
/// tagged [`TAG`].
pub fn consultation_link(lang: Lang) -> DeepLink {
    DeepLink::new(lang, Some(TAG)).expect("the tag is a valid one")
}

/// `/docs`: a short line and the button.
pub fn docs() -> ForClient {
    ForClient {
        text: Reply::paragraph(Msg::new("business-docs")),
        button: Some(Msg::new("business-docs-button")),
    }
}

/// `/office`: the address, map link, phones and opening hours, as the
/// bot's `/contacts` gives them (without the contact card).
pub fn office(office: &Office) -> ForClient {
    let mut text = advice::contacts_reply(office);
    text.attachment = None;
    ForClient { text, button: None }
}

/// The closed-office message: closed now, when it opens, and the button.
pub fn closed(opening: Option<Opening>) -> ForClient {
    let opens = match opening {
        Some(opening) => {
            let key = match opening.days_ahead {
                0 => "business-opens-today",
                1 => "business-opens-tomorrow",
                _ => "business-opens-on",
            };
            Msg::new(key)
                .text("time", opening.time())
                .text("weekday", crate::office::WEEKDAYS[opening.weekday])
        }
        None => Msg::new("business-opens-unknown"),
    };
    ForClient {
        text: Reply::paragraph(Msg::new("business-closed").msg("opens", opens)),
        button: Some(Msg::new("business-docs-button")),
    }
}

/// What the owner is told in the bot's own chat after `/bot off` or `/bot on` there.
pub fn paused_all(paused: bool) -> Reply {
    Reply::paragraph(Msg::new(if paused {
        "business-paused-all"
    } else {
        "business-resumed-all"
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const HOUR: i64 = 3600;

    fn connection() -> Connection {
        Connection {
            owner: 7,
            rights: Rights {
                reply: true,
                ..Rights::default()
            },
            paused_all: false,
        }
    }

    fn weekdays_nine_to_six() -> OpeningHours {
        (0..5).fold(OpeningHours::default(), |hours, day| {
            hours.with_day(day, OpeningHours::read_day("09:00-18:00").unwrap())
        })
    }

    /// Almaty time on Monday 1 June 2026.
    fn monday(hour: u32, minute: u32) -> i64 {
        chrono::Utc
            .with_ymd_and_hms(2026, 6, 1, hour, minute, 0)
            .unwrap()
            .timestamp()
            - 5 * HOUR
    }

    #[test]
    fn the_owners_commands_are_read_and_anything_else_is_the_owner_writing() {
        let bot = Some("kz_bot");
        assert_eq!(
            OwnerCommand::parse("/bot off", bot),
            Some(OwnerCommand::BotOff)
        );
        assert_eq!(
            OwnerCommand::parse("/bot ON", bot),
            Some(OwnerCommand::BotOn)
        );
        assert_eq!(OwnerCommand::parse("/docs", bot), Some(OwnerCommand::Docs));
        assert_eq!(
            OwnerCommand::parse("/docs@kz_bot", bot),
            Some(OwnerCommand::Docs)
        );
        assert_eq!(
            OwnerCommand::parse("/office", bot),
            Some(OwnerCommand::Office)
        );
        assert_eq!(OwnerCommand::parse("/docs@other_bot", bot), None);
        assert_eq!(OwnerCommand::parse("/bot", bot), None);
        assert_eq!(OwnerCommand::parse("/docs please", bot), None);
        assert_eq!(OwnerCommand::parse("docs", bot), None);
        assert!(OwnerCommand::Docs.is_answer() && !OwnerCommand::BotOff.is_answer());
    }

    #[test]
    fn the_bot_answers_a_client_only_while_closed_once_a_day_and_never_over_the_owner() {
        let rules = Rules::default();
        let hours = weekdays_nine_to_six();
        let chat = ChatState::default();
        let at_night = monday(22, 0);
        // Closed: it opens on Tuesday at 09:00.
        let opening = rules
            .answer_client(&connection(), &chat, Some(&hours), at_night)
            .unwrap()
            .unwrap();
        assert_eq!((opening.days_ahead, opening.time()), (1, "09:00".into()));
        let quiet =
            |connection: &Connection, chat: &ChatState, hours: Option<&OpeningHours>, at| {
                rules
                    .answer_client(connection, chat, hours, at)
                    .unwrap_err()
            };
        assert_eq!(
            quiet(&connection(), &chat, Some(&hours), monday(10, 0)),
            Quiet::Open
        );
        assert_eq!(quiet(&connection(), &chat, None, at_night), Quiet::NoHours);
        assert_eq!(
            quiet(
                &connection(),
                &chat,
                Some(&OpeningHours::default()),
                at_night
            ),
            Quiet::NoHours
        );
        // Once a day: answered at 19:00, not again at 22:00; again the next evening.
        let answered = ChatState {
            answered: Some(monday(19, 0)),
            ..chat
        };
        assert_eq!(
            quiet(&connection(), &answered, Some(&hours), at_night),
            Quiet::AnsweredToday
        );
        assert!(
            rules
                .answer_client(&connection(), &answered, Some(&hours), at_night + 24 * HOUR)
                .is_ok()
        );
        // The owner wrote at 11:00: quiet until 23:00 (12 hours), then the bot may answer.
        let owner_wrote = ChatState {
            owner_wrote: Some(monday(11, 0)),
            ..chat
        };
        assert_eq!(
            quiet(&connection(), &owner_wrote, Some(&hours), at_night),
            Quiet::OwnerWrote
        );
        assert!(
            rules
                .answer_client(&connection(), &owner_wrote, Some(&hours), monday(23, 0))
                .is_ok()
        );
        let paused = ChatState {
            paused: true,
            ..chat
        };
        assert_eq!(
            quiet(&connection(), &paused, Some(&hours), at_night),
            Quiet::Paused
        );
        let all_paused = Connection {
            paused_all: true,
            ..connection()
        };
        assert_eq!(
            quiet(&all_paused, &chat, Some(&hours), at_night),
            Quiet::PausedAll
        );
        let no_reply = Connection {
            rights: Rights::default(),
            ..connection()
        };
        assert_eq!(
            quiet(&no_reply, &chat, Some(&hours), at_night),
            Quiet::CannotReply
        );
    }

    #[test]
    fn a_clients_language_is_telegrams_else_their_scripts_else_the_one_known() {
        assert_eq!(
            client_lang(Some(Lang::English), Some("Привет"), None),
            Some(Lang::English)
        );
        assert_eq!(
            client_lang(None, Some("Сәлеметсіз бе"), Some(Lang::English)),
            Some(Lang::Kazakh)
        );
        assert_eq!(
            client_lang(None, Some("👍"), Some(Lang::Russian)),
            Some(Lang::Russian)
        );
        assert_eq!(client_lang(None, None, None), None);
    }

    #[test]
    fn the_closed_message_says_when_the_office_opens_and_the_link_carries_the_tag() {
        let opens = |days_ahead| Opening {
            date: chrono::NaiveDate::from_ymd_opt(2026, 6, 2).unwrap(),
            weekday: 1,
            minute: 540,
            days_ahead,
        };
        let key_of = |message: ForClient| match &message.text.blocks[0] {
            crate::reply::Block::Paragraph(msg) => match &msg.args[0].1 {
                crate::reply::Arg::Msg(opens) => opens.key,
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        };
        assert_eq!(key_of(closed(Some(opens(0)))), "business-opens-today");
        assert_eq!(key_of(closed(Some(opens(1)))), "business-opens-tomorrow");
        assert_eq!(key_of(closed(Some(opens(3)))), "business-opens-on");
        assert_eq!(key_of(closed(None)), "business-opens-unknown");
        assert_eq!(
            consultation_link(Lang::Kazakh).url("kz_bot"),
            "https://t.me/kz_bot?start=kk-firm_account"
        );
        assert!(office(&Office::default()).text.attachment.is_none());
    }

    #[test]
    fn rights_are_named_as_telegram_names_them() {
        let rights = Rights {
            reply: true,
            delete_all: true,
            ..Rights::default()
        };
        assert_eq!(rights.names(), ["can_reply", "can_delete_all_messages"]);
        assert!(rights.can_delete_command());
        assert!(!Rights::default().can_delete_command());
    }
}
