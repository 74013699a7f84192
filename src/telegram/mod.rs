//! The Telegram front end: teloxide's dispatcher around the core, with the
//! conversation kept in sled.

pub mod commands;
pub mod handlers;
pub mod inline;
pub mod profile;
pub mod send;

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use teloxide::dispatching::dialogue::{ErasedStorage, Storage};
use teloxide::prelude::*;

use crate::config::BotConfig;
use crate::dialogue::Session;
use crate::i18n::Texts;
use crate::office::Office;
use crate::storage::{self, StoredState};

pub use handlers::schema;

/// What the bot stores per chat: the consultation, and when it last moved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatState {
    pub session: Session,
    /// Unix seconds of the last change (for the privacy sweep).
    #[serde(default)]
    pub touched: i64,
    /// Set by the storage when the stored bytes could not be read.
    #[serde(skip)]
    pub unreadable: bool,
}

impl StoredState for ChatState {
    fn unreadable() -> Self {
        ChatState {
            unreadable: true,
            ..ChatState::default()
        }
    }
}

/// What every handler shares: texts and office details, loaded once.
pub struct App {
    pub texts: Texts,
    pub office: Office,
}

/// Runs the bot by long polling until Ctrl-C.
pub async fn run(config: BotConfig, texts: Texts, office: Office) -> Result<(), String> {
    let store = storage::open(&config.data_dir, config.durability)?;
    let mut bot = Bot::new(config.token.clone());
    if let Some(url) = config.api_url.clone() {
        bot = bot.set_api_url(url);
    }
    let me = bot.get_me().await.map_err(|e| explain_get_me_error(&e))?;
    log::info!(
        "started as @{} with {} stored dialogues in {}",
        me.username(),
        store.len(),
        config.data_dir.display()
    );
    let app = Arc::new(App { texts, office });
    {
        let (bot, app) = (bot.clone(), app.clone());
        tokio::spawn(async move { profile::publish(bot, &app.texts).await });
    }
    let erased: Arc<ErasedStorage<ChatState>> = store.clone().erase();
    Dispatcher::builder(bot, schema())
        .dependencies(dptree::deps![erased, app])
        .default_handler(|update| async move {
            log::debug!(
                "ignored an update of a kind the bot does not use ({:?})",
                update.kind
            );
        })
        .error_handler(LoggingErrorHandler::with_custom_text("a handler failed"))
        .enable_ctrlc_handler()
        .build()
        .dispatch()
        .await;
    store.flush_now().map_err(|e| e.to_string())?;
    log::info!("stopped; all dialogues flushed to disk");
    Ok(())
}

fn explain_get_me_error(error: &teloxide::RequestError) -> String {
    match error {
        teloxide::RequestError::Api(teloxide::ApiError::InvalidToken) => format!(
            "Telegram rejected TELOXIDE_TOKEN (revoked or mistyped?): {}",
            crate::config::TOKEN_HELP
        ),
        other => format!("cannot reach the Telegram Bot API: {other}"),
    }
}
