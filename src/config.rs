//! Settings from the environment, handed down to the layer that uses them,
//! with errors a person can act on. Every variable is listed in docs/operator.md.

use std::ops::RangeBounds;
use std::path::PathBuf;
use std::str::FromStr;
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
        fail_after: health_fail_after(&var)?,
    })
}

/// `BOT_HEALTH_FAIL_AFTER`: how long the bot may go without reaching Telegram.
fn health_fail_after(var: &impl Fn(&str) -> Option<String>) -> Result<Duration, String> {
    let must_be = "a whole number of seconds from 1";
    let seconds = number_in(var, "BOT_HEALTH_FAIL_AFTER", 1..=86_400, must_be)?;
    Ok(Duration::from_secs(
        seconds.unwrap_or(DEFAULT_HEALTH_FAIL_AFTER_SECS),
    ))
}

/// The variable `name` as a number in `range`; `None` when it is unset.
/// Anything else is refused as "`name` must be `must_be`, not …".
fn number_in<T: FromStr + PartialOrd>(
    var: &impl Fn(&str) -> Option<String>,
    name: &str,
    range: impl RangeBounds<T>,
    must_be: &str,
) -> Result<Option<T>, String> {
    let Some(text) = var(name) else {
        return Ok(None);
    };
    match text.parse::<T>() {
        Ok(number) if range.contains(&number) => Ok(Some(number)),
        _ => Err(format!("{name} must be {must_be}, not {text:?}")),
    }
}

/// The variable `name` as one of the `words`, each with what it stands
/// for; `None` when it is unset. Anything else is refused, naming the words.
fn one_of<T: Clone>(
    var: &impl Fn(&str) -> Option<String>,
    name: &str,
    words: &[(&str, T)],
) -> Result<Option<T>, String> {
    let Some(text) = var(name) else {
        return Ok(None);
    };
    if let Some((_, value)) = words.iter().find(|(word, _)| *word == text) {
        return Ok(Some(value.clone()));
    }
    let names: Vec<&str> = words.iter().map(|(word, _)| *word).collect();
    let listed = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.concat(),
    };
    Err(format!("{name} must be {listed}, not {text:?}"))
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
    let business_owners = user_ids("BOT_BUSINESS_OWNERS", var("BOT_BUSINESS_OWNERS").as_deref())?;
    let silence_hours = number_in(
        &var,
        "BOT_BUSINESS_SILENCE_HOURS",
        1..=720,
        "a whole number of hours from 1 to 720",
    )?
    .unwrap_or(crate::business::DEFAULT_SILENCE_HOURS);
    let durability = one_of(
        &var,
        "BOT_DURABILITY",
        &[
            ("flush", Durability::Flushed),
            ("background", Durability::Background),
        ],
    )?
    .unwrap_or(Durability::Flushed);
    let webhook = webhook(&var)?;
    let retention_days = number_in(
        &var,
        "BOT_RETENTION_DAYS",
        1..=36_500,
        "a whole number of days from 1",
    )?
    .unwrap_or(DEFAULT_RETENTION_DAYS);
    let rate_limits = one_of(
        &var,
        "BOT_RATE_LIMIT",
        &[("telegram", Some(TELEGRAM_PACING)), ("off", None)],
    )?
    .unwrap_or(Some(TELEGRAM_PACING));
    let storage = one_of(
        &var,
        "BOT_STORAGE",
        &[("sled", StorageKind::Sled), ("memory", StorageKind::Memory)],
    )?
    .unwrap_or(StorageKind::Sled);
    let clock = clock(&var, api_url.as_ref())?;
    let updates_in_flight = number_in(
        &var,
        "BOT_UPDATES_IN_FLIGHT",
        1..=100_000,
        "a whole number from 1",
    )?
    .unwrap_or(DEFAULT_UPDATES_IN_FLIGHT);
    let staff = match staff_chat(&var)? {
        None => None,
        Some(chat) => Some(Staff {
            chat: teloxide::types::ChatId(chat),
            lang: one_of(&var, "BOT_STAFF_LANG", &Lang::ALL.map(|l| (l.code(), l)))?
                .unwrap_or(Lang::Russian),
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
        business_owners,
        business: crate::business::Rules {
            silence: silence_hours * 3600,
        },
        health_fail_after: health_fail_after(&var)?,
        updates_in_flight,
    })
}

/// `BOT_WEBHOOK_URL` and what goes with it: updates by webhook, not polling.
fn webhook(var: &impl Fn(&str) -> Option<String>) -> Result<Option<WebhookSettings>, String> {
    let Some(text) = var("BOT_WEBHOOK_URL") else {
        return Ok(None);
    };
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
            "BOT_WEBHOOK_SECRET must be 1 to 256 characters: letters, digits, _ and -".into(),
        );
    }
    Ok(Some(WebhookSettings {
        url,
        listen,
        secret,
    }))
}

