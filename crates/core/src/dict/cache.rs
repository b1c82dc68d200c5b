//! A compact binary form of compiled [`Dictionaries`], so that a large set
//! (the Phoenix set: 1.2 million lines) loads in milliseconds instead of
//! being compiled from text each time.
//!
//! Layout: the magic `DYADDICT`, a format version, the fingerprint of the
//! sources, then each table in turn. Integers are little-endian; strings and
//! lists are length-prefixed. Reading checks every length and index, so a
//! truncated or corrupted cache is an error, never a panic.

use std::fmt;

use rustc_hash::FxHashMap;

use super::*;
use crate::date::Date;
use crate::lexicon::{Lexicon, WordId};

const MAGIC: &[u8; 8] = b"DYADDICT";
/// Bumped whenever the layout, or what the same sources compile to,
/// changes (3: actor and agent phrases split at hyphens, possessives
/// dropped; 4: each word's phrase-search start bits).
const VERSION: u32 = 4;

/// Why a cache could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheError {
    /// Not a dyad dictionary cache.
    BadMagic,
    /// Written by another version of dyad.
    Version(u32),
    /// Truncated or corrupted at this byte offset.
    Corrupt(usize),
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheError::BadMagic => write!(f, "not a dyad dictionary cache"),
            CacheError::Version(v) => write!(f, "dictionary cache format {v}, expected {VERSION}"),
            CacheError::Corrupt(at) => write!(f, "dictionary cache corrupted at byte {at}"),
        }
    }
}

impl std::error::Error for CacheError {}

struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn i32(&mut self, v: i32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u32(n as u32);
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.buf.extend_from_slice(s.as_bytes());
    }
    fn bool(&mut self, b: bool) {
        self.u8(b as u8);
    }
    fn origin(&mut self, o: Origin) {
        self.u32(u32::from(o.file));
        self.u32(o.line);
    }
    fn opt_code(&mut self, c: Option<CodeId>) {
        self.u32(c.map_or(u32::MAX, |c| c.0));
    }
    fn verb_code(&mut self, c: VerbCode) {
        match c {
            VerbCode::Null => self.u8(0),
            VerbCode::Code(a) => {
                self.u8(1);
                self.u32(a.0);
            }
            VerbCode::Pair(a, b) => {
                self.u8(2);
                self.opt_code(a);
                self.opt_code(b);
            }
            VerbCode::Voice(a, b) => {
                self.u8(3);
                self.opt_code(a);
                self.opt_code(b);
            }
        }
    }
    fn words(&mut self, w: &[WordId]) {
        self.len(w.len());
        for id in w {
            self.u32(id.0);
        }
    }
    fn elements(&mut self, els: &[Element]) {
        self.len(els.len());
        for e in els {
            let (tag, v) = match e.kind {
                ElementKind::Word(w) => (0, w.0),
                ElementKind::Synset(s) => (1, s),
                ElementKind::Source => (2, 0),
                ElementKind::Target => (3, 0),
                ElementKind::Skip => (4, 0),
                ElementKind::Compound => (5, 0),
                ElementKind::OneChar(w) => (6, w.0),
                ElementKind::Empty => (7, 0),
            };
            self.u8(tag);
            self.u32(v);
            self.bool(e.closed);
        }
    }
    fn phrases(&mut self, dict: &PhraseDict) {
        self.len(dict.phrases.len());
        for p in &dict.phrases {
            self.words(&p.words);
            self.len(p.closed.len());
            for &c in p.closed.iter() {
                self.bool(c);
            }
            self.u32(p.value);
            self.origin(p.origin);
        }
    }
    fn sense(&mut self, s: VerbSense) {
        self.u32(s.class);
        self.verb_code(s.code);
        self.origin(s.origin);
    }
}

struct Reader<'b> {
    bytes: &'b [u8],
    pos: usize,
}

