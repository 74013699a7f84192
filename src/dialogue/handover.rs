//! "Ask the office": the transitions (consent, the request opened and
//! closed, text relayed while it is open) and what they show, to the
//! applicant and to the office's staff. Messages as data; the front end
//! posts, relays and keeps the request (see [`crate::handover`]).

use chrono::NaiveDate;

use super::session::Session;
use super::view::{self, View, button};
use super::{Context, Input, Turn};
use crate::amendments::{Amendments, Questionnaire};
use crate::answers::Answers;
use crate::companion::Features;
use crate::documents;
use crate::handover::{Handover, HandoverAction};
use crate::lang::Lang;
use crate::office::Office;
use crate::reply::{Block, Button, InputKeyboard, Msg, Press, Reply, firm_text};
use crate::rules::Part;

/// Inputs that mean something else while a request is open, or while the
/// consent screen waits for the phone number; the rest go on to the
/// questionnaire. While a request is open every text that is not a
/// command goes to the office, even at a question that expects typed
/// text: the applicant was told so, and `/done` gives the questionnaire
/// its text back.
pub(super) fn intercept(turn: &mut Turn, input: Input, ctx: &Context) -> Option<Input> {
    if !ctx.features.ask_office {
        return Some(input);
    }
    match (&ctx.handover, input) {
        (Handover::Open { .. }, Input::Text(_)) => turn.handover = Some(HandoverAction::Relay),
        // An edit corrects what the office was sent (commands never went there).
        (Handover::Open { .. }, Input::Edited(Some(text))) if !text.starts_with('/') => {
            turn.handover = Some(HandoverAction::RelayCorrection)
        }
        (Handover::Open { .. }, Input::Unsupported | Input::Contact { .. }) => {
            turn.note.push(Msg::new("handover-text-only"))
        }
        (Handover::Open { reference }, Input::Done) => {
            turn.handover = Some(HandoverAction::Close);
            turn.note
                .push(Msg::new("handover-closed").text("reference", reference.clone()));
        }
        (Handover::Consenting, Input::Contact { own: true }) => {
            turn.handover = Some(HandoverAction::Open { with_phone: true })
        }
        (Handover::Consenting, Input::Contact { own: false }) => {
            turn.note.push(Msg::new("handover-contact-not-yours"))
        }
        (_, input) => return Some(input),
    }
    turn.view = View::NoteOnly;
    None
}

/// `/office` or the button: the consent screen, unless a request is open.
pub(super) fn ask(turn: &mut Turn, ctx: &Context) {
    if !ctx.features.ask_office {
        turn.note.push(Msg::new("handover-unavailable"));
        turn.view = View::Contacts;
        return;
    }
    if !already_open(turn, ctx) {
        turn.handover = Some(HandoverAction::Consenting);
        turn.view = View::HandoverConsent;
    }
}

/// "Send" on the consent screen: consent given, without the phone.
pub(super) fn send(turn: &mut Turn, ctx: &Context) {
    if refused_without_office(turn, ctx) || already_open(turn, ctx) {
        return;
    }
    turn.handover = Some(HandoverAction::Open { with_phone: false });
    turn.view = View::NoteOnly;
}

/// "Don't send" on the consent screen.
pub(super) fn decline(turn: &mut Turn, ctx: &Context) {
    if refused_without_office(turn, ctx) || already_open(turn, ctx) {
        return;
    }
    turn.handover = Some(HandoverAction::Decline);
    turn.view = View::HandoverDeclined;
}

/// A consent button from before the office was switched off.
fn refused_without_office(turn: &mut Turn, ctx: &Context) -> bool {
    if !ctx.features.ask_office {
        turn.refused = true;
        turn.note.push(Msg::new("error-outdated-button"));
    }
    !ctx.features.ask_office
}

/// One request at a time: says which is open.
fn already_open(turn: &mut Turn, ctx: &Context) -> bool {
    let Handover::Open { reference } = &ctx.handover else {
        return false;
    };
    turn.note
        .push(Msg::new("handover-already-open").text("reference", reference.clone()));
    turn.view = View::NoteOnly;
    true
}

/// The button under the result, where there is an office to ask.
pub fn result_button(features: Features) -> Vec<Button> {
    if features.ask_office {
        vec![button("btn-ask-office", Press::AskOffice)]
    } else {
        Vec::new()
    }
}

