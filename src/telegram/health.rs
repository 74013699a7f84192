//! "Healthy" means "handling updates": the bot has reached Telegram lately.
//!
//! The running bot notes every successful `getUpdates` (polling) or Bot API
//! probe (webhook mode), and the last failure. It writes that to a small
//! file in the data directory every few seconds, and `kz-residence-bot
//! healthcheck` (Docker's `HEALTHCHECK`) judges it; in webhook mode
//! `/healthz` answers with the same judgement. Unhealthy once the last
//! contact is older than `BOT_HEALTH_FAIL_AFTER`: a revoked token, a network
//! gone, or polling stuck all end there; so does a bot that is not running.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What `kz-residence-bot healthcheck` needs (read by
/// [`crate::config::health_check`]).
#[derive(Clone, Debug)]
pub struct HealthCheck {
    pub data_dir: PathBuf,
    /// The webhook listener's port, in webhook mode.
    pub webhook_port: Option<u16>,
    pub fail_after: Duration,
}

/// The file in the data directory.
pub const HEARTBEAT_FILE: &str = "heartbeat.json";

pub fn heartbeat_path(data_dir: &Path) -> PathBuf {
    data_dir.join(HEARTBEAT_FILE)
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// What the running bot knows about its contact with Telegram.
pub struct Health {
    mode: Mode,
    last_contact_ms: AtomicI64,
    last_error: Mutex<Option<String>>,
    fail_after: Duration,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Polling,
    Webhook,
}

impl Mode {
    /// The contact that counts, in words.
    fn contact(self) -> &'static str {
        match self {
            Mode::Polling => "successful getUpdates",
            Mode::Webhook => "successful Bot API call",
        }
    }
}

/// The heartbeat file's content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heartbeat {
    pub mode: Mode,
    /// The last successful contact with Telegram.
    pub last_contact_ms: i64,
    /// Why the last attempt failed, if it did (never personal data).
    pub last_error: Option<String>,
}

impl Health {
    /// Starts healthy: the bot has just reached Telegram (`getMe`).
    pub fn new(mode: Mode, fail_after: Duration) -> Health {
        Health {
            mode,
            last_contact_ms: AtomicI64::new(now_ms()),
            last_error: Mutex::new(None),
            fail_after,
        }
    }

    /// Telegram answered.
    pub fn contact(&self) {
        self.last_contact_ms.fetch_max(now_ms(), Ordering::Relaxed);
        self.last_error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
    }

    /// Telegram could not be reached, or refused; `why` is said to the operator.
    pub fn failed(&self, why: String) {
        *self.last_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(why);
    }

    pub fn heartbeat(&self) -> Heartbeat {
        Heartbeat {
            mode: self.mode,
            last_contact_ms: self.last_contact_ms.load(Ordering::Relaxed),
            last_error: self
                .last_error
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
        }
    }

    pub fn verdict(&self) -> Result<String, String> {
        judge(&self.heartbeat(), now_ms(), self.fail_after)
    }

    pub fn fail_after(&self) -> Duration {
        self.fail_after
    }
}

/// Healthy (with a line saying so) or not (with the reason).
pub fn judge(heartbeat: &Heartbeat, now_ms: i64, fail_after: Duration) -> Result<String, String> {
    let silent =
        Duration::from_millis(now_ms.saturating_sub(heartbeat.last_contact_ms).max(0) as u64);
    let contact = heartbeat.mode.contact();
    if silent <= fail_after {
        return Ok(format!("last {contact} {} s ago", silent.as_secs()));
    }
    let why = match &heartbeat.last_error {
        Some(error) => format!("; last error: {error}"),
        None => String::new(),
    };
    Err(format!(
        "no {contact} for {} s (BOT_HEALTH_FAIL_AFTER is {} s){why}",
        silent.as_secs(),
        fail_after.as_secs()
    ))
}

/// Writes the heartbeat through a temporary file, so a reader never sees half of it.
pub fn write(path: &Path, heartbeat: &Heartbeat) -> std::io::Result<()> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec(heartbeat)?)?;
    std::fs::rename(tmp, path)
}

