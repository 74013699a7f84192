//! kz-residence-bot: a consultation on the permit for permanent residence and
//! the residence permit card in Kazakhstan.
//!
//! The layers, each using only those below it:
//! - **Core**, pure (no I/O, no text): [`rules`] (the guide), [`calendar`]
//!   (Kazakhstan's dates), [`dates`] (dates as people type them), [`lang`], [`answers`], [`questions`] (each
//!   question defined once), [`route`] (which questions, in which order),
//!   [`parse`] (typed answers), [`labels`] (matching typed answers to
//!   buttons), [`reply`] (messages as data), [`advice`] (results as
//!   messages), [`office`], [`handover`] (a request to the office, as
//!   data), [`commands`], [`dialogue`] (the state machine and its screens),
//!   [`staff`] (the staff's commands, links and figures), [`amendments`]
//!   (the firm's sources, added items and questions, dated changes) and
//!   [`conditions`] (when an item holds or a question is asked).
//! - **Texts**: [`texts`] renders the core's messages with Fluent;
//!   [`images`] draws the staff's QR codes and chart.
//! - **Store**: [`store`] keeps each chat's record in sled, sweeps old ones,
//!   keeps the staff's per-day counters.
//! - **Front ends**: [`console`], [`telegram`], [`staff_cli`] (the
//!   staff's `stats` and `link` on the command line), [`backup_cli`] (the
//!   operator's `backup` and `restore`) and [`control`] (the socket
//!   `backup` reaches the running bot through).
//! - **Entry**: [`config`] reads the environment; `main.rs` the command line.

pub mod advice;
pub mod amendments;
pub mod answers;
pub mod backup_cli;
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
