//! Message overrides: `kk/*.ftl`, `ru/*.ftl`, `en/*.ftl` in the content
//! folder change any built-in message in that language. Each must be a
//! message the bot has, and use only the variables the code passes to it.
//! A file may hold only from or until a day, said in its first lines:
//!
//! ```text
//! ### valid_from = 2027-01-01
//! ### valid_until = 2027-12-31
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use fluent_syntax::ast;

use super::problem::{Problem, line_of};
use crate::amendments::Period;
use crate::lang::Lang;
use crate::texts::locale_sources;

/// One override file, and the days it holds.
#[derive(Clone, Debug)]
pub struct Override {
    pub lang: Lang,
    pub source: String,
    pub valid: Period,
}

/// Every built-in message and the variables it may use (the English
/// message's: the code passes the same to every language).
fn built_in() -> BTreeMap<String, BTreeSet<String>> {
    let mut all = BTreeMap::new();
    for (_, source) in locale_sources(Lang::English) {
        if let Ok(resource) = fluent_syntax::parser::parse(source) {
            for entry in resource.body {
                if let ast::Entry::Message(message) = entry {
                    all.insert(message.id.name.to_string(), variables(&message));
                }
            }
        }
    }
    all
}

/// The variables a message refers to.
pub fn variables<S: AsRef<str>>(message: &ast::Message<S>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    if let Some(pattern) = &message.value {
        pattern_variables(pattern, &mut found);
    }
    found
}

fn pattern_variables<S: AsRef<str>>(pattern: &ast::Pattern<S>, found: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, found);
        }
    }
}

fn expression_variables<S: AsRef<str>>(
    expression: &ast::Expression<S>,
    found: &mut BTreeSet<String>,
) {
    let inline = match expression {
        ast::Expression::Select { selector, variants } => {
            for variant in variants {
                pattern_variables(&variant.value, found);
            }
            selector
        }
        ast::Expression::Inline(inline) => inline,
    };
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            found.insert(id.name.as_ref().to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, found),
        _ => {}
    }
}

/// The override files of every language, checked; their sources to load.
pub(super) fn read(dir: &Path, problems: &mut Vec<Problem>) -> Vec<Override> {
    let built_in = built_in();
    let mut overrides = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return overrides;
    };
    let mut folders: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    folders.sort();
    for folder in folders.into_iter().filter(|p| p.is_dir()) {
        let name = folder
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let Some(lang) = Lang::ALL.into_iter().find(|l| l.code() == name) else {
            problems.push(Problem::new(
                &folder,
                0,
                "not a language folder: kk, ru and en are",
            ));
            continue;
        };
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .collect();
        files.sort();
        for file in files {
            match std::fs::read_to_string(&file) {
                Ok(source) => {
                    let valid = period(&file, &source, problems);
                    if check(&file, &source, &built_in, problems)
                        && let Some(valid) = valid
                    {
                        overrides.push(Override {
                            lang,
                            source,
                            valid,
                        });
                    }
                }
                Err(e) => problems.push(Problem::new(&file, 0, format!("cannot be read: {e}"))),
            }
        }
    }
    overrides
}

/// The days a file holds, from its `### valid_from = …` and
/// `### valid_until = …` lines; `None` when one is wrong (reported).
fn period(file: &Path, source: &str, problems: &mut Vec<Problem>) -> Option<Period> {
    let mut period = Period::ALWAYS;
    let mut fine = true;
    for (number, line) in source.lines().enumerate() {
        let Some(comment) = line.strip_prefix("###") else {
            continue;
        };
        let Some((name, value)) = comment.split_once('=') else {
            continue;
        };
        let name = name.trim();
        if name != "valid_from" && name != "valid_until" {
            continue;
        }
        match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
            Ok(day) if name == "valid_from" => period.from = Some(day),
            Ok(day) => period.until = Some(day),
            Err(_) => {
                fine = false;
                problems.push(Problem::new(
                    file,
                    number + 1,
                    format!(
                        "{name}: {:?} is not a day: write it as 2026-09-30",
                        value.trim()
                    ),
                ));
            }
        }
    }
    if let (Some(from), Some(until)) = (period.from, period.until)
        && from > until
    {
        problems.push(Problem::new(
            file,
            0,
            format!("valid_until: {until} is before valid_from ({from})"),
        ));
        return None;
    }
    fine.then_some(period)
}

/// Checks one override file; whether it can be used.
fn check(
    file: &Path,
    source: &str,
    built_in: &BTreeMap<String, BTreeSet<String>>,
    problems: &mut Vec<Problem>,
) -> bool {
    let before = problems.len();
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(resource) => resource,
        Err((_, errors)) => {
            for error in errors {
                // The entry it spoils, rather than where the parser gave up.
                let at = error.slice.as_ref().map_or(error.pos.start, |s| s.start);
                problems.push(Problem::new(
                    file,
                    line_of(source, at),
                    format!("not valid Fluent: {error}"),
                ));
            }
            return false;
        }
    };
    let mut offset = 0;
    for entry in &resource.body {
        match entry {
            ast::Entry::Message(message) => {
                let key = message.id.name;
                // The entry's line: where its id first stands from here on.
                let line = source[offset..]
                    .find(&format!("{key} "))
                    .or_else(|| source[offset..].find(&format!("{key}=")))
                    .map_or(0, |at| {
                        offset += at;
                        line_of(source, offset)
                    });
                let Some(allowed) = built_in.get(key) else {
                    problems.push(Problem::new(
                        file,
                        line,
                        format!("{key}: the bot has no message of that name"),
                    ));
                    continue;
                };
                for variable in variables(message).difference(allowed) {
                    let passed = if allowed.is_empty() {
                        "none".to_string()
                    } else {
                        allowed
                            .iter()
                            .map(|v| format!("${v}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    problems.push(Problem::new(
                        file,
                        line,
                        format!("{key} uses ${variable}, which the bot does not pass to it (it passes {passed})"),
                    ));
                }
            }
            ast::Entry::Comment(_)
            | ast::Entry::GroupComment(_)
            | ast::Entry::ResourceComment(_) => {}
            _ => problems.push(Problem::new(
                file,
                0,
                "only messages can be changed here (no terms, no junk)",
            )),
        }
    }
    problems.len() == before
}

/// The office's address from `office.toml`, as a message override: plain
/// text, with what Fluent would read as syntax quoted.
pub(super) fn address_override(lang: &Lang, text: &str) -> Override {
    let escaped: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| match c {
            '{' => "{\"{\"}".to_string(),
            '}' => "{\"}\"}".to_string(),
            c => c.to_string(),
        })
        .collect();
    Override {
        lang: *lang,
        source: format!("office-address = {escaped}\n"),
        valid: Period::ALWAYS,
    }
}
