//! Dependency parser: greedy arc-eager transitions scored by an averaged
//! perceptron, then a labeller that names each arc of the finished tree.
//!
//! The transition system builds a projective tree with no artificial root.
//! When the buffer is empty, the words left on the stack without a head are
//! joined under one of them (the first verb, else the first word), so the
//! result is always a single projective tree. Training uses the dynamic
//! oracle of Goldberg and Nivre (2012) with exploration after the first
//! epoch.

use crate::deprel::DepRel;
use crate::features::WordInfo;
use crate::hash::key;
use crate::model::{ModelError, Reader, Writer};
use crate::perceptron::{CompactWeights, InlineWeights4, KeyMap, Trainer};
use crate::tag::Tag;
use crate::tagger::{PAD, argmax, argmax_f32};

mod tag_pairs;

use tag_pairs::{
    F119, F128, F130, F132, F134, F138, F162, F165, TagPairParts, TagPairRows, TagPairTable,
};

const SHIFT: usize = 0;
const REDUCE: usize = 1;
const LEFT: usize = 2;
const RIGHT: usize = 3;
const N_ACTIONS: usize = 4;
const NONE: u32 = u32::MAX;

/// A trained parser and labeller.
#[derive(Clone, Debug)]
pub(crate) struct Parser {
    transitions: InlineWeights4,
    /// The summed weights of the transition features of two tags and
    /// small counts, filled from `transitions` (derived state, not in the
    /// model file).
    tag_pairs: TagPairTable,
    labels: CompactWeights,
    /// Labels fixed by the tags of the dependent and head and the arc's
    /// direction (`DT` left of `NN` is `det`), which skip the labeller.
    label_dict: KeyMap<u64, DepRel>,
}

/// Key of an arc in the label dictionary.
#[inline]
fn label_dict_key(dep: Tag, head: Option<Tag>, left: bool) -> u64 {
    let head = head.map_or(255, |t| t.index() as u64);
    (dep.index() as u64) << 16 | head << 1 | left as u64
}

/// Reusable buffers for parsing one sentence.
#[derive(Default)]
pub(crate) struct ParseScratch {
    state: State,
    keys: Vec<u32>,
    children: Children,
    /// Scores of the features of one position: [`buffer_features`] of each
    /// word, then [`stack_top_features`] of each word, then
    /// [`second_features`] of each word and of none.
    position_scores: Vec<[i32; N_ACTIONS]>,
    /// The rows of the next transition's tag-pair features (those without
    /// rows are in `keys`).
    tag_pair_rows: TagPairRows,
    /// The arcs [`Parser::label`] scores: the dependent and the end of its
    /// features in `keys`.
    arc_keys: Vec<(u32, u32)>,
}

/// Parser configuration.
#[derive(Default)]
struct State {
    n: usize,
    stack: Vec<u32>,
    in_stack: Vec<bool>,
    b: usize,
    heads: Vec<u32>,
    /// Leftmost and second leftmost child.
    lefts: Vec<[u32; 2]>,
    /// Rightmost and second rightmost child.
    rights: Vec<[u32; 2]>,
    n_lefts: Vec<u8>,
    n_rights: Vec<u8>,
}

