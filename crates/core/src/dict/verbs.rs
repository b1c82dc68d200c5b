//! Verb dictionaries: verb classes, their forms, their patterns, synsets.
//!
//! Two dialects are read, and compiled into one representation:
//!
//! * **PETRARCH-1 / TABARI** (the unit-test suite's `PETR.Validate.verbs.txt`):
//!   patterns are flat word sequences around the verb `*`, with open (space)
//!   and closed (`_`) connectors and the role tokens `$` (source), `+`
//!   (target), `^` (skip a noun phrase) and `%` (a compound that is both);
//!   `[A:B]` is a symmetric pair of codes; patterns are tried in file order.
//! * **PETRARCH-2** (`CAMEO.2.0.txt`): synsets before a
//!   `####### VERB PATTERNS #######` line, patterns written with noun phrases
//!   `{MOD HEAD}` and prepositional phrases `(PREP NOUN)`, `[active:passive]`
//!   codes, and `~` transformations. Its patterns are compiled into the same
//!   flat sequences (phrase words in order, open connectors) and ordered most
//!   specific first, which is what PETRARCH-2's deepest-trie-match rule does.
//!
//! ```text
//! &CURRENCY
//! +DOLLAR
//! +SWISS FRANC
//!
//! --- GRANT [070] ---
//! GRANT
//! GIVE {GAVE GIVEN GIVING GIVES}
//! +HAND_OVER
//! - * &CURRENCY [071]
//! - $ * + AID [073]
//! ```

use rustc_hash::FxHashMap;

use super::{CodeId, CodeTable, Diagnostic, Diagnostics, Origin, Severity};
use crate::lexicon::{Lexicon, WordId};

/// The verb dictionary dialects: where a verb class came from, which
/// decides how its patterns are read and ordered and whether its verbs
/// combine with the infinitives they govern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Dialect {
    /// PETRARCH-1 / TABARI flat patterns; a governing verb is coded alone.
    #[default]
    Petrarch1,
    /// PETRARCH-2 phrase patterns, most specific first; governing verbs
    /// combine with the verbs they govern.
    Petrarch2,
    /// dyad's own format: patterns in file order, as PETRARCH-1; governing
    /// verbs combine, as PETRARCH-2.
    Dyad,
}

/// The code a verb, a pattern or a block gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerbCode {
    /// `[---]`: no event.
    Null,
    /// A single event code.
    Code(CodeId),
    /// PETRARCH-1 `[A:B]`: source→target gets A and target→source gets B.
    Pair(Option<CodeId>, Option<CodeId>),
    /// PETRARCH-2 `[A:B]`: A in the active voice, B in the passive.
    Voice(Option<CodeId>, Option<CodeId>),
}

impl VerbCode {
    /// True for [`VerbCode::Null`] (and pairs with nothing in them).
    pub fn is_null(self) -> bool {
        matches!(self, VerbCode::Null | VerbCode::Pair(None, None) | VerbCode::Voice(None, None))
    }
}

/// What one pattern element matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElementKind {
    /// A word, exactly.
    Word(WordId),
    /// Any member of a synset.
    Synset(u32),
    /// `$`: the noun phrase here is the source.
    Source,
    /// `+`: the noun phrase here is the target.
    Target,
    /// `^`: skip a noun phrase.
    Skip,
    /// `%`: the compound here is both source and target.
    Compound,
    /// A one-character word, which PETRARCH-1 treats like a role token
    /// without binding anything.
    OneChar(WordId),
    /// An empty element from a doubled space; ignored.
    Empty,
}

/// One element of a pattern, with the connector that joins it to the
/// previous element (the one nearer the verb).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Element {
    /// What it matches.
    pub kind: ElementKind,
    /// True when it must come right after the previous element (`_`).
    pub closed: bool,
}

/// A verb pattern: words before the verb (read outward from it) and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// Elements before the verb, nearest first.
    pub upper: Box<[Element]>,
    /// Elements after the verb, nearest first.
    pub lower: Box<[Element]>,
    /// The code it gives.
    pub code: VerbCode,
    /// Where it was defined.
    pub origin: Origin,
    /// A 128-bit signature of the words the upper side needs ([`word_bit`]):
    /// a sequence lacking one of these bits cannot match.
    pub need_upper: u128,
    /// The same for the lower side.
    pub need_lower: u128,
}

/// The signature bit of a word.
pub fn word_bit(word: WordId) -> u128 {
    1u128 << (word.0.wrapping_mul(0x9E37_79B9) >> 25)
}

impl Pattern {
    /// A pattern with its word signatures computed.
    pub fn new(
        upper: Box<[Element]>,
        lower: Box<[Element]>,
        code: VerbCode,
        origin: Origin,
    ) -> Pattern {
        let need = |els: &[Element]| {
            els.iter().fold(0u128, |acc, e| match e.kind {
                ElementKind::Word(w) => acc | word_bit(w),
                _ => acc,
            })
        };
        let (need_upper, need_lower) = (need(&upper), need(&lower));
        Pattern { upper, lower, code, origin, need_upper, need_lower }
    }
}

