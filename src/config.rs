//! The bot's configuration, from the environment, with errors a person can act on.

use std::path::PathBuf;

use crate::storage::Durability;

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
        Ok(BotConfig {
            token,
            api_url,
            data_dir: var("BOT_DATA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| "data".into()),
            durability,
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
