//! Interned upper-case words.
//!
//! Dictionaries and sentences share one [`Lexicon`]: every dictionary word is
//! interned once when the dictionaries are compiled, and the words of a
//! sentence are looked up (never inserted) while coding, so that the hot loop
//! compares `u32`s instead of strings.

use rustc_hash::FxHashMap;

/// The id of an interned word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WordId(pub u32);

impl WordId {
    /// The id given to sentence words that no dictionary mentions.
    pub const UNKNOWN: WordId = WordId(u32::MAX);

    /// True for [`WordId::UNKNOWN`].
    pub fn is_unknown(self) -> bool {
        self == WordId::UNKNOWN
    }
}

/// A set of interned words, each stored once, upper-cased.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    ids: FxHashMap<Box<str>, WordId>,
    words: Vec<Box<str>>,
}

impl Lexicon {
    /// An empty lexicon.
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    /// Interns `word` (which must already be upper-case) and returns its id.
    pub fn intern(&mut self, word: &str) -> WordId {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = WordId(self.words.len() as u32);
        self.words.push(word.into());
        self.ids.insert(word.into(), id);
        id
    }

    /// The id of `word` (upper-case), or [`WordId::UNKNOWN`].
    pub fn get(&self, word: &str) -> WordId {
        self.ids.get(word).copied().unwrap_or(WordId::UNKNOWN)
    }

    /// The id of `word` in any case: it is upper-cased into `scratch` first.
    pub fn get_any_case(&self, word: &str, scratch: &mut String) -> WordId {
        if word.bytes().all(|b| !b.is_ascii_lowercase()) && word.is_ascii() {
            return self.get(word);
        }
        scratch.clear();
        for ch in word.chars() {
            scratch.extend(ch.to_uppercase());
        }
        self.get(scratch)
    }

    /// The text of an interned word; `"?"` for [`WordId::UNKNOWN`].
    pub fn text(&self, id: WordId) -> &str {
        self.words.get(id.0 as usize).map_or("?", |w| w)
    }

    /// Number of interned words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when nothing has been interned.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// All words in id order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|w| &**w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intern_and_lookup() {
        let mut lex = Lexicon::new();
        let a = lex.intern("ARNOR");
        let b = lex.intern("GONDOR");
        assert_ne!(a, b);
        assert_eq!(lex.intern("ARNOR"), a);
        assert_eq!(lex.get("GONDOR"), b);
        assert_eq!(lex.get("ROHAN"), WordId::UNKNOWN);
        let mut scratch = String::new();
        assert_eq!(lex.get_any_case("Gondor", &mut scratch), b);
        assert_eq!(lex.text(a), "ARNOR");
        assert_eq!(lex.text(WordId::UNKNOWN), "?");
    }
}
