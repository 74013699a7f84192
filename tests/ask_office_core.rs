//! "Ask the office" in the pure core: the consent screen, what consent
//! (or its refusal) asks the front end to do, text and media while a
//! request is open, the staff's card, and every text of it in the three
//! languages.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use kz_residence_bot::amendments::{GUIDE_ONLY, Questionnaire};
use kz_residence_bot::companion::{Features, GivenDate};
use kz_residence_bot::dialogue::handover::{self, Applicant, StaffNote};
use kz_residence_bot::dialogue::{self, Context, Input, Outcome, Session, Step};
use kz_residence_bot::handover::{Handover, HandoverAction};
use kz_residence_bot::lang::Lang;
use kz_residence_bot::office::Office;
use kz_residence_bot::questions::Question;
use kz_residence_bot::reply::{Arg, Block, InputKeyboard, Localized, Msg, Press, Reply};
use kz_residence_bot::texts::locale_sources;

use crate::common;
use crate::common::{Chat, TODAY};

fn ctx(handover: Handover) -> Context<'static> {
    Context {
        features: Features {
            ask_office: true,
            ..common::ctx().features
        },
        handover,
        ..common::ctx()
    }
}

fn open() -> Handover {
    Handover::Open {
        reference: "K7M2QX".into(),
    }
}

/// An English consultation by buttons up to the result (a Russian citizen, passport to 10.07.2027).
fn at_result() -> Session {
    let mut chat = Chat::started(Lang::English);
    for data in ["a:stage:both", "a:citizenship:ru", "a:refugee:no"] {
        chat.press(data);
    }
    chat.text("40");
    chat.press("a:children:no");
    chat.press("a:solvency:own");
    chat.text("10.07.2027");
    chat.press("sum:go");
    assert_eq!(chat.session.step, Step::Result);
    chat.session
}

fn step(session: &Session, input: Input, ctx: &Context) -> Outcome {
    dialogue::step(session, input, ctx)
}

fn render(lang: Lang, replies: &[Reply]) -> String {
    let mut errors = Vec::new();
    let text = replies
        .iter()
        .map(|r| {
            common::texts()
                .render_reply_checked(lang, r, &mut errors)
                .text
        })
        .collect::<Vec<_>>()
        .join("\n---\n");
    assert!(errors.is_empty(), "{errors:#?}");
    text
}

fn buttons(replies: &[Reply]) -> Vec<String> {
    replies
        .iter()
        .flat_map(|r| r.keyboard.iter().flatten().map(|b| b.press.encode()))
        .collect()
}

#[test]
fn without_a_staff_chat_nothing_offers_the_office_and_nothing_is_sent() {
    let session = at_result();
    let off = common::ctx();
    let mut summary = session.clone();
    summary.step = Step::Summary;
    let result = step(&summary, Input::Button("sum:go".into()), &off);
    assert!(buttons(&result.replies).contains(&"res:list".to_string()));
    assert!(!buttons(&result.replies).contains(&"ho:ask".to_string()));
    let asked = step(&session, Input::Office, &off);
    assert_eq!(asked.handover, None);
    let text = render(Lang::English, &asked.replies);
    assert!(text.contains("not available here"), "{text}");
    assert!(
        text.contains("+7 727 266-61-50"),
        "the phones instead: {text}"
    );
    for press in ["ho:send", "ho:no"] {
        let pressed = step(&session, Input::Button(press.into()), &off);
        assert!(pressed.refused, "{press}");
        assert_eq!(pressed.handover, None, "{press}");
    }
    // A contact is just something the questionnaire cannot read.
    let contact = step(&session, Input::Contact { own: true }, &off);
    assert_eq!(contact.handover, None);
    assert!(contact.replies.iter().any(|r| {
        r.blocks
            .iter()
            .any(|b| matches!(b, Block::Paragraph(m) if m.key == "error-unsupported"))
    }));
}

