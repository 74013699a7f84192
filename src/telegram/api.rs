//! The Bot API client, and the one question asked of it before anything
//! else (`getMe`), with an answer written for the operator when it fails.

use teloxide::prelude::*;

use super::settings::TOKEN_HELP;

/// The Bot API client, pointed at `TELOXIDE_API_URL` when set.
pub fn make_bot(token: &str, api_url: Option<url::Url>) -> Bot {
    let bot = Bot::new(token);
    match api_url {
        Some(url) => bot.set_api_url(url),
        None => bot,
    }
}

/// The bot's username, asked from the Bot API (for links made outside the bot).
pub async fn bot_username(token: &str, api_url: Option<url::Url>) -> Result<String, String> {
    let me = make_bot(token, api_url)
        .get_me()
        .await
        .map_err(|e| explain_get_me_error(&e))?;
    Ok(me.username().to_string())
}

/// Why `getMe` failed, and what to do: a rejected token is the operator's to fix.
pub fn explain_get_me_error(error: &teloxide::RequestError) -> String {
    match error {
        teloxide::RequestError::Api(teloxide::ApiError::InvalidToken) => format!(
            "Telegram rejected TELOXIDE_TOKEN (revoked or mistyped?): {}",
            TOKEN_HELP
        ),
        other => format!("cannot reach the Telegram Bot API: {other}"),
    }
}
