//! The bot's clock: the system's, or, for tests only, a file the test
//! writes, so a test can move the bot days ahead without waiting.
//!
//! `BOT_TEST_ONLY_CLOCK_FILE` is refused unless the Bot API is on this
//! machine (`TELOXIDE_API_URL` on loopback): it cannot be switched on by
//! accident in production.

use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};

use crate::calendar;

/// The test clock's last good reading, in microseconds since 1970 (one
/// test clock per process).
static LAST_TEST_TIME: AtomicI64 = AtomicI64::new(NO_TEST_TIME);
const NO_TEST_TIME: i64 = i64::MIN;

#[derive(Clone, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    /// The time is read from this file (RFC 3339, e.g. `2026-12-01T05:00:00Z`)
    /// whenever it is needed.
    TestFile(PathBuf),
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::TestFile(path) => {
                let read = std::fs::read_to_string(path)
                    .ok()
                    .and_then(|text| DateTime::parse_from_rfc3339(text.trim()).ok())
                    .map(|t| t.with_timezone(&Utc));
                match read {
                    Some(t) => {
                        LAST_TEST_TIME.store(t.timestamp_micros(), Ordering::Relaxed);
                        t
                    }
                    // Caught while the test rewrites the file (empty for a
                    // moment): the time it said last, not the system's,
                    // which would jump the bot to the real date.
                    None => match LAST_TEST_TIME.load(Ordering::Relaxed) {
                        NO_TEST_TIME => Utc::now(),
                        micros => DateTime::from_timestamp_micros(micros).unwrap_or_else(Utc::now),
                    },
                }
            }
        }
    }

    pub fn now_unix(&self) -> i64 {
        self.now().timestamp()
    }

    /// Today in Kazakhstan.
    pub fn today(&self) -> NaiveDate {
        calendar::kazakhstan_date(self.now())
    }

    /// When the sweep of old requests to the office first runs: soon after
    /// start by the system's clock, at once by a test's.
    pub fn sweep_first(&self) -> Duration {
        match self {
            Clock::System => Duration::from_secs(5),
            Clock::TestFile(_) => Duration::ZERO,
        }
    }

    /// How often a job that runs `every` by the system's clock runs: as
    /// often as [`Clock::poll_every`] by a test's, which jumps days at a
    /// time. The clock knows no job's schedule; each job says its own.
    pub fn every(&self, every: Duration) -> Duration {
        match self {
            Clock::System => every,
            Clock::TestFile(_) => self.poll_every(),
        }
    }

    /// How often the reminder loop looks at the clock when nothing is due
    /// sooner: a test's clock jumps, the system's does not.
    pub fn poll_every(&self) -> Duration {
        match self {
            Clock::System => Duration::from_secs(30),
            Clock::TestFile(_) => Duration::from_millis(100),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_clock_caught_mid_rewrite_keeps_its_last_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clock");
        std::fs::write(&path, "2026-11-24T06:00:00Z").unwrap();
        let clock = Clock::TestFile(path.clone());
        let set = "2026-11-24T06:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(clock.now(), set);
        // `std::fs::write` truncates first: a reader can find it empty.
        std::fs::write(&path, "").unwrap();
        assert_eq!(clock.now(), set);
        std::fs::write(&path, "2026-11-25T06:00:00Z").unwrap();
        assert_eq!(clock.now(), set + chrono::Duration::days(1));
    }
}
