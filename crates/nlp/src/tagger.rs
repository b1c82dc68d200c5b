//! Part-of-speech tagger: a greedy left-to-right averaged perceptron, with
//! a second pass that sees the first pass's tags of the next two words.
//!
//! Frequent words that nearly always carry one tag in the training data
//! (`the`, `said`, `,`) take it from a tag dictionary without scoring.
//!
//! The second pass does not score a word again: it adds the weights of a
//! few features of the first pass's tags on its right (and of its own
//! left neighbour's final tag) to the first pass's scores of the word, and
//! takes the best tag of the sum. Both passes are trained together, the
//! second on the first's tags of the same sentence, in one weight table.
//! At run time a word whose first-pass tag is far ahead of the others
//! keeps it without the second pass (most words: see [`SURE_MARGIN`]).

use crate::features::{WordInfo, case};
use crate::hash::key;
use crate::model::{ModelError, Reader, Writer};
use crate::perceptron::{CompactWeights, KeyMap, Trainer};
use crate::tag::Tag;

/// Words of context on each side of the token, as padding in `ctx` slices.
pub(crate) const PAD: usize = 2;

/// Hash value standing for "before the sentence start" in tag features.
const START: u64 = 0xFFFF;
/// Hash value standing for "after the sentence end" in tag features.
const END: u64 = 0xFFFE;

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

/// The case of a sentence, for the features that learn how capitals read
/// in it: 0 for ordinary text, 1 when at least three quarters of the
/// words of four letters or more after the first are capitalised
/// (headlines, e-mail subjects, titles: `Geometric Brownian Motion
/// Model`), 2 when they all are in capitals only (at least two), 3 when
/// there is no such word (`Visit`, `Dear All ,`).
fn sentence_case(ctx: &[WordInfo]) -> u64 {
    let n = ctx.len().saturating_sub(2 * PAD);
    let (mut long, mut capitalised, mut upper) = (0u32, 0u32, 0u32);
    for w in ctx.iter().skip(PAD + 1).take(n.saturating_sub(1)) {
        if w.case > case::LONG {
            long += 1;
            capitalised += (w.case >= case::LONG + case::TITLE) as u32;
            upper += (w.case == case::LONG + case::UPPER) as u32;
        }
    }
    if long == 0 {
        3
    } else if upper == long && long >= 2 {
        2
    } else if capitalised * 4 >= long * 3 {
        1
    } else {
        0
    }
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
        key(74, d, w.case as u64, c),
    ]);
}

/// Appends the keys of the other features of token `i` of `ctx` (padded
/// by [`PAD`]): its neighbours, its position, the previous two tags and
/// the case of the sentence (`sc`, from [`sentence_case`]).
#[inline]
#[allow(clippy::too_many_arguments)]
fn context_features(
    ctx: &[WordInfo],
    cls: &[u64],
    domain: Domain,
    i: usize,
    p1: u64,
    p2: u64,
    sc: u64,
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
    // In a title-case or all-capitals sentence a capital says little of a
    // name: the shape and the ambiguity class of the lower-cased word in
    // that kind of sentence, by domain.
    let c = cls[i + PAD];
    if sc != 0 {
        keys.push(key(60, sc, w.shape, d));
        keys.push(key(61, sc, c, d));
    }
    keys.extend_from_slice(&[
        key(65, cls[i + PAD + 2], 0, 0),
        key(66, cls[i + PAD + 1], cls[i + PAD + 2], 0),
        key(67, c, cls[i + PAD + 1], 0),
    ]);
}

/// Appends the keys of the second pass's features of token `i` of `ctx`
/// (padded by [`PAD`]): the first pass's tags of the next two words
/// (`first`, padded like `ctx` with [`START`] and [`END`]), alone and with
/// the word, its suffix, the next word and `p1`, the final tag of the word
/// before.
#[inline]
fn right_features(ctx: &[WordInfo], i: usize, p1: u64, first: &[u64], keys: &mut Vec<u32>) {
    let w = &ctx[i + PAD];
    let (n1, n2) = (first[i + PAD + 1], first[i + PAD + 2]);
    keys.extend_from_slice(&[
        key(80, n1, 0, 0),
        key(81, n1, n2, 0),
        key(82, n1, w.lower, 0),
        key(83, p1, n1, 0),
        key(84, n1, w.suffix3, 0),
        key(85, n1, ctx[i + PAD + 1].lower, 0),
    ]);
}