type R<T> = Result<T, CacheError>;

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> R<&'b [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(CacheError::Corrupt(self.pos))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }
    fn u8(&mut self) -> R<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> R<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().map_err(|_| CacheError::Corrupt(self.pos))?))
    }
    fn i32(&mut self) -> R<i32> {
        Ok(i32::from_le_bytes(self.take(4)?.try_into().map_err(|_| CacheError::Corrupt(self.pos))?))
    }
    fn u64(&mut self) -> R<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().map_err(|_| CacheError::Corrupt(self.pos))?))
    }
    /// A length, checked against what is left (each item takes at least
    /// `min_item` bytes) so corrupt lengths cannot make huge allocations.
    fn len(&mut self, min_item: usize) -> R<usize> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_item.max(1)) > self.bytes.len() - self.pos {
            return Err(CacheError::Corrupt(self.pos));
        }
        Ok(n)
    }
    fn str(&mut self) -> R<&'b str> {
        let n = self.len(1)?;
        let at = self.pos;
        std::str::from_utf8(self.take(n)?).map_err(|_| CacheError::Corrupt(at))
    }
    fn bool(&mut self) -> R<bool> {
        Ok(self.u8()? != 0)
    }
    fn origin(&mut self) -> R<Origin> {
        let file = self.u32()?;
        let line = self.u32()?;
        Ok(Origin { file: u16::try_from(file).map_err(|_| CacheError::Corrupt(self.pos))?, line })
    }
    fn code(&mut self, n_codes: usize) -> R<CodeId> {
        let at = self.pos;
        let c = self.u32()?;
        if (c as usize) < n_codes { Ok(CodeId(c)) } else { Err(CacheError::Corrupt(at)) }
    }
    fn opt_code(&mut self, n_codes: usize) -> R<Option<CodeId>> {
        let at = self.pos;
        match self.u32()? {
            u32::MAX => Ok(None),
            c if (c as usize) < n_codes => Ok(Some(CodeId(c))),
            _ => Err(CacheError::Corrupt(at)),
        }
    }
    fn verb_code(&mut self, n_codes: usize) -> R<VerbCode> {
        let at = self.pos;
        Ok(match self.u8()? {
            0 => VerbCode::Null,
            1 => VerbCode::Code(self.code(n_codes)?),
            2 => VerbCode::Pair(self.opt_code(n_codes)?, self.opt_code(n_codes)?),
            3 => VerbCode::Voice(self.opt_code(n_codes)?, self.opt_code(n_codes)?),
            _ => return Err(CacheError::Corrupt(at)),
        })
    }
    fn word(&mut self, n_words: usize) -> R<WordId> {
        let at = self.pos;
        let w = self.u32()?;
        if (w as usize) < n_words { Ok(WordId(w)) } else { Err(CacheError::Corrupt(at)) }
    }
    fn words(&mut self, n_words: usize) -> R<Box<[WordId]>> {
        let n = self.len(4)?;
        (0..n).map(|_| self.word(n_words)).collect()
    }
    fn elements(&mut self, n_words: usize, n_synsets: usize) -> R<Box<[Element]>> {
        let n = self.len(6)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let at = self.pos;
            let tag = self.u8()?;
            let v = self.u32()?;
            let closed = self.bool()?;
            let word = |v: u32| {
                if (v as usize) < n_words { Ok(WordId(v)) } else { Err(CacheError::Corrupt(at)) }
            };
            let kind = match tag {
                0 => ElementKind::Word(word(v)?),
                1 if (v as usize) < n_synsets => ElementKind::Synset(v),
                2 => ElementKind::Source,
                3 => ElementKind::Target,
                4 => ElementKind::Skip,
                5 => ElementKind::Compound,
                6 => ElementKind::OneChar(word(v)?),
                7 => ElementKind::Empty,
                _ => return Err(CacheError::Corrupt(at)),
            };
            out.push(Element { kind, closed });
        }
        Ok(out.into_boxed_slice())
    }
    fn phrases(&mut self, n_words: usize, n_values: usize) -> R<PhraseDict> {
        let n = self.len(20)?;
        let mut dict = PhraseDict::default();
        for _ in 0..n {
            let words = self.words(n_words)?;
            let nc = self.len(1)?;
            let closed: Box<[bool]> = (0..nc).map(|_| self.bool()).collect::<R<_>>()?;
            let at = self.pos;
            let value = self.u32()?;
            if words.is_empty() || closed.len() != words.len() || value as usize >= n_values {
                return Err(CacheError::Corrupt(at));
            }
            let origin = self.origin()?;
            dict.phrases.push(Phrase { words, closed, value, origin });
        }
        dict.finish(n_words);
        Ok(dict)
    }
    fn sense(&mut self, n_classes: usize, n_codes: usize) -> R<VerbSense> {
        let at = self.pos;
        let class = self.u32()?;
        if class as usize >= n_classes {
            return Err(CacheError::Corrupt(at));
        }
        Ok(VerbSense { class, code: self.verb_code(n_codes)?, origin: self.origin()? })
    }
}

