//! The transition features whose parts are the tags of the word on top of
//! the stack and of the front of the buffer and small counts, kept in a
//! dense table indexed by the two tags.
//!
//! Ten templates (119, 128, 130, 132, 134, 136, 138, 162, 164 and 165) have
//! such parts. They fall into four groups, each depending on one or two
//! counts besides the tags ([`GROUPS`]). For each pair of tags,
//! [`TagPairTable`] holds one row per value of each group's counts: the
//! sum of the weights of the group's features. A transition adds one row
//! per group, from the pair's 376 bytes, instead of hashing ten keys and
//! looking each up in the transition model; a group whose counts are
//! beyond its rows (a word with four or more children on one side) has
//! its keys looked up as before.
//!
//! The table is filled by looking up every key it stands for in that
//! model, so that it gives exactly what the lookups give, including the
//! weights of a key that shares its check with a stored one.

use crate::hash::key;
use crate::perceptron::InlineWeights4;
use crate::tag::Tag;

/// Tag values of the table's index: every tag, then the value of no word
/// (`0xFFFF`, see `wp`).
const TAG_VALUES: usize = Tag::COUNT + 1;

/// The value of no word's tag in the features.
const NO_TAG: u64 = 0xFFFF;

/// Values of the bucketed distance between the two words (8: no word).
const DISTANCES: usize = 9;
/// Values of whether the stack top has a head.
const HAS_HEAD: usize = 2;
/// Values of the stack depth (capped at 4).
const DEPTHS: usize = 5;
/// Values of how near the end the buffer is.
const AT_END: usize = 3;

/// Children counts (valencies) that have rows: 0 to 3.
const VALENCIES: usize = 4;

/// Positions of the ten features in [`TagPairParts::keys`], named by
/// template, in template order.
pub(super) const F119: usize = 0;
pub(super) const F128: usize = 1;
pub(super) const F130: usize = 2;
pub(super) const F132: usize = 3;
pub(super) const F134: usize = 4;
pub(super) const F136: usize = 5;
pub(super) const F138: usize = 6;
pub(super) const F162: usize = 7;
pub(super) const F164: usize = 8;
pub(super) const F165: usize = 9;

/// A group of features that share their counts, and so their rows.
struct Group {
    /// The features' positions in [`TagPairParts::keys`].
    features: &'static [usize],
    /// Its rows per pair of tags: one per value of its counts.
    rows: usize,
}

/// The groups, in row order: the distance (templates 128, 130 and 132,
/// with 119, which has no count, riding along); the head flag and depth
/// (162, 164); the nearness to the end and the buffer front's left
/// children (165, 138); the stack top's right and left children (134,
/// 136).
const GROUPS: [Group; 4] = [
    Group { features: &[F119, F128, F130, F132], rows: DISTANCES },
    Group { features: &[F162, F164], rows: HAS_HEAD * DEPTHS },
    Group { features: &[F165, F138], rows: AT_END * VALENCIES },
    Group { features: &[F134, F136], rows: VALENCIES * VALENCIES },
];

/// First row of each group within a pair's rows.
const GROUP_STARTS: [usize; 4] =
    [0, GROUPS[0].rows, GROUPS[0].rows + GROUPS[1].rows, ROWS - GROUPS[3].rows];

/// Rows per pair of tags.
const ROWS: usize = GROUPS[0].rows + GROUPS[1].rows + GROUPS[2].rows + GROUPS[3].rows;

/// The parts of the ten features of one transition.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct TagPairParts {
    /// Tag value of the stack top (a tag index, or `0xFFFF` for none).
    pub(super) s0p: u64,
    /// Tag value of the buffer front.
    pub(super) n0p: u64,
    /// Bucketed distance between the two, 0 to 8.
    pub(super) distance: u64,
    /// 1 when the stack top has a head.
    pub(super) has_head: u64,
    /// Stack depth, at most 4.
    pub(super) depth: u64,
    /// 1 when the buffer front is the last word, plus 1 for an empty
    /// sentence.
    pub(super) at_end: u64,
    /// Right children of the stack top so far.
    pub(super) s0_rights: u64,
    /// Left children of the stack top so far.
    pub(super) s0_lefts: u64,
    /// Left children of the buffer front so far.
    pub(super) n0_lefts: u64,
}

