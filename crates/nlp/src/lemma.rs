//! Lemmatizer: exceptions and suffix rules learned from training data.
//!
//! Each (tag, lower-cased word) seen in training whose lemma the suffix
//! rules get wrong is an exception. Other words use the rule of their
//! longest known suffix (up to [`MAX_SUFFIX`] characters) under their tag: strip some
//! characters and append others, on the word as written or lower-cased.

use crate::hash::{hash_str, mix};
use crate::model::{ModelError, Reader, Writer};
use crate::perceptron::KeyMap;
use crate::tag::Tag;

/// Longest suffix the rules look at, in characters.
const MAX_SUFFIX: usize = 5;

/// One suffix rule: how to turn a word into its lemma.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Rule {
    /// Lower-case the word first.
    lower: bool,
    /// Characters to strip from the end.
    strip: u8,
    /// Text to append.
    append: String,
}

impl Rule {
    fn apply(&self, word: &str, lower: &str, out: &mut String) {
        let base = if self.lower { lower } else { word };
        let n_chars = base.chars().count();
        let keep = n_chars.saturating_sub(self.strip as usize);
        let end = base.char_indices().nth(keep).map_or(base.len(), |(i, _)| i);
        out.push_str(&base[..end]);
        out.push_str(&self.append);
    }

    /// The rule turning `word` into `lemma`, if one exists with the
    /// longest common prefix.
    fn derive(word: &str, lower: &str, lemma: &str) -> Option<Rule> {
        let mut best: Option<Rule> = None;
        for (flag, base) in [(false, word), (true, lower)] {
            let common = base.chars().zip(lemma.chars()).take_while(|(a, b)| a == b).count();
            let strip = base.chars().count() - common;
            let append: String = lemma.chars().skip(common).collect();
            if strip > 255 || append.len() > 32 {
                continue;
            }
            let rule = Rule { lower: flag, strip: strip as u8, append };
            // Prefer the lower-casing rule when both are as short.
            let cost = |r: &Rule| r.strip as usize + r.append.len();
            if best.as_ref().is_none_or(|b| cost(&rule) <= cost(b)) {
                best = Some(rule);
            }
        }
        best
    }
}

/// Lemmas seen for one word: hash of the lemma to the lemma and its count.
type LemmaCounts = KeyMap<u64, (String, u32)>;

/// A trained lemmatizer.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lemmatizer {
    rules: Vec<Rule>,
    /// Hash of (tag, suffix) to rule index.
    suffixes: KeyMap<u64, u32>,
    /// Hash of (tag, word) to lemma.
    exceptions: KeyMap<u64, Box<str>>,
}

fn suffix_key(tag: Tag, suffix: &str) -> u64 {
    mix(hash_str(suffix), tag.index() as u64 + 1)
}

fn word_key(tag: Tag, word: &str) -> u64 {
    mix(hash_str(word), tag.index() as u64 + 1000)
}

/// Lower-cases `word` into `out`.
fn lower_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

impl Lemmatizer {
    /// Writes the lemma of `word` tagged `tag` to `out` (cleared first);
    /// `lower` is scratch space.
    pub(crate) fn lemmatize(&self, word: &str, tag: Tag, lower: &mut String, out: &mut String) {
        out.clear();
        lower_into(word, lower);
        if let Some(lemma) = self.exceptions.get(&word_key(tag, word)) {
            out.push_str(lemma);
            return;
        }
        if let Some(rule) = self.rule_for(lower, tag) {
            rule.apply(word, lower, out);
            if !out.is_empty() {
                return;
            }
            out.clear();
        }
        out.push_str(if tag.is_proper_noun() { word } else { lower });
    }

    fn rule_for(&self, lower: &str, tag: Tag) -> Option<&Rule> {
        // Start offsets of the last MAX_SUFFIX characters, longest first.
        let mut starts = [0usize; MAX_SUFFIX];
        let mut n = 0;
        for (slot, (i, _)) in starts.iter_mut().zip(lower.char_indices().rev()) {
            *slot = i;
            n += 1;
        }
        for &start in starts[..n].iter().rev() {
            if let Some(&rule) = self.suffixes.get(&suffix_key(tag, &lower[start..])) {
                return self.rules.get(rule as usize);
            }
        }
        self.suffixes.get(&suffix_key(tag, "")).and_then(|&r| self.rules.get(r as usize))
    }

