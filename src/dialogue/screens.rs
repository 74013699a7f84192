//! What each step of the consultation shows: the question with its
//! buttons, the summary, the language choice, the result and the menu
//! after it. Messages as data ([`Reply`]); no text is rendered here.

use super::context::Context;
use super::handover;
use super::lists;
use super::picker;
use super::session::{Session, Step};
use super::view::{View, answer_lines, answered, button, question_text};
use crate::advice;
use crate::answers::Answers;
use crate::documents;
use crate::lang::Lang;
use crate::questions::{Kind, Question};
use crate::reply::{Block, Button, Msg, Press, Reply};
use crate::route;

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

/// Every answer on the route, numbered, with a button to change each, one
/// to a row: a name such as "Refugee status in Kazakhstan" is cut short in
/// half a row on a phone.
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
    for edit in edits {
        reply = reply.row(vec![edit]);
    }
    reply.row(vec![
        button("btn-back", Press::Back),
        button("btn-restart", Press::Restart),
    ])
}

/// The office's contacts that close the result, with the companion's
/// tools, "change answers" and "start over".
fn result_contacts(ctx: &Context) -> Reply {
    let mut reply = advice::contacts_reply(ctx.office);
    for row in lists::result_tools(ctx.features) {
        reply = reply.row(row);
    }
    reply.row(handover::result_button(ctx.features)).row(vec![
        button("btn-change-answers", Press::ChangeAnswers),
        button("btn-restart", Press::Restart),
    ])
}
