//! Writes a store in every state this build stores, and prints it as a
//! fixture for `tests/store_formats.rs`: every tree's entries as the build
//! wrote them (hex), the files beside them (the erasure log), and what the
//! build reads back (JSON): for each chat, the counters, an admin's review
//! notice.
//!
//! When the store's format changes, the build that writes the new format
//! runs this once and the output is committed beside the others:
//!
//!     cargo run --example store_fixture > tests/fixtures/store/format-6.txt
//!
//! then one line in `tests/store_formats.rs` names it. Add any new stored
//! state to `states()` below first, so the fixture holds it.
//!
//! The firm's questions and documents the dialogues name (from format 5)
//! are those of `tests/fixtures/store/content/`: their ids are stored, so
//! that folder only ever gains items, and the tests run the bot with it.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use kz_residence_bot::amendments::Amendments;
use kz_residence_bot::answers::{Answer, Answers, Id, Stage};
use kz_residence_bot::companion::{Companion, GivenDate, Reminder};
use kz_residence_bot::content;
use kz_residence_bot::dialogue::{DateQuestion, Session, Step};
use kz_residence_bot::handover;
use kz_residence_bot::lang::Lang;
use kz_residence_bot::office::Office;
use kz_residence_bot::questions::Question;
use kz_residence_bot::reminders;
use kz_residence_bot::rules::{Citizenship, Solvency};
use kz_residence_bot::staff::tally::{self, Tally};
use kz_residence_bot::store::counters::Counters;
use kz_residence_bot::store::erasures;
use kz_residence_bot::store::{self, ChatRecord, Durability, OpenRequest, Request};

/// When the fixture's store was "written": 12 December 2026, 11:00 in
/// Almaty. Tests set the bot's clock near it.
const WRITTEN: i64 = 1_797_055_200;
/// The office's group the requests went to (tests use it as BOT_STAFF_CHAT).
const STAFF_CHAT: i64 = -1_009_000;

/// The admin told on 10 December 2026 that the list was due its review.
const ADMIN: u64 = 9001;

/// The content folder the firm's questions below come from.
const CONTENT: &str = "tests/fixtures/store/content";
/// Its choice (`rent` or `own`), the date that asks for a rent (the
/// lease's deadline counts from it), and its yes/no.
const RESIDENCE: Id = Id::of("residence");
const LEASE_SIGNED: Id = Id::of("lease-signed");
const FOREIGN_LANGUAGE: Id = Id::of("foreign-language");
/// Its document with a deadline: 90 days from the lease's signing.
const LEASE: Id = Id::of("lease");

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The day the store was written.
fn written_on() -> NaiveDate {
    day(2026, 12, 12)
}

/// The guide's answers, then the firm's in the route's order up to (not
/// including) `upto`; all of them for `None`. The lease signed on
/// 12.10.2026: its last day is 10.01.2027.
fn with_added(upto: Option<Id>) -> Answers {
    let mut answers = answers(None);
    let added = [
        (RESIDENCE, Answer::Chosen(Id::of("rent"))),
        (LEASE_SIGNED, Answer::Date(day(2026, 10, 12))),
        (FOREIGN_LANGUAGE, Answer::YesNo(true)),
    ];
    for (question, answer) in added {
        if Some(question) == upto {
            break;
        }
        answers.set(Question::Added(question), answer);
    }
    answers
}

/// Answers given up to (not including) the question `upto`; all of them for `None`.
fn answers(upto: Option<Question>) -> Answers {
    let all = Answers {
        stage: Some(Stage::WholeRoute),
        citizenship: Some(Citizenship::China),
        ethnic_kazakh: Some(true),
        refugee: Some(false),
        age: Some(40),
        children_14_to_18: Some(false),
        solvency: Some(Solvency::OwnMeans),
        document_expiry: Some(day(2027, 7, 10)),
        added: Default::default(),
    };
    let order = [
        Question::Stage,
        Question::Citizenship,
        Question::EthnicKazakh,
        Question::RefugeeStatus,
        Question::Age,
        Question::ChildrenAged14To18,
        Question::Solvency,
        Question::DocumentExpiry,
    ];
    let given = upto.map_or(order.len(), |q| order.iter().position(|o| *o == q).unwrap());
    let mut answers = Answers::default();
    for question in &order[..given] {
        if let Some(answer) = all.get(*question) {
            answers.set(*question, answer);
        }
    }
    answers
}

