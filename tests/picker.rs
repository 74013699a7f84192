//! The calendar under date questions, in the core: its pages, its moves,
//! a day chosen answering exactly as the same date typed, and presses
//! outside the range, stale or forged. Today is 24.11.2026.

use kz_residence_bot::companion::Features;
use kz_residence_bot::dialogue::{self, Context, Input, Step};
use kz_residence_bot::lang::Lang;
use kz_residence_bot::questions::Question;
use kz_residence_bot::reply::Press;

use crate::common;
use crate::common::Chat;
use crate::helpers::{at_age, at_expiry};

/// The last turn's last reply's buttons as (label, data) rows.
fn keyboard(chat: &Chat) -> Vec<Vec<(String, String)>> {
    let lang = chat.session.reply_lang(None);
    let last = chat.replies().last().expect("a reply");
    common::texts().render_reply(lang, last).keyboard
}

fn label_of(chat: &Chat, data: &str) -> String {
    keyboard(chat)
        .into_iter()
        .flatten()
        .find(|(_, d)| d == data)
        .unwrap_or_else(|| panic!("no {data} in {:?}", keyboard(chat)))
        .0
}

/// Presses `data` and checks the calendar's page replaced the pressed message.
fn turn_to(chat: &mut Chat, data: &str) {
    let before = chat.session.clone();
    let outcome = chat.press(data);
    assert!(outcome.edit_pressed, "{data} did not show a page");
    assert_eq!(outcome.replies.len(), 1, "{data}");
    assert_eq!(
        chat.session, before,
        "turning a page changes nothing stored"
    );
}

/// Presses `data` and returns the short notice it got, in the chat's language.
fn notice(chat: &mut Chat, data: &str) -> String {
    let before = chat.session.clone();
    let outcome = chat.press(data).clone();
    assert!(outcome.replies.is_empty(), "{data}: {:?}", outcome.replies);
    assert_eq!(chat.session, before, "{data} changed the state");
    let toast = outcome.toast.unwrap_or_else(|| panic!("{data}: no notice"));
    common::texts().render(chat.session.reply_lang(None), &toast)
}

#[test]
fn the_expiry_question_offers_a_calendar_opening_on_this_year() {
    let chat = at_expiry(Lang::English);
    assert!(chat.buttons().contains(&"cal:expiry:y2026".to_string()));
    assert_eq!(
        label_of(&chat, "cal:expiry:y2026"),
        "📅 Choose on a calendar"
    );
}

#[test]
fn the_age_question_offers_a_calendar_of_the_twenty_years_to_this_one() {
    let mut chat = at_age(Lang::Russian);
    chat.send(Input::Help);
    assert_eq!(
        label_of(&chat, "cal:age:y2007").as_str(),
        "📅 Выбрать дату рождения"
    );
    turn_to(&mut chat, "cal:age:y2007");
    let years: Vec<String> = keyboard(&chat)[..4]
        .concat()
        .into_iter()
        .map(|b| b.0)
        .collect();
    let expected: Vec<String> = (2007..=2026).map(|y| y.to_string()).collect();
    assert_eq!(years, expected);
}

#[test]
fn the_console_offers_no_calendar_and_takes_no_calendar_press() {
    let ctx = Context {
        features: Features::default(),
        ..common::ctx()
    };
    let chat = at_expiry(Lang::English);
    let outcome = dialogue::step(&chat.session, Input::Help, &ctx);
    let data: Vec<String> = outcome
        .replies
        .iter()
        .flat_map(|r| r.keyboard.iter().flatten())
        .map(|b| b.press.encode())
        .collect();
    assert!(!data.iter().any(|d| d.starts_with("cal:")), "{data:?}");
    let pressed = Input::Button("cal:expiry:y2026".into());
    assert!(dialogue::step(&chat.session, pressed, &ctx).refused);
}

#[test]
fn choosing_a_date_by_taps_answers_exactly_as_typing_it() {
    let mut tapped = at_expiry(Lang::English);
    turn_to(&mut tapped, "cal:expiry:y2026");
    assert_eq!(label_of(&tapped, "cal:expiry:m2031"), "2031");
    turn_to(&mut tapped, "cal:expiry:m2031");
    assert_eq!(label_of(&tapped, "cal:expiry:d2031-03"), "March");
    turn_to(&mut tapped, "cal:expiry:d2031-03");
    assert_eq!(label_of(&tapped, "cal:expiry:m2031"), "March 2031");
    assert_eq!(label_of(&tapped, "cal:expiry:p2031-03-15"), "15");
    let outcome = tapped.press("cal:expiry:p2031-03-15").clone();
    let answered = outcome
        .answered
        .expect("the answer, to show under the question");
    let words = common::texts().render(Lang::English, &answered);
    assert_eq!(words, "15 March 2031");

    let mut typed = at_expiry(Lang::English);
    typed.text("15.03.2031");
    assert_eq!(tapped.session, typed.session);
    assert_eq!(tapped.replies(), typed.replies());
}

#[test]
fn the_days_of_a_month_start_on_monday_under_the_weekdays_names() {
    let mut chat = at_expiry(Lang::Kazakh);
    turn_to(&mut chat, "cal:expiry:d2031-03");
    let rows = keyboard(&chat);
    let names: Vec<&str> = rows[1].iter().map(|b| b.0.as_str()).collect();
    assert_eq!(names, ["Дс", "Сс", "Ср", "Бс", "Жм", "Сн", "Жс"]);
    // 1 March 2031 is a Saturday.
    let first: Vec<&str> = rows[2].iter().map(|b| b.0.as_str()).collect();
    assert_eq!(first, ["·", "·", "·", "·", "·", "1", "2"]);
    assert_eq!(rows[0][0].0, "Наурыз 2031");
    let last = &rows[rows.len() - 2];
    assert_eq!(last[0].0, "31");
}

