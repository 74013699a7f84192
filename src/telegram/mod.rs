//! The Telegram front end: the handler tree around the core, with each
//! chat's record kept in the store.
//!
//! This file only names the rooms. Start-up and shutdown are in [`run`](mod@run)
//! (with [`signals`]); what the handlers share is [`app`], made from
//! [`settings`]; updates come in through [`intake`] (long polling or the
//! webhook), read in a shape teloxide knows by [`newer_bot_api`], are
//! routed by [`handlers`]' tree (run by [`dispatch`]), and a private chat's turn is
//! [`turn`]; replies go out through [`send`] and [`delivery`]; "Ask the
//! office" is [`handover`].

pub mod albums;
pub mod api;
pub mod app;
pub mod business;
pub mod buttons;
pub mod delivery;
pub mod dispatch;
pub mod handlers;
pub mod handover;
pub mod health;
pub mod housekeeping;
pub mod inline;
pub mod intake;
pub mod newer_bot_api;
pub mod profile;
pub mod redelivered;
pub mod reminders;
pub mod run;
pub mod send;
pub mod settings;
pub mod signals;
pub mod staff;
pub mod storage;
pub mod turn;
pub mod update;
pub mod upkeep;

pub use api::{bot_username, make_bot};
pub use app::App;
pub use handlers::schema;
pub use run::run;
pub use settings::{Settings, Staff, StorageKind, TOKEN_HELP, WebhookSettings};
