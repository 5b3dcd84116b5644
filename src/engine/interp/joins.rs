//! Joining paths at merge points: states that agree on everything a rule tracks (tokens, the
//! order mark, moves, ...) and differ only in what they assumed about conditions.
//!
//! Assumptions only prune branches: a state that assumes less explores every path one that
//! assumes more explores, with the same events on each. So a state whose assumptions include
//! those of a state already explored at the same node (with the same tracked part) adds
//! nothing and is skipped (*subsumption*; findings unchanged). Long option-parsing `main`s
//! test dozens of independent flags twice each, so without more the incomparable assumption
//! sets still grow with the paths (kopano's `admin.cpp` `main`: 640 at one node). After
//! [`KEEP`] incomparable sets at one (node, tracked part), an arriving state is *widened*: it
//! keeps only the assumptions it shares with every set explored there, and that set replaces
//! the others. Each later arrival that is not subsumed shrinks it further, so a node sees at
//! most `KEEP` + (number of assumptions) states per tracked part: the cost grows with the
//! CFG's size times the tracked states, not with the paths.
//!
//! Widening forgets correlations (`if (f) .. if (f)`), so the widened state may walk a path no
//! execution takes; it happens only where [`KEEP`] sets were not enough, which none of the
//! testdata programs reaches.

use super::{Assumption, State};
use rustc_hash::FxHashMap;

/// Incomparable assumption sets explored at one (node, tracked part) before widening.
pub(super) const KEEP: usize = 16;

#[derive(Default)]
pub(super) struct Joins {
    /// Each (key, value) assumed somewhere in this walk, numbered.
    ids: FxHashMap<(std::rc::Rc<str>, bool), u32>,
    /// Per (node, fingerprint of the tracked part): the assumption sets explored there (sorted
    /// ids), at most [`KEEP`]; after widening, the one widened set.
    explored: FxHashMap<(usize, (u64, u64)), Entry>,
    /// States widened (for `--stats`).
    pub widened: usize,
}

#[derive(Default)]
struct Entry {
    sets: Vec<Vec<u32>>,
    widened: bool,
}

/// Is every element of sorted `a` in sorted `b`?
fn subset(a: &[u32], b: &[u32]) -> bool {
    let mut j = 0;
    for x in a {
        while j < b.len() && b[j] < *x {
            j += 1;
        }
        if j == b.len() || b[j] != *x {
            return false;
        }
        j += 1;
    }
    true
}

impl Joins {
    fn ids_of(&mut self, assumptions: &[Assumption]) -> Vec<u32> {
        let mut out: Vec<u32> = assumptions
            .iter()
            .map(|a| {
                let next = self.ids.len() as u32;
                *self.ids.entry((a.key.clone(), a.value)).or_insert(next)
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// Decides what of `st` arriving at merge node `node` is still to be explored: `false`
    /// when a state explored there covers it; otherwise `true`, with `st`'s assumptions
    /// possibly widened.
    pub(super) fn admit(&mut self, node: usize, tracked: (u64, u64), st: &mut State) -> bool {
        let set = self.ids_of(&st.assumptions);
        let entry = self.explored.entry((node, tracked)).or_default();
        if entry.sets.iter().any(|s| subset(s, &set)) {
            return false;
        }
        if !entry.widened && entry.sets.len() < KEEP {
            entry.sets.push(set);
            return true;
        }
        // Widen: keep what every set explored here also assumes.
        let keep: Vec<u32> = set
            .into_iter()
            .filter(|x| entry.sets.iter().all(|s| s.binary_search(x).is_ok()))
            .collect();
        entry.sets = vec![keep.clone()];
        entry.widened = true;
        self.widened += 1;
        let ids = &self.ids;
        st.assumptions.retain(|a| {
            ids.get(&(a.key.clone(), a.value))
                .is_some_and(|i| keep.binary_search(i).is_ok())
        });
        true
    }
}
