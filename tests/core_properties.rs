//! Property tests over the core: any sequence of inputs (text of any
//! Unicode, numbers out of range, dates of every shape, button data of any
//! bytes, commands mid-question) never panics, always answers in the
//! user's language, and never leaves the route.

use kz_residence_bot::companion::Reminder;
use kz_residence_bot::dates::{Years, read};
use kz_residence_bot::dialogue::{self, Input, Session, Step};
use kz_residence_bot::documents::GUIDE_IDS as DOCUMENT_IDS;
use kz_residence_bot::lang::Lang;
use kz_residence_bot::questions::{ALL_QUESTIONS, MAX_AGE, Question};
use kz_residence_bot::reply::{Calendar, Press};
use kz_residence_bot::route::{next_question, route};
use kz_residence_bot::rules::Citizenship;
use proptest::prelude::*;

use crate::common;
use crate::helpers;

fn lang() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Lang::Kazakh), Just(Lang::Russian), Just(Lang::English)]
}

/// Every button the bot can make.
fn real_buttons() -> Vec<String> {
    let mut all = Vec::new();
    for q in ALL_QUESTIONS {
        for c in q.choices() {
            all.push(
                Press::Answer {
                    question: q,
                    choice: c.id,
                }
                .encode(),
            );
        }
        all.push(Press::Edit(q).encode());
    }
    for lang in Lang::ALL {
        all.push(Press::Language(lang).encode());
    }
    for p in [
        Press::Back,
        Press::Restart,
        Press::RestartConfirmed,
        Press::KeepGoing,
        Press::ShowResult,
        Press::ChangeAnswers,
        Press::Contacts,
        Press::Checklist,
        Press::Pdf,
        Press::RemindersOn,
        Press::RemindersOff,
        Press::Submitted,
        Press::Today,
        Press::SkipDate,
        Press::AskOffice,
        Press::HandoverSend,
        Press::HandoverDecline,
        Press::CloseRequest("K7M2QX".into()),
    ] {
        all.push(p.encode());
    }
    for reminder in Reminder::ALL {
        all.push(Press::CancelReminder(reminder).encode());
    }
    for id in DOCUMENT_IDS {
        all.push(Press::Tick(id.to_string()).encode());
    }
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    for question in [Question::Age, Question::DocumentExpiry] {
        for page in [
            Calendar::Years(2007),
            Calendar::Years(2026),
            Calendar::Years(1987),
            Calendar::Months(2026),
            Calendar::Months(1990),
            Calendar::Days(2026, 11),
            Calendar::Days(2031, 3),
            Calendar::Days(1990, 5),
            Calendar::Pick(day(2031, 3, 15)),
            Calendar::Pick(day(1990, 5, 1)),
            Calendar::Pick(day(2026, 11, 24)),
            Calendar::Pick(day(2026, 11, 23)),
            Calendar::Pick(day(1800, 1, 1)),
            Calendar::Label,
        ] {
            all.push(Press::Calendar { question, page }.encode());
        }
    }
    all
}

/// A move: answer whatever is asked now (option `n`, an age, a date), or any input.
#[derive(Clone, Debug)]
enum Move {
    Answer(usize),
    Raw(Input),
}

/// Turns "answer option n" into the input that does it where the session stands.
fn resolve(session: &Session, n: usize) -> Input {
    use kz_residence_bot::questions::Kind;
    let pick = |options: Vec<String>| Input::Button(options[n % options.len()].clone());
    match session.step {
        Step::New | Step::ChooseLanguage => pick(
            Lang::ALL
                .iter()
                .map(|l| Press::Language(*l).encode())
                .collect(),
        ),
        Step::Ask(q) => match q.kind() {
            Kind::Choice {
                options: choices, ..
            } => pick(
                choices
                    .iter()
                    .map(|c| {
                        Press::Answer {
                            question: q,
                            choice: c.id,
                        }
                        .encode()
                    })
                    .collect(),
            ),
            Kind::AgeOrBirthDate { .. } => {
                Input::Text(["0", "13", "14", "15", "16", "17", "18", "40", "120"][n % 9].into())
            }
            Kind::FutureDate { .. } => {
                let days = [0u64, 179, 180, 181, 400, 4000][n % 6];
                let date = common::TODAY + chrono::Days::new(days);
                // Typed, or tapped on the calendar.
                if n.is_multiple_of(2) {
                    Input::Text(kz_residence_bot::calendar::format_date(date))
                } else {
                    let page = Calendar::Pick(date);
                    Input::Button(Press::Calendar { question: q, page }.encode())
                }
            }
            // The built-in content has none of the firm's questions.
            Kind::Added => Input::Text("1".into()),
        },
        Step::Summary => {
            let mut options = vec![Press::ShowResult.encode()];
            options.extend(
                route(&session.answers)
                    .into_iter()
                    .map(|q| Press::Edit(q).encode()),
            );
            pick(options)
        }
        Step::Result => {
            let mut options: Vec<String> = [
                Press::ChangeAnswers,
                Press::Restart,
                Press::RestartConfirmed,
                Press::Contacts,
                Press::Checklist,
                Press::RemindersOn,
                Press::Submitted,
                Press::Pdf,
            ]
            .iter()
            .map(Press::encode)
            .collect();
            options.extend(DOCUMENT_IDS.map(|id| Press::Tick(id.into()).encode()));
            pick(options)
        }
        Step::GiveDate(_) => {
            let days = [0u64, 10, 170, 200][n % 4];
            let date = common::TODAY - chrono::Days::new(days);
            match n % 3 {
                0 => Input::Button(Press::Today.encode()),
                1 => Input::Button(Press::SkipDate.encode()),
                _ => Input::Text(kz_residence_bot::calendar::format_date(date)),
            }
        }
    }
}

