//! Compiled dictionaries: verbs and their patterns, actors, agents, discards
//! and issues.
//!
//! Dictionaries are compiled from text ([`DictionariesBuilder`]); reading never
//! stops at a bad line: each one becomes a [`Diagnostic`] and loading goes on.
//! Words are interned in one [`Lexicon`] and codes in one [`CodeTable`], so the
//! coder compares integers.

mod actors;
mod agents;
mod cache;
mod discards;
mod issues;
pub(crate) mod lines;
mod native;
pub(crate) mod phrases;
pub(crate) mod verbs;

use std::fmt;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous;
use rustc_hash::FxHashMap;

use crate::lexicon::{Lexicon, WordId};

pub use actors::{ActorRecord, CodeRule, When};
pub use agents::AgentCode;
pub use cache::CacheError;
pub use discards::{Discard, DiscardKind};
pub use issues::IssueRule;
pub use phrases::{Phrase, PhraseDict, spread_bit, spread_signatures};
pub use verbs::{
    Dialect, Element, ElementKind, MultiWordVerb, Pattern, Synset, Transformation, VerbClass,
    VerbCode, VerbDict, VerbForm, VerbSense, word_bit,
};
pub(crate) use verbs::{START_LOWER, START_UPPER, SynsetStarts};

/// A problem found in a dictionary file: `file:line: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Name of the file, as given to the builder.
    pub file: String,
    /// 1-based line number; 0 when the problem concerns the whole file.
    pub line: u32,
    /// What is wrong, lower-case, with no trailing period.
    pub message: String,
    /// Errors make `dyad dict check` fail; warnings are reported only.
    pub severity: Severity,
}

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Suspicious but harmless (an unreachable pattern, a duplicate).
    Warning,
    /// The line was skipped or could not be understood.
    Error,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}:{}: {}: {}", self.file, self.line, kind, self.message)
    }
}

/// Collects diagnostics for one file.
pub(crate) struct Diagnostics<'d> {
    pub file: &'d str,
    pub out: &'d mut Vec<Diagnostic>,
}

impl Diagnostics<'_> {
    pub fn error(&mut self, line: u32, message: impl Into<String>) {
        self.push(line, message.into(), Severity::Error);
    }

    pub fn warning(&mut self, line: u32, message: impl Into<String>) {
        self.push(line, message.into(), Severity::Warning);
    }

    fn push(&mut self, line: u32, message: String, severity: Severity) {
        self.out.push(Diagnostic { file: self.file.to_string(), line, message, severity });
    }
}

/// The id of an interned code string (actor, agent or event code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CodeId(pub u32);

/// Interned code strings such as `USAGOV`, `~GOV` or `036`.
#[derive(Clone, Debug, Default)]
pub struct CodeTable {
    ids: FxHashMap<Box<str>, CodeId>,
    codes: Vec<Box<str>>,
}

impl CodeTable {
    /// Interns a code.
    pub fn intern(&mut self, code: &str) -> CodeId {
        if let Some(&id) = self.ids.get(code) {
            return id;
        }
        let id = CodeId(self.codes.len() as u32);
        self.codes.push(code.into());
        self.ids.insert(code.into(), id);
        id
    }

    /// The id of a code already in the table.
    pub fn get(&self, code: &str) -> Option<CodeId> {
        self.ids.get(code).copied()
    }

    /// The text of a code.
    pub fn text(&self, id: CodeId) -> &str {
        &self.codes[id.0 as usize]
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    pub(crate) fn all(&self) -> &[Box<str>] {
        &self.codes
    }
}

/// Where a dictionary entry came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Origin {
    /// Index into [`Dictionaries::files`].
    pub file: u16,
    /// 1-based line number.
    pub line: u32,
}

