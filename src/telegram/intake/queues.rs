//! Which update is handled next: each chat's in the order they came, one at
//! a time, up to `most` chats at once, the next ready chat first; a flood
//! from one private chat cut to its last update. No I/O: the intake's
//! listeners feed it and start what it hands out.

use std::collections::{HashMap, VecDeque};

use teloxide::types::{ChatId, Update};
use tokio::sync::oneshot;

/// More updates than this waiting in one private chat are a flood: all but
/// the newest are dropped and the newest is answered with a word about the
/// rest. An album (ten photos at most) is no flood.
pub const FLOOD: usize = 10;

/// An update taken in and not yet handled.
pub struct Held {
    pub update: Update,
    /// Older updates of its chat dropped in a flood in its favour.
    pub skipped: u32,
    /// Telegram counts it as delivered (a later `getUpdates` has confirmed
    /// it, or the webhook's POST has been answered), so it is the bot's to
    /// keep until it is handled.
    pub confirmed: bool,
    /// Webhook: the POST that brought it, answered once it is taken.
    pub ack: Option<oneshot::Sender<()>>,
}

impl Held {
    pub fn new(update: Update, confirmed: bool) -> Held {
        Held {
            update,
            skipped: 0,
            confirmed,
            ack: None,
        }
    }

    /// Telegram may forget it now: it is being handled, or dropped in a flood.
    fn taken(&mut self) {
        self.confirmed = true;
        if let Some(ack) = self.ack.take() {
            let _ = ack.send(());
        }
    }
}

/// An update to hand to the handlers now.
pub struct Start {
    pub update: Update,
    pub skipped: u32,
}

/// What is left when the bot stops taking updates.
#[derive(Debug, Default)]
pub struct Exit {
    /// The offset to confirm to Telegram: the first update of the last
    /// `getUpdates` batch not yet handled, or past the batch. Telegram
    /// offers everything from it again to the next start.
    pub offset: Option<u32>,
    /// Updates from that offset on that were handled (or dropped in a
    /// flood): the next start skips them when Telegram offers them again.
    pub handled: Vec<u32>,
    /// Updates Telegram counts as delivered and nobody handled: the next
    /// start handles them first.
    pub kept: Vec<Update>,
    /// Updates still being handled.
    pub in_flight: usize,
}

enum Ready {
    Chat(ChatId),
    /// An update with no chat (an inline query): no order to keep.
    Chatless(Box<Held>),
}

struct Chat {
    waiting: VecDeque<Held>,
    busy: bool,
    private: bool,
}

pub struct Queues {
    /// Chats handled at once, at most.
    most: usize,
    /// Chats with an update waiting or being handled.
    chats: HashMap<ChatId, Chat>,
    /// What may start, first come first: a chat is here once while it has
    /// an update waiting and none being handled.
    ready: VecDeque<Ready>,
    in_flight: usize,
    waiting: usize,
    /// The last `getUpdates` batch (ids ascending) and which are done:
    /// Telegram has not been told of it yet.
    latest: Vec<(u32, bool)>,
    /// The offset of the last `getUpdates` sent.
    asked_from: Option<u32>,
    stopping: bool,
}

fn mark_done(latest: &mut [(u32, bool)], id: u32) {
    if let Ok(i) = latest.binary_search_by_key(&id, |&(id, _)| id) {
        latest[i].1 = true;
    }
}

impl Queues {
    pub fn new(most: usize) -> Queues {
        Queues {
            most: most.max(1),
            chats: HashMap::new(),
            ready: VecDeque::new(),
            in_flight: 0,
            waiting: 0,
            latest: Vec::new(),
            asked_from: None,
            stopping: false,
        }
    }

    /// Updates taken in and not yet started.
    pub fn waiting(&self) -> usize {
        self.waiting
    }

    /// Updates taken in and not yet handled.
    pub fn held(&self) -> usize {
        self.waiting + self.in_flight
    }

