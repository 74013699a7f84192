//! Albums: Telegram sends each photo of an album (one `media_group_id`) as
//! an update of its own, a moment apart. They are one thing a person did,
//! so they get one answer: the first part is answered, the rest are not.
//! Kept in memory only, for a minute: the parts come within a second, and
//! after a restart at worst a second part is answered too.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use teloxide::types::ChatId;

/// How long an album's id is remembered.
const KEPT: Duration = Duration::from_secs(60);
/// Past this many chats remembered, those older than [`KEPT`] are dropped.
const PRUNE_ABOVE: usize = 1024;

#[derive(Default)]
pub struct Albums {
    /// Each chat's last album: its id and when its first part came.
    last: Mutex<HashMap<ChatId, (String, Instant)>>,
}

impl Albums {
    /// Whether this part of album `group` in `chat` is its first (the one to answer).
    pub fn first_part(&self, chat: ChatId, group: &str) -> bool {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, at)) = last.get(&chat)
            && seen == group
            && now.duration_since(*at) < KEPT
        {
            return false;
        }
        if last.len() >= PRUNE_ABOVE {
            last.retain(|_, (_, at)| now.duration_since(*at) < KEPT);
        }
        last.insert(chat, (group.to_string(), now));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_album_is_answered_once_per_chat_and_a_new_album_again() {
        let albums = Albums::default();
        let (one, two) = (ChatId(1), ChatId(2));
        assert!(albums.first_part(one, "a"));
        assert!(!albums.first_part(one, "a"));
        assert!(!albums.first_part(one, "a"));
        assert!(albums.first_part(two, "a"), "another chat's album");
        assert!(albums.first_part(one, "b"), "the next album");
        assert!(!albums.first_part(one, "b"));
    }
}