impl TagPairParts {
    /// The keys of the ten features, in template order: 119, 128, 130,
    /// 132, 134, 136, 138, 162, 164, 165.
    pub(super) fn keys(&self) -> [u32; 10] {
        std::array::from_fn(|feature| self.key_of(feature))
    }

    /// The key of one of the ten features (its position in
    /// [`TagPairParts::keys`]).
    #[inline(always)]
    fn key_of(&self, feature: usize) -> u32 {
        let (s0p, n0p, d) = (self.s0p, self.n0p, self.distance);
        match feature {
            F119 => key(119, s0p, n0p, 0),
            F128 => key(128, s0p, d, 0),
            F130 => key(130, n0p, d, 0),
            F132 => key(132, s0p, n0p, d),
            F134 => key(134, s0p, self.s0_rights, 0),
            F136 => key(136, s0p, self.s0_lefts, 0),
            F138 => key(138, n0p, self.n0_lefts, 0),
            F162 => key(162, self.has_head, s0p, n0p),
            F164 => key(164, self.depth, s0p, n0p),
            _ => key(165, self.at_end, s0p, n0p),
        }
    }

    /// The row of each group within the group's rows; `None` for a group
    /// whose counts are beyond them.
    fn rows(&self) -> [Option<usize>; 4] {
        let small = |value: u64, values: usize| (value < values as u64).then_some(value as usize);
        let pair = |a: Option<usize>, b: Option<usize>, b_values: usize| Some(a? * b_values + b?);
        [
            small(self.distance, DISTANCES),
            pair(small(self.has_head, HAS_HEAD), small(self.depth, DEPTHS), DEPTHS),
            pair(small(self.at_end, AT_END), small(self.n0_lefts, VALENCIES), VALENCIES),
            pair(small(self.s0_rights, VALENCIES), small(self.s0_lefts, VALENCIES), VALENCIES),
        ]
    }
}

/// Index of a tag value in the table.
fn tag_index(value: u64) -> Option<usize> {
    if value == NO_TAG {
        Some(Tag::COUNT)
    } else {
        (value < Tag::COUNT as u64).then_some(value as usize)
    }
}

/// The tag value at an index of the table.
fn tag_value(index: usize) -> u64 {
    if index == Tag::COUNT { NO_TAG } else { index as u64 }
}

/// The rows of one transition's tag-pair features, from
/// [`TagPairTable::locate`].
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct TagPairRows {
    /// The rows to add, as indices into the table.
    rows: [u32; 4],
    /// How many of `rows` there are.
    len: u8,
}

/// The summed weights of the tag-pair features for every pair of tag
/// values and every value of each group's counts.
#[derive(Clone, Debug)]
pub(super) struct TagPairTable {
    /// `ROWS` rows per pair, pairs in (stack top, buffer front) order, each
    /// pair's rows in group order.
    weights: Vec<[i16; 4]>,
}

