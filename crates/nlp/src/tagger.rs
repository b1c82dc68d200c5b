//! Part-of-speech tagger: a greedy left-to-right averaged perceptron.
//!
//! Frequent words that nearly always carry one tag in the training data
//! (`the`, `said`, `,`) take it from a tag dictionary without scoring.

use crate::features::WordInfo;
use crate::hash::key;
use crate::model::{ModelError, Reader, Writer};
use crate::perceptron::{CompactWeights, KeyMap, Trainer, Weights};
use crate::tag::Tag;

/// Words of context on each side of the token, as padding in `ctx` slices.
pub(crate) const PAD: usize = 2;

/// Hash value standing for "before the sentence start" in tag features.
const START: u64 = 0xFFFF;

/// The kind of text being tagged.
///
/// The tagger was trained on news (the silver data) and web text (UD
/// English-EWT), whose annotators differ on some conventions (`...` is `:`
/// in one and `,` in the other, for instance). The domain selects which
/// conventions to follow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Domain {
    /// News text, tagged as the silver news data is (the default).
    #[default]
    News = 0,
    /// Web text, tagged as UD English-EWT is.
    Web = 1,
}

/// A trained tagger.
#[derive(Clone, Debug)]
pub(crate) struct Tagger {
    weights: CompactWeights,
    tagdict: KeyMap<u64, Tag>,
    /// Ambiguity classes: lower-cased word to the set of tags (a bit mask)
    /// it takes in the training data.
    classes: KeyMap<u64, u64>,
}

/// Ambiguity class of words not in the class table.
const NO_CLASS: u64 = 1 << 63;

/// Fills `out` with the ambiguity class of each word of `ctx` (padded like
/// it).
fn classes_of(classes: &KeyMap<u64, u64>, ctx: &[WordInfo], out: &mut Vec<u64>) {
    out.clear();
    out.extend(ctx.iter().map(|w| classes.get(&w.lower).copied().unwrap_or(NO_CLASS)));
}

/// Appends the keys of the features of token `i` of `ctx` (padded by
/// [`PAD`]) that depend on its word alone (and the domain) to `keys`.
///
/// Their scores are the same wherever the word occurs, so that the tagger
/// caches their sum per word ([`TagScratch`]).
#[inline]
fn word_features(ctx: &[WordInfo], cls: &[u64], domain: Domain, i: usize, keys: &mut Vec<u32>) {
    let w = &ctx[i + PAD];
    let c = cls[i + PAD];
    // Domain-specific copies of the most lexical templates (feature
    // augmentation, Daumé 2007): they learn where the conventions of web
    // text (UD English-EWT) and of the news data differ.
    let d = domain as u64 + 1;
    keys.extend_from_slice(&[
        key(0, 0, 0, 0),
        key(1, w.lower, 0, 0),
        key(2, w.exact, 0, 0),
        key(3, w.suffix3, 0, 0),
        key(4, w.suffix2, 0, 0),
        key(5, w.prefix1, 0, 0),
        key(6, w.shape, 0, 0),
        key(21, w.suffix4, 0, 0),
        key(23, w.prefix3, 0, 0),
        key(26, c, 0, 0),
        key(27, c, w.shape, 0),
        key(40, d, 0, 0),
        key(41, d, w.lower, 0),
        key(42, d, w.suffix3, 0),
        key(43, d, w.shape, 0),
        key(48, d, c, 0),
        key(49, d, w.exact, 0),
    ]);
}

/// Appends the keys of the other features of token `i` of `ctx` (padded
/// by [`PAD`]): its neighbours, its position and the previous two tags.
#[inline]
fn context_features(
    ctx: &[WordInfo],
    cls: &[u64],
    domain: Domain,
    i: usize,
    p1: u64,
    p2: u64,
    keys: &mut Vec<u32>,
) {
    let w = &ctx[i + PAD];
    let prev = &ctx[i + PAD - 1];
    let prev2 = &ctx[i + PAD - 2];
    let next = &ctx[i + PAD + 1];
    let next2 = &ctx[i + PAD + 2];
    let first = (i == 0) as u64;
    let d = domain as u64 + 1;
    keys.extend_from_slice(&[
        key(7, p1, 0, 0),
        key(8, p2, 0, 0),
        key(9, p1, p2, 0),
        key(10, p1, w.lower, 0),
        key(11, prev.lower, 0, 0),
        key(12, prev.suffix3, 0, 0),
        key(13, prev2.lower, 0, 0),
        key(14, next.lower, 0, 0),
        key(15, next.suffix3, 0, 0),
        key(16, next2.lower, 0, 0),
        key(17, next.shape, 0, 0),
        key(18, w.lower, next.lower, 0),
        key(19, prev.lower, w.lower, 0),
        key(20, first, w.shape, 0),
        key(22, p1, w.suffix3, 0),
        key(24, p1, next.lower, 0),
        key(28, cls[i + PAD + 1], 0, 0),
        key(29, p1, cls[i + PAD], 0),
        key(31, cls[i + PAD - 1], cls[i + PAD], 0),
        key(44, d, p1, 0),
        key(45, d, p1, w.lower),
    ]);
}