#[test]
fn the_result_offers_the_office_and_the_consent_screen_says_what_goes_where() {
    let mut summary = at_result();
    summary.step = Step::Summary;
    let result = step(
        &summary,
        Input::Button("sum:go".into()),
        &ctx(Handover::None),
    );
    assert!(buttons(&result.replies).contains(&"ho:ask".to_string()));

    let session = at_result();
    for input in [Input::Office, Input::Button(Press::AskOffice.encode())] {
        let consent = step(&session, input, &ctx(Handover::None));
        assert_eq!(consent.handover, Some(HandoverAction::Consenting));
        assert_eq!(
            consent.session, session,
            "asking changes nothing in the dialogue"
        );
        let [screen, phone] = consent.replies.as_slice() else {
            panic!("two messages: {:?}", consent.replies)
        };
        assert_eq!(buttons(std::slice::from_ref(screen)), ["ho:send", "ho:no"]);
        let text = render(Lang::English, std::slice::from_ref(screen));
        for phrase in [
            "our office in Almaty",
            // The answers as in the summary.
            "Citizenship: 🇷🇺 Russia",
            "Age: 40",
            "your first name in Telegram",
            "Nothing is sent until you press a button",
            "only if you press \"📱 Send with my phone number\"",
        ] {
            assert!(text.contains(phrase), "{phrase:?} not in {text}");
        }
        assert_eq!(
            phone.input_keyboard,
            Some(InputKeyboard::ShareContact(Msg::new("btn-handover-phone")))
        );
        assert!(phone.keyboard.is_empty(), "a message carries one keyboard");
    }
    // In the applicant's language.
    let mut russian = session.clone();
    russian.lang = Some(Lang::Russian);
    let consent = step(&russian, Input::Office, &ctx(Handover::None));
    let text = render(Lang::Russian, &consent.replies);
    assert!(
        text.contains("Пока вы не нажмёте кнопку, ничего не отправляется"),
        "{text}"
    );
}

#[test]
fn consent_given_or_refused_is_an_action_for_the_front_end() {
    let session = at_result();
    let send = step(
        &session,
        Input::Button("ho:send".into()),
        &ctx(Handover::Consenting),
    );
    assert_eq!(
        send.handover,
        Some(HandoverAction::Open { with_phone: false })
    );
    assert!(
        send.replies.is_empty(),
        "the front end confirms once the card is posted"
    );
    assert!(!send.refused);

    let no = step(
        &session,
        Input::Button("ho:no".into()),
        &ctx(Handover::Consenting),
    );
    assert_eq!(no.handover, Some(HandoverAction::Decline));
    assert_eq!(no.replies.len(), 1);
    assert_eq!(no.replies[0].input_keyboard, Some(InputKeyboard::Remove));
    assert!(render(Lang::English, &no.replies).contains("Nothing was sent"));

    // The phone only from the applicant's own contact, and only while consent is asked.
    let own = step(
        &session,
        Input::Contact { own: true },
        &ctx(Handover::Consenting),
    );
    assert_eq!(
        own.handover,
        Some(HandoverAction::Open { with_phone: true })
    );
    let other = step(
        &session,
        Input::Contact { own: false },
        &ctx(Handover::Consenting),
    );
    assert_eq!(other.handover, None);
    assert!(render(Lang::English, &other.replies).contains("not your own contact"));
    let unasked = step(&session, Input::Contact { own: true }, &ctx(Handover::None));
    assert_eq!(unasked.handover, None);
}

#[test]
fn one_request_at_a_time() {
    let session = at_result();
    for input in [
        Input::Office,
        Input::Button("ho:ask".into()),
        Input::Button("ho:send".into()),
        Input::Button("ho:no".into()),
    ] {
        let shown = format!("{input:?}");
        let outcome = step(&session, input, &ctx(open()));
        assert_eq!(outcome.handover, None, "{shown}");
        let text = render(Lang::English, &outcome.replies);
        assert!(
            text.contains("K7M2QX") && text.contains("/done"),
            "{shown}: {text}"
        );
    }
}

