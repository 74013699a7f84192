//! The bot's profile in each language: command menu, description, short description.

use teloxide::prelude::*;
use teloxide::types::BotCommand;

use crate::commands::{MENU, OFFICE_MENU_ENTRY};
use crate::lang::Lang;
use crate::reply::Msg;
use crate::staff::STAFF_MENU;
use crate::texts::Texts;

/// The language whose texts users of other languages see.
pub const DEFAULT_LANG: Lang = Lang::English;

/// Everyone's commands, described in `lang`; `/office` after `/contacts`
/// when there is an office to ask.
pub fn menu(lang: Lang, texts: &Texts, ask_office: bool) -> Vec<BotCommand> {
    let office = ask_office.then_some(&OFFICE_MENU_ENTRY);
    let entries = MENU.iter().flat_map(|entry| {
        let after = (entry.0 == "contacts").then_some(office).flatten();
        std::iter::once(entry).chain(after)
    });
    commands(entries, lang, texts)
}

/// The staff's commands, described in `lang`: only ever in an admin's own menu.
pub fn staff_menu(lang: Lang, texts: &Texts) -> Vec<BotCommand> {
    commands(STAFF_MENU.iter(), lang, texts)
}

fn commands<'a>(
    list: impl Iterator<Item = &'a (&'a str, &'static str)>,
    lang: Lang,
    texts: &Texts,
) -> Vec<BotCommand> {
    list.map(|(command, key)| BotCommand::new(*command, texts.render(lang, &Msg::new(key))))
        .collect()
}

/// Sets the command menu and descriptions for kk, ru, en and the default.
/// Failures are logged: the bot works without them.
pub async fn publish(bot: Bot, texts: &Texts, ask_office: bool) {
    let targets = Lang::ALL.into_iter().map(Some).chain([None]);
    for target in targets {
        let lang = target.unwrap_or(DEFAULT_LANG);
        let description = texts.render(lang, &Msg::new("bot-description"));
        let short = texts.render(lang, &Msg::new("bot-short-description"));
        let mut commands = bot.set_my_commands(menu(lang, texts, ask_office));
        let mut describe = bot.set_my_description().description(description);
        let mut short_describe = bot.set_my_short_description().short_description(short);
        if let Some(lang) = target {
            commands = commands.language_code(lang.code());
            describe = describe.language_code(lang.code());
            short_describe = short_describe.language_code(lang.code());
        }
        let code = target.map_or("default", Lang::code);
        if let Err(e) = commands.await {
            log::warn!("setMyCommands ({code}) failed: {e}");
        }
        if let Err(e) = describe.await {
            log::warn!("setMyDescription ({code}) failed: {e}");
        }
        if let Err(e) = short_describe.await {
            log::warn!("setMyShortDescription ({code}) failed: {e}");
        }
    }
}
