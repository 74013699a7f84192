//! What the companion shows after the result: the checklist to tick off,
//! the buttons under the result, the dates it asks for, "start over?", and
//! the reminders with the messages they send. Messages as data; no text is
//! rendered here. The printable sheet is [`super::sheet`]'s, the sources
//! [`super::sources`]'.

use chrono::NaiveDate;

use super::session::{DateQuestion, Session};
use super::view::{button, part_id};
use crate::amendments::Amendments;
use crate::companion::{Companion, Features, Reminder};
use crate::documents::Document;
use crate::office::Office;
use crate::reminders::Planned;
use crate::reply::{Block, Button, Msg, Press, Reply};
use crate::rules::{Part, Terms};

/// A document as a line of the checklist, or its button: ⬜ or ✅ and its short name.
fn item(document: &Document, companion: &Companion) -> Msg {
    let mark = if companion.is_ticked(&document.id) {
        "✅"
    } else {
        "⬜"
    };
    Msg::new("checklist-item")
        .text("mark", mark)
        .msg("name", document.short.clone())
}

/// The checklist: each stage's documents with how many are ready, a
/// button per document to tick or untick it, then the companion's tools.
pub fn checklist(documents: &[Document], companion: &Companion, features: Features) -> Reply {
    let mut reply = Reply::paragraph(Msg::new("checklist-title"));
    for part in [Part::Permit, Part::Card] {
        let of_part: Vec<&Document> = documents.iter().filter(|d| d.part == part).collect();
        if of_part.is_empty() {
            continue;
        }
        let ready = of_part
            .iter()
            .filter(|d| companion.is_ticked(&d.id))
            .count();
        reply = reply
            .with(Block::Paragraph(
                Msg::new("checklist-part")
                    .text("part", part_id(part))
                    .number("ready", ready as i64)
                    .number("total", of_part.len() as i64),
            ))
            .with(Block::Numbered(
                of_part.iter().map(|d| item(d, companion)).collect(),
            ));
    }
    reply = reply.with(Block::Paragraph(Msg::new("checklist-hint")));
    for document in documents {
        reply = reply.row(vec![Button {
            label: item(document, companion),
            press: Press::Tick(document.id.clone()),
        }]);
    }
    let mut tools = Vec::new();
    if features.pdf {
        tools.push(button("btn-pdf", Press::Pdf));
    }
    if features.reminders {
        tools.push(button("btn-reminders", Press::RemindersOn));
    }
    reply = reply.row(tools);
    if features.reminders && documents.iter().any(|d| d.part == Part::Card) {
        reply = reply.row(vec![button("btn-submitted", Press::Submitted)]);
    }
    reply
}

/// The buttons under the result: the checklist and the PDF, then
/// reminders on a row of their own (three in a row are cut on a phone).
pub fn result_tools(features: Features) -> Vec<Vec<Button>> {
    let mut first = vec![button("btn-checklist", Press::Checklist)];
    if features.pdf {
        first.push(button("btn-pdf", Press::Pdf));
    }
    let mut rows = vec![first];
    if features.reminders {
        rows.push(vec![button("btn-reminders-on", Press::RemindersOn)]);
    }
    rows
}

/// A date the companion asks for, with a way out.
pub fn date_question(question: DateQuestion, terms: &Terms) -> Reply {
    match question {
        DateQuestion::CertificateIssued => Reply::paragraph(
            Msg::new("q-certificate-issued")
                .number("days", terms.criminal_record_max_age_days.into()),
        )
        .row(vec![button("btn-skip", Press::SkipDate)]),
        DateQuestion::DocumentsSubmitted => Reply::paragraph(Msg::new("q-documents-submitted"))
            .row(vec![
                button("btn-today", Press::Today),
                button("btn-skip", Press::SkipDate),
            ]),
    }
}

/// "Start over?" when that would drop ticks, dates or reminders.
pub fn confirm_restart(companion: &Companion) -> Reply {
    Reply::paragraph(Msg::new("confirm-restart").number("ticked", companion.ticked.len() as i64))
        .row(vec![
            button("btn-restart-confirm", Press::RestartConfirmed),
            button("btn-keep", Press::KeepGoing),
        ])
}

/// What a reminder is about, as a line of the list or a message's subject.
fn reminder_kind(reminder: Reminder) -> &'static str {
    match reminder {
        Reminder::PassportMonth | Reminder::PassportWeek => "passport-soon",
        Reminder::PassportPassed => "passport-passed",
        Reminder::CertificateMonth | Reminder::CertificateWeek => "certificate-soon",
        Reminder::CertificatePassed => "certificate-passed",
        Reminder::CardReady => "card-ready",
        Reminder::Nudge => "nudge",
        Reminder::DocumentMonth(_) | Reminder::DocumentWeek(_) => "document-soon",
        Reminder::DocumentPassed(_) => "document-passed",
    }
}

