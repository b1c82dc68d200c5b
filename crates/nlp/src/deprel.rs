//! Dependency labels in spaCy's English (ClearNLP-style) scheme.

/// A dependency label, e.g. `nsubj`, `dobj` or `ROOT`.
///
/// The set is the one in the silver news data. Labels outside it read as
/// [`DepRel::DEP`] (`dep`, the unspecified dependency).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DepRel(u8);

/// The label strings, indexed by [`DepRel::index`].
const LABEL_NAMES: [&str; 46] = [
    "ROOT",
    "dep",
    "punct",
    "prep",
    "pobj",
    "det",
    "nsubj",
    "compound",
    "amod",
    "dobj",
    "aux",
    "advmod",
    "conj",
    "cc",
    "ccomp",
    "poss",
    "advcl",
    "mark",
    "nummod",
    "xcomp",
    "relcl",
    "appos",
    "case",
    "auxpass",
    "acl",
    "nsubjpass",
    "npadvmod",
    "attr",
    "acomp",
    "pcomp",
    "neg",
    "nmod",
    "prt",
    "agent",
    "quantmod",
    "expl",
    "oprd",
    "dative",
    "csubj",
    "parataxis",
    "predet",
    "intj",
    "preconj",
    "meta",
    "csubjpass",
    "subtok",
];

impl DepRel {
    /// Number of distinct labels.
    pub const COUNT: usize = LABEL_NAMES.len();
    /// The label of the sentence root.
    pub const ROOT: DepRel = DepRel(0);
    /// The unspecified dependency `dep`.
    pub const DEP: DepRel = DepRel(1);
    /// The punctuation label `punct`.
    pub const PUNCT: DepRel = DepRel(2);

    /// The label with the given index, if it is below [`DepRel::COUNT`].
    pub fn from_index(index: usize) -> Option<DepRel> {
        (index < Self::COUNT).then_some(DepRel(index as u8))
    }

    /// Reads a label; unknown strings give `None`.
    pub fn parse(s: &str) -> Option<DepRel> {
        LABEL_NAMES.iter().position(|&t| t == s).map(|i| DepRel(i as u8))
    }

    /// Reads a label; unknown strings give [`DepRel::DEP`]; `root` gives `ROOT`.
    pub fn parse_lossy(s: &str) -> DepRel {
        if s == "root" {
            return DepRel::ROOT;
        }
        Self::parse(s).unwrap_or(DepRel::DEP)
    }

    /// The label as written in the silver data.
    pub fn as_str(self) -> &'static str {
        LABEL_NAMES[self.0 as usize]
    }

    /// Dense index of the label, below [`DepRel::COUNT`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl std::fmt::Display for DepRel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for i in 0..DepRel::COUNT {
            let label = DepRel::from_index(i).unwrap();
            assert_eq!(DepRel::parse(label.as_str()), Some(label));
        }
        assert_eq!(DepRel::parse_lossy("obl"), DepRel::DEP);
        assert_eq!(DepRel::parse_lossy("root"), DepRel::ROOT);
    }
}