impl State {
    fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.b = 0;
        self.heads.clear();
        self.heads.resize(n, NONE);
        self.in_stack.clear();
        self.in_stack.resize(n, false);
        self.lefts.clear();
        self.lefts.resize(n, [NONE; 2]);
        self.rights.clear();
        self.rights.resize(n, [NONE; 2]);
        self.n_lefts.clear();
        self.n_lefts.resize(n, 0);
        self.n_rights.clear();
        self.n_rights.resize(n, 0);
    }

    fn s0(&self) -> u32 {
        self.stack.last().copied().unwrap_or(NONE)
    }

    fn valid(&self) -> [bool; N_ACTIONS] {
        let has_s0 = !self.stack.is_empty();
        let has_b = self.b < self.n;
        let s0_has_head = has_s0 && self.heads[self.s0() as usize] != NONE;
        [has_b, s0_has_head, has_s0 && has_b && !s0_has_head, has_s0 && has_b]
    }

    fn add_arc(&mut self, head: u32, dep: u32) {
        self.heads[dep as usize] = head;
        let h = head as usize;
        if dep < head {
            self.lefts[h] = [dep, self.lefts[h][0]];
            self.n_lefts[h] = self.n_lefts[h].saturating_add(1);
        } else {
            self.rights[h] = [dep, self.rights[h][0]];
            self.n_rights[h] = self.n_rights[h].saturating_add(1);
        }
    }

    fn apply(&mut self, action: usize) {
        match action {
            SHIFT => {
                self.stack.push(self.b as u32);
                self.in_stack[self.b] = true;
                self.b += 1;
            }
            REDUCE => {
                if let Some(s) = self.stack.pop() {
                    self.in_stack[s as usize] = false;
                }
            }
            LEFT => {
                if let Some(s) = self.stack.pop() {
                    self.in_stack[s as usize] = false;
                    self.add_arc(self.b as u32, s);
                }
            }
            _ => {
                let s = self.s0();
                self.add_arc(s, self.b as u32);
                self.stack.push(self.b as u32);
                self.in_stack[self.b] = true;
                self.b += 1;
            }
        }
    }

    /// Dynamic-oracle cost of each action: gold arcs it makes unreachable.
    fn costs(&self, gold: &[u32]) -> [u32; N_ACTIONS] {
        let b = self.b;
        let s0 = self.s0();
        let mut costs = [0u32; N_ACTIONS];
        if b < self.n {
            // Dependents of b0 on the stack without a head.
            let deps_in_stack = self
                .stack
                .iter()
                .filter(|&&k| gold[k as usize] == b as u32 && self.heads[k as usize] == NONE)
                .count() as u32;
            let gh = gold[b] as usize;
            let head_in_stack = gh < self.n && self.in_stack[gh];
            costs[SHIFT] = deps_in_stack + head_in_stack as u32;
            if s0 != NONE {
                costs[RIGHT] =
                    deps_in_stack + (gh != s0 as usize && (head_in_stack || gh > b)) as u32;
            }
        }
        if s0 != NONE {
            let deps_in_buffer = (b..self.n).filter(|&k| gold[k] == s0).count() as u32;
            costs[REDUCE] = deps_in_buffer;
            let gh = gold[s0 as usize] as usize;
            costs[LEFT] = deps_in_buffer + (gh != b && gh > b) as u32;
        }
        costs
    }

    /// Gives every headless word a head: the words left on the stack are
    /// joined under the first verb among them, else the first of them.
    /// Returns the root.
    fn finish(&mut self, tags: &[Tag]) -> u32 {
        let headless: Vec<u32> =
            (0..self.n as u32).filter(|&i| self.heads[i as usize] == NONE).collect();
        let root = headless
            .iter()
            .copied()
            .find(|&i| tags.get(i as usize).is_some_and(|t| t.is_verb()))
            .or(headless.first().copied())
            .unwrap_or(0);
        for i in headless {
            if i != root {
                self.heads[i as usize] = root;
            }
        }
        root
    }
}

/// Bucketed distance.
fn dist_bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=7 => 5,
        8..=12 => 6,
        _ => 7,
    }
}

/// Word and tag hash of position `i` (or padding).
#[inline]
fn wp(ctx: &[WordInfo], tags: &[Tag], i: u32) -> (u64, u64) {
    if i == NONE {
        (ctx[0].lower, 0xFFFF)
    } else {
        (ctx[i as usize + PAD].lower, tags[i as usize].index() as u64)
    }
}

/// Keys of the transition features that depend only on the front of the
/// buffer (`b` and the two words after it) and the bias: the same for every
/// transition while `b` is the front, so that the parser scores them once
/// per word.
fn buffer_features(b: usize, n: usize, ctx: &[WordInfo], tags: &[Tag], keys: &mut Vec<u32>) {
    let at = |i: usize| if i < n { i as u32 } else { NONE };
    let (n0w, n0p) = wp(ctx, tags, at(b));
    let (n1w, n1p) = wp(ctx, tags, at(b + 1));
    let (_, n2p) = wp(ctx, tags, at(b + 2));
    keys.extend_from_slice(&[
        key(100, 0, 0, 0),
        key(104, n0w, 0, 0),
        key(105, n0p, 0, 0),
        key(106, n0w, n0p, 0),
        key(107, n1w, 0, 0),
        key(108, n1p, 0, 0),
        key(109, n1w, n1p, 0),
        key(111, n2p, 0, 0),
        key(120, n0p, n1p, 0),
        key(121, n0p, n1p, n2p),
    ]);
}

/// Keys of [`buffer_features`] per word.
const BUFFER_KEYS: usize = 10;

/// Keys of the transition features of the word on top of the stack alone.
fn stack_top_features(s0: u32, ctx: &[WordInfo], tags: &[Tag], keys: &mut Vec<u32>) {
    let (s0w, s0p) = wp(ctx, tags, s0);
    keys.extend_from_slice(&[key(101, s0w, 0, 0), key(102, s0p, 0, 0), key(103, s0w, s0p, 0)]);
}

/// Keys of [`stack_top_features`] per word.
const STACK_TOP_KEYS: usize = 3;

/// Key of the transition feature of the second word on the stack alone.
fn second_features(s1: u32, ctx: &[WordInfo], tags: &[Tag], keys: &mut Vec<u32>) {
    let (s1w, s1p) = wp(ctx, tags, s1);
    keys.push(key(160, s1w, s1p, 0));
}