    /// Whether to ask Telegram for another batch of `batch` updates: while
    /// fewer chats have updates here than twice the chats handled at once,
    /// so every place can be filled again as soon as it is free, and never
    /// beyond `most_held` updates in all. Counting updates alone (ask once
    /// half of 200 were handled) left each place idle in a burst where
    /// every chat sent several updates back to back: 200 updates were some
    /// 20 chats, then 11, for 32 places, and the bot waited on Telegram with
    /// its places empty.
    pub fn wants_batch(&self, batch: usize, most_held: usize) -> bool {
        self.held() + batch <= most_held && self.chats.len() < 2 * self.most
    }

    /// A `getUpdates` from `offset` is about to go out: it confirms the
    /// last batch, and whatever of it still waits is now the bot's to keep.
    pub fn asking(&mut self, offset: u32) {
        self.latest.clear();
        self.asked_from = Some(offset);
        for chat in self.chats.values_mut() {
            for held in &mut chat.waiting {
                held.confirmed = true;
            }
        }
        for ready in &mut self.ready {
            if let Ready::Chatless(held) = ready {
                held.confirmed = true;
            }
        }
    }

    /// The batch `getUpdates` answered with, in its order: `None` for an
    /// update done with already (unreadable, or handled before a restart).
    pub fn take_batch(&mut self, batch: Vec<(u32, Option<Update>)>) {
        self.latest = batch.iter().map(|(id, u)| (*id, u.is_none())).collect();
        self.latest.sort_unstable_by_key(|&(id, _)| id);
        for update in batch.into_iter().filter_map(|(_, u)| u) {
            self.hold(Held::new(update, false));
        }
    }

    /// Takes one update in behind its chat's others.
    pub fn hold(&mut self, mut held: Held) {
        let Some(chat) = held.update.chat() else {
            self.waiting += 1;
            self.ready.push_back(Ready::Chatless(Box::new(held)));
            return;
        };
        let (id, private) = (chat.id, chat.is_private());
        let chat = self.chats.entry(id).or_insert_with(|| Chat {
            waiting: VecDeque::new(),
            busy: false,
            private,
        });
        let in_ready = !chat.busy && !chat.waiting.is_empty();
        // A flood goes on while its survivor waits: the newest always wins.
        let flooding =
            chat.waiting.len() >= FLOOD || chat.waiting.back().is_some_and(|last| last.skipped > 0);
        if chat.private && flooding {
            for mut old in chat.waiting.drain(..) {
                held.skipped += 1 + old.skipped;
                old.taken();
                mark_done(&mut self.latest, old.update.id.0);
                self.waiting -= 1;
            }
        }
        chat.waiting.push_back(held);
        self.waiting += 1;
        if !chat.busy && !in_ready {
            self.ready.push_back(Ready::Chat(id));
        }
    }

    /// The next update to handle, if one may start now.
    pub fn start_next(&mut self) -> Option<Start> {
        if self.stopping || self.in_flight >= self.most {
            return None;
        }
        let mut held = match self.ready.pop_front()? {
            Ready::Chatless(held) => *held,
            Ready::Chat(id) => {
                let chat = self.chats.get_mut(&id).expect("a ready chat is held");
                chat.busy = true;
                chat.waiting
                    .pop_front()
                    .expect("a ready chat has one waiting")
            }
        };
        held.taken();
        self.waiting -= 1;
        self.in_flight += 1;
        Some(Start {
            update: held.update,
            skipped: held.skipped,
        })
    }

    /// A started update has been handled.
    pub fn finish(&mut self, chat: Option<ChatId>, update: u32) {
        self.in_flight -= 1;
        mark_done(&mut self.latest, update);
        let Some(id) = chat else { return };
        let Some(queue) = self.chats.get_mut(&id) else {
            return;
        };
        queue.busy = false;
        if queue.waiting.is_empty() {
            self.chats.remove(&id);
        } else {
            self.ready.push_back(Ready::Chat(id));
        }
    }

