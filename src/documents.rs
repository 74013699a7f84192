//! The documents of the applicant's lists, each with a stable id (ticks
//! are kept by it), its texts: in full (the result), as printed (the
//! printable list: the same, but for a legal act's whole title), short (a
//! checklist button, and its name wherever else it is named) and why it is
//! needed (the printable list), and its source: the firm's guide, or one
//! the firm names in its content folder.

use chrono::NaiveDate;

use crate::amendments::{Amendments, Extra, GUIDE};
use crate::answers::Answers;
use crate::reply::{Msg, firm_text};
use crate::route;
use crate::rules::{self, CardChecklist, CardDocument, ConsentOf, Part, PermitDocument, Terms};

pub use crate::conditions::{Conditions, Expected};

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub id: String,
    pub part: Part,
    pub text: Msg,
    /// The text of the printable list: `text`, unless the chat gives a
    /// shorter form of a title the paper gives whole.
    pub printed: Msg,
    pub short: Msg,
    pub why: Msg,
    /// The id of its source ([`crate::amendments::GUIDE`] for the guide's).
    pub source: String,
}

impl Document {
    fn new(part: Part, [id, text, short, why]: [&'static str; 4]) -> Document {
        Document {
            id: id.to_string(),
            part,
            text: Msg::new(text),
            printed: Msg::new(text),
            short: Msg::new(short),
            why: Msg::new(why),
            source: GUIDE.to_string(),
        }
    }
}

/// A stage-1 document: id, and the keys of its full text, short name and reason.
fn permit_document(document: PermitDocument, terms: &Terms) -> Document {
    let keys = match document {
        PermitDocument::ApplicationForm => [
            "application-form",
            "doc-application-form",
            "short-application-form",
            "why-everyone",
        ],
        PermitDocument::IdentityDocument { .. } => [
            "identity-document",
            "doc-identity-document",
            "short-identity-document",
            "why-everyone",
        ],
        PermitDocument::SolvencyDocument => {
            ["solvency", "doc-solvency", "short-solvency", "why-everyone"]
        }
        PermitDocument::CriminalRecordCertificate => [
            "criminal-record",
            "doc-criminal-record",
            "short-criminal-record",
            "why-criminal-record",
        ],
        PermitDocument::NotarizedConsentOfChild(ConsentOf::Applicant) => [
            "consent-applicant",
            "doc-child-consent-applicant",
            "short-child-consent-applicant",
            "why-child-consent-applicant",
        ],
        PermitDocument::NotarizedConsentOfChild(ConsentOf::Children) => [
            "consent-children",
            "doc-child-consent-children",
            "short-child-consent-children",
            "why-child-consent-children",
        ],
        PermitDocument::NotarizedContract => [
            "contract",
            "doc-notarized-contract",
            "short-notarized-contract",
            "why-notarized-contract",
        ],
    };
    let mut doc = Document::new(Part::Permit, keys);
    match document {
        PermitDocument::IdentityDocument { stateless } => {
            doc.text = doc
                .text
                .document(stateless)
                .number("days", terms.passport_min_days_left);
            doc.printed = doc.text.clone();
            doc.short = doc.short.document(stateless);
        }
        PermitDocument::SolvencyDocument => {
            // The Rules' whole title is 25 words: on paper, not in the chat.
            doc.text = doc.text.text("rules", "short");
            doc.printed = doc.printed.text("rules", "full");
        }
        PermitDocument::CriminalRecordCertificate => {
            doc.text = doc
                .text
                .number("days", terms.criminal_record_max_age_days.into());
            doc.printed = doc.text.clone();
        }
        _ => {}
    }
    doc
}

/// A stage-2 document; a stateless person has no national passport, and
/// is told what the guide leaves open in its place.
fn card_document(document: CardDocument, stateless: bool) -> Document {
    let keys = match document {
        CardDocument::StateDutyPayment => [
            "state-duty",
            "doc-state-duty",
            "short-state-duty",
            "why-card",
        ],
        CardDocument::TwoPhotographs => [
            "photographs",
            "doc-photographs",
            "short-photographs",
            "why-card",
        ],
        CardDocument::ValidNationalPassport => [
            "national-passport",
            "doc-national-passport",
            "short-national-passport",
            "why-card",
        ],
    };
    let mut doc = Document::new(Part::Card, keys);
    if document == CardDocument::ValidNationalPassport {
        doc.text = doc.text.document(stateless);
        doc.printed = doc.text.clone();
        doc.short = doc.short.document(stateless);
    }
    doc.why = doc.why.number("min_age", rules::CARD_MIN_AGE.into());
    doc
}

pub fn permit_documents(documents: &[PermitDocument]) -> Vec<Document> {
    permit_documents_under(&Terms::GUIDE, documents)
}

/// Stage 1's documents, their texts stating `terms`.
pub fn permit_documents_under(terms: &Terms, documents: &[PermitDocument]) -> Vec<Document> {
    documents
        .iter()
        .map(|d| permit_document(*d, terms))
        .collect()
}

pub fn card_documents(documents: &[CardDocument], stateless: bool) -> Vec<Document> {
    documents
        .iter()
        .map(|d| card_document(*d, stateless))
        .collect()
}

/// The ids of the guide's documents, in the guide's order: what the
/// checklist ticks, and what the content folder's `[[replace]]` and
/// `[[retire]]` name. The builders above give each document its id; a test
/// below holds them to this list.
pub const GUIDE_IDS: [&str; 10] = [
    "application-form",
    "identity-document",
    "solvency",
    "criminal-record",
    "consent-applicant",
    "consent-children",
    "contract",
    "state-duty",
    "photographs",
    "national-passport",
];

/// Each of the guide's documents once, in the guide's order, with the
/// guide's terms (a passport for the identity document).
fn every_guide_document() -> impl Iterator<Item = Document> {
    let permit = [
        PermitDocument::ApplicationForm,
        PermitDocument::IdentityDocument { stateless: false },
        PermitDocument::SolvencyDocument,
        PermitDocument::CriminalRecordCertificate,
        PermitDocument::NotarizedConsentOfChild(ConsentOf::Applicant),
        PermitDocument::NotarizedConsentOfChild(ConsentOf::Children),
        PermitDocument::NotarizedContract,
    ];
    permit_documents(&permit)
        .into_iter()
        .chain(card_documents(&rules::CARD_DOCUMENTS, false))
}

/// The short name of one of the guide's documents, by its id (a passport
/// for the identity document).
pub fn guide_short_name(id: &str) -> Option<Msg> {
    every_guide_document().find(|d| d.id == id).map(|d| d.short)
}

/// One of the firm's extra documents as the lists show it.
pub fn of_extra(extra: &Extra) -> Document {
    Document {
        id: extra.checklist_id(),
        part: extra.part,
        text: firm_text(&extra.text),
        printed: firm_text(&extra.text),
        short: firm_text(extra.short.as_ref().unwrap_or(&extra.text)),
        why: extra.why.as_ref().map_or(Msg::new("why-extra"), firm_text),
        source: extra.source.clone(),
    }
}

/// The guide's document with the firm's words for it, if it has any on `day`.
fn amended(mut document: Document, amendments: &Amendments, day: NaiveDate) -> Document {
    if let Some(replacement) = amendments.replacement(&document.id, day) {
        document.text = firm_text(&replacement.text);
        document.printed = document.text.clone();
        if let Some(short) = &replacement.short {
            document.short = firm_text(short);
        }
        if let Some(why) = &replacement.why {
            document.why = firm_text(why);
        }
        document.source = replacement.source.clone();
    }
    document
}

/// The guide's documents of one stage as the firm has them on `day`: with
/// its words where it changed them, without those it retired.
pub fn guide_documents(
    documents: Vec<Document>,
    amendments: &Amendments,
    day: NaiveDate,
) -> Vec<Document> {
    documents
        .into_iter()
        .filter(|d| amendments.retirement(&d.id, day).is_none())
        .map(|d| amended(d, amendments, day))
        .collect()
}

/// Every document the applicant needs for the stages they asked about, in
/// order, the firm's extra documents after the guide's, as the content in
/// force on `today` has them; empty while an answer to one of the guide's
/// questions is missing.
pub fn for_answers(answers: &Answers, today: NaiveDate, amendments: &Amendments) -> Vec<Document> {
    let mut all = Vec::new();
    for part in [Part::Permit, Part::Card] {
        all.extend(of_part(part, answers, today, amendments));
    }
    all
}

/// One stage's documents, as [`for_answers`] has them.
pub fn of_part(
    part: Part,
    answers: &Answers,
    today: NaiveDate,
    amendments: &Amendments,
) -> Vec<Document> {
    let guide = guide_of_part(part, answers, today, amendments);
    if guide.is_empty() {
        return guide;
    }
    let mut all = guide_documents(guide, amendments, today);
    all.extend(amendments.extras(part, answers, today).map(of_extra));
    all
}

/// The guide's documents of one stage for complete answers, as the guide
/// has them; empty while an answer is missing or the stage is not asked.
fn guide_of_part(
    part: Part,
    answers: &Answers,
    today: NaiveDate,
    amendments: &Amendments,
) -> Vec<Document> {
    let Some(stage) = answers.stage else {
        return Vec::new();
    };
    // The guide's answers decide whether there is a list; a question the
    // firm added since a consultation ended leaves its items out (their
    // conditions do not hold) rather than the whole list.
    if route::next_question(answers).is_some() {
        return Vec::new();
    }
    let terms = amendments.terms_on(today);
    match part {
        Part::Permit if stage.includes_permit() => route::applicant(answers)
            .map(|applicant| {
                let checklist = rules::permanent_residence_permit_under(&terms, &applicant, today);
                permit_documents_under(&terms, &checklist.documents)
            })
            .unwrap_or_default(),
        Part::Card if stage.includes_card() => match answers
            .age
            .map(|age| rules::residence_permit_card_under(&terms, age, None, today))
        {
            Some(CardChecklist::Needed { documents, .. }) => {
                card_documents(&documents, answers.stateless())
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The guide's documents the firm retired that these answers would need,
/// with what the list says instead.
pub fn retired_for<'a>(
    part: Part,
    answers: &Answers,
    today: NaiveDate,
    amendments: &'a Amendments,
) -> Vec<&'a crate::amendments::Retirement> {
    guide_of_part(part, answers, today, amendments)
        .iter()
        .filter_map(|d| amendments.retirement(&d.id, today))
        .collect()
}

/// The firm's notes under a stage's list on `today`, then what it says
/// instead of the guide's documents it retired: each a paragraph, in the
/// result and on the printable sheet alike.
pub fn notes_under(
    part: Part,
    answers: &Answers,
    today: NaiveDate,
    amendments: &Amendments,
) -> Vec<Msg> {
    amendments
        .notes(part, answers, today)
        .map(|n| &n.text)
        .chain(
            retired_for(part, answers, today, amendments)
                .into_iter()
                .filter_map(|r| r.note.as_ref()),
        )
        .map(|text| Msg::new("note-item").msg("text", firm_text(text)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids the builders give are the list the content folder and the
    /// checklist's buttons are checked against, in the same order; a
    /// stateless applicant's identity document keeps its id.
    #[test]
    fn the_builders_give_the_guide_ids() {
        let built: Vec<String> = every_guide_document().map(|d| d.id).collect();
        assert_eq!(built, GUIDE_IDS);
        let stateless = permit_documents(&[PermitDocument::IdentityDocument { stateless: true }]);
        assert_eq!(stateless[0].id, GUIDE_IDS[1]);
        let stateless = card_documents(&[CardDocument::ValidNationalPassport], true);
        assert_eq!(stateless[0].id, GUIDE_IDS[9]);
    }
}
