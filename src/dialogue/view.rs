//! What a turn shows ([`View`]), and the pieces every screen is made of:
//! buttons, a question's texts, an answer's label and the answer lines.

use crate::amendments::{Form, Questionnaire};
use crate::answers::{Answer, Answers};
use crate::questions::{Kind, Question, YES_NO};
use crate::reply::{Button, Calendar, Msg, Press, firm_text};
use crate::rules::Part;

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
    /// Where each item of the list comes from, and when it was checked.
    Sources,
    /// Nothing but the note.
    NoteOnly,
}

/// The answers given on the route, in its order.
pub fn answered(questions: &Questionnaire, answers: &Answers) -> Vec<(Question, Answer)> {
    questions
        .route(answers)
        .into_iter()
        .filter_map(|q| Some((q, answers.get(q)?)))
        .collect()
}

/// Each answer given as a line of the summary ("Citizenship: Russia"):
/// also what the office is sent.
pub fn answer_lines(questions: &Questionnaire, answers: &Answers) -> Vec<Msg> {
    answered(questions, answers)
        .iter()
        .map(|(q, answer)| {
            Msg::new("summary-line")
                .msg("name", question_text(questions, *q, Wording::Name, answers))
                .msg("value", answer_label(questions, *q, *answer))
        })
        .collect()
}

/// The label of an answer as the user would recognise it.
pub fn answer_label(questions: &Questionnaire, question: Question, answer: Answer) -> Msg {
    let unknown = || Msg::new("echo-unknown");
    match answer {
        Answer::Age(age) => Msg::new("echo-age").number("age", age.into()),
        Answer::Date(date) => Msg::new("echo-date").date("date", date),
        Answer::Chosen(choice) => match question {
            Question::Added(id) => questions
                .added(id)
                .and_then(|added| match &added.form {
                    Form::Choice(options) => options.iter().find(|o| o.id == choice),
                    _ => None,
                })
                .map_or_else(unknown, |option| firm_text(&option.label)),
            _ => unknown(),
        },
        _ => {
            let choices = match (question, YES_NO) {
                (Question::Added(_), Kind::Choice { options, .. }) => options,
                (guide, _) => guide.choices(),
            };
            choices
                .iter()
                .find(|c| c.answer == answer)
                .map_or_else(unknown, |c| Msg::new(c.label))
        }
    }
}

/// Which of a question's texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wording {
    /// The question itself.
    Text,
    /// Its short name (the summary, the "change" buttons, the office's card).
    Name,
}

/// One of a question's texts, naming the applicant's identity document
/// where the question does; a firm's question in its own words.
pub fn question_text(
    questions: &Questionnaire,
    question: Question,
    wording: Wording,
    answers: &Answers,
) -> Msg {
    if let Question::Added(id) = question {
        return questions.added(id).map_or_else(
            || Msg::new("echo-unknown"),
            |added| {
                firm_text(match wording {
                    Wording::Text => &added.text,
                    Wording::Name => &added.name,
                })
            },
        );
    }
    let Some(definition) = question.definition() else {
        return Msg::new("echo-unknown");
    };
    let msg = Msg::new(match wording {
        Wording::Text => definition.text,
        Wording::Name => definition.name,
    });
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

/// A stage as the texts select on it: `permit` or `card`.
pub fn part_id(part: Part) -> &'static str {
    match part {
        Part::Permit => "permit",
        Part::Card => "card",
    }
}