#[test]
fn while_a_request_is_open_text_goes_to_the_office_at_any_step_and_commands_and_buttons_still_work()
{
    let result = at_result();
    let mut at_age = result.clone();
    at_age.step = Step::Ask(Question::Age);
    let mut at_summary = result.clone();
    at_summary.step = Step::Summary;
    for session in [&result, &at_age, &at_summary] {
        // "35" would be an answer at the age question: with a request open it is a message.
        let outcome = step(session, Input::Text("35".into()), &ctx(open()));
        assert_eq!(
            outcome.handover,
            Some(HandoverAction::Relay),
            "{:?}",
            session.step
        );
        assert!(outcome.replies.is_empty());
        assert_eq!(
            &outcome.session, session,
            "the questionnaire did not take it"
        );
    }
    // Photos and the like are refused politely, and not passed on.
    let photo = step(&result, Input::Unsupported, &ctx(open()));
    assert_eq!(photo.handover, None);
    let text = render(Lang::English, &photo.replies);
    assert!(text.contains("bring documents to the office"), "{text}");
    // Commands still do what they do.
    let checklist = step(&result, Input::Checklist, &ctx(open()));
    assert_eq!(checklist.handover, None);
    assert!(render(Lang::English, &checklist.replies).contains("Your checklist"));
    // A button press in the questionnaire is an answer, not a message.
    let answer = step(
        &at_age,
        Input::Button("a:stage:permit".into()),
        &ctx(open()),
    );
    assert_eq!(answer.handover, None);
    let mut at_stage = result.clone();
    at_stage.step = Step::Ask(Question::Stage);
    let answer = step(
        &at_stage,
        Input::Button("a:stage:permit".into()),
        &ctx(open()),
    );
    assert_eq!(answer.handover, None);
    assert_eq!(
        answer.session.answers.stage,
        Some(kz_residence_bot::answers::Stage::PermanentResidencePermit)
    );
    // `/done` closes it, naming it.
    let done = step(&result, Input::Done, &ctx(open()));
    assert_eq!(done.handover, Some(HandoverAction::Close));
    assert!(render(Lang::English, &done.replies).contains("Request K7M2QX is closed"));
    // Without a request, `/done` says so and text is the questionnaire's again.
    let none = step(&result, Input::Done, &ctx(Handover::None));
    assert_eq!(none.handover, None);
    assert!(render(Lang::English, &none.replies).contains("no open request"));
    let typed = step(&at_age, Input::Text("35".into()), &ctx(Handover::None));
    assert_eq!(typed.handover, None);
    assert_ne!(typed.session.step, Step::Ask(Question::Age));
}

fn rendered_card(session: &Session, phone: Option<&str>, lang: Lang) -> (String, Reply) {
    let applicant = Applicant {
        first_name: "Aigerim",
        phone,
        lang: Lang::Kazakh,
    };
    let card = handover::card(session, applicant, "K7M2QX", TODAY, &GUIDE_ONLY);
    (render(lang, std::slice::from_ref(&card)), card)
}

