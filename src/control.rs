//! The control socket: how `kz-residence-bot backup` asks the running bot
//! for a copy of its store.
//!
//! sled lets one process open the store, so while the bot runs only the bot
//! can copy it. It listens on a Unix socket in its data directory,
//! [`SOCKET`]; `backup` connects, asks, and gets the backup file's bytes
//! (or why there are none) back on the same connection, then checks and
//! writes the file itself. A socket rather than a signal or a request
//! file: the answer, or the error, comes back the moment it is ready with
//! nothing to poll or clean up, no process id is needed (in a container
//! `docker exec` finds the socket where the bot's data is), and only who
//! may enter the data directory (owner-only) may connect: exactly who may
//! read the data anyway.
//!
//! The exchange: the client sends `backup\n`; the bot answers
//! `ok LENGTH PAUSES LONGEST_µs TOTAL_µs\n` and LENGTH bytes, or
//! `error TEXT\n`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::store::Pauses;

/// The socket's name in the data directory.
pub const SOCKET: &str = "control.sock";
const BACKUP: &str = "backup";

/// What the bot hands back for a backup: the file's bytes, and how it
/// paused its own work while copying.
pub struct Copy {
    pub bytes: Vec<u8>,
    pub pauses: Pauses,
}

pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SOCKET)
}

/// Asks the bot running on `data_dir` for a backup. `Ok(None)` when no bot
/// listens there (none runs, or one stopped without removing the socket).
#[cfg(unix)]
pub fn ask_backup(data_dir: &Path) -> Result<Option<Copy>, String> {
    use std::io::ErrorKind;
    use std::os::unix::net::UnixStream;
    let path = socket_path(data_dir);
    let mut stream = match UnixStream::connect(&path) {
        Ok(stream) => stream,
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::ConnectionRefused) => {
            return Ok(None);
        }
        Err(e) => return Err(format!("cannot reach the bot at {}: {e}", path.display())),
    };
    let broken =
        |e: std::io::Error| format!("the bot's answer on {} broke off: {e}", path.display());
    stream
        .write_all(format!("{BACKUP}\n").as_bytes())
        .map_err(broken)?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader
        .by_ref()
        .take(4096)
        .read_line(&mut line)
        .map_err(broken)?;
    let line = line.trim_end();
    if let Some(error) = line.strip_prefix("error ") {
        return Err(format!("the bot could not take a backup: {error}"));
    }
    let numbers: Vec<u64> = line
        .strip_prefix("ok ")
        .map(|rest| rest.split(' ').map_while(|n| n.parse().ok()).collect())
        .unwrap_or_default();
    let &[length, count, longest, total] = numbers.as_slice() else {
        return Err(format!(
            "the bot gave an answer this build does not understand: {line:?}"
        ));
    };
    let length = usize::try_from(length).map_err(|_| format!("impossible length {length}"))?;
    let mut bytes = Vec::with_capacity(length.min(1 << 30));
    reader
        .take(length as u64)
        .read_to_end(&mut bytes)
        .map_err(broken)?;
    if bytes.len() != length {
        return Err(format!(
            "the bot's answer on {} broke off after {} of {length} bytes",
            path.display(),
            bytes.len()
        ));
    }
    Ok(Some(Copy {
        bytes,
        pauses: Pauses {
            count: u32::try_from(count).unwrap_or(u32::MAX),
            longest: Duration::from_micros(longest),
            total: Duration::from_micros(total),
        },
    }))
}

#[cfg(not(unix))]
pub fn ask_backup(_data_dir: &Path) -> Result<Option<Copy>, String> {
    Ok(None)
}

/// Answers requests on the data directory's socket until the process
/// ends; `backup` takes a copy. Failing to listen is logged: the bot runs
/// on, and `backup` then says the bot does not answer.
#[cfg(unix)]
pub async fn serve<F, Fut>(data_dir: PathBuf, backup: F)
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Copy, String>> + Send + 'static,
{
    use std::sync::Arc;
    let path = socket_path(&data_dir);
    // Left by a bot that was killed: sled's lock says no other runs here.
    let _ = std::fs::remove_file(&path);
    let listener = match tokio::net::UnixListener::bind(&path) {
        Ok(listener) => listener,
        Err(e) => {
            log::warn!(
                "cannot listen on {} ({e}): `kz-residence-bot backup` cannot reach this bot",
                path.display()
            );
            return;
        }
    };
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    }
    // One backup at a time: each holds a copy of the store in memory.
    let one_at_a_time = Arc::new(tokio::sync::Mutex::new(()));
    let backup = Arc::new(backup);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                log::warn!("control socket: {e}");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        let (backup, one_at_a_time) = (backup.clone(), one_at_a_time.clone());
        tokio::spawn(async move {
            if let Err(e) = answer(stream, &*backup, &one_at_a_time).await {
                log::warn!("control socket: {e}");
            }
        });
    }
}

#[cfg(unix)]
async fn answer<F, Fut>(
    stream: tokio::net::UnixStream,
    backup: &F,
    one_at_a_time: &tokio::sync::Mutex<()>,
) -> std::io::Result<()>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<Copy, String>>,
{
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
    let (reader, mut writer) = stream.into_split();
    let mut line = String::new();
    let asked = tokio::time::timeout(
        Duration::from_secs(10),
        tokio::io::BufReader::new(reader.take(64)).read_line(&mut line),
    )
    .await;
    if !matches!(asked, Ok(Ok(_))) {
        return Ok(());
    }
    let reply = match line.trim() {
        BACKUP => {
            let _turn = one_at_a_time.lock().await;
            backup().await
        }
        other => Err(format!("unknown request {other:?}")),
    };
    match reply {
        Ok(copy) => {
            let head = format!(
                "ok {} {} {} {}\n",
                copy.bytes.len(),
                copy.pauses.count,
                copy.pauses.longest.as_micros(),
                copy.pauses.total.as_micros()
            );
            writer.write_all(head.as_bytes()).await?;
            writer.write_all(&copy.bytes).await?;
        }
        Err(error) => {
            let error = error.replace('\n', " ");
            writer
                .write_all(format!("error {error}\n").as_bytes())
                .await?;
        }
    }
    writer.shutdown().await
}

#[cfg(not(unix))]
pub async fn serve<F, Fut>(_data_dir: PathBuf, _backup: F)
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Copy, String>> + Send + 'static,
{
    log::warn!("backups of the running bot need a Unix socket: stop the bot to take one");
}
