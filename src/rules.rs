//! The firm's guide as code: who needs which document, at which stage.
//!
//! Everything here is pure: the caller passes "today" (in Kazakhstan's time,
//! see [`crate::calendar`]), so every rule is testable with a table.
//! Nothing here states a fact the guide does not.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// The guide: the passport's validity "on the day of application submission
/// is more than 180 calendar days".
pub const PASSPORT_MIN_DAYS_LEFT: i64 = 180;
/// The guide: the criminal record certificate's "validity period not exceeding 180 calendar days".
pub const CRIMINAL_RECORD_MAX_AGE_DAYS: u32 = 180;
/// The guide: "The residence permit is issued within 17 calendar days after the documents are submitted."
pub const CARD_ISSUE_DAYS: u64 = 17;
/// The guide: "The residence permit is issued for 10 years."
pub const CARD_VALID_YEARS: u32 = 10;
/// The guide: the card is issued "from the age of sixteen".
pub const CARD_MIN_AGE: u8 = 16;
/// The guide: "notarized consent of a child aged 14 to 18": from the 14th birthday until the 18th.
pub const CHILD_CONSENT_AGES: std::ops::Range<u8> = 14..18;

/// The guide's two stages, each with a list of its own: which stage's list
/// a document or a note is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Stage 1: the permit for permanent residence.
    Permit,
    /// Stage 2: the residence permit card.
    Card,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Citizenship {
    China,
    Russia,
    Uzbekistan,
    Kyrgyzstan,
    Tajikistan,
    Turkmenistan,
    Mongolia,
    OtherCountry,
    Stateless,
    /// Citizens of Kazakhstan need no permit: the dialogue tells them so.
    Kazakhstan,
}

impl Citizenship {
    pub fn is_stateless(self) -> bool {
        self == Citizenship::Stateless
    }
}

/// How the applicant will confirm solvency, the guide's "main requirement".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Solvency {
    OwnMeans,
    /// "a notarized contract with an individual or legal entity".
    Contract,
}

/// Everything the guide makes a document depend on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applicant {
    pub citizenship: Citizenship,
    /// Only meaningful for citizens of China.
    pub ethnic_kazakh: bool,
    pub refugee_in_kazakhstan: bool,
    pub age: u8,
    pub children_14_to_18: bool,
    pub solvency: Solvency,
    /// Expiry of the foreign passport, or of the stateless person's document.
    pub document_expiry: NaiveDate,
}

impl Applicant {
    pub fn is_ethnic_kazakh_citizen_of_china(&self) -> bool {
        self.citizenship == Citizenship::China && self.ethnic_kazakh
    }
}

/// Why the criminal record certificate is dropped from the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CriminalRecordExemption {
    RefugeeInKazakhstan,
    EthnicKazakhCitizenOfChina,
}

/// Whose notarized consent (age 14 to 18) is needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentOf {
    /// The applicant is a child aged 14 to 18.
    Applicant,
    /// Children aged 14 to 18 are moving with the applicant.
    Children,
}

/// Documents for the permit for permanent residence (stage 1), in the guide's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PermitDocument {
    ApplicationForm,
    /// Copy and original of the foreign passport, or of the stateless person's document.
    IdentityDocument {
        stateless: bool,
    },
    SolvencyDocument,
    CriminalRecordCertificate,
    NotarizedConsentOfChild(ConsentOf),
    NotarizedContract,
}

/// What the 180-day rule says about the passport on a given submission day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PassportCheck {
    /// More than 180 days left; `last_submission_day` is the last day it still holds.
    Valid {
        days_left: i64,
        last_submission_day: NaiveDate,
    },
    /// Still valid, but for 180 days or fewer: too short to apply.
    TooShort { days_left: i64 },
    /// The expiry date has passed.
    Expired { expired_on: NaiveDate },
}

/// The guide's terms, or the firm's changes to them on some day
/// ([`crate::amendments::Amendments::terms_on`]): every rule below reads
/// its numbers from here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Terms {
    pub passport_min_days_left: i64,
    pub criminal_record_max_age_days: u32,
    pub card_issue_days: u64,
}

impl Terms {
    /// The guide's.
    pub const GUIDE: Terms = Terms {
        passport_min_days_left: PASSPORT_MIN_DAYS_LEFT,
        criminal_record_max_age_days: CRIMINAL_RECORD_MAX_AGE_DAYS,
        card_issue_days: CARD_ISSUE_DAYS,
    };

    /// The passport rule: on the day of submission the passport must have
    /// more than this many calendar days left, counted as whole days from
    /// the submission day to the expiry day.
    pub fn passport_check(&self, expiry: NaiveDate, submission_day: NaiveDate) -> PassportCheck {
        let days_left = (expiry - submission_day).num_days();
        if days_left < 0 {
            PassportCheck::Expired { expired_on: expiry }
        } else if days_left > self.passport_min_days_left {
            PassportCheck::Valid {
                days_left,
                last_submission_day: self.last_submission_day(expiry),
            }
        } else {
            PassportCheck::TooShort { days_left }
        }
    }

    /// The last day on which a passport expiring on `expiry` still has
    /// more days left than the rule asks.
    pub fn last_submission_day(&self, expiry: NaiveDate) -> NaiveDate {
        expiry
            .checked_sub_days(Days::new(self.passport_min_days_left as u64 + 1))
            .unwrap_or(NaiveDate::MIN)
    }

    /// On the day of submission the certificate is at most this many days old.
    pub fn criminal_record_certificate_valid_on(
        &self,
        issued: NaiveDate,
        submission_day: NaiveDate,
    ) -> bool {
        let age = (submission_day - issued).num_days();
        (0..=i64::from(self.criminal_record_max_age_days)).contains(&age)
    }

