//! `office.toml`: the office's details. Every field is optional; what is
//! left out keeps the built-in value (the guide's address and phones), or
//! is not shown (e-mail, hours, coordinates).
//!
//! `[opening_hours]` gives the same hours as the text `hours`, as days and
//! times the bot acts on (Almaty time): `monday = "09:00-18:00"`, a break
//! as `"09:00-13:00, 14:00-18:00"`, a day left out or `"closed"` closed.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::problem::Problem;
use super::reading::{self, ByLanguage, Reading};
use super::schema::{BY_LANGUAGE, Shape};
use crate::lang::Lang;
use crate::office::{Office, OpeningHours, WEEKDAYS};

/// The keys `office.toml` may have.
const FIELDS: &[(&str, Shape)] = &[
    ("phones", Shape::Value),
    ("email", Shape::Value),
    ("map_url", Shape::Value),
    ("latitude", Shape::Value),
    ("longitude", Shape::Value),
    ("address", BY_LANGUAGE),
    ("hours", BY_LANGUAGE),
    ("opening_hours", OPENING_HOURS),
];

/// `[opening_hours]`: a time for each day of the week the office is open.
const OPENING_HOURS: Shape = Shape::Table(&[
    ("monday", Shape::Value),
    ("tuesday", Shape::Value),
    ("wednesday", Shape::Value),
    ("thursday", Shape::Value),
    ("friday", Shape::Value),
    ("saturday", Shape::Value),
    ("sunday", Shape::Value),
]);

#[derive(Deserialize)]
struct File {
    phones: Option<Spanned<Vec<Spanned<String>>>>,
    email: Option<Spanned<String>>,
    map_url: Option<Spanned<String>>,
    latitude: Option<Spanned<f64>>,
    longitude: Option<Spanned<f64>>,
    address: Option<Spanned<ByLanguage>>,
    hours: Option<Spanned<ByLanguage>>,
    opening_hours: Option<Spanned<std::collections::BTreeMap<String, Spanned<String>>>>,
}

/// What `office.toml` gives: the office, and its address in each language
/// (a message of the texts, so it is returned apart).
pub(super) struct OfficeFile {
    pub office: Office,
    pub address: Option<Vec<(Lang, String)>>,
}

/// A phone as people write it: `+`, digits, spaces, `-`, `(`, `)`; 7 to 15 digits.
pub fn phone_is_valid(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && phone
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || " -()".contains(c) || (c == '+' && i == 0))
}

/// `[opening_hours]`, each day checked; `None` when a day cannot be read
/// (the problem says where) or no day is open. The text `hours` is what
/// people read, so it must be given too.
fn read_opening_hours(
    opening: &Spanned<std::collections::BTreeMap<String, Spanned<String>>>,
    has_text: bool,
    reading: &mut Reading,
) -> Option<OpeningHours> {
    if !has_text {
        reading.problem_at(
            opening.span(),
            "opening_hours: give [hours] too, the same hours in words in each language",
        );
    }
    let mut hours = OpeningHours::default();
    let mut readable = true;
    for (day, times) in opening.get_ref() {
        // Unknown days are the schema's to report.
        let Some(weekday) = WEEKDAYS.iter().position(|name| name == day) else {
            continue;
        };
        match OpeningHours::read_day(times.get_ref()) {
            Ok(times) => hours = hours.with_day(weekday, times),
            Err(why) => {
                readable = false;
                reading.problem_at(times.span(), format!("opening_hours.{day}: {why}"));
            }
        }
    }
    if readable && !hours.is_ever_open() {
        reading.problem_at(
            opening.span(),
            "opening_hours: no day is open; leave the table out when the office keeps no hours",
        );
        return None;
    }
    readable.then_some(hours)
}

pub(super) fn read(path: &Path, mut office: Office, problems: &mut Vec<Problem>) -> OfficeFile {
    let Some((file, source)) = reading::parse::<File>(path, FIELDS, problems) else {
        return OfficeFile {
            office,
            address: None,
        };
    };
    let mut reading = Reading::new(&source, path, problems);
    if let Some(phones) = &file.phones {
        if phones.get_ref().is_empty() {
            reading.problem_at(phones.span(), "phones: give at least one phone");
        }
        for phone in phones.get_ref() {
            if !phone_is_valid(phone.get_ref()) {
                reading.problem_at(
                    phone.span(),
                    format!(
                        "phones: {:?} is not a phone number (digits, spaces, -, ( ) and a leading +; 7 to 15 digits)",
                        phone.get_ref()
                    ),
                );
            }
        }
        office.phones = phones
            .get_ref()
            .iter()
            .map(|p| p.get_ref().trim().to_string())
            .collect();
    }
    if let Some(email) = &file.email {
        let email_text = email.get_ref().trim();
        let valid = email_text.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty() && domain.contains('.') && !email_text.contains(' ')
        });
        if !valid {
            reading.problem_at(
                email.span(),
                format!("email: {email_text:?} is not an e-mail address"),
            );
        }
        office.email = Some(email_text.to_string());
    }
    if let Some(map) = &file.map_url {
        match url::Url::parse(map.get_ref().trim()) {
            Ok(url) if matches!(url.scheme(), "https" | "http") => office.map_url = url.to_string(),
            _ => reading.problem_at(
                map.span(),
                format!("map_url: {:?} is not an http(s) link", map.get_ref()),
            ),
        }
    }
    match (&file.latitude, &file.longitude) {
        (Some(lat), Some(lon)) => {
            let (la, lo) = (*lat.get_ref(), *lon.get_ref());
            if la.abs() > 90.0 {
                reading.problem_at(lat.span(), format!("latitude: {la} is not from -90 to 90"));
            }
            if lo.abs() > 180.0 {
                reading.problem_at(
                    lon.span(),
                    format!("longitude: {lo} is not from -180 to 180"),
                );
            }
            office.coordinates = Some((la, lo));
        }
        (Some(one), None) | (None, Some(one)) => {
            reading.problem_at(one.span(), "latitude and longitude: give both, or neither")
        }
        (None, None) => {}
    }
    let hours = file
        .hours
        .as_ref()
        .and_then(|hours| reading.texts("hours", hours));
    let address = file
        .address
        .as_ref()
        .and_then(|address| reading.texts("address", address));
    if let Some(opening) = &file.opening_hours {
        office.opening = read_opening_hours(opening, hours.is_some(), &mut reading);
    }
    if hours.is_some() {
        office.hours = hours;
    }
    OfficeFile {
        office,
        address: address.map(|a| {
            Lang::ALL
                .into_iter()
                .map(|lang| (lang, a.get(lang).to_string()))
                .collect()
        }),
    }
}