#[test]
fn the_card_carries_the_answers_language_tag_dates_and_reference_and_the_phone_only_when_shared() {
    let mut session = at_result();
    session.tag = Some("almaty_office".into());
    session.companion.certificate = Some(GivenDate {
        date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        given_on: TODAY,
    });
    session.companion.submitted = Some(GivenDate {
        date: TODAY,
        given_on: TODAY,
    });
    session.companion.ticked = vec!["application-form".into()];
    let (text, card) = rendered_card(&session, None, Lang::English);
    for phrase in [
        "Request K7M2QX",
        "Aigerim",
        "🇰🇿 Қазақша",
        "almaty_office",
        "Citizenship: 🇷🇺 Russia",
        "Age: 40",
        // The passport's last day for the permit (180-day rule).
        "Passport valid until 10 July 2027: documents for the permit can be submitted up to and including 10 January 2027",
        "issued on 2 November 2026: it can be submitted up to and including 1 May 2027",
        "the residence permit card should be ready by 11 December 2026",
        "Documents ready: 1 of 7",
    ] {
        assert!(text.contains(phrase), "{phrase:?} not in\n{text}");
    }
    assert!(!text.contains("Phone"), "no phone unless shared: {text}");
    assert_eq!(buttons(std::slice::from_ref(&card)), ["ho:close:K7M2QX"]);

    let (with_phone, _) = rendered_card(&session, Some("+77011234567"), Lang::English);
    assert!(with_phone.contains("Phone: +77011234567"), "{with_phone}");
    // In the office's language.
    let (russian, _) = rendered_card(&session, None, Lang::Russian);
    assert!(
        russian.contains("Обращение K7M2QX") && russian.contains("Гражданство"),
        "{russian}"
    );
    // Before any answer: said so, nothing invented.
    let (empty, _) = rendered_card(&Session::default(), None, Lang::English);
    assert!(empty.contains("No answers given yet"), "{empty}");
    assert!(!empty.contains("Dates"), "{empty}");
}

#[test]
fn the_confirmation_gives_the_reference_the_phones_and_the_hours_when_the_firm_gives_them() {
    let plain = render(Lang::English, &[handover::sent("K7M2QX", common::office())]);
    assert!(
        plain.contains("K7M2QX") && plain.contains("+7 727 266-61-50"),
        "{plain}"
    );
    assert!(
        !plain.contains("Opening hours"),
        "no hours invented: {plain}"
    );
    let office = Office {
        hours: Some(Localized {
            kk: "Дс–Жм 9:00–18:00".into(),
            ru: "Пн–Пт 9:00–18:00".into(),
            en: "Mon–Fri 9:00–18:00".into(),
        }),
        ..Office::default()
    };
    let russian = render(Lang::Russian, &[handover::sent("K7M2QX", &office)]);
    assert!(russian.contains("Пн–Пт 9:00–18:00"), "{russian}");
}

#[test]
fn a_close_button_carries_only_a_real_reference() {
    assert_eq!(
        Press::decode("ho:close:K7M2QX"),
        Some(Press::CloseRequest("K7M2QX".into()))
    );
    for forged in [
        "ho:close:",
        "ho:close:K7M2Q",
        "ho:close:K7M2QI",
        "ho:close:k7m2qx",
        "ho:close:K7M2QX:1",
    ] {
        assert_eq!(Press::decode(forged), None, "{forged}");
    }
}

/// Every message key of a reply, nested ones included.
fn keys(reply: &Reply, used: &mut BTreeSet<&'static str>) {
    fn msg(m: &Msg, used: &mut BTreeSet<&'static str>) {
        used.insert(m.key);
        for (_, arg) in &m.args {
            if let Arg::Msg(inner) = arg {
                msg(inner, used);
            }
        }
    }
    for block in &reply.blocks {
        match block {
            Block::Paragraph(m) => msg(m, &mut *used),
            Block::Numbered(items) | Block::Lines(items) => {
                items.iter().for_each(|m| msg(m, &mut *used))
            }
        }
    }
    for button in reply.keyboard.iter().flatten() {
        msg(&button.label, used);
    }
    if let Some(InputKeyboard::ShareContact(label)) = &reply.input_keyboard {
        msg(label, used);
    }
}

