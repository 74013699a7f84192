//! Typed answers as phones and apps send them: invisible format
//! characters (zero-width space, direction marks, word joiner, BOM) and
//! digits other than ASCII's (full-width, Arabic-Indic) are read as the
//! answer they carry, by every parser: ages, dates, options, the
//! language, the companion's dates. Today is 24.11.2026.

use kz_residence_bot::answers::Answers;
use kz_residence_bot::dialogue::{DateQuestion, Step};
use kz_residence_bot::lang::Lang;
use kz_residence_bot::parse::parse_answer;
use kz_residence_bot::questions::Question;

use crate::common;
use crate::common::Chat;
use crate::helpers::at_age;

#[test]
fn ages_with_invisible_marks_or_other_digits_are_read() {
    for typed in [
        "35\u{200B}",         // zero-width space after
        "\u{FEFF}35",         // a byte order mark before
        "3\u{2060}5",         // a word joiner inside
        "\u{200E}35\u{200F}", // left-to-right and right-to-left marks
        "３５",               // full-width digits
        "٣٥",                 // Arabic-Indic digits
        "۳۵ лет",             // Persian digits and a word
    ] {
        let mut chat = at_age(Lang::English);
        chat.text(typed);
        assert_eq!(
            chat.session.answers.age,
            Some(35),
            "{typed:?}: {}",
            chat.said()
        );
    }
}

#[test]
fn dates_with_a_direction_mark_or_full_width_digits_are_read() {
    for typed in [
        "\u{200E}15.03.2031",
        "15.03.2031\u{200B}",
        "１５.０３.２０３１",
        "１５．０３．２０３１",
        "15\u{00A0}марта\u{00A0}2031",
    ] {
        let mut chat = at_age(Lang::English);
        chat.text("40");
        assert_eq!(chat.session.step, Step::Ask(Question::DocumentExpiry));
        chat.text(typed);
        assert_eq!(
            chat.session.step,
            Step::Summary,
            "{typed:?}: {}",
            chat.said()
        );
        assert!(
            chat.said().contains("15 March 2031"),
            "{typed:?}: {}",
            chat.said()
        );
    }
}

#[test]
fn options_and_languages_typed_with_invisible_marks_are_read() {
    let mut chat = Chat::new();
    chat.text("/start");
    chat.text("English\u{200B}");
    assert_eq!(chat.session.lang, Some(Lang::English), "{}", chat.said());
    let mut chat = Chat::started(Lang::Russian);
    chat.text("\u{2060}２"); // the second option, in full-width digits
    assert_eq!(
        chat.session.step,
        Step::Ask(Question::Citizenship),
        "{}",
        chat.said()
    );
    chat.text("Россия\u{200F}");
    assert!(
        chat.session.answers.citizenship.is_some(),
        "{}",
        chat.said()
    );
}

#[test]
fn the_companions_dates_are_read_the_same_way() {
    let mut chat = at_age(Lang::English);
    chat.text("40");
    chat.text("15.03.2031");
    chat.press("sum:go");
    assert_eq!(chat.session.step, Step::Result);
    chat.press("res:submitted");
    assert_eq!(
        chat.session.step,
        Step::GiveDate(DateQuestion::DocumentsSubmitted)
    );
    chat.text("\u{200F}２０.１１.2026");
    assert_eq!(chat.session.step, Step::Result, "{}", chat.said());
    assert!(chat.session.companion.submitted.is_some());
}

#[test]
fn the_parser_reads_them_when_called_alone_too() {
    let today = common::TODAY;
    let labels = common::labels();
    let answers = Answers::default();
    let age = parse_answer(Question::Age, "３５\u{200B}", &answers, today, labels);
    assert!(age.is_ok(), "{age:?}");
    let date = parse_answer(
        Question::DocumentExpiry,
        "\u{200E}15.03.2031",
        &answers,
        today,
        labels,
    );
    assert!(date.is_ok(), "{date:?}");
}

#[test]
fn an_unknown_command_names_the_commands_and_asks_again_in_one_message() {
    let mut chat = at_age(Lang::English);
    let before = chat.session.clone();
    chat.send(kz_residence_bot::dialogue::Input::UnknownCommand);
    assert_eq!(chat.session, before, "nothing changes");
    assert_eq!(chat.replies().len(), 1, "one message");
    assert_eq!(chat.keys().first(), Some(&"error-unknown-command"));
    assert_eq!(chat.keys().last(), Some(&"q-age"), "asked again");
    let said = chat.said();
    for command in ["/start", "/back", "/restart", "/help", "/forget"] {
        assert!(said.contains(command), "{command}: {said}");
    }
    assert!(
        !said.contains("/office"),
        "no office without a staff chat: {said}"
    );
}

#[test]
fn a_wrong_answer_and_the_question_again_are_one_message() {
    for wrong in ["abc", "500", "31.02.2030", "\u{200B}"] {
        let mut chat = at_age(Lang::English);
        chat.text(wrong);
        assert_eq!(chat.replies().len(), 1, "{wrong:?}: {}", chat.said());
        assert_eq!(chat.keys().last(), Some(&"q-age"), "{wrong:?}");
        assert!(
            chat.keys()[0].starts_with("error-"),
            "{wrong:?}: {:?}",
            chat.keys()
        );
    }
}
