//! The guide's terms (the passport's 180 days, the certificate's 180 days,
//! the card's 17 days) as the firm may change them from a date, as GOV.UK
//! keeps its rates: each change with the days it holds. A date the
//! companion gives uses the term in force on the day the applicant will
//! submit, not on the day they ask.

use chrono::NaiveDate;

use super::Amendments;
use super::period::Period;
use crate::rules::Terms;

/// A term the firm can change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Term {
    /// More than this many days of validity left on the passport when submitting.
    PassportMinDaysLeft,
    /// The criminal record certificate at most this many days old.
    CriminalRecordMaxAgeDays,
    /// The card issued within this many days of the submission.
    CardIssueDays,
}

impl Term {
    pub const ALL: [Term; 3] = [
        Term::PassportMinDaysLeft,
        Term::CriminalRecordMaxAgeDays,
        Term::CardIssueDays,
    ];

    /// Its name in `rules.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Term::PassportMinDaysLeft => "passport_min_days_left",
            Term::CriminalRecordMaxAgeDays => "criminal_record_max_age_days",
            Term::CardIssueDays => "card_issue_days",
        }
    }

    pub fn from_name(name: &str) -> Option<Term> {
        Term::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// A term with another value for a while.
#[derive(Clone, Debug, PartialEq)]
pub struct TermChange {
    pub term: Term,
    pub days: u32,
    pub source: String,
    pub valid: Period,
}

impl Amendments {
    /// The terms in force on `day`: the guide's, with the firm's changes.
    pub fn terms_on(&self, day: NaiveDate) -> Terms {
        let mut terms = Terms::GUIDE;
        for change in self.terms.iter().filter(|c| c.valid.holds_on(day)) {
            match change.term {
                Term::PassportMinDaysLeft => terms.passport_min_days_left = change.days.into(),
                Term::CriminalRecordMaxAgeDays => terms.criminal_record_max_age_days = change.days,
                Term::CardIssueDays => terms.card_issue_days = change.days.into(),
            }
        }
        terms
    }

    /// The days between which a term keeps one value, in order.
    fn spans(&self, term: Term) -> Vec<(NaiveDate, NaiveDate)> {
        let mut cuts: Vec<NaiveDate> = self
            .terms
            .iter()
            .filter(|c| c.term == term)
            .flat_map(|c| [c.valid.from, c.valid.until.and_then(|d| d.succ_opt())])
            .flatten()
            .collect();
        cuts.sort();
        cuts.dedup();
        let mut starts = vec![NaiveDate::MIN];
        starts.extend(cuts.into_iter().filter(|d| *d > NaiveDate::MIN));
        starts
            .iter()
            .enumerate()
            .map(|(i, start)| {
                let end = starts
                    .get(i + 1)
                    .and_then(|next| next.pred_opt())
                    .unwrap_or(NaiveDate::MAX);
                (*start, end)
            })
            .collect()
    }

    /// The latest day not before `floor` on which a deadline still holds,
    /// where `last_day(terms)` is the last such day under one set of terms:
    /// each span of days with one value of `term` is tried with its own.
    fn latest(
        &self,
        term: Term,
        floor: NaiveDate,
        last_day: impl Fn(&Terms) -> NaiveDate,
    ) -> NaiveDate {
        let spans = self.spans(term);
        spans
            .iter()
            .filter_map(|(first, last)| {
                let day = last_day(&self.terms_on(*first)).min(*last);
                (day >= *first && day >= floor).then_some(day)
            })
            .max()
            // No day at all: the earliest terms' answer, already past.
            .unwrap_or_else(|| last_day(&self.terms_on(spans[0].0)))
    }

    /// The last day a passport expiring on `expiry` meets the rule in
    /// force on that day.
    pub fn last_submission_day(&self, expiry: NaiveDate) -> NaiveDate {
        self.latest(Term::PassportMinDaysLeft, NaiveDate::MIN, |t| {
            t.last_submission_day(expiry)
        })
    }

    /// The last day a criminal record certificate issued on `issued` may
    /// be submitted, under the rule in force on that day.
    pub fn certificate_last_day(&self, issued: NaiveDate) -> NaiveDate {
        self.latest(Term::CriminalRecordMaxAgeDays, issued, |t| {
            t.criminal_record_certificate_last_day(issued)
        })
    }

    /// Whether a certificate issued on `issued` may be submitted on `day`.
    pub fn certificate_valid_on(&self, issued: NaiveDate, day: NaiveDate) -> bool {
        self.terms_on(day)
            .criminal_record_certificate_valid_on(issued, day)
    }

    /// The day the card is due when the documents went in on `submitted`:
    /// the term in force that day.
    pub fn card_ready_by(&self, submitted: NaiveDate) -> NaiveDate {
        self.terms_on(submitted).card_ready_by(submitted)
    }
}
