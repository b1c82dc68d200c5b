//! Multi-word phrase dictionaries (actors and agents), keyed by first word.
//!
//! A phrase such as `BARACK_OBAMA_` or `HOLY SEE` is a list of words with a
//! connector between each pair: `_` (closed) means the next word must follow
//! at once, a space (open) lets other words come in between. Phrases sharing
//! a first word are tried longest first, in file order among equals.

use super::Origin;
use crate::lexicon::{Lexicon, WordId};
use rustc_hash::FxHashMap;

/// One dictionary phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    /// The words, first word included.
    pub words: Box<[WordId]>,
    /// `closed[k]` is true when word `k` must directly follow word `k - 1`
    /// (`closed[0]` is unused).
    pub closed: Box<[bool]>,
    /// What the phrase stands for (an actor record or an agent code).
    pub value: u32,
    /// Where it was defined.
    pub origin: Origin,
}

/// Phrases indexed by their first word.
#[derive(Clone, Debug, Default)]
pub struct PhraseDict {
    pub(crate) phrases: Vec<Phrase>,
    /// First word id → range into `order` (dense, indexed by word id).
    pub(crate) index: Vec<(u32, u32)>,
    /// Phrase indices grouped by first word, longest first.
    pub(crate) order: Vec<u32>,
    /// Parallel to `order`: what the word after the first must be, so that
    /// most phrases are turned down without reading them (see [`Follower`]).
    pub(crate) followers: Vec<Follower>,
    /// For each first word whose group has more than [`BIG_GROUP`]
    /// phrases, the group indexed by second word (see [`SecondWords`]).
    pub(crate) big_groups: FxHashMap<WordId, SecondWords>,
    /// Parallel to `order`: the [`spread_bit`]s of each phrase's words after
    /// its first, which screen [`PhraseDict::count_spread_matches`].
    pub(crate) rest_signatures: Vec<u64>,
}

/// The signature bit of a word for [`PhraseDict::count_spread_matches`].
#[inline]
pub fn spread_bit(word: WordId) -> u64 {
    1u64 << (word.0.wrapping_mul(0x9E37_79B9) >> 26)
}

/// Sets `out[i]` to the [`spread_bit`]s of the words after `words[i]`.
pub fn spread_signatures(words: &[WordId], out: &mut Vec<u64>) {
    out.clear();
    out.resize(words.len(), 0);
    let mut after = 0;
    for (sig, &word) in out.iter_mut().zip(words).rev() {
        *sig = after;
        after |= spread_bit(word);
    }
}

/// Groups of more phrases than this (`INTERNATIONAL` starts 493 Phoenix
/// actor phrases, `UNITED` 143) are indexed by second word rather than
/// scanned.
const BIG_GROUP: u32 = 16;

/// One first word's group of phrases indexed by second word: the
/// candidates for a given next word are the phrases that need exactly that
/// word next and those that need no particular word, in group order.
#[derive(Clone, Debug, Default)]
pub(crate) struct SecondWords {
    /// Positions in the group of the phrases with no particular next word
    /// (one-word phrases and open connectors), ascending.
    open: Vec<u32>,
    /// (next word, position) of the phrases that need that word at once,
    /// sorted.
    exact: Vec<(WordId, u32)>,
}

/// What a phrase needs of the word after its first: the test
/// [`PhraseDict::match_at`] makes from one dense array before it reads a
/// phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Follower {
    /// A one-word phrase: it matches as soon as its first word does.
    None,
    /// The second word must come at once and be this one.
    Exactly(WordId),
    /// Other words may come before the second (an open connector): only
    /// the full match can say.
    Any,
}

impl Follower {
    fn of(phrase: &Phrase) -> Follower {
        match (phrase.words.get(1), phrase.closed.get(1)) {
            (None, _) => Follower::None,
            (Some(&w), Some(true)) => Follower::Exactly(w),
            _ => Follower::Any,
        }
    }
}

impl PhraseDict {
    /// Adds a phrase written in dictionary form (`A_B C_`); returns false when
    /// it holds no word.
    pub(crate) fn add(
        &mut self,
        text: &str,
        value: u32,
        origin: Origin,
        lexicon: &mut Lexicon,
    ) -> bool {
        let Some((words, closed)) = split_phrase(text, lexicon) else {
            return false;
        };
        self.phrases.push(Phrase { words, closed, value, origin });
        true
    }

