//! For the firm's staff: what their commands mean, the links they hand out,
//! and the figures they read. Pure, like the rest of the core: who is staff
//! is the front end's to check, counting is the store's, images are
//! [`crate::images`]'s.

pub mod figures;
pub mod tally;

use chrono::NaiveDate;

use crate::amendments::Amendments;
use crate::commands::{DeepLink, MAX_TAG_LEN, TagError, split_command};
use crate::lang::Lang;
use crate::reply::{Block, Msg, Reply};

/// The staff's commands, added to their command menu only.
pub const STAFF_MENU: [(&str, &str); 2] = [("stats", "cmd-stats"), ("link", "cmd-link")];

/// What `/stats` (and `kz-residence-bot stats`) says: the figures, the
/// results by the answers to the firm's questions, and the content's age.
pub fn report(
    figures: &figures::Figures,
    amendments: &Amendments,
    has_folder: bool,
    today: NaiveDate,
) -> Reply {
    let mut report = figures.report();
    // The firm's questions before the closing note, then the content's age.
    if let Some(answers) = figures.answers_report(&amendments.questions) {
        let at = report.blocks.len().saturating_sub(1);
        report.blocks.insert(at, answers);
    }
    report
        .blocks
        .push(Block::Paragraph(content_age(amendments, has_folder, today)));
    report
}

/// The firm's own accounts the bot helps, for `/stats`: each owner's id
/// and its rights by Telegram's names.
pub fn business_accounts(accounts: &[(u64, crate::business::Rights)]) -> Msg {
    if accounts.is_empty() {
        return Msg::new("stats-business-none");
    }
    let listed: Vec<String> = accounts
        .iter()
        .map(|(owner, rights)| {
            let names = rights.names();
            if names.is_empty() {
                format!("{owner} (—)")
            } else {
                format!("{owner} ({})", names.join(", "))
            }
        })
        .collect();
    Msg::new("stats-business")
        .number("count", accounts.len() as i64)
        .text("accounts", listed.join("; "))
}

/// The content's age for `/stats`: when the list was checked, and when its
/// review is due (or was); the guide alone when there is no folder.
pub fn content_age(amendments: &Amendments, has_folder: bool, today: NaiveDate) -> Msg {
    let checked = amendments.list_checked();
    if !has_folder {
        return Msg::new("stats-content-guide").date("checked", checked);
    }
    let due = amendments.review_due();
    let key = if today > due {
        "stats-content-overdue"
    } else {
        "stats-content"
    };
    Msg::new(key)
        .date("checked", checked)
        .number("days", (today - checked).num_days())
        .date("due", due)
}

/// The message each admin gets, once a week, while the list is overdue its review.
pub fn review_due(amendments: &Amendments, today: NaiveDate) -> Reply {
    let checked = amendments.list_checked();
    let every = amendments
        .review
        .map_or(crate::amendments::DEFAULT_REVIEW_DAYS, |r| r.every_days);
    Reply::paragraph(
        Msg::new("content-review-due")
            .date("checked", checked)
            .number("days", (today - checked).num_days())
            .number("every", every.into()),
    )
}

/// Days between two reminders to review the content.
pub const REVIEW_REMINDER_EVERY_DAYS: i64 = 7;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffCommand {
    /// `/stats`: the figures and the chart.
    Stats,
    /// `/link [kk|ru|en] [tag]`: a deep link and its QR code.
    Link(LinkRequest),
}

/// What `/link` was asked for; the language defaults to the asker's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkRequest {
    Valid {
        lang: Option<Lang>,
        tag: Option<String>,
    },
    BadTag {
        tag: String,
        error: TagError,
    },
    /// More words than a language and a tag.
    Usage,
}

impl StaffCommand {
    /// `None` for anything but `/stats` or `/link …` addressed to this bot.
    pub fn parse(text: &str, bot: Option<&str>) -> Option<StaffCommand> {
        let (name, argument) = split_command(text, bot)?;
        match name.as_str() {
            "stats" if argument.is_empty() => Some(StaffCommand::Stats),
            "link" => Some(StaffCommand::Link(LinkRequest::parse(argument))),
            _ => None,
        }
    }
}

impl LinkRequest {
    /// `""`, `ru`, `almaty_office`, `ru almaty_office`.
    fn parse(argument: &str) -> LinkRequest {
        let words: Vec<&str> = argument.split_whitespace().collect();
        let language = |word: &str| Lang::ALL.into_iter().find(|l| l.code() == word);
        let (lang, tag) = match words[..] {
            [] => (None, None),
            [word] => match language(word) {
                Some(lang) => (Some(lang), None),
                None => (None, Some(word)),
            },
            [code, tag] => match language(code) {
                Some(lang) => (Some(lang), Some(tag)),
                None => return LinkRequest::Usage,
            },
            _ => return LinkRequest::Usage,
        };
        match tag.map(crate::commands::check_tag) {
            Some(Err(error)) => LinkRequest::BadTag {
                tag: tag.unwrap_or_default().to_string(),
                error,
            },
            _ => LinkRequest::Valid {
                lang,
                tag: tag.map(String::from),
            },
        }
    }