impl Dictionaries {
    /// The binary cache form of these dictionaries.
    pub fn to_cache_bytes(&self) -> Vec<u8> {
        let mut w = Writer { buf: Vec::with_capacity(1 << 20) };
        w.buf.extend_from_slice(MAGIC);
        w.u32(VERSION);
        w.u64(self.fingerprint);
        w.len(self.lexicon.len());
        for word in self.lexicon.words() {
            w.str(word);
        }
        w.len(self.codes.len());
        for code in self.codes.all() {
            w.str(code);
        }
        w.len(self.files.len());
        for f in &self.files {
            w.str(f);
        }
        // Verbs.
        let v = &self.verbs;
        w.len(v.synsets.len());
        for s in &v.synsets {
            w.str(&s.name);
            w.words(&s.words);
            w.len(s.phrases.len());
            for p in &s.phrases {
                w.words(p);
            }
            w.origin(s.origin);
        }
        w.len(v.classes.len());
        for c in &v.classes {
            w.str(&c.name);
            w.u8(match c.dialect {
                Dialect::Petrarch1 => 0,
                Dialect::Petrarch2 => 1,
                Dialect::Dyad => 2,
            });
            w.origin(c.origin);
            w.len(c.patterns.len());
            for p in &c.patterns {
                w.elements(&p.upper);
                w.elements(&p.lower);
                w.verb_code(p.code);
                w.origin(p.origin);
            }
        }
        let mut forms: Vec<(&WordId, &VerbForm)> = v.forms.iter().collect();
        forms.sort_by_key(|(w, _)| **w);
        w.len(forms.len());
        for (word, form) in forms {
            w.u32(word.0);
            w.bool(form.primary);
            match form.single {
                Some(s) => {
                    w.u8(1);
                    w.sense(s);
                }
                None => w.u8(0),
            }
            w.len(form.multi.len());
            for m in &form.multi {
                w.words(&m.after);
                w.words(&m.before);
                w.sense(m.sense);
            }
        }
        w.len(v.transformations.len());
        for t in &v.transformations {
            for s in
                [&t.outer_source, &t.inner_source, &t.inner_target, &t.inner_verb, &t.outer_verb]
            {
                w.str(s);
            }
            for s in &t.output {
                w.str(s);
            }
            w.origin(t.origin);
        }
        // Actors and agents.
        w.len(self.actor_records.len());
        for r in &self.actor_records {
            w.origin(r.origin);
            w.len(r.rules.len());
            for rule in &r.rules {
                w.u32(rule.code.0);
                match rule.when {
                    When::Always => w.u8(0),
                    When::Until(d) => {
                        w.u8(1);
                        w.i32(d.days());
                    }
                    When::From(d) => {
                        w.u8(2);
                        w.i32(d.days());
                    }
                    When::Between(a, b) => {
                        w.u8(3);
                        w.i32(a.days());
                        w.i32(b.days());
                    }
                }
            }
        }
        w.phrases(&self.actors);
        w.len(self.agent_codes.len());
        for a in &self.agent_codes {
            w.u32(a.code.0);
            w.bool(a.prefix);
        }
        w.phrases(&self.agents);
        w.len(self.discards.len());
        for d in &self.discards {
            w.str(&d.text);
            w.bool(d.whole_word);
            w.bool(d.kind == DiscardKind::Story);
            w.origin(d.origin);
        }
        w.len(self.issues.len());
        for i in &self.issues {
            w.str(&i.text);
            w.opt_code(i.code);
            w.origin(i.origin);
        }
        w.len(self.word_search_starts.len());
        w.buf.extend_from_slice(&self.word_search_starts);
        w.buf
    }

