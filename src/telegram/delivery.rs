//! Getting every reply to Telegram: within its rate limits, and again when
//! it did not take it, without giving up before [`PATIENCE`].
//!
//! Telegram's limits are kept by teloxide's own `Throttle` adaptor, as
//! Telegram's FAQ states them and no stricter: about one message a second
//! in a chat, 20 a minute in a group, 30 a second overall (see
//! [`TELEGRAM_PACING`]). It queues what must wait and honours a 429's
//! `retry_after` itself. What teloxide does not retry is retried here: 5xx
//! answers, dropped connections, unreadable answers (and a 429 on the
//! requests `Throttle` does not see: edits).
//!
//! Some calls only make the chat look right: the answer to a button press
//! (which stops the client's spinner), a reaction, taking a button off, a
//! forum topic opened or closed. They go through [`Delivery::cosmetic`]:
//! sent once, a failure logged and never an error, so an acknowledgement
//! that came too late ("query is too old") cannot stop the step it
//! acknowledges or the messages that tell both sides about it.
//!
//! The promise is at least once. When the connection drops after Telegram
//! took a message but before its answer arrived, the bot cannot tell that
//! from a message Telegram never got; it sends it again and the user sees
//! it twice. Nothing in the Bot API prevents that (it has no idempotency
//! key), so a duplicate is possible exactly when an answer was lost.

use std::time::Duration;

use teloxide::adaptors::Throttle;
pub use teloxide::adaptors::throttle::Limits;
use teloxide::payloads::{SendContact, SendDocument, SendMessage, SendPhoto, SendVenue};
use teloxide::prelude::*;
use teloxide::requests::{HasPayload, Output, Request};
use teloxide::types::{InputFile, Message, Recipient};
use teloxide::{ApiError, RequestError};
use tokio::time::Instant;

/// How long one reply is retried before it is given up (and logged).
pub const PATIENCE: Duration = Duration::from_secs(120);
/// Waits between retries: doubling from the first, up to the last.
pub const BACKOFF_START: Duration = Duration::from_millis(250);
pub const BACKOFF_MAX: Duration = Duration::from_secs(8);

/// Telegram's limits, each kept by a `Throttle` of its own: teloxide's
/// applies its limit a minute "per chat" to private chats and basic groups
/// alike, and Telegram sets 20 a minute for groups only. So private chats
/// and groups go through different throttles, which share Telegram's 30 a
/// second overall between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pacing {
    pub private: Limits,
    pub groups: Limits,
}

/// Telegram's limits for bots, as its FAQ gives them: one message a second
/// in a chat (the only limit in a private chat), 20 a minute in a group or
/// supergroup, 30 a second overall: 27 for private chats, 3 for groups
/// (where the bot writes only to the office and to commands; the 20 a
/// minute keep each group well under that).
pub const TELEGRAM_PACING: Pacing = Pacing {
    private: Limits {
        messages_per_sec_chat: 1,
        messages_per_min_chat: u32::MAX,
        messages_per_min_channel_or_supergroup: u32::MAX,
        messages_per_sec_overall: 27,
    },
    groups: Limits {
        messages_per_sec_chat: 1,
        messages_per_min_chat: 20,
        messages_per_min_channel_or_supergroup: 20,
        messages_per_sec_overall: 3,
    },
};

pub struct Delivery {
    /// Messages go through these when Telegram's limits apply: one for
    /// private chats, one for groups.
    throttles: Option<(Throttle<Bot>, Throttle<Bot>)>,
}

/// Whether to send a request again, and after how long (zero: the backoff).
fn worth_retrying(error: &RequestError) -> Option<Duration> {
    match error {
        RequestError::RetryAfter(wait) => Some(wait.duration()),
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => {
            Some(Duration::ZERO)
        }
        // 5xx answers arrive as errors Telegram has no name for; so do
        // refusals teloxide does not know, which say so ("Bad Request: …").
        RequestError::Api(ApiError::Unknown(description)) if !refused(description) => {
            Some(Duration::ZERO)
        }
        _ => None,
    }
}

/// A 4xx description: sending the same request again gets the same answer.
fn refused(description: &str) -> bool {
    [
        "Bad Request",
        "Unauthorized",
        "Forbidden",
        "Not Found",
        "Conflict",
    ]
    .iter()
    .any(|reason| description.starts_with(reason))
}