/// Appends the keys of the transition features of `state` that depend on
/// more than one position or on the arcs built so far to `keys`, and
/// returns the parts of its tag-pair features ([`tag_pairs`]); their keys
/// are appended too, in template order, only `WITH_TAG_PAIRS`.
fn state_features<const WITH_TAG_PAIRS: bool>(
    state: &State,
    ctx: &[WordInfo],
    tags: &[Tag],
    keys: &mut Vec<u32>,
) -> TagPairParts {
    let n = state.n as u32;
    let s0 = state.s0();
    let s1 = if state.stack.len() >= 2 { state.stack[state.stack.len() - 2] } else { NONE };
    let at = |i: usize| if i < state.n { i as u32 } else { NONE };
    let n0 = at(state.b);
    let n1 = at(state.b + 1);
    let head = |i: u32| if i == NONE { NONE } else { state.heads[i as usize] };
    let lefts = |i: u32| if i == NONE { [NONE; 2] } else { state.lefts[i as usize] };
    let rights = |i: u32| if i == NONE { [NONE; 2] } else { state.rights[i as usize] };
    let s0h = head(s0);
    let s0h2 = head(s0h);
    let [s0l, s0l2] = lefts(s0);
    let [s0r, s0r2] = rights(s0);
    let [n0l, n0l2] = lefts(n0);
    let (s0w, s0p) = wp(ctx, tags, s0);
    let (_, s1p) = wp(ctx, tags, s1);
    let (n0w, n0p) = wp(ctx, tags, n0);
    let (_, n1p) = wp(ctx, tags, n1);
    let (s0hw, s0hp) = wp(ctx, tags, s0h);
    let (_, s0h2p) = wp(ctx, tags, s0h2);
    let (s0lw, s0lp) = wp(ctx, tags, s0l);
    let (_, s0l2p) = wp(ctx, tags, s0l2);
    let (s0rw, s0rp) = wp(ctx, tags, s0r);
    let (_, s0r2p) = wp(ctx, tags, s0r2);
    let (n0lw, n0lp) = wp(ctx, tags, n0l);
    let (_, n0l2p) = wp(ctx, tags, n0l2);
    let d = if s0 != NONE && n0 != NONE { dist_bucket((n0 - s0) as usize) } else { 8 };
    let (s0vl, s0vr) = if s0 == NONE {
        (0, 0)
    } else {
        (state.n_lefts[s0 as usize] as u64, state.n_rights[s0 as usize] as u64)
    };
    let n0vl = if n0 == NONE { 0 } else { state.n_lefts[n0 as usize] as u64 };
    let s0_has_head = (s0h != NONE) as u64;
    let depth = state.stack.len().min(4) as u64;
    let at_end = (n1 == NONE) as u64 + (n == 0) as u64;
    let parts = TagPairParts {
        s0p,
        n0p,
        distance: d,
        has_head: s0_has_head,
        depth,
        at_end,
        s0_rights: s0vr,
        s0_lefts: s0vl,
        n0_lefts: n0vl,
    };
    // Not computed for scoring, which takes these features' rows instead.
    let pair_keys = if WITH_TAG_PAIRS { parts.keys() } else { [0; 10] };
    keys.extend_from_slice(&[
        key(113, s0w ^ (s0p << 48), n0w, n0p),
        key(114, s0w, s0p, n0w),
        key(115, s0w, n0w, n0p),
        key(116, s0w, s0p, n0p),
        key(117, s0p, n0w, n0p),
        key(118, s0w, n0w, 0),
    ]);
    if WITH_TAG_PAIRS {
        keys.push(pair_keys[F119]);
    }
    keys.extend_from_slice(&[
        key(122, s0p, n0p, n1p),
        key(123, s0hp, s0p, n0p),
        key(124, s0p, s0lp, n0p),
        key(125, s0p, s0rp, n0p),
        key(126, s0p, n0p, n0lp),
        key(127, s0w, d, 0),
    ]);
    if WITH_TAG_PAIRS {
        keys.push(pair_keys[F128]);
    }
    keys.push(key(129, n0w, d, 0));
    if WITH_TAG_PAIRS {
        keys.push(pair_keys[F130]);
    }
    keys.push(key(131, s0w, n0w, d));
    if WITH_TAG_PAIRS {
        keys.push(pair_keys[F132]);
    }
    keys.push(key(133, s0w, s0vr, 0));
    if WITH_TAG_PAIRS {
        keys.extend_from_slice(&pair_keys[F134..=F138]);
    }
    keys.extend_from_slice(&[
        key(139, s0hw, 0, 0),
        key(140, s0hp, 0, 0),
        key(141, s0lw, 0, 0),
        key(142, s0lp, 0, 0),
        key(143, s0rw, 0, 0),
        key(144, s0rp, 0, 0),
        key(145, n0lw, 0, 0),
        key(146, n0lp, 0, 0),
        key(155, s0p, s0lp, s0l2p),
        key(156, s0p, s0rp, s0r2p),
        key(157, s0p, s0hp, s0h2p),
        key(158, n0p, n0lp, n0l2p),
        key(159, s1p, s0p, n0p),
        key(161, s1p, s0p, 0),
    ]);
    if WITH_TAG_PAIRS {
        keys.extend_from_slice(&pair_keys[F162..=F165]);
    }
    keys.push(key(166, s0_has_head, s1p, n0p));
    parts
}

