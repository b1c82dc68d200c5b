//! Penn Treebank part-of-speech tags, as spaCy and UD English-EWT write them.

/// A Penn Treebank part-of-speech tag.
///
/// The set is the one in the XPOS column of the silver news data and of UD
/// English-EWT. Tags outside it read as [`Tag::XX`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Tag(u8);

/// The tag strings, indexed by [`Tag::index`].
const TAG_NAMES: [&str; 51] = [
    "XX", "NN", "NNP", "IN", "DT", "JJ", "NNS", ",", "VBD", ".", "VB", "RB", "PRP", "CC", "VBN",
    "VBZ", "VBG", "CD", "TO", "VBP", "``", "''", "MD", "PRP$", "POS", ":", "HYPH", "WDT", "WP",
    "NNPS", "RP", "WRB", "-RRB-", "JJR", "-LRB-", "EX", "JJS", "RBR", "$", "RBS", "UH", "PDT",
    "SYM", "NFP", "FW", "WP$", "LS", "ADD", "_SP", "AFX", "GW",
];

impl Tag {
    /// Number of distinct tags.
    pub const COUNT: usize = TAG_NAMES.len();
    /// The fallback tag for unknown strings (`XX`).
    pub const XX: Tag = Tag(0);

    /// The tag with the given index, if it is below [`Tag::COUNT`].
    pub fn from_index(index: usize) -> Option<Tag> {
        (index < Self::COUNT).then_some(Tag(index as u8))
    }

    /// Reads a tag; unknown strings give `None`.
    pub fn parse(s: &str) -> Option<Tag> {
        TAG_NAMES.iter().position(|&t| t == s).map(|i| Tag(i as u8))
    }

    /// Reads a tag; unknown strings give [`Tag::XX`].
    pub fn parse_lossy(s: &str) -> Tag {
        Self::parse(s).unwrap_or(Tag::XX)
    }

    /// The tag as written in the Penn Treebank, e.g. `NNP` or `-LRB-`.
    pub fn as_str(self) -> &'static str {
        TAG_NAMES[self.0 as usize]
    }

    /// Dense index of the tag, below [`Tag::COUNT`].
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// True for nouns (`NN`, `NNS`, `NNP`, `NNPS`).
    pub fn is_noun(self) -> bool {
        self.as_str().starts_with("NN")
    }

    /// True for verbs (`VB*`, not `MD`).
    pub fn is_verb(self) -> bool {
        self.as_str().starts_with("VB")
    }

    /// True for proper nouns (`NNP`, `NNPS`).
    pub fn is_proper_noun(self) -> bool {
        self.as_str().starts_with("NNP")
    }
}

impl std::fmt::Display for Tag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for i in 0..Tag::COUNT {
            let tag = Tag::from_index(i).unwrap();
            assert_eq!(Tag::parse(tag.as_str()), Some(tag));
        }
        assert_eq!(Tag::parse_lossy("nonsense"), Tag::XX);
        assert!(Tag::parse("NNPS").unwrap().is_proper_noun());
        assert!(Tag::parse("VBZ").unwrap().is_verb());
    }
}
