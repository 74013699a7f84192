//! The firm's amendments to the guide in the core, from a content folder:
//! its questions asked in their place, shown in the summary and changed
//! from it; documents and notes that depend on their answers; a deadline
//! counted from a date answered, with its reminders; items, texts and
//! terms that switch on their day; every item's source and the day it was
//! checked; the stored answers (format 5, reading 4); and the folder
//! checked, previewed on a day, and warned about from the command line.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use kz_residence_bot::amendments::{
    Amendments, GUIDE_ONLY, Period, Questionnaire, Term, TermChange,
};
use kz_residence_bot::answers::{Answer, Answers, Id};
use kz_residence_bot::companion::{Companion, Reminder};
use kz_residence_bot::content::{self, Content};
use kz_residence_bot::dialogue::{self, Context, Input, Session, Step, checklist, sheet, sources};
use kz_residence_bot::documents;
use kz_residence_bot::lang::Lang;
use kz_residence_bot::office::Office;
use kz_residence_bot::questions::Question;
use kz_residence_bot::reply::{Block, Msg, Reply};
use kz_residence_bot::texts::locale_sources;

use crate::common;
use crate::firm_folder;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The test folder, loaded as on `on`.
fn loaded(on: NaiveDate) -> (tempfile::TempDir, Content) {
    let dir = tempfile::tempdir().unwrap();
    let folder = firm_folder::folder(dir.path());
    let content =
        content::load_on(&folder, Office::default(), on).unwrap_or_else(|p| panic!("{p:#?}"));
    (dir, content)
}

/// A conversation with a content folder's amendments on a day.
struct Walk<'a> {
    content: &'a Content,
    today: NaiveDate,
    session: Session,
    replies: Vec<Reply>,
}

impl<'a> Walk<'a> {
    fn new(content: &'a Content, today: NaiveDate, lang: Lang) -> Walk<'a> {
        let mut walk = Walk {
            content,
            today,
            session: Session::default(),
            replies: Vec::new(),
        };
        walk.send(Input::Start {
            lang: Some(lang),
            tag: None,
        });
        walk
    }

    fn ctx(&self) -> Context<'a> {
        Context {
            today: self.today,
            labels: &self.content.labels,
            amendments: &self.content.amendments,
            ..common::ctx()
        }
    }

    fn send(&mut self, input: Input) -> &mut Self {
        let outcome = dialogue::step(&self.session, input, &self.ctx());
        self.session = outcome.session;
        self.replies = outcome.replies;
        self
    }

    fn press(&mut self, data: &str) -> &mut Self {
        self.send(Input::Button(data.into()))
    }

    fn text(&mut self, text: &str) -> &mut Self {
        self.send(Input::Text(text.into()))
    }