/// The firm's document a reminder is about, on the list.
fn reminded_document(reminder: Reminder, documents: &[Document]) -> Option<&Document> {
    let (Reminder::DocumentMonth(id) | Reminder::DocumentWeek(id) | Reminder::DocumentPassed(id)) =
        reminder
    else {
        return None;
    };
    documents.iter().find(|d| d.id == format!("x-{id}"))
}

/// `/reminders`: what is scheduled, with a button to cancel each or all;
/// or, with reminders off, what they would do and a button to turn them on
/// (when there is a list to remind of).
pub fn reminders(pending: &[Planned], on: bool, documents: &[Document], stateless: bool) -> Reply {
    if !on {
        let reply = Reply::paragraph(Msg::new("reminders-off").document(stateless));
        return if !documents.is_empty() {
            reply.row(vec![button("btn-reminders-on", Press::RemindersOn)])
        } else {
            reply
        };
    }
    if pending.is_empty() {
        return Reply::paragraph(Msg::new("reminders-none"))
            .row(vec![button("btn-reminders-off", Press::RemindersOff)]);
    }
    let lines = pending
        .iter()
        .map(|p| match reminded_document(p.reminder, documents) {
            Some(document) => Msg::new("reminders-item-document")
                .date("date", p.due)
                .text("what", reminder_kind(p.reminder))
                .msg("name", document.short.clone())
                .date("deadline", p.deadline),
            None => Msg::new("reminders-item")
                .date("date", p.due)
                .text("what", reminder_kind(p.reminder))
                .date("deadline", p.deadline)
                .document(stateless),
        })
        .collect();
    let mut reply = Reply::paragraph(
        Msg::new("reminders-title").number("hour", crate::reminders::SEND_AT_HOUR.into()),
    )
    .with(Block::Numbered(lines));
    let cancels: Vec<Button> = pending
        .iter()
        .enumerate()
        .map(|(i, p)| Button {
            label: Msg::new("btn-cancel-reminder").number("n", i as i64 + 1),
            press: Press::CancelReminder(p.reminder),
        })
        .collect();
    for row in cancels.chunks(4) {
        reply = reply.row(row.to_vec());
    }
    reply.row(vec![button("btn-reminders-off", Press::RemindersOff)])
}

/// The message a reminder sends, with the checklist and a way to stop.
/// Its numbers are the terms in force on the deadline it is about.
pub fn reminder_message(
    planned: &Planned,
    session: &Session,
    documents: &[Document],
    office: &Office,
    today: NaiveDate,
    amendments: &Amendments,
) -> Reply {
    let stateless = session.answers.stateless();
    let days_left = (planned.deadline - today).num_days();
    let terms = amendments.terms_on(planned.deadline);
    let submitted = session.companion.submitted.map(|g| g.date);
    let msg = match planned.reminder {
        Reminder::PassportMonth | Reminder::PassportWeek => Msg::new("remind-passport-soon")
            .document(stateless)
            .date("last_day", planned.deadline)
            .number("days", days_left)
            .number("min_days", terms.passport_min_days_left),
        Reminder::PassportPassed => Msg::new("remind-passport-passed")
            .document(stateless)
            .number("min_days", terms.passport_min_days_left),
        Reminder::CertificateMonth | Reminder::CertificateWeek => {
            Msg::new("remind-certificate-soon")
                .date("last_day", planned.deadline)
                .number("days", days_left)
        }
        Reminder::CertificatePassed => Msg::new("remind-certificate-passed")
            .number("days", terms.criminal_record_max_age_days.into()),
        Reminder::DocumentMonth(_) | Reminder::DocumentWeek(_) => Msg::new("remind-document-soon")
            .msg("name", document_name(planned.reminder, documents))
            .date("last_day", planned.deadline)
            .number("days", days_left),
        Reminder::DocumentPassed(_) => Msg::new("remind-document-passed")
            .msg("name", document_name(planned.reminder, documents))
            .date("last_day", planned.deadline),
        Reminder::CardReady => Msg::new("remind-card-ready")
            .number(
                "days",
                amendments
                    .terms_on(submitted.unwrap_or(planned.deadline))
                    .card_issue_days as i64,
            )
            .date(
                "submitted",
                session
                    .companion
                    .submitted
                    .map_or(planned.deadline, |g| g.date),
            )
            .text("phone", office.phones.first().cloned().unwrap_or_default()),
        Reminder::Nudge => {
            let ready = documents
                .iter()
                .filter(|d| session.companion.is_ticked(&d.id))
                .count();
            Msg::new("remind-nudge")
                .number("ready", ready as i64)
                .number("total", documents.len() as i64)
        }
    };
    Reply::paragraph(msg).row(vec![
        button("btn-checklist", Press::Checklist),
        button("btn-reminders-off", Press::RemindersOff),
    ])
}

/// A firm's document's short name, for its reminder.
fn document_name(reminder: Reminder, documents: &[Document]) -> Msg {
    reminded_document(reminder, documents)
        .map_or_else(|| Msg::new("echo-unknown"), |d| d.short.clone())
}