#[test]
fn every_text_of_the_office_renders_in_all_three_languages_and_none_is_unused() {
    let office = common::office();
    let mut session = at_result();
    session.companion.certificate = Some(GivenDate {
        date: TODAY,
        given_on: TODAY,
    });
    session.companion.submitted = session.companion.certificate;
    session.tag = Some("tag".into());
    let mut card_only = session.clone();
    card_only.answers.stage = Some(kz_residence_bot::answers::Stage::ResidencePermitCard);
    let with_hours = Office {
        hours: Some(Localized {
            kk: "Дс–Жм 9:00–18:00".into(),
            ru: "Пн–Пт 9:00–18:00".into(),
            en: "Mon–Fri 9:00–18:00".into(),
        }),
        ..Office::default()
    };
    let mut replies = vec![
        handover::sent("K7M2QX", &with_hours),
        handover::declined(),
        handover::sent("K7M2QX", office),
        handover::failed(office),
        handover::undelivered(office),
        handover::from_office("K7M2QX", "Come on Monday"),
        handover::closed_by_office("K7M2QX"),
        handover::expired("K7M2QX", 90),
        handover::to_staff("K7M2QX", "Aigerim", "Hello"),
        handover::corrected_to_staff("K7M2QX", "Aigerim", "Hello again"),
        handover::corrected_by_office("K7M2QX", "Come on Tuesday"),
        handover::continued("K7M2QX"),
    ];
    replies.extend(handover::consent(&Questionnaire::GUIDE, &session.answers));
    replies.extend(handover::consent(
        &Questionnaire::GUIDE,
        &Default::default(),
    ));
    for s in [&session, &card_only, &Session::default()] {
        let applicant = Applicant {
            first_name: "A",
            phone: Some("+7"),
            lang: Lang::Russian,
        };
        replies.push(handover::card(s, applicant, "K7M2QX", TODAY, &GUIDE_ONLY));
    }
    for note in [
        StaffNote::ClosedByApplicant,
        StaffNote::ClosedByStaff,
        StaffNote::Withdrawn,
        StaffNote::Expired { days: 21 },
        StaffNote::Unreachable,
        StaffNote::NotDelivered,
        StaffNote::TextOnly,
        StaffNote::NotLinked,
    ] {
        replies.push(handover::staff_note(note, "K7M2QX"));
    }
    // And what the dialogue says itself.
    let with_office = ctx(Handover::Consenting);
    let open_ctx = ctx(open());
    for (input, c) in [
        (Input::Contact { own: false }, &with_office),
        (Input::Unsupported, &open_ctx),
        (Input::Done, &open_ctx),
        (Input::Office, &open_ctx),
        (Input::Done, &common::ctx()),
        (Input::Office, &common::ctx()),
        (Input::Button("sum:go".into()), &with_office),
        (Input::Help, &with_office),
    ] {
        let mut at = session.clone();
        at.step = Step::Summary;
        replies.extend(step(&at, input, c).replies);
    }
    let mut used = BTreeSet::new();
    for lang in Lang::ALL {
        render(lang, &replies);
        for reply in &replies {
            keys(reply, &mut used);
        }
    }
    // `cmd-office` is the menu's (checked with the bot).
    let (_, source) = locale_sources(Lang::English)
        .into_iter()
        .find(|(file, _)| *file == "handover.ftl")
        .unwrap();
    let unused: Vec<&str> = source
        .lines()
        .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim()))
        .filter(|k| !k.is_empty() && !k.starts_with('#') && !k.contains(' '))
        .filter(|k| *k != "cmd-office" && !used.contains(k))
        .collect();
    assert!(unused.is_empty(), "never shown: {unused:?}");
}

/// `/help` lists `/office` and `/done` when the office can be asked, and
/// only then.
#[test]
fn help_names_the_office_commands_only_when_the_office_can_be_asked() {
    let session = at_result();
    for lang in Lang::ALL {
        let with = render(
            lang,
            &step(&session, Input::Help, &ctx(Handover::None)).replies,
        );
        assert!(with.contains("/office") && with.contains("/done"), "{with}");
        let without = render(lang, &step(&session, Input::Help, &common::ctx()).replies);
        assert!(!without.contains("/office"), "{without}");
        assert!(without.contains("/forget"), "{without}");
    }
}
