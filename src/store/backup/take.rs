//! Taking a backup while the bot runs: each tree copied by name, a batch
//! at a time, each batch between two of the bot's operations (see
//! [`super`] for why that copy is consistent).

use std::ops::Bound;
use std::time::Instant;

use super::{Backup, DIALOGUES, KEPT, Pauses, Tree, by_chat, stored};
use crate::store::erasures::ErasureLog;
use crate::store::record::FORMAT_VERSION;
use crate::store::{Store, StoreError, business, counters};

/// Chats read per pause of the bot: a batch reads a hundred-odd small
/// values, less than the flush a step waits for (docs/developer.md: Benchmark).
pub const CHATS_PER_PAUSE: usize = 128;
/// Counters read per pause.
const COUNTERS_PER_PAUSE: usize = 1024;

/// A backup while it is taken: a list for each kept tree, the erasure log
/// as it stood before anything was copied, and how the bot waited.
struct Copying {
    trees: Vec<Tree>,
    erasures: Option<ErasureLog>,
    pauses: Pauses,
}

impl Copying {
    fn new() -> Copying {
        Copying {
            trees: KEPT
                .iter()
                .map(|name| Tree {
                    name: name.to_string(),
                    entries: vec![],
                })
                .collect(),
            erasures: None,
            pauses: Pauses::default(),
        }
    }

    /// The list of the tree named `name`, one of [`KEPT`].
    fn list(&mut self, name: &str) -> &mut Tree {
        self.trees
            .iter_mut()
            .find(|t| t.name == name)
            .expect("a list for every kept tree")
    }
}

type Range = (Bound<Vec<u8>>, Bound<Vec<u8>>);

fn read_range(tree: &sled::Tree, range: Range, into: &mut Tree) -> Result<(), StoreError> {
    for item in tree.range(range) {
        let (k, v) = item?;
        into.entries.push((k.to_vec(), v.to_vec()));
    }
    Ok(())
}

/// Copies up to `limit` entries of `tree` from `from` on; returns the key
/// the next batch starts at, if any is left.
fn read_batch(
    tree: &sled::Tree,
    from: &[u8],
    limit: usize,
    into: &mut Tree,
) -> Result<Option<Vec<u8>>, StoreError> {
    for (read, item) in tree.range(from.to_vec()..).enumerate() {
        let (k, v) = item?;
        if read == limit {
            return Ok(Some(k.to_vec()));
        }
        into.entries.push((k.to_vec(), v.to_vec()));
    }
    Ok(None)
}

impl Store {
    /// A copy of the store (see [`super`] for how it stays consistent
    /// while the bot runs), taken at `taken_at`; and how the bot waited
    /// for it.
    pub fn backup(&self, taken_at: i64) -> Result<(Backup, Pauses), StoreError> {
        let mut copy = Copying::new();
        // Chats, a batch at a time, each batch with the same chats'
        // entries in every other tree keyed by chat.
        let with_the_chats: Vec<&str> = KEPT
            .into_iter()
            .filter(|&name| name != DIALOGUES && by_chat(name))
            .collect();
        self.copy_batches(DIALOGUES, &with_the_chats, CHATS_PER_PAUSE, &mut copy)?;
        // The day counters: sums that only grow, read a batch at a time.
        self.copy_batches(counters::COUNTERS, &[], COUNTERS_PER_PAUSE, &mut copy)?;
        // The firm's own account's connections: a handful.
        self.copy_batches(business::CONNECTIONS, &[], COUNTERS_PER_PAUSE, &mut copy)?;
        let backup = Backup {
            taken_at,
            store_format: FORMAT_VERSION,
            erasures: copy
                .erasures
                .unwrap_or_else(|| self.erasures.lock().clone()),
            trees: copy.trees,
        };
        Ok((backup, copy.pauses))
    }

    /// Copies the tree named `lead` into its list, `limit` entries per
    /// pause of the bot (the store's lock held for writing), and with each
    /// batch the same range of keys of the trees named `alongside` (keyed
    /// as `lead` is) into theirs.
    fn copy_batches(
        &self,
        lead: &str,
        alongside: &[&str],
        limit: usize,
        into: &mut Copying,
    ) -> Result<(), StoreError> {
        // The next batch starts at `from`.
        let mut from: Vec<u8> = Vec::new();
        loop {
            let paused = Instant::now();
            let live = self.live.write();
            // The log as it stands before anything is copied: erasures
            // noted from here on are after the backup, and a restore
            // re-applies them.
            into.erasures
                .get_or_insert_with(|| self.erasures.lock().clone());
            let upto = read_batch(stored(&live, lead), &from, limit, into.list(lead))?;
            let range: Range = (
                Bound::Included(from.clone()),
                upto.clone().map_or(Bound::Unbounded, Bound::Excluded),
            );
            for &name in alongside {
                read_range(stored(&live, name), range.clone(), into.list(name))?;
            }
            drop(live);
            into.pauses.add(paused.elapsed());
            match upto {
                Some(next) => from = next,
                None => return Ok(()),
            }
        }
    }

    /// Whether the store holds nothing a backup would.
    pub fn is_blank(&self) -> bool {
        let live = self.live();
        KEPT.iter().all(|name| stored(&live, name).is_empty())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::store::Durability;
    use crate::store::backup::Entry;

    /// Each kept tree's entries land in the backup's list of the same name,
    /// whole: every tree holds entries of its own (the value names the tree),
    /// more chats and counters than one batch reads, and chats in the other
    /// trees that have no dialogue. A copy that goes to another tree's list,
    /// or misses a batch, fails here.
    #[test]
    fn every_kept_tree_is_copied_into_the_list_of_its_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::open(dir.path(), Durability::Background).unwrap();
        let chats = 2 * CHATS_PER_PAUSE as i64 + 44;
        let counter_entries = COUNTERS_PER_PAUSE + 476;
        let mut written: HashMap<&str, Vec<Entry>> = HashMap::new();
        {
            let live = store.live();
            for (n, name) in KEPT.into_iter().enumerate() {
                // Found by sled's own name, not by the backup's table of trees.
                let tree: sled::Tree = if name == DIALOGUES {
                    (*live.db).clone()
                } else {
                    live.db.open_tree(name).unwrap()
                };
                let keys: Vec<Vec<u8>> = if name == counters::COUNTERS {
                    (0..counter_entries)
                        .map(|i| format!("day {i:05}").into_bytes())
                        .collect()
                } else {
                    // Group chats (negative ids) too; beside the dialogues,
                    // every tree skips some chats and holds one of its own.
                    (-20..chats)
                        .filter(|chat| name == DIALOGUES || chat % (n as i64 + 1) != 1)
                        .chain((name != DIALOGUES).then_some(chats + n as i64))
                        .map(|chat| chat.to_be_bytes().to_vec())
                        .collect()
                };
                let mut entries: Vec<Entry> = keys
                    .into_iter()
                    .enumerate()
                    .map(|(i, k)| (k, format!("{name} {i}").into_bytes()))
                    .collect();
                for (k, v) in &entries {
                    tree.insert(k, v.as_slice()).unwrap();
                }
                entries.sort();
                written.insert(name, entries);
            }
        }
        let (backup, pauses) = store.backup(0).unwrap();
        for name in KEPT {
            assert_eq!(
                backup.tree(name),
                written[name].as_slice(),
                "the tree {name}"
            );
        }
        assert_eq!(backup.trees.len(), KEPT.len());
        assert_eq!(
            pauses.count,
            3 + 2 + 1,
            "three batches of chats, two of counters, one of business connections"
        );
    }
}