impl TagPairTable {
    /// Fills the table from the transition model, looking each key up
    /// once: the features of one tag and a count for each tag value, those
    /// of both tags for each pair.
    pub(super) fn new(transitions: &InlineWeights4) -> TagPairTable {
        type Row = [i16; 4];
        let weights_of =
            |parts: TagPairParts, feature: usize| transitions.weights_of(parts.key_of(feature));
        let sum_rows = |rows: &[Row]| {
            let mut sum = [0i16; 4];
            for row in rows {
                for (s, &w) in sum.iter_mut().zip(row) {
                    // At most four 12-bit weights: they fit 16 bits.
                    *s += w;
                }
            }
            sum
        };
        let tags = || (0..TAG_VALUES).map(tag_value);
        let base = TagPairParts::default();
        // Of the stack top's tag: 128 by distance, 134 and 136 by valency.
        let of_s0: Vec<([Row; DISTANCES], [Row; VALENCIES], [Row; VALENCIES])> = tags()
            .map(|s0p| {
                let parts = TagPairParts { s0p, ..base };
                (
                    std::array::from_fn(|d| {
                        weights_of(TagPairParts { distance: d as u64, ..parts }, F128)
                    }),
                    std::array::from_fn(|v| {
                        weights_of(TagPairParts { s0_rights: v as u64, ..parts }, F134)
                    }),
                    std::array::from_fn(|v| {
                        weights_of(TagPairParts { s0_lefts: v as u64, ..parts }, F136)
                    }),
                )
            })
            .collect();
        // Of the buffer front's tag: 130 by distance, 138 by valency.
        let of_n0: Vec<([Row; DISTANCES], [Row; VALENCIES])> = tags()
            .map(|n0p| {
                let parts = TagPairParts { n0p, ..base };
                (
                    std::array::from_fn(|d| {
                        weights_of(TagPairParts { distance: d as u64, ..parts }, F130)
                    }),
                    std::array::from_fn(|v| {
                        weights_of(TagPairParts { n0_lefts: v as u64, ..parts }, F138)
                    }),
                )
            })
            .collect();
        let mut weights = Vec::with_capacity(TAG_VALUES * TAG_VALUES * ROWS);
        for (s0p, (s0_distance, s0_rights, s0_lefts)) in tags().zip(&of_s0) {
            for (n0p, (n0_distance, n0_lefts)) in tags().zip(&of_n0) {
                let parts = TagPairParts { s0p, n0p, ..base };
                let both = weights_of(parts, F119);
                for d in 0..DISTANCES {
                    let with_d = weights_of(TagPairParts { distance: d as u64, ..parts }, F132);
                    weights.push(sum_rows(&[both, s0_distance[d], n0_distance[d], with_d]));
                }
                let heads: [Row; HAS_HEAD] = std::array::from_fn(|h| {
                    weights_of(TagPairParts { has_head: h as u64, ..parts }, F162)
                });
                let depths: [Row; DEPTHS] = std::array::from_fn(|d| {
                    weights_of(TagPairParts { depth: d as u64, ..parts }, F164)
                });
                for head in heads {
                    for depth in depths {
                        weights.push(sum_rows(&[head, depth]));
                    }
                }
                for e in 0..AT_END {
                    let end = weights_of(TagPairParts { at_end: e as u64, ..parts }, F165);
                    for n0_left in n0_lefts {
                        weights.push(sum_rows(&[end, *n0_left]));
                    }
                }
                for right in s0_rights {
                    for left in s0_lefts {
                        weights.push(sum_rows(&[*right, *left]));
                    }
                }
            }
        }
        debug_assert_eq!(weights.len(), TAG_VALUES * TAG_VALUES * ROWS);
        TagPairTable { weights }
    }

    /// The rows of `parts`, whose lines it starts loading; the keys of the
    /// features the table has no row for are appended to `keys` instead.
    #[inline]
    pub(super) fn locate(&self, parts: &TagPairParts, keys: &mut Vec<u32>) -> TagPairRows {
        let pair = tag_index(parts.s0p).zip(tag_index(parts.n0p));
        let start = pair.map(|(s0, n0)| (s0 * TAG_VALUES + n0) * ROWS);
        let rows = parts.rows();
        if let (Some(start), [Some(a), Some(b), Some(c), Some(d)]) = (start, rows) {
            // Every group has its row (the common case).
            let rows = [a, b, c, d];
            let at: [usize; 4] = std::array::from_fn(|g| start + GROUP_STARTS[g] + rows[g]);
            for at in at {
                if let Some(weights) = self.weights.get(at) {
                    crate::perceptron::prefetch(weights);
                }
            }
            return TagPairRows { rows: at.map(|at| at as u32), len: 4 };
        }
        let mut found = TagPairRows::default();
        let mut all_keys = None;
        for (g, row) in rows.into_iter().enumerate() {
            match start.zip(row) {
                Some((start, row)) => {
                    let at = start + GROUP_STARTS[g] + row;
                    if let Some(weights) = self.weights.get(at) {
                        crate::perceptron::prefetch(weights);
                    }
                    found.rows[found.len as usize] = at as u32;
                    found.len += 1;
                }
                None => {
                    let all = all_keys.get_or_insert_with(|| parts.keys());
                    keys.extend(GROUPS[g].features.iter().map(|&f| all[f]));
                }
            }
        }
        found
    }

