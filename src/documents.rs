//! The documents of the applicant's lists, each with a stable id (ticks
//! are kept by it) and its texts: in full (the result), as printed (the
//! printable list: the same, but for a legal act's whole title), short (a
//! checklist button, and its name wherever else it is named) and why it is
//! needed (the printable list).

use chrono::NaiveDate;

use crate::answers::Answers;
use crate::reply::{Localized, Msg};
use crate::route;
use crate::rules::{
    self, CardChecklist, CardDocument, Citizenship, ConsentOf, PermitDocument, Solvency,
};

/// Which stage's list a document is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Stage 1: the permit for permanent residence.
    Permit,
    /// Stage 2: the residence permit card.
    Card,
}

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
        }
    }
}

/// A stage-1 document: id, and the keys of its full text, short name and reason.
fn permit_document(document: PermitDocument) -> Document {
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
                .number("days", rules::PASSPORT_MIN_DAYS_LEFT);
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
                .number("days", rules::CRIMINAL_RECORD_MAX_AGE_DAYS.into());
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
    documents.iter().map(|d| permit_document(*d)).collect()
}

pub fn card_documents(documents: &[CardDocument], stateless: bool) -> Vec<Document> {
    documents
        .iter()
        .map(|d| card_document(*d, stateless))
        .collect()
}

/// A document the firm asks for beyond the guide, from its content folder:
/// on a stage's list when its conditions hold.
#[derive(Clone, Debug, PartialEq)]
pub struct Extra {
    /// Letters, digits and `-`; its checklist id is `x-` and this.
    pub id: String,
    pub part: Part,
    pub when: Conditions,
    pub text: Localized,
    /// For the checklist's button; the text itself when not given.
    pub short: Option<Localized>,
    /// Why it is needed, for the printable list.
    pub why: Option<Localized>,
}

/// Conditions on the answers the bot collects. Each that is set must hold;
/// one on an answer the route did not ask (refugee status on the card's
/// route, say) does not hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Conditions {
    /// Any of these.
    pub citizenship: Option<Vec<Citizenship>>,
    pub stateless: Option<bool>,
    pub refugee: Option<bool>,
    pub ethnic_kazakh_from_china: Option<bool>,
    pub solvency: Option<Solvency>,
    /// From this age (inclusive).
    pub age_from: Option<u8>,
    /// Below this age.
    pub age_below: Option<u8>,
}

impl Conditions {
    pub fn hold(&self, answers: &Answers) -> bool {
        fn check<T: PartialEq>(wanted: Option<T>, given: Option<T>) -> bool {
            wanted.is_none_or(|w| given == Some(w))
        }
        let ethnic = answers
            .citizenship
            .map(|c| c == Citizenship::China && answers.ethnic_kazakh == Some(true));
        self.citizenship
            .as_ref()
            .is_none_or(|any| answers.citizenship.is_some_and(|c| any.contains(&c)))
            && check(
                self.stateless,
                answers.citizenship.map(|c| c.is_stateless()),
            )
            && check(self.refugee, answers.refugee)
            && check(self.ethnic_kazakh_from_china, ethnic)
            && check(self.solvency, answers.solvency)
            && self
                .age_from
                .is_none_or(|from| answers.age.is_some_and(|a| a >= from))
            && self
                .age_below
                .is_none_or(|below| answers.age.is_some_and(|a| a < below))
    }
}

impl Extra {
    fn document(&self) -> Document {
        let text =
            |localized: &Localized| Msg::new("content-text").localized("text", localized.clone());
        Document {
            id: format!("x-{}", self.id),
            part: self.part,
            text: text(&self.text),
            printed: text(&self.text),
            short: text(self.short.as_ref().unwrap_or(&self.text)),
            why: self.why.as_ref().map_or(Msg::new("why-extra"), text),
        }
    }
}

/// Every document the applicant needs for the stages they asked about, in
/// order, the firm's extra documents after the guide's; empty while an
/// answer is missing.
pub fn for_answers(answers: &Answers, today: NaiveDate, extras: &[Extra]) -> Vec<Document> {
    let mut all = Vec::new();
    let Some(stage) = answers.stage else {
        return all;
    };
    if route::next_question(answers).is_some() {
        return all;
    }
    if stage.includes_permit()
        && let Some(applicant) = route::applicant(answers)
    {
        let checklist = rules::permanent_residence_permit(&applicant, today);
        all.extend(permit_documents(&checklist.documents));
        all.extend(extras_for(Part::Permit, answers, extras));
    }
    if stage.includes_card()
        && let Some(age) = answers.age
        && let CardChecklist::Needed { documents, .. } =
            rules::residence_permit_card(age, None, today)
    {
        let stateless = answers.citizenship.is_some_and(|c| c.is_stateless());
        all.extend(card_documents(&documents, stateless));
        all.extend(extras_for(Part::Card, answers, extras));
    }
    all
}

/// The firm's extra documents of one stage whose conditions hold.
pub fn extras_for<'a>(
    part: Part,
    answers: &'a Answers,
    extras: &'a [Extra],
) -> impl Iterator<Item = Document> + 'a {
    extras
        .iter()
        .filter(move |e| e.part == part && e.when.hold(answers))
        .map(Extra::document)
}
