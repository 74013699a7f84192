//! Every branch of the route and every transition of the dialogue, driven
//! through the pure core exactly as a front end drives it.

use Question::*;
use kz_residence_bot::answers::Answers;
use kz_residence_bot::dialogue::{self, Context, Input, Session, Step};
use kz_residence_bot::lang::Lang;
use kz_residence_bot::office::Office;
use kz_residence_bot::questions::Question;
use kz_residence_bot::route::route;
use kz_residence_bot::rules::Citizenship;

use crate::common;
use crate::common::{Chat, TODAY};

/// Answers questions by button until the summary, recording which were asked.
/// `answers` maps each question to the button id (or typed text, for age and expiry).
fn walk(lang: Lang, answers: &[(Question, &str)]) -> (Chat, Vec<Question>) {
    let mut chat = Chat::started(lang);
    let mut asked = Vec::new();
    while let Step::Ask(question) = chat.session.step {
        asked.push(question);
        let answer = answers
            .iter()
            .find(|(q, _)| *q == question)
            .unwrap_or_else(|| panic!("no answer given for {question:?}; asked {asked:?}"))
            .1;
        match question {
            Age | DocumentExpiry => chat.text(answer),
            _ => chat.press(&format!("a:{}:{}", question.id(), answer)),
        };
        assert!(asked.len() < 20, "the dialogue loops: {asked:?}");
    }
    (chat, asked)
}

const ADULT_RUSSIAN: &[(Question, &str)] = &[
    (Stage, "both"),
    (Citizenship, "ru"),
    (RefugeeStatus, "no"),
    (Age, "35"),
    (ChildrenAged14To18, "no"),
    (Solvency, "own"),
    (DocumentExpiry, "01.01.2032"),
];

fn with<'a>(overrides: &[(Question, &'a str)]) -> Vec<(Question, &'a str)> {
    let mut answers: Vec<(Question, &'a str)> = ADULT_RUSSIAN.to_vec();
    for (q, a) in overrides {
        answers.retain(|(x, _)| x != q);
        answers.push((*q, *a));
    }
    answers
}

#[test]
fn each_route_asks_exactly_the_questions_that_decide_the_documents() {
    type Case = (&'static str, Vec<(Question, &'static str)>, Vec<Question>);
    let table: Vec<Case> = vec![
        (
            "whole route, adult Russian",
            with(&[]),
            vec![
                Stage,
                Citizenship,
                RefugeeStatus,
                Age,
                ChildrenAged14To18,
                Solvency,
                DocumentExpiry,
            ],
        ),
        (
            "whole route, citizen of China: asked whether ethnic Kazakh",
            with(&[(Citizenship, "cn"), (EthnicKazakh, "yes")]),
            vec![
                Stage,
                Citizenship,
                EthnicKazakh,
                RefugeeStatus,
                Age,
                ChildrenAged14To18,
                Solvency,
                DocumentExpiry,
            ],
        ),
        (
            "stateless person",
            with(&[(Citizenship, "stateless")]),
            vec![
                Stage,
                Citizenship,
                RefugeeStatus,
                Age,
                ChildrenAged14To18,
                Solvency,
                DocumentExpiry,
            ],
        ),
        (
            "a minor is not asked about own children",
            with(&[(Age, "15")]),
            vec![
                Stage,
                Citizenship,
                RefugeeStatus,
                Age,
                Solvency,
                DocumentExpiry,
            ],
        ),
        (
            "permit only",
            with(&[(Stage, "permit")]),
            vec![
                Stage,
                Citizenship,
                RefugeeStatus,
                Age,
                ChildrenAged14To18,
                Solvency,
                DocumentExpiry,
            ],
        ),
        (
            "card only: permit questions are skipped",
            with(&[(Stage, "card")]),
            vec![Stage, Citizenship, Age, DocumentExpiry],
        ),
        (
            "card only, under 16: no passport question",
            with(&[(Stage, "card"), (Age, "15")]),
            vec![Stage, Citizenship, Age],
        ),
        (
            "card only, citizen of China: ethnicity does not matter for the card",
            with(&[(Stage, "card"), (Citizenship, "cn")]),
            vec![Stage, Citizenship, Age, DocumentExpiry],
        ),
    ];
    for (name, answers, expected) in table {
        let (chat, asked) = walk(Lang::English, &answers);
        assert_eq!(asked, expected, "{name}");
        assert_eq!(chat.session.step, Step::Summary, "{name}");
        assert_eq!(route(&chat.session.answers), expected, "{name}: route");
    }
}

