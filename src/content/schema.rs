//! Which keys the content folder's TOML files may have: every unknown key
//! (a typo, a condition the bot does not know) is listed with its line,
//! all at once, before the files are read for their values.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::problem::{Problem, line_of};

/// What a key holds.
pub(super) enum Shape {
    /// A value (its type is checked when the file is read).
    Value,
    /// A table with these keys.
    Table(&'static [(&'static str, Shape)]),
    /// An array of tables with these keys.
    Tables(&'static [(&'static str, Shape)]),
    /// A table with these keys and any other: the ids of the firm's
    /// questions, checked once every file is read (`when`).
    Open,
}

/// A text in each language.
pub(super) const BY_LANGUAGE: Shape = Shape::Table(&[
    ("kk", Shape::Value),
    ("ru", Shape::Value),
    ("en", Shape::Value),
]);

/// Lists every key of `source` that `fields` does not name. A file that
/// does not parse is left to the typed reading, which says where.
pub(super) fn unknown_keys(
    source: &str,
    path: &Path,
    fields: &[(&str, Shape)],
    problems: &mut Vec<Problem>,
) {
    if let Ok(table) = DeTable::parse(source) {
        walk(table.get_ref(), fields, "", source, path, problems);
    }
}

fn walk(
    table: &DeTable,
    fields: &[(&str, Shape)],
    prefix: &str,
    source: &str,
    path: &Path,
    problems: &mut Vec<Problem>,
) {
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        let Some((_, shape)) = fields.iter().find(|(field, _)| *field == name) else {
            let known: Vec<&str> = fields.iter().map(|(field, _)| *field).collect();
            problems.push(Problem::new(
                path,
                line_of(source, key.span().start),
                format!(
                    "{prefix}{name}: not a field the bot knows (it knows {})",
                    known.join(", ")
                ),
            ));
            continue;
        };
        let inner_prefix = format!("{prefix}{name}.");
        match (shape, value.get_ref()) {
            (Shape::Table(inner), DeValue::Table(table)) => {
                walk(table, inner, &inner_prefix, source, path, problems)
            }
            (Shape::Open, _) => {}
            (Shape::Tables(inner), DeValue::Array(items)) => {
                for item in items.iter() {
                    if let DeValue::Table(table) = item.get_ref() {
                        walk(table, inner, &inner_prefix, source, path, problems);
                    }
                }
            }
            _ => {}
        }
    }
}
