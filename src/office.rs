//! The firm's office: the one place its contact details live.
//!
//! The address is written in each language in `locales/*/office.ftl`; the
//! phones are the same in every language and live here. What the guide does
//! not give (an e-mail address, coordinates) is configuration, read from
//! the environment at start and left out when unset.

use crate::reply::Localized;

/// The office phones, as the guide gives them. The first is the main one
/// (sent as a contact card). Written in international form so a phone turns them into tap-to-call links.
pub const PHONES: [&str; 2] = ["+7 727 266-61-50", "+7 778 423 57 38"];

/// A map search for the address: no coordinates are invented.
pub const DEFAULT_MAP_URL: &str =
    "https://www.google.com/maps/search/?api=1&query=Almaty%2C%20Maulenov%20street%20111";

#[derive(Clone, Debug, PartialEq)]
pub struct Office {
    pub phones: Vec<String>,
    /// The guide names an e-mail but gives no address: configured, or left out.
    pub email: Option<String>,
    pub map_url: String,
    /// Configured, or none: no coordinates are invented.
    pub coordinates: Option<(f64, f64)>,
    /// Opening hours in each language, when the firm gives them (the guide does not).
    pub hours: Option<Localized>,
    /// The same hours as days and times the bot can act on (in Almaty
    /// time), when the firm gives them: the firm's own account answers
    /// for the office while it is closed ([`crate::business`]).
    pub opening: Option<OpeningHours>,
}

impl Default for Office {
    fn default() -> Office {
        Office {
            phones: PHONES.iter().map(|p| p.to_string()).collect(),
            email: None,
            map_url: DEFAULT_MAP_URL.to_string(),
            coordinates: None,
            hours: None,
            opening: None,
        }
    }
}

impl Office {
    /// A phone in the form `+77272666150`, for contact cards.
    pub fn dialable(phone: &str) -> String {
        phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    }
}

/// The days of the week, Monday first, as `office.toml` names them.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// When the office is open, in Almaty time (UTC+5, Kazakhstan's one time
/// zone): for each day of the week, Monday first, the times it opens and
/// closes, as minutes from midnight, in order and apart. A day with none
/// is closed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpeningHours {
    days: [Vec<(u16, u16)>; 7],
}

/// When the office opens next: the day (in Almaty), its weekday (0 is
/// Monday), the minute from midnight, and how many days from now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opening {
    pub date: chrono::NaiveDate,
    pub weekday: usize,
    pub minute: u16,
    pub days_ahead: i64,
}

impl Opening {
    /// `09:00`.
    pub fn time(&self) -> String {
        format!("{:02}:{:02}", self.minute / 60, self.minute % 60)
    }
}

impl OpeningHours {
    /// Reads one day as `office.toml` writes it: `"09:00-18:00"`, or with
    /// a break `"09:00-13:00, 14:00-18:00"`; `""` or `"closed"` for a day
    /// off. The reason, in words, when it cannot be read.
    pub fn read_day(text: &str) -> Result<Vec<(u16, u16)>, String> {
        let text = text.trim();
        if text.is_empty() || text.eq_ignore_ascii_case("closed") {
            return Ok(Vec::new());
        }
        let mut times: Vec<(u16, u16)> = Vec::new();
        for part in text.split(',') {
            let part = part.trim();
            let Some((from, to)) = part.split_once(['-', '–']) else {
                return Err(format!(
                    "{part:?} is not a time from and to, such as \"09:00-18:00\""
                ));
            };
            let (from, to) = (minute_of(from)?, minute_of(to)?);
            if from >= to {
                return Err(format!("{part:?} closes before it opens"));
            }
            if times.last().is_some_and(|&(_, end)| end >= from) {
                return Err(format!(
                    "{part:?} begins before the time before it ends: write the times in order, apart"
                ));
            }
            times.push((from, to));
        }
        Ok(times)
    }

    /// Opening hours with the times of day `weekday` (0 is Monday) set.
    pub fn with_day(mut self, weekday: usize, times: Vec<(u16, u16)>) -> OpeningHours {
        self.days[weekday % 7] = times;
        self
    }

    /// Whether the office is open at all on some day.
    pub fn is_ever_open(&self) -> bool {
        self.days.iter().any(|day| !day.is_empty())
    }

    /// Whether the office is open at `at`.
    pub fn is_open(&self, at: chrono::DateTime<chrono::Utc>) -> bool {
        let (weekday, minute, _) = almaty(at);
        self.days[weekday]
            .iter()
            .any(|&(from, to)| from <= minute && minute < to)
    }

    /// When the office opens next after `at` (within a week); `None` when
    /// it never opens.
    pub fn next_opening(&self, at: chrono::DateTime<chrono::Utc>) -> Option<Opening> {
        let (weekday, minute, date) = almaty(at);
        (0..=7).find_map(|ahead: usize| {
            let day = (weekday + ahead) % 7;
            let from = self.days[day]
                .iter()
                .map(|&(from, _)| from)
                .find(|&from| ahead > 0 || from > minute)?;
            Some(Opening {
                date: date + chrono::Duration::days(ahead as i64),
                weekday: day,
                minute: from,
                days_ahead: ahead as i64,
            })
        })
    }
}