    /// Reads dictionaries from their cache form.
    ///
    /// # Errors
    ///
    /// [`CacheError`] when the bytes are not a cache of this version, or are
    /// truncated or corrupted.
    pub fn from_cache_bytes(bytes: &[u8]) -> Result<Dictionaries, CacheError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8).map_err(|_| CacheError::BadMagic)? != MAGIC {
            return Err(CacheError::BadMagic);
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(CacheError::Version(version));
        }
        let mut d = Dictionaries { fingerprint: r.u64()?, ..Dictionaries::default() };
        let n = r.len(4)?;
        let mut lexicon = Lexicon::new();
        for _ in 0..n {
            let at = r.pos;
            let word = r.str()?;
            if lexicon.intern(word).0 as usize != lexicon.len() - 1 {
                return Err(CacheError::Corrupt(at));
            }
        }
        d.lexicon = lexicon;
        let n_words = d.lexicon.len();
        let n = r.len(4)?;
        for _ in 0..n {
            let at = r.pos;
            let code = r.str()?;
            if d.codes.intern(code).0 as usize != d.codes.len() - 1 {
                return Err(CacheError::Corrupt(at));
            }
        }
        let n_codes = d.codes.len();
        let n = r.len(4)?;
        for _ in 0..n {
            d.files.push(r.str()?.to_string());
        }
        // Verbs.
        let n = r.len(20)?;
        for _ in 0..n {
            let name = r.str()?.into();
            let words = r.words(n_words)?.into_vec();
            let np = r.len(4)?;
            let phrases = (0..np).map(|_| r.words(n_words)).collect::<R<_>>()?;
            let origin = r.origin()?;
            let mut synset = Synset { name, words, phrases, origin, signatures: [0; 3] };
            synset.index_members();
            d.verbs.synsets.push(synset);
        }
        d.verbs.index_synsets();
        let n_synsets = d.verbs.synsets.len();
        let n = r.len(17)?;
        for _ in 0..n {
            let name = r.str()?.into();
            let dialect = match r.u8()? {
                0 => Dialect::Petrarch1,
                1 => Dialect::Petrarch2,
                2 => Dialect::Dyad,
                _ => return Err(CacheError::Corrupt(r.pos)),
            };
            let origin = r.origin()?;
            let np = r.len(17)?;
            let mut patterns = Vec::with_capacity(np);
            for _ in 0..np {
                let upper = r.elements(n_words, n_synsets)?;
                let lower = r.elements(n_words, n_synsets)?;
                let code = r.verb_code(n_codes)?;
                let origin = r.origin()?;
                patterns.push(Pattern::new(upper, lower, code, origin));
            }
            let mut class = VerbClass { name, patterns, dialect, origin, needs: Vec::new() };
            class.index_needs();
            d.verbs.classes.push(class);
        }
        let n_classes = d.verbs.classes.len();
        let n = r.len(10)?;
        let mut forms = FxHashMap::default();
        forms.reserve(n);
        for _ in 0..n {
            let word = r.word(n_words)?;
            let primary = r.bool()?;
            let single = match r.u8()? {
                0 => None,
                _ => Some(r.sense(n_classes, n_codes)?),
            };
            let nm = r.len(12)?;
            let mut multi = Vec::with_capacity(nm);
            for _ in 0..nm {
                let after = r.words(n_words)?;
                let before = r.words(n_words)?;
                let sense = r.sense(n_classes, n_codes)?;
                multi.push(MultiWordVerb { after, before, sense });
            }
            forms.insert(word, VerbForm { single, primary, multi });
        }
        d.verbs.forms = forms;
        let n = r.len(48)?;
        for _ in 0..n {
            let mut parts: Vec<Box<str>> = Vec::with_capacity(8);
            for _ in 0..8 {
                parts.push(r.str()?.into());
            }
            let origin = r.origin()?;
            let mut it = parts.into_iter();
            let mut next = || it.next().unwrap_or_default();
            d.verbs.transformations.push(Transformation {
                outer_source: next(),
                inner_source: next(),
                inner_target: next(),
                inner_verb: next(),
                outer_verb: next(),
                output: [next(), next(), next()],
                origin,
            });
        }
        // Actors and agents.
        let n = r.len(12)?;
        for _ in 0..n {
            let origin = r.origin()?;
            let nr = r.len(5)?;
            let mut rules = Vec::with_capacity(nr);
            for _ in 0..nr {
                let code = r.code(n_codes)?;
                let at = r.pos;
                let when = match r.u8()? {
                    0 => When::Always,
                    1 => When::Until(Date::from_days(r.i32()?)),
                    2 => When::From(Date::from_days(r.i32()?)),
                    3 => When::Between(Date::from_days(r.i32()?), Date::from_days(r.i32()?)),
                    _ => return Err(CacheError::Corrupt(at)),
                };
                rules.push(CodeRule { code, when });
            }
            d.actor_records.push(ActorRecord { rules, origin });
        }
        d.actors = r.phrases(n_words, d.actor_records.len())?;
        let n = r.len(5)?;
        for _ in 0..n {
            let code = r.code(n_codes)?;
            let prefix = r.bool()?;
            d.agent_codes.push(AgentCode { code, prefix });
        }
        d.agents = r.phrases(n_words, d.agent_codes.len())?;
        let n = r.len(14)?;
        for _ in 0..n {
            let text = r.str()?.to_string();
            let whole_word = r.bool()?;
            let kind = if r.bool()? { DiscardKind::Story } else { DiscardKind::Sentence };
            let origin = r.origin()?;
            d.discards.push(Discard { text, whole_word, kind, origin });
        }
        let n = r.len(16)?;
        for _ in 0..n {
            let text = r.str()?.to_string();
            let code = r.opt_code(n_codes)?;
            let origin = r.origin()?;
            d.issues.push(IssueRule { text, code, origin });
        }
        let n = r.len(1)?;
        let at = r.pos;
        if n != d.lexicon.len() {
            return Err(CacheError::Corrupt(at));
        }
        d.word_search_starts = r.take(n)?.to_vec();
        if r.pos != bytes.len() {
            return Err(CacheError::Corrupt(r.pos));
        }
        d.build_searches();
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Dictionaries {
        let mut b = DictionariesBuilder::new();
        b.verbs("v", "&CURR\n+DOLLAR\n--- GIVE [070] ---\nGIVE {GAVE GIVEN}\n+HAND_OVER\n- * &CURR [071]\n- $ * + AID [073:074]\n");
        b.actors("a", "ARNOR [ARN]\nGOLLUM\n\t[HOB <950601]\n\t[HOBGOV 950601-990815]\n");
        b.agents("g", "POLICE {} [~COP]\nMSF {} [NGO~]\n");
        b.discards("d", "+TYPHOON\nBASEBALL_\n");
        b.issues("i", "n:teacher [TEACHERS]\n~financial literacy\n");
        b.build().0
    }

    #[test]
    fn round_trip() {
        let d = sample();
        let bytes = d.to_cache_bytes();
        let back = Dictionaries::from_cache_bytes(&bytes).unwrap();
        assert_eq!(back.to_cache_bytes(), bytes);
        assert_eq!(back.fingerprint(), d.fingerprint());
        assert_eq!(back.verbs().n_patterns(), 2);
        assert_eq!(back.actor_records(), d.actor_records());
        assert!(back.discard_search.is_some() && back.issue_search.is_some());
    }

    #[test]
    fn corrupt_caches_are_errors() {
        let bytes = sample().to_cache_bytes();
        assert_eq!(Dictionaries::from_cache_bytes(b"nonsense").unwrap_err(), CacheError::BadMagic);
        for cut in [8, 12, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(Dictionaries::from_cache_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        // Flip bytes everywhere: never a panic.
        for i in (0..bytes.len()).step_by(7) {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            let _ = Dictionaries::from_cache_bytes(&b);
        }
        let mut b = bytes.clone();
        b[8] = 99;
        assert_eq!(Dictionaries::from_cache_bytes(&b).unwrap_err(), CacheError::Version(99));
    }
}