/// A block of verbs sharing patterns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerbClass {
    /// The block's label (or its first verb).
    pub name: Box<str>,
    /// Patterns in the order they are tried.
    pub patterns: Vec<Pattern>,
    /// The dialect of the file it came from.
    pub dialect: Dialect,
    /// Where the block starts.
    pub origin: Origin,
    /// Each pattern's `(need_upper, need_lower)`, in pattern order: the
    /// coder screens a block's patterns from this dense copy and reads only
    /// those that pass. Kept by [`VerbClass::index_needs`].
    pub(crate) needs: Vec<(u128, u128)>,
}

impl VerbClass {
    /// Rebuilds `needs` from the patterns; call after the patterns change.
    pub(crate) fn index_needs(&mut self) {
        self.needs = self.patterns.iter().map(|p| (p.need_upper, p.need_lower)).collect();
    }

    /// The patterns whose word signatures `have_upper` and `have_lower`
    /// hold, in order: the only ones that can match.
    pub fn screened(&self, have_upper: u128, have_lower: u128) -> impl Iterator<Item = &Pattern> {
        debug_assert_eq!(self.needs.len(), self.patterns.len());
        self.needs.iter().zip(&self.patterns).filter_map(move |(&(up, low), pattern)| {
            (up & !have_upper == 0 && low & !have_lower == 0).then_some(pattern)
        })
    }
}

/// A verb form's class and default code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerbSense {
    /// Index of the verb class.
    pub class: u32,
    /// Code when no pattern matches.
    pub code: VerbCode,
    /// Where the verb line is.
    pub origin: Origin,
}

/// A multi-word verb keyed by the word a parser tags as the verb.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MultiWordVerb {
    /// Words that must follow the verb, in order (`UP` in `+BEEF_UP`).
    pub after: Box<[WordId]>,
    /// Words that must precede it, nearest first (`WIRE` in `WIRE_+TAP`).
    pub before: Box<[WordId]>,
    /// Class and code.
    pub sense: VerbSense,
}

/// Everything a word form can be as a verb.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerbForm {
    /// The single-word verb, if the form is one.
    pub single: Option<VerbSense>,
    /// True when `single` comes from a block's first verb, which wins over
    /// a form listed in another block.
    pub primary: bool,
    /// Multi-word verbs keyed by this form; tried before `single`.
    pub multi: Vec<MultiWordVerb>,
}

/// A named set of words and phrases usable in patterns (`&CURRENCY`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Synset {
    /// The name without `&`.
    pub name: Box<str>,
    /// One-word members, sorted.
    pub words: Vec<WordId>,
    /// Multi-word members (consecutive words).
    pub phrases: Vec<Box<[WordId]>>,
    /// Where it is defined.
    pub origin: Origin,
    /// The [`word_bit`] signatures of the one-word members, of the
    /// multi-word members' first words and of their last words (where a
    /// member starts in an upper sequence, which runs backwards): a word
    /// outside them is no member and starts none. Kept by
    /// [`Synset::index_members`].
    pub(crate) signatures: [u128; 3],
}

impl Synset {
    /// True when `word` is a one-word member.
    pub fn contains(&self, word: WordId) -> bool {
        self.signatures[0] & word_bit(word) != 0 && self.words.binary_search(&word).is_ok()
    }

    /// Rebuilds `signatures`; call after the members change.
    pub(crate) fn index_members(&mut self) {
        let words = self.words.iter().fold(0, |sig, &w| sig | word_bit(w));
        let (first, last) = self.phrases.iter().fold((0, 0), |(first, last), phrase| {
            match (phrase.first(), phrase.last()) {
                (Some(&a), Some(&b)) => (first | word_bit(a), last | word_bit(b)),
                _ => (first, last),
            }
        });
        self.signatures = [words, first, last];
    }

    /// True when a multi-word member may start at `word`, read forwards
    /// (`upper` false) or backwards: false means none does.
    pub(crate) fn may_start_phrase(&self, word: WordId, upper: bool) -> bool {
        let starts = if upper { self.signatures[2] } else { self.signatures[1] };
        starts & word_bit(word) != 0
    }
}

/// Side bit of a [`SynsetStarts`] entry: a match may start at the word in
/// an upper sequence (read backwards from the verb).
pub(crate) const START_UPPER: u8 = 1;
/// Side bit of a [`SynsetStarts`] entry: in a lower sequence.
pub(crate) const START_LOWER: u8 = 2;

/// For each word, the synsets whose element may match from it and on which
/// side: a one-word member on both; the first word of a multi-word member
/// in a lower sequence, which reads forwards, and its last word in an upper
/// one, which reads backwards. A side holding no such word for a synset
/// cannot match the synset's elements there.
#[derive(Clone, Debug, Default)]
pub(crate) struct SynsetStarts {
    /// Per word id, where its entries start in `entries` (its last entry
    /// ends where the next word's start); ids beyond have none.
    offsets: Vec<u32>,
    /// (synset index, side bits), grouped by word.
    entries: Vec<(u32, u8)>,
}