/// Appends all the transition features of `state` to `keys` (54 templates
/// of the Zhang and Nivre kind).
fn transition_features(state: &State, ctx: &[WordInfo], tags: &[Tag], keys: &mut Vec<u32>) {
    let s1 = if state.stack.len() >= 2 { state.stack[state.stack.len() - 2] } else { NONE };
    buffer_features(state.b, state.n, ctx, tags, keys);
    stack_top_features(state.s0(), ctx, tags, keys);
    second_features(s1, ctx, tags, keys);
    state_features::<true>(state, ctx, tags, keys);
}

/// Children of each word in a finished tree, in order.
#[derive(Default)]
struct Children {
    start: Vec<u32>,
    list: Vec<u32>,
}

impl Children {
    fn build(&mut self, heads: &[u32]) {
        let n = heads.len();
        self.start.clear();
        self.start.resize(n + 2, 0);
        for &h in heads {
            if (h as usize) < n {
                self.start[h as usize + 2] += 1;
            }
        }
        for i in 2..n + 2 {
            self.start[i] += self.start[i - 1];
        }
        self.list.clear();
        self.list.resize(self.start[n + 1] as usize, 0);
        for (d, &h) in heads.iter().enumerate() {
            if (h as usize) < n {
                let slot = &mut self.start[h as usize + 1];
                self.list[*slot as usize] = d as u32;
                *slot += 1;
            }
        }
    }

    fn of(&self, i: usize) -> &[u32] {
        &self.list[self.start[i] as usize..self.start[i + 1] as usize]
    }
}

/// Appends the label features of the arc to `dep` to `keys`.
fn label_features(
    dep: usize,
    heads: &[u32],
    children: &Children,
    ctx: &[WordInfo],
    tags: &[Tag],
    keys: &mut Vec<u32>,
) {
    let n = heads.len();
    let h = heads[dep];
    let d = dep as u32;
    let (dw, dp) = wp(ctx, tags, d);
    let (hw, hp) = wp(ctx, tags, h);
    let g = if (h as usize) < n { heads[h as usize] } else { NONE };
    let (_, gp) = wp(ctx, tags, if g as usize >= n { NONE } else { g });
    let left = (d < h) as u64;
    let dist = dist_bucket((d as i64 - h as i64).unsigned_abs() as usize);
    let dinfo = &ctx[dep + PAD];
    let kids = children.of(dep);
    let (lw, lp) = wp(ctx, tags, kids.first().copied().unwrap_or(NONE));
    let (rw, rp) = wp(ctx, tags, kids.last().copied().unwrap_or(NONE));
    let prev_p = if dep > 0 { tags[dep - 1].index() as u64 } else { 0xFFFF };
    let next_p = if dep + 1 < n { tags[dep + 1].index() as u64 } else { 0xFFFF };
    let siblings = if (h as usize) < n { children.of(h as usize) } else { &[] };
    let (between_same_side, mut punct_between) = (
        siblings.iter().filter(|&&s| if left == 1 { s > d } else { s < d }).count().min(3) as u64,
        0u64,
    );
    let (lo, hi) = if d < h { (d as usize, h as usize) } else { (h as usize, d as usize) };
    if hi < n {
        punct_between = tags[lo + 1..hi]
            .iter()
            .filter(|t| t.as_str() == "," || t.as_str() == ":")
            .count()
            .min(2) as u64;
    }
    keys.extend_from_slice(&[
        key(200, 0, 0, 0),
        key(201, dw, 0, 0),
        key(202, dp, 0, 0),
        key(203, dw, dp, 0),
        key(204, hw, 0, 0),
        key(205, hp, 0, 0),
        key(206, hw, hp, 0),
        key(207, dp, hp, left),
        key(208, dw, hp, left),
        key(209, dp, hw, left),
        key(210, dw, hw, left),
        key(211, dp, hp, left * 16 + dist),
        key(212, dp, hp, gp),
        key(213, dp, lp, rp),
        key(214, dp, lw, 0),
        key(215, dp, rw, 0),
        key(216, dp, prev_p, next_p),
        key(217, dp, hp, left * 16 + between_same_side),
        key(218, dp, hp, punct_between + 8 * left),
        key(219, dinfo.suffix3, hp, left),
        key(220, dinfo.shape, hp, left),
        key(221, dp, hp, (kids.len().min(4)) as u64),
    ]);
    for &c in kids.iter().take(4) {
        let (cw, cp) = wp(ctx, tags, c);
        keys.push(key(230, dp, cp, cw));
        keys.push(key(231, dp, cp, (c < d) as u64));
    }
    for &s in siblings.iter().filter(|&&s| s != d).take(6) {
        let (sw, sp) = wp(ctx, tags, s);
        let side = (s < d) as u64 * 2 + (s < h) as u64;
        keys.push(key(233, dp, sw, side));
        keys.push(key(234, hp, sp, side * 64 + dp));
    }
}