#[test]
fn every_question_is_reachable() {
    let mut seen = std::collections::HashSet::new();
    for answers in [
        with(&[(Citizenship, "cn"), (EthnicKazakh, "no")]),
        with(&[(Stage, "card")]),
    ] {
        seen.extend(walk(Lang::English, &answers).1);
    }
    for question in kz_residence_bot::questions::ALL_QUESTIONS {
        assert!(seen.contains(&question), "{question:?} is never asked");
    }
}

fn result_keys(answers: &[(Question, &str)]) -> Vec<&'static str> {
    let (mut chat, _) = walk(Lang::English, answers);
    chat.press("sum:go");
    assert_eq!(chat.session.step, Step::Result);
    chat.keys()
}

#[test]
fn result_lists_each_document_only_when_its_condition_holds() {
    type Case = (
        &'static str,
        Vec<(Question, &'static str)>,
        &'static [&'static str],
        &'static [&'static str],
    );
    let table: Vec<Case> = vec![
        (
            "adult Russian, own means",
            with(&[]),
            &[
                "doc-application-form",
                "doc-identity-document",
                "doc-solvency",
                "doc-criminal-record",
            ],
            &[
                "doc-child-consent-applicant",
                "doc-child-consent-children",
                "doc-notarized-contract",
                "result-criminal-record-not-required",
            ],
        ),
        (
            "refugee: criminal record dropped, and the list says so",
            with(&[(RefugeeStatus, "yes")]),
            &["result-criminal-record-not-required"],
            &["doc-criminal-record"],
        ),
        (
            "ethnic Kazakh citizen of China: criminal record dropped",
            with(&[(Citizenship, "cn"), (EthnicKazakh, "yes")]),
            &["result-criminal-record-not-required"],
            &["doc-criminal-record"],
        ),
        (
            "citizen of China, not ethnic Kazakh",
            with(&[(Citizenship, "cn"), (EthnicKazakh, "no")]),
            &["doc-criminal-record"],
            &["result-criminal-record-not-required"],
        ),
        (
            "children aged 14 to 18 moving along",
            with(&[(ChildrenAged14To18, "yes")]),
            &["doc-child-consent-children"],
            &["doc-child-consent-applicant"],
        ),
        (
            "solvency through a contract",
            with(&[(Solvency, "contract")]),
            &["doc-notarized-contract"],
            &[],
        ),
        (
            "card only",
            with(&[(Stage, "card")]),
            &[
                "result-card-title",
                "doc-state-duty",
                "doc-photographs",
                "doc-national-passport",
                "result-card-issue",
                "result-card-status-kept",
            ],
            &["result-permit-title", "doc-application-form"],
        ),
        (
            "permit only",
            with(&[(Stage, "permit")]),
            &[
                "result-permit-title",
                "result-permit-where",
                "result-permit-after",
            ],
            &["result-card-title"],
        ),
    ];
    for (name, answers, present, absent) in table {
        let keys = result_keys(&answers);
        for key in present {
            assert!(keys.contains(key), "{name}: {key} missing from {keys:?}");
        }
        for key in absent {
            assert!(
                !keys.contains(key),
                "{name}: {key} should not be in {keys:?}"
            );
        }
        assert!(
            keys.contains(&"office-address"),
            "{name}: contacts come with every result"
        );
    }
}

#[test]
fn age_boundaries_decide_consent_and_the_card() {
    // (age, own consent needed, children question asked, card needed)
    let table = [
        ("13", false, false, false),
        ("14", true, false, false),
        ("15", true, false, false),
        ("16", true, false, true),
        ("17", true, false, true),
        ("18", false, true, true),
    ];
    for (age, consent, children_asked, card) in table {
        let (mut chat, asked) = walk(Lang::English, &with(&[(Age, age)]));
        assert_eq!(
            asked.contains(&ChildrenAged14To18),
            children_asked,
            "age {age}"
        );
        chat.press("sum:go");
        let keys = chat.keys();
        assert_eq!(
            keys.contains(&"doc-child-consent-applicant"),
            consent,
            "age {age}"
        );
        assert_eq!(keys.contains(&"doc-state-duty"), card, "age {age}");
        assert_eq!(keys.contains(&"result-card-not-needed"), !card, "age {age}");
    }
}

fn in_days(days: u64) -> String {
    kz_residence_bot::calendar::format_date(
        TODAY.checked_add_days(chrono::Days::new(days)).unwrap(),
    )
}