    /// The link, in `default_lang` when none was asked for; or why not, as a message.
    pub fn link(&self, default_lang: Lang) -> Result<DeepLink, Msg> {
        match self {
            LinkRequest::Valid { lang, tag } => {
                DeepLink::new(lang.unwrap_or(default_lang), tag.as_deref())
                    .map_err(|error| tag_error(tag.as_deref().unwrap_or_default(), &error))
            }
            LinkRequest::BadTag { tag, error } => Err(tag_error(tag, error)),
            LinkRequest::Usage => Err(Msg::new("link-usage")),
        }
    }
}

/// Why a tag was refused, for the person who typed it.
pub fn tag_error(tag: &str, error: &TagError) -> Msg {
    match error {
        TagError::Characters => Msg::new("link-tag-characters").text("tag", tag),
        TagError::TooLong { length } => Msg::new("link-tag-too-long")
            .number("length", *length as i64)
            .number("max", MAX_TAG_LEN as i64),
    }
}

/// The caption under a link's QR code: the link, its language and tag.
pub fn link_caption(link: &DeepLink, url: &str) -> Msg {
    let caption = match &link.tag {
        Some(tag) => Msg::new("link-caption").text("tag", tag.clone()),
        None => Msg::new("link-caption-untagged"),
    };
    caption
        .text("link", url)
        .msg("language", Msg::new(link.lang.label()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::parse_start_payload;

    #[test]
    fn stats_and_link_are_read_with_their_arguments() {
        let bot = Some("kz_bot");
        assert_eq!(
            StaffCommand::parse("/stats", bot),
            Some(StaffCommand::Stats)
        );
        assert_eq!(
            StaffCommand::parse("/STATS@kz_bot", bot),
            Some(StaffCommand::Stats)
        );
        assert_eq!(StaffCommand::parse("/stats@other_bot", bot), None);
        assert_eq!(StaffCommand::parse("/stats now", bot), None);
        assert_eq!(StaffCommand::parse("/start", bot), None);
        assert_eq!(StaffCommand::parse("stats", bot), None);
        let link = |text| match StaffCommand::parse(text, bot) {
            Some(StaffCommand::Link(request)) => request,
            other => panic!("{text}: {other:?}"),
        };
        let valid = |lang, tag: Option<&str>| LinkRequest::Valid {
            lang,
            tag: tag.map(String::from),
        };
        assert_eq!(link("/link"), valid(None, None));
        assert_eq!(link("/link ru"), valid(Some(Lang::Russian), None));
        assert_eq!(
            link("/link almaty_office"),
            valid(None, Some("almaty_office"))
        );
        assert_eq!(
            link("/link  kk   expo_2026 "),
            valid(Some(Lang::Kazakh), Some("expo_2026"))
        );
        assert_eq!(link("/link ru a b"), LinkRequest::Usage);
        assert_eq!(link("/link de almaty"), LinkRequest::Usage);
        assert_eq!(
            link("/link ru almaty-office"),
            LinkRequest::BadTag {
                tag: "almaty-office".into(),
                error: TagError::Characters
            }
        );
        assert_eq!(
            link("/link алматы"),
            LinkRequest::BadTag {
                tag: "алматы".into(),
                error: TagError::Characters
            }
        );
        let long = "x".repeat(MAX_TAG_LEN + 1);
        assert_eq!(
            link(&format!("/link en {long}")),
            LinkRequest::BadTag {
                tag: long,
                error: TagError::TooLong {
                    length: MAX_TAG_LEN + 1
                }
            }
        );
    }

    #[test]
    fn a_link_opens_the_bot_in_its_language_with_its_tag() {
        let request = LinkRequest::parse("ru almaty_office");
        let link = request.link(Lang::English).unwrap();
        assert_eq!(
            link.url("kz_bot"),
            "https://t.me/kz_bot?start=ru-almaty_office"
        );
        assert_eq!(
            parse_start_payload(&link.payload()),
            (Some(Lang::Russian), Some("almaty_office".to_string()))
        );
        let untagged = LinkRequest::parse("").link(Lang::Kazakh).unwrap();
        assert_eq!(untagged.url("kz_bot"), "https://t.me/kz_bot?start=kk");
        // The longest tag still fits Telegram's 64-character start parameter.
        let longest = "x".repeat(MAX_TAG_LEN);
        let link = LinkRequest::parse(&format!("en {longest}")).link(Lang::English);
        assert!(link.unwrap().payload().len() <= 64);
        assert_eq!(
            LinkRequest::parse("ru bad!").link(Lang::English),
            Err(Msg::new("link-tag-characters").text("tag", "bad!"))
        );
        assert_eq!(
            LinkRequest::parse("a b c").link(Lang::English),
            Err(Msg::new("link-usage"))
        );
    }
}
