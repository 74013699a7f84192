//! The printable checklist as data: the answers, each stage's documents
//! with why each is needed and a box to tick by hand, the firm's notes, the
//! dates that matter, the office and the sources. [`crate::pdf`] lays it
//! out; no text is rendered here.

use chrono::NaiveDate;

use super::session::Session;
use super::sources::source_lines;
use super::view::{Wording, answer_label, part_id, question_text};
use crate::amendments::Amendments;
use crate::answers::Answers;
use crate::documents::{self, Document};
use crate::office::Office;
use crate::reply::Msg;
use crate::rules::Part;

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
pub fn build(
    session: &Session,
    documents: &[Document],
    office: &Office,
    today: NaiveDate,
    amendments: &Amendments,
) -> Sheet {
    let answers = &session.answers;
    let mut sections = vec![answers_section(answers, today, amendments)];
    sections.extend(
        [Part::Permit, Part::Card]
            .into_iter()
            .filter_map(|part| part_section(part, session, documents, today, amendments)),
    );
    sections.push(Section {
        heading: Msg::new("sheet-dates"),
        blocks: dates(session, documents, amendments, today),
    });
    sections.push(office_section(office));
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

/// Each question on the route with its answer.
fn answers_section(answers: &Answers, today: NaiveDate, amendments: &Amendments) -> Section {
    let questions = amendments.questionnaire(today);
    Section {
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
    }
}

/// One stage's documents, each with a box ticked as in the checklist, and
/// the firm's notes under them; `None` for a stage with no document.
fn part_section(
    part: Part,
    session: &Session,
    documents: &[Document],
    today: NaiveDate,
    amendments: &Amendments,
) -> Option<Section> {
    let companion = &session.companion;
    let mut blocks: Vec<SheetBlock> = documents
        .iter()
        .filter(|d| d.part == part)
        .map(|d| SheetBlock::Check {
            text: d.printed.clone(),
            why: d.why.clone(),
            ticked: companion.is_ticked(&d.id),
        })
        .collect();
    if blocks.is_empty() {
        return None;
    }
    blocks.extend(
        documents::notes_under(part, &session.answers, today, amendments)
            .into_iter()
            .map(SheetBlock::Paragraph),
    );
    Some(Section {
        heading: Msg::new("sheet-part").text("part", part_id(part)),
        blocks,
    })
}

/// The office: its address, phones, and its hours and e-mail where known.
fn office_section(office: &Office) -> Section {
    let mut blocks = vec![
        SheetBlock::Paragraph(Msg::new("office-address")),
        SheetBlock::Paragraph(Msg::new("sheet-phones").text("phones", office.phones.join(", "))),
    ];
    if let Some(hours) = &office.hours {
        blocks.push(SheetBlock::Paragraph(
            Msg::new("office-hours").localized("hours", hours.clone()),
        ));
    }
    if let Some(email) = &office.email {
        blocks.push(SheetBlock::Paragraph(
            Msg::new("office-email").text("email", email.clone()),
        ));
    }
    Section {
        heading: Msg::new("sheet-office"),
        blocks,
    }
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