/// The consent screen: what would be sent (the answers as in the summary,
/// the language, the first name; the phone only with its own button), to
/// whom and why, then "send" and "don't send". The phone button comes in
/// a second message: Telegram asks for a phone number only from a
/// keyboard in place of the user's own.
pub fn consent(questions: &Questionnaire, answers: &Answers) -> Vec<Reply> {
    let lines = view::answer_lines(questions, answers);
    let mut first = Reply::paragraph(Msg::new("handover-consent-what"));
    first = if lines.is_empty() {
        first.with(Block::Paragraph(Msg::new("handover-consent-no-answers")))
    } else {
        first.with(Block::Numbered(lines))
    };
    let first = first
        .with(Block::Paragraph(Msg::new("handover-consent-who")))
        .row(vec![
            button("btn-handover-send", Press::HandoverSend),
            button("btn-handover-decline", Press::HandoverDecline),
        ]);
    let phone = Reply {
        input_keyboard: Some(InputKeyboard::ShareContact(Msg::new("btn-handover-phone"))),
        ..Reply::paragraph(Msg::new("handover-phone-offer"))
    };
    vec![first, phone]
}

/// Consent refused: nothing was sent, and the phone button goes away.
pub fn declined() -> Reply {
    Reply {
        input_keyboard: Some(InputKeyboard::Remove),
        ..Reply::paragraph(Msg::new("handover-declined"))
    }
}

/// The applicant once the card is with the office: the reference, how
/// the conversation goes on, the phones and opening hours.
pub fn sent(reference: &str, office: &Office) -> Reply {
    Reply {
        input_keyboard: Some(InputKeyboard::Remove),
        ..with_office(
            Reply::paragraph(Msg::new("handover-sent").text("reference", reference)),
            office,
        )
    }
}

/// The card could not be posted: nothing was sent; the phones instead.
pub fn failed(office: &Office) -> Reply {
    Reply {
        input_keyboard: Some(InputKeyboard::Remove),
        ..with_office(Reply::paragraph(Msg::new("handover-failed")), office)
    }
}

/// The applicant's message did not reach the office.
pub fn undelivered(office: &Office) -> Reply {
    with_office(Reply::paragraph(Msg::new("handover-undelivered")), office)
}

/// The office's phones, and its opening hours when the firm gives them.
fn with_office(reply: Reply, office: &Office) -> Reply {
    let reply = reply.with(Block::Paragraph(
        Msg::new("office-phones").text("phones", office.phones.join(", ")),
    ));
    match &office.hours {
        Some(hours) => reply.with(Block::Paragraph(
            Msg::new("office-hours").localized("hours", hours.clone()),
        )),
        None => reply,
    }
}

/// A staff member's text, as the applicant gets it: marked as the office's.
pub fn from_office(reference: &str, text: &str) -> Reply {
    Reply::paragraph(
        Msg::new("handover-from-office")
            .text("reference", reference)
            .text("text", text),
    )
}

/// A staff member corrected a message the applicant was sent: its text now.
pub fn corrected_by_office(reference: &str, text: &str) -> Reply {
    Reply::paragraph(
        Msg::new("handover-from-office-corrected")
            .text("reference", reference)
            .text("text", text),
    )
}

/// Staff closed the request.
pub fn closed_by_office(reference: &str) -> Reply {
    Reply::paragraph(Msg::new("handover-closed-by-office").text("reference", reference))
}

/// The request was open longer than the retention period.
pub fn expired(reference: &str, days: i64) -> Reply {
    Reply::paragraph(
        Msg::new("handover-expired")
            .text("reference", reference)
            .number("days", days),
    )
}

/// Who the office is talking to: what the applicant agreed to send.
#[derive(Clone, Copy, Debug)]
pub struct Applicant<'a> {
    /// Their Telegram first name.
    pub first_name: &'a str,
    /// Only from their own contact, shared with its own button.
    pub phone: Option<&'a str>,
    /// The language they use with the bot.
    pub lang: Lang,
}

/// The card posted to the office: reference, who, language, phone (when
/// shared), deep-link tag, the answers as in the summary, the dates that
/// follow from them, and a button to close the request. Rendered in the
/// office's language.
pub fn card(
    session: &Session,
    applicant: Applicant,
    reference: &str,
    today: NaiveDate,
    amendments: &Amendments,
) -> Reply {
    let answers = &session.answers;
    let mut reply = Reply::paragraph(Msg::new("handover-card-title").text("reference", reference))
        .with(Block::Paragraph(
            Msg::new("handover-card-applicant")
                .text("name", applicant.first_name)
                .msg("language", Msg::new(applicant.lang.label())),
        ));
    if let Some(phone) = applicant.phone {
        reply = reply.with(Block::Paragraph(
            Msg::new("handover-card-phone").text("phone", phone),
        ));
    }
    if let Some(tag) = &session.tag {
        reply = reply.with(Block::Paragraph(
            Msg::new("handover-card-tag").text("tag", tag.clone()),
        ));
    }
    let lines = view::answer_lines(&amendments.questionnaire(today), answers);
    reply = if lines.is_empty() {
        reply.with(Block::Paragraph(Msg::new("handover-card-no-answers")))
    } else {
        reply
            .with(Block::Paragraph(Msg::new("handover-card-answers")))
            .with(Block::Numbered(lines))
    };
    let dates = card_dates(session, amendments, today);
    if !dates.is_empty() {
        reply = reply
            .with(Block::Paragraph(Msg::new("handover-card-dates")))
            .with(Block::Numbered(dates));
    }
    let documents = documents::for_answers(answers, today, amendments);
    if !documents.is_empty() {
        let ready = documents
            .iter()
            .filter(|d| session.companion.is_ticked(&d.id))
            .count();
        reply = reply.with(Block::Paragraph(
            Msg::new("handover-card-progress")
                .number("ready", ready as i64)
                .number("total", documents.len() as i64),
        ));
    }
    reply
        .with(Block::Paragraph(Msg::new("handover-card-hint")))
        .row(vec![button(
            "btn-handover-close",
            Press::CloseRequest(reference.to_string()),
        )])
}