    /// The last turn, rendered in the session's language; any Fluent error fails.
    fn said(&self) -> String {
        let lang = self.session.reply_lang(None);
        let mut errors = Vec::new();
        let text = self
            .replies
            .iter()
            .map(|r| {
                self.content
                    .texts
                    .render_reply_checked(lang, r, &mut errors)
                    .text
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        assert!(errors.is_empty(), "{errors:?}");
        text
    }

    fn buttons(&self) -> Vec<String> {
        self.replies
            .iter()
            .flat_map(|r| r.keyboard.iter().flatten())
            .map(|b| b.press.encode())
            .collect()
    }

    /// Up to the first of the firm's questions: a Russian citizen, 40,
    /// own means, for the permit.
    fn answer_up_to_residence(&mut self) -> &mut Self {
        for press in ["a:stage:permit", "a:citizenship:ru", "a:refugee:no"] {
            self.press(press);
        }
        self.text("40")
            .press("a:children:no")
            .press("a:solvency:own")
    }
}

fn added(id: &str) -> Question {
    Question::Added(Id::new(id).unwrap())
}

#[test]
fn the_firms_question_is_asked_in_its_place_shown_in_the_summary_and_changed_from_it() {
    let today = common::TODAY;
    let (_dir, content) = loaded(today);
    let mut walk = Walk::new(&content, today, Lang::English);
    walk.answer_up_to_residence();
    // Placed after solvency, before the passport.
    assert_eq!(walk.session.step, Step::Ask(added("residence")));
    assert!(walk.said().contains("Where will you live in Kazakhstan?"));
    let buttons = walk.buttons();
    assert!(
        buttons.contains(&"a:residence:rent".to_string()),
        "{buttons:?}"
    );
    assert!(
        buttons.contains(&"a:residence:own".to_string()),
        "{buttons:?}"
    );
    // A typed answer is read against its options, in any language, or by number.
    walk.text("garage");
    assert!(
        walk.said().contains("a number from 1 to 2"),
        "{}",
        walk.said()
    );
    walk.text("в съёмном жилье");
    // The date question that depends on it comes next, with its calendar.
    assert_eq!(walk.session.step, Step::Ask(added("lease-signed")));
    assert!(
        walk.buttons()
            .iter()
            .any(|b| b.starts_with("cal:lease-signed:"))
    );
    walk.text("01.01.2030");
    assert!(
        walk.said().contains("That date is in the future"),
        "{}",
        walk.said()
    );
    walk.text("30.09.2026");
    assert_eq!(walk.session.step, Step::Ask(Question::DocumentExpiry));
    walk.text("01.01.2032");
    assert_eq!(walk.session.step, Step::Summary);
    let summary = walk.said();
    assert!(
        summary.contains("7. Where you will live: In a rented home"),
        "{summary}"
    );
    assert!(
        summary.contains("8. Lease signed on: 30 September 2026"),
        "{summary}"
    );
    assert!(walk.buttons().contains(&"sum:edit:residence".to_string()));
    assert!(
        walk.buttons()
            .contains(&"sum:edit:lease-signed".to_string())
    );

    // Changed from the summary: the date question no longer applies, and its answer goes.
    walk.press("sum:edit:residence");
    assert_eq!(walk.session.step, Step::Ask(added("residence")));
    walk.press("a:residence:own");
    assert_eq!(walk.session.step, Step::Summary);
    assert!(walk.session.answers.get(added("lease-signed")).is_none());
    assert!(!walk.said().contains("Lease signed on"), "{}", walk.said());
    // Back to renting: asked again.
    walk.press("sum:edit:residence").press("a:residence:rent");
    assert_eq!(walk.session.step, Step::Ask(added("lease-signed")));

    // Not on the card's route: the question is for the permit only.
    let mut card = Walk::new(&content, today, Lang::Russian);
    card.press("a:stage:card")
        .press("a:citizenship:ru")
        .text("40");
    assert_eq!(card.session.step, Step::Ask(Question::DocumentExpiry));
    // A button for an option nobody offers, or for a question not asked, changes nothing.
    let before = walk.session.clone();
    walk.press("a:residence:castle");
    assert_eq!(walk.session, before);
    walk.press("a:nonsense:yes");
    assert_eq!(walk.session, before);
}

/// With `residence` answered: the result, the checklist and the sheet.
fn finished<'a>(content: &'a Content, today: NaiveDate, residence: &str) -> Walk<'a> {
    let mut walk = Walk::new(content, today, Lang::English);
    walk.answer_up_to_residence()
        .press(&format!("a:residence:{residence}"));
    if residence == "rent" {
        walk.text("30.09.2026");
    }
    walk.text("01.01.2032").press("sum:go");
    assert_eq!(walk.session.step, Step::Result);
    walk
}

