//! The staff's statistics as the bot runs: counters per day (Kazakhstan's
//! calendar), so figures are read without scanning the dialogues (a scan
//! would make sled keep about 220 bytes per dialogue in memory for good).
//!
//! Increments go to memory and are written to the `counters` tree every
//! [`SAVE_EVERY`] and at shutdown, one batch for all of them: counting costs
//! a map update per event, and sled's log a few keys per interval rather
//! than a write per event. A crash loses at most the last interval's counts.
//!
//! A consultation is counted on the day it began, and so is its result (see
//! [`crate::staff::figures`]). For that each chat has a mark in the
//! `consultations` tree: the day its consultation began and whether it has
//! reached a result (which also keeps a result shown again from counting
//! twice). Marks are written with the dialogue, so they are on disk when it
//! is, and deleted with it (`/forget`, the privacy sweep).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDate;

use super::{ChatKey, Store, StoreError, key};
use crate::staff::figures::{self, Figures, Period, Tallies};
use crate::staff::tally::Count;

/// How often the running bot writes its counts.
pub const SAVE_EVERY: Duration = Duration::from_secs(5);

pub(super) const COUNTERS: &str = "counters";
pub(super) const MARKS: &str = "consultations";

/// Where a chat's current consultation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mark {
    began: NaiveDate,
    finished: bool,
}

impl Mark {
    fn encode(self) -> [u8; 5] {
        let mut bytes = [0u8; 5];
        bytes[..4].copy_from_slice(&day_number(self.began).to_be_bytes());
        bytes[4] = u8::from(self.finished);
        bytes
    }

    fn decode(bytes: &[u8]) -> Option<Mark> {
        let day = u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?);
        Some(Mark {
            began: from_day_number(day)?,
            finished: *bytes.get(4)? != 0,
        })
    }
}

fn day_number(day: NaiveDate) -> u32 {
    use chrono::Datelike;
    // Days since 1 January of year 1: positive for any date the bot sees.
    day.num_days_from_ce().max(0) as u32
}

fn from_day_number(number: u32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(number).ok()?)
}

/// A counter's key: the day, then the count's name, so a period is one range.
fn counter_key(day: NaiveDate, name: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(4 + name.len());
    key.extend_from_slice(&day_number(day).to_be_bytes());
    key.extend_from_slice(name.as_bytes());
    key
}

fn from_counter_key(bytes: &[u8]) -> Option<(NaiveDate, Count)> {
    let day = from_day_number(u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?))?;
    let count = Count::from_name(std::str::from_utf8(bytes.get(4..)?).ok()?)?;
    Some((day, count))
}

fn value(bytes: &[u8]) -> u64 {
    bytes.try_into().map(u64::from_be_bytes).unwrap_or(0)
}

pub struct Counters {
    /// `None` without a store (`BOT_STORAGE=memory`): `unsaved` then holds
    /// every count and `memory_marks` every mark, lost at exit like the
    /// dialogues.
    store: Option<Arc<Store>>,
    memory_marks: Mutex<HashMap<ChatKey, Mark>>,
    /// Increments not yet in the store's `counters` tree.
    unsaved: Mutex<BTreeMap<(NaiveDate, String), u64>>,
}

impl Counters {
    /// The counters kept in `store`'s database.
    pub fn open(store: &Arc<Store>) -> Result<Counters, StoreError> {
        Ok(Counters {
            store: Some(store.clone()),
            memory_marks: Mutex::default(),
            unsaved: Mutex::default(),
        })
    }

    /// Counters that live as long as the process.
    pub fn in_memory() -> Counters {
        Counters {
            store: None,
            memory_marks: Mutex::default(),
            unsaved: Mutex::default(),
        }
    }

    fn mark(&self, chat: ChatKey) -> Result<Option<Mark>, StoreError> {
        Ok(match &self.store {
            Some(store) => store
                .live()
                .marks
                .get(key(chat))?
                .and_then(|b| Mark::decode(&b)),
            None => lock(&self.memory_marks).get(&chat).copied(),
        })
    }

    fn set_mark(&self, chat: ChatKey, mark: Mark) -> Result<(), StoreError> {
        match &self.store {
            Some(store) => {
                store.live().marks.insert(key(chat), &mark.encode())?;
            }
            None => {
                lock(&self.memory_marks).insert(chat, mark);
            }
        }
        Ok(())
    }