    /// Builds the first-word index; call once after the last [`PhraseDict::add`],
    /// with the number of words in the lexicon.
    pub(crate) fn finish(&mut self, n_words: usize) {
        let mut order: Vec<u32> = (0..self.phrases.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (pa, pb) = (&self.phrases[a as usize], &self.phrases[b as usize]);
            pa.words[0].cmp(&pb.words[0]).then(pb.words.len().cmp(&pa.words.len())).then(a.cmp(&b))
        });
        self.index.clear();
        self.index.resize(n_words, (0, 0));
        let mut start = 0;
        while start < order.len() {
            let key = self.phrases[order[start] as usize].words[0];
            let mut end = start + 1;
            while end < order.len() && self.phrases[order[end] as usize].words[0] == key {
                end += 1;
            }
            if let Some(slot) = self.index.get_mut(key.0 as usize) {
                *slot = (start as u32, (end - start) as u32);
            }
            start = end;
        }
        self.followers = order.iter().map(|&i| Follower::of(&self.phrases[i as usize])).collect();
        self.rest_signatures = order
            .iter()
            .map(|&i| self.phrases[i as usize].words[1..].iter().fold(0, |s, &w| s | spread_bit(w)))
            .collect();
        self.order = order;
        self.big_groups.clear();
        for (word, &(start, len)) in self.index.iter().enumerate() {
            if len <= BIG_GROUP {
                continue;
            }
            let mut group = SecondWords::default();
            for (pos, follower) in
                self.followers[start as usize..(start + len) as usize].iter().enumerate()
            {
                match *follower {
                    Follower::Exactly(w) => group.exact.push((w, pos as u32)),
                    Follower::None | Follower::Any => group.open.push(pos as u32),
                }
            }
            group.exact.sort_unstable();
            self.big_groups.insert(WordId(word as u32), group);
        }
    }

    /// All phrases, in file order.
    pub fn phrases(&self) -> &[Phrase] {
        &self.phrases
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The phrases starting with `word`, longest first.
    pub fn starting_with(&self, word: WordId) -> impl Iterator<Item = &Phrase> {
        self.order[self.group(word)].iter().map(|&i| &self.phrases[i as usize])
    }

    /// Where the phrases whose first word is `word` are in `order` (and in
    /// the arrays parallel to it).
    fn group(&self, word: WordId) -> std::ops::Range<usize> {
        let (start, len) = self.index.get(word.0 as usize).copied().unwrap_or((0, 0));
        start as usize..(start + len) as usize
    }

    /// The first phrase (longest first) that matches `words` starting at
    /// `at`, with the index just past its last matched word.
    pub fn match_at(&self, words: &[WordId], at: usize) -> Option<(&Phrase, usize)> {
        let first = *words.get(at)?;
        if first.is_unknown() {
            return None;
        }
        let (start, len) = self.index.get(first.0 as usize).copied()?;
        let next = words.get(at + 1).copied();
        if len > BIG_GROUP
            && let Some(group) = self.big_groups.get(&first)
        {
            return self.match_in_big_group(group, start as usize, words, at, next);
        }
        self.match_in_group(start as usize..(start + len) as usize, words, at, next)
    }

    /// How many phrases (counting up to `limit`) whose first word is
    /// `words[at]` have all their other words, in order, somewhere after it:
    /// the phrases that could match there if any words in between were left
    /// out (as a compound's members leave out each other's words), whatever
    /// the phrase says of adjacency. `after_bits` holds the [`spread_bit`]s
    /// of the words after `at` (see [`spread_signatures`]; all bits set
    /// screen nothing): a phrase with another word is not read.
    pub fn count_spread_matches(
        &self,
        words: &[WordId],
        at: usize,
        limit: usize,
        after_bits: u64,
    ) -> usize {
        let Some(&first) = words.get(at).filter(|w| !w.is_unknown()) else {
            return 0;
        };
        let after = &words[at + 1..];
        let group = self.group(first);
        let mut count = 0;
        for (&i, &rest) in self.order[group.clone()].iter().zip(&self.rest_signatures[group]) {
            if rest & !after_bits != 0 {
                continue;
            }
            let phrase = &self.phrases[i as usize];
            let mut k = 1;
            for &word in after {
                if k == phrase.words.len() {
                    break;
                }
                k += (word == phrase.words[k]) as usize;
            }
            if k == phrase.words.len() {
                count += 1;
                if count >= limit {
                    break;
                }
            }
        }
        count
    }

    /// [`PhraseDict::match_at`] over one group, phrase by phrase.
    fn match_in_group(
        &self,
        range: std::ops::Range<usize>,
        words: &[WordId],
        at: usize,
        next: Option<WordId>,
    ) -> Option<(&Phrase, usize)> {
        range.into_iter().find_map(|k| match self.followers[k] {
            Follower::Exactly(w) if Some(w) != next => None,
            _ => self.try_phrase(k, words, at),
        })
    }

    /// The phrase at `order[k]` tried at `at`, its follower aside: a
    /// one-word phrase matches at once, any other word by word.
    fn try_phrase(&self, k: usize, words: &[WordId], at: usize) -> Option<(&Phrase, usize)> {
        let phrase = &self.phrases[self.order[k] as usize];
        if self.followers[k] == Follower::None {
            return Some((phrase, at + 1));
        }
        phrase.match_from(words, at).map(|end| (phrase, end))
    }

    /// [`PhraseDict::match_at`] over a big group: only the phrases that
    /// can follow with `next` are tried, in group order (the phrases
    /// needing `next` at once merged with those needing no particular
    /// word), which is the order [`PhraseDict::match_in_group`] tries them.
    fn match_in_big_group(
        &self,
        group: &SecondWords,
        start: usize,
        words: &[WordId],
        at: usize,
        next: Option<WordId>,
    ) -> Option<(&Phrase, usize)> {
        let exact = match next {
            Some(w) => {
                let lo = group.exact.partition_point(|&(x, _)| x < w);
                let n = group.exact[lo..].partition_point(|&(x, _)| x == w);
                &group.exact[lo..lo + n]
            }
            None => &[][..],
        };
        let (mut a, mut b) = (0, 0);
        loop {
            let pos = match (exact.get(a), group.open.get(b)) {
                (Some(&(_, p)), Some(&q)) if p < q => {
                    a += 1;
                    p
                }
                (_, Some(&q)) => {
                    b += 1;
                    q
                }
                (Some(&(_, p)), None) => {
                    a += 1;
                    p
                }
                (None, None) => return None,
            };
            if let Some(found) = self.try_phrase(start + pos as usize, words, at) {
                return Some(found);
            }
        }
    }
}