/// A complete, compiled set of dictionaries, ready for coding.
#[derive(Clone, Debug, Default)]
pub struct Dictionaries {
    pub(crate) lexicon: Lexicon,
    pub(crate) codes: CodeTable,
    pub(crate) files: Vec<String>,
    pub(crate) verbs: VerbDict,
    pub(crate) actors: PhraseDict,
    pub(crate) actor_records: Vec<ActorRecord>,
    pub(crate) agents: PhraseDict,
    pub(crate) agent_codes: Vec<AgentCode>,
    pub(crate) discards: Vec<Discard>,
    pub(crate) issues: Vec<IssueRule>,
    pub(crate) discard_search: Option<PhraseSearch>,
    pub(crate) issue_search: Option<PhraseSearch>,
    /// Per lexicon word, the `MAY_START_*` bits of [`Dictionaries::search_starts`],
    /// worked out once so that the coder skips most sentences' phrase searches.
    pub(crate) word_search_starts: Vec<u8>,
    pub(crate) fingerprint: u64,
}

/// A multi-phrase search over a sentence written ` W1 W2 ... ` (upper case,
/// words separated by single spaces); pattern `i` is the dictionary entry `i`.
///
/// Every pattern starts with a space, so a match starts at the space before
/// a word, and at a word that begins with one of the patterns' first words.
/// The coder knows those words from [`Dictionaries::search_starts`] and
/// walks the automaton anchored at each of them
/// ([`PhraseSearch::matches_at`]) rather than over the whole sentence.
#[derive(Clone, Debug)]
pub(crate) struct PhraseSearch {
    automaton: contiguous::NFA,
    /// The patterns' first words, walked anchored at the start of one word:
    /// a word that begins with none of them starts no match, and the coder
    /// does not search from it.
    starts: contiguous::NFA,
}

impl PhraseSearch {
    fn new<I: IntoIterator<Item = String>>(patterns: I) -> Option<PhraseSearch> {
        let patterns: Vec<String> = patterns.into_iter().collect();
        if patterns.is_empty() {
            return None;
        }
        // Every pattern is ` FIRST ...`: a match starts at a word, and that
        // word begins with the pattern's first word (a discard's only word
        // is a stem, so "begins with", not "is").
        let mut starts: Vec<&str> = patterns
            .iter()
            .filter_map(|p| p.trim_start().split(' ').next())
            .filter(|w| !w.is_empty())
            .collect();
        starts.sort_unstable();
        starts.dedup();
        // Contiguous NFAs, not DFAs: building the DFA of the Phoenix
        // discards and issues took 20 to 40 ms of every dictionary load,
        // and coding was no faster with it (alternating runs of
        // `dyad-bench load coder`). Both are walked by hand, anchored.
        let automaton = contiguous::NFA::new(&patterns).ok()?;
        let starts = contiguous::NFA::new(&starts).ok()?;
        Some(PhraseSearch { automaton, starts })
    }

    /// Calls `found(pattern, end)` for every pattern that matches `text`
    /// from byte `at` on, the shorter first (patterns of equal text in the
    /// order of their ids), as an overlapping search over the whole text
    /// reports the matches that start at `at`.
    pub(crate) fn matches_at(&self, text: &[u8], at: usize, mut found: impl FnMut(usize, usize)) {
        walk_anchored(&self.automaton, text, at, |pattern, end| {
            found(pattern, end);
            true
        });
    }

    /// True when a pattern's first word is a prefix of `word` (one word of
    /// the searched text, without spaces).
    fn may_start_at(&self, word: &str) -> bool {
        let mut found = false;
        walk_anchored(&self.starts, word.as_bytes(), 0, |_, _| {
            found = true;
            false
        });
        found
    }
}

/// Walks `nfa` from its anchored start over `text[at..]` and calls
/// `found(pattern, end)` for each pattern that matches from `at`, by end,
/// until `found` returns false or no pattern can match further.
fn walk_anchored(
    nfa: &contiguous::NFA,
    text: &[u8],
    at: usize,
    mut found: impl FnMut(usize, usize) -> bool,
) {
    let anchored = aho_corasick::Anchored::Yes;
    let Ok(mut state) = nfa.start_state(anchored) else { return };
    for (i, &byte) in text.iter().enumerate().skip(at) {
        state = nfa.next_state(anchored, state, byte);
        if !nfa.is_special(state) {
            continue;
        }
        if nfa.is_dead(state) {
            return;
        }
        if nfa.is_match(state) {
            let end = i + 1;
            for k in 0..nfa.match_len(state) {
                let pattern = nfa.match_pattern(state, k);
                // A state also holds the matches of its suffixes, which
                // start after `at`: they are found from their own start.
                if end - nfa.pattern_len(pattern) == at && !found(pattern.as_usize(), end) {
                    return;
                }
            }
        }
    }
}