#[test]
fn documents_notes_and_a_deadline_follow_the_answers_to_the_firms_questions() {
    let today = common::TODAY;
    let (_dir, content) = loaded(today);
    let renting = finished(&content, today, "rent");
    let result = renting.said();
    assert!(result.contains("A copy of your lease."), "{result}");
    assert!(
        result.contains("📌 Bring your landlord's phone number."),
        "{result}"
    );
    let owning = finished(&content, today, "own");
    assert!(!owning.said().contains("lease"), "{}", owning.said());
    assert!(!owning.said().contains("landlord"));

    let mut list = finished(&content, today, "rent");
    list.press("res:list");
    assert!(
        list.buttons().contains(&"chk:x-lease".to_string()),
        "{:?}",
        list.buttons()
    );
    assert!(list.said().contains("⬜ Lease"), "{}", list.said());

    // The printable sheet: the answer, the document, its last day (30.09 + 90 days).
    let amendments = &content.amendments;
    let documents = documents::for_answers(&renting.session.answers, today, amendments);
    let sheet = sheet::build(
        &renting.session,
        &documents,
        &Office::default(),
        today,
        amendments,
    );
    let pdf = kz_residence_bot::pdf::translated(&content.texts, Lang::English, &sheet);
    let printed = format!("{pdf:?}");
    for expected in [
        "Where you will live",
        "In a rented home",
        "A copy of your lease.",
        "Lease: can be submitted up to and including 29 December 2026.",
        "📌 Bring your landlord's phone number.",
        "The office's list, https://example.kz/list. Checked on 20 November 2026:",
    ] {
        assert!(printed.contains(expected), "{expected}: {printed}");
    }

    // Reminders before that last day, as before the guide's.
    let companion = Companion {
        reminders_since: Some(today),
        ..Companion::default()
    };
    let plan =
        kz_residence_bot::reminders::plan(&renting.session.answers, &companion, amendments, today);
    let lease = Id::new("lease").unwrap();
    let planned: Vec<(Reminder, NaiveDate)> = plan.iter().map(|p| (p.reminder, p.due)).collect();
    for expected in [
        (Reminder::DocumentMonth(lease), day(2026, 11, 29)),
        (Reminder::DocumentWeek(lease), day(2026, 12, 22)),
        (Reminder::DocumentPassed(lease), day(2026, 12, 30)),
    ] {
        assert!(planned.contains(&expected), "{expected:?} in {planned:?}");
    }
    let month = plan
        .iter()
        .find(|p| p.reminder == Reminder::DocumentMonth(lease))
        .unwrap();
    let message = checklist::reminder_message(
        month,
        &renting.session,
        &documents,
        &Office::default(),
        day(2026, 11, 29),
        amendments,
    );
    let text = content.texts.render_reply(Lang::English, &message).text;
    assert!(
        text.contains(
            "\"Lease\" can be submitted up to and including 29 December 2026 (30 days from today)"
        ),
        "{text}"
    );
    // Without the firm's content the guide's plan is as it was.
    let guide =
        kz_residence_bot::reminders::plan(&renting.session.answers, &companion, &GUIDE_ONLY, today);
    assert!(
        guide
            .iter()
            .all(|p| !matches!(p.reminder, Reminder::DocumentMonth(_)))
    );
}

/// A consultation that ended before the firm added its question keeps its
/// list and its reminders (the question's items simply do not hold), and
/// the question is asked the next time the result is asked for.
#[test]
fn a_question_added_after_a_consultation_ended_keeps_its_list_and_is_asked_next_time() {
    let today = common::TODAY;
    let mut before = common::Chat::started(Lang::English);
    for press in ["a:stage:permit", "a:citizenship:ru", "a:refugee:no"] {
        before.press(press);
    }
    before.text("40");
    before.press("a:children:no");
    before.press("a:solvency:own");
    before.text("01.01.2032");
    before.press("sum:go");
    before.press("rem:on");
    let (_dir, content) = loaded(today);
    let mut walk = Walk::new(&content, today, Lang::English);
    walk.session = before.session.clone();
    walk.send(Input::Checklist);
    assert!(
        walk.buttons().contains(&"chk:application-form".to_string()),
        "{}",
        walk.said()
    );
    assert!(!walk.buttons().contains(&"chk:x-lease".to_string()));
    let plan = kz_residence_bot::reminders::plan(
        &walk.session.answers,
        &walk.session.companion,
        &content.amendments,
        today,
    );
    assert!(!plan.is_empty(), "the passport's reminders go on");
    walk.press("res:edit").press("sum:go");
    assert_eq!(walk.session.step, Step::Ask(added("residence")));
}

