//! kz-residence-bot: a consultation on the permit for permanent residence and
//! the residence permit card in Kazakhstan.
//!
//! The layers, each using only those below it. They are the parts of the
//! team's whiteboard (`shared/design/whiteboard.json`) and the rows of the
//! map in `docs/developer.md`, in the same words:
//! - **Rules** (core base, pure): [`rules`] (the guide as code, its two
//!   stages), [`calendar`] (Kazakhstan's dates), [`dates`] (dates as people
//!   type them), [`lang`], [`answers`], [`questions`] (each question defined
//!   once), [`route`] (which questions, in which order), [`parse`] (typed
//!   answers), [`labels`] (matching typed answers to buttons), [`reply`]
//!   (messages as data), [`companion`] (what is kept after the result),
//!   [`handover`] (a request to the office, as data), [`amendments`] (the
//!   firm's sources, added items and questions, dated changes) and
//!   [`conditions`] (when an item holds or a question is asked).
//! - **Dialogue** (core, top, pure): [`documents`] (the lists as the
//!   applicant gets them), [`advice`] (results as messages), [`office`],
//!   [`commands`], [`reminders`], [`dialogue`] (the state machine and its
//!   screens), [`staff`] (the staff's commands, links and figures) and
//!   [`business`] (the firm's own Telegram account: when the bot speaks
//!   for it, and what it says).
//! - **Texts**: [`texts`] renders the core's messages with Fluent;
//!   [`images`] draws the staff's QR codes and chart; [`pdf`] the printable
//!   checklist.
//! - **Content**: [`content`], the firm's content folder read and checked.
//! - **Store**: [`store`] keeps each chat's record in sled, sweeps old ones,
//!   keeps the staff's per-day counters; [`control`] is the socket through
//!   which `backup` asks the running bot.
//! - **Telegram**: [`telegram`], the teloxide adapter.
//! - **Console**: [`console`], [`staff_cli`] (the staff's `stats` and `link`
//!   on the command line), [`backup_cli`] (the operator's `backup` and
//!   `restore`) and [`stopped_store`] (a stopped bot's store opened for them).
//! - **Entry**: [`config`] reads the environment, [`clock`] is the bot's
//!   time source, [`private_log`] the logger that keeps personal data out;
//!   `main.rs` the command line.

pub mod advice;
pub mod amendments;
pub mod answers;
pub mod backup_cli;
pub mod business;
pub mod calendar;
pub mod clock;
pub mod commands;
pub mod companion;
pub mod conditions;
pub mod config;
pub mod console;
pub mod content;
pub mod control;
pub mod dates;
pub mod dialogue;
pub mod documents;
pub mod handover;
pub mod images;
pub mod labels;
pub mod lang;
pub mod office;
pub mod parse;
pub mod pdf;
pub mod private_log;
pub mod questions;
pub mod reminders;
pub mod reply;
pub mod route;
pub mod rules;
pub mod staff;
pub mod staff_cli;
pub mod stopped_store;
pub mod store;
pub mod telegram;
pub mod texts;
