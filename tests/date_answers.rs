//! Dates typed in answer to the bot's questions, in each language: what
//! is accepted, what the summary says back in words, and what a refusal
//! says was wrong. Today is 24.11.2026.

use kz_residence_bot::dialogue::{DateQuestion, Input, Step};
use kz_residence_bot::lang::Lang;

use crate::helpers::{at_age, at_expiry};

/// Typed at the expiry question: refused with `key`, saying `phrase`, and asked again.
fn expiry_refused(lang: Lang, typed: &str, key: &str, phrase: &str) {
    let mut chat = at_expiry(lang);
    let before = chat.session.clone();
    chat.text(typed);
    assert_eq!(chat.session, before, "{typed:?} changed the state");
    assert_eq!(chat.keys()[0], key, "{typed:?}");
    assert!(chat.said().contains(phrase), "{typed:?}: {}", chat.said());
    assert_eq!(chat.keys().last(), Some(&"q-expiry"), "asked again");
}

/// Typed at the expiry question: accepted, and the summary says `echo`.
fn expiry_echoed(lang: Lang, typed: &str, echo: &str) {
    let mut chat = at_expiry(lang);
    chat.text(typed);
    assert_eq!(
        chat.session.step,
        Step::Summary,
        "{typed:?}: {}",
        chat.said()
    );
    assert!(chat.said().contains(echo), "{typed:?}: {}", chat.said());
}

#[test]
fn february_has_28_days_in_2030_is_said_in_english() {
    let phrase = "There is no such date: 31.02.2030. February has 28 days in 2030.";
    expiry_refused(
        Lang::English,
        "31.02.2030",
        "error-date-no-such-day",
        phrase,
    );
}

#[test]
fn february_has_28_days_in_2030_is_said_in_russian() {
    let phrase = "Такой даты нет: 31.02.2030. В феврале 2030 года 28 дней.";
    expiry_refused(
        Lang::Russian,
        "31.02.2030",
        "error-date-no-such-day",
        phrase,
    );
}

#[test]
fn february_has_28_days_in_2030_is_said_in_kazakh() {
    let phrase = "Мұндай күн жоқ: 31.02.2030. 2030 жылы ақпан айында 28 күн бар.";
    expiry_refused(Lang::Kazakh, "31.02.2030", "error-date-no-such-day", phrase);
}

#[test]
fn thirty_one_days_agree_with_their_noun_in_russian() {
    let phrase = "В мае 2030 года 31 день.";
    expiry_refused(
        Lang::Russian,
        "32 мая 2030",
        "error-date-no-such-day",
        phrase,
    );
}

#[test]
fn an_impossible_day_typed_in_english_words_is_explained() {
    let phrase = "April has 30 days in 2030.";
    expiry_refused(
        Lang::English,
        "April 31, 2030",
        "error-date-no-such-day",
        phrase,
    );
}

#[test]
fn a_month_that_does_not_exist_is_refused_in_english() {
    let phrase = "There is no month 13: months are numbered from 1 to 12.";
    expiry_refused(
        Lang::English,
        "15.13.2030",
        "error-date-no-such-month",
        phrase,
    );
}

#[test]
fn a_month_that_does_not_exist_is_refused_in_russian() {
    let phrase = "Номер месяца должен быть от 1 до 12, а указан 13";
    expiry_refused(
        Lang::Russian,
        "15.13.2030",
        "error-date-no-such-month",
        phrase,
    );
}

#[test]
fn a_month_that_does_not_exist_is_refused_in_kazakh() {
    let phrase = "13 деген ай жоқ";
    expiry_refused(
        Lang::Kazakh,
        "15.13.2030",
        "error-date-no-such-month",
        phrase,
    );
}

#[test]
fn a_year_that_cannot_be_meant_is_refused_in_english() {
    let phrase = "The year in 15.03.203 looks wrong.";
    expiry_refused(Lang::English, "15.03.203", "error-date-year", phrase);
}

#[test]
fn a_year_that_cannot_be_meant_is_refused_in_russian() {
    let phrase = "В дате 15 марта 1031 неверно указан год.";
    expiry_refused(Lang::Russian, "15 марта 1031", "error-date-year", phrase);
}

#[test]
fn a_year_that_cannot_be_meant_is_refused_in_kazakh() {
    let phrase = "15.03.20311 деген күнде жыл қате жазылған сияқты.";
    expiry_refused(Lang::Kazakh, "15.03.20311", "error-date-year", phrase);
}

#[test]
fn an_expiry_in_the_past_is_refused_in_words_in_english() {
    let phrase = "That date, 15 March 2020, has already passed";
    expiry_refused(Lang::English, "15 Mar 2020", "error-date-past", phrase);
}