#[test]
fn items_and_texts_switch_on_their_day_and_dates_use_the_term_in_force_then() {
    let before = day(2026, 11, 25);
    let from = day(2026, 11, 26);
    let (_dir, content) = loaded(before);
    let earlier = finished(&content, before, "own");
    assert!(!earlier.said().contains("form B-7"), "{}", earlier.said());
    let later = finished(&content, from, "own");
    assert!(
        later.said().contains("The new form B-7."),
        "{}",
        later.said()
    );

    let card = |on: NaiveDate| {
        let mut walk = Walk::new(&content, on, Lang::English);
        walk.press("a:stage:card")
            .press("a:citizenship:ru")
            .text("40")
            .text("01.01.2032")
            .press("sum:go");
        walk.said()
    };
    assert!(card(before).contains("2 photographs of the required size."));
    assert!(
        card(from).contains("2 photographs, 35 × 45 mm."),
        "{}",
        card(from)
    );

    // The message override dated like them: the texts of each day.
    assert!(content.texts_hold_on(before) && !content.texts_hold_on(from));
    let restarted = Msg::new("restarted");
    assert_eq!(
        content.texts.render(Lang::English, &restarted),
        "Let's start over."
    );
    let on_the_day = content.on(from).unwrap();
    assert_eq!(
        on_the_day.texts.render(Lang::English, &restarted),
        "Let's begin again."
    );

    // The card: 17 days for documents submitted before 1 December, 10 from then.
    let amendments = &content.amendments;
    assert_eq!(
        amendments.card_ready_by(day(2026, 11, 30)),
        day(2026, 12, 17)
    );
    assert_eq!(
        amendments.card_ready_by(day(2026, 12, 1)),
        day(2026, 12, 11)
    );
    let mut submitted = Walk::new(&content, day(2026, 12, 2), Lang::English);
    submitted
        .press("a:stage:card")
        .press("a:citizenship:ru")
        .text("40")
        .text("01.01.2032");
    submitted
        .press("sum:go")
        .press("res:submitted")
        .text("01.12.2026");
    assert!(
        submitted
            .said()
            .contains("issued within 10 calendar days, so it should be ready by 11 December 2026"),
        "{}",
        submitted.said()
    );

    // The passport rule made stricter from a day: the last day is the latest
    // one that meets the rule in force on that very day.
    let stricter = Amendments {
        terms: vec![TermChange {
            term: Term::PassportMinDaysLeft,
            days: 200,
            source: "guide".into(),
            valid: Period {
                from: Some(day(2027, 6, 1)),
                until: None,
            },
        }],
        ..Amendments::guide_only()
    };
    // 201 days before 1 January 2028: after the change, so under the new rule.
    assert_eq!(
        stricter.last_submission_day(day(2028, 1, 1)),
        day(2027, 6, 14)
    );
    // Under the new rule it would fall before the change: the day before it.
    assert_eq!(
        stricter.last_submission_day(day(2027, 12, 1)),
        day(2027, 5, 31)
    );
    // Long before the change: the guide's 180 days.
    assert_eq!(
        stricter.last_submission_day(day(2027, 3, 1)),
        day(2026, 9, 1)
    );
    assert_eq!(
        GUIDE_ONLY.last_submission_day(day(2028, 1, 1)),
        day(2027, 7, 4)
    );
}

#[test]
fn each_item_names_its_source_and_the_day_it_was_checked_in_every_language() {
    let today = common::TODAY;
    let (_dir, content) = loaded(today);
    let mut used: BTreeSet<&'static str> = BTreeSet::new();
    for lang in Lang::ALL {
        let mut walk = Walk::new(&content, today, lang);
        walk.answer_up_to_residence()
            .press("a:residence:rent")
            .text("30.09.2026")
            .text("01.01.2032");
        let mut keys = |walk: &Walk| {
            walk.said();
            for reply in &walk.replies {
                collect(reply, &mut used);
            }
        };
        walk.press("sum:go");
        keys(&walk);
        if lang == Lang::English {
            assert!(
                walk.said().contains("📚 List checked on 20 November 2026."),
                "{}",
                walk.said()
            );
        }
        assert!(walk.buttons().contains(&"res:sources".to_string()));
        walk.press("res:sources");
        keys(&walk);
        if lang == Lang::English {
            let sources = walk.said();
            for expected in [
                "1. Our guide (no public address). Checked on 1 November 2026:",
                "   · Application form",
                "2. The office's list, https://example.kz/list. Checked on 20 November 2026:",
                "   · Lease",
                "   · Bring your landlord's phone number.",
            ] {
                assert!(sources.contains(expected), "{expected}: {sources}");
            }
        }
        walk.send(Input::Sources);
        keys(&walk);
        walk.send(Input::Help);
        keys(&walk);
        if lang == Lang::English {
            assert!(
                walk.said()
                    .contains("The list was last checked on 20 November 2026")
            );
        }
        // The companion's texts of the firm's dated document.
        walk.press("res:list").press("rem:on");
        keys(&walk);
        walk.press("sum:edit:lease-signed");
        walk.text("01.01.2099");
        keys(&walk);
        // The staff's card, and their figures.
        let card = dialogue::handover::card(
            &walk.session,
            dialogue::handover::Applicant {
                first_name: "Aigerim",
                phone: None,
                lang,
            },
            "K7M2QX",
            today,
            &content.amendments,
        );
        collect(&card, &mut used);
        let text = content.texts.render_reply(lang, &card).text;
        let in_lang = ["Где будете жить", "Where you will live", "Тұратын жеріңіз"];
        assert!(in_lang.iter().any(|n| text.contains(n)), "{text}");
        let age = kz_residence_bot::staff::content_age(&content.amendments, true, day(2027, 3, 1));
        let review = kz_residence_bot::staff::review_due(&content.amendments, day(2027, 3, 1));
        let fresh = kz_residence_bot::staff::content_age(&content.amendments, true, today);
        let guide = kz_residence_bot::staff::content_age(&GUIDE_ONLY, false, today);
        for reply in [
            Reply::paragraph(age),
            review,
            Reply::paragraph(fresh),
            Reply::paragraph(guide),
        ] {
            let mut errors = Vec::new();
            content
                .texts
                .render_reply_checked(lang, &reply, &mut errors);
            assert!(errors.is_empty(), "{errors:?}");
            collect(&reply, &mut used);
        }
    }
    // A future date answered by a firm's question, a past one, a retired
    // document, a term: said in the other tests or below.
    let elsewhere = [
        "content-error-date-past",
        "reminders-item-document",
        "remind-document-soon",
        "remind-document-passed",
        "sheet-document-last-day",
        "sheet-sources",
        "sources-retired",
        "sources-term",
        "sources-no-list",
        "stats-by-answer",
        "stats-answer",
        "stats-text",
    ];
    let mut unused = Vec::new();
    for (file, source) in locale_sources(Lang::English) {
        if file != "sources.ftl" && file != "content.ftl" {
            continue;
        }
        for entry in fluent_syntax::parser::parse(source).unwrap().body {
            if let fluent_syntax::ast::Entry::Message(m) = entry
                && !used.contains(m.id.name)
                && !elsewhere.contains(&m.id.name)
            {
                unused.push(m.id.name.to_string());
            }
        }
    }
    assert!(unused.is_empty(), "never shown: {unused:?}");
}