fn record(lang: Option<Lang>, step: Step, answers: Answers, first_update: u32) -> ChatRecord {
    ChatRecord {
        session: Session {
            lang,
            step,
            answers,
            tag: None,
            companion: Companion::default(),
        },
        touched: WRITTEN - WRITTEN % 3600,
        handled: (first_update..first_update + 3).collect(),
        unreadable: false,
    }
}

/// One chat as stored: its record, the reminders sent, its request; or
/// erased on its request (`/forget`) after it was written.
struct State {
    chat: i64,
    record: Option<ChatRecord>,
    sent: Vec<(Reminder, NaiveDate)>,
    request: Option<Request>,
    erased: bool,
}

fn state(chat: i64, record: ChatRecord) -> State {
    State {
        chat,
        record: Some(record),
        sent: vec![],
        request: None,
        erased: false,
    }
}

fn open_request(reference: u32, lang: Lang, card: i32, topic: Option<i32>) -> Request {
    Request::Open(OpenRequest {
        reference: handover::reference(reference),
        opened: WRITTEN - 7200,
        lang,
        staff_chat: STAFF_CHAT,
        card,
        topic,
        messages: vec![card, card + 1],
        applicant_seen: 31,
        staff_seen: card + 1,
    })
}

/// Every state this build stores, one chat each.
fn states() -> Vec<State> {
    use Lang::{English, Kazakh, Russian};
    let langs = [Kazakh, Russian, English];
    let mut states = vec![];
    let mut choosing = record(None, Step::ChooseLanguage, Answers::default(), 100);
    choosing.session.tag = Some("expo".into());
    states.push(state(1001, choosing));
    let questions = [
        Question::Stage,
        Question::Citizenship,
        Question::EthnicKazakh,
        Question::RefugeeStatus,
        Question::Age,
        Question::ChildrenAged14To18,
        Question::Solvency,
        Question::DocumentExpiry,
    ];
    for (i, question) in questions.into_iter().enumerate() {
        let lang = Some(langs[i % 3]);
        let mut asked = record(
            lang,
            Step::Ask(question),
            answers(Some(question)),
            200 + i as u32 * 10,
        );
        asked.session.tag = (i % 2 == 0).then(|| "almaty_office".into());
        states.push(state(1002 + i as i64, asked));
    }
    states.push(state(
        1010,
        record(Some(English), Step::Summary, answers(None), 300),
    ));
    states.push(state(
        1011,
        record(Some(Kazakh), Step::Result, answers(None), 310),
    ));
    // The companion: ticks, a certificate date, reminders on (one sent, one kind cancelled).
    let mut reminded = record(Some(English), Step::Result, answers(None), 320);
    reminded.session.companion = Companion {
        ticked: vec!["application-form".into(), "criminal-record".into()],
        last_ticked: Some(day(2026, 12, 10)),
        certificate: Some(GivenDate {
            date: day(2026, 10, 1),
            given_on: day(2026, 12, 10),
        }),
        submitted: None,
        reminders_since: Some(day(2026, 12, 1)),
        cancelled: vec![Reminder::Nudge],
    };
    let mut reminded = state(1012, reminded);
    reminded.sent = vec![(Reminder::PassportMonth, day(2026, 12, 11))];
    states.push(reminded);
    let mut certificate = record(
        Some(Russian),
        Step::GiveDate(DateQuestion::CertificateIssued),
        answers(None),
        330,
    );
    certificate.session.companion.ticked = vec!["criminal-record".into()];
    states.push(state(1013, certificate));
    let mut card_only = answers(None);
    card_only.stage = Some(Stage::ResidencePermitCard);
    let submitted = record(
        Some(Kazakh),
        Step::GiveDate(DateQuestion::DocumentsSubmitted),
        card_only,
        340,
    );
    states.push(state(1014, submitted));
    // Ask the office: the consent screen shown; requests open, one in a
    // forum topic; one whose dialogue the privacy sweep has deleted.
    let mut consenting = state(
        1015,
        record(Some(English), Step::Result, answers(None), 350),
    );
    consenting.request = Some(Request::Consenting {
        since: WRITTEN - 3600,
    });
    states.push(consenting);
    let mut open = state(
        1016,
        record(Some(Russian), Step::Result, answers(None), 360),
    );
    open.request = Some(open_request(0x1234_5678, Russian, 501, None));
    states.push(open);
    let mut in_topic = state(1017, record(Some(Kazakh), Step::Result, answers(None), 370));
    in_topic.request = Some(open_request(0x0bad_cafe, Kazakh, 601, Some(77)));
    states.push(in_topic);
    states.push(State {
        chat: 1018,
        record: None,
        sent: vec![],
        request: Some(open_request(0x0dec_0de5, English, 701, None)),
        erased: false,
    });
    states.extend(firms_questions());
    states
}

