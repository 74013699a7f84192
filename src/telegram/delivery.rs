//! Getting every reply to Telegram: within its rate limits, and again when
//! it did not take it (429 with `retry_after`, 5xx, a dropped connection,
//! an unreadable answer), without giving up before [`PATIENCE`].

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use teloxide::requests::{Output, Request};
use teloxide::types::ChatId;
use teloxide::{ApiError, RequestError};
use tokio::time::Instant;

/// How long one reply is retried before it is given up (and logged).
pub const PATIENCE: Duration = Duration::from_secs(120);
/// Waits between retries: doubling from the first, up to the last.
pub const BACKOFF_START: Duration = Duration::from_millis(250);
pub const BACKOFF_MAX: Duration = Duration::from_secs(8);

/// Telegram's limits for bots: about one message per second in a chat
/// (short bursts are tolerated) and 30 per second overall.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    pub per_chat_per_sec: f64,
    pub per_chat_burst: u32,
    pub overall_per_sec: f64,
    pub overall_burst: u32,
}

impl Limits {
    pub const TELEGRAM: Limits = Limits {
        per_chat_per_sec: 1.0,
        per_chat_burst: 3,
        overall_per_sec: 30.0,
        overall_burst: 30,
    };
}

/// Generic cell rate algorithm: the theoretical arrival time of the next
/// message; a message may go up to `burst - 1` intervals early.
#[derive(Clone, Copy, Debug)]
struct Cell {
    tat: Instant,
}

fn interval(per_sec: f64) -> Duration {
    Duration::from_secs_f64(1.0 / per_sec.max(1e-6))
}

impl Cell {
    fn earliest(&self, now: Instant, interval: Duration, burst: u32) -> Instant {
        let tolerance = interval * burst.saturating_sub(1);
        now.max(self.tat.checked_sub(tolerance).unwrap_or(now))
    }

    fn take(&mut self, at: Instant, interval: Duration) {
        self.tat = self.tat.max(at) + interval;
    }
}

struct Schedule {
    overall: Cell,
    chats: HashMap<ChatId, Cell>,
}

pub struct Delivery {
    limits: Option<Limits>,
    schedule: Mutex<Schedule>,
}

/// Whether Telegram may take the same request if it is sent again.
fn worth_retrying(error: &RequestError) -> Option<Duration> {
    match error {
        RequestError::RetryAfter(wait) => Some(wait.duration()),
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => {
            Some(Duration::ZERO)
        }
        // 5xx answers arrive as errors Telegram has no name for.
        RequestError::Api(ApiError::Unknown(_)) => Some(Duration::ZERO),
        _ => None,
    }
}

/// A failed request in words, for the log and the health check: what went
/// wrong, never Telegram's raw answer, nor serde's quote of it (either may
/// carry a user's name or message).
pub fn describe(error: &RequestError) -> String {
    match error {
        RequestError::Api(ApiError::InvalidToken) => {
            "Telegram rejected the token (revoked or mistyped?)".into()
        }
        RequestError::Api(e) => format!("Telegram refused: {e}"),
        RequestError::MigrateToChatId(_) => "the group has become a supergroup".into(),
        RequestError::RetryAfter(wait) => {
            format!("Telegram asked to wait {} s (429)", wait.seconds())
        }
        RequestError::Network(e) => format!("network: {e}"),
        RequestError::InvalidJson { source, .. } => format!(
            "an answer that is not the Bot API's JSON ({:?} error at line {} column {})",
            source.classify(),
            source.line(),
            source.column()
        ),
        RequestError::Io(e) => format!("I/O: {e}"),
    }
}

/// The user has blocked the bot, left, or deleted the account: nobody to answer.
pub fn nobody_listens(error: &RequestError) -> bool {
    matches!(
        error,
        RequestError::Api(
            ApiError::BotBlocked
                | ApiError::UserDeactivated
                | ApiError::BotKicked
                | ApiError::BotKickedFromSupergroup
                | ApiError::ChatNotFound
                | ApiError::CantInitiateConversation
                | ApiError::CantTalkWithBots
        )
    )
}

impl Delivery {
    /// `None`: no limits (a local Bot API server, or a benchmark).
    pub fn new(limits: Option<Limits>) -> Delivery {
        let now = Instant::now();
        Delivery {
            limits,
            schedule: Mutex::new(Schedule {
                overall: Cell { tat: now },
                chats: HashMap::new(),
            }),
        }
    }

