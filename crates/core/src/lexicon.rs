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

/// Words of at most this many bytes are kept in the lexicon's table itself.
const INLINE: usize = 16;

/// A set of interned words, each stored once, upper-cased.
///
/// Lookups are the coder's commonest memory access (every word of every
/// sentence), so a word of up to 16 bytes is found in one 24-byte slot
/// (one cache line, or two adjacent ones for a quarter of the slots): its
/// bytes are packed into the slot of an open-addressing table (linear
/// probing, at most half full), which the lookup compares as two machine
/// words. A longer word goes to an ordinary hash map.
#[derive(Clone, Debug)]
pub struct Lexicon {
    words: Vec<Box<str>>,
    slots: Vec<Slot>,
    /// Words longer than [`INLINE`] bytes.
    long: FxHashMap<Box<str>, WordId>,
}

/// One slot of the table: a word packed by [`pack`], its length and its
/// id ([`WordId::UNKNOWN`] for an empty slot).
#[derive(Clone, Copy, Debug)]
struct Slot {
    key: [u64; 2],
    len: u32,
    id: WordId,
}

const EMPTY: Slot = Slot { key: [0; 2], len: 0, id: WordId::UNKNOWN };

/// The first bytes of `bytes` (at most [`INLINE`]) as two little-endian
/// words, zero-filled; with the length, they tell two words apart. Read
/// with at most four loads, overlapping ones for the tail, rather than a
/// byte copy and a stalled reload.
fn pack(bytes: &[u8]) -> [u64; 2] {
    let n = bytes.len();
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]))
    };
    let u64_at = |i: usize| {
        u64::from_le_bytes([
            bytes[i],
            bytes[i + 1],
            bytes[i + 2],
            bytes[i + 3],
            bytes[i + 4],
            bytes[i + 5],
            bytes[i + 6],
            bytes[i + 7],
        ])
    };
    match n {
        0 => [0, 0],
        1..=3 => [bytes.iter().rev().fold(0, |k, &b| (k << 8) | u64::from(b)), 0],
        // The two loads overlap on bytes that are the same in both.
        4..=7 => [u32_at(0) | (u32_at(n - 4) << (8 * (n - 4))), 0],
        8 => [u64_at(0), 0],
        _ => [u64_at(0), u64_at(n - 8) >> (8 * (16 - n))],
    }
}

/// The slot hash of a packed word (a multiplicative mix; the table index
/// is its top bits).
fn slot_hash(key: [u64; 2], len: usize) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    ((key[0].wrapping_mul(K) ^ key[1]).wrapping_mul(K) ^ len as u64).wrapping_mul(K)
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon { words: Vec::new(), slots: vec![EMPTY; 16], long: FxHashMap::default() }
    }
}

impl Lexicon {
    /// An empty lexicon.
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    /// Interns `word` (which must already be upper-case) and returns its id.
    pub fn intern(&mut self, word: &str) -> WordId {
        let found = self.get(word);
        if !found.is_unknown() {
            return found;
        }
        let id = WordId(self.words.len() as u32);
        self.words.push(word.into());
        if word.len() > INLINE {
            self.long.insert(word.into(), id);
        } else {
            if 2 * (self.words.len() - self.long.len()) > self.slots.len() {
                self.grow();
            }
            self.place(word.as_bytes(), id);
        }
        id
    }

    /// Puts a short word into its slot (the table has room).
    fn place(&mut self, bytes: &[u8], id: WordId) {
        let key = pack(bytes);
        let mask = self.slots.len() - 1;
        let shift = 64 - self.slots.len().trailing_zeros();
        let mut i = (slot_hash(key, bytes.len()) >> shift) as usize;
        while !self.slots[i].id.is_unknown() {
            i = (i + 1) & mask;
        }
        self.slots[i] = Slot { key, len: bytes.len() as u32, id };
    }

    /// Doubles the table and places every short word again.
    fn grow(&mut self) {
        self.slots = vec![EMPTY; self.slots.len() * 2];
        for i in 0..self.words.len() {
            let word = std::mem::take(&mut self.words[i]);
            if word.len() <= INLINE {
                self.place(word.as_bytes(), WordId(i as u32));
            }
            self.words[i] = word;
        }
    }

    /// The id of `word` (upper-case), or [`WordId::UNKNOWN`].
    pub fn get(&self, word: &str) -> WordId {
        let bytes = word.as_bytes();
        if bytes.len() > INLINE {
            return self.long.get(word).copied().unwrap_or(WordId::UNKNOWN);
        }
        let key = pack(bytes);
        let mask = self.slots.len() - 1;
        let shift = 64 - self.slots.len().trailing_zeros();
        let mut i = (slot_hash(key, bytes.len()) >> shift) as usize;
        loop {
            let slot = &self.slots[i];
            if slot.key == key && slot.len as usize == bytes.len() {
                // An empty slot packs like the empty word; its id is
                // UNKNOWN, which is right when the empty word is not
                // interned (when it is, its slot comes first).
                return slot.id;
            }
            if slot.id.is_unknown() {
                return WordId::UNKNOWN;
            }
            i = (i + 1) & mask;
        }
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

    /// Every length around the packing's cases, words that differ only in
    /// their last byte or in a trailing zero byte, long words, and enough
    /// of them for the table to grow several times: each is found again,
    /// with its own id, and no other word is.
    #[test]
    fn table_finds_every_word_and_no_other() {
        let mut words: Vec<String> = Vec::new();
        for len in 1..=24 {
            for last in [b'A', b'B', 0u8] {
                let mut w: Vec<u8> = (0..len).map(|i| b'C' + (i % 20) as u8).collect();
                *w.last_mut().unwrap() = last;
                words.push(String::from_utf8(w).unwrap());
            }
        }
        words.extend((0..5000).map(|i| format!("W{i}")));
        words.push("ÉLYSÉE".to_string());
        let mut lex = Lexicon::new();
        let ids: Vec<WordId> = words.iter().map(|w| lex.intern(w)).collect();
        for (w, &id) in words.iter().zip(&ids) {
            assert_eq!(lex.get(w), id, "{w:?}");
            assert_eq!(lex.intern(w), id, "{w:?}");
            assert_eq!(lex.text(id), w);
        }
        let distinct: std::collections::HashSet<WordId> = ids.iter().copied().collect();
        assert_eq!(distinct.len(), words.len());
        for absent in ["", "W5000", "CDEFA\0", "CDE", "CDEFGHIJKLMNOPQRSTUVWXA", "ÉLYSÉ"] {
            assert_eq!(lex.get(absent), WordId::UNKNOWN, "{absent:?}");
        }
        assert_eq!(pack(b"ABCDEFGHIJKLMNOP")[1], u64::from_le_bytes(*b"IJKLMNOP"));
        assert_eq!(pack(b"ABCDEFGHIJ")[1], u64::from_le_bytes(*b"IJ\0\0\0\0\0\0"));
        assert_eq!(pack(b"ABCDEF")[0], u64::from_le_bytes(*b"ABCDEF\0\0"));
    }
}
