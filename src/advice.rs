//! Turns the rules' checklists into the result messages: one per stage,
//! then the office's contacts.

use chrono::NaiveDate;

use crate::answers::{Answers, Stage};
use crate::documents::{self, Document, Extra, Part};
use crate::office::Office;
use crate::reply::{Attachment, Block, Msg, Reply};
use crate::route;
use crate::rules::{self, Applicant, CardChecklist, CriminalRecordExemption, PassportCheck};

/// The result messages for the answers given: stage 1, stage 2 or both, as asked.
/// `None` while an answer the result needs is missing.
pub fn results(answers: &Answers, today: NaiveDate, extras: &[Extra]) -> Option<Vec<Reply>> {
    let stage = answers.stage?;
    let mut replies = Vec::new();
    if stage.includes_permit() {
        let extras = documents::extras_for(Part::Permit, answers, extras).collect();
        replies.push(permit_reply(&route::applicant(answers)?, today, extras));
    }
    if stage.includes_card() {
        let stateless = answers.citizenship?.is_stateless();
        // On the whole route the card comes later: today's passport check is stage 1's.
        let expiry = match stage {
            Stage::ResidencePermitCard => answers.document_expiry,
            _ => None,
        };
        let card = rules::residence_permit_card(answers.age?, expiry, today);
        // "If you submit today" only when the card is all that is asked for:
        // on the whole route the permit comes first.
        let card_alone = stage == Stage::ResidencePermitCard;
        let extras = documents::extras_for(Part::Card, answers, extras).collect();
        replies.push(card_reply(
            &card,
            answers.age?,
            stateless,
            card_alone,
            extras,
        ));
    }
    Some(replies)
}

/// Stage 1's result; `extras` are the firm's documents for it.
pub fn permit_reply(applicant: &Applicant, today: NaiveDate, extras: Vec<Document>) -> Reply {
    let checklist = rules::permanent_residence_permit(applicant, today);
    let stateless = applicant.citizenship.is_stateless();
    let items = documents::permit_documents(&checklist.documents)
        .into_iter()
        .chain(extras)
        .map(|d| d.text)
        .collect();
    let mut reply = Reply::paragraph(Msg::new("result-permit-title"))
        .with(Block::Paragraph(Msg::new("result-permit-where")))
        .with(Block::Numbered(items));
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
        PassportCheck::Valid {
            days_left,
            last_submission_day,
        } => Msg::new("passport-valid")
            .number("days", days_left)
            .date("last_day", last_submission_day),
        PassportCheck::TooShort { days_left } => Msg::new("passport-too-short")
            .number("days", days_left)
            .number("min_days", rules::PASSPORT_MIN_DAYS_LEFT),
        PassportCheck::Expired { expired_on } => Msg::new("passport-expired")
            .date("date", expired_on)
            .number("min_days", rules::PASSPORT_MIN_DAYS_LEFT),
    };
    reply
        .with(Block::Paragraph(passport.document(stateless)))
        .with(Block::Paragraph(Msg::new("result-permit-after")))
}

/// Stage 2's result; `extras` are the firm's documents for it.
pub fn card_reply(
    card: &CardChecklist,
    age: u8,
    stateless: bool,
    card_alone: bool,
    extras: Vec<Document>,
) -> Reply {
    let title = Reply::paragraph(Msg::new("result-card-title"));
    let CardChecklist::Needed {
        documents,
        ready_by,
        valid_years,
        passport_valid_today,
    } = card
    else {
        return title.with(Block::Paragraph(
            Msg::new("result-card-not-needed")
                .number("age", age.into())
                .number("min_age", rules::CARD_MIN_AGE.into()),
        ));
    };
    let items = documents::card_documents(documents, stateless)
        .into_iter()
        .chain(extras)
        .map(|d| d.text)
        .collect();
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
                .number("days", rules::CARD_ISSUE_DAYS as i64)
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