#[test]
fn passport_days_left_decide_the_verdict_179_180_181() {
    for (days, verdict) in [
        (179, "passport-too-short"),
        (180, "passport-too-short"),
        (181, "passport-valid"),
    ] {
        let expiry = in_days(days);
        let keys = result_keys(&with(&[(DocumentExpiry, expiry.as_str())]));
        assert!(keys.contains(&verdict), "{days} days: {keys:?}");
    }
}

#[test]
fn passport_that_expired_since_the_answer_is_reported_expired() {
    // Answered while valid; the result is shown after expiry (a dialogue resumed later).
    let expiry = in_days(10);
    let (mut chat, _) = walk(Lang::English, &with(&[(DocumentExpiry, expiry.as_str())]));
    let later = Context {
        today: TODAY.checked_add_days(chrono::Days::new(11)).unwrap(),
        ..common::ctx()
    };
    let outcome = dialogue::step(&chat.session, Input::Button("sum:go".into()), &later);
    chat.session = outcome.session.clone();
    chat.last = Some(outcome);
    assert!(chat.keys().contains(&"passport-expired"));
}

#[test]
fn passport_days_and_last_day_appear_in_the_result() {
    let (mut chat, _) = walk(Lang::English, &with(&[(DocumentExpiry, "01.06.2027")]));
    chat.press("sum:go");
    let said = chat.said();
    assert!(said.contains("valid for another 189 days"), "{said}");
    assert!(said.contains("by 2 December 2026 at the latest"), "{said}");
}

/// On the whole route the card comes after the permit: "if you submit
/// today" would be meaningless, so the card's date is given only when the
/// card alone is asked for.
#[test]
fn the_cards_date_is_given_only_when_the_card_alone_is_asked_for() {
    let (mut whole, _) = walk(Lang::English, ADULT_RUSSIAN);
    whole.press("sum:go");
    let said = whole.said();
    assert!(
        said.contains("within 17 calendar days after you submit the documents."),
        "{said}"
    );
    assert!(!said.contains("11 December 2026"), "{said}");
    let (mut alone, _) = walk(
        Lang::English,
        &[
            (Stage, "card"),
            (Citizenship, "ru"),
            (Age, "35"),
            (DocumentExpiry, "01.06.2030"),
        ],
    );
    alone.press("sum:go");
    let said = alone.said();
    assert!(
        said.contains("if you submit them today, it should be ready by 11 December 2026."),
        "{said}"
    );
}

#[test]
fn a_date_in_the_past_or_impossible_is_refused_and_asked_again() {
    let table = [
        (
            "31.02.2030",
            "error-date-no-such-day",
            "There is no such date: 31.02.2030. February has 28 days in 2030.",
        ),
        (
            "23.11.2026",
            "error-date-past",
            "That date, 23 November 2026, has already passed",
        ),
        (
            "next year",
            "error-date-format",
            "15.03.2031 or 15 March 2031",
        ),
        (
            "15.13.2030",
            "error-date-no-such-month",
            "There is no month 13",
        ),
        (
            "15.03.203",
            "error-date-year",
            "The year in 15.03.203 looks wrong",
        ),
        ("01.01.2090", "error-date-far", "more than 50 years"),
        ("", "error-empty", "did not get an answer"),
    ];
    for (typed, key, phrase) in table {
        let mut answers = with(&[]);
        answers.retain(|(q, _)| *q != DocumentExpiry);
        let mut chat = Chat::started(Lang::English);
        for (q, a) in &answers {
            match q {
                Age => chat.text(a),
                _ => chat.press(&format!("a:{}:{}", q.id(), a)),
            };
        }
        assert_eq!(chat.session.step, Step::Ask(DocumentExpiry));
        let before = chat.session.clone();
        chat.text(typed);
        assert_eq!(chat.session, before, "{typed:?} changed the state");
        assert_eq!(chat.keys()[0], key, "{typed:?}");
        assert!(chat.said().contains(phrase), "{typed:?}: {}", chat.said());
        assert_eq!(
            chat.keys().last(),
            Some(&"q-expiry"),
            "asked again after {typed:?}"
        );
    }
}

#[test]
fn today_is_an_acceptable_expiry_date_but_too_short() {
    let keys = result_keys(&with(&[(DocumentExpiry, "24.11.2026")]));
    assert!(keys.contains(&"passport-too-short"));
}