/// From format 5: the questions and documents the firm added in its
/// content folder ([`CONTENT`]).
fn firms_questions() -> Vec<State> {
    use Lang::{English, Kazakh, Russian};
    let mut states = vec![];
    // Waiting at each kind of question: a choice, a date, a yes/no.
    let waiting = [
        (1019, Russian, RESIDENCE),
        (1020, Kazakh, LEASE_SIGNED),
        (1021, English, FOREIGN_LANGUAGE),
    ];
    for (chat, lang, question) in waiting {
        let at = 400 + (chat as u32 - 1019) * 10;
        let asked = record(
            Some(lang),
            Step::Ask(Question::Added(question)),
            with_added(Some(question)),
            at,
        );
        states.push(state(chat, asked));
    }
    // Every answer given, at the summary: rent, and own (no lease date).
    states.push(state(
        1022,
        record(Some(English), Step::Summary, with_added(None), 430),
    ));
    let mut own = answers(None);
    own.set(Question::Added(RESIDENCE), Answer::Chosen(Id::of("own")));
    own.set(Question::Added(FOREIGN_LANGUAGE), Answer::YesNo(false));
    states.push(state(1023, record(Some(Russian), Step::Summary, own, 440)));
    // The result: the lease ticked; reminders of its last day (10.01.2027)
    // on, the month's sent on 11.12.2026, the one after it cancelled. The
    // passport's far off (expiry 2030), the nudge cancelled.
    let mut answers = with_added(None);
    answers.document_expiry = Some(day(2030, 7, 10));
    let mut reminded = record(Some(English), Step::Result, answers, 450);
    reminded.session.companion = Companion {
        ticked: vec!["x-lease".into(), "application-form".into()],
        last_ticked: Some(day(2026, 12, 10)),
        certificate: None,
        submitted: None,
        reminders_since: Some(day(2026, 12, 1)),
        cancelled: vec![Reminder::Nudge, Reminder::DocumentPassed(LEASE)],
    };
    let mut reminded = state(1024, reminded);
    reminded.sent = vec![(Reminder::DocumentMonth(LEASE), day(2026, 12, 11))];
    states.push(reminded);
    // Erased on request: only the erasure log (from format 5) remembers it.
    let mut erased = state(
        1025,
        record(Some(Kazakh), Step::Result, with_added(None), 460),
    );
    erased.erased = true;
    states.push(erased);
    states
}

/// The content the firm's questions come from, as on the day written.
fn firms_content() -> Amendments {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(CONTENT);
    match content::load_on(&dir, Office::default(), written_on()) {
        Ok(content) => content.amendments,
        Err(problems) => panic!("{}: {problems:?}", dir.display()),
    }
}