    /// A consultation began in `chat` on `day`. When `unanswered_before`
    /// (the chat's previous consultation had no answer yet) and that one began
    /// the same day without a result, it is the same consultation, not a new
    /// one: people press /start twice, or open a second link.
    pub fn began(
        &self,
        chat: ChatKey,
        day: NaiveDate,
        counts: &[Count],
        unanswered_before: bool,
    ) -> Result<(), StoreError> {
        if unanswered_before
            && self
                .mark(chat)?
                .is_some_and(|m| m.began == day && !m.finished)
        {
            return Ok(());
        }
        self.set_mark(
            chat,
            Mark {
                began: day,
                finished: false,
            },
        )?;
        self.add(day, counts);
        Ok(())
    }

    /// The consultation in `chat` reached its result on `day`: counted on the
    /// day it began, once. One begun before counting existed counts on `day`.
    pub fn finished(
        &self,
        chat: ChatKey,
        day: NaiveDate,
        counts: &[Count],
    ) -> Result<(), StoreError> {
        let began = match self.mark(chat)? {
            Some(mark) if mark.finished => return Ok(()),
            Some(mark) => mark.began,
            None => day,
        };
        self.set_mark(
            chat,
            Mark {
                began,
                finished: true,
            },
        )?;
        self.add(began, counts);
        Ok(())
    }

    /// Adds one to each count on `day` (for events counted on their own day).
    pub fn add(&self, day: NaiveDate, counts: &[Count]) {
        let mut unsaved = lock(&self.unsaved);
        for count in counts {
            *unsaved.entry((day, count.name())).or_default() += 1;
        }
    }

    /// Writes the increments so far to the store, in one batch; returns how
    /// many counters changed. Not flushed here: sled's own flush (or the next
    /// step's) puts them on disk.
    pub fn save(&self) -> Result<usize, StoreError> {
        let Some(store) = &self.store else {
            return Ok(0);
        };
        let live = store.live();
        let tree = &live.counters;
        // Held while writing, so a reader never sees counts in neither place.
        let mut unsaved = lock(&self.unsaved);
        let mut batch = sled::Batch::default();
        for ((day, name), n) in unsaved.iter() {
            let key = counter_key(*day, name);
            let old = tree.get(&key)?.map_or(0, |v| value(&v));
            batch.insert(key, &(old + n).to_be_bytes());
        }
        tree.apply_batch(batch)?;
        let saved = unsaved.len();
        unsaved.clear();
        Ok(saved)
    }

    /// Every counter from `first` to `last` (inclusive), saved or not.
    /// Counters of names this build does not know are left out.
    pub fn read(&self, first: NaiveDate, last: NaiveDate) -> Result<Tallies, StoreError> {
        let unsaved = lock(&self.unsaved);
        let mut tallies = Tallies::new();
        if let Some(store) = &self.store {
            let live = store.live();
            let tree = &live.counters;
            let end = last.succ_opt().unwrap_or(last);
            let range = counter_key(first, "")..counter_key(end, "");
            for item in tree.range(range) {
                let (k, v) = item?;
                if let Some(at) = from_counter_key(&k) {
                    *tallies.entry(at).or_default() += value(&v);
                }
            }
        }
        for ((day, name), n) in unsaved.range((first, String::new())..) {
            if *day > last {
                break;
            }
            if let Some(count) = Count::from_name(name) {
                *tallies.entry((*day, count)).or_default() += n;
            }
        }
        Ok(tallies)
    }
}

impl Counters {
    /// The staff's figures for the last 30 days up to `today`.
    pub fn figures(&self, today: NaiveDate) -> Result<Figures, StoreError> {
        let tallies = self.read(figures::first_day(today, Period::Month), today)?;
        Ok(Figures::new(today, tallies))
    }
}

