//! A finished consultation as the bot stores it, varied by `i`: the sample
//! data of the benchmarks and the store-memory example.

use kz_residence_bot::answers::{Answers, Stage};
use kz_residence_bot::dialogue::{Session, Step};
use kz_residence_bot::lang::Lang;
use kz_residence_bot::rules::{Citizenship, Solvency};
use kz_residence_bot::store::ChatRecord;

/// Finished `i` seconds ago: recent, so the bot's retention sweep keeps it.
pub fn finished(i: i64) -> ChatRecord {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    ChatRecord {
        session: Session {
            lang: Some([Lang::Kazakh, Lang::Russian, Lang::English][(i % 3) as usize]),
            step: Step::Result,
            answers: Answers {
                stage: Some(Stage::WholeRoute),
                citizenship: Some(Citizenship::Uzbekistan),
                ethnic_kazakh: None,
                refugee: Some(false),
                age: Some(30 + (i % 40) as u8),
                children_14_to_18: Some(i % 5 == 0),
                solvency: Some(Solvency::OwnMeans),
                document_expiry: chrono::NaiveDate::from_ymd_opt(2031, 1 + (i % 12) as u32, 15),
                ..Answers::default()
            },
            tag: (i % 4 == 0).then(|| "almaty_office".to_string()),
            ..Session::default()
        },
        touched: now - i,
        handled: [i as u32].into_iter().collect(),
        unreadable: false,
    }
}