/// Each dialogue at a firm's question is where the bot with the folder
/// would be with those answers, and each summary has every answer: the
/// states are real.
fn check_against(amendments: &Amendments, states: &[State]) {
    let questions = amendments.questionnaire(written_on());
    for state in states {
        let Some(record) = &state.record else {
            continue;
        };
        let answers = &record.session.answers;
        let next = questions.next_question(answers);
        match record.session.step {
            Step::Ask(asked) => assert_eq!(next, Some(asked), "chat {}", state.chat),
            Step::Summary | Step::Result => assert_eq!(next, None, "chat {}", state.chat),
            _ => {}
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let states = states();
    let amendments = firms_content();
    check_against(&amendments, &firms_questions());
    {
        let store = store::open(dir.path(), Durability::Flushed).unwrap();
        // The next reminders are indexed as the bot with the folder does.
        store.plan_reminders_with(Arc::new(move |session: &Session| {
            reminders::plan(
                &session.answers,
                &session.companion,
                &amendments,
                written_on(),
            )
        }));
        let counters = Counters::open(&store).unwrap();
        for state in &states {
            if let Some(record) = &state.record {
                store.write(state.chat, record).await.unwrap();
                if record.session.step == Step::Result {
                    let began = day(2026, 12, 10);
                    let session = &record.session;
                    counters
                        .began(
                            state.chat,
                            began,
                            &tally::counts(Tally::Started, session),
                            false,
                        )
                        .unwrap();
                    counters
                        .finished(state.chat, began, &tally::counts(Tally::Finished, session))
                        .unwrap();
                }
                if !state.sent.is_empty() {
                    store
                        .mark_sent(state.chat, record, &state.sent)
                        .await
                        .unwrap();
                }
            }
            match &state.request {
                Some(Request::Consenting { since }) => {
                    store.consenting(state.chat, *since).await.unwrap()
                }
                Some(Request::Open(open)) => {
                    assert!(store.open_request(state.chat, open).await.unwrap())
                }
                None => {}
            }
            if state.erased {
                store.erase(state.chat, WRITTEN - 600).await.unwrap();
            }
        }
        store
            .noted_review_notice(ADMIN, day(2026, 12, 10))
            .await
            .unwrap();
        counters.save().unwrap();
        store.flush_now().unwrap();
        // What this build reads back is what the fixture says it holds.
        println!(
            "# A store as kz-residence-bot {} wrote it (examples/store_fixture.rs):",
            env!("CARGO_PKG_VERSION")
        );
        println!(
            "# what it holds per chat, its review notices and counters, then every tree's \
             entries (tree, key, value in hex) and the files beside them (name, contents in hex)."
        );
        println!(
            "format {}",
            store::encode(&ChatRecord::default()).unwrap()[0]
        );
        for state in &states {
            let held = serde_json::json!({
                "chat": state.chat,
                "record": store.read(state.chat).unwrap(),
                "sent": store.sent(state.chat).unwrap(),
                "request": store.request(state.chat).unwrap(),
            });
            println!("held {held}");
        }
        let noticed = serde_json::json!({
            "admin": ADMIN,
            "day": store.review_notice(ADMIN).unwrap(),
        });
        println!("noticed {noticed}");
        let counted = Counters::open(&store)
            .unwrap()
            .read(day(2026, 1, 1), day(2026, 12, 31))
            .unwrap();
        let mut counted: Vec<_> = counted
            .into_iter()
            .map(|((day, count), n)| (day, count.name(), n))
            .collect();
        counted.sort();
        for (day, count, n) in counted {
            let counted = serde_json::json!({"day": day, "count": count, "n": n});
            println!("counted {counted}");
        }
    }
    dump(dir.path());
}

/// Every tree of the store's copy in use, entry by entry.
fn dump(dir: &Path) {
    let copy = std::fs::read_to_string(dir.join("dialogues.current"))
        .unwrap_or_else(|_| "dialogues".into());
    let db = sled::open(dir.join(copy.trim())).unwrap();
    let mut names = db.tree_names();
    names.sort();
    for name in names {
        let tree = db.open_tree(&name).unwrap();
        let name = String::from_utf8(name.to_vec()).unwrap();
        for item in tree.iter() {
            let (k, v) = item.unwrap();
            println!("entry {name} {} {}", hex(&k), hex(&v));
        }
    }
    // Beside the trees: the erasure log (from format 5).
    if let Ok(log) = std::fs::read(dir.join(erasures::FILE)) {
        println!("file {} {}", erasures::FILE, hex(&log));
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