/// Appends all the feature keys of token `i` of `ctx` (padded by [`PAD`])
/// to `keys`, given the previous two tags.
#[inline]
fn features(
    ctx: &[WordInfo],
    cls: &[u64],
    domain: Domain,
    i: usize,
    p1: u64,
    p2: u64,
    keys: &mut Vec<u32>,
) {
    word_features(ctx, cls, domain, i, keys);
    context_features(ctx, cls, domain, i, p1, p2, keys);
}

/// Entries of the per-word score cache (a power of two).
const WORD_CACHE: usize = 2048;

/// Cached sum of the word-only features' weights of one word.
#[derive(Clone, Copy)]
struct WordScores {
    /// Hash of the exact word and the domain; 0 for an empty entry.
    word: u64,
    scores: [i16; Tag::COUNT],
}

impl Tagger {
    /// Tags one sentence: `ctx` holds its words padded by [`PAD`] on each
    /// side; the tags are written to `tags` (cleared first).
    pub(crate) fn tag(
        &self,
        ctx: &[WordInfo],
        domain: Domain,
        tags: &mut Vec<Tag>,
        scratch: &mut TagScratch,
    ) {
        tags.clear();
        let TagScratch { keys, classes, cache } = scratch;
        classes_of(&self.classes, ctx, classes);
        if cache.len() != WORD_CACHE {
            *cache = vec![WordScores { word: 0, scores: [0; Tag::COUNT] }; WORD_CACHE];
        }
        let n = ctx.len().saturating_sub(2 * PAD);
        let mut scores = [0i32; Tag::COUNT];
        let (mut p1, mut p2) = (START, START);
        for i in 0..n {
            let exact = ctx[i + PAD].exact;
            let tag = match self.tagdict.get(&exact) {
                Some(&tag) if domain == Domain::News => tag,
                _ => {
                    // The word-only part of the score, from the cache or
                    // computed and cached (a sum of at most 17 weights of
                    // 10 bits, so it fits 16 bits exactly).
                    let word = (exact ^ domain as u64).max(1);
                    let entry = &mut cache[(word as usize) & (WORD_CACHE - 1)];
                    if entry.word != word {
                        keys.clear();
                        word_features(ctx, classes, domain, i, keys);
                        self.weights.score(keys, &mut scores);
                        entry.word = word;
                        for (c, &s) in entry.scores.iter_mut().zip(&scores) {
                            *c = s as i16;
                        }
                    }
                    for (s, &c) in scores.iter_mut().zip(&entry.scores) {
                        *s = c as i32;
                    }
                    keys.clear();
                    context_features(ctx, classes, domain, i, p1, p2, keys);
                    self.weights.add_scores(keys, &mut scores);
                    Tag::from_index(argmax(&scores)).unwrap_or(Tag::XX)
                }
            };
            tags.push(tag);
            p2 = p1;
            p1 = tag.index() as u64;
        }
    }

    /// Serializes the tagger.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.u32(Tag::COUNT as u32);
        w.pairs(self.tagdict.iter().map(|(&k, &v)| (k, v.index() as u64)));
        w.pairs(self.classes.iter().map(|(&k, &v)| (k, v)));
        self.weights.write(w, Weights::capacity);
    }

    /// Reads a tagger written by [`Tagger::write`].
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Tagger, ModelError> {
        if r.u32()? as usize != Tag::COUNT {
            return Err(ModelError::corrupt("tag set differs"));
        }
        let tagdict = r.pairs(|v| Tag::from_index(v as usize))?;
        let classes = r.pairs(Some)?;
        let weights = CompactWeights::read(r)?;
        if weights.n_classes() != Tag::COUNT {
            return Err(ModelError::corrupt("tagger classes"));
        }
        Ok(Tagger { weights, tagdict, classes })
    }

    /// Number of features and tag-dictionary entries.
    pub(crate) fn sizes(&self) -> (usize, usize) {
        (self.weights.n_features(), self.tagdict.len())
    }
}