#[test]
fn age_accepts_a_number_or_a_date_of_birth() {
    let table: [(&str, Result<u8, &str>); 10] = [
        ("35", Ok(35)),
        ("35 лет", Ok(35)),
        (" 0 ", Ok(0)),
        ("120", Ok(120)),
        ("24.11.2012", Ok(14)),
        ("25.11.2012", Ok(13)),
        ("121", Err("error-age-range")),
        ("thirty", Err("error-number")),
        ("-5", Err("error-number")),
        ("01.01.2030", Err("error-birth-in-future")),
    ];
    for (typed, expected) in table {
        let mut chat = Chat::started(Lang::English);
        chat.press("a:stage:card");
        chat.press("a:citizenship:ru");
        assert_eq!(chat.session.step, Step::Ask(Age));
        chat.text(typed);
        match expected {
            Ok(age) => assert_eq!(chat.session.answers.age, Some(age), "{typed:?}"),
            Err(key) => {
                assert_eq!(chat.session.answers.age, None, "{typed:?}");
                assert_eq!(chat.keys()[0], key, "{typed:?}");
            }
        }
    }
}

#[test]
fn choices_can_be_typed_by_number_or_label_in_any_language() {
    let table = [
        ("2", Citizenship::Russia),
        ("Russia", Citizenship::Russia),
        ("россия", Citizenship::Russia),
        ("Қытай", Citizenship::China),
        ("🇨🇳 China", Citizenship::China),
        ("stateless person", Citizenship::Stateless),
    ];
    for (typed, citizenship) in table {
        let mut chat = Chat::started(Lang::English);
        chat.press("a:stage:both");
        chat.text(typed);
        assert_eq!(
            chat.session.answers.citizenship,
            Some(citizenship),
            "{typed:?}"
        );
    }
    let mut chat = Chat::started(Lang::Russian);
    chat.press("a:stage:both");
    chat.press("a:citizenship:ru");
    chat.text("нет");
    assert_eq!(chat.session.answers.refugee, Some(false));
    chat.send(Input::Back);
    chat.text("Иә");
    assert_eq!(chat.session.answers.refugee, Some(true));
    chat.send(Input::Back);
    chat.text("yes");
    assert_eq!(chat.session.answers.refugee, Some(true));
}

#[test]
fn unreadable_choice_gets_an_error_and_the_question_again() {
    let mut chat = Chat::started(Lang::English);
    chat.press("a:stage:both");
    let before = chat.session.clone();
    chat.text("Atlantis");
    assert_eq!(chat.session, before);
    assert_eq!(chat.keys(), vec!["error-choose-option", "q-citizenship"]);
    chat.text("11");
    assert_eq!(chat.session, before, "number out of range");
}

#[test]
fn citizens_of_kazakhstan_are_told_politely_and_asked_again() {
    let mut chat = Chat::started(Lang::Russian);
    chat.press("a:stage:both");
    chat.press("a:citizenship:kz");
    assert_eq!(chat.session.step, Step::Ask(Citizenship));
    assert_eq!(chat.session.answers.citizenship, None);
    assert!(
        chat.said().contains("Гражданам Казахстана не нужны"),
        "{}",
        chat.said()
    );
}

#[test]
fn back_goes_to_the_previous_question_and_keeps_the_answers() {
    let mut chat = Chat::started(Lang::English);
    chat.press("a:stage:both");
    chat.press("a:citizenship:cn");
    assert_eq!(chat.session.step, Step::Ask(EthnicKazakh));
    chat.send(Input::Back);
    assert_eq!(chat.session.step, Step::Ask(Citizenship));
    assert_eq!(chat.session.answers.citizenship, Some(Citizenship::China));
    chat.press("nav:back");
    assert_eq!(chat.session.step, Step::Ask(Stage));
    chat.send(Input::Back);
    assert_eq!(chat.session.step, Step::Ask(Stage));
    assert_eq!(chat.keys()[0], "back-at-first");
}

#[test]
fn back_from_the_summary_and_from_the_result() {
    let (mut chat, _) = walk(Lang::English, &with(&[]));
    chat.send(Input::Back);
    assert_eq!(chat.session.step, Step::Ask(DocumentExpiry));
    chat.text("01.01.2032");
    assert_eq!(chat.session.step, Step::Summary);
    chat.press("sum:go");
    assert_eq!(chat.session.step, Step::Result);
    chat.send(Input::Back);
    assert_eq!(chat.session.step, Step::Summary);
}