    /// Reserves the next slot for a message to `chat`; returns when it may go.
    fn reserve(&self, chat: ChatId) -> Option<Instant> {
        let limits = self.limits?;
        let now = Instant::now();
        let chat_interval = interval(limits.per_chat_per_sec);
        let overall_interval = interval(limits.overall_per_sec);
        let mut schedule = self.schedule.lock().unwrap_or_else(|e| e.into_inner());
        if schedule.chats.len() > 10_000 {
            schedule.chats.retain(|_, cell| cell.tat > now);
        }
        let chat_cell = *schedule.chats.entry(chat).or_insert(Cell { tat: now });
        let at = chat_cell
            .earliest(now, chat_interval, limits.per_chat_burst)
            .max(
                schedule
                    .overall
                    .earliest(now, overall_interval, limits.overall_burst),
            );
        schedule.overall.take(at, overall_interval);
        if let Some(cell) = schedule.chats.get_mut(&chat) {
            cell.take(at, chat_interval);
        }
        Some(at)
    }

    /// Sends a message to `chat` within the rate limits, retrying until Telegram takes it.
    pub async fn message<R>(&self, chat: ChatId, request: R) -> Result<Output<R>, RequestError>
    where
        R: Request<Err = RequestError>,
    {
        if let Some(at) = self.reserve(chat) {
            tokio::time::sleep_until(at).await;
        }
        self.retrying(request).await
    }

    /// Sends a request that is not a chat message (answering a button or an
    /// inline query), retrying like a message.
    pub async fn retrying<R>(&self, request: R) -> Result<Output<R>, RequestError>
    where
        R: Request<Err = RequestError>,
    {
        let deadline = Instant::now() + PATIENCE;
        let mut backoff = BACKOFF_START;
        loop {
            let error = match request.send_ref().await {
                Ok(output) => return Ok(output),
                Err(error) => error,
            };
            let Some(asked_wait) = worth_retrying(&error) else {
                return Err(error);
            };
            let wait = if asked_wait.is_zero() {
                let wait = backoff;
                backoff = (backoff * 2).min(BACKOFF_MAX);
                wait
            } else {
                asked_wait
            };
            if Instant::now() + wait > deadline {
                return Err(error);
            }
            log::warn!(
                "Telegram did not take a request ({}); again in {wait:?}",
                describe(&error)
            );
            tokio::time::sleep(wait).await;
        }
    }
}

/// Polling's waits after failed `getUpdates`: from half a second up to five,
/// so the bot is back soon after Telegram is (teloxide's default waits up to 64 s).
pub fn polling_backoff(errors: u32) -> Duration {
    let doubled = Duration::from_millis(500).saturating_mul(1u32 << errors.min(8));
    doubled.min(Duration::from_secs(5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_chat_gets_a_burst_of_three_then_one_message_a_second() {
        let delivery = Delivery::new(Some(Limits::TELEGRAM));
        let start = Instant::now();
        let slots: Vec<Duration> = (0..6)
            .map(|_| delivery.reserve(ChatId(1)).unwrap() - start)
            .collect();
        let secs: Vec<u64> = slots.iter().map(|d| d.as_millis() as u64).collect();
        assert_eq!(secs, vec![0, 0, 0, 1000, 2000, 3000]);
    }

    #[tokio::test(start_paused = true)]
    async fn all_chats_together_get_30_messages_a_second() {
        let delivery = Delivery::new(Some(Limits::TELEGRAM));
        let start = Instant::now();
        let last = (0..90)
            .map(|i| delivery.reserve(ChatId(i)).unwrap() - start)
            .max()
            .unwrap();
        // 30 at once, then 60 more at 30 a second.
        assert!(
            last >= Duration::from_millis(1990) && last <= Duration::from_millis(2010),
            "{last:?}"
        );
    }

    #[test]
    fn polling_backoff_is_capped_at_five_seconds() {
        assert_eq!(polling_backoff(0), Duration::from_millis(500));
        assert_eq!(polling_backoff(1), Duration::from_secs(1));
        assert_eq!(polling_backoff(3), Duration::from_secs(4));
        assert_eq!(polling_backoff(4), Duration::from_secs(5));
        assert_eq!(polling_backoff(100), Duration::from_secs(5));
    }
}