#[test]
fn the_arrows_move_twenty_years_a_year_or_a_month() {
    let mut chat = at_expiry(Lang::English);
    turn_to(&mut chat, "cal:expiry:y2026");
    let arrows = |chat: &Chat| {
        keyboard(chat)
            .last()
            .unwrap()
            .iter()
            .map(|b| b.1.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(arrows(&chat), ["cal:expiry:y2006", "cal:expiry:y2046"]);
    turn_to(&mut chat, "cal:expiry:y2046");
    turn_to(&mut chat, "cal:expiry:m2050");
    assert_eq!(arrows(&chat), ["cal:expiry:m2049", "cal:expiry:m2051"]);
    // The year above the months goes back to its page of years.
    assert_eq!(label_of(&chat, "cal:expiry:y2046"), "2050");
    turn_to(&mut chat, "cal:expiry:d2031-12");
    assert_eq!(
        arrows(&chat),
        ["cal:expiry:d2031-11", "cal:expiry:d2032-01"]
    );
    turn_to(&mut chat, "cal:expiry:d2032-01");
    assert_eq!(
        arrows(&chat),
        ["cal:expiry:d2031-12", "cal:expiry:d2032-02"]
    );
}

#[test]
fn days_before_today_show_as_dots_and_a_press_on_one_gets_the_range() {
    let mut chat = at_expiry(Lang::English);
    turn_to(&mut chat, "cal:expiry:d2026-11");
    assert_eq!(label_of(&chat, "cal:expiry:p2026-11-23"), "·");
    assert_eq!(label_of(&chat, "cal:expiry:p2026-11-24"), "24");
    let said = notice(&mut chat, "cal:expiry:p2026-11-23");
    assert_eq!(
        said,
        "Choose a date from 24 November 2026 to 31 December 2076."
    );
}

#[test]
fn a_page_wholly_outside_the_range_is_answered_not_shown() {
    let mut chat = at_expiry(Lang::Russian);
    let said = notice(&mut chat, "cal:expiry:y2006");
    assert_eq!(
        said,
        "Выберите дату с 24 ноября 2026 года по 31 декабря 2076 года."
    );
    notice(&mut chat, "cal:expiry:m2077");
    notice(&mut chat, "cal:expiry:d2026-10");
}

#[test]
fn a_weekdays_name_or_an_empty_cell_is_answered_with_a_hint() {
    let mut chat = at_expiry(Lang::English);
    assert_eq!(
        notice(&mut chat, "cal:expiry:-"),
        "Choose a day on the calendar."
    );
}

#[test]
fn a_birth_date_decades_back_is_a_few_taps_away_and_gives_the_age() {
    let mut chat = at_age(Lang::English);
    turn_to(&mut chat, "cal:age:y2007");
    turn_to(&mut chat, "cal:age:y1987");
    turn_to(&mut chat, "cal:age:m1990");
    assert_eq!(label_of(&chat, "cal:age:y1987"), "1990");
    turn_to(&mut chat, "cal:age:d1990-05");
    chat.press("cal:age:p1990-05-05");
    assert_eq!(chat.session.answers.age, Some(36));
    assert_eq!(chat.session.step, Step::Ask(Question::DocumentExpiry));
}

#[test]
fn a_birth_date_after_today_or_over_120_years_ago_is_outside_the_calendar() {
    let mut chat = at_age(Lang::English);
    let said = notice(&mut chat, "cal:age:p2026-11-25");
    assert_eq!(
        said,
        "Choose a date from 25 November 1905 to 24 November 2026."
    );
    notice(&mut chat, "cal:age:p1905-11-24");
    chat.press("cal:age:p1905-11-25");
    assert_eq!(chat.session.answers.age, Some(120));
}

#[test]
fn a_stale_calendar_press_is_refused_as_outdated() {
    let mut chat = at_expiry(Lang::English);
    chat.text("15.03.2031");
    let before = chat.session.clone();
    for data in [
        "cal:expiry:p2031-03-16",
        "cal:expiry:d2031-03",
        "cal:age:p1990-05-05",
    ] {
        let outcome = chat.press(data);
        assert!(outcome.refused, "{data}");
        assert_eq!(outcome.toast, None);
        assert_eq!(chat.session, before, "{data}");
    }
}

#[test]
fn a_forged_calendar_press_is_refused_as_outdated() {
    let mut chat = at_expiry(Lang::English);
    let before = chat.session.clone();
    for data in [
        "cal:expiry:d2031-13",
        "cal:expiry:p2031-02-30",
        "cal:expiry:y02031",
        "cal:expiry:y-2031",
        "cal:expiry:d2031-3",
        "cal:expiry:p2031-03-15:x",
        "cal:expiry:",
        "cal:expiry",
        "cal:stage:y2026",
        "cal:age:y2007",
        "cal:nobody:y2026",
    ] {
        assert!(chat.press(data).refused, "{data}");
        assert_eq!(chat.session, before, "{data}");
    }
}

#[test]
fn every_calendar_button_fits_64_bytes_and_reads_back() {
    let mut chat = at_age(Lang::English);
    for page in ["cal:age:y2007", "cal:age:m2026", "cal:age:d2026-02"] {
        turn_to(&mut chat, page);
        for data in chat.buttons() {
            assert!(data.len() <= 64, "{data}");
            let press = Press::decode(&data).unwrap_or_else(|| panic!("{data}"));
            assert_eq!(press.encode(), data);
        }
    }
}
