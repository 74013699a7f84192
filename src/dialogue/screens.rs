//! What each step of the consultation shows: the question with its
//! buttons, the summary, the language choice, the result and the menu
//! after it. Messages as data ([`Reply`]); no text is rendered here.

use super::checklist;
use super::context::Context;
use super::handover;
use super::picker;
use super::session::{Session, Step};
use super::sources;
use super::view::{View, Wording, answer_lines, answered, button, question_text};
use crate::advice;
use crate::amendments::{Form, Questionnaire};
use crate::answers::Answers;
use crate::documents;
use crate::lang::Lang;
use crate::questions::{Choice, Kind, Question, YES_NO};
use crate::reply::{Block, Button, Msg, Press, Reply, firm_text};

/// The replies of one turn: the note, then the view (with the greeting at
/// the head of the question it opens). A note before the question again
/// (an error, help) heads the question's own message: a wrong answer costs
/// one message, not two, against Telegram's pace of one a second. Before
/// any other view the note is a message of its own.
pub fn show(
    session: &Session,
    view: View,
    note: Vec<Msg>,
    greeting: Option<Msg>,
    ctx: &Context,
) -> Vec<Reply> {
    let mut replies = Vec::new();
    let note: Vec<Block> = note.into_iter().map(Block::Paragraph).collect();
    if let View::Current = view {
        let mut reply = current(session, ctx);
        let head = note.into_iter().chain(greeting.map(Block::Paragraph));
        reply.blocks.splice(0..0, head);
        replies.push(reply);
        return replies;
    }
    if !note.is_empty() {
        replies.push(Reply {
            blocks: note,
            ..Reply::default()
        });
    }
    let companion = &session.companion;
    let documents = || documents::for_answers(&session.answers, ctx.today, ctx.amendments);
    match view {
        // Shown above, headed by the note.
        View::Current => {}
        View::LanguageChoice => replies.push(language_question()),
        View::Contacts => replies.push(advice::contacts_reply(ctx.office)),
        View::Result => {
            // Complete answers: the transition checked the route.
            let results = advice::results(&session.answers, ctx.today, ctx.amendments);
            replies.extend(results.unwrap_or_default());
            replies.push(result_contacts(ctx));
        }
        View::Checklist => {
            replies.push(checklist::checklist(&documents(), companion, ctx.features))
        }
        View::ChecklistInPlace => {
            replies.push(checklist::checklist(&documents(), companion, ctx.features));
            if let Step::GiveDate(_) = session.step {
                replies.push(current(session, ctx));
            }
        }
        View::Reminders => {
            let planned =
                crate::reminders::plan(&session.answers, companion, ctx.amendments, ctx.today);
            let pending = crate::reminders::pending(&planned, ctx.sent, ctx.today);
            let on = companion.reminders_since.is_some();
            replies.push(checklist::reminders(
                &pending,
                on,
                &documents(),
                session.answers.stateless(),
            ));
        }
        View::ConfirmRestart => replies.push(checklist::confirm_restart(companion)),
        View::Pdf => replies.push(Reply {
            attachment: Some(crate::reply::Attachment::ChecklistPdf),
            ..Reply::paragraph(Msg::new("pdf-caption"))
        }),
        View::HandoverConsent => {
            replies.extend(handover::consent(&ctx.questions(), &session.answers))
        }
        View::HandoverDeclined => replies.push(handover::declined()),
        View::Picker(page) => {
            if let Step::Ask(question) = session.step {
                let questions = ctx.questions();
                replies.push(picker::page(
                    &questions,
                    question,
                    page,
                    &session.answers,
                    ctx.today,
                ));
            }
        }
        View::Sources => replies.push(sources::sources(
            &session.answers,
            &documents(),
            ctx.amendments,
            ctx.today,
        )),
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
        Step::Summary => summary(&ctx.questions(), &session.answers),
        Step::Result => {
            // A result that needed no documents (a child under the card's
            // age) has no checklist: neither the note nor a button offers one.
            let documents =
                documents::for_answers(&session.answers, ctx.today, ctx.amendments).len();
            let mut first = Vec::new();
            if documents > 0 {
                first.push(button("btn-checklist", Press::Checklist));
            }
            first.push(button("btn-change-answers", Press::ChangeAnswers));
            Reply::paragraph(Msg::new("result-shown").number("documents", documents as i64))
                .row(first)
                .row(vec![
                    button("btn-contacts", Press::Contacts),
                    button("btn-restart", Press::Restart),
                ])
        }
        Step::GiveDate(question) => {
            checklist::date_question(question, &ctx.amendments.terms_on(ctx.today))
        }
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
    let questions = ctx.questions();
    let mut reply = Reply::paragraph(question_text(&questions, question, Wording::Text, answers));
    for row in option_rows(&questions, question) {
        reply = reply.row(row);
    }
    if ctx.features.date_picker {
        reply = reply.row(
            picker::open_button_in(&questions, question, ctx.today)
                .into_iter()
                .collect(),
        );
    }
    let mut navigation = Vec::new();
    if questions.previous_question(answers, question).is_some() {
        navigation.push(button("btn-back", Press::Back));
    }
    navigation.push(button("btn-restart", Press::Restart));
    reply.row(navigation)
}

/// A choice question's buttons, in rows: the guide's, or the firm's
/// (yes/no as the guide's, its own options one to a row).
fn option_rows(questions: &Questionnaire, question: Question) -> Vec<Vec<Button>> {
    let guide_rows = |kind: Kind| match kind {
        Kind::Choice { options, per_row } => options
            .chunks(per_row)
            .map(|row| {
                row.iter()
                    .map(|c: &Choice| Button {
                        label: Msg::new(c.label),
                        press: Press::Answer {
                            question,
                            choice: c.id,
                        },
                    })
                    .collect()
            })
            .collect(),
        _ => Vec::new(),
    };
    let Question::Added(id) = question else {
        return guide_rows(question.kind());
    };
    match questions.added(id).map(|q| &q.form) {
        Some(Form::YesNo) => guide_rows(YES_NO),
        Some(Form::Choice(options)) => options
            .iter()
            .map(|option| {
                vec![Button {
                    label: firm_text(&option.label),
                    press: Press::Answer {
                        question,
                        choice: option.id,
                    },
                }]
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Every answer on the route, numbered, with a button to change each, one
/// to a row: a name such as "Refugee status in Kazakhstan" is cut short in
/// half a row on a phone.
pub fn summary(questions: &Questionnaire, answers: &Answers) -> Reply {
    let answered = answered(questions, answers);
    let lines = answer_lines(questions, answers);
    let edits: Vec<Button> = answered
        .iter()
        .map(|(q, _)| Button {
            label: Msg::new("btn-edit")
                .msg("name", question_text(questions, *q, Wording::Name, answers)),
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
    for row in checklist::result_tools(ctx.features) {
        reply = reply.row(row);
    }
    reply
        .row(handover::result_button(ctx.features))
        .row(vec![button("btn-sources", Press::Sources)])
        .row(vec![
            button("btn-change-answers", Press::ChangeAnswers),
            button("btn-restart", Press::Restart),
        ])
}