    /// Learns from (word, tag, lemma) triples.
    pub(crate) fn train<'a>(triples: impl Iterator<Item = (&'a str, Tag, &'a str)>) -> Lemmatizer {
        // Counts of lemmas per (tag, lower word).
        let mut words: std::collections::BTreeMap<(Tag, String, String), LemmaCounts> =
            Default::default();
        let mut lower = String::new();
        for (word, tag, lemma) in triples {
            lower_into(word, &mut lower);
            let entry = words.entry((tag, lower.clone(), word.to_string())).or_default();
            entry.entry(hash_str(lemma)).or_insert_with(|| (lemma.to_string(), 0)).1 += 1;
        }
        // Suffix rule counts per (tag, suffix).
        let mut rule_ids: std::collections::HashMap<Rule, u32> = Default::default();
        let mut rules: Vec<Rule> = Vec::new();
        let mut counts: KeyMap<u64, KeyMap<u64, u32>> = KeyMap::default();
        let mut best_lemma: Vec<(Tag, String, String, String, u32)> = Vec::new();
        for ((tag, lower, word), lemmas) in &words {
            let Some((lemma, n)) = lemmas.values().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            else {
                continue;
            };
            best_lemma.push((*tag, lower.clone(), word.clone(), lemma.clone(), *n));
            let Some(rule) = Rule::derive(word, lower, lemma) else { continue };
            let id = *rule_ids.entry(rule.clone()).or_insert_with(|| {
                rules.push(rule);
                rules.len() as u32 - 1
            });
            let starts: Vec<usize> =
                lower.char_indices().rev().take(MAX_SUFFIX).map(|(i, _)| i).collect();
            for start in starts.iter().copied().chain([lower.len()]) {
                let c = counts.entry(suffix_key(*tag, &lower[start..])).or_default();
                *c.entry(id as u64).or_insert(0) += n;
            }
        }
        let mut suffixes = KeyMap::default();
        for (key, c) in counts {
            if let Some((&rule, _)) = c.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
                suffixes.insert(key, rule as u32);
            }
        }
        let mut lem = Lemmatizer { rules, suffixes, exceptions: KeyMap::default() };
        // Exceptions: words the rules get wrong.
        best_lemma.sort();
        let mut out = String::new();
        let mut scratch = String::new();
        for (tag, _lower, word, lemma, _) in best_lemma {
            lem.lemmatize(&word, tag, &mut scratch, &mut out);
            if out != lemma {
                lem.exceptions.insert(word_key(tag, &word), lemma.into_boxed_str());
            }
        }
        lem
    }

    /// Number of rules, suffix entries and exceptions.
    pub(crate) fn sizes(&self) -> (usize, usize, usize) {
        (self.rules.len(), self.suffixes.len(), self.exceptions.len())
    }

    /// Serializes the lemmatizer.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.u32(self.rules.len() as u32);
        for rule in &self.rules {
            w.varint(rule.lower as u64);
            w.varint(rule.strip as u64);
            w.str(&rule.append);
        }
        let mut suffixes: Vec<(u64, u32)> = self.suffixes.iter().map(|(&k, &v)| (k, v)).collect();
        suffixes.sort_unstable();
        w.u32(suffixes.len() as u32);
        for (k, v) in suffixes {
            w.varint(k);
            w.varint(v as u64);
        }
        let mut exceptions: Vec<(u64, &str)> =
            self.exceptions.iter().map(|(&k, v)| (k, &**v)).collect();
        exceptions.sort_unstable();
        w.u32(exceptions.len() as u32);
        for (k, v) in exceptions {
            w.varint(k);
            w.str(v);
        }
    }

    /// Reads a lemmatizer written by [`Lemmatizer::write`].
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Lemmatizer, ModelError> {
        let n = r.count()?;
        let mut rules = Vec::with_capacity(n);
        for _ in 0..n {
            let lower = r.varint()? != 0;
            let strip = u8::try_from(r.varint()?).map_err(|_| ModelError::corrupt("rule"))?;
            let append = r.str()?.to_string();
            rules.push(Rule { lower, strip, append });
        }
        let n = r.count()?;
        let mut suffixes = KeyMap::default();
        suffixes.reserve(n);
        for _ in 0..n {
            let k = r.varint()?;
            let v = r.varint()?;
            if v as usize >= rules.len() {
                return Err(ModelError::corrupt("rule index"));
            }
            suffixes.insert(k, v as u32);
        }
        let n = r.count()?;
        let mut exceptions = KeyMap::default();
        exceptions.reserve(n);
        for _ in 0..n {
            let k = r.varint()?;
            exceptions.insert(k, r.str()?.into());
        }
        Ok(Lemmatizer { rules, suffixes, exceptions })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_rules_and_exceptions() {
        let t = |s| Tag::parse(s).unwrap();
        let data = [
            ("talks", t("NNS"), "talk"),
            ("walks", t("NNS"), "walk"),
            ("cities", t("NNS"), "city"),
            ("parties", t("NNS"), "party"),
            ("men", t("NNS"), "man"),
            ("went", t("VBD"), "go"),
            ("Talks", t("NNS"), "talk"),
            ("Obama", t("NNP"), "Obama"),
            ("The", t("DT"), "the"),
        ];
        let lem = Lemmatizer::train(data.iter().map(|&(w, t, l)| (w, t, l)));
        let mut w = Writer::default();
        lem.write(&mut w);
        let bytes = w.into_inner();
        let lem = Lemmatizer::read(&mut Reader::new(&bytes)).unwrap();
        let (mut scratch, mut out) = (String::new(), String::new());
        for (word, tag, want) in [
            ("went", "VBD", "go"),
            ("rocks", "NNS", "rock"),
            ("ladies", "NNS", "lady"),
            ("Obama", "NNP", "Obama"),
            ("Biden", "NNP", "Biden"),
            ("TALKS", "NNS", "talk"),
            ("", "NN", ""),
        ] {
            lem.lemmatize(word, t(tag), &mut scratch, &mut out);
            assert_eq!(out, want, "{word}/{tag}");
        }
    }
}
