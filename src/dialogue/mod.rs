//! The consultation as a pure state machine: `(session, input) -> (session, replies)`.
//!
//! No I/O and no text: the front ends feed [`Input`]s in, send the
//! [`Reply`]s out (rendered by [`crate::texts`]) and store the [`Session`].
//! This module decides the transitions: the next state, and which [`View`]
//! to show with which note; [`screens`] lays the view out.

pub mod checklist;
mod companion;
pub mod context;
pub mod handover;
pub mod input;
pub mod picker;
pub mod screens;
pub mod session;
pub mod sheet;
pub mod sources;
pub mod view;

use crate::amendments::Form;
use crate::answers::{Answer, Answers};
use crate::commands;
use crate::companion::Companion;
use crate::handover::HandoverAction;
use crate::labels;
use crate::lang::Lang;
use crate::parse::{self, MAX_ANSWER_CHARS};
use crate::questions::Question;
use crate::reply::{Msg, Press, Reply};
use crate::rules::Citizenship;
pub use context::Context;
pub use input::Input;
pub use session::{DateQuestion, Session, Step};
pub use view::View;

/// What happened, for logs and statistics (never the answers themselves).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Started,
    Finished,
    /// A document ticked as ready.
    Ticked,
    RemindersOn,
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
    /// The first reply replaces the message whose button was pressed (a
    /// ticked checklist is edited in place).
    pub edit_pressed: bool,
    /// What the front end is to do about the request to the office.
    pub handover: Option<HandoverAction>,
    /// A short answer to the press itself (Telegram's callback answer),
    /// with no message: a calendar day outside the range, say.
    pub toast: Option<Msg>,
}

/// A transition in the making: the next state and what to show.
struct Turn {
    session: Session,
    view: View,
    /// Shown first, as a message of its own (help, an error): its paragraphs.
    note: Vec<Msg>,
    /// Shown at the head of the first question (welcome, "let's start over").
    greeting: Option<Msg>,
    answered: Option<Msg>,
    event: Option<Event>,
    refused: bool,
    handover: Option<HandoverAction>,
    toast: Option<Msg>,
}

/// The one transition function.
pub fn step(session: &Session, input: Input, ctx: &Context) -> Outcome {
    let mut turn = Turn {
        session: session.clone(),
        view: View::Current,
        note: Vec::new(),
        greeting: None,
        answered: None,
        event: None,
        refused: false,
        handover: None,
        toast: None,
    };
    settle(&mut turn.session, ctx);
    // While a request to the office is open, text goes there whatever the step.
    if let Some(input) = handover::intercept(&mut turn, input, ctx) {
        decide(&mut turn, begins(session.step, input), ctx);
    }
    let replies = screens::show(&turn.session, turn.view, turn.note, turn.greeting, ctx);
    Outcome {
        session: turn.session,
        replies,
        answered: turn.answered,
        event: turn.event,
        refused: turn.refused,
        edit_pressed: matches!(turn.view, View::ChecklistInPlace | View::Picker(_)),
        handover: turn.handover,
        toast: turn.toast,
    }
}

/// A question of the firm's that is no longer in force (the content
/// changed since it was asked): the conversation moves on to the question
/// the route now asks, or to the summary.
fn settle(session: &mut Session, ctx: &Context) {
    if let Step::Ask(Question::Added(id)) = session.step
        && ctx.questions().added(id).is_none()
    {
        let questions = ctx.questions();
        questions.keep_only_route(&mut session.answers);
        session.step = match questions.next_question(&session.answers) {
            Some(next) => Step::Ask(next),
            None => Step::Summary,
        };
    }
}

/// A first message of any kind begins the consultation; help, contacts,
/// the language buttons, the office and a language press are answered as asked.
fn begins(step: Step, input: Input) -> Input {
    match (step, input) {
        (Step::New, Input::Button(data))
            if !matches!(Press::decode(&data), Some(Press::Language(_))) =>
        {
            Input::Start {
                lang: None,
                tag: None,
            }
        }
        (
            Step::New,
            input @ (Input::Start { .. }
            | Input::Button(_)
            | Input::Help
            | Input::Sources
            | Input::Contacts
            | Input::Language
            | Input::Office
            | Input::Done
            | Input::Edited(_)),
        ) => input,
        (Step::New, _) => Input::Start {
            lang: None,
            tag: None,
        },
        (_, input) => input,
    }
}