/// [`Dictionaries::search_starts`] bit: a discard may start at the word.
pub(crate) const MAY_START_DISCARD: u8 = 1;
/// [`Dictionaries::search_starts`] bit: an issue phrase may start at the word.
pub(crate) const MAY_START_ISSUE: u8 = 2;

/// Words the coder looks for by themselves, interned whatever the
/// dictionaries hold.
const KEYWORDS: [&str; 23] = [
    "BY", "WAS", "IS", "BEEN", "NOT", "N'T", "NEVER", "WERE", "ARE", "BE", "BEING", "FROM", "HE",
    "SHE", "THEY", "HIM", "HER", "THEM", "IT", "THAT", "TO", "WHO", "WHICH",
];

impl Dictionaries {
    /// The shared word table.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The shared code table.
    pub fn codes(&self) -> &CodeTable {
        &self.codes
    }

    /// Names of the files the dictionaries were compiled from.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// The verb dictionary.
    pub fn verbs(&self) -> &VerbDict {
        &self.verbs
    }

    /// Actor phrases; each phrase's value indexes [`Dictionaries::actor_records`].
    pub fn actors(&self) -> &PhraseDict {
        &self.actors
    }

    /// Actor records: the dated codes shared by a primary phrase and its synonyms.
    pub fn actor_records(&self) -> &[ActorRecord] {
        &self.actor_records
    }

    /// Agent phrases; each phrase's value indexes [`Dictionaries::agent_codes`].
    pub fn agents(&self) -> &PhraseDict {
        &self.agents
    }

    /// Agent codes.
    pub fn agent_codes(&self) -> &[AgentCode] {
        &self.agent_codes
    }

    /// Discard phrases.
    pub fn discards(&self) -> &[Discard] {
        &self.discards
    }

    /// Issue phrases.
    pub fn issues(&self) -> &[IssueRule] {
        &self.issues
    }

    /// Builds the phrase searches for discards and issues.
    /// Phrases are searched for as text is tokenized: words split at
    /// hyphens between letters (`SEMI - FINAL`), as the coder writes the
    /// sentence (see `phrases::hyphen_parts`).
    pub(crate) fn build_searches(&mut self) {
        self.discard_search = PhraseSearch::new(
            self.discards.iter().map(|d| format!(" {}", phrases::split_hyphens(&d.text))),
        );
        self.issue_search = PhraseSearch::new(
            self.issues.iter().map(|r| format!(" {} ", phrases::split_hyphens(&r.text))),
        );
    }

    /// Works out [`Dictionaries::search_starts`] for every lexicon word;
    /// call after [`Dictionaries::build_searches`], once the lexicon is
    /// complete (a cache stores the result).
    pub(crate) fn index_search_starts(&mut self) {
        let starts: Vec<u8> = (0..self.lexicon.len())
            .map(|i| self.search_starts_of(self.lexicon.text(WordId(i as u32))))
            .collect();
        self.word_search_starts = starts;
    }

    /// Which phrase searches (`MAY_START_DISCARD`, `MAY_START_ISSUE`) may
    /// find a match starting in the word with this upper-case text: the
    /// word as the coder writes it into the searched text, split at
    /// hyphens, so a match may start at any of its parts.
    fn search_starts_of(&self, text: &str) -> u8 {
        let mut bits = 0;
        for part in text.split(' ').flat_map(phrases::hyphen_parts) {
            if self.discard_search.as_ref().is_some_and(|s| s.may_start_at(part)) {
                bits |= MAY_START_DISCARD;
            }
            if self.issue_search.as_ref().is_some_and(|s| s.may_start_at(part)) {
                bits |= MAY_START_ISSUE;
            }
        }
        bits
    }

