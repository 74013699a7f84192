//! What the companion shows after the result: the checklist to tick off,
//! the dates it asks for, the reminders, and the printable sheet. Messages
//! as data; no text is rendered here.

use chrono::NaiveDate;

use super::session::{DateQuestion, Session};
use super::view::{Wording, answer_label, button, question_text};
use crate::amendments::{Amendments, GUIDE, SourceName, SourceView};
use crate::answers::Answers;
use crate::companion::{Companion, Features, Reminder};
use crate::documents::{self, Document};
use crate::office::Office;
use crate::reminders::Planned;
use crate::reply::{Block, Button, Msg, Press, Reply, firm_text};
use crate::rules::{Part, Terms};

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

/// The printable sheet, with the firm's amendments in force on `today`:
/// its notes under each stage, its dates, and where each item comes from.
pub fn sheet(
    session: &Session,
    documents: &[Document],
    office: &Office,
    today: NaiveDate,
    amendments: &Amendments,
) -> Sheet {
    let answers = &session.answers;
    let companion = &session.companion;
    let questions = amendments.questionnaire(today);
    let mut sections = vec![Section {
        heading: Msg::new("sheet-answers"),
        blocks: questions
            .route(answers)
            .into_iter()
            .filter_map(|q| {
                Some(SheetBlock::Field {
                    name: question_text(&questions, q, Wording::Name, answers),
                    value: answer_label(&questions, q, answers.get(q)?),
                })
            })
            .collect(),
    }];
    for part in [Part::Permit, Part::Card] {
        let mut blocks: Vec<SheetBlock> = documents
            .iter()
            .filter(|d| d.part == part)
            .map(|d| SheetBlock::Check {
                text: d.printed.clone(),
                why: d.why.clone(),
                ticked: companion.is_ticked(&d.id),
            })
            .collect();
        if !blocks.is_empty() {
            blocks.extend(
                notes(part, answers, today, amendments)
                    .into_iter()
                    .map(SheetBlock::Paragraph),
            );
        }
        if !blocks.is_empty() {
            sections.push(Section {
                heading: Msg::new("sheet-part").text("part", part_id(part)),
                blocks,
            });
        }
    }
    sections.push(Section {
        heading: Msg::new("sheet-dates"),
        blocks: dates(session, documents, amendments, today),
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
    sections.push(Section {
        heading: Msg::new("sheet-sources"),
        blocks: source_lines(answers, documents, amendments, today)
            .into_iter()
            .map(SheetBlock::Paragraph)
            .collect(),
    });
    Sheet {
        title: Msg::new("sheet-title"),
        subtitle: Msg::new("sheet-prepared").date("date", today),
        sections,
        footer: Msg::new("sheet-footer"),
    }
}

/// The firm's notes under a stage's list, and what it says instead of the
/// guide's documents it retired.
pub fn notes(part: Part, answers: &Answers, today: NaiveDate, amendments: &Amendments) -> Vec<Msg> {
    amendments
        .notes(part, answers, today)
        .map(|n| &n.text)
        .chain(
            documents::retired_for(part, answers, today, amendments)
                .into_iter()
                .filter_map(|r| r.note.as_ref()),
        )
        .map(|text| Msg::new("note-item").msg("text", firm_text(text)))
        .collect()
}

/// The dates that matter, as far as the answers and the companion know
/// them, each under the term in force on that day.
fn dates(
    session: &Session,
    documents: &[Document],
    amendments: &Amendments,
    today: NaiveDate,
) -> Vec<SheetBlock> {
    let answers = &session.answers;
    let companion = &session.companion;
    let terms = amendments.terms_on(today);
    let mut blocks = Vec::new();
    let permit = documents.iter().any(|d| d.part == Part::Permit);
    if permit && let Some(expiry) = answers.document_expiry {
        blocks.push(SheetBlock::Paragraph(
            Msg::new("sheet-passport-last-day")
                .document(answers.stateless())
                .date("expiry", expiry)
                .date("last_day", amendments.last_submission_day(expiry)),
        ));
    }
    if documents.iter().any(|d| d.id == "criminal-record") {
        let msg = match companion.certificate {
            Some(given) => Msg::new("sheet-certificate-last-day")
                .date("issued", given.date)
                .date("last_day", amendments.certificate_last_day(given.date)),
            None => Msg::new("sheet-certificate-rule")
                .number("days", terms.criminal_record_max_age_days.into()),
        };
        blocks.push(SheetBlock::Paragraph(msg));
    }
    for part in [Part::Permit, Part::Card] {
        for extra in amendments.extras(part, answers, today) {
            let listed = documents.iter().find(|d| d.id == extra.checklist_id());
            if let (Some(document), Some(last_day)) = (listed, amendments.deadline(extra, answers))
            {
                blocks.push(SheetBlock::Paragraph(
                    Msg::new("sheet-document-last-day")
                        .msg("name", document.short.clone())
                        .date("last_day", last_day),
                ));
            }
        }
    }
    if documents.iter().any(|d| d.part == Part::Card) {
        let msg = match companion.submitted {
            Some(given) => Msg::new("sheet-card-ready-by")
                .date("submitted", given.date)
                .date("date", amendments.card_ready_by(given.date)),
            None => Msg::new("sheet-card-within").number("days", terms.card_issue_days as i64),
        };
        blocks.push(SheetBlock::Paragraph(msg));
    }
    blocks
}

/// Each source the list rests on, numbered, with its address and the day
/// it was checked, each followed by what of the list it gives; the first
/// line says when the list was checked. The lines of the "Sources"
/// message and of the printable sheet.
pub fn source_lines(
    answers: &Answers,
    documents: &[Document],
    amendments: &Amendments,
    today: NaiveDate,
) -> Vec<Msg> {
    let mut given: Vec<(String, Vec<Msg>)> = vec![(GUIDE.to_string(), Vec::new())];
    let mut add = |source: &str, item: Msg| match given.iter_mut().find(|(s, _)| s == source) {
        Some((_, items)) => items.push(item),
        None => given.push((source.to_string(), vec![item])),
    };
    for document in documents {
        add(&document.source, document.short.clone());
    }
    for part in [Part::Permit, Part::Card] {
        if !documents.iter().any(|d| d.part == part) {
            continue;
        }
        for note in amendments.notes(part, answers, today) {
            add(&note.source, firm_text(&note.text));
        }
        for retired in documents::retired_for(part, answers, today, amendments) {
            let item = retired.note.as_ref().map_or_else(
                || {
                    let name = documents::guide_short_name(&retired.document)
                        .unwrap_or_else(|| Msg::new("echo-unknown"));
                    Msg::new("sources-retired").msg("document", name)
                },
                firm_text,
            );
            add(&retired.source, item);
        }
    }
    for change in amendments.terms.iter().filter(|c| c.valid.holds_on(today)) {
        add(
            &change.source,
            Msg::new("sources-term")
                .text("term", change.term.name())
                .number("days", change.days.into()),
        );
    }
    let mut lines = vec![Msg::new("sources-checked").date("date", amendments.list_checked())];
    let mut number = 0;
    for (id, mut items) in given {
        let Some(source) = amendments.source(&id) else {
            continue;
        };
        number += 1;
        let name = match source.name {
            SourceName::Guide => {
                items.push(Msg::new("sources-guide-rules"));
                Msg::new("sources-guide")
            }
            SourceName::Named(name) => firm_text(name),
        };
        lines.push(source_line(number, name, &source));
        lines.extend(
            items
                .into_iter()
                .map(|item| Msg::new("sources-item").msg("item", item)),
        );
    }
    lines
}

/// One source: "2. Ministry of Internal Affairs, list of October 2025,
/// https://…, checked on 30 September 2026".
fn source_line(number: i64, name: Msg, source: &SourceView) -> Msg {
    Msg::new("sources-source")
        .number("number", number)
        .msg("name", name)
        .text("url", source.url.unwrap_or("none").to_string())
        .date("checked", source.checked)
}

/// "Where the list comes from": the day it was checked, then each source
/// with what it gives.
pub fn sources(
    answers: &Answers,
    documents: &[Document],
    amendments: &Amendments,
    today: NaiveDate,
) -> Reply {
    let mut lines = source_lines(answers, documents, amendments, today);
    let checked = lines.remove(0);
    let reply = Reply::paragraph(Msg::new("sources-title")).with(Block::Paragraph(checked));
    if documents.is_empty() {
        return reply.with(Block::Paragraph(Msg::new("sources-no-list")));
    }
    reply.with(Block::Lines(lines))
}