/// One sentence to parse: `ctx` holds its words padded by [`PAD`], `tags`
/// their tags; the parse is written to `heads` (1-based, 0 for the root)
/// and `labels`.
pub(crate) struct ParseJob<'a> {
    pub(crate) ctx: &'a [WordInfo],
    pub(crate) tags: &'a [Tag],
    pub(crate) scratch: &'a mut ParseScratch,
    pub(crate) heads: &'a mut Vec<u32>,
    pub(crate) labels: &'a mut Vec<DepRel>,
}

impl Parser {
    /// Parses one sentence.
    pub(crate) fn parse(&self, mut job: ParseJob<'_>) {
        if self.begin(&mut job) {
            while self.next_keys(&mut job) {
                self.transition(&mut job);
            }
            self.label(&mut job);
        }
    }

    /// Parses two sentences, taking their transitions in turn: the cache
    /// misses of one sentence's feature weights overlap the other's, since
    /// a transition cannot look up its weights until the one before has
    /// been chosen. The parses are those [`Parser::parse`] gives.
    pub(crate) fn parse_two(&self, mut a: ParseJob<'_>, mut b: ParseJob<'_>) {
        let mut more_a = self.begin(&mut a);
        let mut more_b = self.begin(&mut b);
        let (parse_a, parse_b) = (more_a, more_b);
        while more_a || more_b {
            more_a = more_a && self.next_keys(&mut a);
            more_b = more_b && self.next_keys(&mut b);
            if more_a {
                self.transition(&mut a);
            }
            if more_b {
                self.transition(&mut b);
            }
        }
        if parse_a {
            self.label(&mut a);
        }
        if parse_b {
            self.label(&mut b);
        }
    }

    /// Clears the job's output and scores its words' single-position
    /// features; false for an empty sentence (nothing to parse).
    fn begin(&self, job: &mut ParseJob<'_>) -> bool {
        let (ctx, tags) = (job.ctx, job.tags);
        let n = tags.len();
        job.heads.clear();
        job.labels.clear();
        if n == 0 {
            return false;
        }
        let ParseScratch { state, keys, position_scores, .. } = &mut *job.scratch;
        state.reset(n);
        // The features of single positions are scored once per word, not
        // once per transition (the sums are the same).
        position_scores.clear();
        position_scores.resize(3 * n + 1, [0; N_ACTIONS]);
        let (buffer_scores, rest) = position_scores.split_at_mut(n);
        let (top_scores, second_scores) = rest.split_at_mut(n);
        keys.clear();
        for i in 0..n {
            buffer_features(i, n, ctx, tags, keys);
        }
        self.transitions.score_each::<BUFFER_KEYS>(keys, buffer_scores);
        keys.clear();
        for i in 0..n {
            stack_top_features(i as u32, ctx, tags, keys);
        }
        self.transitions.score_each::<STACK_TOP_KEYS>(keys, top_scores);
        keys.clear();
        for i in 0..n {
            second_features(i as u32, ctx, tags, keys);
        }
        second_features(NONE, ctx, tags, keys);
        self.transitions.score_each::<1>(keys, second_scores);
        true
    }

    /// Takes the transitions that need no scoring (a shift onto an empty
    /// stack), then puts the features of the next transition to score in
    /// the scratch: the keys to look up, and the rows of its tag-pair
    /// features ([`tag_pairs`]); starts loading the weights of both. False
    /// when the sentence is parsed.
    fn next_keys(&self, job: &mut ParseJob<'_>) -> bool {
        let ParseScratch { state, keys, tag_pair_rows, .. } = &mut *job.scratch;
        while state.b < state.n {
            if state.stack.is_empty() {
                state.apply(SHIFT);
                continue;
            }
            keys.clear();
            let parts = state_features::<false>(state, job.ctx, job.tags, keys);
            *tag_pair_rows = self.tag_pairs.locate(&parts, keys);
            self.transitions.prefetch(keys);
            return true;
        }
        false
    }

    /// Scores the transitions from the keys and tag-pair rows
    /// [`Parser::next_keys`] put, and the scores of single positions, and
    /// takes the best valid one.
    fn transition(&self, job: &mut ParseJob<'_>) {
        let ParseScratch { state, keys, position_scores, tag_pair_rows, .. } = &mut *job.scratch;
        let n = state.n;
        let mut scores = [0i32; N_ACTIONS];
        self.transitions.score_prefetched(keys, &mut scores);
        self.tag_pairs.add(tag_pair_rows, &mut scores);
        let s0 = state.s0() as usize;
        let s1 = match state.stack.len() {
            len if len >= 2 => state.stack[len - 2] as usize,
            _ => n,
        };
        // Buffer scores of each word, then stack-top scores, then scores
        // of the second word on the stack (and of none).
        for part in [
            position_scores.get(state.b),
            position_scores.get(n + s0),
            position_scores.get(2 * n + s1),
        ] {
            for (s, &p) in scores.iter_mut().zip(part.unwrap_or(&[0; N_ACTIONS])) {
                *s += p;
            }
        }
        for (s, ok) in scores.iter_mut().zip(state.valid()) {
            if !ok {
                *s = i32::MIN;
            }
        }
        state.apply(argmax(&scores));
    }

