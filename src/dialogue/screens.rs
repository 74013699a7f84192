//! What each step of the consultation shows: the question with its
//! buttons, the summary, the language choice, the result and the menu
//! after it. Messages as data ([`Reply`]); no text is rendered here.

use super::context::Context;
use super::handover;
use super::lists;
use super::picker;
use super::session::{Session, Step};
use crate::advice;
use crate::answers::{Answer, Answers};
use crate::documents;
use crate::lang::Lang;
use crate::questions::{Definition, Kind, Question};
use crate::reply::{Block, Button, Calendar, Msg, Press, Reply};
use crate::route;

/// What a turn shows after its note, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Where the conversation now stands: the question, the summary, or
    /// the short note after the result.
    Current,
    /// The language buttons, whatever the step.
    LanguageChoice,
    /// The office's contacts.
    Contacts,
    /// The result's lists, then the contacts with what to do next.
    Result,
    /// The checklist, as a new message.
    Checklist,
    /// The checklist in place of the message whose button was pressed
    /// (then the date question, if the press asked one).
    ChecklistInPlace,
    /// What reminders are scheduled, or an offer to turn them on.
    Reminders,
    /// "Start over and lose the ticks?"
    ConfirmRestart,
    /// The checklist as a PDF to print.
    Pdf,
    /// "Ask the office": what would be sent, to whom and why, with the
    /// buttons to send it (with or without the phone) or not.
    HandoverConsent,
    /// Consent refused: nothing sent, the phone button taken away.
    HandoverDeclined,
    /// A page of the date picker, in place of the pressed message.
    Picker(Calendar),
    /// Nothing but the note.
    NoteOnly,
}

/// The replies of one turn: the note on its own, then the view (with the
/// greeting at the head of the question it opens).
pub fn show(
    session: &Session,
    view: View,
    note: Vec<Msg>,
    greeting: Option<Msg>,
    ctx: &Context,
) -> Vec<Reply> {
    let mut replies = Vec::new();
    if !note.is_empty() {
        replies.push(Reply {
            blocks: note.into_iter().map(Block::Paragraph).collect(),
            ..Reply::default()
        });
    }
    let companion = &session.companion;
    let documents = || documents::for_answers(&session.answers, ctx.today, ctx.extras);
    match view {
        View::Current => {
            let mut reply = current(session, ctx);
            if let Some(greeting) = greeting {
                reply.blocks.insert(0, Block::Paragraph(greeting));
            }
            replies.push(reply);
        }
        View::LanguageChoice => replies.push(language_question()),
        View::Contacts => replies.push(advice::contacts_reply(ctx.office)),
        View::Result => {
            // Complete answers: the transition checked the route.
            let results = advice::results(&session.answers, ctx.today, ctx.extras);
            replies.extend(results.unwrap_or_default());
            replies.push(result_contacts(ctx));
        }
        View::Checklist => replies.push(lists::checklist(&documents(), companion, ctx.features)),
        View::ChecklistInPlace => {
            replies.push(lists::checklist(&documents(), companion, ctx.features));
            if let Step::GiveDate(_) = session.step {
                replies.push(current(session, ctx));
            }
        }
        View::Reminders => {
            let planned = crate::reminders::plan(&session.answers, companion);
            let pending = crate::reminders::pending(&planned, ctx.sent, ctx.today);
            let on = companion.reminders_since.is_some();
            replies.push(lists::reminders(
                &pending,
                on,
                !documents().is_empty(),
                session.answers.stateless(),
            ));
        }
        View::ConfirmRestart => replies.push(lists::confirm_restart(companion)),
        View::Pdf => replies.push(Reply {
            attachment: Some(crate::reply::Attachment::ChecklistPdf),
            ..Reply::paragraph(Msg::new("pdf-caption"))
        }),
        View::HandoverConsent => replies.extend(handover::consent(&session.answers)),
        View::HandoverDeclined => replies.push(handover::declined()),
        View::Picker(page) => {
            if let Step::Ask(question) = session.step {
                replies.push(picker::page(question, page, &session.answers, ctx.today));
            }
        }
        View::NoteOnly => {}
    }
    replies
}

/// The message that stands for where the conversation is: the question
/// again, the summary, or a short note after the result.
pub fn current(session: &Session, ctx: &Context) -> Reply {
    match session.step {
        Step::New | Step::ChooseLanguage => language_question(),
        Step::Ask(question) => ask(question, &session.answers, ctx),
        Step::Summary => summary(&session.answers),
        Step::Result => Reply::paragraph(Msg::new("result-shown"))
            .row(vec![
                button("btn-checklist", Press::Checklist),
                button("btn-change-answers", Press::ChangeAnswers),
            ])
            .row(vec![
                button("btn-contacts", Press::Contacts),
                button("btn-restart", Press::Restart),
            ]),
        Step::GiveDate(question) => lists::date_question(question),
    }
}

