//! The parsers for typed answers: dates (passport expiry, date of birth) and
//! ages. Any bytes: no panic, and whatever is accepted is a real, in-range value.
#![no_main]

use chrono::NaiveDate;
use kz_residence_bot::answers::{Answer, Answers};
use kz_residence_bot::calendar::{format_date, parse_date};
use kz_residence_bot::labels::Labels;
use kz_residence_bot::parse::parse_answer;
use kz_residence_bot::questions::{MAX_AGE, Question};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(date) = parse_date(&text) {
        assert_eq!(parse_date(&format_date(date)), Ok(date));
    }
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    // Ages and dates are typed, never matched against labels.
    let labels = Labels::default();
    match parse_answer(Question::Age, &text, &Answers::default(), today, &labels) {
        Ok(Answer::Age(age)) => assert!(age <= MAX_AGE),
        Ok(other) => panic!("age question gave {other:?}"),
        Err(_) => {}
    }
    match parse_answer(Question::DocumentExpiry, &text, &Answers::default(), today, &labels) {
        Ok(Answer::Date(date)) => assert!(date >= today),
        Ok(other) => panic!("expiry question gave {other:?}"),
        Err(_) => {}
    }
});