/// Every message key of a reply, nested ones included.
fn collect(reply: &Reply, used: &mut BTreeSet<&'static str>) {
    fn msg(m: &Msg, used: &mut BTreeSet<&'static str>) {
        used.insert(m.key);
        for (_, arg) in &m.args {
            if let kz_residence_bot::reply::Arg::Msg(inner) = arg {
                msg(inner, used);
            }
        }
    }
    for block in &reply.blocks {
        match block {
            Block::Paragraph(m) => msg(m, used),
            Block::Numbered(items) | Block::Lines(items) => items.iter().for_each(|m| msg(m, used)),
        }
    }
    for button in reply.keyboard.iter().flatten() {
        msg(&button.label, used);
    }
}

#[test]
fn the_rest_of_the_firms_texts_render_in_every_language() {
    let today = common::TODAY;
    let (_dir, content) = loaded(today);
    let mut amendments = content.amendments.clone();
    amendments
        .retirements
        .push(kz_residence_bot::amendments::Retirement {
            document: "application-form".into(),
            note: None,
            source: "office-list".into(),
            valid: Period::ALWAYS,
        });
    amendments.terms[0].valid = Period::ALWAYS;
    let mut answers = Answers::default();
    for (q, a) in [
        (
            Question::Stage,
            Answer::Stage(kz_residence_bot::answers::Stage::PermanentResidencePermit),
        ),
        (
            Question::Citizenship,
            Answer::Citizenship(kz_residence_bot::rules::Citizenship::Russia),
        ),
        (Question::RefugeeStatus, Answer::YesNo(false)),
        (Question::Age, Answer::Age(40)),
        (Question::ChildrenAged14To18, Answer::YesNo(false)),
        (
            Question::Solvency,
            Answer::Solvency(kz_residence_bot::rules::Solvency::OwnMeans),
        ),
        (added("residence"), Answer::Chosen(Id::new("rent").unwrap())),
        (added("lease-signed"), Answer::Date(day(2026, 9, 30))),
        (Question::DocumentExpiry, Answer::Date(day(2032, 1, 1))),
    ] {
        answers.set(q, a);
    }
    let documents = documents::for_answers(&answers, today, &amendments);
    assert!(
        !documents.iter().any(|d| d.id == "application-form"),
        "retired"
    );
    let lease = Id::new("lease").unwrap();
    let planned = |reminder| kz_residence_bot::reminders::Planned {
        reminder,
        due: today,
        until: today,
        deadline: day(2026, 12, 29),
    };
    let session = Session {
        answers: answers.clone(),
        ..Session::default()
    };
    let mut replies = vec![
        sources::sources(&answers, &documents, &amendments, today),
        sources::sources(&Answers::default(), &[], &amendments, today),
        checklist::reminders(
            &[
                planned(Reminder::DocumentWeek(lease)),
                planned(Reminder::DocumentPassed(lease)),
            ],
            true,
            &documents,
            false,
        ),
        checklist::reminder_message(
            &planned(Reminder::DocumentPassed(lease)),
            &session,
            &documents,
            &Office::default(),
            today,
            &amendments,
        ),
        Reply::paragraph(
            kz_residence_bot::parse::added_date_answer(
                kz_residence_bot::amendments::Dates::Future,
                day(2026, 1, 1),
                today,
            )
            .unwrap_err(),
        ),
    ];
    let sheet = sheet::build(&session, &documents, &Office::default(), today, &amendments);
    replies.push(Reply {
        blocks: sheet
            .sections
            .iter()
            .flat_map(|s| {
                std::iter::once(Block::Paragraph(s.heading.clone())).chain(
                    s.blocks.iter().filter_map(|b| match b {
                        sheet::SheetBlock::Paragraph(m) => Some(Block::Paragraph(m.clone())),
                        _ => None,
                    }),
                )
            })
            .collect(),
        ..Reply::default()
    });
    let mut figures = std::collections::HashMap::new();
    use kz_residence_bot::staff::tally::{By, Count, Tally};
    for (question, answer) in [("residence", "rent"), ("gone", "x")] {
        figures.insert(
            (
                today,
                Count::new(
                    Tally::Finished,
                    By::Answer {
                        question: Id::new(question).unwrap(),
                        answer: Id::new(answer).unwrap(),
                    },
                ),
            ),
            1,
        );
    }
    let figures = kz_residence_bot::staff::figures::Figures::new(today, figures);
    let block = figures
        .answers_report(&amendments.questions)
        .expect("a section");
    replies.push(Reply {
        blocks: vec![block],
        ..Reply::default()
    });
    let mut used = BTreeSet::new();
    for lang in Lang::ALL {
        for reply in &replies {
            let mut errors = Vec::new();
            let text = content
                .texts
                .render_reply_checked(lang, reply, &mut errors)
                .text;
            assert!(errors.is_empty(), "{}: {errors:?}", lang.code());
            assert!(!text.contains("{"), "{text}");
            collect(reply, &mut used);
        }
    }
    let english: Vec<String> = replies
        .iter()
        .map(|r| content.texts.render_reply(Lang::English, r).text)
        .collect();
    let all = english.join("\n");
    for expected in [
        "   · Application form: no longer on the list",
        "   · the residence permit card: issued within 10 calendar days after you submit the documents",
        "Your list is not ready yet",
        "the last day for \"Lease\": 29 December 2026",
        "the last day for \"Lease\" has passed (29 December 2026)",
        "The last day for \"Lease\" was 29 December 2026",
        "1 January 2026 has already passed",
        "Where you will live: In a rented home: 1 · 1 · 1",
        "gone: x: 1 · 1 · 1",
        "Sources",
    ] {
        assert!(all.contains(expected), "{expected}: {all}");
    }
    for key in [
        "sources-retired",
        "sources-term",
        "sources-no-list",
        "reminders-item-document",
        "remind-document-passed",
        "content-error-date-past",
        "sheet-sources",
        "sheet-document-last-day",
        "stats-by-answer",
        "stats-answer",
        "stats-text",
    ] {
        assert!(used.contains(key), "{key}");
    }
}

