//! What the core says, as data: Fluent keys with arguments, laid out in
//! blocks, with buttons. [`crate::texts`] turns it into words.

use chrono::NaiveDate;

use crate::lang::Lang;
use crate::questions::Question;

/// A value passed to a Fluent message.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Plain text, or a selector value such as `stateless`.
    Text(String),
    Number(i64),
    /// Written `DD.MM.YYYY`.
    Date(NaiveDate),
    /// Another message, translated first (a country's name inside a summary line).
    Msg(Box<Msg>),
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

    pub fn msg(self, name: &'static str, value: Msg) -> Msg {
        self.arg(name, Arg::Msg(Box::new(value)))
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
}

/// One message to the user.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Reply {
    pub blocks: Vec<Block>,
    /// Rows of buttons.
    pub keyboard: Vec<Vec<Button>>,
    pub attachment: Option<Attachment>,
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
        choice: &'static str,
    },
    Language(Lang),
    Back,
    Restart,
    ShowResult,
    Edit(Question),
    /// From the result back to the summary, to change answers.
    ChangeAnswers,
    Contacts,
}

impl Press {
    pub fn encode(&self) -> String {
        match self {
            Press::Answer { question, choice } => format!("a:{}:{}", question.id(), choice),
            Press::Language(lang) => format!("lang:{}", lang.code()),
            Press::Back => "nav:back".into(),
            Press::Restart => "nav:restart".into(),
            Press::ShowResult => "sum:go".into(),
            Press::Edit(question) => format!("sum:edit:{}", question.id()),
            Press::ChangeAnswers => "res:edit".into(),
            Press::Contacts => "res:contacts".into(),
        }
    }

    pub fn decode(data: &str) -> Option<Press> {
        let mut parts = data.splitn(3, ':');
        let press = match (parts.next()?, parts.next(), parts.next()) {
            ("a", Some(question), Some(choice)) => {
                let question = Question::from_id(question)?;
                let choice = question.choice_by_id(choice)?.id;
                Press::Answer { question, choice }
            }
            ("lang", Some(code), None) => Press::Language(Lang::from_code(code)?),
            ("nav", Some("back"), None) => Press::Back,
            ("nav", Some("restart"), None) => Press::Restart,
            ("sum", Some("go"), None) => Press::ShowResult,
            ("sum", Some("edit"), Some(question)) => Press::Edit(Question::from_id(question)?),
            ("res", Some("edit"), None) => Press::ChangeAnswers,
            ("res", Some("contacts"), None) => Press::Contacts,
            _ => return None,
        };
        Some(press)
    }
}
