//! What every handler shares: the content in force, the delivery of
//! replies, the store and the counters, and where the staff chat is now.
//! Built once by `run.rs`; every handler takes it as `Arc<App>`.

use std::sync::{Arc, RwLock};

use teloxide::types::{ChatId, Message, UserId};

use super::settings::Staff;
use super::{albums, delivery, profile};
use crate::clock::Clock;
use crate::content::Content;
use crate::lang::Lang;
use crate::store::Store;
use crate::store::counters::Counters;

/// What every handler shares: the content in force (texts, the labels
/// typed answers are matched against, the office, extra documents; swapped
/// whole on SIGHUP), the delivery of replies, the statistics' counters,
/// who the staff are and where their chat is now.
pub struct App {
    content: RwLock<Arc<Content>>,
    pub delivery: delivery::Delivery,
    pub clock: Clock,
    /// The store, when there is one (not with `BOT_STORAGE=memory`):
    /// reminders need it, so without it they are not offered.
    pub store: Option<Arc<Store>>,
    /// The office's chat, when configured, and where it is now.
    pub staff_chat: StaffChat,
    pub counters: Arc<Counters>,
    pub admins: Vec<UserId>,
    /// The albums whose first part each chat has been answered for.
    pub albums: albums::Albums,
    /// The firm's own accounts the bot may help, and how.
    pub business: Business,
}

/// The firm's own accounts (Telegram Business): whose the bot may help
/// (`BOT_BUSINESS_OWNERS`), its rules, and the connections it has asked
/// Telegram about and does not serve (asked once a run).
#[derive(Default)]
pub struct Business {
    pub owners: Vec<UserId>,
    pub rules: crate::business::Rules,
    pub not_served: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl Business {
    pub fn is_owner(&self, user: UserId) -> bool {
        self.owners.contains(&user)
    }
}

impl App {
    pub fn new(
        content: Content,
        delivery: delivery::Delivery,
        clock: Clock,
        store: Option<Arc<Store>>,
        staff: Option<Staff>,
        counters: Arc<Counters>,
        admins: Vec<UserId>,
    ) -> App {
        App {
            content: RwLock::new(Arc::new(content)),
            delivery,
            clock,
            store,
            staff_chat: StaffChat::new(staff),
            counters,
            admins,
            albums: albums::Albums::default(),
            business: Business::default(),
        }
    }

    /// The content in force now, with the texts of today (a message the
    /// firm dated switches on its day); a reload does not change what a
    /// handler already holds.
    pub fn content(&self) -> Arc<Content> {
        let current = self
            .content
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let today = self.clock.today();
        if current.texts_hold_on(today) {
            return current;
        }
        match current.on(today) {
            Ok(content) => {
                let content = Arc::new(content);
                *self.content.write().unwrap_or_else(|e| e.into_inner()) = content.clone();
                log::info!(
                    target: crate::private_log::CONTENT_TARGET,
                    "content: the texts in force on {today}"
                );
                content
            }
            Err(e) => {
                log::error!(
                    "content: the texts of {today} could not be built ({e}); the previous ones stay"
                );
                current
            }
        }
    }

    /// Puts `content` in force (a reload that passed its checks).
    pub fn replace_content(&self, content: Content) {
        *self.content.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(content);
    }

    /// What this bot offers besides messages.
    pub fn features(&self) -> crate::companion::Features {
        crate::companion::Features {
            pdf: true,
            reminders: self.store.is_some(),
            // The relay's mapping lives in the store: without it, no office.
            ask_office: self.staff_chat.get().is_some() && self.store.is_some(),
            date_picker: true,
        }
    }

    pub fn is_admin(&self, user: UserId) -> bool {
        self.admins.contains(&user)
    }
}

/// The office's chat and language, when configured. Its id follows the
/// group when Telegram upgrades it to a supergroup, which is a new chat
/// (see `handover/staff_chat.rs`, which moves the open requests along).
pub struct StaffChat {
    staff: RwLock<Option<Staff>>,
    /// Held while the staff chat is followed to its new id and its open
    /// requests moved there: whoever learns of the move second waits, so
    /// what it posts goes where the requests now are.
    moving: tokio::sync::Mutex<()>,
}

impl StaffChat {
    pub fn new(staff: Option<Staff>) -> StaffChat {
        StaffChat {
            staff: RwLock::new(staff),
            moving: tokio::sync::Mutex::new(()),
        }
    }

    /// The office's chat and language, where the chat is now.
    pub fn get(&self) -> Option<Staff> {
        *self.staff.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether updates from `chat` are the office's (never the questionnaire's).
    pub fn is(&self, chat: ChatId) -> bool {
        self.get().is_some_and(|staff| staff.chat == chat)
    }

    /// Whether a message is the office's: in its chat, or the first one in
    /// the supergroup that chat became (which announces where it came from).
    pub fn has(&self, message: &Message) -> bool {
        self.is(message.chat.id)
            || message
                .migrate_from_chat_id()
                .is_some_and(|&from| self.is(from))
    }

    /// Telegram says the group `from` is now the supergroup `to`: when
    /// `from` is the staff chat, its id is `to` from now on, and the guard
    /// returned is held while the open requests are moved; otherwise, or
    /// when it was followed already (by whoever held the guard before),
    /// nothing changes (`None`).
    pub async fn follow(
        &self,
        from: ChatId,
        to: ChatId,
    ) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        let moving = self.moving.lock().await;
        let mut staff = self.staff.write().unwrap_or_else(|e| e.into_inner());
        match staff.as_mut() {
            Some(staff) if staff.chat == from => {
                staff.chat = to;
                Some(moving)
            }
            _ => None,
        }
    }
}

/// The language an admin chose in the bot, else English.
pub fn admin_lang(store: Option<&Store>, admin: UserId) -> Lang {
    chosen_lang(store, admin).unwrap_or(profile::DEFAULT_LANG)
}

/// The language an admin chose in the bot, if any.
pub fn chosen_lang(store: Option<&Store>, admin: UserId) -> Option<Lang> {
    store
        .zip(i64::try_from(admin.0).ok())
        .and_then(|(store, chat)| store.read(chat).ok().flatten())
        .and_then(|record| record.session.lang)
}