#[test]
fn restart_clears_the_answers_and_keeps_the_language_and_tag() {
    let mut chat = Chat::new();
    chat.send(Input::Start {
        lang: Some(Lang::Kazakh),
        tag: Some("almaty_office".into()),
    });
    chat.press("a:stage:both");
    chat.press("a:citizenship:ru");
    chat.send(Input::Restart);
    assert_eq!(chat.session.answers, Answers::default());
    assert_eq!(chat.session.step, Step::Ask(Stage));
    assert_eq!(chat.session.lang, Some(Lang::Kazakh));
    assert_eq!(chat.session.tag.as_deref(), Some("almaty_office"));
    assert!(chat.said().starts_with("Басынан бастайық."));
}

#[test]
fn summary_can_change_any_answer_and_the_route_adapts() {
    let (mut chat, _) = walk(Lang::English, &with(&[]));
    let edits: Vec<String> = chat
        .buttons()
        .into_iter()
        .filter(|b| b.starts_with("sum:edit:"))
        .collect();
    assert_eq!(edits.len(), 7, "one change button per answer: {edits:?}");
    // Russia -> China: the ethnicity question is now asked, then back to the summary.
    chat.press("sum:edit:citizenship");
    assert_eq!(chat.session.step, Step::Ask(Citizenship));
    chat.press("a:citizenship:cn");
    assert_eq!(chat.session.step, Step::Ask(EthnicKazakh));
    chat.press("a:ethnic-kazakh:yes");
    assert_eq!(chat.session.step, Step::Summary);
    // China -> Russia: the stale ethnicity answer is dropped.
    chat.press("sum:edit:citizenship");
    chat.press("a:citizenship:ru");
    assert_eq!(chat.session.step, Step::Summary);
    assert_eq!(chat.session.answers.ethnic_kazakh, None);
    // Adult -> 15: the children answer is dropped.
    chat.press("sum:edit:age");
    chat.text("15");
    assert_eq!(chat.session.answers.children_14_to_18, None);
    assert_eq!(chat.session.step, Step::Summary);
}

#[test]
fn result_can_go_back_to_the_summary_to_change_answers() {
    let (mut chat, _) = walk(Lang::English, &with(&[]));
    chat.press("sum:go");
    assert!(chat.buttons().contains(&"res:edit".to_string()));
    chat.press("res:edit");
    assert_eq!(chat.session.step, Step::Summary);
}

#[test]
fn forged_or_old_buttons_change_nothing() {
    let (mut chat, _) = walk(Lang::English, &with(&[]));
    let summary = chat.session.clone();
    for data in [
        "a:stage:permit",   // an old question's button, another answer
        "a:citizenship:xx", // no such option
        "sum:edit:nonsense",
        "a:age:35",
        "lang:fr",
        "",
        "💣",
        "a:::",
        "sum:edit:ethnic-kazakh", // not on this route
        "res:edit:extra",
    ] {
        chat.press(data);
        assert_eq!(chat.session, summary, "{data:?}");
        assert_eq!(chat.keys()[0], "error-outdated-button", "{data:?}");
    }
}

#[test]
fn long_text_stickers_and_help_leave_the_question_in_place() {
    let mut chat = Chat::started(Lang::English);
    chat.press("a:stage:both");
    let before = chat.session.clone();
    chat.text(&"я".repeat(4000));
    assert_eq!(chat.session, before);
    assert_eq!(chat.keys(), vec!["error-too-long", "q-citizenship"]);
    chat.send(Input::Unsupported);
    assert_eq!(chat.session, before);
    assert_eq!(chat.keys(), vec!["error-unsupported", "q-citizenship"]);
    chat.send(Input::Help);
    assert_eq!(chat.session, before);
    assert_eq!(chat.keys(), vec!["help", "q-citizenship"]);
    chat.send(Input::Contacts);
    assert_eq!(chat.session, before);
    assert!(chat.keys().contains(&"office-address"));
}

#[test]
fn first_contact_without_a_known_language_asks_for_it() {
    let mut chat = Chat::new();
    chat.text("hello");
    assert_eq!(chat.session.step, Step::ChooseLanguage);
    assert_eq!(chat.buttons(), vec!["lang:kk", "lang:ru", "lang:en"]);
    chat.text("русский");
    assert_eq!(chat.session.lang, Some(Lang::Russian));
    assert_eq!(chat.session.step, Step::Ask(Stage));
}

