//! Settings from the environment, handed down to the layer that uses them,
//! with errors a person can act on. Every variable is listed in docs/operator.md.

use std::path::PathBuf;
use std::time::Duration;

use crate::clock::Clock;
use crate::lang::Lang;
use crate::office::Office;
use crate::store::Durability;
use crate::telegram::delivery::TELEGRAM_PACING;
use crate::telegram::health::HealthCheck;
use crate::telegram::{Settings, Staff, StorageKind, TOKEN_HELP, WebhookSettings};
use teloxide::types::UserId;

/// Where the Bot API is and the token to use it.
#[derive(Clone, Debug)]
pub struct Api {
    pub token: String,
    /// `TELOXIDE_API_URL`: another Bot API server (a local one, or a fake one in tests).
    pub url: Option<url::Url>,
}

pub const DEFAULT_LISTEN_ADDR: &str = "0.0.0.0:8080";
pub const DEFAULT_RETENTION_DAYS: u64 = 90;
pub const DEFAULT_HEALTH_FAIL_AFTER_SECS: u64 = 60;
pub const DEFAULT_UPDATES_IN_FLIGHT: usize = 32;

/// What `kz-residence-bot healthcheck` needs: read leniently, since it runs
/// in the bot's environment and must say "unhealthy", not fail to start.
pub fn health_check(var: impl Fn(&str) -> Option<String>) -> Result<HealthCheck, String> {
    let var = trimmed(var);
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

/// A variable's value, trimmed; unset and empty are the same.
fn trimmed(var: impl Fn(&str) -> Option<String>) -> impl Fn(&str) -> Option<String> {
    move |name| {
        var(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }
}

/// The process environment, as the functions below read it.
pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The Bot API to talk to: `TELOXIDE_TOKEN` and `TELOXIDE_API_URL`; `None`
/// when no token is set.
pub fn api(var: impl Fn(&str) -> Option<String>) -> Result<Option<Api>, String> {
    let var = trimmed(var);
    let Some(token) = var("TELOXIDE_TOKEN") else {
        return Ok(None);
    };
    if !token_looks_valid(&token) {
        return Err(format!(
            "TELOXIDE_TOKEN does not look like a bot token (digits, a colon, then letters): {TOKEN_HELP}"
        ));
    }
    let url = match var("TELOXIDE_API_URL") {
        None => None,
        Some(text) => Some(
            url::Url::parse(&text)
                .map_err(|e| format!("TELOXIDE_API_URL is not a URL ({e}): {text:?}"))?,
        ),
    };
    Ok(Some(Api { token, url }))
}

/// The Telegram bot's settings.
pub fn bot(var: impl Fn(&str) -> Option<String>) -> Result<Settings, String> {
    let var = trimmed(var);
    let Api {
        token,
        url: api_url,
    } = api(&var)?.ok_or_else(|| format!("TELOXIDE_TOKEN is not set: {TOKEN_HELP}"))?;
    let admins = admins(var("BOT_ADMINS").as_deref())?;
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
            let listen_text = var("BOT_LISTEN_ADDR").unwrap_or_else(|| DEFAULT_LISTEN_ADDR.into());
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
            Some(WebhookSettings {
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
                format!("BOT_RETENTION_DAYS must be a whole number of days from 1, not {text:?}")
            })?,
    };
    let rate_limits = match var("BOT_RATE_LIMIT").as_deref() {
        None | Some("telegram") => Some(TELEGRAM_PACING),
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
    let clock = match var("BOT_TEST_ONLY_CLOCK_FILE") {
        None => Clock::System,
        Some(path) => {
            let local = api_url.as_ref().is_some_and(|url| {
                matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
            });
            if !local {
                return Err(
                    "BOT_TEST_ONLY_CLOCK_FILE is for tests against a Bot API on this machine \
                     (TELOXIDE_API_URL on 127.0.0.1); unset it"
                        .into(),
                );
            }
            Clock::TestFile(path.into())
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
    let staff = match var("BOT_STAFF_CHAT") {
        None => None,
        Some(text) => Some(Staff {
            chat: teloxide::types::ChatId(staff_chat(&text)?),
            lang: match var("BOT_STAFF_LANG") {
                None => Lang::Russian,
                Some(code) => Lang::ALL
                    .into_iter()
                    .find(|l| l.code() == code)
                    .ok_or_else(|| format!("BOT_STAFF_LANG must be kk, ru or en, not {code:?}"))?,
            },
        }),
    };
    Ok(Settings {
        token,
        clock,
        api_url,
        data_dir: var("BOT_DATA_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| "data".into()),
        durability,
        webhook,
        retention: Duration::from_secs(retention_days * 24 * 3600),
        rate_limits,
        storage,
        content_dir: content_dir(&var),
        staff,
        admins,
        health_fail_after: health_fail_after(var("BOT_HEALTH_FAIL_AFTER"))?,
        updates_in_flight,
    })
}

/// `BOT_STAFF_CHAT`: a group's or supergroup's id. Those are negative; a
/// positive id is a person's private chat, which is no place for cards.
fn staff_chat(text: &str) -> Result<i64, String> {
    match text.parse::<i64>() {
        Ok(id) if id < 0 => Ok(id),
        _ => Err(format!(
            "BOT_STAFF_CHAT must be the id of the office's group or supergroup: a negative number \
             such as -1001234567890 (Telegram Web shows it at the end of the group's address), \
             not {text:?}"
        )),
    }
}

/// `BOT_ADMINS`: the staff's Telegram user ids, separated by commas or spaces.
pub fn admins(list: Option<&str>) -> Result<Vec<UserId>, String> {
    let mut admins = Vec::new();
    for item in list.unwrap_or("").split([',', ' ', ';']) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        match item.parse::<u64>() {
            Ok(id) if id > 0 => admins.push(UserId(id)),
            _ => {
                return Err(format!(
                    "BOT_ADMINS must be Telegram user ids (numbers, as @userinfobot shows them) \
                     separated by commas, such as 123456789,987654321; {item:?} is not one"
                ));
            }
        }
    }
    admins.sort();
    admins.dedup();
    Ok(admins)
}

/// The office: the guide's details, with what the guide does not give
/// (e-mail, map link, coordinates) from the environment; unset or empty
/// variables keep the defaults.
pub fn office(var: impl Fn(&str) -> Option<String>) -> Result<Office, String> {
    let var = trimmed(var);
    let coordinate = |name: &str, limit: f64| -> Result<Option<f64>, String> {
        match var(name) {
            None => Ok(None),
            Some(text) => match text.parse::<f64>() {
                Ok(value) if value.abs() <= limit => Ok(Some(value)),
                _ => Err(format!(
                    "{name} must be a number from -{limit} to {limit}, not {text:?}"
                )),
            },
        }
    };
    let coordinates = match (
        coordinate("BOT_OFFICE_LATITUDE", 90.0)?,
        coordinate("BOT_OFFICE_LONGITUDE", 180.0)?,
    ) {
        (Some(lat), Some(lon)) => Some((lat, lon)),
        (None, None) => None,
        _ => {
            return Err("set both BOT_OFFICE_LATITUDE and BOT_OFFICE_LONGITUDE, or neither".into());
        }
    };
    let defaults = Office::default();
    Ok(Office {
        email: var("BOT_OFFICE_EMAIL"),
        map_url: var("BOT_OFFICE_MAP_URL").unwrap_or(defaults.map_url),
        coordinates,
        ..defaults
    })
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

/// `BOT_CONTENT_DIR`: the firm's content folder, if any.
pub fn content_dir(var: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    trimmed(var)("BOT_CONTENT_DIR").map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, String> {
        let pairs: Vec<(String, String)> =
            [("TELOXIDE_TOKEN", "123456789:AAHabcdefghijklmnopqrstuvwxyz")]
                .iter()
                .chain(pairs)
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        bot(move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn the_staff_chat_is_a_group_and_the_cards_language_one_of_ours() {
        assert_eq!(settings(&[]).unwrap().staff, None);
        let staff = settings(&[("BOT_STAFF_CHAT", " -1001234567890 ")])
            .unwrap()
            .staff
            .unwrap();
        assert_eq!(staff.chat, teloxide::types::ChatId(-1001234567890));
        assert_eq!(
            staff.lang,
            Lang::Russian,
            "the office's language by default"
        );
        let english = settings(&[("BOT_STAFF_CHAT", "-42"), ("BOT_STAFF_LANG", "en")]).unwrap();
        assert_eq!(english.staff.unwrap().lang, Lang::English);
        for wrong in ["12345", "0", "office", "@office_group"] {
            let error = settings(&[("BOT_STAFF_CHAT", wrong)]).unwrap_err();
            assert!(error.contains("BOT_STAFF_CHAT"), "{wrong}: {error}");
        }
        let error = settings(&[("BOT_STAFF_CHAT", "-42"), ("BOT_STAFF_LANG", "de")]).unwrap_err();
        assert!(error.contains("kk, ru or en"), "{error}");
    }

    #[test]
    fn admins_are_user_ids_separated_by_commas_or_spaces() {
        assert_eq!(admins(None), Ok(vec![]));
        assert_eq!(admins(Some("")), Ok(vec![]));
        assert_eq!(
            admins(Some("987654321, 123456789 42,,123456789")),
            Ok(vec![UserId(42), UserId(123456789), UserId(987654321)])
        );
        for wrong in ["@staff_member", "12a", "-100123", "0", "1.5"] {
            let error = admins(Some(&format!("42,{wrong}"))).unwrap_err();
            assert!(
                error.contains("BOT_ADMINS must be Telegram user ids")
                    && error.contains(&format!("{wrong:?}")),
                "{error}"
            );
        }
    }

    #[test]
    fn a_malformed_admin_list_stops_the_bot_with_a_clear_error() {
        let var = |name: &str| match name {
            "TELOXIDE_TOKEN" => Some("123456789:AAHabcdefghijklmnopqrstuvwxyz".to_string()),
            "BOT_ADMINS" => Some("123, ann".to_string()),
            _ => None,
        };
        let error = bot(var).unwrap_err();
        assert!(error.contains("\"ann\" is not one"), "{error}");
    }
}
