//! The three languages the bot speaks.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[serde(rename = "kk")]
    Kazakh,
    #[serde(rename = "ru")]
    Russian,
    #[serde(rename = "en")]
    English,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Kazakh, Lang::Russian, Lang::English];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Kazakh => "kk",
            Lang::Russian => "ru",
            Lang::English => "en",
        }
    }

    /// Accepts `kk`, `ru`, `en` and regional forms such as `ru-RU` or `en_GB`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// Fluent key of the language's own name, as on its button.
    pub fn label(self) -> &'static str {
        match self {
            Lang::Kazakh => "language-kk",
            Lang::Russian => "language-ru",
            Lang::English => "language-en",
        }
    }
}