impl Phrase {
    /// Matches the phrase against `words[at..]`, whose first word is known to
    /// equal the phrase's; returns the index after the last matched word.
    pub fn match_from(&self, words: &[WordId], at: usize) -> Option<usize> {
        let mut pos = at + 1;
        let mut k = 1;
        while k < self.words.len() {
            let &word = words.get(pos)?;
            if word == self.words[k] {
                k += 1;
                pos += 1;
            } else if self.closed[k] {
                return None;
            } else {
                pos += 1;
            }
        }
        Some(pos)
    }
}

/// Interned words and, for each, whether it must directly follow the previous one.
type SplitPhrase = (Box<[WordId]>, Box<[bool]>);

/// Splits a dictionary phrase into interned words and connector flags.
pub(crate) fn split_phrase(text: &str, lexicon: &mut Lexicon) -> Option<SplitPhrase> {
    let mut words = Vec::new();
    let mut closed = Vec::new();
    let mut next_closed = false;
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in 0..=bytes.len() {
        let sep = if i == bytes.len() {
            Some(b' ')
        } else {
            Some(bytes[i]).filter(|b| *b == b' ' || *b == b'_' || *b == b'\t')
        };
        if let Some(sep) = sep {
            let piece = &text[start..i];
            if piece.eq_ignore_ascii_case("'s") && !words.is_empty() {
                // A possessive written as its own word ("Lord_'s_Resistance")
                // is no part of the name either.
                next_closed |= sep == b'_';
            } else if !piece.is_empty() {
                let piece = piece.to_uppercase();
                // Text is read the way tokenizers split it: "Lord's" is two
                // tokens, and the possessive is no part of a name; "Al-Qaeda"
                // is three ("Al", "-", "Qaeda"), which must be adjacent.
                let piece = possessive_stem(&piece);
                for (k, part) in hyphen_parts(piece).enumerate() {
                    words.push(lexicon.intern(part));
                    closed.push(if k == 0 { next_closed } else { true });
                }
                next_closed = sep == b'_';
            } else if sep == b'_' && !words.is_empty() {
                next_closed = true;
            }
            start = i + 1;
        }
    }
    if words.is_empty() {
        return None;
    }
    Some((words.into_boxed_slice(), closed.into_boxed_slice()))
}