/// The dates the answers and the companion give, as the office needs
/// them: the passport's last day for the permit, the certificate's, the
/// last days of the firm's documents that have one, the card's due date.
fn card_dates(session: &Session, amendments: &Amendments, today: NaiveDate) -> Vec<Msg> {
    let answers = &session.answers;
    let companion = &session.companion;
    let mut dates = Vec::new();
    if let Some(expiry) = answers.document_expiry {
        let msg = if answers.stage.is_some_and(|s| s.includes_permit()) {
            Msg::new("handover-card-passport-permit")
                .date("last_day", amendments.last_submission_day(expiry))
        } else {
            Msg::new("handover-card-passport")
        };
        dates.push(msg.document(answers.stateless()).date("expiry", expiry));
    }
    if let Some(given) = companion.certificate {
        dates.push(
            Msg::new("handover-card-certificate")
                .date("issued", given.date)
                .date("last_day", amendments.certificate_last_day(given.date)),
        );
    }
    for part in [Part::Permit, Part::Card] {
        for extra in amendments.extras(part, answers, today) {
            if let Some(last_day) = amendments.deadline(extra, answers) {
                dates.push(
                    Msg::new("handover-card-document-last-day")
                        .msg(
                            "name",
                            firm_text(extra.short.as_ref().unwrap_or(&extra.text)),
                        )
                        .date("last_day", last_day),
                );
            }
        }
    }
    if let Some(given) = companion.submitted {
        dates.push(
            Msg::new("handover-card-card-due")
                .date("submitted", given.date)
                .date("date", amendments.card_ready_by(given.date)),
        );
    }
    dates
}

/// The applicant's text, as the office gets it: marked with the reference.
pub fn to_staff(reference: &str, first_name: &str, text: &str) -> Reply {
    Reply::paragraph(
        Msg::new("handover-to-staff")
            .text("reference", reference)
            .text("name", first_name)
            .text("text", text),
    )
}

/// The applicant corrected a message the office was sent: its text now.
pub fn corrected_to_staff(reference: &str, first_name: &str, text: &str) -> Reply {
    Reply::paragraph(
        Msg::new("handover-to-staff-corrected")
            .text("reference", reference)
            .text("name", first_name)
            .text("text", text),
    )
}

/// The staff group became a supergroup (a new chat): an open request goes
/// on there, and this is what staff reply to, with "Close" under it.
pub fn continued(reference: &str) -> Reply {
    Reply::paragraph(Msg::new("handover-staff-continued").text("reference", reference)).row(vec![
        button(
            "btn-handover-close",
            Press::CloseRequest(reference.to_string()),
        ),
    ])
}

/// What the bot tells the office about a request, in the staff chat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffNote {
    /// The applicant sent `/done`.
    ClosedByApplicant,
    /// A staff member pressed "Close".
    ClosedByStaff,
    /// The applicant sent `/forget`: the request and its mapping are gone.
    Withdrawn,
    /// Open longer than the retention period.
    Expired { days: i64 },
    /// The applicant blocked the bot: the staff's message did not reach them.
    Unreachable,
    /// Telegram did not take the staff's message for the applicant.
    NotDelivered,
    /// A photo, document or voice message: not relayed.
    TextOnly,
    /// A reply to the bot's message that belongs to no open request.
    NotLinked,
}

pub fn staff_note(note: StaffNote, reference: &str) -> Reply {
    let msg = match note {
        StaffNote::ClosedByApplicant => Msg::new("handover-staff-closed-by-applicant"),
        StaffNote::ClosedByStaff => Msg::new("handover-staff-closed"),
        StaffNote::Withdrawn => Msg::new("handover-staff-withdrawn"),
        StaffNote::Expired { days } => Msg::new("handover-staff-expired").number("days", days),
        StaffNote::Unreachable => Msg::new("handover-staff-unreachable"),
        StaffNote::NotDelivered => Msg::new("handover-staff-not-delivered"),
        StaffNote::TextOnly => Msg::new("handover-staff-text-only"),
        StaffNote::NotLinked => Msg::new("handover-staff-not-linked"),
    };
    Reply::paragraph(msg.text("reference", reference))
}