/// Index of the highest score (the first on ties).
#[inline]
pub(crate) fn argmax(scores: &[i32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// One training sentence: padded word infos and gold tags.
pub(crate) struct TagExample {
    pub(crate) domain: Domain,
    pub(crate) ctx: Vec<WordInfo>,
    pub(crate) tags: Vec<Tag>,
}

/// Reusable buffers of [`Tagger::tag`], and its cache of the word-only
/// part of the scores of recent words (direct-mapped by word hash; the
/// scores do not depend on what is cached, only the time does).
#[derive(Default)]
pub(crate) struct TagScratch {
    pub(crate) keys: Vec<u32>,
    classes: Vec<u64>,
    cache: Vec<WordScores>,
}

/// Tag counts of each word, keyed by the word hash `word_key` picks.
fn count_tags(data: &[TagExample], word_key: fn(&WordInfo) -> u64) -> KeyMap<u64, Vec<u32>> {
    let mut counts: KeyMap<u64, Vec<u32>> = KeyMap::default();
    for ex in data {
        for (i, tag) in ex.tags.iter().enumerate() {
            let row =
                counts.entry(word_key(&ex.ctx[i + PAD])).or_insert_with(|| vec![0; Tag::COUNT]);
            row[tag.index()] += 1;
        }
    }
    counts
}

/// Builds the ambiguity classes: for each lower-cased word seen at least
/// `min_count` times, the tags it takes at least `min_share` of the time.
fn build_classes(data: &[TagExample], min_count: u32, min_share: f64) -> KeyMap<u64, u64> {
    let mut classes = KeyMap::default();
    for (word, row) in count_tags(data, |w| w.lower) {
        let total: u32 = row.iter().sum();
        if total < min_count {
            continue;
        }
        let mask = row
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n as f64 >= min_share * total as f64)
            .fold(0u64, |m, (t, _)| m | 1 << t);
        classes.insert(word, mask);
    }
    classes
}

/// Builds the tag dictionary: words seen at least `min_count` times with
/// one tag at least `min_share` of the time.
fn build_tagdict(data: &[TagExample], min_count: u32, min_share: f64) -> KeyMap<u64, Tag> {
    let mut dict = KeyMap::default();
    for (word, row) in count_tags(data, |w| w.exact) {
        let total: u32 = row.iter().sum();
        let (best, &n) = row.iter().enumerate().max_by_key(|&(_, n)| *n).unwrap_or((0, &0));
        if let Some(tag) = Tag::from_index(best)
            && total >= min_count
            && n as f64 >= min_share * total as f64
        {
            dict.insert(word, tag);
        }
    }
    dict
}

/// Trains a tagger for `epochs` passes over `data`, shuffled with `seed`;
/// `report` is told the epoch number and training accuracy.
pub(crate) fn train(
    data: &[TagExample],
    epochs: usize,
    seed: u64,
    max_features: usize,
    mut report: impl FnMut(usize, f64),
) -> Tagger {
    let tagdict = build_tagdict(data, 10, 0.99);
    let classes = build_classes(data, 3, 0.05);
    let mut cls = Vec::new();
    let mut trainer = Trainer::new(Tag::COUNT);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = crate::train::Rng::new(seed);
    let mut keys = Vec::new();
    let mut scores = [0f32; Tag::COUNT];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut n_right, mut n_total) = (0usize, 0usize);
        for &s in &order {
            let ex = &data[s];
            classes_of(&classes, &ex.ctx, &mut cls);
            let (mut p1, mut p2) = (START, START);
            for (i, &gold) in ex.tags.iter().enumerate() {
                let guess = match tagdict.get(&ex.ctx[i + PAD].exact) {
                    Some(&tag) if ex.domain == Domain::News => tag,
                    _ => {
                        keys.clear();
                        features(&ex.ctx, &cls, ex.domain, i, p1, p2, &mut keys);
                        trainer.tick();
                        trainer.score(&keys, &mut scores);
                        let guess = argmax_f32(&scores);
                        trainer.update(&keys, gold.index(), guess);
                        Tag::from_index(guess).unwrap_or(Tag::XX)
                    }
                };
                n_right += (guess == gold) as usize;
                n_total += 1;
                p2 = p1;
                p1 = guess.index() as u64;
            }
        }
        report(epoch + 1, n_right as f64 / n_total.max(1) as f64);
    }
    let weights = CompactWeights::new(trainer.finish(2, max_features), true)
        .unwrap_or_else(|_| unreachable!("tags fit a compact table"));
    Tagger { weights, tagdict, classes }
}

/// Index of the highest score (the first on ties).
pub(crate) fn argmax_f32(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}