/// Appends all the first pass's feature keys of token `i` of `ctx`
/// (padded by [`PAD`]) to `keys`, given the previous two tags and the
/// sentence's case.
#[inline]
#[allow(clippy::too_many_arguments)]
fn features(
    ctx: &[WordInfo],
    cls: &[u64],
    domain: Domain,
    i: usize,
    p1: u64,
    p2: u64,
    sc: u64,
    keys: &mut Vec<u32>,
) {
    word_features(ctx, cls, domain, i, keys);
    context_features(ctx, cls, domain, i, p1, p2, sc, keys);
}

/// Entries of the per-word score cache (a power of two).
const WORD_CACHE: usize = 2048;

/// A first-pass tag that leads the next best by this much (in units of
/// the run-time weights) is kept without a second pass. Chosen on the dev
/// sets: tagging accuracy on EWT dev and silver dev is the same as when
/// every word is rescored, and only about one scored word in eight is
/// (13% of them on silver dev, 13% on EWT dev).
const SURE_MARGIN: i32 = 400;

/// Scores of one token: the sum of its weights for every tag.
type Scores = [i32; Tag::COUNT];

/// Cached sum of the word-only features' weights of one word.
#[derive(Clone, Copy)]
struct WordScores {
    /// The word's cache key ([`WordInfo::id`]) and the domain; 0 for an
    /// empty entry.
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
        let TagScratch { keys, classes, cache, first, saved } = scratch;
        classes_of(&self.classes, ctx, classes);
        if cache.len() != WORD_CACHE {
            *cache = vec![WordScores { word: 0, scores: [0; Tag::COUNT] }; WORD_CACHE];
        }
        let n = ctx.len().saturating_sub(2 * PAD);
        let sc = sentence_case(ctx);
        let mut scores: Scores = [0; Tag::COUNT];
        saved.clear();
        let (mut p1, mut p2) = (START, START);
        for i in 0..n {
            let exact = ctx[i + PAD].exact;
            let tag = match self.tagdict.get(&exact) {
                Some(&tag) if domain == Domain::News => {
                    saved.push(None);
                    tag
                }
                _ => {
                    // The word-only part of the score, from the cache or
                    // computed and cached (a sum of at most 18 weights of
                    // 10 bits, so it fits 16 bits exactly).
                    let word = (ctx[i + PAD].id ^ domain as u64).max(1);
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
                    context_features(ctx, classes, domain, i, p1, p2, sc, keys);
                    self.weights.add_scores(keys, &mut scores);
                    let (best, margin) = best_and_margin(&scores);
                    saved.push((margin < SURE_MARGIN).then_some(scores));
                    Tag::from_index(best).unwrap_or(Tag::XX)
                }
            };
            tags.push(tag);
            p2 = p1;
            p1 = tag.index() as u64;
        }
        // The second pass: the first pass's scores of each scored word whose
        // tag was not sure plus the weights of its right-context features.
        first.clear();
        first.extend([START; PAD]);
        first.extend(tags.iter().map(|t| t.index() as u64));
        first.extend([END; PAD]);
        let mut p1 = START;
        for (i, (tag, saved)) in tags.iter_mut().zip(saved.iter()).enumerate() {
            if let Some(saved) = saved {
                scores = *saved;
                keys.clear();
                right_features(ctx, i, p1, first, keys);
                self.weights.add_scores(keys, &mut scores);
                *tag = Tag::from_index(argmax(&scores)).unwrap_or(Tag::XX);
            }
            p1 = tag.index() as u64;
        }
    }

    /// Serializes the tagger.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.u32(Tag::COUNT as u32);
        w.pairs(self.tagdict.iter().map(|(&k, &v)| (k, v.index() as u64)));
        w.pairs(self.classes.iter().map(|(&k, &v)| (k, v)));
        self.weights.write(w);
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

