//! What the core says, as data: Fluent keys with arguments, laid out in
//! blocks, with buttons. [`crate::texts`] turns it into words.

use chrono::{Datelike, NaiveDate};

use crate::answers::Id;
use crate::companion::Reminder;
use crate::lang::Lang;
use crate::questions::Question;

/// A value passed to a Fluent message.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Plain text, or a selector value such as `stateless`.
    Text(String),
    Number(i64),
    /// Written in words in the reader's language ("15 March 2031",
    /// «15 марта 2031 года»), everywhere: a screen never mixes two styles,
    /// and a misread date is seen at once.
    Date(NaiveDate),
    /// Another message, translated first (a country's name inside a summary line).
    Msg(Box<Msg>),
    /// Text the firm wrote in each language (opening hours, an extra
    /// document): the one in the reader's language is used.
    Localized(Box<Localized>),
}

/// A text in each of the three languages, from the firm's content folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Localized {
    pub kk: String,
    pub ru: String,
    pub en: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Kazakh => &self.kk,
            Lang::Russian => &self.ru,
            Lang::English => &self.en,
        }
    }
}

/// The firm's localized text as a message.
pub fn firm_text(localized: &Localized) -> Msg {
    Msg::new("content-text").localized("text", localized.clone())
}

/// One translatable message: a Fluent key and its arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: Arg) -> Msg {
        self.args.push((name, value));
        self
    }

    pub fn text(self, name: &'static str, value: impl Into<String>) -> Msg {
        self.arg(name, Arg::Text(value.into()))
    }

    pub fn number(self, name: &'static str, value: i64) -> Msg {
        self.arg(name, Arg::Number(value))
    }

    pub fn date(self, name: &'static str, value: NaiveDate) -> Msg {
        self.arg(name, Arg::Date(value))
    }

    /// A date in words: the message that writes `date` in a language.
    pub fn date_words(date: NaiveDate) -> Msg {
        Msg::new("date-in-words")
            .number("day", date.day().into())
            .number("month", date.month().into())
            .number("year", date.year().into())
    }

    pub fn msg(self, name: &'static str, value: Msg) -> Msg {
        self.arg(name, Arg::Msg(Box::new(value)))
    }

    pub fn localized(self, name: &'static str, value: Localized) -> Msg {
        self.arg(name, Arg::Localized(Box::new(value)))
    }

    /// `$document`: the selector for messages that name "the passport" or
    /// "the stateless person's document".
    pub fn document(self, stateless: bool) -> Msg {
        self.text("document", if stateless { "stateless" } else { "passport" })
    }
}

/// A part of one message as shown to the user.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph(Msg),
    /// Items shown numbered 1., 2., …
    Numbered(Vec<Msg>),
    /// Lines shown one under the other, without a blank line between them.
    Lines(Vec<Msg>),
}

/// A button: its label and the callback data it sends back.
#[derive(Clone, Debug, PartialEq)]
pub struct Button {
    pub label: Msg,
    pub press: Press,
}

/// Something a front end can attach besides text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attachment {
    /// The office's contact card (and its venue, when coordinates are configured).
    OfficeContact,
    /// The applicant's checklist as a printable PDF ([`crate::dialogue::sheet`]).
    ChecklistPdf,
}

/// A keyboard in place of the user's own (below the input field), not
/// under the message: Telegram asks for a phone number only from there.
#[derive(Clone, Debug, PartialEq)]
pub enum InputKeyboard {
    /// One button that shares the user's own phone number, with this label.
    ShareContact(Msg),
    /// Back to the user's own keyboard.
    Remove,
}

/// One message to the user.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Reply {
    pub blocks: Vec<Block>,
    /// Rows of buttons.
    pub keyboard: Vec<Vec<Button>>,
    pub attachment: Option<Attachment>,
    /// Instead of `keyboard` (a message carries one or the other).
    pub input_keyboard: Option<InputKeyboard>,
}

impl Reply {
    pub fn paragraph(msg: Msg) -> Reply {
        Reply {
            blocks: vec![Block::Paragraph(msg)],
            ..Reply::default()
        }
    }

