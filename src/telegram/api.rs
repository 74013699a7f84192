//! The Bot API client, and the one question asked of it before anything
//! else (`getMe`), asked until Telegram answers, with an answer written for
//! the operator when it cannot be.

use teloxide::prelude::*;
use teloxide::types::Me;
use teloxide::{ApiError, RequestError};

use super::settings::TOKEN_HELP;
use super::{delivery, newer_bot_api};

/// The Bot API client, pointed at `TELOXIDE_API_URL` when set.
pub fn make_bot(token: &str, api_url: Option<url::Url>) -> Bot {
    let bot = Bot::new(token);
    match api_url {
        Some(url) => bot.set_api_url(url),
        None => bot,
    }
}

/// Who the bot is (`getMe`), at start: asked until Telegram answers. A
/// `5xx`, a `429`, no connection or an answer that cannot be read is
/// waited out (a `429`'s `retry_after`, else polling's backoff) with a line
/// each, so a bot restarted during a Telegram incident comes up once
/// Telegram is back; only a token Telegram rejects ends the start.
pub async fn meet(bot: &Bot) -> Result<Me, String> {
    let mut failures = 0;
    loop {
        let error = match newer_bot_api::get_me(bot).await {
            Ok(me) => return Ok(me),
            Err(e @ RequestError::Api(ApiError::InvalidToken)) => {
                return Err(explain_get_me_error(&e));
            }
            Err(e) => e,
        };
        let wait = match &error {
            RequestError::RetryAfter(wait) => wait.duration(),
            _ => delivery::polling_backoff(failures),
        };
        failures = failures.saturating_add(1);
        log::warn!(
            "Telegram cannot be reached at start ({}); trying again in {wait:?}",
            delivery::describe(&error)
        );
        tokio::time::sleep(wait).await;
    }
}

/// The bot's username, asked from the Bot API (for links made outside the bot).
pub async fn bot_username(token: &str, api_url: Option<url::Url>) -> Result<String, String> {
    let me = newer_bot_api::get_me(&make_bot(token, api_url))
        .await
        .map_err(|e| explain_get_me_error(&e))?;
    Ok(me.username().to_string())
}

/// Why `getMe` failed, and what to do: a rejected token is the operator's to fix.
pub fn explain_get_me_error(error: &RequestError) -> String {
    match error {
        RequestError::Api(ApiError::InvalidToken) => format!(
            "Telegram rejected TELOXIDE_TOKEN (revoked or mistyped?): {}",
            TOKEN_HELP
        ),
        other => format!("cannot reach the Telegram Bot API: {other}"),
    }
}
