//! Per-word hashes shared by the tagger and the parser.

use crate::hash::{hash_bytes, hash_str, strong_hash};

/// Hashes of one word's parts, computed once per token.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordInfo {
    /// The exact form (feature hash: see [`crate::hash`]; two words may
    /// share it).
    pub(crate) exact: u64,
    /// The exact form, by a hash whose collisions are as rare as random
    /// 64-bit values': what per-word caches are keyed by, so that they give
    /// what computing afresh would (see [`crate::hash::strong_hash`]).
    pub(crate) id: u64,
    /// The lower-cased form, with digits mapped to `0`.
    pub(crate) lower: u64,
    pub(crate) prefix1: u64,
    pub(crate) prefix3: u64,
    pub(crate) suffix2: u64,
    pub(crate) suffix3: u64,
    pub(crate) suffix4: u64,
    /// Word shape: `Xxxx`, `dd`, `XX.` with runs cut at four.
    pub(crate) shape: u64,
    /// Case of the first letter and length: a [`case`] class, plus
    /// [`case::LONG`] for words of four characters or more.
    pub(crate) case: u8,
}

/// Classes of [`WordInfo::case`].
pub(crate) mod case {
    /// Not a letter first (punctuation, numbers).
    pub(crate) const OTHER: u8 = 0;
    /// A lower-case letter first.
    pub(crate) const LOWER: u8 = 1;
    /// An upper-case letter first and a lower-case one later (`Talks`).
    pub(crate) const TITLE: u8 = 2;
    /// An upper-case letter first and no lower-case one (`UN`, `G8`).
    pub(crate) const UPPER: u8 = 3;
    /// Added to the class of a word of four characters or more.
    pub(crate) const LONG: u8 = 4;
}

/// Reusable buffers for [`WordInfo::compute`], and the infos of recent
/// words.
#[derive(Default)]
pub(crate) struct Scratch {
    lower: String,
    shape: String,
    /// Infos of recent words, direct-mapped by their [`WordInfo::id`] (0
    /// is an empty entry): news repeats its words, and an entry saves
    /// eight of a word's nine hashes.
    recent: Vec<WordInfo>,
}

/// Entries of [`Scratch::recent`] (a power of two).
const RECENT: usize = 1024;

impl WordInfo {
    /// Hashes `word`, or gives the infos computed for it lately (keyed by
    /// its strong hash, which the per-word caches already trust to tell
    /// words apart).
    pub(crate) fn compute(word: &str, scratch: &mut Scratch) -> WordInfo {
        let id = strong_hash(word.as_bytes());
        if scratch.recent.len() != RECENT {
            scratch.recent = vec![WordInfo::default(); RECENT];
        }
        let slot = id as usize & (RECENT - 1);
        if let Some(info) = scratch.recent.get(slot).filter(|info| info.id == id && id != 0) {
            return *info;
        }
        let info = WordInfo::compute_afresh(word, id, scratch);
        if let Some(entry) = scratch.recent.get_mut(slot) {
            *entry = info;
        }
        info
    }

    /// Hashes `word`, whose strong hash is `id`.
    fn compute_afresh(word: &str, id: u64, scratch: &mut Scratch) -> WordInfo {
        let lower = &mut scratch.lower;
        lower.clear();
        let shape = &mut scratch.shape;
        shape.clear();
        let mut last_shape = '\0';
        let mut run = 0;
        let mut n_chars = 0;
        let mut any_lower = false;
        let mut first = ' ';
        for c in word.chars() {
            if n_chars == 0 {
                first = c;
            }
            n_chars += 1;
            if c.is_ascii_digit() {
                lower.push('0');
            } else if c.is_ascii() {
                lower.push(c.to_ascii_lowercase());
            } else {
                lower.extend(c.to_lowercase());
            }
            let s = if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() {
                any_lower = true;
                'x'
            } else if c.is_numeric() {
                'd'
            } else if c.is_alphabetic() {
                'a'
            } else {
                c
            };
            if s == last_shape {
                run += 1;
            } else {
                run = 1;
                last_shape = s;
            }
            if run <= 4 {
                shape.push(s);
            }
        }
        let lower_str: &str = lower;
        let class = if first.is_lowercase() {
            case::LOWER
        } else if !first.is_uppercase() {
            case::OTHER
        } else if any_lower {
            case::TITLE
        } else {
            case::UPPER
        };
        WordInfo {
            exact: hash_str(word),
            id,
            lower: hash_str(lower_str),
            prefix1: hash_bytes(prefix(lower_str, 1).as_bytes()),
            prefix3: hash_bytes(prefix(lower_str, 3).as_bytes()),
            suffix2: hash_bytes(suffix(lower_str, 2).as_bytes()),
            suffix3: hash_bytes(suffix(lower_str, 3).as_bytes()),
            suffix4: hash_bytes(suffix(lower_str, 4).as_bytes()),
            shape: hash_str(shape),
            case: class + if n_chars >= 4 { case::LONG } else { 0 },
        }
    }

    /// The info of a position outside the sentence.
    pub(crate) fn padding() -> WordInfo {
        let h = hash_str("\0pad");
        WordInfo {
            exact: h,
            id: strong_hash(b"\0pad"),
            lower: h,
            prefix1: h,
            prefix3: h,
            suffix2: h,
            suffix3: h,
            suffix4: h,
            shape: h,
            case: case::OTHER,
        }
    }
}

/// The first `n` characters of `s`.
fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The last `n` characters of `s`.
fn suffix(s: &str, n: usize) -> &str {
    let mut start = s.len();
    for (count, (i, _)) in s.char_indices().rev().enumerate() {
        if count == n {
            break;
        }
        start = i;
    }
    &s[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts() {
        assert_eq!(prefix("héllo", 3), "hél");
        assert_eq!(suffix("héllo", 4), "éllo");
        assert_eq!(suffix("ab", 4), "ab");
        let mut scratch = Scratch::default();
        let a = WordInfo::compute("Talks", &mut scratch);
        let b = WordInfo::compute("talks", &mut scratch);
        assert_eq!(a.lower, b.lower);
        assert_ne!(a.exact, b.exact);
        assert_ne!(a.shape, b.shape);
        assert_eq!(a.case, case::TITLE + case::LONG);
        assert_eq!(b.case, case::LOWER + case::LONG);
        assert_eq!(WordInfo::compute("UN", &mut scratch).case, case::UPPER);
        assert_eq!(WordInfo::compute("Élan", &mut scratch).case, case::TITLE + case::LONG);
        // From the recent words: the same infos.
        let again = WordInfo::compute("Talks", &mut scratch);
        assert_eq!(
            (again.exact, again.lower, again.shape, again.case),
            (a.exact, a.lower, a.shape, a.case)
        );
        assert_eq!(
            again.suffix4,
            WordInfo::compute_afresh("Talks", a.id, &mut Scratch::default()).suffix4
        );
        let c = WordInfo::compute("1999", &mut scratch);
        let d = WordInfo::compute("2004", &mut scratch);
        assert_eq!(c.lower, d.lower);
        assert_eq!(c.case, case::OTHER + case::LONG);
    }
}
