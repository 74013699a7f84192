//! The firm's office: the one place its contact details live.
//!
//! The address is written in each language in `locales/*/office.ftl`; the
//! phones are the same in every language and live here. What the guide does
//! not give (an e-mail address, coordinates) is configuration, left out when unset.

/// The office phones, as the guide gives them. The first is the main one
/// (sent as a contact card). Written in international form so a phone turns them into tap-to-call links.
pub const PHONES: [&str; 2] = ["+7 727 266-61-50", "+7 778 423 57 38"];

/// A map search for the address: no coordinates are invented.
pub const DEFAULT_MAP_URL: &str =
    "https://www.google.com/maps/search/?api=1&query=Almaty%2C%20Maulenov%20street%20111";

#[derive(Clone, Debug, PartialEq)]
pub struct Office {
    pub phones: Vec<String>,
    /// `BOT_OFFICE_EMAIL`: the guide names an e-mail but gives no address.
    pub email: Option<String>,
    /// `BOT_OFFICE_MAP_URL`.
    pub map_url: String,
    /// `BOT_OFFICE_LATITUDE` and `BOT_OFFICE_LONGITUDE`, both or neither.
    pub coordinates: Option<(f64, f64)>,
}

impl Default for Office {
    fn default() -> Office {
        Office {
            phones: PHONES.iter().map(|p| p.to_string()).collect(),
            email: None,
            map_url: DEFAULT_MAP_URL.to_string(),
            coordinates: None,
        }
    }
}

impl Office {
    /// The office as configured by the environment; unset or empty variables keep the defaults.
    pub fn from_env() -> Result<Office, String> {
        Office::from_vars(|name| std::env::var(name).ok())
    }

    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Office, String> {
        let var = |name: &str| {
            var(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
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
                return Err(
                    "set both BOT_OFFICE_LATITUDE and BOT_OFFICE_LONGITUDE, or neither".into(),
                );
            }
        };
        Ok(Office {
            email: var("BOT_OFFICE_EMAIL"),
            map_url: var("BOT_OFFICE_MAP_URL").unwrap_or_else(|| DEFAULT_MAP_URL.to_string()),
            coordinates,
            ..Office::default()
        })
    }

    /// A phone in the form `+77272666150`, for contact cards.
    pub fn dialable(phone: &str) -> String {
        phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    }
}
