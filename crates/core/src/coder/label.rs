//! Constituent labels, interned, with the prefix tests the coder needs.

use rustc_hash::FxHashMap;

/// An interned constituent label (`NP`, `VBD`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Label(pub u16);

impl Label {
    pub const ROOT: Label = Label(0);
    pub const NE: Label = Label(1);
    pub const NEC: Label = Label(2);
    pub const SBR: Label = Label(3);
    pub const CCP: Label = Label(4);
    pub const VP: Label = Label(5);
    pub const NP: Label = Label(6);
    pub const SBAR: Label = Label(7);
    pub const CC: Label = Label(8);
    pub const IN: Label = Label(9);
    pub const VBN: Label = Label(10);
    pub const COMMA: Label = Label(11);
    pub const JJ: Label = Label(12);
    pub const OTHER: Label = Label(13);
    pub const S: Label = Label(14);
}

/// The labels with a constant, in the order of their ids: every constant of
/// [`Label`] must be here, at its own index.
const FIXED: [&str; 15] =
    ["ROOT", "NE", "NEC", "SBR", "CCP", "VP", "NP", "SBAR", "CC", "IN", "VBN", ",", "JJ", "X", "S"];

/// Labels beyond this many are all mapped to [`Label::OTHER`], so that
/// hostile input cannot grow the table without bound.
const MAX_LABELS: usize = 4096;

/// Prefix flags of a label.
pub(crate) mod flag {
    pub const VB: u16 = 1;
    pub const NN: u16 = 1 << 1;
    pub const NP: u16 = 1 << 2;
    pub const NEC: u16 = 1 << 3;
    pub const JJ: u16 = 1 << 4;
    pub const S: u16 = 1 << 5;
    pub const N: u16 = 1 << 6;
    pub const CC: u16 = 1 << 7;
    pub const PP: u16 = 1 << 8;
    pub const POS: u16 = 1 << 9;
    pub const VPX: u16 = 1 << 10;
    /// Adverbs and adverb phrases (`RB`, `RBR`, `RBS`, `ADVP`).
    pub const ADV: u16 = 1 << 11;
}

/// Slots of [`Labels`]' cache of short names (a power of two).
const CACHE_SLOTS: usize = 256;

/// The label table.
#[derive(Clone, Debug)]
pub(crate) struct Labels {
    ids: FxHashMap<Box<str>, Label>,
    names: Vec<Box<str>>,
    flags: Vec<u16>,
    /// A direct-mapped cache from a short name, as written in the tree
    /// (see [`short_key`]), to its label: every node of every sentence is
    /// looked up, and nearly all of them in a few dozen Penn labels, so
    /// most lookups are one multiplication and one comparison, with no
    /// string hashed or compared. A slot holds the last name that mapped
    /// to it; key 0 is no name.
    cache: Box<[(u64, Label); CACHE_SLOTS]>,
}

/// A name of at most seven bytes packed into one word with its length in
/// the top byte, so that two names have equal keys only when they are
/// equal; `None` for a longer name.
fn short_key(name: &str) -> Option<u64> {
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() > 7 {
        return None;
    }
    // Shifted in register: a copy into a byte array read back as one word
    // cost a call to memcpy and a stalled load.
    let key = bytes.iter().rev().fold(0u64, |key, &b| (key << 8) | u64::from(b));
    Some(key | (bytes.len() as u64) << 56)
}

fn cache_slot(key: u64) -> usize {
    // Fibonacci hashing: the top bits of the product.
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - CACHE_SLOTS.trailing_zeros())) as usize
}

impl Default for Labels {
    fn default() -> Self {
        let mut labels = Labels {
            ids: FxHashMap::default(),
            names: Vec::new(),
            flags: Vec::new(),
            cache: Box::new([(0, Label::OTHER); CACHE_SLOTS]),
        };
        for name in FIXED {
            labels.add(name);
        }
        labels
    }
}

impl Labels {
    fn add(&mut self, name: &str) -> Label {
        let id = Label(self.names.len() as u16);
        self.names.push(name.into());
        self.flags.push(flags_of(name));
        self.ids.insert(name.into(), id);
        id
    }