fn decide(turn: &mut Turn, input: Input, ctx: &Context) {
    match input {
        Input::Start { lang, tag } => {
            if !confirm_first(turn) {
                start(turn, lang, tag, ctx)
            }
        }
        Input::Restart => {
            if !confirm_first(turn) {
                restart(turn, ctx)
            }
        }
        Input::Back => back(turn, ctx),
        Input::Help => {
            turn.note
                .push(Msg::new("help").date("checked", ctx.amendments.list_checked()));
            if ctx.features.ask_office {
                turn.note.push(Msg::new("help-office"));
            }
        }
        Input::Sources => turn.view = View::Sources,
        Input::Language => turn.view = View::LanguageChoice,
        Input::Contacts => turn.view = View::Contacts,
        Input::Checklist => companion::checklist(turn, ctx),
        Input::Reminders => companion::reminders(turn, ctx),
        Input::Pdf => companion::pdf(turn, ctx),
        Input::Office => handover::ask(turn, ctx),
        // With a request open, `handover::intercept` closes it instead.
        Input::Done => turn.note.push(Msg::new("handover-none-open")),
        Input::Button(data) => press(turn, &data, ctx),
        Input::Text(text) => typed(turn, &text, ctx),
        Input::UnknownCommand => turn.note.push(
            Msg::new("error-unknown-command").text("commands", commands::listed(ctx.features)),
        ),
        Input::Edited(_) => {
            turn.note.push(Msg::new("edited-message"));
            turn.view = View::NoteOnly;
        }
        // A contact nobody asked for is just another thing the questionnaire cannot read.
        Input::Unsupported | Input::Contact { .. } => turn.note.push(Msg::new("error-unsupported")),
    }
}

/// Starting over would throw away ticks, dates or reminders: ask first.
fn confirm_first(turn: &mut Turn) -> bool {
    let asks = turn.session.step != Step::New && turn.session.companion.has_progress();
    if asks {
        turn.view = View::ConfirmRestart;
    }
    asks
}

fn start(turn: &mut Turn, lang: Option<Lang>, tag: Option<String>, ctx: &Context) {
    let previous = &turn.session;
    turn.session = Session {
        lang: lang.or(previous.lang).or(ctx.client_lang),
        step: Step::ChooseLanguage,
        answers: Answers::default(),
        tag: tag.or_else(|| previous.tag.clone()),
        companion: Companion::default(),
    };
    turn.event = Some(Event::Started);
    if turn.session.lang.is_some() {
        begin_questions(turn, Msg::new("welcome"));
    }
}

fn restart(turn: &mut Turn, ctx: &Context) {
    if turn.session.lang.is_none() {
        return start(turn, None, None, ctx);
    }
    turn.session.answers = Answers::default();
    turn.session.companion = Companion::default();
    turn.event = Some(Event::Started);
    begin_questions(turn, Msg::new("restarted"));
}

fn begin_questions(turn: &mut Turn, greeting: Msg) {
    turn.session.step = Step::Ask(Question::Stage);
    turn.greeting = Some(greeting);
}

fn back(turn: &mut Turn, ctx: &Context) {
    let answers = &turn.session.answers;
    let questions = ctx.questions();
    turn.session.step = match turn.session.step {
        Step::New | Step::ChooseLanguage => return turn.view = View::LanguageChoice,
        Step::Ask(question) => match questions.previous_question(answers, question) {
            Some(previous) => Step::Ask(previous),
            None => return turn.note.push(Msg::new("back-at-first")),
        },
        Step::Summary => Step::Ask(*questions.route(answers).last().unwrap_or(&Question::Stage)),
        Step::Result => Step::Summary,
        Step::GiveDate(_) => Step::Result,
    };
}

fn press(turn: &mut Turn, data: &str, ctx: &Context) {
    let step = turn.session.step;
    match (Press::decode(data), step) {
        (Some(Press::Language(lang)), _) => {
            turn.session.lang = Some(lang);
            match step {
                Step::New | Step::ChooseLanguage => begin_questions(turn, Msg::new("welcome")),
                Step::Result => show_result(turn, ctx),
                _ => {}
            }
        }
        (Some(Press::Restart), _) => {
            if !confirm_first(turn) {
                restart(turn, ctx)
            }
        }
        (Some(Press::RestartConfirmed), _) => restart(turn, ctx),
        (Some(Press::KeepGoing), _) => {}
        (Some(Press::Back), _) => back(turn, ctx),
        (Some(Press::Sources), _) => turn.view = View::Sources,
        (Some(Press::Contacts), _) => turn.view = View::Contacts,
        (Some(Press::Checklist), _) => companion::checklist(turn, ctx),
        (Some(Press::Tick(id)), _) => companion::tick(turn, &id, ctx),
        (Some(Press::Pdf), _) => companion::pdf(turn, ctx),
        (Some(Press::RemindersOn), _) => companion::reminders_on(turn, ctx),
        (Some(Press::CancelReminder(reminder)), _) => companion::cancel(turn, reminder),
        (Some(Press::RemindersOff), _) => companion::reminders_off(turn),
        (Some(Press::Submitted), _) => companion::submitted(turn, ctx),
        (Some(Press::Today), Step::GiveDate(question)) => {
            companion::give_date(turn, question, ctx.today, ctx)
        }
        (Some(Press::SkipDate), Step::GiveDate(_)) => companion::skip_date(turn),
        (Some(Press::AskOffice), _) => handover::ask(turn, ctx),
        (Some(Press::HandoverSend), _) => handover::send(turn, ctx),
        (Some(Press::HandoverDecline), _) => handover::decline(turn, ctx),
        (Some(Press::Answer { question, choice }), Step::Ask(asked))
            if question == asked && chosen(question, choice, ctx).is_some() =>
        {
            if let Some(answer) = chosen(question, choice, ctx) {
                accept(turn, question, answer, ctx);
            }
        }
        // The same answer again (a redelivered update, or an earlier message's
        // button): nothing to change, show where the conversation is.
        (Some(Press::Answer { question, choice }), _)
            if chosen(question, choice, ctx)
                .is_some_and(|a| turn.session.answers.get(question) == Some(a)) => {}
        (Some(Press::Calendar { question, page }), Step::Ask(asked))
            if question == asked && ctx.features.date_picker =>
        {
            picker::press(turn, question, page, ctx)
        }
        (Some(Press::ShowResult), Step::Summary) => show_result(turn, ctx),
        (Some(Press::Edit(question)), Step::Summary | Step::Result)
            if turn.session.answers.get(question).is_some()
                && ctx
                    .questions()
                    .route(&turn.session.answers)
                    .contains(&question) =>
        {
            turn.session.step = Step::Ask(question)
        }
        (Some(Press::ChangeAnswers), Step::Result | Step::Summary | Step::GiveDate(_)) => {
            turn.session.step = Step::Summary
        }
        // A button from an earlier message, or data nobody sent.
        _ => refuse(turn),
    }
}