    /// Webhook: a POST has waited long enough; Telegram is answered, and
    /// the update, if still waiting, is the bot's to keep.
    pub fn confirm(&mut self, chat: Option<ChatId>, update: u32) {
        let matching = |held: &&mut Held| held.update.id.0 == update;
        let found = match chat.and_then(|id| self.chats.get_mut(&id)) {
            Some(queue) => queue.waiting.iter_mut().find(matching),
            None => self.ready.iter_mut().find_map(|ready| match ready {
                Ready::Chatless(held) if held.update.id.0 == update => Some(&mut **held),
                _ => None,
            }),
        };
        if let Some(held) = found {
            held.confirmed = true;
            held.ack = None;
        }
    }

    pub fn is_stopping(&self) -> bool {
        self.stopping
    }

    /// Nothing more starts; the webhook's POSTs still waiting are refused
    /// (their senders dropped), so Telegram sends them again later.
    pub fn stop(&mut self) {
        self.stopping = true;
        let refuse = |held: &mut Held| {
            if !held.confirmed {
                held.ack = None;
            }
        };
        for chat in self.chats.values_mut() {
            chat.waiting.iter_mut().for_each(refuse);
        }
        for ready in &mut self.ready {
            if let Ready::Chatless(held) = ready {
                refuse(held);
            }
        }
    }