    /// [`Dictionaries::search_starts_of`] for a word of the text: looked up
    /// for a lexicon word, worked out for any other.
    pub(crate) fn search_starts(&self, id: WordId, text: &str) -> u8 {
        match self.word_search_starts.get(id.0 as usize) {
            Some(&bits) if !id.is_unknown() => bits,
            _ => self.search_starts_of(text),
        }
    }

    /// A fingerprint of the dictionary sources (FNV-1a over every file's
    /// name, kind and text, in the order they were added), written into output
    /// records so that data can be traced to the dictionaries that made it.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Where an entry came from, as `file:line`.
    pub fn origin_text(&self, origin: Origin) -> String {
        let file = self.files.get(origin.file as usize).map_or("?", |f| f.as_str());
        format!("{file}:{}", origin.line)
    }
}

/// Compiles dictionary files into [`Dictionaries`].
///
/// # Example
///
/// ```
/// use dyad_core::dict::DictionariesBuilder;
///
/// let mut builder = DictionariesBuilder::new();
/// builder.actors("tiny.actors", "ARNOR [ARN]\nGONDOR [GON]\n");
/// builder.verbs("tiny.verbs", "--- MEET [040] ---\nMEET {MET MEETS MEETING}\n");
/// let (dicts, diagnostics) = builder.build();
/// assert!(diagnostics.is_empty());
/// assert_eq!(dicts.actor_records().len(), 2);
/// ```
pub struct DictionariesBuilder {
    dicts: Dictionaries,
    diagnostics: Vec<Diagnostic>,
    verbs: verbs::VerbBuilder,
}

impl Default for DictionariesBuilder {
    fn default() -> Self {
        let dicts = Dictionaries { fingerprint: 0xcbf2_9ce4_8422_2325, ..Dictionaries::default() };
        DictionariesBuilder { dicts, diagnostics: Vec::new(), verbs: verbs::VerbBuilder::default() }
    }
}

impl DictionariesBuilder {
    /// A builder with nothing loaded.
    pub fn new() -> DictionariesBuilder {
        DictionariesBuilder::default()
    }

