//! The staff's tools in Telegram: `/stats` (the figures and a chart) and
//! `/link` (a deep link and its QR code), for the users in `BOT_ADMINS` in a
//! private chat only, and the counting that feeds `/stats`.

use std::sync::Arc;

use teloxide::payloads::SendPhoto;
use teloxide::prelude::*;
use teloxide::types::{BotCommandScope, InputFile, Me, Recipient, UserId};

use super::app::App;
use super::send::send_replies;
use super::update::HandlerResult;
use crate::answers::Answers;
use crate::dialogue::{Event, Outcome, Session, Step};
use crate::images;
use crate::lang::Lang;
use crate::reply::{Msg, Reply};
use crate::staff::figures;
use crate::staff::tally::{self, Count, Tally};
use crate::staff::{self as core, StaffCommand};
use crate::store::ChatRecord;

/// A staff command from an admin in a private chat; `None` for anyone and
/// anything else, so for them these commands do not exist.
pub fn command(msg: Message, me: Me, app: Arc<App>) -> Option<StaffCommand> {
    let user = msg.from.as_ref()?;
    if !msg.chat.is_private() || !app.is_admin(user.id) || msg.forward_origin().is_some() {
        return None;
    }
    StaffCommand::parse(msg.text()?, Some(me.username()))
}

/// Answers an admin in their language: the one chosen in the bot, else their app's.
pub async fn on_command(
    bot: Bot,
    msg: Message,
    me: Me,
    state: ChatRecord,
    command: StaffCommand,
    app: Arc<App>,
) -> HandlerResult {
    let lang = state
        .session
        .reply_lang(super::update::client_lang(msg.from.as_ref()));
    answer(&bot, msg.chat.id, command, lang, &me, &app).await
}

async fn answer(
    bot: &Bot,
    chat_id: ChatId,
    command: StaffCommand,
    lang: Lang,
    me: &Me,
    app: &Arc<App>,
) -> HandlerResult {
    match command {
        StaffCommand::Stats => stats(bot, chat_id, lang, app).await,
        StaffCommand::Link(request) => match request.link(lang) {
            Ok(link) => {
                let url = link.url(me.username());
                let caption = app
                    .content()
                    .texts
                    .render(lang, &core::link_caption(&link, &url));
                let qr = {
                    let url = url.clone();
                    tokio::task::spawn_blocking(move || images::qr::qr_png(&url)).await??
                };
                log::info!("staff: a link and QR code for {url}");
                send_png(bot, chat_id, qr, "link-qr.png", caption, app).await
            }
            Err(why) => send_replies(bot, chat_id, lang, &[Reply::paragraph(why)], app, None)
                .await
                .map_err(Into::into),
        },
    }
}

async fn stats(bot: &Bot, chat_id: ChatId, lang: Lang, app: &Arc<App>) -> HandlerResult {
    // From the counters: no scan of the dialogues.
    let today = app.clock.today();
    let figures = app.counters.figures(today)?;
    log::info!("staff: statistics asked for");
    let content = app.content();
    let mut report = core::report(
        &figures,
        &content.amendments,
        content.folder.is_some(),
        today,
    );
    // The firm's own accounts, where the operator listed any.
    if !app.business.owners.is_empty() {
        let accounts = super::business::accounts(app);
        report
            .blocks
            .push(crate::reply::Block::Paragraph(core::business_accounts(
                &accounts,
            )));
    }
    send_replies(bot, chat_id, lang, &[report], app, None).await?;
    let chart = {
        // Drawing takes tens of milliseconds of CPU: off the async workers.
        let app = app.clone();
        tokio::task::spawn_blocking(move || {
            images::stats_chart(&figures, lang, &app.content().texts)
        })
        .await?
    };
    match chart {
        Ok(png) => {
            let caption = app
                .content()
                .texts
                .render(lang, &Msg::new(figures::CHART_TITLE));
            send_png(bot, chat_id, png, "statistics.png", caption, app).await
        }
        Err(e) => {
            log::error!("the statistics chart could not be drawn: {e}");
            let note = Reply::paragraph(Msg::new("stats-chart-failed"));
            Ok(send_replies(bot, chat_id, lang, &[note], app, None).await?)
        }
    }
}

async fn send_png(
    bot: &Bot,
    chat_id: ChatId,
    png: Vec<u8>,
    file_name: &'static str,
    caption: String,
    app: &App,
) -> HandlerResult {
    let photo = InputFile::memory(png).file_name(file_name);
    let request = SendPhoto::new(chat_id, photo).caption(caption);
    app.delivery.send_photo(bot, request).await?;
    Ok(())
}

/// Counts a consultation's start or result, before its step is stored, so
/// the chat's mark goes to disk with it. Counting never fails a reply.
pub fn count(app: &App, chat_id: ChatId, previous: &Session, outcome: &Outcome) {
    let Some(event) = outcome.event else {
        return;
    };
    let today = app.clock.today();
    let counted = match event {
        Event::Started => {
            let unanswered =
                previous.answers == Answers::default() && previous.step != Step::Result;
            let counts = tally::counts(Tally::Started, &outcome.session);
            app.counters.began(chat_id.0, today, &counts, unanswered)
        }
        Event::Finished => {
            let counts = tally::counts(Tally::Finished, &outcome.session);
            app.counters.finished(chat_id.0, today, &counts)
        }
        Event::Ticked | Event::RemindersOn => {
            let tally = match event {
                Event::Ticked => Tally::Ticked,
                _ => Tally::RemindersOn,
            };
            app.counters.add(today, &[Count::total(tally)]);
            Ok(())
        }
    };
    if let Err(e) = counted {
        log::error!(
            "chat {}: counting for the statistics failed: {e}",
            chat_id.0
        );
    }
}

/// The admin's command menu: everyone's commands and the staff's, in `lang`,
/// for their private chat only (its id is their user id).
pub async fn publish_menu(bot: &Bot, app: &App, admin: UserId, lang: Lang) {
    let content = app.content();
    let commands = super::profile::menu(lang, &content.texts, app.features().ask_office)
        .into_iter()
        .chain(super::profile::staff_menu(lang, &content.texts))
        .collect::<Vec<_>>();
    let scope = BotCommandScope::Chat {
        chat_id: Recipient::Id(ChatId(admin.0 as i64)),
    };
    let request = bot.set_my_commands(commands).scope(scope);
    if let Err(e) = app.delivery.retrying(request).await {
        log::warn!("setMyCommands for an admin ({}) failed: {e}", admin.0);
    }
}

/// When an admin changes language, their menu follows.
pub fn follow_language(
    bot: &Bot,
    app: &Arc<App>,
    chat_id: ChatId,
    before: Option<Lang>,
    after: Option<Lang>,
) {
    let Ok(user) = u64::try_from(chat_id.0) else {
        return;
    };
    let (Some(lang), true) = (after, after != before) else {
        return;
    };
    if !app.is_admin(UserId(user)) {
        return;
    }
    let (bot, app) = (bot.clone(), app.clone());
    tokio::spawn(async move { publish_menu(&bot, &app, UserId(user), lang).await });
}
