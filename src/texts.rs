//! The words: Fluent files from `locales/`, compiled into the binary so a
//! deployment is one file, and the rendering of the core's [`Reply`]s into text.

use std::fmt::Write as _;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::labels::Labels;
use crate::lang::Lang;
use crate::questions;
use crate::reply::{Arg, Block, Msg, Reply};

/// The files every locale folder holds, embedded at build time.
macro_rules! locale_files {
    ($lang:literal) => {
        [
            (
                "common.ftl",
                include_str!(concat!("../locales/", $lang, "/common.ftl")),
            ),
            (
                "questions.ftl",
                include_str!(concat!("../locales/", $lang, "/questions.ftl")),
            ),
            (
                "results.ftl",
                include_str!(concat!("../locales/", $lang, "/results.ftl")),
            ),
            (
                "office.ftl",
                include_str!(concat!("../locales/", $lang, "/office.ftl")),
            ),
            (
                "telegram.ftl",
                include_str!(concat!("../locales/", $lang, "/telegram.ftl")),
            ),
            (
                "companion.ftl",
                include_str!(concat!("../locales/", $lang, "/companion.ftl")),
            ),
            (
                "handover.ftl",
                include_str!(concat!("../locales/", $lang, "/handover.ftl")),
            ),
            (
                "staff.ftl",
                include_str!(concat!("../locales/", $lang, "/staff.ftl")),
            ),
            (
                "dates.ftl",
                include_str!(concat!("../locales/", $lang, "/dates.ftl")),
            ),
            (
                "sources.ftl",
                include_str!(concat!("../locales/", $lang, "/sources.ftl")),
            ),
            (
                "content.ftl",
                include_str!(concat!("../locales/", $lang, "/content.ftl")),
            ),
            (
                "business.ftl",
                include_str!(concat!("../locales/", $lang, "/business.ftl")),
            ),
        ]
    };
}

/// `(file name, contents)` for each file of a locale.
pub fn locale_sources(lang: Lang) -> [(&'static str, &'static str); 12] {
    match lang {
        Lang::Kazakh => locale_files!("kk"),
        Lang::Russian => locale_files!("ru"),
        Lang::English => locale_files!("en"),
    }
}

/// A reply as text, with its buttons as (label, callback data) rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedReply {
    pub text: String,
    pub keyboard: Vec<Vec<(String, String)>>,
}

/// All translations, loaded once and shared by every chat.
pub struct Texts {
    bundles: [FluentBundle<FluentResource>; 3],
}

impl Texts {
    /// Parses the embedded Fluent files. Fails only if a file does not parse,
    /// which the test suite rules out.
    pub fn load() -> Result<Texts, String> {
        Texts::load_with(&[])
    }

    /// The embedded files, then `overrides` (Fluent sources, checked by
    /// [`crate::content`]) replacing messages of their language.
    pub fn load_with(overrides: &[(Lang, String)]) -> Result<Texts, String> {
        let bundle = |lang: Lang| -> Result<FluentBundle<FluentResource>, String> {
            let locale = lang
                .code()
                .parse()
                .map_err(|e| format!("locale {}: {e}", lang.code()))?;
            let mut bundle = FluentBundle::new_concurrent(vec![locale]);
            // Without this Telegram shows stray direction marks around every variable.
            bundle.set_use_isolating(false);
            for (file, source) in locale_sources(lang) {
                let resource = FluentResource::try_new(source.to_string())
                    .map_err(|(_, errors)| format!("locales/{}/{file}: {errors:?}", lang.code()))?;
                bundle.add_resource(resource).map_err(|errors| {
                    format!("locales/{}/{file}: duplicate keys {errors:?}", lang.code())
                })?;
            }
            Ok(bundle)
        };
        let mut bundles = [
            bundle(Lang::Kazakh)?,
            bundle(Lang::Russian)?,
            bundle(Lang::English)?,
        ];
        for (lang, source) in overrides {
            let resource = FluentResource::try_new(source.clone())
                .map_err(|(_, errors)| format!("an override in {}: {errors:?}", lang.code()))?;
            bundles[*lang as usize].add_resource_overriding(resource);
        }
        Ok(Texts { bundles })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        &self.bundles[lang as usize]
    }

    /// Every option's label (and every language's name) in all three
    /// languages, folded: what typed answers are matched against.
    pub fn labels(&self) -> Labels {
        let mut labels = Labels::default();
        let keys = questions::option_labels().chain(Lang::ALL.map(Lang::label));
        for key in keys {
            for lang in Lang::ALL {
                labels.add(key, &self.render(lang, &Msg::new(key)));
            }
        }
        labels
    }

    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundle(lang).has_message(key)
    }

    /// Translates a message, collecting what went wrong (a missing key or argument).
    pub fn render_checked(&self, lang: Lang, msg: &Msg, errors: &mut Vec<String>) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(msg.key).and_then(|m| m.value()) else {
            errors.push(format!("{}: no message {}", lang.code(), msg.key));
            return msg.key.to_string();
        };
        let mut args = FluentArgs::new();
        for (name, value) in &msg.args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.clone()),
                Arg::Number(number) => FluentValue::from(*number),
                Arg::Date(date) => {
                    FluentValue::from(self.render_checked(lang, &Msg::date_words(*date), errors))
                }
                Arg::Msg(inner) => FluentValue::from(self.render_checked(lang, inner, errors)),
                Arg::Localized(text) => FluentValue::from(text.get(lang).to_string()),
            };
            args.set(*name, value);
        }
        let mut fluent_errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&args), &mut fluent_errors);
        errors.extend(
            fluent_errors
                .into_iter()
                .map(|e| format!("{}: {}: {e}", lang.code(), msg.key)),
        );
        text.into_owned()
    }

    /// Translates a message; problems are logged, never shown as a crash.
    pub fn render(&self, lang: Lang, msg: &Msg) -> String {
        logging_errors(|errors| self.render_checked(lang, msg, errors))
    }

    pub fn render_reply_checked(
        &self,
        lang: Lang,
        reply: &Reply,
        errors: &mut Vec<String>,
    ) -> RenderedReply {
        let mut text = String::new();
        for block in &reply.blocks {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            match block {
                Block::Paragraph(msg) => text.push_str(&self.render_checked(lang, msg, errors)),
                Block::Numbered(items) => {
                    for (number, item) in items.iter().enumerate() {
                        if number > 0 {
                            text.push('\n');
                        }
                        let item = self.render_checked(lang, item, errors);
                        let _ = write!(text, "{}. {item}", number + 1);
                    }
                }
                Block::Lines(lines) => {
                    for (number, line) in lines.iter().enumerate() {
                        if number > 0 {
                            text.push('\n');
                        }
                        text.push_str(&self.render_checked(lang, line, errors));
                    }
                }
            }
        }
        let keyboard = reply
            .keyboard
            .iter()
            .map(|row| {
                row.iter()
                    .map(|b| {
                        (
                            self.render_checked(lang, &b.label, errors),
                            b.press.encode(),
                        )
                    })
                    .collect()
            })
            .collect();
        RenderedReply { text, keyboard }
    }

    /// Translates a reply; problems are logged, never shown as a crash.
    pub fn render_reply(&self, lang: Lang, reply: &Reply) -> RenderedReply {
        logging_errors(|errors| self.render_reply_checked(lang, reply, errors))
    }
}

fn logging_errors<T>(render: impl FnOnce(&mut Vec<String>) -> T) -> T {
    let mut errors = Vec::new();
    let rendered = render(&mut errors);
    for error in errors {
        log::error!("translation: {error}");
    }
    rendered
}