    /// Finishes the parse and labels its arcs.
    ///
    /// The features of every arc the label dictionary leaves to the
    /// labeller are gathered first; then, while one arc is scored, the
    /// weights of the next start loading, so that their cache misses
    /// overlap the scoring (the labels are those of scoring arc by arc).
    fn label(&self, job: &mut ParseJob<'_>) {
        let (ctx, tags) = (job.ctx, job.tags);
        let n = tags.len();
        let (heads, labels) = (&mut *job.heads, &mut *job.labels);
        let ParseScratch { state, keys, children, arc_keys, .. } = &mut *job.scratch;
        let root = state.finish(tags);
        children.build(&state.heads);
        keys.clear();
        arc_keys.clear();
        for dep in 0..n {
            let h = state.heads[dep];
            if dep as u32 == root || h == NONE {
                heads.push(0);
                labels.push(DepRel::ROOT);
                continue;
            }
            heads.push(h + 1);
            let dict_key =
                label_dict_key(tags[dep], tags.get(h as usize).copied(), (dep as u32) < h);
            if let Some(&label) = self.label_dict.get(&dict_key) {
                labels.push(label);
                continue;
            }
            // Scored below.
            labels.push(DepRel::DEP);
            label_features(dep, &state.heads, children, ctx, tags, keys);
            arc_keys.push((dep as u32, keys.len() as u32));
        }
        let mut label_scores = [0i32; DepRel::COUNT];
        let mut start = 0;
        for (k, &(dep, end)) in arc_keys.iter().enumerate() {
            if let Some(&(_, next_end)) = arc_keys.get(k + 1) {
                self.labels.prefetch(&keys[end as usize..next_end as usize]);
            }
            self.labels.score(&keys[start..end as usize], &mut label_scores);
            start = end as usize;
            label_scores[DepRel::ROOT.index()] = i32::MIN;
            if let Some(label) = labels.get_mut(dep as usize) {
                *label = DepRel::from_index(argmax(&label_scores)).unwrap_or(DepRel::DEP);
            }
        }
    }

    /// Serializes the parser.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.u32(DepRel::COUNT as u32);
        self.transitions.write(w);
        self.labels.write(w);
        w.pairs(self.label_dict.iter().map(|(&k, &v)| (k, v.index() as u64)));
    }

    /// Reads a parser written by [`Parser::write`].
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Parser, ModelError> {
        if r.u32()? as usize != DepRel::COUNT {
            return Err(ModelError::corrupt("label set differs"));
        }
        let transitions = InlineWeights4::read(r)?;
        let labels = CompactWeights::read(r)?;
        if labels.n_classes() != DepRel::COUNT {
            return Err(ModelError::corrupt("parser classes"));
        }
        let label_dict = r.pairs(|v| DepRel::from_index(v as usize))?;
        let tag_pairs = TagPairTable::new(&transitions);
        Ok(Parser { transitions, tag_pairs, labels, label_dict })
    }

    /// Number of transition and label features.
    pub(crate) fn sizes(&self) -> (usize, usize) {
        (self.transitions.n_features(), self.labels.n_features())
    }
}

/// One training sentence for the parser.
pub(crate) struct ParseExample {
    pub(crate) ctx: Vec<WordInfo>,
    pub(crate) tags: Vec<Tag>,
    /// 0-based gold heads; the root's head is the sentence length.
    pub(crate) heads: Vec<u32>,
    pub(crate) labels: Vec<DepRel>,
}

/// The label dictionary: (dependent tag, head tag, direction) seen at least
/// 50 times with one label at least 99% of the time.
fn build_label_dict(data: &[ParseExample]) -> KeyMap<u64, DepRel> {
    let mut counts: KeyMap<u64, Vec<u32>> = KeyMap::default();
    for ex in data {
        let n = ex.tags.len();
        for (dep, &h) in ex.heads.iter().enumerate() {
            if h as usize >= n {
                continue;
            }
            let k = label_dict_key(ex.tags[dep], Some(ex.tags[h as usize]), (dep as u32) < h);
            counts.entry(k).or_insert_with(|| vec![0; DepRel::COUNT])[ex.labels[dep].index()] += 1;
        }
    }
    let mut dict = KeyMap::default();
    for (k, row) in counts {
        let total: u32 = row.iter().sum();
        let (best, &n) = row.iter().enumerate().max_by_key(|&(_, n)| *n).unwrap_or((0, &0));
        if let Some(label) = DepRel::from_index(best)
            && total >= 50
            && n as f64 >= 0.99 * total as f64
        {
            dict.insert(k, label);
        }
    }
    dict
}