    pub fn with(mut self, block: Block) -> Reply {
        self.blocks.push(block);
        self
    }

    pub fn row(mut self, buttons: Vec<Button>) -> Reply {
        if !buttons.is_empty() {
            self.keyboard.push(buttons);
        }
        self
    }
}

/// What a button press means. Encoded into Telegram's callback data (at most
/// 64 bytes), so anything can come back: [`Press::decode`] accepts only what
/// [`Press::encode`] makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Press {
    Answer {
        question: Question,
        choice: Id,
    },
    Language(Lang),
    Back,
    Restart,
    /// "Yes, start over" when starting over would drop ticks and dates.
    RestartConfirmed,
    /// "No, keep my list".
    KeepGoing,
    ShowResult,
    Edit(Question),
    /// From the result back to the summary, to change answers.
    ChangeAnswers,
    Contacts,
    /// Show the checklist.
    Checklist,
    /// Tick or untick a document of the checklist, by its id.
    Tick(String),
    /// Send the checklist as a PDF.
    Pdf,
    /// Turn reminders on (and list them).
    RemindersOn,
    /// Cancel one kind of reminder, or all of them.
    CancelReminder(Reminder),
    RemindersOff,
    /// "I have submitted my documents" for the card: asks the date.
    Submitted,
    /// The date asked for is today.
    Today,
    /// Skip the date asked for.
    SkipDate,
    /// "Ask the office": the consent screen.
    AskOffice,
    /// Consent given: send the request to the office (without the phone).
    HandoverSend,
    /// Consent refused: send nothing.
    HandoverDecline,
    /// Staff close a request from its card in the staff chat.
    CloseRequest(String),
    /// The date picker under a date question.
    Calendar {
        question: Question,
        page: Calendar,
    },
    /// Where each item of the list comes from, and when it was checked.
    Sources,
}

/// A page of the date picker, or a day chosen on it: the picker's whole
/// state, carried in its buttons' data (nothing is stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Calendar {
    /// A page of years, from this one.
    Years(i32),
    /// The months of a year.
    Months(i32),
    /// The days of a month (1 to 12) of a year.
    Days(i32, u32),
    /// A day chosen.
    Pick(NaiveDate),
    /// A weekday's name or an empty cell: nothing to choose.
    Label,
}

impl Calendar {
    fn encode(self) -> String {
        match self {
            Calendar::Years(year) => format!("y{year:04}"),
            Calendar::Months(year) => format!("m{year:04}"),
            Calendar::Days(year, month) => format!("d{year:04}-{month:02}"),
            Calendar::Pick(date) => date.format("p%Y-%m-%d").to_string(),
            Calendar::Label => "-".into(),
        }
    }

    /// Only what `encode` writes: four-digit years, real months and days.
    fn decode(data: &str) -> Option<Calendar> {
        fn number(digits: &str, len: usize) -> Option<u32> {
            let all_digits = digits.len() == len && digits.bytes().all(|b| b.is_ascii_digit());
            all_digits.then(|| digits.parse().ok()).flatten()
        }
        let year = |digits: &str| number(digits, 4).map(|y| y as i32);
        let month = |digits: &str| number(digits, 2).filter(|m| (1..=12).contains(m));
        let parts: Vec<&str> = data.get(1..)?.split('-').collect();
        let page = match (data.get(..1)?, parts.as_slice()) {
            ("y", [y]) => Calendar::Years(year(y)?),
            ("m", [y]) => Calendar::Months(year(y)?),
            ("d", [y, m]) => Calendar::Days(year(y)?, month(m)?),
            ("p", [y, m, d]) => {
                Calendar::Pick(NaiveDate::from_ymd_opt(year(y)?, month(m)?, number(d, 2)?)?)
            }
            ("-", [""]) => Calendar::Label,
            _ => return None,
        };
        Some(page)
    }
}

/// Longest document id a checklist button carries.
pub const MAX_DOCUMENT_ID_LEN: usize = 40;