impl SynsetStarts {
    /// Indexes `synsets`.
    pub(crate) fn new(synsets: &[Synset]) -> SynsetStarts {
        let mut pairs: Vec<(WordId, u32, u8)> = Vec::new();
        for (i, synset) in synsets.iter().enumerate() {
            let i = i as u32;
            pairs.extend(synset.words.iter().map(|&w| (w, i, START_UPPER | START_LOWER)));
            for phrase in &synset.phrases {
                pairs.extend(phrase.first().map(|&w| (w, i, START_LOWER)));
                pairs.extend(phrase.last().map(|&w| (w, i, START_UPPER)));
            }
        }
        pairs.retain(|(w, _, _)| !w.is_unknown());
        pairs.sort_unstable();
        // One entry per word and synset, with the sides merged.
        let mut merged: Vec<(WordId, u32, u8)> = Vec::with_capacity(pairs.len());
        for (w, i, sides) in pairs {
            match merged.last_mut() {
                Some(last) if last.0 == w && last.1 == i => last.2 |= sides,
                _ => merged.push((w, i, sides)),
            }
        }
        let n_words = merged.last().map_or(0, |&(w, _, _)| w.0 as usize + 1);
        let mut offsets = vec![0u32; n_words + 1];
        for &(w, _, _) in &merged {
            offsets[w.0 as usize + 1] += 1;
        }
        for k in 1..offsets.len() {
            offsets[k] += offsets[k - 1];
        }
        let entries = merged.into_iter().map(|(_, i, sides)| (i, sides)).collect();
        SynsetStarts { offsets, entries }
    }

    /// The (synset index, side bits) entries of `word`.
    #[inline]
    pub(crate) fn of(&self, word: WordId) -> &[(u32, u8)] {
        let w = word.0 as usize;
        match (self.offsets.get(w), self.offsets.get(w.wrapping_add(1))) {
            (Some(&a), Some(&b)) => self.entries.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// A PETRARCH-2 transformation (`~ a (b . ATTACK) SAY = a b 112`), kept
/// parsed into its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transformation {
    /// Outer source variable.
    pub outer_source: Box<str>,
    /// Inner source and target variables.
    pub inner_source: Box<str>,
    /// Inner target variable.
    pub inner_target: Box<str>,
    /// Inner verb class name (`Q` = any).
    pub inner_verb: Box<str>,
    /// Outer verb class name.
    pub outer_verb: Box<str>,
    /// Output source variable, target variable and code (`Q` = the inner code).
    pub output: [Box<str>; 3],
    /// Where it is defined.
    pub origin: Origin,
}

/// The compiled verb dictionary.
#[derive(Clone, Debug, Default)]
pub struct VerbDict {
    pub(crate) forms: FxHashMap<WordId, VerbForm>,
    pub(crate) classes: Vec<VerbClass>,
    pub(crate) synsets: Vec<Synset>,
    pub(crate) transformations: Vec<Transformation>,
    /// Where matches of the synsets may start. Kept by
    /// [`VerbDict::index_synsets`].
    pub(crate) synset_starts: SynsetStarts,
}

impl VerbDict {
    /// Rebuilds `synset_starts`; call after the synsets change.
    pub(crate) fn index_synsets(&mut self) {
        self.synset_starts = SynsetStarts::new(&self.synsets);
    }

    /// The entry for a verb form.
    pub fn form(&self, word: WordId) -> Option<&VerbForm> {
        self.forms.get(&word)
    }

    /// All verb classes.
    pub fn classes(&self) -> &[VerbClass] {
        &self.classes
    }

    /// All synsets.
    pub fn synsets(&self) -> &[Synset] {
        &self.synsets
    }

    /// All transformations.
    pub fn transformations(&self) -> &[Transformation] {
        &self.transformations
    }

    /// Number of distinct verb forms.
    pub fn n_forms(&self) -> usize {
        self.forms.len()
    }

    /// Number of patterns in all classes.
    pub fn n_patterns(&self) -> usize {
        self.classes.iter().map(|c| c.patterns.len()).sum()
    }
}

/// Accumulates verb files into a [`VerbDict`].
#[derive(Default)]
pub(crate) struct VerbBuilder {
    pub(crate) dict: VerbDict,
    pub(crate) synset_by_name: FxHashMap<String, u32>,
    pub(crate) class_by_key: FxHashMap<(u16, String), u32>,
    pub(crate) used_synsets: Vec<bool>,
}

/// Recognises the dialect of a verb file from its content.
pub fn detect_dialect(text: &str) -> Dialect {
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("####### VERB PATTERNS") || t.starts_with('~') {
            return Dialect::Petrarch2;
        }
        if t.starts_with('-') && !t.starts_with("---") {
            let body = t.split('[').next().unwrap_or("");
            if body.contains('(') || body.contains('{') {
                return Dialect::Petrarch2;
            }
        }
    }
    Dialect::Petrarch1
}

struct FileState {
    file: u16,
    dialect: Dialect,
    class: Option<u32>,
    block_name: String,
    block_code: VerbCode,
    block_origin: Origin,
    new_block: bool,
    synset: Option<u32>,
    in_synset_region: bool,
}

impl VerbBuilder {
    pub(crate) fn read(
        &mut self,
        text: &str,
        file: u16,
        lexicon: &mut Lexicon,
        codes: &mut CodeTable,
        diag: &mut Diagnostics<'_>,
    ) {
        let dialect = detect_dialect(text);
        self.read_dialect(text, dialect, file, lexicon, codes, diag);
    }