/// True if the tree (0-based heads, root = n) has no crossing arcs.
pub(crate) fn is_projective(heads: &[u32]) -> bool {
    let n = heads.len() as u32;
    for (d, &h) in heads.iter().enumerate() {
        let d = d as u32;
        if h >= n {
            continue;
        }
        let (lo, hi) = if d < h { (d, h) } else { (h, d) };
        for k in lo + 1..hi {
            // Every word strictly between must descend from the head.
            let mut a = k;
            let mut steps = 0;
            while a != h && a < n && steps <= n {
                a = heads[a as usize];
                steps += 1;
            }
            if a != h {
                return false;
            }
        }
    }
    true
}

/// One run of the transition model's training (see [`train`]).
fn train_transitions(
    data: &[ParseExample],
    epochs: usize,
    rng: &mut crate::train::Rng,
    report: &mut impl FnMut(&str, usize, f64),
) -> Trainer {
    let mut trainer = Trainer::new(N_ACTIONS);
    let mut order: Vec<usize> =
        (0..data.len()).filter(|&i| is_projective(&data[i].heads)).collect();
    let mut state = State::default();
    let mut keys = Vec::new();
    let mut scores = [0f32; N_ACTIONS];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut n_right, mut n_total) = (0usize, 0usize);
        for &s in &order {
            let ex = &data[s];
            let n = ex.tags.len();
            state.reset(n);
            while state.b < n {
                if state.stack.is_empty() {
                    state.apply(SHIFT);
                    continue;
                }
                let valid = state.valid();
                keys.clear();
                transition_features(&state, &ex.ctx, &ex.tags, &mut keys);
                trainer.tick();
                trainer.score(&keys, &mut scores);
                for (s, ok) in scores.iter_mut().zip(valid) {
                    if !ok {
                        *s = f32::NEG_INFINITY;
                    }
                }
                let guess = argmax_f32(&scores);
                let costs = state.costs(&ex.heads);
                let min_cost =
                    (0..N_ACTIONS).filter(|&a| valid[a]).map(|a| costs[a]).min().unwrap_or(0);
                let mut best = guess;
                for a in 0..N_ACTIONS {
                    if valid[a]
                        && costs[a] == min_cost
                        && (costs[best] != min_cost || scores[a] > scores[best])
                    {
                        best = a;
                    }
                }
                if costs[guess] != min_cost {
                    trainer.update(&keys, best, guess);
                }
                let follow = if epoch == 0 || rng.next().is_multiple_of(10) { best } else { guess };
                state.apply(follow);
            }
            state.finish(&ex.tags);
            for (d, &h) in state.heads.iter().enumerate() {
                let gold = ex.heads[d];
                let ok = if gold as usize >= n { h == NONE } else { h == gold };
                n_right += ok as usize;
                n_total += 1;
            }
        }
        report("transitions", epoch + 1, n_right as f64 / n_total.max(1) as f64);
    }
    trainer
}