#[test]
fn first_contact_uses_the_apps_language_when_it_is_one_of_ours() {
    let ctx = Context {
        client_lang: Some(Lang::Kazakh),
        ..common::ctx()
    };
    let outcome = dialogue::step(&Session::default(), Input::Text("сәлем".into()), &ctx);
    assert_eq!(outcome.session.lang, Some(Lang::Kazakh));
    assert_eq!(outcome.session.step, Step::Ask(Stage));
}

#[test]
fn language_can_be_switched_mid_dialogue_without_losing_the_place() {
    let mut chat = Chat::started(Lang::English);
    chat.press("a:stage:both");
    chat.send(Input::Language);
    assert_eq!(chat.buttons(), vec!["lang:kk", "lang:ru", "lang:en"]);
    chat.press("lang:ru");
    assert_eq!(chat.session.lang, Some(Lang::Russian));
    assert_eq!(chat.session.step, Step::Ask(Citizenship));
    assert!(chat.said().contains("Какое у вас гражданство?"));
}

#[test]
fn answered_label_is_reported_for_the_front_end() {
    let mut chat = Chat::started(Lang::English);
    let outcome = chat.press("a:stage:card");
    let label = outcome.answered.clone().expect("answer label");
    assert_eq!(
        common::texts().render(Lang::English, &label),
        "Residence permit card"
    );
}

#[test]
fn office_email_is_shown_only_when_configured() {
    let (chat, _) = walk(Lang::English, &with(&[]));
    let show = |office: &Office| {
        let ctx = Context {
            office,
            ..common::ctx()
        };
        let outcome = dialogue::step(&chat.session, Input::Button("sum:go".into()), &ctx);
        outcome
            .replies
            .iter()
            .map(|r| common::texts().render_reply(Lang::English, r).text)
            .collect::<String>()
    };
    let without = show(&Office::default());
    assert!(!without.contains('✉'), "{without}");
    let with_email = Office {
        email: Some("office@example.kz".into()),
        ..Office::default()
    };
    assert!(show(&with_email).contains("✉️ office@example.kz"));
}

/// The guide's two stages: the permit first, then the card; the applicant
/// asks for one of them or for the whole route.
#[test]
fn stage_answer_decides_which_results_are_shown() {
    for (stage, permit, card) in [
        ("permit", true, false),
        ("card", false, true),
        ("both", true, true),
    ] {
        let keys = result_keys(&with(&[(Stage, stage)]));
        assert_eq!(
            keys.contains(&"result-permit-title"),
            permit,
            "{stage}: {keys:?}"
        );
        assert_eq!(
            keys.contains(&"result-card-title"),
            card,
            "{stage}: {keys:?}"
        );
        assert!(keys.contains(&"office-title"), "{stage}: {keys:?}");
    }
}

#[test]
fn card_route_warns_when_the_passport_expired_before_the_result() {
    let expiry = in_days(3);
    let (chat, _) = walk(
        Lang::English,
        &with(&[(Stage, "card"), (DocumentExpiry, expiry.as_str())]),
    );
    let later = Context {
        today: TODAY.checked_add_days(chrono::Days::new(4)).unwrap(),
        ..common::ctx()
    };
    let outcome = dialogue::step(&chat.session, Input::Button("sum:go".into()), &later);
    let keys: Vec<_> = outcome
        .replies
        .iter()
        .flat_map(|r| r.blocks.iter())
        .filter_map(|b| match b {
            kz_residence_bot::reply::Block::Paragraph(m) => Some(m.key),
            _ => None,
        })
        .collect();
    assert!(keys.contains(&"result-card-passport-invalid"), "{keys:?}");
}

#[test]
fn help_and_contacts_before_starting_are_answered_without_starting() {
    for (input, key) in [(Input::Help, "help"), (Input::Contacts, "office-title")] {
        let mut chat = Chat::new();
        chat.send(input);
        assert_eq!(chat.keys()[0], key);
        assert_eq!(chat.session.step, Step::New);
    }
}

#[test]
fn pressing_an_answer_already_given_shows_the_current_question_again() {
    // A redelivered update after a crash, or a second tap on an old button.
    let mut chat = Chat::started(Lang::English);
    chat.press("a:stage:both");
    chat.press("a:citizenship:ru");
    let before = chat.session.clone();
    let outcome = chat.press("a:citizenship:ru");
    assert!(!outcome.refused);
    assert_eq!(chat.session, before);
    assert_eq!(chat.keys(), vec!["q-refugee"]);
    let outcome = chat.press("a:citizenship:cn");
    assert!(
        outcome.refused,
        "a different answer on an old button is refused"
    );
    assert_eq!(chat.session, before);
}
