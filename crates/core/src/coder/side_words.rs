//! The exact sets of words and synsets on each side of the verb being
//! coded, for screening its patterns.
//!
//! A pattern's word signatures ([`crate::dict::word_bit`]) screen out most
//! patterns that cannot match, but 128 bits hold a sequence of forty words
//! loosely: about a quarter of the bits are set, so that a pattern needing
//! one absent word passes the signature test one time in four; and they
//! say nothing of synsets. A pattern matches only if every word it names is
//! in its side's sequence, and each synset it names has a member there (or
//! a multi-word member's first word, read in the side's direction; see
//! [`super::matcher::match_side`]). Both are checked exactly before the
//! pattern is walked: a mark per word of the lexicon and per synset,
//! stamped with the current verb's generation so that nothing is cleared
//! between verbs.

use crate::dict::{Element, ElementKind, Pattern, START_LOWER, START_UPPER, SynsetStarts};
use crate::lexicon::WordId;

/// Marks of the words and synsets of the upper and lower sequences of one
/// verb.
#[derive(Clone, Debug, Default)]
pub(crate) struct SideWords {
    /// Per word id: the generation in which it was last seen in the upper
    /// sequence, then in the lower one (0: never).
    marks: Vec<[u16; 2]>,
    /// The same per synset: a match of it may start in the sequence.
    synset_marks: Vec<[u16; 2]>,
    /// The current verb's generation (1 to 65,535).
    generation: u16,
}

/// Index of a side in a mark.
const UPPER: usize = 0;
const LOWER: usize = 1;

impl SideWords {
    /// Forgets the previous verb's words; `n_words` is the lexicon's size
    /// and `n_synsets` the number of synsets (ids beyond them are never
    /// marked, and no pattern names them).
    pub(crate) fn begin(&mut self, n_words: usize, n_synsets: usize) {
        if self.marks.len() < n_words {
            self.marks.resize(n_words, [0; 2]);
        }
        if self.synset_marks.len() < n_synsets {
            self.synset_marks.resize(n_synsets, [0; 2]);
        }
        if self.generation == u16::MAX {
            self.marks.fill([0; 2]);
            self.synset_marks.fill([0; 2]);
            self.generation = 0;
        }
        self.generation += 1;
    }

    /// Notes that `word` is in the upper (or else the lower) sequence, and
    /// so are the matches of synsets that `starts` says may start at it.
    #[inline]
    pub(crate) fn mark(&mut self, word: WordId, upper: bool, starts: &SynsetStarts) {
        let side = if upper { UPPER } else { LOWER };
        if let Some(mark) = self.marks.get_mut(word.0 as usize) {
            mark[side] = self.generation;
        }
        let bit = if upper { START_UPPER } else { START_LOWER };
        for &(synset, sides) in starts.of(word) {
            if sides & bit != 0
                && let Some(mark) = self.synset_marks.get_mut(synset as usize)
            {
                mark[side] = self.generation;
            }
        }
    }

    /// Whether every word `pattern` names is in its side's sequence, and a
    /// match of every synset it names may start there: false means the
    /// pattern cannot match.
    pub(crate) fn hold_words_of(&self, pattern: &Pattern) -> bool {
        self.hold(&pattern.upper, UPPER) && self.hold(&pattern.lower, LOWER)
    }

    fn hold(&self, elements: &[Element], side: usize) -> bool {
        let marked = |marks: &[[u16; 2]], i: u32| {
            marks.get(i as usize).is_some_and(|mark| mark[side] == self.generation)
        };
        elements.iter().all(|e| match e.kind {
            ElementKind::Word(w) => marked(&self.marks, w.0),
            ElementKind::Synset(i) => marked(&self.synset_marks, i),
            _ => true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::{Origin, Synset, VerbCode};

    fn word(n: u32) -> Element {
        Element { kind: ElementKind::Word(WordId(n)), closed: false }
    }

    fn synset(n: u32) -> Element {
        Element { kind: ElementKind::Synset(n), closed: false }
    }

    fn pattern(upper: &[Element], lower: &[Element]) -> Pattern {
        Pattern::new(upper.into(), lower.into(), VerbCode::Null, Origin::default())
    }

    #[test]
    fn words_are_checked_per_side_and_per_verb() {
        let none = SynsetStarts::default();
        let mut sides = SideWords::default();
        sides.begin(10, 0);
        sides.mark(WordId(3), true, &none);
        sides.mark(WordId(4), false, &none);
        sides.mark(WordId::UNKNOWN, false, &none);
        assert!(sides.hold_words_of(&pattern(&[word(3)], &[word(4)])));
        assert!(!sides.hold_words_of(&pattern(&[word(4)], &[])));
        assert!(!sides.hold_words_of(&pattern(&[], &[word(3)])));
        assert!(!sides.hold_words_of(&pattern(&[word(3)], &[word(4), word(5)])));
        // A pattern that names no word is not screened.
        let roles = Element { kind: ElementKind::Source, closed: false };
        assert!(sides.hold_words_of(&pattern(&[roles], &[])));
        // The next verb starts with no words, even when the generations
        // wrap around.
        for _ in 0..70_000 {
            sides.begin(10, 0);
            assert!(!sides.hold_words_of(&pattern(&[word(3)], &[])));
            sides.mark(WordId(3), true, &none);
            assert!(sides.hold_words_of(&pattern(&[word(3)], &[])));
        }
    }

    #[test]
    fn synsets_are_held_where_a_member_may_start() {
        // Synset 0: the word 7, and the phrase 8 9 (read forwards in a
        // lower sequence, from 9 back to 8 in an upper one).
        let members = Synset {
            words: vec![WordId(7)],
            phrases: vec![vec![WordId(8), WordId(9)].into()],
            ..Synset::default()
        };
        let starts = SynsetStarts::new(&[members]);
        let mut sides = SideWords::default();
        let holds = |sides: &SideWords, upper: bool| {
            let p = if upper { pattern(&[synset(0)], &[]) } else { pattern(&[], &[synset(0)]) };
            sides.hold_words_of(&p)
        };
        sides.begin(10, 1);
        assert!(!holds(&sides, true) && !holds(&sides, false));
        sides.mark(WordId(7), true, &starts);
        assert!(holds(&sides, true) && !holds(&sides, false));
        sides.begin(10, 1);
        sides.mark(WordId(8), false, &starts);
        sides.mark(WordId(9), true, &starts);
        assert!(holds(&sides, true) && holds(&sides, false));
        sides.begin(10, 1);
        sides.mark(WordId(8), true, &starts);
        sides.mark(WordId(9), false, &starts);
        assert!(!holds(&sides, true) && !holds(&sides, false));
    }
}
