//! The transitions after the result: ticking documents, the dates the
//! companion asks for, reminders, the printable list, and asking before
//! starting over would throw any of it away.

use chrono::NaiveDate;

use super::session::{DateQuestion, Step};
use super::{Context, Event, Turn, View};
use crate::companion::{GivenDate, Reminder};
use crate::dates::{self, Years};
use crate::documents::{self, Document};
use crate::parse;
use crate::reply::Msg;
use crate::rules::Part;

/// The applicant's documents now; empty while an answer is missing.
fn documents(turn: &Turn, ctx: &Context) -> Vec<Document> {
    documents::for_answers(&turn.session.answers, ctx.today, ctx.amendments)
}

/// Why there is no checklist: before the result, it comes with the list;
/// after a result that needed no documents (a child under the card's age),
/// there is nothing to check off, and promising a list would be untrue.
fn no_checklist(turn: &mut Turn) {
    let key = match turn.session.step {
        Step::Result | Step::GiveDate(_) => "checklist-no-documents",
        _ => "checklist-not-ready",
    };
    turn.note.push(Msg::new(key));
}

/// Keeps the ticks of documents still required: an answer changed since
/// may have taken some off the list (new ones start unticked).
pub(super) fn keep_ticks_of(turn: &mut Turn, documents: &[Document]) {
    turn.session
        .companion
        .ticked
        .retain(|id| documents.iter().any(|d| &d.id == id));
}

/// The checklist, once there is a result to check off.
pub(super) fn checklist(turn: &mut Turn, ctx: &Context) {
    let documents = documents(turn, ctx);
    if documents.is_empty() {
        no_checklist(turn);
        return;
    }
    keep_ticks_of(turn, &documents);
    turn.view = View::Checklist;
}

/// A document pressed on the checklist: ticked, or unticked. Ticking the
/// criminal record certificate asks when it was issued.
pub(super) fn tick(turn: &mut Turn, id: &str, ctx: &Context) {
    let documents = documents(turn, ctx);
    if !documents.iter().any(|d| d.id == id) {
        // A checklist from before an answer changed, or a forged press.
        turn.refused = true;
        turn.note.push(Msg::new("error-outdated-button"));
        return;
    }
    keep_ticks_of(turn, &documents);
    let companion = &mut turn.session.companion;
    if companion.is_ticked(id) {
        companion.ticked.retain(|t| t != id);
    } else {
        companion.ticked.push(id.to_string());
        turn.event = Some(Event::Ticked);
        if id == "criminal-record" && companion.certificate.is_none() && ctx.features.reminders {
            turn.session.step = Step::GiveDate(DateQuestion::CertificateIssued);
        }
    }
    turn.session.companion.last_ticked = Some(ctx.today);
    turn.view = View::ChecklistInPlace;
}

pub(super) fn pdf(turn: &mut Turn, ctx: &Context) {
    if !ctx.features.pdf {
        turn.note.push(Msg::new("pdf-unavailable"));
    } else if documents(turn, ctx).is_empty() {
        no_checklist(turn);
    } else {
        turn.view = View::Pdf;
    }
}

/// Reminders on (from today), then the list of what is scheduled.
pub(super) fn reminders_on(turn: &mut Turn, ctx: &Context) {
    if !ctx.features.reminders {
        turn.note.push(Msg::new("reminders-unavailable"));
        return;
    }
    if documents(turn, ctx).is_empty() {
        no_checklist(turn);
        return;
    }
    let companion = &mut turn.session.companion;
    if companion.reminders_since.is_none() {
        companion.reminders_since = Some(ctx.today);
        companion.cancelled.clear();
        turn.event = Some(Event::RemindersOn);
    }
    turn.view = View::Reminders;
}

pub(super) fn reminders(turn: &mut Turn, ctx: &Context) {
    if !ctx.features.reminders {
        turn.note.push(Msg::new("reminders-unavailable"));
        return;
    }
    turn.view = View::Reminders;
}