    /// Mixes bytes into the fingerprint (FNV-1a).
    fn hash(&mut self, bytes: &[u8]) {
        let mut h = self.dicts.fingerprint;
        for &b in bytes.iter().chain(&[0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.dicts.fingerprint = h;
    }

    fn add_file(&mut self, name: &str) -> u16 {
        self.hash(name.as_bytes());
        self.dicts.files.push(name.to_string());
        (self.dicts.files.len() - 1) as u16
    }

    /// Adds a verb dictionary; its dialect (PETRARCH-1/TABARI or PETRARCH-2)
    /// is recognised from its content.
    pub fn verbs(&mut self, name: &str, text: &str) -> &mut Self {
        self.hash(b"verbs");
        self.hash(text.as_bytes());
        let file = self.add_file(name);
        let mut diag = Diagnostics { file: name, out: &mut self.diagnostics };
        self.verbs.read(text, file, &mut self.dicts.lexicon, &mut self.dicts.codes, &mut diag);
        self
    }

    /// Adds a verb dictionary in a given dialect.
    pub fn verbs_in_dialect(&mut self, name: &str, text: &str, dialect: Dialect) -> &mut Self {
        self.hash(b"verbs");
        self.hash(text.as_bytes());
        let file = self.add_file(name);
        let mut diag = Diagnostics { file: name, out: &mut self.diagnostics };
        self.verbs.read_dialect(
            text,
            dialect,
            file,
            &mut self.dicts.lexicon,
            &mut self.dicts.codes,
            &mut diag,
        );
        self
    }

    /// Adds a file in dyad's own dictionary format (see `docs/dictionaries.md`).
    pub fn native(&mut self, name: &str, text: &str) -> &mut Self {
        self.hash(b"native");
        self.hash(text.as_bytes());
        let file = self.add_file(name);
        let mut diag = Diagnostics { file: name, out: &mut self.diagnostics };
        native::read(text, file, &mut self.dicts, &mut self.verbs, &mut diag);
        self
    }

    /// Adds an actor dictionary.
    pub fn actors(&mut self, name: &str, text: &str) -> &mut Self {
        self.hash(b"actors");
        self.hash(text.as_bytes());
        let file = self.add_file(name);
        let mut diag = Diagnostics { file: name, out: &mut self.diagnostics };
        actors::read(text, file, &mut self.dicts, &mut diag);
        self
    }

    /// Adds an agent dictionary.
    pub fn agents(&mut self, name: &str, text: &str) -> &mut Self {
        self.hash(b"agents");
        self.hash(text.as_bytes());
        let file = self.add_file(name);
        let mut diag = Diagnostics { file: name, out: &mut self.diagnostics };
        agents::read(text, file, &mut self.dicts, &mut diag);
        self
    }

    /// Adds a discard list.
    pub fn discards(&mut self, name: &str, text: &str) -> &mut Self {
        self.hash(b"discards");
        self.hash(text.as_bytes());
        let file = self.add_file(name);
        let mut diag = Diagnostics { file: name, out: &mut self.diagnostics };
        discards::read(text, file, &mut self.dicts, &mut diag);
        self
    }

    /// Adds an issue dictionary.
    pub fn issues(&mut self, name: &str, text: &str) -> &mut Self {
        self.hash(b"issues");
        self.hash(text.as_bytes());
        let file = self.add_file(name);
        let mut diag = Diagnostics { file: name, out: &mut self.diagnostics };
        issues::read(text, file, &mut self.dicts, &mut diag);
        self
    }

    /// Finishes compilation.
    pub fn build(mut self) -> (Dictionaries, Vec<Diagnostic>) {
        self.dicts.verbs = self.verbs.finish(&self.dicts.files, &mut self.diagnostics);
        for word in KEYWORDS {
            self.dicts.lexicon.intern(word);
        }
        // The codes a governing verb and the action it governs combine into
        // ("wants to meet": 036), whether or not a dictionary names them.
        for code in crate::coder::governed::producible_codes() {
            self.dicts.codes.intern(&code);
        }
        let n_words = self.dicts.lexicon.len();
        self.dicts.actors.finish(n_words);
        self.dicts.agents.finish(n_words);
        self.dicts.build_searches();
        self.dicts.index_search_starts();
        (self.dicts, self.diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    /// The anchored walks, from every word, sorted as the coder sorts
    /// them, give what one overlapping search over the text gives, in the
    /// same order: patterns that share words, hold one another, end where
    /// another ends, and one given twice.
    #[test]
    fn anchored_walks_find_what_an_overlapping_search_finds() {
        let patterns: Vec<String> = [
            " HEAD START ",
            " A HEAD START ",
            " START ",
            " HEAD ",
            " EARLY CHILDHOOD EDUCATION ",
            " CHILDHOOD EDUCATION ",
            " EDUCATION ",
            " START ",
            " SOCCER",
            " SOCCER MATCH ",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        let search = PhraseSearch::new(patterns.iter().cloned()).unwrap();
        let reference = AhoCorasick::new(&patterns).unwrap();
        let text =
            " THEY GOT A HEAD START ON EARLY CHILDHOOD EDUCATION AT SOCCERS SOCCER MATCH START ";
        let want: Vec<(usize, usize)> = reference
            .find_overlapping_iter(text)
            .map(|m| (m.end(), m.pattern().as_usize()))
            .collect();
        let mut got = Vec::new();
        for at in (0..text.len()).filter(|&i| text.as_bytes()[i] == b' ') {
            search.matches_at(text.as_bytes(), at, |pattern, end| got.push((end, pattern)));
        }
        got.sort_by_key(|&(end, _)| end);
        assert!(want.len() >= 12, "{want:?}");
        assert_eq!(got, want);
    }
}
