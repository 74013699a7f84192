//! What a turn shows ([`View`]), and the pieces every screen is made of:
//! buttons, a question's texts, an answer's label and the answer lines.

use crate::answers::{Answer, Answers};
use crate::questions::{Definition, Question};
use crate::reply::{Button, Calendar, Msg, Press};
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

/// The answers given on the route, in its order.
pub fn answered(answers: &Answers) -> Vec<(Question, Answer)> {
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

/// The label of an answer as the user would recognise it.
pub fn answer_label(question: Question, answer: Answer) -> Msg {
    match answer {
        Answer::Age(age) => Msg::new("echo-age").number("age", age.into()),
        Answer::Date(date) => Msg::new("echo-date").date("date", date),
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