    /// The last day a certificate issued on `issued` may be submitted.
    pub fn criminal_record_certificate_last_day(&self, issued: NaiveDate) -> NaiveDate {
        issued
            .checked_add_days(Days::new(self.criminal_record_max_age_days.into()))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The day the card is issued at the latest when the documents go in on `submitted`.
    pub fn card_ready_by(&self, submitted: NaiveDate) -> NaiveDate {
        submitted
            .checked_add_days(Days::new(self.card_issue_days))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// The 180-day rule: on the day of submission the passport must have more
/// than 180 calendar days left. Days left are counted as whole days from the
/// submission day to the expiry day.
pub fn passport_check(expiry: NaiveDate, submission_day: NaiveDate) -> PassportCheck {
    Terms::GUIDE.passport_check(expiry, submission_day)
}

/// The last day on which a passport expiring on `expiry` still has more than 180 days left.
pub fn last_submission_day(expiry: NaiveDate) -> NaiveDate {
    Terms::GUIDE.last_submission_day(expiry)
}

/// Stage 1: the permit for permanent residence, issued by the migration service of the police.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PermitChecklist {
    pub documents: Vec<PermitDocument>,
    pub criminal_record_exemption: Option<CriminalRecordExemption>,
    pub passport: PassportCheck,
}

pub fn permanent_residence_permit(applicant: &Applicant, today: NaiveDate) -> PermitChecklist {
    permanent_residence_permit_under(&Terms::GUIDE, applicant, today)
}

/// Stage 1 under `terms` (the guide's, or the firm's changes in force).
pub fn permanent_residence_permit_under(
    terms: &Terms,
    applicant: &Applicant,
    today: NaiveDate,
) -> PermitChecklist {
    let criminal_record_exemption = criminal_record_exemption(applicant);
    let mut documents = vec![
        PermitDocument::ApplicationForm,
        PermitDocument::IdentityDocument {
            stateless: applicant.citizenship.is_stateless(),
        },
        PermitDocument::SolvencyDocument,
    ];
    if criminal_record_exemption.is_none() {
        documents.push(PermitDocument::CriminalRecordCertificate);
    }
    if CHILD_CONSENT_AGES.contains(&applicant.age) {
        documents.push(PermitDocument::NotarizedConsentOfChild(
            ConsentOf::Applicant,
        ));
    }
    if applicant.children_14_to_18 {
        documents.push(PermitDocument::NotarizedConsentOfChild(ConsentOf::Children));
    }
    if applicant.solvency == Solvency::Contract {
        documents.push(PermitDocument::NotarizedContract);
    }
    PermitChecklist {
        documents,
        criminal_record_exemption,
        passport: terms.passport_check(applicant.document_expiry, today),
    }
}

/// The guide exempts refugees in Kazakhstan and ethnic Kazakh citizens of
/// China from the criminal record certificate (refugee status named first
/// when both hold).
pub fn criminal_record_exemption(applicant: &Applicant) -> Option<CriminalRecordExemption> {
    if applicant.refugee_in_kazakhstan {
        Some(CriminalRecordExemption::RefugeeInKazakhstan)
    } else if applicant.is_ethnic_kazakh_citizen_of_china() {
        Some(CriminalRecordExemption::EthnicKazakhCitizenOfChina)
    } else {
        None
    }
}

/// The criminal record certificate's "validity period not exceeding 180
/// calendar days": on the day of submission it is at most 180 days old.
pub fn criminal_record_certificate_valid_on(issued: NaiveDate, submission_day: NaiveDate) -> bool {
    Terms::GUIDE.criminal_record_certificate_valid_on(issued, submission_day)
}

/// The last day a criminal record certificate issued on `issued` may be submitted.
pub fn criminal_record_certificate_last_day(issued: NaiveDate) -> NaiveDate {
    Terms::GUIDE.criminal_record_certificate_last_day(issued)
}

/// Documents for the residence permit card (stage 2), submitted in person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardDocument {
    StateDutyPayment,
    TwoPhotographs,
    ValidNationalPassport,
}

pub const CARD_DOCUMENTS: [CardDocument; 3] = [
    CardDocument::StateDutyPayment,
    CardDocument::TwoPhotographs,
    CardDocument::ValidNationalPassport,
];

/// Stage 2: the residence permit card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardChecklist {
    /// "children under the age of sixteen do not require a residence permit".
    NotNeededUnder16,
    Needed {
        documents: [CardDocument; 3],
        /// Issued within 17 calendar days: the date if submitted today.
        ready_by: NaiveDate,
        valid_years: u32,
        /// Whether the passport is valid today; `None` when its expiry is not known.
        passport_valid_today: Option<bool>,
    },
}

pub fn residence_permit_card(
    age: u8,
    passport_expiry: Option<NaiveDate>,
    today: NaiveDate,
) -> CardChecklist {
    residence_permit_card_under(&Terms::GUIDE, age, passport_expiry, today)
}

/// Stage 2 under `terms` (the guide's, or the firm's changes in force).
pub fn residence_permit_card_under(
    terms: &Terms,
    age: u8,
    passport_expiry: Option<NaiveDate>,
    today: NaiveDate,
) -> CardChecklist {
    if age < CARD_MIN_AGE {
        return CardChecklist::NotNeededUnder16;
    }
    CardChecklist::Needed {
        documents: CARD_DOCUMENTS,
        ready_by: terms.card_ready_by(today),
        valid_years: CARD_VALID_YEARS,
        passport_valid_today: passport_expiry.map(|expiry| expiry >= today),
    }
}

/// The day the card is issued at the latest when the documents go in on `submitted`.
pub fn card_ready_by(submitted: NaiveDate) -> NaiveDate {
    Terms::GUIDE.card_ready_by(submitted)
}