/// `at` in Almaty: the weekday (0 is Monday), the minute of the day, the date.
fn almaty(at: chrono::DateTime<chrono::Utc>) -> (usize, u16, chrono::NaiveDate) {
    use chrono::{Datelike, Timelike};
    let local = at.with_timezone(&crate::calendar::kazakhstan_offset());
    let weekday = local.weekday().num_days_from_monday() as usize;
    let minute = (local.hour() * 60 + local.minute()) as u16;
    (weekday, minute, local.date_naive())
}

/// `9:00`, `09:00` or `24:00` as minutes from midnight.
fn minute_of(text: &str) -> Result<u16, String> {
    let text = text.trim();
    let wrong = || format!("{text:?} is not a time of day such as 09:00");
    let (hours, minutes) = text.split_once(':').ok_or_else(wrong)?;
    let digits = |part: &str, most: usize| {
        (1..=most).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(hours, 2) || !digits(minutes, 2) || minutes.len() != 2 {
        return Err(wrong());
    }
    let (hours, minutes): (u16, u16) = (
        hours.parse().map_err(|_| wrong())?,
        minutes.parse().map_err(|_| wrong())?,
    );
    if minutes > 59 || hours > 24 || (hours == 24 && minutes > 0) {
        return Err(wrong());
    }
    Ok(hours * 60 + minutes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn weekdays_nine_to_six_saturday_morning() -> OpeningHours {
        let mut hours = OpeningHours::default();
        for day in 0..5 {
            hours = hours.with_day(
                day,
                OpeningHours::read_day("09:00-13:00, 14:00-18:00").unwrap(),
            );
        }
        hours.with_day(5, OpeningHours::read_day("10:00-14:00").unwrap())
    }

    #[test]
    fn a_day_is_read_as_times_in_order_or_refused_saying_why() {
        assert_eq!(OpeningHours::read_day("9:00-18:00"), Ok(vec![(540, 1080)]));
        assert_eq!(
            OpeningHours::read_day("09:00–13:00, 14:00-18:00"),
            Ok(vec![(540, 780), (840, 1080)])
        );
        assert_eq!(OpeningHours::read_day("closed"), Ok(vec![]));
        assert_eq!(OpeningHours::read_day(""), Ok(vec![]));
        assert_eq!(OpeningHours::read_day("00:00-24:00"), Ok(vec![(0, 1440)]));
        for wrong in [
            "9-18",
            "09:00",
            "18:00-09:00",
            "09:00-25:00",
            "09:60-10:00",
            "9:00-13:00, 12:00-18:00",
            "nine-six",
        ] {
            assert!(OpeningHours::read_day(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn open_and_the_next_opening_are_told_in_almaty_time() {
        let hours = weekdays_nine_to_six_saturday_morning();
        // Monday 1 June 2026, 10:00 in Almaty is 05:00 UTC.
        let at = |d, h, m| Utc.with_ymd_and_hms(2026, 6, d, h, m, 0).unwrap();
        assert!(hours.is_open(at(1, 5, 0)));
        assert!(!hours.is_open(at(1, 8, 30)), "13:30: the break");
        assert!(!hours.is_open(at(1, 3, 59)), "08:59");
        assert!(hours.is_open(at(1, 4, 0)), "09:00");
        assert!(!hours.is_open(at(1, 13, 0)), "18:00");
        // Monday 13:30: the same day at 14:00.
        let next = hours.next_opening(at(1, 8, 30)).unwrap();
        assert_eq!(
            (next.weekday, next.time(), next.days_ahead),
            (0, "14:00".into(), 0)
        );
        // Monday 22:00: Tuesday at 09:00.
        let next = hours.next_opening(at(1, 17, 0)).unwrap();
        assert_eq!(
            (next.weekday, next.time(), next.days_ahead),
            (1, "09:00".into(), 1)
        );
        // Saturday 15:00: Monday at 09:00, two days on.
        let next = hours.next_opening(at(6, 10, 0)).unwrap();
        assert_eq!((next.weekday, next.days_ahead), (0, 2));
        assert_eq!(
            next.date,
            chrono::NaiveDate::from_ymd_opt(2026, 6, 8).unwrap()
        );
        // Sunday 20:00 UTC is already Monday 01:00 in Almaty.
        let next = hours.next_opening(at(7, 20, 0)).unwrap();
        assert_eq!((next.weekday, next.days_ahead), (0, 0));
        assert_eq!(OpeningHours::default().next_opening(at(1, 5, 0)), None);
        assert!(!OpeningHours::default().is_ever_open());
    }
}
