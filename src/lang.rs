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

/// The writing systems the bot tells apart in what a person types, to
/// guess their language where Telegram gives none (a client of the firm's
/// own account: [`crate::business`]). Cyrillic with one of the letters
/// only Kazakh has is told from Cyrillic alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// Cyrillic with ә, ғ, қ, ң, ө, ұ, ү, һ or і.
    KazakhCyrillic,
    Cyrillic,
    Latin,
    /// Chinese characters.
    Han,
    Arabic,
}

/// The letters Kazakh adds to the Cyrillic alphabet, both cases.
const KAZAKH_LETTERS: &str = "әғқңөұүһіӘҒҚҢӨҰҮҺІ";

impl Script {
    /// The script most of `text`'s letters are written in; `None` for a
    /// text without letters (digits, emoji, punctuation).
    pub fn of(text: &str) -> Option<Script> {
        let (mut cyrillic, mut kazakh, mut latin, mut han, mut arabic) = (0, 0, 0, 0, 0);
        for c in text.chars() {
            match c {
                _ if KAZAKH_LETTERS.contains(c) => kazakh += 1,
                '\u{0400}'..='\u{04FF}' => cyrillic += 1,
                'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => latin += 1,
                '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => han += 1,
                '\u{0600}'..='\u{06FF}' => arabic += 1,
                _ => {}
            }
        }
        let cyrillic_script = if kazakh > 0 {
            Script::KazakhCyrillic
        } else {
            Script::Cyrillic
        };
        [
            (cyrillic + kazakh, cyrillic_script),
            (latin, Script::Latin),
            (han, Script::Han),
            (arabic, Script::Arabic),
        ]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        // The first of the most used wins a tie.
        .fold(
            None,
            |best: Option<(u32, Script)>, (count, script)| match best {
                Some((most, _)) if most >= count => best,
                _ => Some((count, script)),
            },
        )
        .map(|(_, script)| script)
    }
}

impl Lang {
    /// The language a text in `script` is answered in, of those the bot
    /// speaks: Kazakh for Kazakh Cyrillic, Russian for other Cyrillic,
    /// English for Latin. Chinese characters and the Arabic script (in
    /// which Kazakh is written in China) have no language of their own yet:
    /// `None` until the bot speaks Chinese and Kazakh in the Arabic script.
    pub fn written_in(script: Script) -> Option<Lang> {
        match script {
            Script::KazakhCyrillic => Some(Lang::Kazakh),
            Script::Cyrillic => Some(Lang::Russian),
            Script::Latin => Some(Lang::English),
            Script::Han | Script::Arabic => None,
        }
    }

    /// The language of a person's text, by its script ([`Script::of`]).
    pub fn of_text(text: &str) -> Option<Lang> {
        Script::of(text).and_then(Lang::written_in)
    }
}

#[cfg(test)]
mod script_tests {
    use super::*;

    #[test]
    fn a_text_is_placed_by_the_script_of_most_of_its_letters() {
        assert_eq!(Script::of("Сәлеметсіз бе!"), Some(Script::KazakhCyrillic));
        assert_eq!(
            Script::of("Қандай құжаттар керек?"),
            Some(Script::KazakhCyrillic)
        );
        assert_eq!(
            Script::of("Здравствуйте, какие документы?"),
            Some(Script::Cyrillic)
        );
        assert_eq!(Script::of("Hello, which documents?"), Some(Script::Latin));
        assert_eq!(Script::of("你好，需要什么文件？"), Some(Script::Han));
        assert_eq!(Script::of("سالەمەتسىز بە"), Some(Script::Arabic));
        // A Latin word or two in a Russian sentence, a number, an emoji.
        assert_eq!(
            Script::of("Привет, нужен ВНЖ для PhD 2026 👍"),
            Some(Script::Cyrillic)
        );
        assert_eq!(Script::of("12.03.2031 👍"), None);
        assert_eq!(Script::of(""), None);
    }

    #[test]
    fn a_script_is_answered_in_a_language_the_bot_speaks_or_none() {
        assert_eq!(Lang::of_text("Сәлеметсіз бе"), Some(Lang::Kazakh));
        assert_eq!(Lang::of_text("Добрый день"), Some(Lang::Russian));
        assert_eq!(Lang::of_text("Good morning"), Some(Lang::English));
        assert_eq!(Lang::of_text("你好"), None);
        assert_eq!(Lang::of_text("سالەمەتسىز"), None);
        assert_eq!(Lang::of_text("🙂"), None);
    }
}
