//! The operator's backups on the command line: `backup` (a copy of the
//! store, from the running bot through its control socket or from a
//! stopped store) and `restore` (checked whole, then written into a data
//! directory with every erasure made since the backup re-applied).

use std::io::Write;
use std::path::Path;

use crate::calendar::kazakhstan_today;
use crate::store::{self, Backup, ErasureLog, RestoreError, Summary};
use crate::{control, stopped_store};

/// `-` for a file: standard output (backup) or input (restore).
const STANDARD: &str = "-";

/// Writes a backup of the store in `data_dir` to `file`; returns the report.
pub fn backup(data_dir: &Path, file: &Path) -> Result<String, String> {
    let (bytes, pauses) = match control::ask_backup(data_dir)? {
        Some(copy) => (copy.bytes, Some(copy.pauses)),
        None => (from_stopped_store(data_dir)?, None),
    };
    // Checked as a restore will check it, before it is kept.
    let backup = Backup::from_bytes(&bytes)
        .map_err(|e| format!("the copy taken is {e}; nothing was written"))?;
    write_owner_only(file, &bytes)?;
    let shown = if file.as_os_str() == STANDARD {
        "standard output".to_string()
    } else {
        format!("{} (owner-only)", file.display())
    };
    let source = match pauses {
        Some(_) => "the running bot".to_string(),
        None => format!("the stopped store in {}", data_dir.display()),
    };
    let mut report = format!(
        "backup of {source} written to {shown}\n{}bytes: {}\n",
        describe(&backup, &backup.summary(kazakhstan_today())),
        bytes.len()
    );
    if let Some(pauses) = pauses {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        report.push_str(&format!(
            "the bot's work paused {} times while it was copied: {:.2} ms at most, {:.2} ms on average\n",
            pauses.count,
            ms(pauses.longest),
            ms(pauses.mean())
        ));
    }
    Ok(report)
}

/// A copy of a store no bot runs on: the backup file's bytes.
fn from_stopped_store(data_dir: &Path) -> Result<Vec<u8>, String> {
    let store = stopped_store::open(data_dir, |why| {
        format!(
            "{why}, and it does not answer on {}: a bot of a version without backups? \
             Stop it and run this again, or start this version's bot",
            control::socket_path(data_dir).display()
        )
    })?;
    let now = chrono::Utc::now().timestamp();
    let (backup, _) = store.backup(now).map_err(|e| e.to_string())?;
    backup.to_bytes().map_err(|e| e.to_string())
}

/// What a backup holds, a line each.
fn describe(backup: &Backup, summary: &Summary) -> String {
    let taken = chrono::DateTime::from_timestamp(backup.taken_at, 0).map_or_else(
        || backup.taken_at.to_string(),
        |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    );
    format!(
        "taken: {taken}, store format {}\n\
         dialogues: {}\n\
         open requests to the office: {}\n\
         reminders still to send: {} (chats with reminders: {})\n",
        backup.store_format,
        summary.dialogues,
        summary.open_requests,
        summary.reminders,
        summary.reminded_chats,
    )
}

/// Writes `bytes` to `path` readable by the owner only, whole or not at
/// all: to a temporary file beside it, synced, then renamed over it.
fn write_owner_only(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if path.as_os_str() == STANDARD {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|()| out.flush())
            .map_err(|e| format!("standard output: {e}"));
    }
    let failed = |e: std::io::Error| format!("{}: {e}", path.display());
    let name = path
        .file_name()
        .ok_or_else(|| format!("{} is not a file name", path.display()))?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let tmp = dir.join(format!(".{}.partial", name.to_string_lossy()));
    let mut file = store::erasures::owner_only_file(&tmp).map_err(failed)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(failed)?;
    std::fs::rename(&tmp, path).map_err(failed)?;
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(failed)
}

/// What `restore` was asked for.
pub struct RestoreOrder<'a> {
    pub file: &'a Path,
    pub data_dir: &'a Path,
    pub replace: bool,
    /// The erasure log of the store the backup came from, kept elsewhere.
    pub erasures: Option<&'a Path>,
}

/// Restores a backup; returns the report. Nothing is written unless the
/// file is whole and every check passes.
pub fn restore(order: &RestoreOrder) -> Result<String, String> {
    let RestoreOrder {
        file,
        data_dir,
        replace,
        erasures,
    } = *order;
    let nothing = "nothing was restored";
    let bytes = if file.as_os_str() == STANDARD {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map_err(|e| format!("standard input: {e}"))?;
        bytes
    } else {
        std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?
    };
    let backup =
        Backup::from_bytes(&bytes).map_err(|e| format!("{} is {e}; {nothing}", file.display()))?;
    let more = match erasures {
        None => None,
        Some(path) => Some(
            ErasureLog::read_file(path)
                .map_err(|e| format!("{e}; {nothing}"))?
                .ok_or_else(|| format!("{}: no such file; {nothing}", path.display()))?,
        ),
    };
    let restored = store::restore(
        data_dir,
        &backup,
        more.as_ref(),
        replace,
        kazakhstan_today(),
    )
    .map_err(|e| match e {
        RestoreError::HoldsData { dialogues } => format!(
            "{} already holds a store ({dialogues} dialogues); {nothing}. Pass --replace to \
                 replace it with the backup: the chats it erased after the backup was taken \
                 stay erased",
            data_dir.display()
        ),
        RestoreError::InUse(why) => format!("{why}: stop the bot first; {nothing}"),
        RestoreError::LogTooShort {
            log,
            complete_since,
        } => format!(
            "{log} lists erasures only from {} on, and the backup is older ({}): a chat \
                 erased in between could come back, so {nothing}. Restore a newer backup",
            day(complete_since),
            day(backup.taken_at)
        ),
        RestoreError::Other(why) => format!("{why}; the store may be left as it was"),
    })?;
    let mut report = format!(
        "restored {} into {}{}\n",
        file.display(),
        data_dir.display(),
        if restored.replaced {
            ", replacing the store it held"
        } else {
            ""
        }
    );
    report.push_str(&describe(&backup, &restored.summary));
    report.push_str(&format!(
        "left out, erased on request after the backup was taken: {} chats\n",
        restored.erased
    ));
    Ok(report)
}

fn day(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).map_or_else(
        || unix.to_string(),
        |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
    )
}
