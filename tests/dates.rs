//! Dates as people type them, one test per form: every form read, every
//! way of getting a date wrong refused with what was wrong. Today is
//! 24.11.2026 (`common::TODAY`).

use chrono::NaiveDate;
use kz_residence_bot::dates::{DateError, Years, read};

use crate::common;

const EXPIRY: Years = Years::Ahead;
const BIRTH: Years = Years::UpTo(common::TODAY);

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

/// `name: "typed", years => (year, month, day);` becomes a test that it is read so.
macro_rules! read_as {
    ($($name:ident: $text:expr, $years:expr => ($y:expr, $m:expr, $d:expr);)*) => {$(
        #[test]
        fn $name() {
            assert_eq!(read($text, $years), Ok(date($y, $m, $d)), "{:?}", $text);
        }
    )*};
}

/// `name: "typed", years => error;` becomes a test that it is refused so.
macro_rules! refused_as {
    ($($name:ident: $text:expr, $years:expr => $error:expr;)*) => {$(
        #[test]
        fn $name() {
            assert_eq!(read($text, $years), Err($error), "{:?}", $text);
        }
    )*};
}

read_as! {
    // Numbers.
    dotted_day_month_year_is_read: "15.03.2031", EXPIRY => (2031, 3, 15);
    slashed_day_month_year_is_read: "15/03/2031", EXPIRY => (2031, 3, 15);
    dashed_day_month_year_is_read: "15-03-2031", EXPIRY => (2031, 3, 15);
    spaced_day_month_year_is_read: "15 03 2031", EXPIRY => (2031, 3, 15);
    dots_followed_by_spaces_are_read: "15. 03. 2031", EXPIRY => (2031, 3, 15);
    one_digit_day_and_month_are_read: "5.3.2031", EXPIRY => (2031, 3, 5);
    surrounding_spaces_are_ignored: "  15.03.2031 ", EXPIRY => (2031, 3, 15);
    iso_year_month_day_is_read: "2031-03-15", EXPIRY => (2031, 3, 15);
    year_first_with_dots_is_read: "2031.03.15", EXPIRY => (2031, 3, 15);
    year_first_with_slashes_is_read: "2031/03/15", EXPIRY => (2031, 3, 15);
    an_ambiguous_date_is_read_day_first: "03/04/2031", EXPIRY => (2031, 4, 3);
    a_leap_day_in_a_leap_year_is_read: "29.02.2028", EXPIRY => (2028, 2, 29);
    a_russian_year_word_after_numbers_is_read: "15.03.2031 г.", EXPIRY => (2031, 3, 15);
    // Two-digit years.
    a_two_digit_expiry_year_is_this_century: "15.03.31", EXPIRY => (2031, 3, 15);
    a_two_digit_expiry_year_with_slashes_is_read: "15/3/31", EXPIRY => (2031, 3, 15);
    a_two_digit_birth_year_ahead_of_today_is_last_century: "15.03.90", BIRTH => (1990, 3, 15);
    a_two_digit_birth_year_behind_today_is_this_century: "15.03.12", BIRTH => (2012, 3, 15);
    a_two_digit_birth_year_today_is_this_century: "24.11.26", BIRTH => (2026, 11, 24);
    a_two_digit_birth_year_tomorrow_is_a_century_ago: "25.11.26", BIRTH => (1926, 11, 25);
    // Russian.
    russian_genitive_month_name_is_read: "15 марта 2031", EXPIRY => (2031, 3, 15);
    russian_abbreviated_month_is_read: "15 мар 2031", EXPIRY => (2031, 3, 15);
    russian_abbreviation_with_a_dot_is_read: "15 мар. 2031", EXPIRY => (2031, 3, 15);
    russian_nominative_month_name_is_read: "15 март 2031", EXPIRY => (2031, 3, 15);
    russian_month_in_capitals_is_read: "15 МАРТА 2031", EXPIRY => (2031, 3, 15);
    russian_year_abbreviation_is_read: "15 марта 2031 г.", EXPIRY => (2031, 3, 15);
    russian_year_word_is_read: "15 марта 2031 года", EXPIRY => (2031, 3, 15);
    russian_ordinal_day_is_read: "15-го марта 2031", EXPIRY => (2031, 3, 15);
    russian_may_in_the_genitive_is_read: "1 мая 2031", EXPIRY => (2031, 5, 1);
    russian_september_abbreviation_is_read: "1 сент. 2031", EXPIRY => (2031, 9, 1);
    russian_month_name_with_a_two_digit_year_is_read: "15 марта 31", EXPIRY => (2031, 3, 15);
    russian_birth_date_in_words_is_read: "5 мая 1990", BIRTH => (1990, 5, 5);
    russian_year_abbreviation_without_a_dot_is_read: "15 марта 2031 г", EXPIRY => (2031, 3, 15);
    // Kazakh.
    kazakh_year_first_form_is_read: "2031 жылғы 15 наурыз", EXPIRY => (2031, 3, 15);
    kazakh_day_month_year_is_read: "15 наурыз 2031", EXPIRY => (2031, 3, 15);
    kazakh_month_with_a_case_ending_is_read: "2031 жылғы 15 наурызда", EXPIRY => (2031, 3, 15);
    kazakh_hyphenated_day_and_month_is_read: "15-наурыз 2031", EXPIRY => (2031, 3, 15);
    kazakh_year_abbreviation_is_read: "2031 ж. 15 наурыз", EXPIRY => (2031, 3, 15);
    kazakh_year_word_after_the_date_is_read: "15 наурыз 2031 жыл", EXPIRY => (2031, 3, 15);
    kazakh_ordinal_day_is_read: "2031 жылғы 15-і наурыз", EXPIRY => (2031, 3, 15);
    kazakh_abbreviated_month_is_read: "15 қыр 2031", EXPIRY => (2031, 9, 15);
    kazakh_may_and_june_are_told_apart_may: "1 мамыр 2031", EXPIRY => (2031, 5, 1);
    kazakh_may_and_june_are_told_apart_june: "1 маусым 2031", EXPIRY => (2031, 6, 1);
    kazakh_typed_without_kazakh_letters_is_read: "15 кантар 2031", EXPIRY => (2031, 1, 15);
    kazakh_in_capitals_is_read: "31 ЖЕЛТОҚСАН 2031", EXPIRY => (2031, 12, 31);
    kazakh_birth_date_is_read: "1990 жылғы 5 мамыр", BIRTH => (1990, 5, 5);
    // English.
    english_month_first_is_read: "March 15, 2031", EXPIRY => (2031, 3, 15);
    english_month_first_without_a_comma_is_read: "march 15 2031", EXPIRY => (2031, 3, 15);
    english_abbreviated_month_is_read: "15 Mar 2031", EXPIRY => (2031, 3, 15);
    english_ordinal_day_is_read: "15th March 2031", EXPIRY => (2031, 3, 15);
    english_the_day_of_the_month_is_read: "the 1st of March, 2031", EXPIRY => (2031, 3, 1);
    english_sept_is_read: "2 Sept 2031", EXPIRY => (2031, 9, 2);
    english_month_in_capitals_is_read: "15 MARCH 2031", EXPIRY => (2031, 3, 15);
    english_month_name_with_a_two_digit_year_is_read: "Mar 15, 31", EXPIRY => (2031, 3, 15);
    english_birth_date_is_read: "May 5, 1990", BIRTH => (1990, 5, 5);
}

