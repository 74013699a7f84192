//! The answers the bot depends on, read as Telegram gives them today:
//! `getUpdates` kept as raw JSON, each update to be brought into shape by
//! [`super::update`], and `getMe` read without the flags the Bot API calls
//! optional and teloxide-core 0.13 requires.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use teloxide::RequestError;
use teloxide::payloads::{GetMe, GetUpdates};
use teloxide::prelude::*;
use teloxide::requests::{JsonRequest, Payload};
use teloxide::types::Me;

/// `getMe`'s flags: optional in the Bot API ("returned only in getMe"),
/// required by teloxide-core 0.13's `Me`.
const ME_FLAGS: &str = "can_join_groups can_read_all_group_messages supports_inline_queries \
    can_connect_to_business has_main_web_app";

/// `getMe`'s answer read with the flags Telegram may leave out (and
/// without a username, which would make teloxide panic later).
pub fn me(mut raw: Value) -> Result<Me, serde_json::Error> {
    if let Some(fields) = raw.as_object_mut() {
        for flag in ME_FLAGS.split_whitespace() {
            fields.entry(flag).or_insert(Value::Bool(false));
        }
        if fields.get("username").is_none_or(Value::is_null) {
            log::warn!(
                "getMe gives the bot no username: links to the bot cannot be made, and commands addressed to it by name are not recognised"
            );
            fields.insert("username".into(), json!(""));
        }
    }
    Me::deserialize(&raw)
}

/// `getMe`, read by [`me`].
pub async fn get_me(bot: &Bot) -> Result<Me, RequestError> {
    let raw = JsonRequest::new(bot.clone(), Raw(GetMe::new())).await?;
    me(raw.clone()).map_err(|e| invalid(e, &raw))
}

/// `getUpdates`, each update left as Telegram sent it (for [`update`]).
pub async fn get_updates(bot: &Bot, request: GetUpdates) -> Result<Vec<Value>, RequestError> {
    match JsonRequest::new(bot.clone(), Raw(request)).await? {
        Value::Array(updates) => Ok(updates),
        other => Err(invalid(
            serde::de::Error::custom("getUpdates did not answer with a list"),
            &other,
        )),
    }
}

fn invalid(error: serde_json::Error, raw: &Value) -> RequestError {
    RequestError::InvalidJson {
        source: std::sync::Arc::new(error),
        raw: raw.to_string().into(),
    }
}

/// A teloxide request whose answer is kept as JSON, to be read here.
#[derive(Serialize)]
#[serde(transparent)]
struct Raw<P>(P);

impl<P: Payload> Payload for Raw<P> {
    type Output = Value;
    const NAME: &'static str = P::NAME;

    fn timeout_hint(&self) -> Option<Duration> {
        self.0.timeout_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_me_reads_without_the_flags_telegram_may_leave_out() {
        let answer = json!({"id": 1, "is_bot": true, "first_name": "Residence",
            "username": "kz_bot", "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": true, "has_topics_enabled": true, "can_manage_bots": false});
        assert!(
            Me::deserialize(&answer).is_err(),
            "teloxide-core 0.13 alone"
        );
        let read = me(answer).unwrap();
        assert_eq!(read.username(), "kz_bot");
        assert!(!read.has_main_web_app);
        let nameless = me(json!({"id": 1, "is_bot": true, "first_name": "Residence"})).unwrap();
        assert_eq!(nameless.username(), "");
    }
}