/// A word without its possessive ending: `LORD'S` is `LORD` (`'S` alone
/// stays).
pub(crate) fn possessive_stem(word: &str) -> &str {
    match word.strip_suffix("'S") {
        Some(stem) if !stem.is_empty() => stem,
        _ => word,
    }
}

/// The parts of a hyphenated word as a tokenizer splits it, the hyphens
/// kept: `AL-QAEDA` gives `AL`, `-`, `QAEDA`. Only hyphens between two
/// letters split (`COVID-19`, `-` and `X-` are one part).
pub(crate) fn hyphen_parts(word: &str) -> impl Iterator<Item = &str> {
    let bytes = word.as_bytes();
    let splits_at = move |i: usize| {
        bytes[i] == b'-'
            && i > 0
            && i + 1 < bytes.len()
            && !bytes[i - 1].is_ascii_digit()
            && !bytes[i - 1].is_ascii_punctuation()
            && !bytes[i + 1].is_ascii_digit()
            && !bytes[i + 1].is_ascii_punctuation()
    };
    let mut start = 0;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if splits_at(i) {
                if start < i {
                    let part = &word[start..i];
                    start = i;
                    return Some(part);
                }
                // The hyphen itself.
                i += 1;
                start = i;
                return Some("-");
            }
            i += 1;
        }
        if start < bytes.len() {
            let part = &word[start..];
            start = bytes.len();
            return Some(part);
        }
        None
    })
}

