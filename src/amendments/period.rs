//! The days an item of the firm's holds, in Almaty's calendar: every
//! amendment has one, so the bot says what holds on the day it answers.

use chrono::NaiveDate;

/// The days an item holds: from `from`, until `until`, both included;
/// either end open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Period {
    pub const ALWAYS: Period = Period {
        from: None,
        until: None,
    };

    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= day) && self.until.is_none_or(|until| day <= until)
    }
}
