//! How the bot runs: what the entry point reads from the environment and
//! hands down (see `config.rs`); nothing here reads it itself.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use teloxide::types::{ChatId, UserId};

use super::delivery;
use crate::clock::Clock;
use crate::lang::Lang;
use crate::store::Durability;

/// What to do about a missing or wrong token, in one line.
pub const TOKEN_HELP: &str = "get a token from @BotFather in Telegram (send it /newbot) and set TELOXIDE_TOKEN to it, \
or try the consultation without Telegram: kz-residence-bot console";

/// How the bot runs; read from the environment by the entry point.
#[derive(Clone, Debug)]
pub struct Settings {
    pub token: String,
    /// The system clock, or a test's (`BOT_TEST_ONLY_CLOCK_FILE`).
    pub clock: Clock,
    /// `TELOXIDE_API_URL`: another Bot API server (a local one, or a fake one in tests).
    pub api_url: Option<url::Url>,
    /// `BOT_DATA_DIR`, default `./data`.
    pub data_dir: PathBuf,
    /// `BOT_DURABILITY`: `flush` (default) or `background`.
    pub durability: Durability,
    /// Webhook mode when `BOT_WEBHOOK_URL` is set; long polling otherwise.
    pub webhook: Option<WebhookSettings>,
    /// `BOT_RETENTION_DAYS` (default 90): dialogues untouched this long are deleted.
    pub retention: Duration,
    /// `BOT_RATE_LIMIT`: `telegram` (default) keeps to Telegram's limits; `off` for
    /// a local Bot API server or a benchmark.
    pub rate_limits: Option<delivery::Pacing>,
    /// `BOT_STAFF_CHAT` and `BOT_STAFF_LANG`: where "Ask the office" posts
    /// requests; unset, the button is not shown.
    pub staff: Option<Staff>,
    /// `BOT_STORAGE`: `sled` (default), or `memory` (nothing survives a restart:
    /// for benchmarks, to measure the bot without persistence).
    pub storage: StorageKind,
    /// `BOT_CONTENT_DIR`: the firm's content folder, reloaded on SIGHUP.
    pub content_dir: Option<PathBuf>,
    /// `BOT_ADMINS`: the staff's Telegram user ids; only they have `/stats` and `/link`.
    pub admins: Vec<UserId>,
    /// `BOT_BUSINESS_OWNERS`: the Telegram user ids whose own accounts the
    /// bot may help (Telegram Business); a connection from anyone else is
    /// left alone.
    pub business_owners: Vec<UserId>,
    /// `BOT_BUSINESS_SILENCE_HOURS` (default 12): how long the bot keeps
    /// quiet in a client's chat after the owner wrote there.
    pub business: crate::business::Rules,
    /// `BOT_UPDATES_IN_FLIGHT` (default 32): chats handled at once, one
    /// update each; the others' updates wait in their chat's queue.
    pub updates_in_flight: usize,
    /// `BOT_HEALTH_FAIL_AFTER` (seconds, default 60): unhealthy once Telegram
    /// has not been reached for this long.
    pub health_fail_after: Duration,
}

/// Where the chats' records are kept (`BOT_STORAGE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageKind {
    Sled,
    Memory,
}

/// Webhook mode's settings; the webhook itself is in `intake/webhook.rs`.
#[derive(Clone, Debug)]
pub struct WebhookSettings {
    /// `BOT_WEBHOOK_URL`: the public https address Telegram posts updates to.
    pub url: url::Url,
    /// `BOT_LISTEN_ADDR`, default `0.0.0.0:8080`.
    pub listen: SocketAddr,
    /// `BOT_WEBHOOK_SECRET`, or generated at start: Telegram sends it with every update.
    pub secret: Option<String>,
}

/// The office's chat: `BOT_STAFF_CHAT`, and the language its card and
/// notes are written in (`BOT_STAFF_LANG`). Where it is now, once Telegram
/// has moved it, is the running bot's `StaffChat` (in `app.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Staff {
    pub chat: ChatId,
    pub lang: Lang,
}