/// The answer a choice button gives: one of the guide's options, or of a
/// firm's question in force; `None` for a button nobody offers now.
fn chosen(question: Question, choice: crate::answers::Id, ctx: &Context) -> Option<Answer> {
    let Question::Added(id) = question else {
        return question.choice_by_id(choice.as_str()).map(|c| c.answer);
    };
    match &ctx.questions().added(id)?.form {
        Form::YesNo => match crate::questions::YES_NO {
            crate::questions::Kind::Choice { options, .. } => {
                options.iter().find(|c| c.id == choice).map(|c| c.answer)
            }
            _ => None,
        },
        Form::Choice(options) => options
            .iter()
            .any(|o| o.id == choice)
            .then_some(Answer::Chosen(choice)),
        Form::Date(_) => None,
    }
}

/// A press the current step does not take: the state is left as it was.
fn refuse(turn: &mut Turn) {
    turn.refused = true;
    turn.note.push(Msg::new("error-outdated-button"));
}

fn typed(turn: &mut Turn, text: &str, ctx: &Context) {
    if text.chars().count() > MAX_ANSWER_CHARS {
        turn.note
            .push(Msg::new("error-too-long").number("max", MAX_ANSWER_CHARS as i64));
        return;
    }
    // Every parser below reads the characters the text shows.
    let text = &*parse::normalise(text);
    match turn.session.step {
        Step::New | Step::ChooseLanguage => {
            if let Some(lang) = labels::pick(Lang::ALL, |l| l.label(), text, ctx.labels) {
                press(turn, &Press::Language(lang).encode(), ctx);
            }
        }
        Step::Ask(question) => {
            let answers = &turn.session.answers;
            let parsed = match question {
                Question::Added(id) => match ctx.questions().added(id) {
                    Some(added) => parse::parse_added(added, text, ctx.today, ctx.labels),
                    None => Err(Msg::new("error-outdated-button")),
                },
                guide => parse::parse_answer(guide, text, answers, ctx.today, ctx.labels),
            };
            match parsed {
                Ok(answer) => accept(turn, question, answer, ctx),
                Err(error) => turn.note.push(error),
            }
        }
        Step::Summary => turn.note.push(Msg::new("error-use-buttons")),
        Step::Result => {}
        Step::GiveDate(question) => companion::typed_date(turn, question, text, ctx),
    }
}

fn accept(turn: &mut Turn, question: Question, answer: Answer, ctx: &Context) {
    if answer == Answer::Citizenship(Citizenship::Kazakhstan) {
        turn.note.push(Msg::new("not-for-citizens-of-kazakhstan"));
        return;
    }
    let questions = ctx.questions();
    turn.answered = Some(view::answer_label(&questions, question, answer));
    let answers = &mut turn.session.answers;
    answers.set(question, answer);
    questions.keep_only_route(answers);
    turn.session.step = match questions.next_question(answers) {
        Some(next) => Step::Ask(next),
        None => {
            // Complete again: ticks of documents no longer required go.
            let documents = crate::documents::for_answers(answers, ctx.today, ctx.amendments);
            companion::keep_ticks_of(turn, &documents);
            Step::Summary
        }
    };
}

fn show_result(turn: &mut Turn, ctx: &Context) {
    // An answer missing (an edited route, a question the firm added since):
    // ask for it instead.
    let questions = ctx.questions();
    questions.keep_only_route(&mut turn.session.answers);
    if let Some(missing) = questions.next_question(&turn.session.answers) {
        turn.session.step = Step::Ask(missing);
        return;
    }
    let documents = crate::documents::for_answers(&turn.session.answers, ctx.today, ctx.amendments);
    companion::keep_ticks_of(turn, &documents);
    turn.session.step = Step::Result;
    turn.event = Some(Event::Finished);
    turn.view = View::Result;
}