    pub(crate) fn read_dialect(
        &mut self,
        text: &str,
        dialect: Dialect,
        file: u16,
        lexicon: &mut Lexicon,
        codes: &mut CodeTable,
        diag: &mut Diagnostics<'_>,
    ) {
        let mut st = FileState {
            file,
            dialect,
            class: None,
            block_name: String::new(),
            block_code: VerbCode::Null,
            block_origin: Origin { file, line: 0 },
            new_block: false,
            synset: None,
            in_synset_region: dialect == Dialect::Petrarch2,
        };
        for line in super::lines::content_lines(text, false) {
            let content = line.text.trim();
            let origin = Origin { file, line: line.number };
            if content.starts_with("####### VERB PATTERNS") {
                st.in_synset_region = false;
                st.synset = None;
                continue;
            }
            if let Some(set) = st.synset {
                if let Some(member) = content.strip_prefix('+') {
                    self.add_synset_member(set, member, dialect, lexicon, diag, line.number);
                    continue;
                }
                st.synset = None;
            }
            if content.starts_with("---") {
                self.start_block(&mut st, content, origin, codes, diag);
            } else if content.starts_with('-') {
                self.add_pattern(&mut st, content, origin, lexicon, codes, diag);
            } else if let Some(name) = content.strip_prefix('&') {
                if dialect == Dialect::Petrarch2 && !st.in_synset_region {
                    diag.warning(line.number, "synset after the verb patterns marker");
                }
                st.synset = Some(self.define_synset(name, origin, diag));
            } else if content.starts_with('~') {
                self.add_transformation(content, origin, codes, diag);
            } else {
                self.add_verb_line(&mut st, content, origin, lexicon, codes, diag);
            }
        }
    }

    fn start_block(
        &mut self,
        st: &mut FileState,
        content: &str,
        origin: Origin,
        codes: &mut CodeTable,
        diag: &mut Diagnostics<'_>,
    ) {
        let inner = content.trim_matches('-').trim();
        let (name, code_text) = match inner.find('[') {
            Some(i) => {
                let end = inner[i..].find(']').map_or(inner.len(), |e| i + e);
                (inner[..i].trim(), &inner[i + 1..end])
            }
            None => (inner, "---"),
        };
        st.block_name = name.to_string();
        st.block_code = parse_code(code_text.trim(), st.dialect, codes, diag, origin.line);
        st.block_origin = origin;
        st.new_block = true;
        st.class = None;
        if st.dialect == Dialect::Petrarch2 {
            // PETRARCH-2 keys a block by its label.
            let key = (st.file, format!("#{name}"));
            let class = match self.class_by_key.get(&key) {
                Some(&c) => c,
                None => {
                    let c = self.new_class(name, st.dialect, origin);
                    self.class_by_key.insert(key, c);
                    c
                }
            };
            st.class = Some(class);
        }
    }

    pub(crate) fn new_class(&mut self, name: &str, dialect: Dialect, origin: Origin) -> u32 {
        self.dict.classes.push(VerbClass {
            name: name.into(),
            patterns: Vec::new(),
            dialect,
            origin,
            needs: Vec::new(),
        });
        (self.dict.classes.len() - 1) as u32
    }

    /// The class of the current block, created on demand (for patterns that
    /// come before any verb line).
    fn current_class(&mut self, st: &mut FileState) -> u32 {
        if let Some(c) = st.class {
            return c;
        }
        let name =
            if st.block_name.is_empty() { "(no block)".to_string() } else { st.block_name.clone() };
        let c = self.new_class(&name, st.dialect, st.block_origin);
        st.class = Some(c);
        c
    }

    pub(crate) fn define_synset(
        &mut self,
        name: &str,
        origin: Origin,
        diag: &mut Diagnostics<'_>,
    ) -> u32 {
        let name = name.trim().trim_end_matches('_').to_uppercase();
        if let Some(&idx) = self.synset_by_name.get(&name) {
            diag.warning(origin.line, format!("synset &{name} defined again; members added"));
            return idx;
        }
        let idx = self.dict.synsets.len() as u32;
        self.dict.synsets.push(Synset { name: name.as_str().into(), origin, ..Synset::default() });
        self.used_synsets.push(false);
        self.synset_by_name.insert(name, idx);
        idx
    }

    pub(crate) fn add_synset_member(
        &mut self,
        set: u32,
        member: &str,
        dialect: Dialect,
        lexicon: &mut Lexicon,
        diag: &mut Diagnostics<'_>,
        line: u32,
    ) {
        let member = member.trim();
        let no_plural_label = false;
        let no_plural = member.ends_with('_') || no_plural_label;
        let words: Vec<String> =
            member.split([' ', '_']).filter(|w| !w.is_empty()).map(|w| w.to_uppercase()).collect();
        if words.is_empty() {
            diag.error(line, "empty synset member");
            return;
        }
        if words.iter().any(|w| w.starts_with('&')) {
            diag.warning(line, "a synset inside a synset is read as a literal word");
        }
        let mut variants = vec![words.clone()];
        let multi = words.len() > 1;
        let plural_allowed = !(no_plural || dialect == Dialect::Petrarch2 && multi);
        if plural_allowed {
            let mut plural = words.clone();
            let last = plural.last_mut().expect("non-empty");
            *last = synset_plural(last);
            variants.push(plural);
        }
        let synset = &mut self.dict.synsets[set as usize];
        for variant in variants {
            let ids: Vec<WordId> = variant.iter().map(|w| lexicon.intern(w)).collect();
            if ids.len() == 1 {
                if !synset.words.contains(&ids[0]) {
                    synset.words.push(ids[0]);
                }
            } else if !synset.phrases.iter().any(|p| **p == *ids) {
                synset.phrases.push(ids.into_boxed_slice());
            }
        }
    }