/// A poisoned lock still holds sound counts: a panic elsewhere cannot leave
/// a map half-updated here.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::tally::{By, Tally};
    use crate::store::Durability;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, d).unwrap()
    }

    fn started() -> Vec<Count> {
        vec![
            Count::total(Tally::Started),
            Count::new(Tally::Started, By::Tag(Some("expo".into()))),
        ]
    }

    fn finished() -> Vec<Count> {
        vec![Count::total(Tally::Finished)]
    }

    fn total(tallies: &Tallies, d: NaiveDate, tally: Tally) -> u64 {
        tallies.get(&(d, Count::total(tally))).copied().unwrap_or(0)
    }

    #[test]
    fn a_result_counts_on_the_day_its_consultation_began_and_only_once() {
        let counters = Counters::in_memory();
        counters.began(1, day(3), &started(), false).unwrap();
        counters.finished(1, day(5), &finished()).unwrap();
        // Shown again (another language, an edited answer): the same result.
        counters.finished(1, day(6), &finished()).unwrap();
        let tallies = counters.read(day(1), day(31)).unwrap();
        assert_eq!(total(&tallies, day(3), Tally::Started), 1);
        assert_eq!(total(&tallies, day(3), Tally::Finished), 1);
        assert_eq!(total(&tallies, day(5), Tally::Finished), 0);
        assert_eq!(
            tallies[&(
                day(3),
                Count::new(Tally::Started, By::Tag(Some("expo".into())))
            )],
            1
        );
    }

    #[test]
    fn starting_again_before_any_answer_the_same_day_is_the_same_consultation() {
        let counters = Counters::in_memory();
        counters.began(1, day(3), &started(), true).unwrap();
        counters.began(1, day(3), &started(), true).unwrap();
        assert_eq!(
            total(
                &counters.read(day(3), day(3)).unwrap(),
                day(3),
                Tally::Started
            ),
            1
        );
        // With answers given, or on another day, or after a result: a new one.
        counters.began(1, day(3), &started(), false).unwrap();
        counters.began(1, day(4), &started(), true).unwrap();
        counters.finished(1, day(4), &finished()).unwrap();
        counters.began(1, day(4), &started(), true).unwrap();
        let tallies = counters.read(day(3), day(4)).unwrap();
        assert_eq!(total(&tallies, day(3), Tally::Started), 2);
        assert_eq!(total(&tallies, day(4), Tally::Started), 2);
        assert_eq!(total(&tallies, day(4), Tally::Finished), 1);
    }

    #[test]
    fn counts_are_read_before_and_after_saving_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = crate::store::open(dir.path(), Durability::Background).unwrap();
            let counters = Counters::open(&store).unwrap();
            counters.began(7, day(10), &started(), false).unwrap();
            counters.began(8, day(11), &started(), false).unwrap();
            assert_eq!(counters.save().unwrap(), 4);
            counters.began(9, day(11), &started(), false).unwrap();
            counters.finished(9, day(12), &finished()).unwrap();
            let tallies = counters.read(day(10), day(11)).unwrap();
            assert_eq!(total(&tallies, day(10), Tally::Started), 1);
            assert_eq!(total(&tallies, day(11), Tally::Started), 2);
            assert_eq!(total(&tallies, day(11), Tally::Finished), 1);
            // Outside the range asked for.
            assert!(counters.read(day(12), day(31)).unwrap().is_empty());
            counters.save().unwrap();
            store.flush_now().unwrap();
        }
        let store = crate::store::open(dir.path(), Durability::Background).unwrap();
        let counters = Counters::open(&store).unwrap();
        let tallies = counters.read(day(1), day(31)).unwrap();
        assert_eq!(total(&tallies, day(11), Tally::Started), 2);
        assert_eq!(total(&tallies, day(11), Tally::Finished), 1);
        // The mark survived too: the result is not counted again.
        counters.finished(9, day(13), &finished()).unwrap();
        assert_eq!(
            total(
                &counters.read(day(1), day(31)).unwrap(),
                day(11),
                Tally::Finished
            ),
            1
        );
    }

    #[tokio::test]
    async fn forget_and_the_privacy_sweep_delete_the_chats_mark_with_its_dialogue() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::open(dir.path(), Durability::Background).unwrap();
        let counters = Counters::open(&store).unwrap();
        let record = crate::store::ChatRecord {
            touched: 1_000,
            ..Default::default()
        };
        for chat in [1, 2] {
            store.write(chat, &record).await.unwrap();
            counters.began(chat, day(3), &started(), false).unwrap();
            assert!(store.live().marks.get(key(chat)).unwrap().is_some());
        }
        store.remove(1).await.unwrap();
        let stored = store.raw(2).unwrap().unwrap();
        assert!(
            store
                .remove_if_unchanged(2, record.touched, &stored)
                .unwrap()
        );
        assert!(store.live().marks.is_empty());
        // The counts themselves stay: they name no chat.
        assert_eq!(
            total(
                &counters.read(day(3), day(3)).unwrap(),
                day(3),
                Tally::Started
            ),
            2
        );
    }

    #[test]
    fn names_this_build_does_not_know_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::open(dir.path(), Durability::Background).unwrap();
        let tree = store.live().counters.clone();
        tree.insert(
            counter_key(day(2), "opened:colour:red"),
            &5u64.to_be_bytes(),
        )
        .unwrap();
        tree.insert(counter_key(day(2), "started"), &3u64.to_be_bytes())
            .unwrap();
        let counters = Counters::open(&store).unwrap();
        let tallies = counters.read(day(1), day(3)).unwrap();
        assert_eq!(tallies.len(), 1);
        assert_eq!(total(&tallies, day(2), Tally::Started), 3);
    }
}
