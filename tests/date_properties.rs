//! Any date, written in any form the bot accepts (in any language, in any
//! letter case), reads back as itself; so does the bot's own date in
//! words, in each language.

use chrono::{Datelike, Days, NaiveDate};
use kz_residence_bot::dates::{Years, read};
use kz_residence_bot::lang::Lang;
use kz_residence_bot::reply::Msg;
use proptest::prelude::*;

use crate::common;
use crate::helpers;

// Written here independently of the parser's own tables.
const ENGLISH: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ENGLISH_SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec",
];
const RUSSIAN_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const RUSSIAN_NOMINATIVE: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];
const RUSSIAN_SHORT: [&str; 12] = [
    "янв.", "фев.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сен.", "окт.", "ноя.", "дек.",
];
const KAZAKH: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];
/// Kazakh case endings people add to a month («наурызда», «қарашаның»).
const KAZAKH_ENDINGS: [&str; 5] = ["", "да", "де", "ның", "дың"];

fn ordinal(day: u32) -> &'static str {
    match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// `date` in form number `form` (of [`FORMS`]), the year written by `year`.
fn written(date: NaiveDate, form: usize, year: &str, pick: usize) -> String {
    let (d, m) = (date.day(), date.month() as usize - 1);
    let separators = [".", "/", "-", " ", ". "];
    let sep = separators[pick % separators.len()];
    let ending = KAZAKH_ENDINGS[pick % KAZAKH_ENDINGS.len()];
    match form {
        0 => format!("{d:02}{sep}{:02}{sep}{year}", m + 1),
        1 => format!("{d}{sep}{}{sep}{year}", m + 1),
        2 => format!("{year}-{:02}-{d:02}", m + 1),
        3 => format!("{year}.{:02}.{d:02}", m + 1),
        4 => format!("{d} {} {year}", RUSSIAN_GENITIVE[m]),
        5 => format!("{d} {} {year} г.", RUSSIAN_SHORT[m]),
        6 => format!("{d} {} {year} года", RUSSIAN_NOMINATIVE[m]),
        7 => format!("{year} жылғы {d} {}{ending}", KAZAKH[m]),
        8 => format!("{d} {} {year}", KAZAKH[m]),
        9 => format!("{d}-{}{ending} {year} ж.", KAZAKH[m]),
        10 => format!("{} {d}, {year}", ENGLISH[m]),
        11 => format!("{d} {} {year}", ENGLISH_SHORT[m]),
        _ => format!("the {d}{} of {} {year}", ordinal(d), ENGLISH[m]),
    }
}
const FORMS: usize = 13;

/// As typed: as is, in lower case, or in capitals.
fn cased(text: String, case: usize) -> String {
    match case % 3 {
        0 => text,
        1 => text.to_lowercase(),
        _ => text.to_uppercase(),
    }
}

fn day_from(start: NaiveDate, days: u64) -> NaiveDate {
    start + Days::new(days)
}

proptest! {
    #![proptest_config(helpers::proptest_config(2000))]

    #[test]
    fn any_date_in_any_form_with_a_full_year_reads_back(
        days in 0u64..109_500,
        form in 0..FORMS,
        pick in 0usize..100,
        case in 0usize..3,
    ) {
        let date = day_from(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(), days);
        let text = cased(written(date, form, &date.year().to_string(), pick), case);
        for years in [Years::Ahead, Years::UpTo(common::TODAY)] {
            prop_assert_eq!(read(&text, years), Ok(date), "{}", text);
        }
    }

    #[test]
    fn any_expiry_with_a_two_digit_year_reads_back_in_this_century(
        days in 0u64..36_524,
        form in 0..FORMS,
        pick in 0usize..100,
        case in 0usize..3,
    ) {
        let date = day_from(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(), days);
        // The ISO forms are written with the full year only.
        prop_assume!(!matches!(form, 2 | 3));
        let year = format!("{:02}", date.year() % 100);
        let text = cased(written(date, form, &year, pick), case);
        prop_assert_eq!(read(&text, Years::Ahead), Ok(date), "{}", text);
    }

    #[test]
    fn any_birth_date_with_a_two_digit_year_reads_back_within_a_hundred_years(
        days_ago in 0u64..36_524,
        form in 0..FORMS,
        pick in 0usize..100,
        case in 0usize..3,
    ) {
        let today = common::TODAY;
        let date = today - Days::new(days_ago);
        prop_assume!(!matches!(form, 2 | 3));
        // Exactly a hundred years ago would read as today.
        prop_assume!(date.with_year(date.year() + 100) != Some(today));
        let year = format!("{:02}", date.year() % 100);
        let text = cased(written(date, form, &year, pick), case);
        prop_assert_eq!(read(&text, Years::UpTo(today)), Ok(date), "{}", text);
    }

    #[test]
    fn the_bots_own_date_in_words_reads_back_in_every_language(days in 0u64..109_500) {
        let date = day_from(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(), days);
        for lang in Lang::ALL {
            let echo = Msg::new("echo-date").date("date", date);
            let text = common::texts().render(lang, &echo);
            prop_assert_eq!(read(&text, Years::Ahead), Ok(date), "{}", text);
        }
    }
}