    fn add_transformation(
        &mut self,
        content: &str,
        origin: Origin,
        codes: &mut CodeTable,
        diag: &mut Diagnostics<'_>,
    ) {
        let body = content.trim_start_matches('~');
        let Some((lhs, rhs)) = body.split_once('=') else {
            diag.error(origin.line, "transformation without '='");
            return;
        };
        let lhs: Vec<&str> = lhs
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .filter(|s| !s.is_empty())
            .collect();
        let rhs: Vec<&str> = rhs.split_whitespace().collect();
        if lhs.len() != 5 || rhs.len() != 3 {
            diag.error(
                origin.line,
                "transformation is not of the form `~ a (b c VERB2) VERB1 = x y CODE`",
            );
            return;
        }
        if rhs[2] != "Q" {
            codes.intern(rhs[2]);
        }
        self.dict.transformations.push(Transformation {
            outer_source: lhs[0].into(),
            inner_source: lhs[1].into(),
            inner_target: lhs[2].into(),
            inner_verb: lhs[3].to_uppercase().into(),
            outer_verb: lhs[4].to_uppercase().into(),
            output: [rhs[0].into(), rhs[1].into(), rhs[2].into()],
            origin,
        });
    }

    fn add_verb_line(
        &mut self,
        st: &mut FileState,
        content: &str,
        origin: Origin,
        lexicon: &mut Lexicon,
        codes: &mut CodeTable,
        diag: &mut Diagnostics<'_>,
    ) {
        let (verb_text, code) = match content.find('[') {
            Some(i) => {
                let end = content[i..].find(']').map_or(content.len(), |e| i + e);
                let code =
                    parse_code(content[i + 1..end].trim(), st.dialect, codes, diag, origin.line);
                (content[..i].trim(), code)
            }
            None => (content.trim(), st.block_code),
        };
        if verb_text.is_empty() {
            diag.error(origin.line, "verb line without a verb");
            return;
        }
        let class = self.current_class(st);
        let first_of_block = std::mem::replace(&mut st.new_block, false);
        let (base, listed): (&str, Option<Vec<&str>>) = match verb_text.find('{') {
            Some(open) => {
                let close = verb_text[open..].find('}').map(|c| open + c);
                let Some(close) = close else {
                    diag.error(origin.line, "missing '}' in verb forms");
                    return;
                };
                (
                    verb_text[..open].trim(),
                    Some(verb_text[open + 1..close].split_whitespace().collect()),
                )
            }
            None => (verb_text, None),
        };
        if base.contains(' ') && !base.contains('_') {
            diag.error(
                origin.line,
                format!(
                    "`{base}` has a space; write a multi-word verb as `+{}`",
                    base.replace(' ', "_")
                ),
            );
            return;
        }
        let base = base.to_uppercase();
        // PETRARCH-1 keys a block by its first verb; two blocks with the same
        // first verb are merged (PETRARCH-1 kept only the second).
        if first_of_block && st.dialect == Dialect::Petrarch1 {
            let key = (st.file, base.clone());
            if let Some(&existing) = self.class_by_key.get(&key) {
                diag.warning(
                    origin.line,
                    format!("block keyed by {base} defined again; patterns merged"),
                );
                // Move any patterns already attached to the new class.
                let moved = std::mem::take(&mut self.dict.classes[class as usize].patterns);
                self.dict.classes[existing as usize].patterns.extend(moved);
                st.class = Some(existing);
            } else {
                self.class_by_key.insert(key, class);
                if self.dict.classes[class as usize].patterns.is_empty() {
                    self.dict.classes[class as usize].name = base.as_str().into();
                }
            }
        }
        let class = st.class.unwrap_or(class);
        let sense = VerbSense { class, code, origin };
        if base.contains('_') || base.contains('+') {
            let mut phrases: Vec<String> = match &listed {
                Some(forms) => forms.iter().map(|f| f.to_uppercase()).collect(),
                None => multi_word_regular_forms(&base, st.dialect),
            };
            phrases.insert(0, base.clone());
            for phrase in phrases {
                match split_multi_word(&phrase) {
                    Some((key, before, after)) => {
                        let key = lexicon.intern(&key);
                        let before = before.iter().map(|w| lexicon.intern(w)).collect();
                        let after = after.iter().map(|w| lexicon.intern(w)).collect();
                        let entry = self.dict.forms.entry(key).or_default();
                        let mw = MultiWordVerb { after, before, sense };
                        if !entry.multi.contains(&mw) {
                            entry.multi.push(mw);
                        }
                    }
                    None => diag.error(
                        origin.line,
                        format!("multi-word verb `{phrase}` needs a '+' on its first or last word"),
                    ),
                }
            }
            return;
        }
        let forms: Vec<String> = match &listed {
            Some(forms) => forms.iter().map(|f| f.to_uppercase()).collect(),
            None => regular_forms(&base, st.dialect),
        };
        self.add_single(&base, sense, first_of_block, lexicon);
        for form in forms {
            if form.contains('_') || form.contains('+') {
                diag.warning(origin.line, format!("form `{form}` of a one-word verb ignored"));
                continue;
            }
            self.add_single(&form, sense, false, lexicon);
        }
    }