/// `BOT_TEST_ONLY_CLOCK_FILE`: the time from a file, for tests against a Bot
/// API on this machine (`api_url`) only; else the system's clock.
fn clock(
    var: &impl Fn(&str) -> Option<String>,
    api_url: Option<&url::Url>,
) -> Result<Clock, String> {
    let Some(path) = var("BOT_TEST_ONLY_CLOCK_FILE") else {
        return Ok(Clock::System);
    };
    let local = api_url
        .is_some_and(|url| matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")));
    if !local {
        return Err(
            "BOT_TEST_ONLY_CLOCK_FILE is for tests against a Bot API on this machine \
             (TELOXIDE_API_URL on 127.0.0.1); unset it"
                .into(),
        );
    }
    Ok(Clock::TestFile(path.into()))
}

/// `BOT_STAFF_CHAT`: a group's or supergroup's id. Those are negative; a
/// positive id is a person's private chat, which is no place for cards.
fn staff_chat(var: &impl Fn(&str) -> Option<String>) -> Result<Option<i64>, String> {
    number_in(
        var,
        "BOT_STAFF_CHAT",
        ..0,
        "the id of the office's group or supergroup: a negative number such as \
         -1001234567890 (Telegram Web shows it at the end of the group's address)",
    )
}

/// `BOT_ADMINS`: the staff's Telegram user ids, separated by commas or spaces.
pub fn admins(list: Option<&str>) -> Result<Vec<UserId>, String> {
    user_ids("BOT_ADMINS", list)
}

/// A list of Telegram user ids in the variable `name`, separated by
/// commas or spaces (`BOT_ADMINS`, `BOT_BUSINESS_OWNERS`).
fn user_ids(name: &str, list: Option<&str>) -> Result<Vec<UserId>, String> {
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
                    "{name} must be Telegram user ids (numbers, as @userinfobot shows them) \
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
    let coordinate = |name: &str, limit: f64| {
        number_in(
            &var,
            name,
            -limit..=limit,
            &format!("a number from -{limit} to {limit}"),
        )
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

    /// The operator's words for each number and word out of place: one
    /// helper writes them all, so each is pinned here.
    #[test]
    fn a_number_or_word_out_of_place_is_refused_naming_what_it_must_be() {
        for (name, value, must_be) in [
            ("BOT_DURABILITY", "fsync", "flush or background"),
            ("BOT_RATE_LIMIT", "none", "telegram or off"),
            ("BOT_STORAGE", "disk", "sled or memory"),
            ("BOT_RETENTION_DAYS", "0", "a whole number of days from 1"),
            ("BOT_UPDATES_IN_FLIGHT", "100001", "a whole number from 1"),
            (
                "BOT_HEALTH_FAIL_AFTER",
                "1.5",
                "a whole number of seconds from 1",
            ),
            (
                "BOT_BUSINESS_SILENCE_HOURS",
                "0",
                "a whole number of hours from 1 to 720",
            ),
        ] {
            let error = format!("{name} must be {must_be}, not \"{value}\"");
            assert_eq!(settings(&[(name, value)]).err(), Some(error));
        }
        let settings = settings(&[("BOT_RETENTION_DAYS", "36500"), ("BOT_STORAGE", "memory")]);
        let settings = settings.unwrap();
        assert_eq!(settings.retention, Duration::from_secs(36_500 * 24 * 3600));
        assert_eq!(settings.storage, StorageKind::Memory);
        assert_eq!(settings.business.silence, 12 * 3600, "12 hours unless set");
        assert!(settings.business_owners.is_empty());
        let business = super::tests::settings(&[
            ("BOT_BUSINESS_OWNERS", "42, 7"),
            ("BOT_BUSINESS_SILENCE_HOURS", "3"),
        ])
        .unwrap();
        assert_eq!(business.business_owners, [UserId(7), UserId(42)]);
        assert_eq!(business.business.silence, 3 * 3600);
        let error = super::tests::settings(&[("BOT_BUSINESS_OWNERS", "@firm")]).unwrap_err();
        assert!(
            error.starts_with("BOT_BUSINESS_OWNERS must be Telegram user ids"),
            "{error}"
        );
        let var = |name: &str| (name == "BOT_OFFICE_LONGITUDE").then(|| "180.5".to_string());
        let error = "BOT_OFFICE_LONGITUDE must be a number from -180 to 180, not \"180.5\"";
        assert_eq!(office(var).err().as_deref(), Some(error));
    }
}
