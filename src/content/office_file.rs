//! `office.toml`: the office's details. Every field is optional; what is
//! left out keeps the built-in value (the guide's address and phones), or
//! is not shown (e-mail, hours, coordinates).

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::schema::{self, BY_LANGUAGE, Shape};
use super::{Problem, line_of};

/// The keys `office.toml` may have.
const FIELDS: &[(&str, Shape)] = &[
    ("phones", Shape::Value),
    ("email", Shape::Value),
    ("map_url", Shape::Value),
    ("latitude", Shape::Value),
    ("longitude", Shape::Value),
    ("address", BY_LANGUAGE),
    ("hours", BY_LANGUAGE),
];
use crate::lang::Lang;
use crate::office::Office;
use crate::reply::Localized;

#[derive(Deserialize)]
struct File {
    phones: Option<Spanned<Vec<Spanned<String>>>>,
    email: Option<Spanned<String>>,
    map_url: Option<Spanned<String>>,
    latitude: Option<Spanned<f64>>,
    longitude: Option<Spanned<f64>>,
    address: Option<Spanned<ByLanguage>>,
    hours: Option<Spanned<ByLanguage>>,
}

/// A text in each language; all three are required.
#[derive(Deserialize)]
pub(super) struct ByLanguage {
    kk: Option<String>,
    ru: Option<String>,
    en: Option<String>,
}

impl ByLanguage {
    /// The three texts of the field `name`, or the problem that says which
    /// languages are missing or empty.
    pub(super) fn complete(&self, name: &str) -> Result<Localized, String> {
        let missing: Vec<&'static str> = [("kk", &self.kk), ("ru", &self.ru), ("en", &self.en)]
            .into_iter()
            .filter(|(_, text)| text.as_deref().is_none_or(|t| t.trim().is_empty()))
            .map(|(code, _)| code)
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "{name}: the text in {} is missing",
                missing.join(", ")
            ));
        }
        let text = |t: &Option<String>| t.as_deref().unwrap_or_default().trim().to_string();
        Ok(Localized {
            kk: text(&self.kk),
            ru: text(&self.ru),
            en: text(&self.en),
        })
    }
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

pub(super) fn read(path: &Path, mut office: Office, problems: &mut Vec<Problem>) -> OfficeFile {
    let Ok(source) = std::fs::read_to_string(path) else {
        return OfficeFile {
            office,
            address: None,
        };
    };
    schema::unknown_keys(&source, path, FIELDS, problems);
    let file: File = match toml::from_str(&source) {
        Ok(file) => file,
        Err(e) => {
            let line = e.span().map_or(0, |s| line_of(&source, s.start));
            problems.push(Problem::new(path, line, e.message().trim()));
            return OfficeFile {
                office,
                address: None,
            };
        }
    };
    let at = |span: std::ops::Range<usize>| line_of(&source, span.start);
    let mut problem = |line: usize, what: String| problems.push(Problem::new(path, line, what));
    if let Some(phones) = &file.phones {
        if phones.get_ref().is_empty() {
            problem(at(phones.span()), "phones: give at least one phone".into());
        }
        for phone in phones.get_ref() {
            if !phone_is_valid(phone.get_ref()) {
                problem(
                    at(phone.span()),
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
            problem(
                at(email.span()),
                format!("email: {email_text:?} is not an e-mail address"),
            );
        }
        office.email = Some(email_text.to_string());
    }
    if let Some(map) = &file.map_url {
        match url::Url::parse(map.get_ref().trim()) {
            Ok(url) if matches!(url.scheme(), "https" | "http") => office.map_url = url.to_string(),
            _ => problem(
                at(map.span()),
                format!("map_url: {:?} is not an http(s) link", map.get_ref()),
            ),
        }
    }
    match (&file.latitude, &file.longitude) {
        (Some(lat), Some(lon)) => {
            let (la, lo) = (*lat.get_ref(), *lon.get_ref());
            if la.abs() > 90.0 {
                problem(
                    at(lat.span()),
                    format!("latitude: {la} is not from -90 to 90"),
                );
            }
            if lo.abs() > 180.0 {
                problem(
                    at(lon.span()),
                    format!("longitude: {lo} is not from -180 to 180"),
                );
            }
            office.coordinates = Some((la, lo));
        }
        (Some(one), None) | (None, Some(one)) => problem(
            at(one.span()),
            "latitude and longitude: give both, or neither".into(),
        ),
        (None, None) => {}
    }
    let mut by_language = |name: &str, value: &Option<Spanned<ByLanguage>>| {
        let value = value.as_ref()?;
        value
            .get_ref()
            .complete(name)
            .map_err(|what| problem(at(value.span()), what))
            .ok()
    };
    let hours = by_language("hours", &file.hours);
    let address = by_language("address", &file.address);
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