    pub(crate) fn add_single(
        &mut self,
        form: &str,
        sense: VerbSense,
        primary: bool,
        lexicon: &mut Lexicon,
    ) {
        let id = lexicon.intern(form);
        let entry = self.dict.forms.entry(id).or_default();
        if entry.single.is_none() || (primary && !entry.primary) {
            entry.single = Some(sense);
            entry.primary = primary;
        }
    }

    fn add_pattern(
        &mut self,
        st: &mut FileState,
        content: &str,
        origin: Origin,
        lexicon: &mut Lexicon,
        codes: &mut CodeTable,
        diag: &mut Diagnostics<'_>,
    ) {
        let (body, code_text) = match content.find('[') {
            Some(i) => {
                let end = content[i..].find(']').map_or(content.len(), |e| i + e);
                (&content[..i], content[i + 1..end].trim())
            }
            None => {
                diag.error(origin.line, "pattern without a [code]");
                return;
            }
        };
        let code = parse_code(code_text, st.dialect, codes, diag, origin.line);
        let body = body.trim_start_matches('-');
        if body.matches('*').count() != 1 {
            diag.error(origin.line, "pattern needs exactly one '*'");
            return;
        }
        let parsed = match st.dialect {
            Dialect::Petrarch1 | Dialect::Dyad => {
                if body.contains('{') {
                    diag.warning(
                        origin.line,
                        "TABARI disjunction `{...}` in a pattern; pattern skipped",
                    );
                    return;
                }
                self.p1_elements(body, lexicon)
            }
            Dialect::Petrarch2 => self.p2_elements(body, lexicon),
        };
        let (upper, lower) = match parsed {
            Ok(parts) => parts,
            Err(name) => {
                diag.error(origin.line, format!("synset &{name} is not defined; pattern skipped"));
                return;
            }
        };
        let class = self.current_class(st);
        self.dict.classes[class as usize].patterns.push(Pattern::new(
            upper.into_boxed_slice(),
            lower.into_boxed_slice(),
            code,
            origin,
        ));
    }

    /// PETRARCH-1 pattern syntax: `UPPER WORDS * LOWER_WORDS`.
    fn p1_elements(
        &mut self,
        body: &str,
        lexicon: &mut Lexicon,
    ) -> Result<(Vec<Element>, Vec<Element>), String> {
        // TABARI left "WORD_ " as a stem marker; without stemming it is a space.
        let mut text = body.trim().to_string();
        text.push(' ');
        let text = text.replace("_ ", " ");
        let (up, low) = text.split_once('*').unwrap_or((&text, ""));
        let up_list = phrase_list(up.trim_start());
        let mut upper = Vec::new();
        // `up_list` is word, connector, word, connector...; reversed, each
        // word is preceded by its connector toward the verb.
        let mut i = up_list.len();
        while i >= 2 {
            let conn = up_list[i - 1];
            let word = up_list[i - 2];
            upper.push(Element { kind: self.element_kind(word, lexicon)?, closed: conn == "_" });
            i -= 2;
        }
        let mut lower = Vec::new();
        let low_trim = low.trim_end();
        if !low_trim.is_empty() {
            let first_conn = &low[..1];
            let list = phrase_list(&low_trim[1..]);
            let mut conn = first_conn;
            let mut k = 0;
            while k < list.len() {
                let word = list[k];
                lower
                    .push(Element { kind: self.element_kind(word, lexicon)?, closed: conn == "_" });
                conn = list.get(k + 1).copied().unwrap_or(" ");
                k += 2;
            }
        }
        Ok((upper, lower))
    }

    /// PETRARCH-2 pattern syntax: nouns, `{MOD HEAD}`, `(PREP NOUN)` around `*`.
    fn p2_elements(
        &mut self,
        body: &str,
        lexicon: &mut Lexicon,
    ) -> Result<(Vec<Element>, Vec<Element>), String> {
        let (up, low) = body.split_once('*').unwrap_or((body, ""));
        let mut side = |part: &str| -> Result<Vec<Element>, String> {
            let mut out = Vec::new();
            for token in part.split_whitespace() {
                let word: String =
                    token.chars().filter(|c| !matches!(c, '{' | '}' | '(' | ')')).collect();
                if word.is_empty() {
                    continue;
                }
                for piece in word.split('_').filter(|p| !p.is_empty()) {
                    out.push(Element { kind: self.element_kind(piece, lexicon)?, closed: false });
                }
            }
            Ok(out)
        };
        let mut upper = side(up)?;
        upper.reverse();
        let lower = side(low)?;
        Ok((upper, lower))
    }

    pub(crate) fn element_kind(
        &mut self,
        word: &str,
        lexicon: &mut Lexicon,
    ) -> Result<ElementKind, String> {
        Ok(match word {
            "" => ElementKind::Empty,
            "$" => ElementKind::Source,
            "+" => ElementKind::Target,
            "^" => ElementKind::Skip,
            "%" => ElementKind::Compound,
            w if w.starts_with('&') && w.len() > 1 => {
                let name = w[1..].trim_end_matches('_').to_uppercase();
                match self.synset_by_name.get(&name) {
                    Some(&idx) => {
                        self.used_synsets[idx as usize] = true;
                        ElementKind::Synset(idx)
                    }
                    None => return Err(name),
                }
            }
            w if w.chars().count() == 1 => ElementKind::OneChar(lexicon.intern(&w.to_uppercase())),
            w => ElementKind::Word(lexicon.intern(&w.to_uppercase())),
        })
    }