#[test]
fn added_answers_are_stored_in_format_5_and_format_4_still_reads() {
    use kz_residence_bot::store::{ChatRecord, decode, encode};
    let mut answers = Answers {
        stage: Some(kz_residence_bot::answers::Stage::WholeRoute),
        ..Answers::default()
    };
    answers.set(added("residence"), Answer::Chosen(Id::new("rent").unwrap()));
    answers.set(added("lease-signed"), Answer::Date(day(2026, 9, 30)));
    let lease = Id::new("lease").unwrap();
    let record = ChatRecord {
        session: Session {
            lang: Some(Lang::Kazakh),
            step: Step::Ask(added("lease-signed")),
            answers,
            tag: None,
            companion: Companion {
                cancelled: vec![Reminder::DocumentWeek(lease), Reminder::Nudge],
                ..Companion::default()
            },
        },
        touched: 1_800_000_000,
        handled: [7].into_iter().collect(),
        unreadable: false,
    };
    let bytes = encode(&record).unwrap();
    assert_eq!(bytes[0], 5);
    assert_eq!(decode(&bytes), Some(record.clone()));

    // Version 4, as the build before the firm's questions wrote it.
    #[derive(serde::Serialize)]
    struct AnswersV4 {
        stage: Option<kz_residence_bot::answers::Stage>,
        citizenship: Option<kz_residence_bot::rules::Citizenship>,
        ethnic_kazakh: Option<bool>,
        refugee: Option<bool>,
        age: Option<u8>,
        children_14_to_18: Option<bool>,
        solvency: Option<kz_residence_bot::rules::Solvency>,
        document_expiry: Option<NaiveDate>,
    }
    #[derive(serde::Serialize)]
    struct SessionV4 {
        lang: Option<Lang>,
        step: Step,
        answers: AnswersV4,
        tag: Option<String>,
        companion: Companion,
    }
    #[derive(serde::Serialize)]
    struct RecordV4 {
        session: SessionV4,
        touched: i64,
        handled: kz_residence_bot::store::HandledUpdates,
    }
    let v4 = RecordV4 {
        session: SessionV4 {
            lang: Some(Lang::Russian),
            step: Step::Ask(Question::Age),
            answers: AnswersV4 {
                stage: Some(kz_residence_bot::answers::Stage::WholeRoute),
                citizenship: Some(kz_residence_bot::rules::Citizenship::China),
                ethnic_kazakh: Some(true),
                refugee: Some(false),
                age: None,
                children_14_to_18: None,
                solvency: None,
                document_expiry: None,
            },
            tag: Some("expo".into()),
            companion: Companion::default(),
        },
        touched: 1_700_000_000,
        handled: [1, 2].into_iter().collect(),
    };
    let mut bytes = vec![4u8];
    bytes.extend(postcard::to_stdvec(&v4).unwrap());
    let read = decode(&bytes).expect("version 4 reads");
    assert_eq!(read.session.step, Step::Ask(Question::Age));
    assert_eq!(read.session.answers.ethnic_kazakh, Some(true));
    assert!(read.session.answers.added.is_empty());
    assert_eq!(read.session.tag.as_deref(), Some("expo"));
    assert_eq!(read.handled.ids(), [1, 2]);
}

