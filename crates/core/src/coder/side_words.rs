//! The exact sets of words on each side of the verb being coded, for
//! screening its patterns.
//!
//! A pattern's word signatures ([`crate::dict::word_bit`]) screen out most
//! patterns that cannot match, but 128 bits hold a sequence of forty words
//! loosely: about a quarter of the bits are set, so that a pattern needing
//! one absent word passes the signature test one time in four. A pattern
//! matches only if every word it names is in its side's sequence (see
//! [`super::matcher::match_side`]), so the words are checked exactly before
//! the pattern is walked: a mark per word of the lexicon, stamped with the
//! current verb's generation so that nothing is cleared between verbs.

use crate::dict::{Element, ElementKind, Pattern};
use crate::lexicon::WordId;

/// Marks of the words of the upper and lower sequences of one verb.
#[derive(Clone, Debug, Default)]
pub(crate) struct SideWords {
    /// Per word id: the generation in which it was last seen in the upper
    /// sequence, then in the lower one (0: never).
    marks: Vec<[u16; 2]>,
    /// The current verb's generation (1 to 65,535).
    generation: u16,
}

/// Index of a side in a mark.
const UPPER: usize = 0;
const LOWER: usize = 1;

impl SideWords {
    /// Forgets the previous verb's words; `n_words` is the lexicon's size
    /// (ids beyond it are never marked, and no pattern names them).
    pub(crate) fn begin(&mut self, n_words: usize) {
        if self.marks.len() < n_words {
            self.marks.resize(n_words, [0; 2]);
        }
        if self.generation == u16::MAX {
            self.marks.fill([0; 2]);
            self.generation = 0;
        }
        self.generation += 1;
    }

    /// Notes that `word` is in the upper (or else the lower) sequence.
    #[inline]
    pub(crate) fn mark(&mut self, word: WordId, upper: bool) {
        if let Some(mark) = self.marks.get_mut(word.0 as usize) {
            mark[if upper { UPPER } else { LOWER }] = self.generation;
        }
    }

    /// Whether every word `pattern` names is in its side's sequence: false
    /// means the pattern cannot match.
    pub(crate) fn hold_words_of(&self, pattern: &Pattern) -> bool {
        (pattern.need_upper == 0 || self.hold(&pattern.upper, UPPER))
            && (pattern.need_lower == 0 || self.hold(&pattern.lower, LOWER))
    }

    fn hold(&self, elements: &[Element], side: usize) -> bool {
        elements.iter().all(|e| match e.kind {
            ElementKind::Word(w) => {
                self.marks.get(w.0 as usize).is_some_and(|mark| mark[side] == self.generation)
            }
            _ => true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::{Origin, VerbCode};

    fn word(n: u32) -> Element {
        Element { kind: ElementKind::Word(WordId(n)), closed: false }
    }

    fn pattern(upper: &[Element], lower: &[Element]) -> Pattern {
        Pattern::new(upper.into(), lower.into(), VerbCode::Null, Origin::default())
    }

    #[test]
    fn words_are_checked_per_side_and_per_verb() {
        let mut sides = SideWords::default();
        sides.begin(10);
        sides.mark(WordId(3), true);
        sides.mark(WordId(4), false);
        sides.mark(WordId::UNKNOWN, false);
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
            sides.begin(10);
            assert!(!sides.hold_words_of(&pattern(&[word(3)], &[])));
            sides.mark(WordId(3), true);
            assert!(sides.hold_words_of(&pattern(&[word(3)], &[])));
        }
    }
}
