//! Reminders before the guide's deadlines, planned from the applicant's own
//! dates: the passport's last day under the 180-day rule, the criminal
//! record certificate's 180 days, the card's 17 days, the last days of the
//! firm's documents that have one, and one nudge for a quiet checklist.
//! Each under the terms in force on the day it is about. Pure: the front
//! end sends what [`due`] returns, at a civil hour in Kazakhstan
//! ([`SEND_AT_HOUR`]), and records it as sent.

use chrono::{Days, NaiveDate};

use crate::amendments::Amendments;
use crate::answers::Answers;
use crate::companion::{Companion, Reminder};
use crate::documents;
use crate::rules::Part;

/// Reminders go out at 10:00 in Kazakhstan (UTC+5).
pub const SEND_AT_HOUR: u32 = 10;
/// A ticked list untouched this long gets one nudge.
pub const NUDGE_AFTER_DAYS: u64 = 14;

/// A reminder due on `due`, still worth sending until `until` (a reminder
/// missed while the bot was down is sent late only while it still helps).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Planned {
    pub reminder: Reminder,
    pub due: NaiveDate,
    pub until: NaiveDate,
    /// The deadline it is about (the passport's or certificate's last day,
    /// the day the card is due).
    pub deadline: NaiveDate,
}

/// One sent (or dropped) reminder: what, and for which due date.
pub type Sent = (Reminder, NaiveDate);

