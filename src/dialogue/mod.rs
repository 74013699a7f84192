//! The consultation as a pure state machine: `(session, input) -> (session, replies)`.
//!
//! No I/O and no text: the front ends feed [`Input`]s in, send the
//! [`Reply`]s out (rendered by [`crate::texts`]) and store the [`Session`].
//! This module holds the transitions; [`screens`] lays out what each step shows.

pub mod screens;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::advice;
use crate::answers::{Answer, Answers};
use crate::labels::{self, Labels};
use crate::lang::Lang;
use crate::office::Office;
use crate::parse::{self, MAX_ANSWER_CHARS};
use crate::questions::Question;
use crate::reply::{Block, Msg, Press, Reply};
use crate::route;
use crate::rules::Citizenship;
use screens::{ask, current, language_question};

/// Where the conversation stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Nothing said yet.
    #[default]
    New,
    /// Waiting for the language, before the first question.
    ChooseLanguage,
    Ask(Question),
    /// All answers given: shown for a check before the result.
    Summary,
    /// The result has been shown.
    Result,
}

/// The consultation of one chat.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    #[serde(default)]
    pub lang: Option<Lang>,
    #[serde(default)]
    pub step: Step,
    #[serde(default)]
    pub answers: Answers,
    /// The deep-link tag staff put in the link (`ru-almaty_office`), for statistics.
    #[serde(default)]
    pub tag: Option<String>,
}

impl Session {
    /// The language replies are written in: the chosen one, else the app's, else English.
    pub fn reply_lang(&self, client_lang: Option<Lang>) -> Lang {
        self.lang.or(client_lang).unwrap_or(Lang::English)
    }
}

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
    /// Raw callback data of a pressed button: anything may arrive.
    Button(String),
    Text(String),
    /// A sticker, photo, voice message…: nothing the questionnaire can read.
    Unsupported,
}

/// What happened, for logs and statistics (never the answers themselves).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Started,
    Finished,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub session: Session,
    pub replies: Vec<Reply>,
    /// The accepted answer's label, so a front end can show it under the
    /// question that was answered (Telegram edits the question's message).
    pub answered: Option<Msg>,
    pub event: Option<Event>,
    /// A button press the current step does not accept (old or forged): the
    /// session is unchanged and a front end may answer more briefly.
    pub refused: bool,
}

/// What the core needs from outside: today's date in Kazakhstan, the office,
/// the option labels typed answers are matched against, and the language
/// of the user's app, used until they choose one.
pub struct Context<'a> {
    pub today: NaiveDate,
    pub office: &'a Office,
    pub labels: &'a Labels,
    pub client_lang: Option<Lang>,
}

/// The one transition function.
pub fn step(session: &Session, input: Input, ctx: &Context) -> Outcome {
    let mut out = Outcome {
        session: session.clone(),
        replies: Vec::new(),
        answered: None,
        event: None,
        refused: false,
    };
    // A first message of any kind begins the consultation.
    let input = match (session.step, input) {
        (Step::New, Input::Start { lang, tag }) => Input::Start { lang, tag },
        (Step::New, Input::Button(data))
            if matches!(Press::decode(&data), Some(Press::Language(_))) =>
        {
            Input::Button(data)
        }
        // Help and contacts are answered as asked; anything else begins.
        (Step::New, input @ (Input::Help | Input::Contacts | Input::Language)) => input,
        (Step::New, _) => Input::Start {
            lang: None,
            tag: None,
        },
        (_, input) => input,
    };
    match input {
        Input::Start { lang, tag } => start(&mut out, lang, tag, ctx),
        Input::Restart => restart(&mut out, ctx),
        Input::Back => back(&mut out),
        Input::Help => {
            out.replies.push(Reply::paragraph(Msg::new("help")));
            out.replies.push(current(&out.session));
        }
        Input::Language => out.replies.push(language_question()),
        Input::Contacts => out.replies.push(advice::contacts_reply(ctx.office)),
        Input::Button(data) => press(&mut out, &data, ctx),
        Input::Text(text) => typed(&mut out, &text, ctx),
        Input::Unsupported => {
            out.replies
                .push(Reply::paragraph(Msg::new("error-unsupported")));
            out.replies.push(current(&out.session));
        }
    }
    out
}

fn start(out: &mut Outcome, lang: Option<Lang>, tag: Option<String>, ctx: &Context) {
    let previous = &out.session;
    out.session = Session {
        lang: lang.or(previous.lang).or(ctx.client_lang),
        step: Step::ChooseLanguage,
        answers: Answers::default(),
        tag: tag.or_else(|| previous.tag.clone()),
    };
    out.event = Some(Event::Started);
    if out.session.lang.is_none() {
        out.replies.push(language_question());
    } else {
        begin_questions(out, Msg::new("welcome"));
    }
}

fn restart(out: &mut Outcome, ctx: &Context) {
    if out.session.lang.is_none() {
        return start(out, None, None, ctx);
    }
    out.session.answers = Answers::default();
    out.event = Some(Event::Started);
    begin_questions(out, Msg::new("restarted"));
}

