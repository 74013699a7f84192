//! Turns the rules' checklists into the result messages: one per stage,
//! then the office's contacts. The firm's amendments in force on the day
//! are in them: its documents, its words, its notes, its terms, and the
//! day the list was last checked.

use chrono::NaiveDate;

use crate::amendments::Amendments;
use crate::answers::{Answers, Stage};
use crate::documents;
use crate::office::Office;
use crate::reply::{Attachment, Block, Msg, Reply};
use crate::route;
use crate::rules::{self, Applicant, CardChecklist, CriminalRecordExemption, Part, PassportCheck};

/// The result messages for the answers given: stage 1, stage 2 or both, as asked,
/// the last one ending with the day the list was checked.
/// `None` while an answer the result needs is missing.
pub fn results(answers: &Answers, today: NaiveDate, amendments: &Amendments) -> Option<Vec<Reply>> {
    let stage = answers.stage?;
    let mut replies = Vec::new();
    let terms = amendments.terms_on(today);
    if stage.includes_permit() {
        let applicant = route::applicant(answers)?;
        replies.push(permit_reply(&applicant, today, answers, amendments));
    }
    if stage.includes_card() {
        let stateless = answers.citizenship?.is_stateless();
        // On the whole route the card comes later: today's passport check is stage 1's.
        let expiry = match stage {
            Stage::ResidencePermitCard => answers.document_expiry,
            _ => None,
        };
        let card = rules::residence_permit_card_under(&terms, answers.age?, expiry, today);
        // "If you submit today" only when the card is all that is asked for:
        // on the whole route the permit comes first.
        let card_alone = stage == Stage::ResidencePermitCard;
        let documents = documents::of_part(Part::Card, answers, today, amendments);
        let mut reply = card_reply(
            &card,
            answers.age?,
            stateless,
            card_alone,
            documents,
            &terms,
        );
        if let CardChecklist::Needed { .. } = card {
            insert_notes(&mut reply, Part::Card, answers, today, amendments);
        }
        replies.push(reply);
    }
    if let Some(last) = replies.last_mut() {
        last.blocks.push(Block::Paragraph(list_checked(amendments)));
    }
    Some(replies)
}

/// "List checked on …; where each item comes from: /sources".
pub fn list_checked(amendments: &Amendments) -> Msg {
    Msg::new("sources-list-checked").date("date", amendments.list_checked())
}

/// The firm's notes of a stage, and what the list says about the guide's
/// documents it retired, after the stage's numbered list.
fn insert_notes(
    reply: &mut Reply,
    part: Part,
    answers: &Answers,
    today: NaiveDate,
    amendments: &Amendments,
) {
    let notes: Vec<Block> = documents::notes_under(part, answers, today, amendments)
        .into_iter()
        .map(Block::Paragraph)
        .collect();
    let after_list = reply
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Numbered(_)))
        .map_or(reply.blocks.len(), |at| at + 1);
    for (i, note) in notes.into_iter().enumerate() {
        reply.blocks.insert(after_list + i, note);
    }
}

/// Stage 1's result, with the firm's documents, words, notes and terms in
/// force on `today`.
pub fn permit_reply(
    applicant: &Applicant,
    today: NaiveDate,
    answers: &Answers,
    amendments: &Amendments,
) -> Reply {
    let terms = amendments.terms_on(today);
    let checklist = rules::permanent_residence_permit_under(&terms, applicant, today);
    let stateless = applicant.citizenship.is_stateless();
    let items = documents::of_part(Part::Permit, answers, today, amendments)
        .into_iter()
        .map(|d| d.text)
        .collect();
    let mut reply = Reply::paragraph(Msg::new("result-permit-title"))
        .with(Block::Paragraph(Msg::new("result-permit-where")))
        .with(Block::Numbered(items));
    insert_notes(&mut reply, Part::Permit, answers, today, amendments);
    if let Some(exemption) = checklist.criminal_record_exemption {
        let reason = match exemption {
            CriminalRecordExemption::RefugeeInKazakhstan => "refugee",
            CriminalRecordExemption::EthnicKazakhCitizenOfChina => "ethnic-kazakh",
        };
        reply = reply.with(Block::Paragraph(
            Msg::new("result-criminal-record-not-required").text("reason", reason),
        ));
    }
    let passport = match checklist.passport {
        // The last day under the term in force on that day, not today's.
        PassportCheck::Valid { days_left, .. } => {
            Msg::new("passport-valid").number("days", days_left).date(
                "last_day",
                amendments.last_submission_day(applicant.document_expiry),
            )
        }
        PassportCheck::TooShort { days_left } => Msg::new("passport-too-short")
            .number("days", days_left)
            .number("min_days", terms.passport_min_days_left),
        PassportCheck::Expired { expired_on } => Msg::new("passport-expired")
            .date("date", expired_on)
            .number("min_days", terms.passport_min_days_left),
    };
    reply
        .with(Block::Paragraph(passport.document(stateless)))
        .with(Block::Paragraph(Msg::new("result-permit-after")))
}

/// Stage 2's result; `documents` are its list.
pub fn card_reply(
    card: &CardChecklist,
    age: u8,
    stateless: bool,
    card_alone: bool,
    documents: Vec<documents::Document>,
    terms: &rules::Terms,
) -> Reply {
    let title = Reply::paragraph(Msg::new("result-card-title"));
    let CardChecklist::Needed {
        ready_by,
        valid_years,
        passport_valid_today,
        ..
    } = card
    else {
        return title.with(Block::Paragraph(
            Msg::new("result-card-not-needed")
                .number("age", age.into())
                .number("min_age", rules::CARD_MIN_AGE.into()),
        ));
    };
    let items = documents.into_iter().map(|d| d.text).collect();
    let mut reply = title
        .with(Block::Paragraph(
            Msg::new("result-card-who").number("min_age", rules::CARD_MIN_AGE.into()),
        ))
        .with(Block::Numbered(items));
    if *passport_valid_today == Some(false) {
        reply = reply.with(Block::Paragraph(
            Msg::new("result-card-passport-invalid").document(stateless),
        ));
    }
    reply
        .with(Block::Paragraph(Msg::new("result-card-status-kept")))
        .with(Block::Paragraph(
            Msg::new("result-card-issue")
                .text("when", if card_alone { "today" } else { "later" })
                .number("years", (*valid_years).into())
                .number("days", terms.card_issue_days as i64)
                .date("date", *ready_by),
        ))
}

/// The office's address, phones, opening hours and e-mail (when
/// configured), and a map link.
pub fn contacts_reply(office: &Office) -> Reply {
    let mut reply = Reply::paragraph(Msg::new("office-title"))
        .with(Block::Paragraph(Msg::new("office-address")))
        .with(Block::Paragraph(
            Msg::new("office-phones").text("phones", office.phones.join(", ")),
        ));
    if let Some(hours) = &office.hours {
        reply = reply.with(Block::Paragraph(
            Msg::new("office-hours").localized("hours", hours.clone()),
        ));
    }
    if let Some(email) = &office.email {
        reply = reply.with(Block::Paragraph(
            Msg::new("office-email").text("email", email.clone()),
        ));
    }
    reply.attachment = Some(Attachment::OfficeContact);
    reply.with(Block::Paragraph(
        Msg::new("office-map").text("url", office.map_url.clone()),
    ))
}
