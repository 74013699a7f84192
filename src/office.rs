//! The firm's office: the one place its contact details live.
//!
//! The address is written in each language in `locales/*/office.ftl`; the
//! phones are the same in every language and live here. What the guide does
//! not give (an e-mail address, coordinates) is configuration, read from
//! the environment at start and left out when unset.

use crate::reply::Localized;

/// The office phones, as the guide gives them. The first is the main one
/// (sent as a contact card). Written in international form so a phone turns them into tap-to-call links.
pub const PHONES: [&str; 2] = ["+7 727 266-61-50", "+7 778 423 57 38"];

/// A map search for the address: no coordinates are invented.
pub const DEFAULT_MAP_URL: &str =
    "https://www.google.com/maps/search/?api=1&query=Almaty%2C%20Maulenov%20street%20111";

#[derive(Clone, Debug, PartialEq)]
pub struct Office {
    pub phones: Vec<String>,
    /// The guide names an e-mail but gives no address: configured, or left out.
    pub email: Option<String>,
    pub map_url: String,
    /// Configured, or none: no coordinates are invented.
    pub coordinates: Option<(f64, f64)>,
    /// Opening hours in each language, when the firm gives them (the guide does not).
    pub hours: Option<Localized>,
}

impl Default for Office {
    fn default() -> Office {
        Office {
            phones: PHONES.iter().map(|p| p.to_string()).collect(),
            email: None,
            map_url: DEFAULT_MAP_URL.to_string(),
            coordinates: None,
            hours: None,
        }
    }
}

impl Office {
    /// A phone in the form `+77272666150`, for contact cards.
    pub fn dialable(phone: &str) -> String {
        phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    }
}
