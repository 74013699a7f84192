//! The parsers for typed answers: dates in every form people write them
//! (passport expiry, date of birth, the companion's dates), ages, and the
//! calendar's button data. Any bytes: no panic, and whatever is accepted is
//! a real, in-range value that reads back the same.
#![no_main]

use chrono::{Datelike, NaiveDate};
use kz_residence_bot::answers::{Answer, Answers};
use kz_residence_bot::calendar::format_date;
use kz_residence_bot::dates::{DateError, Years, read};
use kz_residence_bot::labels::Labels;
use kz_residence_bot::parse::{date_range, parse_answer};
use kz_residence_bot::questions::{MAX_AGE, Question};
use kz_residence_bot::reply::Press;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    for years in [Years::Ahead, Years::UpTo(today)] {
        match read(&text, years) {
            Ok(date) => {
                assert!(date.year() >= 1900, "{text:?} read as {date}");
                assert_eq!(read(&format_date(date), years), Ok(date));
            }
            Err(DateError::NoSuchMonth(month)) => assert!(!(1..=12).contains(&month)),
            Err(DateError::NoSuchDay { days, .. }) => assert!((28..=31).contains(&days)),
            Err(DateError::Format | DateError::Year) => {}
        }
    }
    // Ages and dates are typed, never matched against labels.
    let labels = Labels::default();
    match parse_answer(Question::Age, &text, &Answers::default(), today, &labels) {
        Ok(Answer::Age(age)) => assert!(age <= MAX_AGE),
        Ok(other) => panic!("age question gave {other:?}"),
        Err(_) => {}
    }
    match parse_answer(Question::DocumentExpiry, &text, &Answers::default(), today, &labels) {
        Ok(Answer::Date(date)) => {
            assert!(date_range(Question::DocumentExpiry, today).unwrap().contains(&date))
        }
        Ok(other) => panic!("expiry question gave {other:?}"),
        Err(_) => {}
    }
    // Button data (the calendar's carries its whole state): only what the bot writes.
    if let Some(press) = Press::decode(&text) {
        assert_eq!(press.encode(), text);
    }
});