fn begin_questions(out: &mut Outcome, greeting: Msg) {
    out.session.step = Step::Ask(Question::Stage);
    let mut reply = ask(Question::Stage, &out.session.answers);
    reply.blocks.insert(0, Block::Paragraph(greeting));
    out.replies.push(reply);
}

fn back(out: &mut Outcome) {
    let answers = &out.session.answers;
    match out.session.step {
        Step::New | Step::ChooseLanguage => out.replies.push(language_question()),
        Step::Ask(question) => match route::previous_question(answers, question) {
            Some(previous) => go_to(out, Step::Ask(previous)),
            None => {
                out.replies
                    .push(Reply::paragraph(Msg::new("back-at-first")));
                out.replies.push(current(&out.session));
            }
        },
        Step::Summary => {
            let last = *route::route(answers).last().unwrap_or(&Question::Stage);
            go_to(out, Step::Ask(last));
        }
        Step::Result => go_to(out, Step::Summary),
    }
}

fn go_to(out: &mut Outcome, step: Step) {
    out.session.step = step;
    out.replies.push(current(&out.session));
}

fn press(out: &mut Outcome, data: &str, ctx: &Context) {
    let step = out.session.step;
    match (Press::decode(data), step) {
        (Some(Press::Language(lang)), _) => {
            out.session.lang = Some(lang);
            match step {
                Step::New | Step::ChooseLanguage => begin_questions(out, Msg::new("welcome")),
                Step::Result => show_result(out, ctx),
                _ => out.replies.push(current(&out.session)),
            }
        }
        (Some(Press::Restart), _) => restart(out, ctx),
        (Some(Press::Back), _) => back(out),
        (Some(Press::Contacts), _) => out.replies.push(advice::contacts_reply(ctx.office)),
        (Some(Press::Answer { question, choice }), Step::Ask(asked)) if question == asked => {
            if let Some(choice) = question.choice_by_id(choice) {
                accept(out, question, choice.answer);
            }
        }
        // The same answer again (a redelivered update, or an earlier message's
        // button): nothing to change, show where the conversation is.
        (Some(Press::Answer { question, choice }), _)
            if question
                .choice_by_id(choice)
                .is_some_and(|c| out.session.answers.get(question) == Some(c.answer)) =>
        {
            out.replies.push(current(&out.session))
        }
        (Some(Press::ShowResult), Step::Summary) => show_result(out, ctx),
        (Some(Press::Edit(question)), Step::Summary | Step::Result)
            if out.session.answers.get(question).is_some() =>
        {
            go_to(out, Step::Ask(question))
        }
        (Some(Press::ChangeAnswers), Step::Result | Step::Summary) => go_to(out, Step::Summary),
        // A button from an earlier message, or data nobody sent.
        _ => {
            out.refused = true;
            out.replies
                .push(Reply::paragraph(Msg::new("error-outdated-button")));
            out.replies.push(current(&out.session));
        }
    }
}

fn typed(out: &mut Outcome, text: &str, ctx: &Context) {
    if text.chars().count() > MAX_ANSWER_CHARS {
        out.replies.push(Reply::paragraph(
            Msg::new("error-too-long").number("max", MAX_ANSWER_CHARS as i64),
        ));
        out.replies.push(current(&out.session));
        return;
    }
    match out.session.step {
        Step::New | Step::ChooseLanguage => {
            match labels::pick(Lang::ALL, |l| l.label(), text, ctx.labels) {
                Some(lang) => press(out, &Press::Language(lang).encode(), ctx),
                None => out.replies.push(language_question()),
            }
        }
        Step::Ask(question) => {
            match parse::parse_answer(question, text, &out.session.answers, ctx.today, ctx.labels) {
                Ok(answer) => accept(out, question, answer),
                Err(error) => {
                    out.replies.push(Reply::paragraph(error));
                    out.replies.push(current(&out.session));
                }
            }
        }
        Step::Summary => {
            out.replies
                .push(Reply::paragraph(Msg::new("error-use-buttons")));
            out.replies.push(current(&out.session));
        }
        Step::Result => out.replies.push(current(&out.session)),
    }
}

fn accept(out: &mut Outcome, question: Question, answer: Answer) {
    if answer == Answer::Citizenship(Citizenship::Kazakhstan) {
        out.replies
            .push(Reply::paragraph(Msg::new("not-for-citizens-of-kazakhstan")));
        out.replies.push(current(&out.session));
        return;
    }
    out.answered = Some(screens::answer_label(question, answer));
    let answers = &mut out.session.answers;
    answers.set(question, answer);
    route::keep_only_route(answers);
    let next = match route::next_question(answers) {
        Some(next) => Step::Ask(next),
        None => Step::Summary,
    };
    go_to(out, next);
}

fn show_result(out: &mut Outcome, ctx: &Context) {
    let Some(results) = advice::results(&out.session.answers, ctx.today) else {
        // Not all answers there (an edited route): ask what is missing.
        let next = route::next_question(&out.session.answers).unwrap_or(Question::Stage);
        return go_to(out, Step::Ask(next));
    };
    out.session.step = Step::Result;
    out.event = Some(Event::Finished);
    out.replies.extend(results);
    out.replies.push(screens::result_contacts(ctx.office));
}
