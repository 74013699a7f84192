//! The bot's configuration, from the environment, with errors a person can act on.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::storage::Durability;
use teloxide::adaptors::throttle::Limits;

use crate::telegram::delivery::TELEGRAM_LIMITS;

/// What to do about a missing or wrong token, in one line.
pub const TOKEN_HELP: &str = "get a token from @BotFather in Telegram (send it /newbot) and set TELOXIDE_TOKEN to it, \
or try the consultation without Telegram: kz-residence-bot console";

#[derive(Clone, Debug)]
pub struct BotConfig {
    pub token: String,
    /// `TELOXIDE_API_URL`: another Bot API server (a local one, or a fake one in tests).
    pub api_url: Option<url::Url>,
    /// `BOT_DATA_DIR`, default `./data`.
    pub data_dir: PathBuf,
    /// `BOT_DURABILITY`: `flush` (default) or `background`.
    pub durability: Durability,
    /// Webhook mode when `BOT_WEBHOOK_URL` is set; long polling otherwise.
    pub webhook: Option<Webhook>,
    /// `BOT_RETENTION_DAYS` (default 90): dialogues untouched this long are deleted.
    pub retention: Duration,
    /// `BOT_RATE_LIMIT`: `telegram` (default) keeps to Telegram's limits (with
    /// teloxide's `Throttle`); `off` for a local Bot API server or a benchmark.
    pub rate_limits: Option<Limits>,
    /// `BOT_STORAGE`: `sled` (default), or `memory` (nothing survives a restart:
    /// for benchmarks, to measure the bot without persistence).
    pub storage: StorageKind,
    /// `BOT_HEALTH_FAIL_AFTER` (seconds, default 60): unhealthy once Telegram
    /// has not been reached for this long.
    pub health_fail_after: Duration,
    /// `BOT_UPDATES_IN_FLIGHT` (default 32): the most updates the bot holds at
    /// once; Telegram keeps the rest until there is room.
    pub updates_in_flight: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageKind {
    Sled,
    Memory,
}

#[derive(Clone, Debug)]
pub struct Webhook {
    /// `BOT_WEBHOOK_URL`: the public https address Telegram posts updates to.
    pub url: url::Url,
    /// `BOT_LISTEN_ADDR`, default `0.0.0.0:8080`.
    pub listen: SocketAddr,
    /// `BOT_WEBHOOK_SECRET`, or generated at start: Telegram sends it with every update.
    pub secret: Option<String>,
}

pub const DEFAULT_LISTEN_ADDR: &str = "0.0.0.0:8080";
pub const DEFAULT_RETENTION_DAYS: u64 = 90;
pub const DEFAULT_HEALTH_FAIL_AFTER_SECS: u64 = 60;
pub const DEFAULT_UPDATES_IN_FLIGHT: usize = 32;

/// What `kz-residence-bot healthcheck` needs: read leniently, since it runs
/// in the bot's environment and must say "unhealthy", not fail to start.
#[derive(Clone, Debug)]
pub struct HealthCheck {
    pub data_dir: PathBuf,
    /// The webhook listener's port, in webhook mode.
    pub webhook_port: Option<u16>,
    pub fail_after: Duration,
}

impl HealthCheck {
    pub fn from_env() -> Result<HealthCheck, String> {
        HealthCheck::from_vars(|name| std::env::var(name).ok())
    }

    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<HealthCheck, String> {
        let var = |name: &str| {
            var(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let webhook_port = match var("BOT_WEBHOOK_URL") {
            None => None,
            Some(_) => {
                let listen = var("BOT_LISTEN_ADDR").unwrap_or_else(|| DEFAULT_LISTEN_ADDR.into());
                let port = listen.rsplit(':').next().and_then(|p| p.parse().ok());
                Some(port.ok_or_else(|| format!("BOT_LISTEN_ADDR has no port: {listen:?}"))?)
            }
        };
        Ok(HealthCheck {
            data_dir: var("BOT_DATA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| "data".into()),
            webhook_port,
            fail_after: health_fail_after(var("BOT_HEALTH_FAIL_AFTER"))?,
        })
    }
}

fn health_fail_after(text: Option<String>) -> Result<Duration, String> {
    let Some(text) = text else {
        return Ok(Duration::from_secs(DEFAULT_HEALTH_FAIL_AFTER_SECS));
    };
    text.parse::<u64>()
        .ok()
        .filter(|s| (1..=86_400).contains(s))
        .map(Duration::from_secs)
        .ok_or_else(|| {
            format!("BOT_HEALTH_FAIL_AFTER must be a whole number of seconds from 1, not {text:?}")
        })
}

impl BotConfig {
    pub fn from_env() -> Result<BotConfig, String> {
        BotConfig::from_vars(|name| std::env::var(name).ok())
    }

    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<BotConfig, String> {
        let var = |name: &str| {
            var(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let token = var("TELOXIDE_TOKEN")
            .ok_or_else(|| format!("TELOXIDE_TOKEN is not set: {TOKEN_HELP}"))?;
        if !token_looks_valid(&token) {
            return Err(format!(
                "TELOXIDE_TOKEN does not look like a bot token (digits, a colon, then letters): {TOKEN_HELP}"
            ));
        }
        let api_url = match var("TELOXIDE_API_URL") {
            None => None,
            Some(text) => Some(
                url::Url::parse(&text)
                    .map_err(|e| format!("TELOXIDE_API_URL is not a URL ({e}): {text:?}"))?,
            ),
        };
        let durability = match var("BOT_DURABILITY").as_deref() {
            None | Some("flush") => Durability::Flushed,
            Some("background") => Durability::Background,
            Some(other) => {
                return Err(format!(
                    "BOT_DURABILITY must be flush or background, not {other:?}"
                ));
            }
        };
        let webhook = match var("BOT_WEBHOOK_URL") {
            None => None,
            Some(text) => {
                let url = url::Url::parse(&text)
                    .map_err(|e| format!("BOT_WEBHOOK_URL is not a URL ({e}): {text:?}"))?;
                let listen_text =
                    var("BOT_LISTEN_ADDR").unwrap_or_else(|| DEFAULT_LISTEN_ADDR.into());
                let listen = listen_text.parse().map_err(|_| {
                    format!(
                        "BOT_LISTEN_ADDR must be an address and port such as 0.0.0.0:8080, not {listen_text:?}"
                    )
                })?;
                let secret = var("BOT_WEBHOOK_SECRET");
                if let Some(secret) = &secret
                    && !secret_is_valid(secret)
                {
                    return Err(
                        "BOT_WEBHOOK_SECRET must be 1 to 256 characters: letters, digits, _ and -"
                            .into(),
                    );
                }
                Some(Webhook {
                    url,
                    listen,
                    secret,
                })
            }
        };
        let retention_days = match var("BOT_RETENTION_DAYS") {
            None => DEFAULT_RETENTION_DAYS,
            Some(text) => text
                .parse::<u64>()
                .ok()
                .filter(|d| (1..=36_500).contains(d))
                .ok_or_else(|| {
                    format!(
                        "BOT_RETENTION_DAYS must be a whole number of days from 1, not {text:?}"
                    )
                })?,
        };
        let rate_limits = match var("BOT_RATE_LIMIT").as_deref() {
            None | Some("telegram") => Some(TELEGRAM_LIMITS),
            Some("off") => None,
            Some(other) => {
                return Err(format!(
                    "BOT_RATE_LIMIT must be telegram or off, not {other:?}"
                ));
            }
        };
        let storage = match var("BOT_STORAGE").as_deref() {
            None | Some("sled") => StorageKind::Sled,
            Some("memory") => StorageKind::Memory,
            Some(other) => {
                return Err(format!("BOT_STORAGE must be sled or memory, not {other:?}"));
            }
        };
        let updates_in_flight = match var("BOT_UPDATES_IN_FLIGHT") {
            None => DEFAULT_UPDATES_IN_FLIGHT,
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or_else(|| {
                    format!("BOT_UPDATES_IN_FLIGHT must be a whole number from 1, not {text:?}")
                })?,
        };
        Ok(BotConfig {
            token,
            api_url,
            data_dir: var("BOT_DATA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| "data".into()),
            durability,
            webhook,
            retention: Duration::from_secs(retention_days * 24 * 3600),
            rate_limits,
            storage,
            health_fail_after: health_fail_after(var("BOT_HEALTH_FAIL_AFTER"))?,
            updates_in_flight,
        })
    }
}

/// `123456789:AAH...`: the shape @BotFather gives. The content is Telegram's to check.
pub fn token_looks_valid(token: &str) -> bool {
    let Some((id, secret)) = token.split_once(':') else {
        return false;
    };
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_digit())
        && secret.len() >= 20
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Telegram's rule for a webhook secret token.
pub fn secret_is_valid(secret: &str) -> bool {
    (1..=256).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}