#[test]
fn an_expiry_in_the_past_is_refused_in_words_in_russian() {
    let phrase = "Дата 15 марта 2020 года уже прошла";
    expiry_refused(Lang::Russian, "15.03.20", "error-date-past", phrase);
}

#[test]
fn an_expiry_in_the_past_is_refused_in_words_in_kazakh() {
    let phrase = "2020 жылғы 15 наурыз — өтіп кеткен күн";
    expiry_refused(
        Lang::Kazakh,
        "2020 жылғы 15 наурыз",
        "error-date-past",
        phrase,
    );
}

#[test]
fn an_unreadable_date_is_answered_with_examples_in_each_language() {
    expiry_refused(Lang::English, "soon", "error-date-format", "15 March 2031");
    expiry_refused(Lang::Russian, "скоро", "error-date-format", "15 марта 2031");
    expiry_refused(
        Lang::Kazakh,
        "жақында",
        "error-date-format",
        "2031 жылғы 15 наурыз",
    );
}

#[test]
fn the_summary_echoes_the_expiry_in_words_in_english() {
    expiry_echoed(
        Lang::English,
        "15.03.31",
        "Passport valid until: 15 March 2031",
    );
}

#[test]
fn the_summary_echoes_the_expiry_in_words_in_russian() {
    expiry_echoed(
        Lang::Russian,
        "15 мар 2031",
        "Паспорт действует до: 15 марта 2031 года",
    );
}

#[test]
fn the_summary_echoes_the_expiry_in_words_in_kazakh() {
    expiry_echoed(Lang::Kazakh, "15-наурыз 2031", "2031 жылғы 15 наурыз");
}

#[test]
fn an_ambiguous_date_is_echoed_day_first_so_a_misreading_shows() {
    expiry_echoed(Lang::English, "03/04/2031", "3 April 2031");
}

#[test]
fn an_english_date_month_first_is_accepted_and_echoed() {
    expiry_echoed(Lang::English, "March 15, 2031", "15 March 2031");
}

/// Typed at the age question: the age it gives.
fn age_from(lang: Lang, typed: &str) -> Option<u8> {
    let mut chat = at_age(lang);
    chat.text(typed);
    chat.session.answers.age
}

#[test]
fn a_birth_date_in_russian_words_gives_the_age() {
    assert_eq!(age_from(Lang::Russian, "5 мая 1990"), Some(36));
}

#[test]
fn a_birth_date_in_kazakh_words_gives_the_age() {
    assert_eq!(age_from(Lang::Kazakh, "1990 жылғы 25 қараша"), Some(35));
}

#[test]
fn a_birth_date_in_english_words_gives_the_age() {
    assert_eq!(age_from(Lang::English, "November 24th, 2008"), Some(18));
}

#[test]
fn a_two_digit_birth_year_of_the_last_century_gives_the_age() {
    assert_eq!(age_from(Lang::English, "15.03.90"), Some(36));
}

#[test]
fn a_two_digit_birth_year_of_this_century_gives_the_age() {
    assert_eq!(age_from(Lang::English, "15/03/12"), Some(14));
}

#[test]
fn an_age_with_a_word_is_still_an_age() {
    assert_eq!(age_from(Lang::Russian, "35 лет"), Some(35));
    assert_eq!(age_from(Lang::Kazakh, "35 жас"), Some(35));
}

#[test]
fn a_day_and_month_without_a_year_is_not_taken_for_an_age() {
    let mut chat = at_age(Lang::Russian);
    chat.text("15 мая");
    assert_eq!(chat.session.answers.age, None);
    assert_eq!(chat.keys()[0], "error-date-format-past");
}

#[test]
fn an_impossible_birth_date_says_what_was_wrong() {
    let mut chat = at_age(Lang::English);
    chat.text("30.02.1990");
    assert_eq!(chat.keys()[0], "error-date-no-such-day");
    assert!(
        chat.said().contains("February has 28 days in 1990"),
        "{}",
        chat.said()
    );
}

#[test]
fn a_birth_year_that_cannot_be_meant_is_refused() {
    let mut chat = at_age(Lang::Russian);
    chat.text("15 марта 1031");
    assert_eq!(chat.keys()[0], "error-date-year");
}

#[test]
fn the_companions_dates_are_read_in_words_too() {
    let mut chat = at_expiry(Lang::Russian);
    chat.text("15.03.2031");
    chat.press("sum:go");
    chat.press("res:submitted");
    assert_eq!(
        chat.session.step,
        Step::GiveDate(DateQuestion::DocumentsSubmitted)
    );
    chat.send(Input::Text("20 ноября".into()));
    assert_eq!(chat.keys()[0], "error-date-format-past");
    chat.send(Input::Text("20 ноября 26".into()));
    let submitted = chat.session.companion.submitted.map(|s| s.date);
    assert_eq!(submitted, chrono::NaiveDate::from_ymd_opt(2026, 11, 20));
}