    /// What is left, once stopped: see [`Exit`].
    pub fn exit(&mut self) -> Exit {
        let offset = match self.latest.iter().find(|(_, done)| !done) {
            Some(&(id, _)) => Some(id),
            None => self
                .latest
                .last()
                .map(|&(id, _)| id.wrapping_add(1))
                .or(self.asked_from),
        };
        let handled = self
            .latest
            .iter()
            .filter(|&&(id, done)| done && offset.is_some_and(|o| id >= o))
            .map(|&(id, _)| id)
            .collect();
        let mut kept = Vec::new();
        let chats = self.chats.values_mut().flat_map(|c| c.waiting.drain(..));
        let chatless = self.ready.drain(..).filter_map(|r| match r {
            Ready::Chatless(held) => Some(*held),
            Ready::Chat(_) => None,
        });
        for held in chats.chain(chatless).filter(|held| held.confirmed) {
            kept.push(held.update);
        }
        kept.sort_by_key(|u| u.id.0);
        self.waiting = 0;
        Exit {
            offset,
            handled,
            kept,
            in_flight: self.in_flight,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message(id: u32, chat: i64, text: &str) -> Update {
        let chat_json = if chat > 0 {
            json!({"id": chat, "type": "private", "first_name": "A"})
        } else {
            json!({"id": chat, "type": "supergroup", "title": "Office"})
        };
        // From text: teloxide reads an update's kind only from a reader or a string.
        serde_json::from_str(&json!({
            "update_id": id,
            "message": {"message_id": id, "date": 1764000000, "chat": chat_json,
                        "from": {"id": chat.abs(), "is_bot": false, "first_name": "A"}, "text": text}
        })
        .to_string())
        .unwrap()
    }

    fn inline(id: u32) -> Update {
        serde_json::from_str(
            &json!({
                "update_id": id,
                "inline_query": {"id": "q", "from": {"id": 5, "is_bot": false, "first_name": "A"},
                                 "query": "address", "offset": ""}
            })
            .to_string(),
        )
        .unwrap()
    }

    fn batch(updates: Vec<Update>) -> Vec<(u32, Option<Update>)> {
        updates.into_iter().map(|u| (u.id.0, Some(u))).collect()
    }

    fn started(queues: &mut Queues) -> Vec<(u32, u32)> {
        std::iter::from_fn(|| queues.start_next())
            .map(|s| (s.update.id.0, s.skipped))
            .collect()
    }

    #[test]
    fn a_chat_with_many_updates_waits_for_its_own_turn_only() {
        let mut queues = Queues::new(4);
        // Chat 1's five back to back, then chats 2 and 3.
        let mut updates: Vec<Update> = (1..=5).map(|i| message(i, 1, "x")).collect();
        updates.push(message(6, 2, "x"));
        updates.push(message(7, 3, "x"));
        queues.take_batch(batch(updates));
        assert_eq!(started(&mut queues), vec![(1, 0), (6, 0), (7, 0)]);
        assert_eq!(queues.waiting(), 4);
        // Chat 2 done: nothing of its own waits, so nothing starts.
        queues.finish(Some(ChatId(2)), 6);
        assert_eq!(started(&mut queues), vec![]);
        // Chat 1 done with its first: its second, in order.
        queues.finish(Some(ChatId(1)), 1);
        assert_eq!(started(&mut queues), vec![(2, 0)]);
        assert_eq!(queues.held(), 5);
    }

    #[test]
    fn a_batch_is_asked_for_while_fewer_chats_than_twice_the_places_have_updates() {
        let mut queues = Queues::new(4);
        // Four chats with nine updates each back to back: 36 held, for 4
        // places; four more chats could still be ready.
        let updates: Vec<Update> = (1..=36)
            .map(|i| message(i, i64::from((i - 1) / 9 + 1), "x"))
            .collect();
        queues.take_batch(batch(updates));
        assert!(queues.wants_batch(10, 1000));
        // Eight chats: enough to fill every place again at once.
        queues.take_batch(batch(
            (37..=40).map(|i| message(i, i as i64, "x")).collect(),
        ));
        assert!(!queues.wants_batch(10, 1000));
        // Never beyond the most updates held, whatever the chats.
        let mut queues = Queues::new(4);
        queues.take_batch(batch((1..=95).map(|i| message(i, -100, "staff")).collect()));
        assert!(queues.wants_batch(5, 100));
        assert!(!queues.wants_batch(6, 100));
    }

    #[test]
    fn no_more_chats_at_once_than_allowed() {
        let mut queues = Queues::new(2);
        queues.take_batch(batch((1..=5).map(|i| message(i, i as i64, "x")).collect()));
        assert_eq!(started(&mut queues), vec![(1, 0), (2, 0)]);
        queues.finish(Some(ChatId(1)), 1);
        assert_eq!(started(&mut queues), vec![(3, 0)]);
        // Inline queries have no chat: they queue like the rest.
        queues.take_batch(batch(vec![inline(6)]));
        queues.finish(Some(ChatId(2)), 2);
        queues.finish(Some(ChatId(3)), 3);
        assert_eq!(started(&mut queues), vec![(4, 0), (5, 0)]);
        queues.finish(Some(ChatId(4)), 4);
        assert_eq!(started(&mut queues), vec![(6, 0)]);
    }

    #[test]
    fn a_flood_from_a_private_chat_is_cut_to_its_newest_update() {
        let mut queues = Queues::new(8);
        let mut updates: Vec<Update> = (1..=100).map(|i| message(i, 1, "fwd")).collect();
        updates.push(message(101, 2, "/start"));
        queues.take_batch(batch(updates));
        // All hundred came in one batch: only the last is handled, with the count.
        assert_eq!(started(&mut queues), vec![(100, 99), (101, 0)]);
        queues.finish(Some(ChatId(1)), 100);
        // One being handled and ten waiting is no flood yet (an album).
        let mut queues = Queues::new(8);
        queues.take_batch(batch(vec![message(1, 1, "photo")]));
        assert_eq!(started(&mut queues), vec![(1, 0)]);
        queues.take_batch(batch((2..=11).map(|i| message(i, 1, "photo")).collect()));
        assert_eq!(started(&mut queues), vec![]);
        assert_eq!(queues.waiting(), 10);
        queues.take_batch(batch(vec![message(12, 1, "one more")]));
        assert_eq!(queues.waiting(), 1, "the eleventh waiting makes it a flood");
        queues.finish(Some(ChatId(1)), 1);
        assert_eq!(started(&mut queues), vec![(12, 10)]);
    }

    #[test]
    fn a_group_is_never_cut_short() {
        let mut queues = Queues::new(8);
        queues.take_batch(batch((1..=40).map(|i| message(i, -100, "staff")).collect()));
        assert_eq!(started(&mut queues), vec![(1, 0)]);
        assert_eq!(queues.waiting(), 39);
    }

    #[test]
    fn at_exit_the_unhandled_part_of_the_last_batch_stays_with_telegram() {
        let mut queues = Queues::new(8);
        queues.asking(1);
        // Chat 1: three back to back; chats 2 and 3 one each.
        let updates = vec![
            message(10, 1, "a"),
            message(11, 1, "b"),
            message(12, 2, "c"),
            message(13, 1, "d"),
            message(14, 3, "e"),
        ];
        queues.take_batch(batch(updates));
        assert_eq!(started(&mut queues), vec![(10, 0), (12, 0), (14, 0)]);
        queues.finish(Some(ChatId(1)), 10);
        queues.finish(Some(ChatId(3)), 14);
        assert_eq!(started(&mut queues), vec![(11, 0)]);
        queues.stop();
        queues.finish(Some(ChatId(1)), 11);
        assert_eq!(started(&mut queues), vec![], "nothing starts once stopping");
        let exit = queues.exit();
        // 12 is still being handled, 13 never started: Telegram keeps both
        // and offers 11 and 14 again, which the next start skips.
        assert_eq!(exit.offset, Some(12));
        assert_eq!(exit.handled, vec![14]);
        assert!(exit.kept.is_empty());
        assert_eq!(exit.in_flight, 1);
    }

    #[test]
    fn at_exit_updates_telegram_counts_as_delivered_are_kept() {
        let mut queues = Queues::new(1);
        queues.asking(1);
        queues.take_batch(batch(vec![message(10, 1, "a"), message(11, 2, "b")]));
        assert_eq!(started(&mut queues), vec![(10, 0)]);
        // The next getUpdates confirms 11 while it still waits.
        queues.asking(12);
        queues.take_batch(batch(vec![message(12, 3, "c")]));
        queues.stop();
        let exit = queues.exit();
        assert_eq!(exit.offset, Some(12));
        assert_eq!(exit.handled, Vec::<u32>::new());
        let kept: Vec<u32> = exit.kept.iter().map(|u| u.id.0).collect();
        assert_eq!(kept, vec![11]);
        // Handled all, asked again and nothing came: past everything.
        let mut queues = Queues::new(1);
        queues.asking(1);
        queues.take_batch(batch(vec![message(10, 1, "a")]));
        started(&mut queues);
        queues.finish(Some(ChatId(1)), 10);
        assert_eq!(queues.exit().offset, Some(11));
        queues.asking(11);
        queues.take_batch(vec![]);
        assert_eq!(queues.exit().offset, Some(11));
    }

    #[test]
    fn a_webhook_post_is_answered_when_its_update_starts_and_refused_at_stop() {
        let mut queues = Queues::new(1);
        let (first, mut first_answer) = oneshot::channel();
        let (second, mut second_answer) = oneshot::channel();
        let (third, mut third_answer) = oneshot::channel();
        for (update, ack) in [
            (message(1, 1, "a"), first),
            (message(2, 2, "b"), second),
            (message(3, 3, "c"), third),
        ] {
            queues.hold(Held {
                ack: Some(ack),
                ..Held::new(update, false)
            });
        }
        assert_eq!(started(&mut queues), vec![(1, 0)]);
        assert!(first_answer.try_recv().is_ok());
        assert!(second_answer.try_recv().is_err());
        // The second POST waited too long: answered, the update kept.
        queues.confirm(Some(ChatId(2)), 2);
        queues.stop();
        assert!(matches!(
            third_answer.try_recv(),
            Err(oneshot::error::TryRecvError::Closed)
        ));
        let kept: Vec<u32> = queues.exit().kept.iter().map(|u| u.id.0).collect();
        assert_eq!(kept, vec![2]);
    }
}