refused_as! {
    // Impossible days and months: what was wrong.
    february_has_no_31st: "31.02.2030", EXPIRY =>
        DateError::NoSuchDay { month: 2, year: 2030, days: 28 };
    february_29_in_a_common_year_is_refused: "29.02.2027", EXPIRY =>
        DateError::NoSuchDay { month: 2, year: 2027, days: 28 };
    april_has_no_31st: "31.04.2030", EXPIRY =>
        DateError::NoSuchDay { month: 4, year: 2030, days: 30 };
    day_zero_is_refused: "00.01.2030", EXPIRY =>
        DateError::NoSuchDay { month: 1, year: 2030, days: 31 };
    an_impossible_day_with_a_russian_month_is_refused: "30 февраля 2030", EXPIRY =>
        DateError::NoSuchDay { month: 2, year: 2030, days: 28 };
    an_impossible_day_with_a_kazakh_month_is_refused: "2030 жылғы 31 сәуір", EXPIRY =>
        DateError::NoSuchDay { month: 4, year: 2030, days: 30 };
    an_impossible_day_with_an_english_month_is_refused: "February 29, 2027", EXPIRY =>
        DateError::NoSuchDay { month: 2, year: 2027, days: 28 };
    month_thirteen_is_refused: "15.13.2030", EXPIRY => DateError::NoSuchMonth(13);
    month_zero_is_refused: "15.00.2030", EXPIRY => DateError::NoSuchMonth(0);
    // Years that cannot be meant.
    a_three_digit_year_is_refused: "15.03.203", EXPIRY => DateError::Year;
    a_five_digit_year_is_refused: "15.03.20311", EXPIRY => DateError::Year;
    a_one_digit_year_is_refused: "15.03.1", EXPIRY => DateError::Year;
    a_year_before_1900_is_refused: "15.03.1031", EXPIRY => DateError::Year;
    a_year_before_1900_in_words_is_refused: "15 марта 1031", BIRTH => DateError::Year;
    // Not a date at all.
    day_and_month_alone_are_not_a_date: "15.03", EXPIRY => DateError::Format;
    month_and_year_alone_are_not_a_date: "March 2031", EXPIRY => DateError::Format;
    words_are_not_a_date: "next year", EXPIRY => DateError::Format;
    nothing_is_not_a_date: "", EXPIRY => DateError::Format;
    four_numbers_are_not_a_date: "1.2.3.4", EXPIRY => DateError::Format;
    signed_numbers_are_not_a_date: "+1.+2.2030", EXPIRY => DateError::Format;
    arabic_indic_digits_are_not_read: "١٥.٠٣.٢٠٣١", EXPIRY => DateError::Format;
    a_long_number_is_not_a_date: "99999999999999999999", EXPIRY => DateError::Format;
    eight_digits_without_separators_are_not_read: "15032031", EXPIRY => DateError::Format;
    two_month_names_are_not_a_date: "15 марта апреля 2031", EXPIRY => DateError::Format;
    a_month_name_with_three_numbers_is_not_a_date: "15 03 марта 2031", EXPIRY => DateError::Format;
    a_two_letter_abbreviation_is_not_a_month: "15 ма 2031", EXPIRY => DateError::Format;
    a_misspelt_month_is_not_read: "15 martz 2031", EXPIRY => DateError::Format;
    a_three_digit_day_is_not_read: "015.03.2031", EXPIRY => DateError::Format;
    a_very_long_text_is_not_read: &"15 марта 2031 ".repeat(10), EXPIRY => DateError::Format;
}