    /// Adds the weights of the rows to `scores`.
    #[inline]
    pub(super) fn add(&self, rows: &TagPairRows, scores: &mut [i32; 4]) {
        for &at in &rows.rows[..rows.len as usize] {
            debug_assert!((at as usize) < self.weights.len());
            if let Some(w) = self.weights.get(at as usize) {
                for (s, &w) in scores.iter_mut().zip(w) {
                    *s += w as i32;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;

    /// Sum of the weights of `keys`, looked up one by one.
    fn looked_up(transitions: &InlineWeights4, keys: &[u32]) -> [i32; 4] {
        let mut scores = [0; 4];
        transitions.score(keys, &mut scores);
        scores
    }

    /// For tags and counts in and out of the rows' range, the rows plus
    /// the keys left to look up score as looking up all ten keys; and the
    /// keys are those the built-in model was trained with (each template
    /// has keys with weights).
    #[test]
    fn rows_and_left_keys_score_as_all_keys() {
        let transitions = &Pipeline::builtin().parser().transitions;
        let table = TagPairTable::new(transitions);
        let tags = [0, 7, 13, 22, Tag::COUNT as u64 - 1, NO_TAG];
        let mut checked = 0;
        let mut with_keys = 0;
        let mut weighted = 0;
        let mut feature_weighted = [false; 10];
        for &s0p in &tags {
            for &n0p in &tags {
                for distance in 0..10 {
                    for (has_head, depth) in [(0, 0), (1, 1), (0, 4), (1, 3)] {
                        for at_end in 0..3 {
                            for (s0_rights, s0_lefts, n0_lefts) in
                                [(0, 0, 0), (3, 1, 2), (4, 0, 1), (1, 7, 5), (2, 3, 3)]
                            {
                                let parts = TagPairParts {
                                    s0p,
                                    n0p,
                                    distance,
                                    has_head,
                                    depth,
                                    at_end,
                                    s0_rights,
                                    s0_lefts,
                                    n0_lefts,
                                };
                                let mut left = Vec::new();
                                let rows = table.locate(&parts, &mut left);
                                let mut scores = looked_up(transitions, &left);
                                table.add(&rows, &mut scores);
                                let all = looked_up(transitions, &parts.keys());
                                assert_eq!(scores, all, "{parts:?}");
                                checked += 1;
                                weighted += (all != [0; 4]) as usize;
                                for (seen, key) in feature_weighted.iter_mut().zip(parts.keys()) {
                                    *seen |= transitions.weights_of(key) != [0; 4];
                                }
                                with_keys += !left.is_empty() as usize;
                            }
                        }
                    }
                }
            }
        }
        // Both ways were taken: rows alone, and rows with keys of groups
        // beyond them (distance 9, valencies over 3).
        assert!(with_keys > 0 && with_keys < checked, "{with_keys} of {checked}");
        assert!(weighted > checked / 2, "{weighted} of {checked} with weights");
        // Each template's keys are the trained ones: some have weights.
        assert_eq!(feature_weighted, [true; 10]);
    }

    /// A group whose counts are beyond its rows, and every group when a
    /// tag is unknown, leave their keys to be looked up.
    #[test]
    fn out_of_range_counts_fall_back_to_their_keys() {
        let table = TagPairTable::new(&Pipeline::builtin().parser().transitions);
        let parts = TagPairParts { s0p: 3, n0p: 5, s0_rights: 4, ..TagPairParts::default() };
        let mut keys = Vec::new();
        let rows = table.locate(&parts, &mut keys);
        let all = parts.keys();
        assert_eq!(keys, [all[F134], all[F136]]);
        assert_eq!(rows.len, 3);
        let unknown_tag = TagPairParts { s0p: 200, ..parts };
        keys.clear();
        let rows = table.locate(&unknown_tag, &mut keys);
        assert_eq!(rows.len, 0);
        keys.sort_unstable();
        let mut all = unknown_tag.keys();
        all.sort_unstable();
        assert_eq!(keys, all);
    }
}