pub(super) fn cancel(turn: &mut Turn, reminder: Reminder) {
    let companion = &mut turn.session.companion;
    if companion.reminders_since.is_none() {
        turn.refused = true;
        turn.note.push(Msg::new("error-outdated-button"));
        return;
    }
    if !companion.cancelled.contains(&reminder) {
        companion.cancelled.push(reminder);
    }
    turn.note.push(Msg::new("reminder-cancelled"));
    turn.view = View::Reminders;
}

pub(super) fn reminders_off(turn: &mut Turn) {
    let companion = &mut turn.session.companion;
    companion.reminders_since = None;
    companion.cancelled.clear();
    turn.note.push(Msg::new("reminders-stopped"));
    turn.view = View::NoteOnly;
}

/// "I have submitted my documents" for the card: asks the day.
pub(super) fn submitted(turn: &mut Turn, ctx: &Context) {
    let has_card = documents(turn, ctx).iter().any(|d| d.part == Part::Card);
    if !has_card {
        turn.refused = true;
        turn.note.push(Msg::new("error-outdated-button"));
        return;
    }
    turn.session.step = Step::GiveDate(DateQuestion::DocumentsSubmitted);
}

/// A typed answer to the date asked for: a real day, not in the future.
pub(super) fn typed_date(turn: &mut Turn, question: DateQuestion, text: &str, ctx: &Context) {
    let text = text.trim();
    match dates::read(text, Years::UpTo(ctx.today)) {
        Ok(date) if date > ctx.today => turn.note.push(Msg::new("error-date-future")),
        Ok(date) => give_date(turn, question, date, ctx),
        Err(error) => turn
            .note
            .push(parse::date_error(error, text, "error-date-format-past")),
    }
}

/// Records the date, says what follows from it, and shows the reminders
/// (or offers them).
pub(super) fn give_date(turn: &mut Turn, question: DateQuestion, date: NaiveDate, ctx: &Context) {
    let given = Some(GivenDate {
        date,
        given_on: ctx.today,
    });
    let companion = &mut turn.session.companion;
    let amendments = ctx.amendments;
    let terms = amendments.terms_on(ctx.today);
    match question {
        DateQuestion::CertificateIssued => {
            companion.certificate = given;
            let last_day = amendments.certificate_last_day(date);
            turn.note.push(
                Msg::new("certificate-noted")
                    .date("issued", date)
                    .date("last_day", last_day),
            );
            if !amendments.certificate_valid_on(date, ctx.today) {
                turn.note.push(
                    Msg::new("certificate-too-old")
                        .number("days", terms.criminal_record_max_age_days.into()),
                );
            } else if let Some(expiry) = turn.session.answers.document_expiry {
                let passport_day = amendments.last_submission_day(expiry);
                if last_day < passport_day {
                    turn.note.push(
                        Msg::new("certificate-before-passport")
                            .date("last_day", last_day)
                            .date("passport_day", passport_day)
                            .document(turn.session.answers.stateless()),
                    );
                }
            }
        }
        DateQuestion::DocumentsSubmitted => {
            companion.submitted = given;
            // The term in force on the day they submitted.
            let days = amendments.terms_on(date).card_issue_days as i64;
            let ready = amendments.card_ready_by(date);
            turn.note.push(
                Msg::new("submitted-noted")
                    .date("date", date)
                    .number("days", days)
                    .date("ready", ready),
            );
            if ready <= ctx.today {
                turn.note
                    .push(Msg::new("submitted-overdue").number("days", days));
            }
        }
    }
    turn.session.step = Step::Result;
    turn.view = if ctx.features.reminders {
        View::Reminders
    } else {
        View::NoteOnly
    };
}

pub(super) fn skip_date(turn: &mut Turn) {
    turn.session.step = Step::Result;
    turn.note.push(Msg::new("date-skipped"));
    turn.view = View::NoteOnly;
}