fn plus(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

fn minus(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

/// Before, just before, and after a deadline.
fn around(deadline: NaiveDate, [month, week, passed]: [Reminder; 3]) -> [Planned; 3] {
    [
        Planned {
            reminder: month,
            due: minus(deadline, 30),
            until: minus(deadline, 8),
            deadline,
        },
        Planned {
            reminder: week,
            due: minus(deadline, 7),
            until: deadline,
            deadline,
        },
        Planned {
            reminder: passed,
            due: plus(deadline, 1),
            until: plus(deadline, 7),
            deadline,
        },
    ]
}

/// Every reminder planned for these answers and companion state, earliest
/// first: none unless the applicant asked for reminders, none due on or
/// before the day they asked (or gave the date it counts from), none of a
/// cancelled kind. The list is the one in force on `today`.
pub fn plan(
    answers: &Answers,
    companion: &Companion,
    amendments: &Amendments,
    today: NaiveDate,
) -> Vec<Planned> {
    let Some(since) = companion.reminders_since else {
        return Vec::new();
    };
    let documents = documents::for_answers(answers, today, amendments);
    let mut planned = Vec::new();
    let permit = documents.iter().any(|d| d.part == Part::Permit);
    if permit && let Some(expiry) = answers.document_expiry {
        let last_day = amendments.last_submission_day(expiry);
        planned.extend(
            around(
                last_day,
                [
                    Reminder::PassportMonth,
                    Reminder::PassportWeek,
                    Reminder::PassportPassed,
                ],
            )
            .into_iter()
            .filter(|p| p.due > since),
        );
    }
    let certificate_needed = documents.iter().any(|d| d.id == "criminal-record");
    if certificate_needed && let Some(given) = companion.certificate {
        let last_day = amendments.certificate_last_day(given.date);
        let from = since.max(given.given_on);
        planned.extend(
            around(
                last_day,
                [
                    Reminder::CertificateMonth,
                    Reminder::CertificateWeek,
                    Reminder::CertificatePassed,
                ],
            )
            .into_iter()
            .filter(|p| p.due > from),
        );
    }
    let card = documents.iter().any(|d| d.part == Part::Card);
    if card && let Some(given) = companion.submitted {
        let ready = amendments.card_ready_by(given.date);
        if ready > since.max(given.given_on) {
            planned.push(Planned {
                reminder: Reminder::CardReady,
                due: ready,
                until: plus(ready, 14),
                deadline: ready,
            });
        }
    }
    for part in [Part::Permit, Part::Card] {
        for extra in amendments.extras(part, answers, today) {
            let listed = documents.iter().any(|d| d.id == extra.checklist_id());
            if let (true, Some(last_day)) = (listed, amendments.deadline(extra, answers)) {
                let id = crate::answers::Id::new(&extra.id);
                planned.extend(id.into_iter().flat_map(|id| {
                    around(
                        last_day,
                        [
                            Reminder::DocumentMonth(id),
                            Reminder::DocumentWeek(id),
                            Reminder::DocumentPassed(id),
                        ],
                    )
                    .into_iter()
                    .filter(|p| p.due > since)
                }));
            }
        }
    }
    let ticked = documents
        .iter()
        .filter(|d| companion.is_ticked(&d.id))
        .count();
    if ticked > 0
        && ticked < documents.len()
        && let Some(last) = companion.last_ticked
    {
        let due = plus(last, NUDGE_AFTER_DAYS);
        if due > since {
            planned.push(Planned {
                reminder: Reminder::Nudge,
                due,
                until: plus(due, 7),
                deadline: due,
            });
        }
    }
    planned.retain(|p| !companion.cancelled.contains(&p.reminder));
    planned.sort_by_key(|p| (p.due, p.reminder));
    planned
}

fn is_sent(planned: &Planned, sent: &[Sent]) -> bool {
    sent.contains(&(planned.reminder, planned.due))
}

/// What to send on `today`: due, not sent yet, still worth sending.
pub fn due(planned: &[Planned], sent: &[Sent], today: NaiveDate) -> Vec<Planned> {
    planned
        .iter()
        .filter(|p| p.due <= today && today <= p.until && !is_sent(p, sent))
        .copied()
        .collect()
}

/// Reminders whose time has passed unsent (the bot was down too long):
/// recorded as done so they are never sent.
pub fn missed(planned: &[Planned], sent: &[Sent], today: NaiveDate) -> Vec<Planned> {
    planned
        .iter()
        .filter(|p| p.until < today && !is_sent(p, sent))
        .copied()
        .collect()
}

/// How long after its due day a reminder sent is remembered once the plan
/// no longer has it: longer than any reminder stays worth sending (30 days
/// before a deadline, until 8 days before it: 22 days), so a plan that
/// loses a reminder for a while and has it again (a start without the
/// content folder, a firm's question answered otherwise and back, a date
/// changed and changed back) does not send it twice.
pub const REMEMBER_SENT_DAYS: u64 = 30;

/// The record of reminders sent worth keeping on `today`: what the plan
/// still has, and whatever was due in the last [`REMEMBER_SENT_DAYS`].
/// An older one could not be sent again anyway: back in the plan, it is
/// [`missed`].
pub fn kept_sent(planned: &[Planned], sent: &[Sent], today: NaiveDate) -> Vec<Sent> {
    let recent = minus(today, REMEMBER_SENT_DAYS);
    sent.iter()
        .filter(|(reminder, due)| {
            *due >= recent
                || planned
                    .iter()
                    .any(|p| (p.reminder, p.due) == (*reminder, *due))
        })
        .copied()
        .collect()
}

/// The earliest day something is still to be sent or recorded.
pub fn next_due(planned: &[Planned], sent: &[Sent]) -> Option<NaiveDate> {
    planned
        .iter()
        .filter(|p| !is_sent(p, sent))
        .map(|p| p.due)
        .min()
}

/// Reminders still ahead (not sent, not missed), for `/reminders`.
pub fn pending(planned: &[Planned], sent: &[Sent], today: NaiveDate) -> Vec<Planned> {
    planned
        .iter()
        .filter(|p| p.until >= today && !is_sent(p, sent))
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amendments::GUIDE_ONLY;
    use crate::answers::{Id, Stage};
    use crate::companion::GivenDate;
    use crate::rules::{Citizenship, Solvency};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_reminder_sent_is_remembered_while_it_could_be_sent_again_though_the_plan_lost_it() {
        let lease = Id::of("lease");
        let sent = vec![(Reminder::DocumentMonth(lease), day(2026, 12, 11))];
        // The plan without it (the content folder missing, say).
        assert_eq!(kept_sent(&[], &sent, day(2026, 12, 12)), sent);
        assert_eq!(kept_sent(&[], &sent, day(2027, 1, 10)), sent);
        assert_eq!(kept_sent(&[], &sent, day(2027, 1, 11)), vec![]);
        // With it, kept whatever its age.
        let planned = around(
            day(2027, 1, 10),
            [
                Reminder::DocumentMonth(lease),
                Reminder::DocumentWeek(lease),
                Reminder::DocumentPassed(lease),
            ],
        );
        assert_eq!(kept_sent(&planned, &sent, day(2027, 6, 1)), sent);
        // Forgotten, it is not sent again but recorded as missed.
        let month = |p: &Planned| p.reminder == Reminder::DocumentMonth(lease);
        assert!(!due(&planned, &[], day(2027, 1, 11)).iter().any(month));
        assert!(missed(&planned, &[], day(2027, 1, 11)).iter().any(month));
    }

    #[test]
    fn no_reminder_stays_worth_sending_as_long_as_its_record_is_remembered() {
        let answers = Answers {
            stage: Some(Stage::WholeRoute),
            citizenship: Some(Citizenship::Russia),
            refugee: Some(false),
            age: Some(40),
            children_14_to_18: Some(false),
            solvency: Some(Solvency::OwnMeans),
            document_expiry: Some(day(2027, 7, 10)),
            ..Answers::default()
        };
        let given = |date| GivenDate {
            date,
            given_on: day(2026, 10, 1),
        };
        let companion = Companion {
            ticked: vec!["application-form".into()],
            last_ticked: Some(day(2026, 10, 1)),
            certificate: Some(given(day(2026, 9, 1))),
            submitted: Some(given(day(2026, 10, 1))),
            reminders_since: Some(day(2026, 10, 1)),
            cancelled: vec![],
        };
        let mut planned = plan(&answers, &companion, &GUIDE_ONLY, day(2026, 10, 1));
        let lease = Id::of("lease");
        planned.extend(around(
            day(2027, 1, 10),
            [
                Reminder::DocumentMonth(lease),
                Reminder::DocumentWeek(lease),
                Reminder::DocumentPassed(lease),
            ],
        ));
        let mut kinds: Vec<String> = planned.iter().map(|p| p.reminder.id()).collect();
        kinds.sort();
        kinds.dedup();
        assert_eq!(kinds.len(), 11, "every kind of reminder: {kinds:?}");
        for p in &planned {
            let worth_sending = (p.until - p.due).num_days();
            assert!(
                worth_sending < REMEMBER_SENT_DAYS as i64,
                "{:?}: {worth_sending} days",
                p.reminder
            );
        }
    }
}