    pub(crate) fn finish(
        mut self,
        files: &[String],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> VerbDict {
        for synset in &mut self.dict.synsets {
            synset.words.sort_unstable();
            synset.words.dedup();
            synset.index_members();
        }
        self.dict.index_synsets();
        for (synset, used) in self.dict.synsets.iter().zip(&self.used_synsets) {
            if !used {
                diagnostics.push(Diagnostic {
                    file: files.get(synset.origin.file as usize).cloned().unwrap_or_default(),
                    line: synset.origin.line,
                    message: format!("synset &{} is never used", synset.name),
                    severity: Severity::Warning,
                });
            }
        }
        for class in &mut self.dict.classes {
            if class.dialect == Dialect::Petrarch2 {
                // Most specific first: PETRARCH-2 takes the deepest trie match.
                class.patterns.sort_by_key(|p| std::cmp::Reverse(pattern_size(p)));
            }
            class.index_needs();
        }
        self.dict
    }
}

fn pattern_size(p: &Pattern) -> usize {
    p.upper.iter().chain(p.lower.iter()).filter(|e| e.kind != ElementKind::Empty).count()
}

/// Splits a pattern side into word, connector, word, connector...
fn phrase_list(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    if text.is_empty() {
        return out;
    }
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b' ' || b == b'_' {
            out.push(&text[start..i]);
            out.push(if b == b' ' { " " } else { "_" });
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
        out.push(" ");
    }
    out
}

/// Parses the text inside `[...]`.
fn parse_code(
    text: &str,
    dialect: Dialect,
    codes: &mut CodeTable,
    diag: &mut Diagnostics<'_>,
    line: u32,
) -> VerbCode {
    let one = |t: &str, codes: &mut CodeTable, diag: &mut Diagnostics<'_>| -> Option<CodeId> {
        let t = t.trim();
        if t.is_empty() || t == "---" {
            return None;
        }
        if !t.bytes().all(|b| b.is_ascii_digit()) || !(2..=4).contains(&t.len()) {
            diag.warning(line, format!("`{t}` is not a CAMEO event code"));
        }
        Some(codes.intern(t))
    };
    if text.is_empty() || text == "---" {
        return VerbCode::Null;
    }
    match text.split_once(':') {
        Some((a, b)) => {
            let (a, b) = (one(a, codes, diag), one(b, codes, diag));
            match dialect {
                Dialect::Petrarch1 | Dialect::Dyad => VerbCode::Pair(a, b),
                Dialect::Petrarch2 => VerbCode::Voice(a, b),
            }
        }
        None => match one(text, codes, diag) {
            Some(c) => VerbCode::Code(c),
            None => VerbCode::Null,
        },
    }
}

/// Regular forms of a one-word verb (the base is stored separately).
pub(crate) fn regular_forms(base: &str, dialect: Dialect) -> Vec<String> {
    match dialect {
        Dialect::Petrarch1 | Dialect::Dyad => {
            let mut out = vec![format!("{base}S")];
            if let Some(stem) = base.strip_suffix('E') {
                out.push(format!("{base}D"));
                out.push(format!("{stem}ING"));
            } else {
                out.push(format!("{base}ED"));
                out.push(format!("{base}ING"));
            }
            out
        }
        Dialect::Petrarch2 => {
            let mut out = Vec::new();
            if base.ends_with(['S', 'X', 'Z']) {
                out.push(format!("{base}ES"));
            } else if let Some(stem) = base.strip_suffix('Y') {
                out.push(format!("{stem}IES"));
            } else {
                out.push(format!("{base}S"));
            }
            if base.ends_with('E') {
                out.push(format!("{base}D"));
            } else {
                out.push(format!("{base}ED"));
            }
            let bytes = base.as_bytes();
            if base.ends_with('E')
                && bytes.len() >= 2
                && !b"AEIOU".contains(&bytes[bytes.len() - 2])
            {
                out.push(format!("{}ING", &base[..base.len() - 1]));
            } else {
                out.push(format!("{base}ING"));
            }
            out
        }
    }
}

/// Regular forms of a multi-word verb, inflecting the `+` word.
fn multi_word_regular_forms(phrase: &str, dialect: Dialect) -> Vec<String> {
    let words: Vec<&str> = phrase.split('_').collect();
    let Some(pos) = words.iter().position(|w| w.starts_with('+')) else {
        return Vec::new();
    };
    let stem = &words[pos][1..];
    regular_forms(stem, dialect)
        .into_iter()
        .map(|form| {
            let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            w[pos] = format!("+{form}");
            w.join("_")
        })
        .collect()
}

/// `+BEEF_UP` → (`BEEF`, [], [`UP`]); `WIRE_+TAP` → (`TAP`, [`WIRE`], []).
/// The `before` words are nearest first.
fn split_multi_word(phrase: &str) -> Option<(String, Vec<String>, Vec<String>)> {
    let words: Vec<&str> = phrase.split('_').filter(|w| !w.is_empty()).collect();
    let pos = words.iter().position(|w| w.starts_with('+'))?;
    let key = words[pos][1..].to_string();
    if key.is_empty() {
        return None;
    }
    let before = words[..pos].iter().rev().map(|w| w.to_string()).collect();
    let after = words[pos + 1..].iter().map(|w| w.to_string()).collect();
    Some((key, before, after))
}

/// Plural of a synset member's last word, as PETRARCH forms it.
fn synset_plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix('Y') {
        format!("{stem}IES")
    } else if let Some(stem) = word.strip_suffix('S') {
        format!("{stem}ES")
    } else {
        format!("{word}S")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::DictionariesBuilder;

    fn build(text: &str) -> (crate::dict::Dictionaries, Vec<String>) {
        let mut b = DictionariesBuilder::new();
        b.verbs("t.verbs", text);
        let (d, diags) = b.build();
        (d, diags.iter().map(|d| d.to_string()).collect())
    }

    fn show_pattern(d: &crate::dict::Dictionaries, p: &Pattern) -> String {
        let show = |e: &Element| {
            let w = match e.kind {
                ElementKind::Word(w) | ElementKind::OneChar(w) => d.lexicon().text(w).to_string(),
                ElementKind::Synset(s) => format!("&{}", d.verbs().synsets()[s as usize].name),
                ElementKind::Source => "$".into(),
                ElementKind::Target => "+".into(),
                ElementKind::Skip => "^".into(),
                ElementKind::Compound => "%".into(),
                ElementKind::Empty => "''".into(),
            };
            format!("{}{}", if e.closed { "_" } else { " " }, w)
        };
        let up: Vec<String> = p.upper.iter().map(show).collect();
        let low: Vec<String> = p.lower.iter().map(show).collect();
        format!("[{}] * [{}]", up.join(","), low.join(","))
    }

    #[test]
    fn petrarch1_patterns() {
        let (d, diags) = build(
            "&CURR\n+DOLLAR\n+SWISS FRANC_\n--- GRANT [070] ---\nGRANT\n- * &CURR [071]\n- SO IN_*_OUT_AGAIN NOW [072]\n- $ * + AID [073:074]\n- A  B * [---]\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let class = &d.verbs().classes()[0];
        let shown: Vec<String> = class.patterns.iter().map(|p| show_pattern(&d, p)).collect();
        assert_eq!(
            shown,
            [
                "[] * [ &CURR]",
                "[_IN, SO] * [_OUT,_AGAIN, NOW]",
                "[ $] * [ +, AID]",
                "[ B, '', A] * []",
            ]
        );
        let synset = &d.verbs().synsets()[0];
        assert_eq!(synset.words.len(), 2); // DOLLAR, DOLLARS
        assert_eq!(synset.phrases.len(), 1); // SWISS FRANC
        assert!(matches!(class.patterns[2].code, VerbCode::Pair(Some(_), Some(_))));
        assert_eq!(class.patterns[3].code, VerbCode::Null);
    }

    #[test]
    fn petrarch1_forms() {
        let (d, _) = build(
            "--- ATTACK [190] ---\nATTACK\nINVADE [192]\nBREAK { BROKE BROKEN  }\n+BEEF_UP\nWIRE_+TAP {WIRE_+TAPS}\n",
        );
        let lex = d.lexicon();
        let form = |w: &str| d.verbs().form(lex.get(w)).cloned();
        for w in [
            "ATTACK",
            "ATTACKS",
            "ATTACKED",
            "ATTACKING",
            "INVADE",
            "INVADED",
            "INVADING",
            "BROKE",
            "BREAK",
        ] {
            assert!(form(w).and_then(|f| f.single).is_some(), "{w}");
        }
        assert!(form("BREAKS").is_none());
        let invade = form("INVADES").unwrap().single.unwrap();
        assert_eq!(
            d.codes().text(match invade.code {
                VerbCode::Code(c) => c,
                _ => panic!(),
            }),
            "192"
        );
        let beef = form("BEEFED").unwrap();
        assert_eq!(beef.multi.len(), 1);
        assert_eq!(beef.multi[0].after.len(), 1);
        let tap = form("TAPS").unwrap();
        assert_eq!(lex.text(tap.multi[0].before[0]), "WIRE");
    }

    #[test]
    fn petrarch2_dialect() {
        let text = "&FOOD\n+BREAD\n####### VERB PATTERNS #######\n--- RUSH [---] ---\nRUSH\nHURRY {HURRIES HURRYING HURRIED}\n- * {RELIEF ASSISTANCE} [073]\n- * &FOOD [073]\n- * POLICE (TO BORDER) [153]\n- &MILITARY * [154]\n~ a (b . ATTACK) SAY = a b 112\n";
        assert_eq!(detect_dialect(text), Dialect::Petrarch2);
        let (d, diags) = build(text);
        assert_eq!(diags, ["t.verbs:10: error: synset &MILITARY is not defined; pattern skipped"]);
        let class = &d.verbs().classes()[0];
        let shown: Vec<String> = class.patterns.iter().map(|p| show_pattern(&d, p)).collect();
        assert_eq!(
            shown,
            ["[] * [ POLICE, TO, BORDER]", "[] * [ RELIEF, ASSISTANCE]", "[] * [ &FOOD]"]
        );
        assert!(d.verbs().form(d.lexicon().get("RUSHING")).is_some());
        assert!(d.verbs().form(d.lexicon().get("HURRIED")).is_some());
        assert_eq!(d.verbs().transformations().len(), 1);
    }
}
