//! What the companion shows after the result: the checklist to tick off,
//! the dates it asks for, the reminders, and the printable sheet. Messages
//! as data; no text is rendered here.

use chrono::NaiveDate;

use super::session::{DateQuestion, Session};
use super::view::{answer_label, button, question_text};
use crate::companion::{Companion, Features, Reminder};
use crate::documents::{Document, Part};
use crate::office::Office;
use crate::questions::Definition;
use crate::reminders::Planned;
use crate::reply::{Block, Button, Msg, Press, Reply};
use crate::route;
use crate::rules;

fn part_id(part: Part) -> &'static str {
    match part {
        Part::Permit => "permit",
        Part::Card => "card",
    }
}

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
pub fn date_question(question: DateQuestion) -> Reply {
    match question {
        DateQuestion::CertificateIssued => Reply::paragraph(
            Msg::new("q-certificate-issued")
                .number("days", rules::CRIMINAL_RECORD_MAX_AGE_DAYS.into()),
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
    }
}

/// `/reminders`: what is scheduled, with a button to cancel each or all;
/// or, with reminders off, what they would do and a button to turn them on.
pub fn reminders(pending: &[Planned], on: bool, can_turn_on: bool, stateless: bool) -> Reply {
    if !on {
        let reply = Reply::paragraph(Msg::new("reminders-off"));
        return if can_turn_on {
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
        .map(|p| {
            Msg::new("reminders-item")
                .date("date", p.due)
                .text("what", reminder_kind(p.reminder))
                .date("deadline", p.deadline)
                .document(stateless)
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
pub fn reminder_message(
    planned: &Planned,
    session: &Session,
    documents: &[Document],
    office: &Office,
    today: NaiveDate,
) -> Reply {
    let stateless = session.answers.stateless();
    let days_left = (planned.deadline - today).num_days();
    let msg = match planned.reminder {
        Reminder::PassportMonth | Reminder::PassportWeek => Msg::new("remind-passport-soon")
            .document(stateless)
            .date("last_day", planned.deadline)
            .number("days", days_left)
            .number("min_days", rules::PASSPORT_MIN_DAYS_LEFT),
        Reminder::PassportPassed => Msg::new("remind-passport-passed")
            .document(stateless)
            .number("min_days", rules::PASSPORT_MIN_DAYS_LEFT),
        Reminder::CertificateMonth | Reminder::CertificateWeek => {
            Msg::new("remind-certificate-soon")
                .date("last_day", planned.deadline)
                .number("days", days_left)
        }
        Reminder::CertificatePassed => Msg::new("remind-certificate-passed")
            .number("days", rules::CRIMINAL_RECORD_MAX_AGE_DAYS.into()),
        Reminder::CardReady => Msg::new("remind-card-ready")
            .number("days", rules::CARD_ISSUE_DAYS as i64)
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

/// The printable checklist, as data: the answers, each stage's documents
/// with why each is needed and a box to tick by hand, the dates that
/// matter, and the office.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub title: Msg,
    pub subtitle: Msg,
    pub sections: Vec<Section>,
    pub footer: Msg,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub heading: Msg,
    pub blocks: Vec<SheetBlock>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SheetBlock {
    Paragraph(Msg),
    Field { name: Msg, value: Msg },
    Check { text: Msg, why: Msg, ticked: bool },
}

pub fn sheet(
    session: &Session,
    documents: &[Document],
    office: &Office,
    today: NaiveDate,
) -> Sheet {
    let answers = &session.answers;
    let companion = &session.companion;
    let mut sections = vec![Section {
        heading: Msg::new("sheet-answers"),
        blocks: route::route(answers)
            .into_iter()
            .filter_map(|q| {
                Some(SheetBlock::Field {
                    name: question_text(q, |d: &Definition| d.name, answers),
                    value: answer_label(q, answers.get(q)?),
                })
            })
            .collect(),
    }];
    for part in [Part::Permit, Part::Card] {
        let blocks: Vec<SheetBlock> = documents
            .iter()
            .filter(|d| d.part == part)
            .map(|d| SheetBlock::Check {
                text: d.printed.clone(),
                why: d.why.clone(),
                ticked: companion.is_ticked(&d.id),
            })
            .collect();
        if !blocks.is_empty() {
            sections.push(Section {
                heading: Msg::new("sheet-part").text("part", part_id(part)),
                blocks,
            });
        }
    }
    sections.push(Section {
        heading: Msg::new("sheet-dates"),
        blocks: dates(session, documents),
    });
    let mut office_blocks = vec![
        SheetBlock::Paragraph(Msg::new("office-address")),
        SheetBlock::Paragraph(Msg::new("sheet-phones").text("phones", office.phones.join(", "))),
    ];
    if let Some(hours) = &office.hours {
        office_blocks.push(SheetBlock::Paragraph(
            Msg::new("office-hours").localized("hours", hours.clone()),
        ));
    }
    if let Some(email) = &office.email {
        office_blocks.push(SheetBlock::Paragraph(
            Msg::new("office-email").text("email", email.clone()),
        ));
    }
    sections.push(Section {
        heading: Msg::new("sheet-office"),
        blocks: office_blocks,
    });
    Sheet {
        title: Msg::new("sheet-title"),
        subtitle: Msg::new("sheet-prepared").date("date", today),
        sections,
        footer: Msg::new("sheet-footer"),
    }
}

/// The dates that matter, as far as the answers and the companion know them.
fn dates(session: &Session, documents: &[Document]) -> Vec<SheetBlock> {
    let answers = &session.answers;
    let companion = &session.companion;
    let mut blocks = Vec::new();
    let permit = documents.iter().any(|d| d.part == Part::Permit);
    if permit && let Some(expiry) = answers.document_expiry {
        blocks.push(SheetBlock::Paragraph(
            Msg::new("sheet-passport-last-day")
                .document(answers.stateless())
                .date("expiry", expiry)
                .date("last_day", rules::last_submission_day(expiry)),
        ));
    }
    if documents.iter().any(|d| d.id == "criminal-record") {
        let msg = match companion.certificate {
            Some(given) => Msg::new("sheet-certificate-last-day")
                .date("issued", given.date)
                .date(
                    "last_day",
                    rules::criminal_record_certificate_last_day(given.date),
                ),
            None => Msg::new("sheet-certificate-rule")
                .number("days", rules::CRIMINAL_RECORD_MAX_AGE_DAYS.into()),
        };
        blocks.push(SheetBlock::Paragraph(msg));
    }
    if documents.iter().any(|d| d.part == Part::Card) {
        let msg = match companion.submitted {
            Some(given) => Msg::new("sheet-card-ready-by")
                .date("submitted", given.date)
                .date("date", rules::card_ready_by(given.date)),
            None => Msg::new("sheet-card-within").number("days", rules::CARD_ISSUE_DAYS as i64),
        };
        blocks.push(SheetBlock::Paragraph(msg));
    }
    blocks
}
