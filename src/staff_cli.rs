//! The staff's tools on the command line, for when Telegram is not at hand:
//! `stats` (the figures of a stopped bot's store) and `link` (a deep link
//! and its QR code as a file to print).

use std::path::{Path, PathBuf};

use crate::calendar::kazakhstan_today;
use crate::commands::DeepLink;
use crate::content::Content;
use crate::images;
use crate::lang::Lang;
use crate::staff::tag_error;
use crate::stopped_store;
use crate::store::counters::Counters;
use crate::texts::Texts;

/// What `kz-residence-bot stats` prints: the figures `/stats` shows, from
/// the counters of a stopped bot's store, with `content`'s questions and
/// age; with `chart`, the chart written there.
pub fn stats(
    data_dir: &Path,
    lang: Lang,
    chart: Option<&Path>,
    content: &Content,
) -> Result<String, String> {
    let texts = &content.texts;
    let store = stopped_store::open(data_dir, |why| {
        // sled lets one process open the store: this one is the running bot's.
        format!(
            "{why}: the bot is running, and its figures are live in Telegram. \
             Send /stats to the bot in a private chat from an account listed in BOT_ADMINS."
        )
    })?;
    let counters = Counters::open(&store).map_err(|e| e.to_string())?;
    let today = kazakhstan_today();
    let figures = counters.figures(today).map_err(|e| e.to_string())?;
    let report = crate::staff::report(
        &figures,
        &content.amendments,
        content.folder.is_some(),
        today,
    );
    let mut out = texts.render_reply(lang, &report).text;
    out.push('\n');
    if let Some(path) = chart {
        let png = images::stats_chart(&figures, lang, texts).map_err(|e| e.to_string())?;
        write_file(path, &png)?;
        out.push_str(&format!("\nchart: {}\n", path.display()));
    }
    Ok(out)
}

/// What `kz-residence-bot link` was asked for.
pub struct LinkOrder {
    pub lang: Lang,
    pub tag: Option<String>,
    /// Where to write the QR code, if anywhere.
    pub qr: Option<PathBuf>,
    /// The bot's username; asked from the Bot API when not given.
    pub bot: Option<String>,
}

/// The Bot API to ask for the username: the token and another server's URL.
pub type Api = Option<(String, Option<url::Url>)>;

/// The deep link (first line, alone, for scripts), its language and tag, and
/// the QR code file when asked for.
pub fn link(order: &LinkOrder, api: Api, texts: &Texts) -> Result<String, String> {
    let link = DeepLink::new(order.lang, order.tag.as_deref()).map_err(|error| {
        let tag = order.tag.as_deref().unwrap_or_default();
        texts.render(Lang::English, &tag_error(tag, &error))
    })?;
    let username = match (&order.bot, api) {
        (Some(name), _) => checked_username(name)?,
        (None, Some((token, url))) => ask_username(&token, url)?,
        (None, None) => {
            return Err(
                "the link needs the bot's username: pass --bot USERNAME, or set \
                 TELOXIDE_TOKEN so it can be asked from Telegram"
                    .into(),
            );
        }
    };
    let url = link.url(&username);
    let mut out = format!(
        "{url}\nlanguage: {}, tag: {}\n",
        link.lang.code(),
        link.tag.as_deref().unwrap_or("(none)")
    );
    if let Some(path) = &order.qr {
        let png = images::qr::qr_png(&url).map_err(|e| e.to_string())?;
        write_file(path, &png)?;
        out.push_str(&format!(
            "QR code: {} (about {} px square, black on white with a quiet margin)\n",
            path.display(),
            images::qr::TARGET_SIDE_PX
        ));
    }
    Ok(out)
}

/// `@name` or `name`: 5 to 32 letters, digits or `_`, as Telegram allows.
fn checked_username(name: &str) -> Result<String, String> {
    let name = name.trim().trim_start_matches('@');
    let valid = (5..=32).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if valid {
        Ok(name.to_string())
    } else {
        Err(format!(
            "--bot must be the bot's username (5 to 32 letters, digits or _), not {name:?}"
        ))
    }
}

fn ask_username(token: &str, url: Option<url::Url>) -> Result<String, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(crate::telegram::bot_username(token, url))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