/// A method for a message Telegram's limits apply to: its payload goes
/// through the throttle when limits are on, straight to `bot` otherwise.
macro_rules! limited {
    ($(#[$doc:meta])* $name:ident($payload:ident) = |$r:ident, $chat:ident| $build:expr) => {
        $(#[$doc])*
        pub async fn $name(&self, bot: &Bot, payload: $payload) -> Result<Message, RequestError> {
            let $chat = payload.chat_id.clone();
            match self.throttle_for(&$chat) {
                Some($r) => self.retrying(carrying($build, payload)).await,
                None => {
                    let $r = bot;
                    self.retrying(carrying($build, payload)).await
                }
            }
        }
    };
}

/// Puts `payload` into a request built by any requester.
fn carrying<R: HasPayload>(mut request: R, payload: R::Payload) -> R {
    *request.payload_mut() = payload;
    request
}

impl Delivery {
    /// `None`: no limits (a local Bot API server, or a benchmark). Call
    /// within the runtime: `Throttle`'s workers are spawned on it.
    pub fn new(bot: &Bot, pacing: Option<Pacing>) -> Delivery {
        Delivery {
            throttles: pacing.map(|pacing| {
                (
                    Throttle::new_spawn(bot.clone(), pacing.private),
                    Throttle::new_spawn(bot.clone(), pacing.groups),
                )
            }),
        }
    }

    /// The throttle a message to `chat` waits in, when limits apply.
    fn throttle_for(&self, chat: &Recipient) -> Option<&Throttle<Bot>> {
        let (private, groups) = self.throttles.as_ref()?;
        // A private chat's id is its user's, positive; groups' and channels' are negative.
        match chat {
            Recipient::Id(id) if id.0 > 0 => Some(private),
            _ => Some(groups),
        }
    }

    limited! {
        /// Sends a text message, within the limits, until Telegram takes it.
        send_message(SendMessage) = |t, chat| t.send_message(chat, "")
    }
    limited! {
        send_contact(SendContact) = |t, chat| t.send_contact(chat, "", "")
    }
    limited! {
        send_venue(SendVenue) = |t, chat| t.send_venue(chat, 0.0, 0.0, "", "")
    }
    limited! {
        send_document(SendDocument) = |t, chat| t.send_document(chat, InputFile::memory(&b""[..]))
    }
    limited! {
        send_photo(SendPhoto) = |t, chat| t.send_photo(chat, InputFile::memory(&b""[..]))
    }

    /// Sends a cosmetic request once (the answer to a button press, a
    /// reaction, a forum topic, taking a button off): `None` when Telegram
    /// did not take it, which is logged as `what` and is never an error, so
    /// no caller can stop on it. Not retried: an acknowledgement is useless
    /// once late, and an applicant would wait two minutes for a topic the
    /// card can do without.
    pub async fn cosmetic<R>(&self, request: R, what: impl std::fmt::Display) -> Option<Output<R>>
    where
        R: Request<Err = RequestError>,
    {
        match request.send().await {
            Ok(output) => Some(output),
            Err(e) => {
                log::debug!("{what}: not done ({})", describe(&e));
                None
            }
        }
    }

    /// Sends any request (a message built by the caller, an answer to a
    /// button or an inline query, an edit), again while Telegram did not take it.
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

/// A failed request in words, for the log and the health check: what went
/// wrong, a refusal in Telegram's own words, never Telegram's raw answer,
/// nor serde's quote of it (either may carry a user's name or message).
pub fn describe(error: &RequestError) -> String {
    match error {
        RequestError::Api(ApiError::InvalidToken) => {
            "Telegram rejected the token (revoked or mistyped?)".into()
        }
        // Telegram's own words, which hold no personal data (quoted parts
        // inside them, which can quote a message, the private logger still
        // blanks). teloxide-core 0.13 names only the wordings it knows and
        // quotes the others whole, which would blank them all.
        RequestError::Api(ApiError::Unknown(description)) => {
            format!("Telegram refused: {description}")
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

/// Polling's waits after failed `getUpdates`: from half a second up to five,
/// so the bot is back soon after Telegram is (teloxide's default waits up to 64 s).
pub fn polling_backoff(errors: u32) -> Duration {
    let doubled = Duration::from_millis(500).saturating_mul(1u32 << errors.min(8));
    doubled.min(Duration::from_secs(5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_teloxide_has_no_name_for_is_logged_in_telegram_s_words() {
        let conflict = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
        let said = describe(&RequestError::Api(ApiError::Unknown(conflict.into())));
        assert_eq!(said, format!("Telegram refused: {conflict}"));
        assert_eq!(crate::private_log::redact(&said), said);
        // What it quotes may be a message's: still blanked.
        let quoting = "Bad Request: can't parse entities: Unsupported start tag \"passport\" at byte offset 4";
        let said = describe(&RequestError::Api(ApiError::Unknown(quoting.into())));
        assert_eq!(
            crate::private_log::redact(&said),
            "Telegram refused: Bad Request: can't parse entities: Unsupported start tag \"…\" at byte offset 4"
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

    #[test]
    fn server_errors_and_lost_answers_are_retried_refusals_are_not() {
        let unknown = |d: &str| RequestError::Api(ApiError::Unknown(d.into()));
        assert!(worth_retrying(&unknown("Internal Server Error")).is_some());
        assert!(worth_retrying(&unknown("Bad Gateway")).is_some());
        assert!(worth_retrying(&unknown("Bad Request: wrong file identifier")).is_none());
        assert!(worth_retrying(&unknown("Forbidden: bot can't initiate")).is_none());
        assert!(worth_retrying(&RequestError::Api(ApiError::BotBlocked)).is_none());
        assert!(
            worth_retrying(&RequestError::Io(std::sync::Arc::new(
                std::io::Error::other("reset")
            )))
            .is_some()
        );
    }
}
