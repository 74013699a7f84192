//! `sources.toml`: where the firm's items come from, each with the day
//! someone last read it and compared; and `review.toml`: when the whole
//! list was last reviewed, and how often it is to be.

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::dated::Day;
use super::problem::Problem;
use super::reading::{ByLanguage, Reading, parse};
use super::schema::{BY_LANGUAGE, Shape};
use crate::amendments::{DEFAULT_REVIEW_DAYS, GUIDE, Review, Source};

const SOURCE_FIELDS: &[(&str, Shape)] = &[(
    "source",
    Shape::Tables(&[
        ("id", Shape::Value),
        ("name", BY_LANGUAGE),
        ("url", Shape::Value),
        ("checked", Shape::Value),
    ]),
)];

const REVIEW_FIELDS: &[(&str, Shape)] = &[("reviewed", Shape::Value), ("every_days", Shape::Value)];

#[derive(Deserialize)]
struct SourcesFile {
    #[serde(default)]
    source: Vec<Spanned<SourceEntry>>,
}

#[derive(Deserialize)]
struct SourceEntry {
    id: Spanned<String>,
    name: Option<Spanned<ByLanguage>>,
    url: Option<Spanned<String>>,
    checked: Option<Spanned<Day>>,
}

#[derive(Deserialize)]
struct ReviewFile {
    reviewed: Spanned<Day>,
    every_days: Option<Spanned<i64>>,
}

/// What `sources.toml` gives: the firm's sources, and the day the guide
/// was last compared, if it records one.
#[derive(Default)]
pub(super) struct Sources {
    pub sources: Vec<Source>,
    pub guide_checked: Option<NaiveDate>,
}

pub(super) fn read_sources(path: &Path, problems: &mut Vec<Problem>) -> Sources {
    let Some((file, source)) = parse::<SourcesFile>(path, SOURCE_FIELDS, problems) else {
        return Sources::default();
    };
    let mut reading = Reading::new(&source, path, problems);
    let mut read = Sources::default();
    for entry in &file.source {
        let line = reading.line(entry.span());
        let entry = entry.get_ref();
        let id = entry.id.get_ref().trim().to_string();
        let checked = match &entry.checked {
            Some(checked) => reading.day("checked", checked),
            None => {
                reading.problem(
                    line,
                    format!(
                        "checked: missing for {id:?}: the day someone last read the source and compared it with the list (2026-09-30)"
                    ),
                );
                None
            }
        };
        if id == GUIDE {
            if entry.name.is_some() || entry.url.is_some() {
                reading.problem_at(
                    entry.id.span(),
                    "the guide is built in: give it only `checked`, the day the list was compared with it",
                );
            }
            read.guide_checked = checked.or(read.guide_checked);
            continue;
        }
        let valid_id = !id.is_empty()
            && id.len() <= 40
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_id {
            reading.problem_at(
                entry.id.span(),
                format!("id: {id:?} must be 1 to 40 small letters, digits or -"),
            );
        } else if read.sources.iter().any(|s| s.id == id) {
            reading.problem_at(entry.id.span(), format!("id: {id:?} is used twice"));
        }
        let name = match &entry.name {
            Some(name) => reading.texts("name", name),
            None => {
                reading.problem(line, format!("name: missing for {id:?}, in kk, ru and en"));
                None
            }
        };
        let url = match &entry.url {
            None => Some(None),
            Some(url) => match url::Url::parse(url.get_ref().trim()) {
                Ok(parsed) if matches!(parsed.scheme(), "https" | "http") => {
                    Some(Some(url.get_ref().trim().to_string()))
                }
                _ => {
                    reading.problem_at(
                        url.span(),
                        format!("url: {:?} is not an http(s) address", url.get_ref()),
                    );
                    None
                }
            },
        };
        if let (true, Some(name), Some(url), Some(checked)) = (valid_id, name, url, checked) {
            read.sources.push(Source {
                id,
                name,
                url,
                checked,
            });
        }
    }
    read
}

pub(super) fn read_review(path: &Path, problems: &mut Vec<Problem>) -> Option<Review> {
    let (file, source) = parse::<ReviewFile>(path, REVIEW_FIELDS, problems)?;
    let mut reading = Reading::new(&source, path, problems);
    let reviewed = reading.day("reviewed", &file.reviewed);
    let every_days = match &file.every_days {
        None => Some(DEFAULT_REVIEW_DAYS),
        Some(days) => match u32::try_from(*days.get_ref()) {
            Ok(days) if (1..=3660).contains(&days) => Some(days),
            _ => {
                reading.problem_at(
                    days.span(),
                    format!(
                        "every_days: {} is not a number of days from 1 to 3660",
                        days.get_ref()
                    ),
                );
                None
            }
        },
    };
    Some(Review {
        reviewed: reviewed?,
        every_days: every_days?,
    })
}
