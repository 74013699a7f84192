//! The parsers for typed answers: dates (passport expiry, date of birth) and
//! ages. Any bytes: no panic, and whatever is accepted is a real, in-range value.
#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use kz_residence_bot::calendar::{format_date, parse_date};
use kz_residence_bot::dialogue::{Context, parse_answer};
use kz_residence_bot::i18n::Texts;
use kz_residence_bot::office::Office;
use kz_residence_bot::questions::{Answer, Answers, MAX_AGE, Question};
use libfuzzer_sys::fuzz_target;

fn texts() -> &'static Texts {
    static TEXTS: OnceLock<Texts> = OnceLock::new();
    TEXTS.get_or_init(|| Texts::load().unwrap())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(date) = parse_date(&text) {
        assert_eq!(parse_date(&format_date(date)), Ok(date));
    }
    let office = Office::default();
    let ctx = Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        office: &office,
        texts: texts(),
        client_lang: None,
    };
    match parse_answer(Question::Age, &text, &Answers::default(), &ctx) {
        Ok(Answer::Age(age)) => assert!(age <= MAX_AGE),
        Ok(other) => panic!("age question gave {other:?}"),
        Err(_) => {}
    }
    match parse_answer(Question::DocumentExpiry, &text, &Answers::default(), &ctx) {
        Ok(Answer::Date(date)) => assert!(date >= ctx.today),
        Ok(other) => panic!("expiry question gave {other:?}"),
        Err(_) => {}
    }
});
