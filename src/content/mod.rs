//! What the firm keeps current without a developer: a content folder
//! (`BOT_CONTENT_DIR`) that can override any message per language
//! (`kk/`, `ru/`, `en/` `*.ftl`), set the office's details (`office.toml`)
//! and add documents to either stage (`documents.toml`). Without a folder
//! the bot says what the guide says and nothing more.
//!
//! Everything is checked before it is used: [`load`] returns every problem
//! as `file:line: what is wrong`, and the bot keeps what it had (or does not
//! start) rather than use half of a folder. `examples/content/` shows the format.

mod documents_file;
mod messages;
mod office_file;
mod schema;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::documents::Extra;
use crate::labels::Labels;
use crate::office::Office;
use crate::texts::Texts;

/// The words, the office and the extra documents in force.
pub struct Content {
    pub texts: Texts,
    pub labels: Labels,
    pub office: Office,
    pub extras: Vec<Extra>,
}

/// One thing wrong in a content folder, where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based; 0 when it concerns the whole file.
    pub line: usize,
    pub what: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.file.display(), self.what),
            line => write!(f, "{}:{line}: {}", self.file.display(), self.what),
        }
    }
}

impl Problem {
    fn new(file: &Path, line: usize, what: impl Into<String>) -> Problem {
        Problem {
            file: file.to_path_buf(),
            line,
            what: what.into(),
        }
    }
}

/// The 1-based line of a byte offset.
fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

impl Content {
    /// The guide's texts and the office as configured, with nothing added.
    pub fn built_in(office: Office) -> Result<Content, String> {
        let texts = Texts::load()?;
        Ok(Content {
            labels: texts.labels(),
            texts,
            office,
            extras: Vec::new(),
        })
    }
}

/// The content with the folder `dir` on top of the built-in one (the
/// office as configured in `office`); or every problem the folder has.
pub fn load(dir: &Path, office: Office) -> Result<Content, Vec<Problem>> {
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return Err(vec![Problem::new(dir, 0, "is not a folder")]);
    }
    let office_file = office_file::read(&dir.join("office.toml"), office, &mut problems);
    let extras = documents_file::read(&dir.join("documents.toml"), &mut problems);
    let mut overrides = messages::read(dir, &mut problems);
    if let Some(address) = &office_file.address {
        for (lang, text) in address {
            overrides.push(messages::address_override(lang, text));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let texts = Texts::load_with(&overrides).map_err(|e| vec![Problem::new(dir, 0, e)])?;
    Ok(Content {
        labels: texts.labels(),
        texts,
        office: office_file.office,
        extras,
    })
}

/// Every problem of a content folder; none means it can be used.
pub fn check(dir: &Path) -> Vec<Problem> {
    match load(dir, Office::default()) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    }
}