    /// The label for `name`, interned on first sight (upper-cased).
    pub(crate) fn get(&mut self, name: &str) -> Label {
        let Some(key) = short_key(name) else {
            return self.lookup(name);
        };
        let slot = cache_slot(key);
        let (cached, label) = self.cache[slot];
        if cached == key {
            return label;
        }
        let label = self.lookup(name);
        self.cache[slot] = (key, label);
        label
    }

    /// [`Labels::get`] without the cache.
    fn lookup(&mut self, name: &str) -> Label {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let upper = name.to_ascii_uppercase();
        if let Some(&id) = self.ids.get(upper.as_str()) {
            return id;
        }
        if self.names.len() >= MAX_LABELS {
            return Label::OTHER;
        }
        self.add(&upper)
    }

    pub(crate) fn name(&self, label: Label) -> &str {
        &self.names[label.0 as usize]
    }

    pub(crate) fn has(&self, label: Label, flag: u16) -> bool {
        self.flags[label.0 as usize] & flag != 0
    }
}

fn flags_of(name: &str) -> u16 {
    let mut f = 0;
    let pairs: [(&str, u16); 13] = [
        ("RB", flag::ADV),
        ("ADVP", flag::ADV),
        ("VB", flag::VB),
        ("NN", flag::NN),
        ("NP", flag::NP),
        ("NEC", flag::NEC),
        ("JJ", flag::JJ),
        ("S", flag::S),
        ("N", flag::N),
        ("CC", flag::CC),
        ("PP", flag::PP),
        ("POS", flag::POS),
        ("VP", flag::VPX),
    ];
    for (prefix, bit) in pairs {
        if name.starts_with(prefix) {
            f |= bit;
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_name_their_labels() {
        // Whatever label a sentence shows first, the constants keep their
        // meaning (a tree starting with `NNP` once got S's id).
        let mut labels = Labels::default();
        let nnp = labels.get("NNP");
        assert_ne!(nnp, Label::S);
        for (label, name) in [
            (Label::ROOT, "ROOT"),
            (Label::NE, "NE"),
            (Label::NEC, "NEC"),
            (Label::SBR, "SBR"),
            (Label::CCP, "CCP"),
            (Label::VP, "VP"),
            (Label::NP, "NP"),
            (Label::SBAR, "SBAR"),
            (Label::CC, "CC"),
            (Label::IN, "IN"),
            (Label::VBN, "VBN"),
            (Label::COMMA, ","),
            (Label::JJ, "JJ"),
            (Label::OTHER, "X"),
            (Label::S, "S"),
        ] {
            assert_eq!(labels.name(label), name);
            assert_eq!(labels.get(name), label);
        }
    }

    #[test]
    fn interning_and_flags() {
        let mut labels = Labels::default();
        assert_eq!(labels.get("NP"), Label::NP);
        let vbd = labels.get("VBD");
        assert!(labels.has(vbd, flag::VB));
        assert!(!labels.has(vbd, flag::NN));
        let nnp = labels.get("nnp");
        assert_eq!(labels.name(nnp), "NNP");
        assert!(labels.has(nnp, flag::NN) && labels.has(nnp, flag::N));
        assert!(labels.has(Label::SBAR, flag::S));
        assert_eq!(labels.get("NNP"), nnp);
    }

    #[test]
    fn cached_and_uncached_lookups_agree() {
        // Names of every length around the cache's seven-byte limit, in
        // both cases, twice each (the second lookup is served by the cache
        // when the name is short), and more names than the cache has slots,
        // so that slots are overwritten.
        let mut names: Vec<String> =
            ["NP", "np", "WHADVP", "whadvp", "SBARQ", "-LRB-", "ABCDEFG", "abcdefg", "ABCDEFGH"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        names.extend((0..600).map(|i| format!("L{i}")));
        let mut cached = Labels::default();
        let mut plain = Labels::default();
        for round in 0..2 {
            for name in &names {
                let want = plain.lookup(name);
                assert_eq!(cached.get(name), want, "{name}, round {round}");
            }
        }
        assert_eq!(cached.get("abcdefgh"), cached.get("ABCDEFGH"));
        assert_ne!(cached.get("ABCDEFG"), cached.get("ABCDEFGH"));
        assert_ne!(short_key("NP"), short_key("NP\0"));
    }
}
