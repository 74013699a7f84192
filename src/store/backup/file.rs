//! The backup file's format, and the checks a file passes before a
//! restore reads anything of it.

use super::{Backup, DIALOGUES, KEPT};
use crate::store::record::FORMAT_VERSION;
use crate::store::{OLDEST_FORMAT, StoreError};

/// The file: a line naming it and its format, the body's length (8 bytes),
/// the body (postcard), and a SHA-256 digest of everything before it.
const MAGIC: &[u8] = b"kz-residence-bot backup ";
const FILE_FORMAT: u32 = 1;
const DIGEST_LEN: usize = 32;

/// Why a file is not a backup this build can restore.
#[derive(Debug, PartialEq, Eq)]
pub enum FileError {
    NotABackup,
    /// Written by a newer build, in a file format this one does not know.
    NewerFile(u32),
    /// Written by a newer build, of a store format this one would misread.
    NewerStore(String),
    /// Shorter than it says it is.
    Truncated {
        expected: usize,
        found: usize,
    },
    /// Its digest does not match its content.
    Altered,
    /// Longer than it says, or its content does not decode.
    Damaged(String),
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::NotABackup => write!(f, "not a kz-residence-bot backup"),
            FileError::NewerFile(format) => write!(
                f,
                "written by a newer kz-residence-bot (backup file format {format}; this build reads {FILE_FORMAT}): restore it with that version"
            ),
            FileError::NewerStore(what) => write!(
                f,
                "written by a newer kz-residence-bot ({what}; this build reads store formats {} to {FORMAT_VERSION}): restore it with that version",
                OLDEST_FORMAT
            ),
            FileError::Truncated { expected, found } => write!(
                f,
                "truncated: {found} bytes of {expected} (an interrupted copy?)"
            ),
            FileError::Altered => write!(
                f,
                "damaged or altered: its content does not match its SHA-256 digest"
            ),
            FileError::Damaged(why) => write!(f, "damaged: {why}"),
        }
    }
}

impl std::error::Error for FileError {}

impl Backup {
    pub fn to_bytes(&self) -> Result<Vec<u8>, StoreError> {
        let body = postcard::to_stdvec(self).map_err(StoreError::Encode)?;
        let mut bytes = MAGIC.to_vec();
        bytes.extend(format!("{FILE_FORMAT}\n").bytes());
        bytes.extend((body.len() as u64).to_be_bytes());
        bytes.extend(&body);
        let digest = ring::digest::digest(&ring::digest::SHA256, &bytes);
        bytes.extend(digest.as_ref());
        Ok(bytes)
    }

    /// The backup in `bytes`, checked whole: its length, its digest, and
    /// that this build can read every value in it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Backup, FileError> {
        let rest = bytes.strip_prefix(MAGIC).ok_or(FileError::NotABackup)?;
        let line = rest
            .iter()
            .take(12)
            .position(|&b| b == b'\n')
            .ok_or(FileError::NotABackup)?;
        let format: u32 = std::str::from_utf8(&rest[..line])
            .ok()
            .and_then(|text| text.parse().ok())
            .filter(|&f| f > 0)
            .ok_or(FileError::NotABackup)?;
        if format > FILE_FORMAT {
            return Err(FileError::NewerFile(format));
        }
        let header = MAGIC.len() + line + 1;
        let truncated = |expected| FileError::Truncated {
            expected,
            found: bytes.len(),
        };
        let length = bytes
            .get(header..header + 8)
            .ok_or(truncated(header + 8 + DIGEST_LEN))?;
        let body_len = usize::try_from(u64::from_be_bytes(length.try_into().unwrap_or_default()))
            .map_err(|_| FileError::Damaged("its length is impossible".into()))?;
        let expected = (header + 8)
            .checked_add(body_len)
            .and_then(|n| n.checked_add(DIGEST_LEN))
            .ok_or(FileError::Damaged("its length is impossible".into()))?;
        if bytes.len() < expected {
            return Err(truncated(expected));
        }
        if bytes.len() > expected {
            return Err(FileError::Damaged(format!(
                "{} bytes more than its {expected}",
                bytes.len() - expected
            )));
        }
        let (content, digest) = bytes.split_at(expected - DIGEST_LEN);
        if ring::digest::digest(&ring::digest::SHA256, content).as_ref() != digest {
            return Err(FileError::Altered);
        }
        let backup: Backup = postcard::from_bytes(&content[header + 8..])
            .map_err(|e| FileError::Damaged(format!("its content does not decode ({e})")))?;
        backup.check_readable()?;
        Ok(backup)
    }

    /// Refuses what a newer build wrote: this one would misread it.
    fn check_readable(&self) -> Result<(), FileError> {
        if self.store_format > FORMAT_VERSION {
            return Err(FileError::NewerStore(format!(
                "store format {}",
                self.store_format
            )));
        }
        for tree in &self.trees {
            if !KEPT.contains(&tree.name.as_str()) {
                return Err(FileError::NewerStore(format!(
                    "a part this build does not know, {:?}",
                    tree.name
                )));
            }
        }
        let newest = self
            .tree(DIALOGUES)
            .iter()
            .filter_map(|(_, v)| v.first().copied())
            .max();
        match newest {
            Some(version) if version > FORMAT_VERSION => Err(FileError::NewerStore(format!(
                "dialogues in store format {version}"
            ))),
            _ => Ok(()),
        }
    }
}