#[test]
fn the_guide_alone_asks_no_added_question_and_names_the_guide() {
    let mut chat = common::Chat::started(Lang::English);
    for press in ["a:stage:permit", "a:citizenship:ru", "a:refugee:no"] {
        chat.press(press);
    }
    chat.text("40");
    chat.press("a:children:no");
    chat.press("a:solvency:own");
    chat.text("01.01.2032");
    chat.press("sum:go");
    assert!(
        chat.said().contains("📚 List checked on 30 November 2026."),
        "{}",
        chat.said()
    );
    chat.press("res:sources");
    assert!(
        chat.said()
            .contains("1. Our guide (no public address). Checked on 30 November 2026:"),
        "{}",
        chat.said()
    );
    assert!(
        Questionnaire::GUIDE
            .order()
            .iter()
            .all(|q| !matches!(q, Question::Added(_)))
    );
}

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kz-residence-bot"));
    command
        .env_remove("TELOXIDE_TOKEN")
        .env_remove("BOT_CONTENT_DIR");
    command
}

fn check_content(dir: &Path, on: &str) -> (Option<i32>, String) {
    let output = binary()
        .args(["check-content", dir.to_str().unwrap(), "--on", on])
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn check_content_refuses_references_to_questions_that_do_not_exist_or_come_later() {
    let dir = tempfile::tempdir().unwrap();
    let d = firm_folder::folder(dir.path());
    let write = |file: &str, text: &str| firm_folder::write(&d, file, text);
    // 2: asks before the question it reads; 10: an anchor nobody defines;
    // 17: a condition on the age, asked after it.
    write(
        "questions.toml",
        &format!(
            "{}\n{}",
            r#"[[question]]
id = "early"
kind = "yes_no"
after = "stage"
text = { kk = "?", ru = "?", en = "?" }
name = { kk = "?", ru = "?", en = "?" }
when.residence = "rent"
[[question]]
id = "floating"
kind = "yes_no"
after = "nowhere"
text = { kk = "?", ru = "?", en = "?" }
name = { kk = "?", ru = "?", en = "?" }
[[question]]
id = "too-soon"
kind = "yes_no"
after = "citizenship"
text = { kk = "?", ru = "?", en = "?" }
name = { kk = "?", ru = "?", en = "?" }
when.age_from = 18
"#,
            firm_folder::QUESTIONS
        ),
    );
    // A document on a question nobody asks, an option that does not exist,
    // a deadline on a yes/no question, a source nobody listed, a day that is not one.
    write(
        "documents.toml",
        r#"[[document]]
id = "a"
stage = "permit"
source = "office-list"
text = { kk = "a", ru = "a", en = "a" }
when.pets = true
[[document]]
id = "b"
stage = "permit"
source = "nobody"
text = { kk = "b", ru = "b", en = "b" }
when.residence = "castle"
[[document]]
id = "c"
stage = "permit"
source = "office-list"
valid_from = "soon"
text = { kk = "c", ru = "c", en = "c" }
deadline = { date = "early", days = 30 }
[[replace]]
document = "visa"
source = "office-list"
text = { kk = "v", ru = "v", en = "v" }
"#,
    );
    let (code, listed) = check_content(&d, "2026-11-24");
    assert_eq!(code, Some(1), "{listed}");
    let at = |file: &str, line: usize| format!("{}:{line}: ", d.join(file).display());
    for (file, line, what) in [
        (
            "questions.toml",
            7,
            "\"early\" asks about \"residence\", which is not asked before it",
        ),
        (
            "questions.toml",
            11,
            "after: \"nowhere\" is neither one of the guide's questions",
        ),
        (
            "questions.toml",
            20,
            "\"too-soon\" asks about \"age\", which is not asked before it",
        ),
        (
            "documents.toml",
            6,
            "when.pets: not a condition the bot knows",
        ),
        (
            "documents.toml",
            10,
            "source: \"nobody\" is not a source in sources.toml",
        ),
        (
            "documents.toml",
            12,
            "when.residence: \"castle\" is not one of its options (rent, own)",
        ),
        ("documents.toml", 17, "valid_from: not a day"),
        (
            "documents.toml",
            19,
            "deadline.date: \"early\" is not a date question",
        ),
        (
            "documents.toml",
            21,
            "document: \"visa\" is not one of the guide's documents",
        ),
    ] {
        let expected = at(file, line);
        assert!(
            listed
                .lines()
                .any(|l| l.starts_with(&expected) && l.contains(what)),
            "no {expected}…{what} in:\n{listed}"
        );
    }
}

#[test]
fn check_content_warns_once_the_review_is_due_and_still_passes() {
    let dir = tempfile::tempdir().unwrap();
    let d = firm_folder::folder(dir.path());
    let (code, listed) = check_content(&d, "2026-11-24");
    assert_eq!(code, Some(0), "{listed}");
    assert!(!listed.contains("warning"), "{listed}");
    // Reviewed 20 November 2026, every 90 days: due after 18 February 2027.
    let (code, listed) = check_content(&d, "2027-02-19");
    assert_eq!(code, Some(0), "{listed}");
    assert!(
        listed.contains(&format!(
            "warning: {}:1: the list was last reviewed on 2026-11-20 (91 days ago) and is to be reviewed every 90 days",
            d.join("review.toml").display()
        )),
        "{listed}"
    );
    std::fs::remove_file(d.join("review.toml")).unwrap();
    let (code, listed) = check_content(&d, "2026-11-24");
    assert_eq!(code, Some(0), "{listed}");
    assert!(listed.contains("review.toml: missing"), "{listed}");
}

/// The console, with a folder, as on a day.
fn console_on(folder: &Path, on: &str, input: &str) -> String {
    use std::io::Write;
    let mut child = binary()
        .args([
            "console",
            "--lang",
            "en",
            "--content",
            folder.to_str().unwrap(),
            "--on",
            on,
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_console_previews_the_consultation_as_it_will_be_on_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let folder = firm_folder::folder(dir.path());
    // Permit, Russia, not a refugee, 40, no children, own means, rented, lease, passport.
    let answers = "1\n2\n2\n40\n2\n1\n1\n30.09.2026\n01.01.2032\n1\n/restart\n/quit\n";
    let before = console_on(&folder, "2026-11-25", answers);
    assert!(
        before.contains("Where will you live in Kazakhstan?"),
        "{before}"
    );
    assert!(
        before.contains("7. Where you will live: In a rented home"),
        "{before}"
    );
    assert!(before.contains("A copy of your lease."), "{before}");
    assert!(!before.contains("form B-7"), "{before}");
    assert!(before.contains("Let's start over."), "{before}");
    let after = console_on(&folder, "2026-11-26", answers);
    assert!(after.contains("The new form B-7."), "{after}");
    assert!(after.contains("Let's begin again."), "{after}");

    // The shipped pack: the 2026 pilot is asked until its last day, not after.
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/content");
    let pilot = "1\n2\n2\n40\n2\n1\n01.01.2032\n2\n2\n";
    let in_2026 = console_on(&pack, "2026-12-31", pilot);
    assert!(in_2026.contains("2026 pilot procedure"), "{in_2026}");
    let in_2027 = console_on(&pack, "2027-01-01", &format!("{pilot}1\n"));
    assert!(!in_2027.contains("pilot"), "{in_2027}");
    assert!(
        in_2027.contains("Medical certificate (028/u)") || in_2027.contains("medical certificate"),
        "{in_2027}"
    );
}
