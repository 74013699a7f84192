//! Helpers shared by the core's tests: a context on a fixed day, and a way to
//! walk a conversation and read what the bot said.
#![allow(dead_code)]

use std::sync::OnceLock;

use chrono::NaiveDate;
use kz_residence_bot::companion::Features;
use kz_residence_bot::content::Content;
use kz_residence_bot::dialogue::{self, Context, Input, Outcome, Session};
use kz_residence_bot::labels::Labels;
use kz_residence_bot::lang::Lang;
use kz_residence_bot::office::Office;
use kz_residence_bot::reply::Reply;
use kz_residence_bot::texts::Texts;

pub const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();

pub fn texts() -> &'static Texts {
    static TEXTS: OnceLock<Texts> = OnceLock::new();
    TEXTS.get_or_init(|| Texts::load().expect("locales parse"))
}

/// The built-in content (no content folder).
pub fn content() -> &'static Content {
    static CONTENT: OnceLock<Content> = OnceLock::new();
    CONTENT.get_or_init(|| Content::built_in(Office::default()).expect("built in"))
}

pub fn labels() -> &'static Labels {
    static LABELS: OnceLock<Labels> = OnceLock::new();
    LABELS.get_or_init(|| texts().labels())
}

pub fn office() -> &'static Office {
    static OFFICE: OnceLock<Office> = OnceLock::new();
    OFFICE.get_or_init(Office::default)
}

pub fn ctx() -> Context<'static> {
    Context {
        today: TODAY,
        office: office(),
        labels: labels(),
        client_lang: None,
        // As in Telegram: the PDF and reminders are offered (the office
        // only where a staff chat is configured: not here).
        features: Features {
            pdf: true,
            reminders: true,
            ask_office: false,
            date_picker: true,
        },
        sent: &[],
        amendments: &kz_residence_bot::amendments::GUIDE_ONLY,
        handover: Default::default(),
    }
}

/// A conversation driven step by step, keeping every outcome.
pub struct Chat {
    pub session: Session,
    pub last: Option<Outcome>,
}

impl Chat {
    pub fn new() -> Chat {
        Chat {
            session: Session::default(),
            last: None,
        }
    }

    /// Starts in `lang` (as a deep link would).
    pub fn started(lang: Lang) -> Chat {
        let mut chat = Chat::new();
        chat.send(Input::Start {
            lang: Some(lang),
            tag: None,
        });
        chat
    }

    pub fn send(&mut self, input: Input) -> &Outcome {
        let outcome = dialogue::step(&self.session, input, &ctx());
        self.session = outcome.session.clone();
        self.last = Some(outcome);
        self.last.as_ref().unwrap()
    }

    pub fn text(&mut self, text: &str) -> &Outcome {
        self.send(Input::Text(text.to_string()))
    }

    pub fn press(&mut self, data: &str) -> &Outcome {
        self.send(Input::Button(data.to_string()))
    }

    pub fn replies(&self) -> &[Reply] {
        &self.last.as_ref().unwrap().replies
    }

    /// The last turn's replies as text in the session's language.
    pub fn said(&self) -> String {
        let lang = self.session.reply_lang(None);
        self.replies()
            .iter()
            .map(|r| texts().render_reply(lang, r).text)
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// Every message key the last turn used, nested ones included.
    pub fn keys(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        for reply in self.replies() {
            for block in &reply.blocks {
                match block {
                    kz_residence_bot::reply::Block::Paragraph(m) => keys.push(m.key),
                    kz_residence_bot::reply::Block::Numbered(items)
                    | kz_residence_bot::reply::Block::Lines(items) => {
                        keys.extend(items.iter().map(|m| m.key))
                    }
                }
            }
        }
        keys
    }

    /// Callback data of every button in the last turn's last reply.
    pub fn buttons(&self) -> Vec<String> {
        self.replies()
            .last()
            .map(|r| {
                r.keyboard
                    .iter()
                    .flatten()
                    .map(|b| b.press.encode())
                    .collect()
            })
            .unwrap_or_default()
    }
}