/// Button data near what the bot sends: a real button, cut short, with a
/// character changed or added, with a part swapped for another button's,
/// or any bytes. Random bytes alone would almost never decode at all.
fn mutated_button() -> impl Strategy<Value = String> {
    let buttons = real_buttons();
    let real = proptest::sample::select(buttons.clone());
    prop_oneof![
        2 => real.clone(),
        2 => (real.clone(), any::<usize>()).prop_map(|(b, n)| {
            let cut = n % (b.len() + 1);
            b[..cut].to_string()
        }),
        2 => (real.clone(), any::<usize>(), any::<char>()).prop_map(|(b, n, c)| {
            let mut chars: Vec<char> = b.chars().collect();
            let at = n % chars.len();
            chars[at] = c;
            chars.into_iter().collect()
        }),
        1 => (real.clone(), any::<usize>(), "[a-z:_0-9-]{1,3}").prop_map(|(b, n, extra)| {
            let at = n % (b.len() + 1);
            format!("{}{extra}{}", &b[..at], &b[at..])
        }),
        2 => (real.clone(), proptest::sample::select(buttons)).prop_map(|(a, b)| {
            let head = a.rsplit_once(':').map_or(a.as_str(), |(h, _)| h);
            let tail = b.rsplit_once(':').map_or(b.as_str(), |(_, t)| t);
            format!("{head}:{tail}")
        }),
        1 => proptest::collection::vec(any::<u8>(), 0..64)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

fn a_move() -> impl Strategy<Value = Move> {
    prop_oneof![
        6 => any::<usize>().prop_map(Move::Answer),
        4 => input().prop_map(Move::Raw),
    ]
}

fn input() -> impl Strategy<Value = Input> {
    let buttons = real_buttons();
    prop_oneof![
        // Real buttons, often: they drive the dialogue deep.
        4 => proptest::sample::select(buttons).prop_map(Input::Button),
        1 => proptest::collection::vec(any::<u8>(), 0..80)
            .prop_map(|b| Input::Button(String::from_utf8_lossy(&b).into_owned())),
        2 => any::<String>().prop_map(Input::Text),
        2 => "-?[0-9]{1,5}( ?[a-zа-яә]{0,6})?".prop_map(Input::Text),
        2 => "[0-9]{1,4}[./ -][0-9]{1,3}[./ -][0-9]{1,5}".prop_map(Input::Text),
        1 => "(да|нет|иә|жоқ|yes|no|Russia|Китай|🇨🇳 China|[1-9])".prop_map(Input::Text),
        1 => ".{90,300}".prop_map(Input::Text),
        1 => (proptest::option::of(lang()), proptest::option::of("[a-z_]{0,10}"))
            .prop_map(|(lang, tag)| Input::Start { lang, tag }),
        1 => Just(Input::Restart),
        1 => Just(Input::Back),
        1 => Just(Input::Help),
        1 => Just(Input::Language),
        1 => Just(Input::Contacts),
        1 => Just(Input::Unsupported),
    ]
}

/// What must hold of every session the dialogue can reach.
fn check_reachable(session: &Session) -> Result<(), String> {
    let answers = &session.answers;
    let route = route(answers);
    for q in ALL_QUESTIONS {
        if answers.get(q).is_some() && !route.contains(&q) {
            return Err(format!("{q:?} answered but not on the route {route:?}"));
        }
    }
    match session.step {
        Step::Ask(q) => {
            let at = route
                .iter()
                .position(|r| *r == q)
                .ok_or(format!("asking {q:?}, not on the route {route:?}"))?;
            if let Some(missing) = route[..at].iter().find(|r| answers.get(**r).is_none()) {
                return Err(format!("asking {q:?} before {missing:?} is answered"));
            }
        }
        Step::Summary | Step::Result | Step::GiveDate(_) => {
            if let Some(missing) = next_question(answers) {
                return Err(format!("{:?} with {missing:?} unanswered", session.step));
            }
        }
        Step::New | Step::ChooseLanguage => {}
    }
    if !matches!(session.step, Step::New | Step::ChooseLanguage) && session.lang.is_none() {
        return Err(format!("{:?} without a language", session.step));
    }
    if answers.citizenship == Some(Citizenship::Kazakhstan) {
        return Err("a citizen of Kazakhstan recorded".into());
    }
    if answers.age.is_some_and(|a| a > MAX_AGE) {
        return Err("age out of range".into());
    }
    // Once the answers are complete, ticks only of documents they require.
    let documents = kz_residence_bot::documents::for_answers(
        answers,
        common::TODAY,
        &kz_residence_bot::amendments::GUIDE_ONLY,
    );
    let complete = matches!(
        session.step,
        Step::Summary | Step::Result | Step::GiveDate(_)
    );
    for id in session.companion.ticked.iter().filter(|_| complete) {
        if !documents.iter().any(|d| &d.id == id) {
            return Err(format!("{id} ticked but not on the list"));
        }
    }
    Ok(())
}

/// Letters Kazakh has and Russian does not.
const KAZAKH_LETTERS: &str = "ӘәҒғҚқҢңӨөҰұҮүҺһІі";

/// Tells the three languages apart: Kazakh by its own letters, Russian by
/// Cyrillic without them, English by Latin letters without Cyrillic.
fn written_in(lang: Lang, text: &str) -> bool {
    let kazakh = text.chars().any(|c| KAZAKH_LETTERS.contains(c));
    let cyrillic = text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
    let latin = text.chars().any(|c| c.is_ascii_alphabetic());
    match lang {
        Lang::Kazakh => kazakh,
        Lang::Russian => cyrillic && !kazakh,
        Lang::English => latin && !cyrillic,
    }
}

/// The language question is the one message in all three languages.
fn is_language_question(text: &str) -> bool {
    ["Тілді таңдаңыз", "Выберите язык", "Choose your language"]
        .iter()
        .all(|phrase| text.contains(phrase))
}

/// The failures proptest found and kept (`core_properties.proptest-regressions`,
/// committed beside this file) are read, so each is run again first.
#[test]
fn the_failures_proptest_kept_are_run_again() {
    let kept = helpers::proptest_config(1)
        .failure_persistence
        .expect("failures are kept")
        .load_persisted_failures2(Some(file!()));
    assert!(kept.len() >= 3, "{} kept failures read", kept.len());
}

proptest! {
    #![proptest_config(helpers::proptest_config(400))]

    #[test]
    fn any_sequence_of_inputs_is_answered_in_the_users_language_and_stays_on_the_route(
        client in proptest::option::of(lang()),
        moves in proptest::collection::vec(a_move(), 1..60),
    ) {
        let ctx = kz_residence_bot::dialogue::Context { client_lang: client, ..common::ctx() };
        let mut session = Session::default();
        for next in moves {
            let input = match next {
                Move::Answer(n) => resolve(&session, n),
                Move::Raw(input) => input,
            };
            let shown = format!("{input:?}");
            let outcome = dialogue::step(&session, input, &ctx);
            // A press is answered with a message, or with a short notice on its own.
            prop_assert!(
                outcome.replies.is_empty() == outcome.toast.is_some(),
                "replies {:?} and notice {:?} to {shown}", outcome.replies, outcome.toast
            );
            if let Some(toast) = &outcome.toast {
                prop_assert!(outcome.session == session, "a notice changed the state");
                let mut errors = Vec::new();
                let lang = session.reply_lang(client);
                let text = common::texts().render_checked(lang, toast, &mut errors);
                prop_assert!(written_in(lang, &text) && errors.is_empty(), "{text} {errors:?}");
            }
            let lang = outcome.session.reply_lang(client);
            let mut errors = Vec::new();
            for reply in &outcome.replies {
                let text = common::texts().render_reply_checked(lang, reply, &mut errors).text;
                prop_assert!(!text.trim().is_empty(), "an empty reply to {shown}");
                prop_assert!(
                    is_language_question(&text) || written_in(lang, &text),
                    "{lang:?} reply to {shown}: {text}"
                );
            }
            prop_assert!(errors.is_empty(), "{errors:?} after {shown}");
            if outcome.refused {
                prop_assert_eq!(&outcome.session, &session, "a refused press changed the state");
            }
            if let Err(why) = check_reachable(&outcome.session) {
                prop_assert!(false, "after {}: {}", shown, why);
            }
            session = outcome.session;
        }
    }

    #[test]
    fn date_parser_never_panics_and_accepts_only_real_days(text in any::<String>()) {
        for years in [Years::Ahead, Years::UpTo(common::TODAY)] {
            if let Ok(date) = read(&text, years) {
                let shown = kz_residence_bot::calendar::format_date(date);
                prop_assert_eq!(read(&shown, years), Ok(date));
            }
        }
    }

    #[test]
    fn button_data_decodes_only_to_what_the_bot_encodes(data in mutated_button()) {
        if let Some(press) = Press::decode(&data) {
            prop_assert_eq!(press.encode(), data);
        }
    }
}

#[test]
fn every_button_round_trips_and_fits_telegrams_64_bytes() {
    for data in real_buttons() {
        assert!(data.len() <= 64, "{data}");
        assert_eq!(Press::decode(&data).map(|p| p.encode()), Some(data.clone()));
    }
    let _ = Question::Stage;
}