/// `text` with every word split at its hyphens between letters, the parts
/// separated by spaces: `SEMI-FINAL MATCH` gives `SEMI - FINAL MATCH`.
pub(crate) fn split_hyphens(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for (k, part) in hyphen_parts(word).enumerate() {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(entries: &[&str]) -> (PhraseDict, Lexicon) {
        let mut lex = Lexicon::new();
        let mut dict = PhraseDict::default();
        for (i, e) in entries.iter().enumerate() {
            dict.add(e, i as u32, Origin::default(), &mut lex);
        }
        dict.finish(lex.len());
        (dict, lex)
    }

    #[test]
    fn spread_matches_ignore_the_words_between() {
        let (dict, lex) = dict(&["LEADERS_THARBAD", "LEADERS_BYWATER", "LEADERS", "BREE_GATE"]);
        let words: Vec<WordId> =
            "THE LEADERS OF BYWATER AND THARBAD".split(' ').map(|w| lex.get(w)).collect();
        // LEADERS, LEADERS ... BYWATER and LEADERS ... THARBAD.
        assert_eq!(dict.count_spread_matches(&words, 1, 5, u64::MAX), 3);
        assert_eq!(dict.count_spread_matches(&words, 1, 2, u64::MAX), 2);
        // None of them is whole from this word on, in order.
        assert_eq!(dict.count_spread_matches(&words, 0, 5, u64::MAX), 0);
        let words: Vec<WordId> = "GATE OF BREE".split(' ').map(|w| lex.get(w)).collect();
        assert_eq!(dict.count_spread_matches(&words, 2, 5, u64::MAX), 0);
        assert_eq!(dict.count_spread_matches(&words, 3, 5, u64::MAX), 0);
        // Screened by the signatures of the words after each one: the same
        // counts.
        let words: Vec<WordId> =
            "THE LEADERS OF BYWATER AND THARBAD".split(' ').map(|w| lex.get(w)).collect();
        let mut after = Vec::new();
        spread_signatures(&words, &mut after);
        assert_eq!(dict.count_spread_matches(&words, 1, 5, after[1]), 3);
        assert_eq!(dict.count_spread_matches(&words, 1, 5, spread_bit(words[3])), 2);
        assert_eq!(dict.count_spread_matches(&words, 1, 5, 0), 1);
    }

    fn check(entries: &[&str], sentence: &str, at: usize, expect: Option<(u32, usize)>) {
        let (dict, lex) = dict(entries);
        let words: Vec<WordId> = sentence.split(' ').map(|w| lex.get(w)).collect();
        let got = dict.match_at(&words, at).map(|(p, end)| (p.value, end));
        assert_eq!(got, expect, "{entries:?} on {sentence:?}");
    }

    #[test]
    fn hyphens_and_possessives_read_as_tokenized() {
        fn parts(w: &str) -> Vec<&str> {
            hyphen_parts(w).collect()
        }
        assert_eq!(parts("AL-QAEDA"), ["AL", "-", "QAEDA"]);
        assert_eq!(parts("GUINEA-BISSAU-X"), ["GUINEA", "-", "BISSAU", "-", "X"]);
        assert_eq!(parts("COVID-19"), ["COVID-19"]);
        assert_eq!(parts("-"), ["-"]);
        assert_eq!(parts("U.S.-LED"), ["U.S.-LED"]);
        assert_eq!(parts("ARNOR"), ["ARNOR"]);
        assert_eq!(split_hyphens("SEMI-FINAL MATCH"), "SEMI - FINAL MATCH");
        assert_eq!(split_hyphens("COVID-19 HALF-"), "COVID-19 HALF-");
        assert_eq!(possessive_stem("LORD'S"), "LORD");
        assert_eq!(possessive_stem("'S"), "'S");
        // The parts must be adjacent; the phrase matches the split text.
        check(&["AL-QAEDA"], "AL - QAEDA SAID", 0, Some((0, 3)));
        check(&["AL-QAEDA"], "AL QAEDA", 0, None);
        check(&["LORD'S_RESISTANCE_ARMY"], "THE LORD RESISTANCE ARMY", 1, Some((0, 4)));
        check(&["LORD_'S_RESISTANCE_ARMY"], "THE LORD RESISTANCE ARMY", 1, Some((0, 4)));
        check(&["LORD_'S_RESISTANCE_ARMY"], "THE LORD OF RESISTANCE ARMY", 1, None);
    }

    #[test]
    fn longest_first_and_connectors() {
        check(&["UNITED", "UNITED_NATIONS_"], "UNITED NATIONS SAID", 0, Some((1, 2)));
        check(&["UNITED", "UNITED_NATIONS_"], "UNITED STATES", 0, Some((0, 1)));
        // An open connector lets words come in between; a closed one does not.
        check(&["HOLY SEE"], "HOLY ROMAN SEE", 0, Some((0, 3)));
        check(&["HOLY_SEE"], "HOLY ROMAN SEE", 0, None);
        // Every word of a long phrase is checked.
        check(&["A B C"], "A B D", 0, None);
        check(&["A B C"], "A B", 0, None);
        check(&["ARNOR"], "THE ARNOR", 1, Some((0, 2)));
    }

    /// A group big enough for the second-word index gives what the scan
    /// of the whole group gives, for every next word: exact followers,
    /// open connectors and one-word phrases interleaved, longest first.
    #[test]
    fn big_groups_match_as_a_scan_does() {
        let mut entries: Vec<String> = (0..40).map(|i| format!("UNITED_W{}_", i % 13)).collect();
        entries.extend((0..10).map(|i| format!("UNITED W{i} X{i}")));
        entries.push("UNITED".to_string());
        entries.push("UNITED_W3_NATIONS_".to_string());
        let entries: Vec<&str> = entries.iter().map(|e| e.as_str()).collect();
        let (dict, lex) = dict(&entries);
        let first = lex.get("UNITED");
        assert!(dict.big_groups.contains_key(&first));
        let (start, len) = dict.index[first.0 as usize];
        let range = start as usize..(start + len) as usize;
        let mut tried = 0;
        for sentence in [
            "UNITED W3 NATIONS",
            "UNITED W3",
            "UNITED W5 Q X5",
            "UNITED W12",
            "UNITED Q",
            "UNITED",
            "UNITED W9 X9",
            "UNITED X1",
        ] {
            let words: Vec<WordId> = sentence.split(' ').map(|w| lex.get(w)).collect();
            let next = words.get(1).copied();
            let scan =
                dict.match_in_group(range.clone(), &words, 0, next).map(|(p, e)| (p.value, e));
            let got = dict.match_at(&words, 0).map(|(p, e)| (p.value, e));
            assert_eq!(got, scan, "{sentence}");
            tried += usize::from(got.is_some());
        }
        assert_eq!(tried, 8);
        check(&entries, "UNITED W3 NATIONS", 0, Some((51, 3)));
    }

    #[test]
    fn splitting() {
        let mut lex = Lexicon::new();
        let (words, closed) = split_phrase("BARACK_OBAMA_", &mut lex).unwrap();
        assert_eq!(words.len(), 2);
        assert_eq!(&*closed, &[false, true]);
        let (words, closed) = split_phrase("george  w._bush", &mut lex).unwrap();
        assert_eq!(
            words.iter().map(|w| lex.text(*w)).collect::<Vec<_>>(),
            ["GEORGE", "W.", "BUSH"]
        );
        assert_eq!(&*closed, &[false, false, true]);
        assert!(split_phrase(" _ ", &mut lex).is_none());
    }
}