fn document_id_is_valid(id: &str) -> bool {
    (1..=MAX_DOCUMENT_ID_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

impl Press {
    pub fn encode(&self) -> String {
        match self {
            Press::Answer { question, choice } => format!("a:{}:{}", question.id(), choice),
            Press::Language(lang) => format!("lang:{}", lang.code()),
            Press::Back => "nav:back".into(),
            Press::Restart => "nav:restart".into(),
            Press::RestartConfirmed => "nav:restart:yes".into(),
            Press::KeepGoing => "nav:keep".into(),
            Press::ShowResult => "sum:go".into(),
            Press::Edit(question) => format!("sum:edit:{}", question.id()),
            Press::ChangeAnswers => "res:edit".into(),
            Press::Contacts => "res:contacts".into(),
            Press::Checklist => "res:list".into(),
            Press::Tick(id) => format!("chk:{id}"),
            Press::Pdf => "res:pdf".into(),
            Press::RemindersOn => "rem:on".into(),
            Press::CancelReminder(reminder) => format!("rem:x:{}", reminder.id()),
            Press::Sources => "res:sources".into(),
            Press::RemindersOff => "rem:off".into(),
            Press::Submitted => "res:submitted".into(),
            Press::Today => "date:today".into(),
            Press::SkipDate => "date:skip".into(),
            Press::AskOffice => "ho:ask".into(),
            Press::HandoverSend => "ho:send".into(),
            Press::HandoverDecline => "ho:no".into(),
            Press::CloseRequest(reference) => format!("ho:close:{reference}"),
            Press::Calendar { question, page } => {
                format!("cal:{}:{}", question.id(), page.encode())
            }
        }
    }

    pub fn decode(data: &str) -> Option<Press> {
        let mut parts = data.splitn(3, ':');
        let press = match (parts.next()?, parts.next(), parts.next()) {
            ("a", Some(question), Some(choice)) => {
                let question = Question::from_button(question)?;
                // The guide's options are known here; the firm's are the
                // content's to check.
                let choice = match question {
                    Question::Added(_) => Id::new(choice)?,
                    guide => guide.choice_by_id(choice)?.id,
                };
                Press::Answer { question, choice }
            }
            // Exactly the code encode writes (not `kk_`, which from_code would take).
            ("lang", Some(code), None) => {
                Press::Language(Lang::ALL.into_iter().find(|l| l.code() == code)?)
            }
            ("nav", Some("back"), None) => Press::Back,
            ("nav", Some("restart"), None) => Press::Restart,
            ("nav", Some("restart"), Some("yes")) => Press::RestartConfirmed,
            ("nav", Some("keep"), None) => Press::KeepGoing,
            ("sum", Some("go"), None) => Press::ShowResult,
            ("sum", Some("edit"), Some(question)) => Press::Edit(Question::from_button(question)?),
            ("res", Some("edit"), None) => Press::ChangeAnswers,
            ("res", Some("contacts"), None) => Press::Contacts,
            ("res", Some("list"), None) => Press::Checklist,
            ("res", Some("pdf"), None) => Press::Pdf,
            ("res", Some("submitted"), None) => Press::Submitted,
            ("res", Some("sources"), None) => Press::Sources,
            ("chk", Some(id), None) if document_id_is_valid(id) => Press::Tick(id.to_string()),
            ("rem", Some("on"), None) => Press::RemindersOn,
            ("rem", Some("off"), None) => Press::RemindersOff,
            ("rem", Some("x"), Some(id)) => Press::CancelReminder(Reminder::from_id(id)?),
            ("date", Some("today"), None) => Press::Today,
            ("date", Some("skip"), None) => Press::SkipDate,
            ("ho", Some("ask"), None) => Press::AskOffice,
            ("ho", Some("send"), None) => Press::HandoverSend,
            ("ho", Some("no"), None) => Press::HandoverDecline,
            ("ho", Some("close"), Some(reference)) if crate::handover::is_reference(reference) => {
                Press::CloseRequest(reference.to_string())
            }
            ("cal", Some(question), Some(page)) => Press::Calendar {
                question: Question::from_button(question)?,
                page: Calendar::decode(page)?,
            },
            _ => return None,
        };
        // One spelling of each press: `y02031` or `p2031-3-15` are nobody's.
        (press.encode() == data).then_some(press)
    }
}
