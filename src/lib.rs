//! kz-residence-bot: a consultation on the permit for permanent residence and
//! the residence permit card in Kazakhstan.
//!
//! The core is pure: [`rules`] (the guide), [`calendar`] (Kazakhstan's dates),
//! [`questions`] (what is asked, in which order), [`dialogue`] (the state
//! machine), [`advice`] (results as messages), [`reply`] (messages as data).
//! Around it: [`i18n`] (Fluent texts), [`office`] (contact details) and the
//! front ends, [`console`] and [`telegram`], with conversations kept by
//! [`storage`] and settings read by [`config`].

pub mod advice;
pub mod calendar;
pub mod config;
pub mod console;
pub mod dialogue;
pub mod i18n;
pub mod office;
pub mod privacy;
pub mod questions;
pub mod reply;
pub mod rules;
pub mod stats;
pub mod storage;
pub mod telegram;