pub fn read(path: &Path) -> Result<Heartbeat, String> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!(
            "no heartbeat at {}: the bot is not running, or has not reached Telegram yet",
            path.display()
        ),
        _ => format!("cannot read {}: {e}", path.display()),
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| format!("{} is not a heartbeat: {e}", path.display()))
}

/// How often the heartbeat is written: often enough that a reader's
/// judgement lags by a small part of the threshold.
pub fn write_every(fail_after: Duration) -> Duration {
    (fail_after / 4).clamp(Duration::from_millis(250), Duration::from_secs(5))
}

/// Writes the heartbeat now and every [`write_every`], until the process ends.
pub async fn keep_writing(health: std::sync::Arc<Health>, path: PathBuf) {
    let mut ticks = tokio::time::interval(write_every(health.fail_after()));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let heartbeat = health.heartbeat();
        let target = path.clone();
        let written = tokio::task::spawn_blocking(move || write(&target, &heartbeat)).await;
        if let Ok(Err(e)) = written {
            log::warn!("cannot write the heartbeat {}: {e}", path.display());
        }
    }
}

/// For container health checks: healthy while the bot handles updates.
/// Polling: the heartbeat the bot writes in its data directory says when
/// `getUpdates` last succeeded. Webhook: the listener's `/healthz` judges
/// the same for the Bot API (and answering at all shows the listener is up).
pub fn check(settings: &HealthCheck) -> Result<(), String> {
    let verdict = match settings.webhook_port {
        Some(port) => ask_healthz(port),
        None => read(&heartbeat_path(&settings.data_dir))
            .and_then(|heartbeat| judge(&heartbeat, now_ms(), settings.fail_after)),
    };
    match verdict {
        Ok(line) => {
            println!("healthy: {line}");
            Ok(())
        }
        Err(why) => Err(format!("unhealthy: {why}")),
    }
}

/// `GET /healthz` on the webhook listener: its answer on 200, the reason otherwise.
fn ask_healthz(port: u16) -> Result<String, String> {
    use std::io::{Read, Write};
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let timeout = std::time::Duration::from_secs(3);
    let mut stream = std::net::TcpStream::connect_timeout(&address, timeout)
        .map_err(|e| format!("the webhook listener on {address} does not answer: {e}"))?;
    stream
        .set_read_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    stream
        .write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    let status = answer.lines().next().unwrap_or("nothing").to_string();
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, body)| body)
        .trim()
        .to_string();
    if status.starts_with("HTTP/1.0 200") || status.starts_with("HTTP/1.1 200") {
        Ok(body)
    } else if body.is_empty() {
        Err(format!("/healthz answered {status}"))
    } else {
        Err(body.trim_start_matches("unhealthy: ").to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beat(last_contact_ms: i64, last_error: Option<&str>) -> Heartbeat {
        Heartbeat {
            mode: Mode::Polling,
            last_contact_ms,
            last_error: last_error.map(String::from),
        }
    }

    #[test]
    fn healthy_until_the_last_contact_is_older_than_the_threshold() {
        let minute = Duration::from_secs(60);
        let now = 1_800_000_000_000;
        assert_eq!(
            judge(&beat(now - 12_000, None), now, minute),
            Ok("last successful getUpdates 12 s ago".into())
        );
        assert!(judge(&beat(now - 60_000, Some("network")), now, minute).is_ok());
        assert_eq!(
            judge(&beat(now - 61_000, Some("Telegram rejected the token")), now, minute),
            Err("no successful getUpdates for 61 s (BOT_HEALTH_FAIL_AFTER is 60 s); last error: Telegram rejected the token".into())
        );
    }

    #[test]
    fn the_heartbeat_file_reads_back_and_a_missing_one_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = heartbeat_path(dir.path());
        let missing = read(&path).unwrap_err();
        assert!(missing.contains("the bot is not running"), "{missing}");
        let written = beat(42, Some("network"));
        write(&path, &written).unwrap();
        assert_eq!(read(&path), Ok(written));
    }
}