/// Index of the highest score (the first on ties) and how far the
/// second highest is below it.
fn best_and_margin(scores: &[i32]) -> (usize, i32) {
    let (mut best, mut second) = (0, i32::MIN);
    for (i, &s) in scores.iter().enumerate().skip(1) {
        if s > scores[best] {
            second = scores[best];
            best = i;
        } else if s > second {
            second = s;
        }
    }
    (best, scores[best].saturating_sub(second))
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
    /// The first pass's tags, padded like the words.
    first: Vec<u64>,
    /// The first pass's scores of each word; `None` for a word tagged by
    /// the dictionary or sure of its tag (see [`SURE_MARGIN`]).
    saved: Vec<Option<Scores>>,
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

/// Trains a tagger: `runs` taggers, each for `epochs` passes over `data`
/// shuffled with its own seed (`seed`, `seed + 1000`, ...), whose averaged
/// weights are summed into one model (one table, so one lookup per
/// feature, but with longer rows than a single run's); `report` is told
/// the epoch number and training accuracy of each.
pub(crate) fn train(
    data: &[TagExample],
    epochs: usize,
    runs: usize,
    seed: u64,
    max_features: usize,
    mut report: impl FnMut(usize, f64),
) -> Tagger {
    let tagdict = build_tagdict(data, 10, 0.99);
    let classes = build_classes(data, 3, 0.05);
    let mut trainer = train_run(data, &tagdict, &classes, epochs, seed, &mut report);
    for k in 1..runs.max(1) as u64 {
        let other = train_run(data, &tagdict, &classes, epochs, seed + 1000 * k, &mut report);
        trainer.merge_averaged(&other);
    }
    let weights = CompactWeights::new(&trainer.finish(2, max_features))
        .unwrap_or_else(|_| unreachable!("tags fit a compact table"));
    Tagger { weights, tagdict, classes }
}

/// One training run of [`train`]: both passes over each sentence, the
/// second on the first's tags (its training accuracy is reported).
fn train_run(
    data: &[TagExample],
    tagdict: &KeyMap<u64, Tag>,
    classes: &KeyMap<u64, u64>,
    epochs: usize,
    seed: u64,
    report: &mut impl FnMut(usize, f64),
) -> Trainer {
    let mut cls = Vec::new();
    let mut trainer = Trainer::new(Tag::COUNT);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = crate::train::Rng::new(seed);
    let mut keys = Vec::new();
    let mut scores = [0f32; Tag::COUNT];
    let mut first: Vec<u64> = Vec::new();
    let mut saved: Vec<Option<[f32; Tag::COUNT]>> = Vec::new();
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut n_right, mut n_total) = (0usize, 0usize);
        for &s in &order {
            let ex = &data[s];
            classes_of(classes, &ex.ctx, &mut cls);
            let sc = sentence_case(&ex.ctx);
            first.clear();
            first.extend([START; PAD]);
            saved.clear();
            let (mut p1, mut p2) = (START, START);
            for (i, &gold) in ex.tags.iter().enumerate() {
                let guess = match tagdict.get(&ex.ctx[i + PAD].exact) {
                    Some(&tag) if ex.domain == Domain::News => {
                        saved.push(None);
                        tag
                    }
                    _ => {
                        keys.clear();
                        features(&ex.ctx, &cls, ex.domain, i, p1, p2, sc, &mut keys);
                        trainer.tick();
                        trainer.score(&keys, &mut scores);
                        saved.push(Some(scores));
                        let guess = argmax_f32(&scores);
                        trainer.update(&keys, gold.index(), guess);
                        Tag::from_index(guess).unwrap_or(Tag::XX)
                    }
                };
                first.push(guess.index() as u64);
                p2 = p1;
                p1 = guess.index() as u64;
            }
            first.extend([END; PAD]);
            let mut p1 = START;
            for (i, &gold) in ex.tags.iter().enumerate() {
                let guess = match saved[i] {
                    None => first[i + PAD],
                    Some(before) => {
                        keys.clear();
                        right_features(&ex.ctx, i, p1, &first, &mut keys);
                        trainer.tick();
                        trainer.score(&keys, &mut scores);
                        for (s, &b) in scores.iter_mut().zip(&before) {
                            *s += b;
                        }
                        let guess = argmax_f32(&scores);
                        trainer.update(&keys, gold.index(), guess);
                        guess as u64
                    }
                };
                n_right += (guess == gold.index() as u64) as usize;
                n_total += 1;
                p1 = guess;
            }
        }
        report(epoch + 1, n_right as f64 / n_total.max(1) as f64);
    }
    trainer
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::Scratch;
    use crate::model::ModelKind;

    /// Padded word infos of `words`.
    fn padded(words: &[&str]) -> Vec<WordInfo> {
        let mut scratch = Scratch::default();
        let mut ctx = vec![WordInfo::padding(); PAD];
        ctx.extend(words.iter().map(|w| WordInfo::compute(w, &mut scratch)));
        ctx.extend(vec![WordInfo::padding(); PAD]);
        ctx
    }

    /// The tags [`Tagger::tag`] is to give, scored as they are defined:
    /// every feature of each word looked up when the word is reached.
    fn tags_by_definition(t: &Tagger, ctx: &[WordInfo], domain: Domain) -> Vec<Tag> {
        let mut cls = Vec::new();
        classes_of(&t.classes, ctx, &mut cls);
        let n = ctx.len() - 2 * PAD;
        let sc = sentence_case(ctx);
        let (mut tags, mut saved) = (Vec::new(), Vec::new());
        let (mut p1, mut p2) = (START, START);
        for i in 0..n {
            let tag = match t.tagdict.get(&ctx[i + PAD].exact) {
                Some(&tag) if domain == Domain::News => {
                    saved.push(None);
                    tag
                }
                _ => {
                    let mut keys = Vec::new();
                    features(ctx, &cls, domain, i, p1, p2, sc, &mut keys);
                    let mut scores = [0; Tag::COUNT];
                    t.weights.score(&keys, &mut scores);
                    let (best, margin) = best_and_margin(&scores);
                    saved.push((margin < SURE_MARGIN).then_some(scores));
                    Tag::from_index(best).unwrap()
                }
            };
            tags.push(tag);
            (p2, p1) = (p1, tag.index() as u64);
        }
        let mut first = vec![START; PAD];
        first.extend(tags.iter().map(|t| t.index() as u64));
        first.extend([END; PAD]);
        let mut p1 = START;
        for (i, tag) in tags.iter_mut().enumerate() {
            if let Some(mut scores) = saved[i] {
                let mut keys = Vec::new();
                right_features(ctx, i, p1, &first, &mut keys);
                t.weights.add_scores(&keys, &mut scores);
                *tag = Tag::from_index(argmax(&scores)).unwrap();
            }
            p1 = tag.index() as u64;
        }
        tags
    }

    #[test]
    fn tags_are_those_of_scoring_each_word_whole_in_turn() {
        let mut r = Reader::open(crate::pipeline::BUILTIN_TAGGER, ModelKind::Tagger).unwrap();
        let tagger = Tagger::read(&mut r).unwrap();
        let sentences: [&[&str]; 4] = [
            &["Officials", "in", "Minas", "Tirith", "said", "the", "talks", "would", "resume", "."],
            &["RANGERS", "CLASH", "WITH", "ORCS", "NEAR", "BREE"],
            &["Protesters", "protested", ";", "police", "police", "the", "protest", "protests"],
            &["Yes"],
        ];
        let mut scratch = TagScratch::default();
        let mut tags = Vec::new();
        // Twice, so that the second time the words' scores come from the
        // cache.
        for _ in 0..2 {
            for words in sentences {
                let ctx = padded(words);
                for domain in [Domain::News, Domain::Web] {
                    tagger.tag(&ctx, domain, &mut tags, &mut scratch);
                    assert_eq!(tags, tags_by_definition(&tagger, &ctx, domain), "{words:?}");
                }
            }
        }
    }
}
