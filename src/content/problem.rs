//! What reading the content folder finds: a [`Problem`] at a file's line,
//! and the names one file uses that another defines ([`Reference`]),
//! checked once every file is read.

use std::fmt;
use std::path::{Path, PathBuf};

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
    pub(super) fn new(file: &Path, line: usize, what: impl Into<String>) -> Problem {
        Problem {
            file: file.to_path_buf(),
            line,
            what: what.into(),
        }
    }
}

/// The 1-based line of a byte offset.
pub(super) fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// A name one file uses that another defines, checked once all are read.
pub(super) struct Reference {
    pub file: PathBuf,
    pub line: usize,
    pub target: Target,
}

pub(super) enum Target {
    /// An id in `sources.toml`.
    Source(String),
}