/// Trains the parser as `cfg` says: `parser_runs` transition models, each
/// `parser_epochs` passes with a dynamic oracle on its own shuffles (seeds
/// `seed`, `seed + 1000`, ...), whose averaged weights are summed into one
/// model (as the tagger's runs are), then `label_epochs` passes of the
/// labeller on gold trees; at most `parser_features` and `label_features`
/// weights are kept.
pub(crate) fn train(
    data: &[ParseExample],
    cfg: &crate::train::TrainConfig,
    mut report: impl FnMut(&str, usize, f64),
) -> Parser {
    let (epochs, label_epochs, seed) = (cfg.parser_epochs, cfg.label_epochs, cfg.seed);
    let max_features = (cfg.parser_features, cfg.label_features);
    let mut rng = crate::train::Rng::new(seed);
    let mut trainer = train_transitions(data, epochs, &mut rng, &mut report);
    for k in 1..cfg.parser_runs.max(1) as u64 {
        let mut run_rng = crate::train::Rng::new(seed + 1000 * k);
        let other = train_transitions(data, epochs, &mut run_rng, &mut report);
        trainer.merge_averaged(&other);
    }
    let mut keys = Vec::new();
    let transitions = trainer.finish(2, max_features.0);
    // Labeller on gold trees.
    let mut trainer = Trainer::new(DepRel::COUNT);
    let mut children = Children::default();
    let mut label_scores = [0f32; DepRel::COUNT];
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut heads: Vec<u32> = Vec::new();
    for epoch in 0..label_epochs {
        rng.shuffle(&mut order);
        let (mut n_right, mut n_total) = (0usize, 0usize);
        for &s in &order {
            let ex = &data[s];
            let n = ex.tags.len();
            heads.clear();
            heads.extend(ex.heads.iter().map(|&h| if h as usize >= n { NONE } else { h }));
            children.build(&heads);
            for dep in 0..n {
                if heads[dep] == NONE {
                    continue;
                }
                keys.clear();
                label_features(dep, &heads, &children, &ex.ctx, &ex.tags, &mut keys);
                trainer.tick();
                trainer.score(&keys, &mut label_scores);
                label_scores[DepRel::ROOT.index()] = f32::NEG_INFINITY;
                let guess = argmax_f32(&label_scores);
                let gold = ex.labels[dep].index();
                trainer.update(&keys, gold, guess);
                n_right += (guess == gold) as usize;
                n_total += 1;
            }
        }
        report("labels", epoch + 1, n_right as f64 / n_total.max(1) as f64);
    }
    let transitions =
        InlineWeights4::new(&transitions).unwrap_or_else(|| unreachable!("four actions"));
    Parser {
        tag_pairs: TagPairTable::new(&transitions),
        transitions,
        labels: CompactWeights::new(&trainer.finish(2, max_features.1))
            .unwrap_or_else(|_| unreachable!("labels fit a compact table")),
        label_dict: build_label_dict(data),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oracle_costs_follow_gold_tree() {
        // "John saw Mary ." : saw is the root; heads are 0-based, root = n.
        let gold = [1u32, 4, 1, 1];
        let mut state = State::default();
        state.reset(4);
        let mut steps = 0;
        while state.b < 4 && steps < 20 {
            steps += 1;
            let valid = state.valid();
            let costs = state.costs(&gold);
            let action =
                (0..N_ACTIONS).find(|&a| valid[a] && costs[a] == 0).expect("a zero-cost action");
            state.apply(action);
        }
        state.finish(&[Tag::XX; 4]);
        assert_eq!(state.heads, [1, NONE, 1, 1]);
        assert!(is_projective(&gold));
        assert!(!is_projective(&[2, 4, 1, 1]));
    }

    /// The keys the parser looks up for a transition, with those of the
    /// tag-pair rows it adds, are the keys training scores, in training's
    /// order, along a parse that reaches children counts beyond the rows.
    #[test]
    fn scored_features_are_the_trained_ones() {
        let words = "The envoys of Gondor , Rohan , Arnor and Bree met on Friday in a hall near the river , officials said .";
        let words: Vec<&str> = words.split(' ').collect();
        let mut scratch = crate::features::Scratch::default();
        let mut ctx = vec![WordInfo::padding(); PAD];
        ctx.extend(words.iter().map(|w| WordInfo::compute(w, &mut scratch)));
        ctx.extend(vec![WordInfo::padding(); PAD]);
        let tags: Vec<Tag> =
            words.iter().map(|w| Tag::parse_lossy(if *w == "," { "," } else { "NN" })).collect();
        let table = &crate::pipeline::Pipeline::builtin().parser().tag_pairs;
        let mut state = State::default();
        state.reset(words.len());
        let (mut trained, mut scored) = (Vec::new(), Vec::new());
        let (mut states, mut with_keys) = (0, 0);
        // Right arcs, each but every fifth reduced at once: the first word
        // collects many right children.
        while state.b < state.n {
            if state.stack.is_empty() {
                state.apply(SHIFT);
                continue;
            }
            trained.clear();
            state_features::<true>(&state, &ctx, &tags, &mut trained);
            scored.clear();
            let parts = state_features::<false>(&state, &ctx, &tags, &mut scored);
            let before = scored.len();
            table.locate(&parts, &mut scored);
            // The keys of groups without rows are tag-pair keys (which
            // rows the rest come from is `tag_pairs`' own test).
            let left = scored.split_off(before);
            assert!(left.iter().all(|k| parts.keys().contains(k)));
            with_keys += !left.is_empty() as usize;
            // Training has the tag-pair keys at their templates' places
            // (after 118, 127, 129, 131, 133 and 161), and the others in
            // the order scoring has them.
            let at = [6, 13, 15, 17, 19, 20, 21, 36, 37, 38];
            assert_eq!(at.map(|i| trained[i]), parts.keys());
            let others: Vec<u32> =
                (0..trained.len()).filter(|i| !at.contains(i)).map(|i| trained[i]).collect();
            assert_eq!(others, scored);
            states += 1;
            let action = if state.stack.len() > 1 && state.b % 5 != 0 { REDUCE } else { RIGHT };
            state.apply(action);
        }
        assert!(states > 10 && with_keys > 0, "{states} states, {with_keys} with keys");
    }

    #[test]
    fn children_lists() {
        let mut c = Children::default();
        c.build(&[1, NONE, 1, 2]);
        assert_eq!(c.of(1), &[0, 2]);
        assert_eq!(c.of(2), &[3]);
        assert!(c.of(0).is_empty());
    }
}