pub fn language_question() -> Reply {
    Reply::paragraph(Msg::new("language-question")).row(
        Lang::ALL
            .into_iter()
            .map(|l| button(l.label(), Press::Language(l)))
            .collect(),
    )
}

/// A question with its option buttons (or the calendar, for a date, where
/// the front end can show it), then "back" (when there is a question
/// before it) and "start over".
pub fn ask(question: Question, answers: &Answers, ctx: &Context) -> Reply {
    let mut reply = Reply::paragraph(question_text(question, |d| d.text, answers));
    let buttons: Vec<Button> = question
        .choices()
        .iter()
        .map(|c| Button {
            label: Msg::new(c.label),
            press: Press::Answer {
                question,
                choice: c.id,
            },
        })
        .collect();
    if let Kind::Choice { per_row, .. } = question.kind() {
        for row in buttons.chunks(per_row) {
            reply = reply.row(row.to_vec());
        }
    }
    if ctx.features.date_picker {
        reply = reply.row(
            picker::open_button(question, ctx.today)
                .into_iter()
                .collect(),
        );
    }
    let mut navigation = Vec::new();
    if route::previous_question(answers, question).is_some() {
        navigation.push(button("btn-back", Press::Back));
    }
    navigation.push(button("btn-restart", Press::Restart));
    reply.row(navigation)
}

/// The answers given on the route, in its order.
fn answered(answers: &Answers) -> Vec<(Question, Answer)> {
    route::route(answers)
        .into_iter()
        .filter_map(|q| Some((q, answers.get(q)?)))
        .collect()
}

/// Each answer given as a line of the summary ("Citizenship: Russia"):
/// also what the office is sent.
pub fn answer_lines(answers: &Answers) -> Vec<Msg> {
    answered(answers)
        .iter()
        .map(|(q, answer)| {
            Msg::new("summary-line")
                .msg("name", question_text(*q, |d| d.name, answers))
                .msg("value", answer_label(*q, *answer))
        })
        .collect()
}

/// Every answer on the route, numbered, with a button to change each.
pub fn summary(answers: &Answers) -> Reply {
    let answered = answered(answers);
    let lines = answer_lines(answers);
    let edits: Vec<Button> = answered
        .iter()
        .map(|(q, _)| Button {
            label: Msg::new("btn-edit").msg("name", question_text(*q, |d| d.name, answers)),
            press: Press::Edit(*q),
        })
        .collect();
    let mut reply = Reply::paragraph(Msg::new("summary-title"))
        .with(Block::Numbered(lines))
        .with(Block::Paragraph(Msg::new("summary-hint")))
        .row(vec![button("btn-show-result", Press::ShowResult)]);
    for row in edits.chunks(2) {
        reply = reply.row(row.to_vec());
    }
    reply.row(vec![
        button("btn-back", Press::Back),
        button("btn-restart", Press::Restart),
    ])
}

/// The office's contacts that close the result, with the companion's
/// tools, "change answers" and "start over".
fn result_contacts(ctx: &Context) -> Reply {
    advice::contacts_reply(ctx.office)
        .row(lists::result_tools(ctx.features))
        .row(handover::result_button(ctx.features))
        .row(vec![
            button("btn-change-answers", Press::ChangeAnswers),
            button("btn-restart", Press::Restart),
        ])
}

/// The label of an answer as the user would recognise it.
pub fn answer_label(question: Question, answer: Answer) -> Msg {
    match answer {
        Answer::Age(age) => Msg::new("echo-age").number("age", age.into()),
        Answer::Date(date) => Msg::new("echo-date").date_in_words("date", date),
        _ => question
            .choices()
            .iter()
            .find(|c| c.answer == answer)
            .map(|c| Msg::new(c.label))
            .unwrap_or_else(|| Msg::new("echo-unknown")),
    }
}

/// One of a question's texts (`text` or `name`), naming the applicant's
/// identity document where the question does.
pub fn question_text(
    question: Question,
    key: fn(&Definition) -> &'static str,
    answers: &Answers,
) -> Msg {
    let definition = question.definition();
    let msg = Msg::new(key(definition));
    if definition.names_document {
        msg.document(answers.stateless())
    } else {
        msg
    }
}

pub fn button(key: &'static str, press: Press) -> Button {
    Button {
        label: Msg::new(key),
        press,
    }
}
