//! Writes compiled dictionaries in dyad's format (`dyad dict import`).
//!
//! The writer works from the compiled [`Dictionaries`], not from the source
//! text, so every PETRARCH quirk (generated plurals and verb forms, expanded
//! substitution sets, date conventions) is already resolved: reading the
//! output back compiles to the same dictionaries. Comments are not carried
//! over.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::syntax::{escape_word, format_range};
use super::verbs::regular_forms;
use crate::dict::{
    CodeId, Dictionaries, DiscardKind, Element, ElementKind, Phrase, VerbCode, VerbSense, When,
};
use crate::lexicon::WordId;

impl Dictionaries {
    /// Writes these dictionaries in dyad's own format (`docs/dictionaries.md`)
    /// as `(path, text)` pairs: `verbs/NN-NAME.txt`, `actors/NN-NAME.txt`,
    /// ..., one file per kind and source file, numbered so that reading them
    /// in path order keeps the original order. Compiling the files again
    /// gives the same dictionaries, up to file names and line numbers.
    ///
    /// # Example
    ///
    /// ```
    /// use dyad_core::dict::DictionariesBuilder;
    ///
    /// let mut b = DictionariesBuilder::new();
    /// b.actors("x.actors", "ARNOR [ARN]\n+ARNORIAN\n");
    /// let (dicts, _) = b.build();
    /// let files = dicts.to_native();
    /// assert_eq!(files[0].0, "actors/01-x.actors.txt");
    /// assert!(files[0].1.contains("arnor = ARN\n  + arnorian\n"));
    /// ```
    pub fn to_native(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut n_files = 0;
        let mut name = |kind: &str, file: u16| {
            n_files += 1;
            let source = self.files.get(file as usize).map_or("dictionary", |f| f.as_str());
            let stem = source.rsplit('/').next().unwrap_or(source).trim_end_matches(".txt");
            format!("{kind}/{n_files:02}-{stem}.txt")
        };
        if !self.verbs.classes.is_empty() || !self.verbs.synsets.is_empty() {
            let file = self.verbs.classes.first().map_or(0, |c| c.origin.file);
            out.push((name("verbs", file), self.write_verbs()));
        }
        for (file, text) in self.write_actors() {
            out.push((name("actors", file), text));
        }
        for (file, text) in self.write_agents() {
            out.push((name("agents", file), text));
        }
        for (file, text) in self.write_discards() {
            out.push((name("discards", file), text));
        }
        for (file, text) in self.write_issues() {
            out.push((name("issues", file), text));
        }
        out
    }

    fn header(&self, kind: &str, file: u16) -> String {
        let source = self.files.get(file as usize).map_or("?", |f| f.as_str());
        format!("dyad {kind}\n# Converted by `dyad dict import` from {source}.\n\n")
    }

    fn word(&self, w: WordId) -> String {
        word_text(self.lexicon.text(w))
    }

    fn phrase_text(&self, p: &Phrase) -> String {
        let mut s = String::new();
        for (k, &w) in p.words.iter().enumerate() {
            if k > 0 {
                s.push(if p.closed[k] { '_' } else { ' ' });
            }
            s.push_str(&self.word(w));
        }
        s
    }

    /// Groups of text per source file, in first-seen order.
    fn by_file(items: impl Iterator<Item = (u16, String)>) -> Vec<(u16, String)> {
        let mut out: Vec<(u16, String)> = Vec::new();
        for (file, text) in items {
            match out.iter_mut().find(|(f, _)| *f == file) {
                Some((_, t)) => t.push_str(&text),
                None => out.push((file, text)),
            }
        }
        out
    }

    fn write_actors(&self) -> Vec<(u16, String)> {
        let mut phrases_of: Vec<Vec<&Phrase>> = vec![Vec::new(); self.actor_records.len()];
        for p in &self.actors.phrases {
            if let Some(list) = phrases_of.get_mut(p.value as usize) {
                list.push(p);
            }
        }
        let mut files = Self::by_file(
            self.actor_records.iter().zip(&phrases_of).filter(|(_, p)| !p.is_empty()).map(
                |(record, phrases)| {
                    let mut s = self.phrase_text(phrases[0]);
                    let rules = &record.rules;
                    let one_line = rules.len() == 1 && rules[0].when == When::Always;
                    if one_line {
                        let _ = write!(s, " = {}", escape_code(self.codes.text(rules[0].code)));
                    }
                    s.push('\n');
                    for p in &phrases[1..] {
                        let _ = writeln!(s, "  + {}", self.phrase_text(p));
                    }
                    if rules.is_empty() {
                        s.push_str("  = ---\n");
                    }
                    if !one_line {
                        for rule in rules {
                            let range = format_range(rule.when);
                            let sep = if range.is_empty() { "" } else { " " };
                            let _ = writeln!(
                                s,
                                "  = {}{sep}{range}",
                                escape_code(self.codes.text(rule.code))
                            );
                        }
                    }
                    (record.origin.file, s)
                },
            ),
        );
        for (file, text) in &mut files {
            text.insert_str(0, &self.header("actors", *file));
        }
        files
    }

    fn write_agents(&self) -> Vec<(u16, String)> {
        let mut files = Self::by_file(self.agents.phrases.iter().map(|p| {
            let agent = self.agent_codes[p.value as usize];
            let code = self.codes.text(agent.code);
            let code = if agent.prefix { format!("{code}~") } else { format!("~{code}") };
            (p.origin.file, format!("{} = {code}\n", self.phrase_text(p)))
        }));
        for (file, text) in &mut files {
            text.insert_str(0, &self.header("agents", *file));
        }
        files
    }

    fn write_discards(&self) -> Vec<(u16, String)> {
        let mut files = Self::by_file(self.discards.iter().map(|d| {
            let kind = if d.kind == DiscardKind::Story { "story" } else { "sentence" };
            let words: Vec<String> = d.text.split(' ').map(word_text).collect();
            let star = if d.whole_word { "" } else { "*" };
            (d.origin.file, format!("{kind} {}{star}\n", words.join(" ")))
        }));
        for (file, text) in &mut files {
            text.insert_str(0, &self.header("discards", *file));
        }
        files
    }

    fn write_issues(&self) -> Vec<(u16, String)> {
        let mut files = Self::by_file(self.issues.iter().map(|rule| {
            let words: Vec<String> =
                rule.text.split(' ').map(|w| word_text(w).replace('_', "\\_")).collect();
            let line = match rule.code {
                Some(code) => format!("{} = {}\n", words.join(" "), self.codes.text(code)),
                None => format!("ignore {}\n", words.join(" ")),
            };
            (rule.origin.file, line)
        }));
        for (file, text) in &mut files {
            text.insert_str(0, &self.header("issues", *file));
        }
        files
    }

    pub(crate) fn code_text(&self, code: VerbCode) -> String {
        let one =
            |c: Option<CodeId>| c.map_or("---".to_string(), |c| escape_code(self.codes.text(c)));
        match code {
            VerbCode::Null => "---".into(),
            VerbCode::Code(c) => one(Some(c)),
            VerbCode::Pair(a, b) => format!("{} <> {}", one(a), one(b)),
            VerbCode::Voice(a, b) => format!("{} passive {}", one(a), one(b)),
        }
    }

    fn element_text(&self, e: &Element) -> String {
        match e.kind {
            ElementKind::Word(w) => self.word(w),
            ElementKind::OneChar(w) => format!("{{{}}}", self.word(w)),
            ElementKind::Empty => "{}".into(),
            ElementKind::Synset(s) => format!("&{}", self.verbs.synsets[s as usize].name),
            ElementKind::Source => "$".into(),
            ElementKind::Target => "+".into(),
            ElementKind::Skip => "^".into(),
            ElementKind::Compound => "%".into(),
        }
    }

    /// A pattern as `UPPER * LOWER` (without the code).
    pub(crate) fn pattern_body(&self, upper: &[Element], lower: &[Element]) -> String {
        let mut s = String::new();
        for e in upper.iter().rev() {
            s.push_str(&self.element_text(e));
            s.push(if e.closed { '_' } else { ' ' });
        }
        s.push('*');
        for e in lower {
            s.push(if e.closed { '_' } else { ' ' });
            s.push_str(&self.element_text(e));
        }
        s
    }

    fn write_verbs(&self) -> String {
        let v = &self.verbs;
        let file = v.classes.first().map_or(0, |c| c.origin.file);
        let mut s = self.header("verbs", file);
        for set in &v.synsets {
            let _ = writeln!(s, "synset &{}", set.name);
            let mut words: Vec<String> = set.words.iter().map(|&w| self.word(w)).collect();
            words.sort();
            for w in words {
                let _ = writeln!(s, "  {w}");
            }
            for p in &set.phrases {
                let words: Vec<String> = p.iter().map(|&w| self.word(w)).collect();
                let _ = writeln!(s, "  {}", words.join(" "));
            }
        }
        if !v.synsets.is_empty() {
            s.push('\n');
        }
        // Verb lines: forms grouped by the sense (the source line) that won
        // them, per class.
        type Key = GroupKey;
        let mut groups: BTreeMap<Key, (VerbSense, Vec<String>)> = BTreeMap::new();
        let key = |sense: &VerbSense, before: &[WordId], after: &[WordId]| -> Key {
            (
                sense.class,
                sense.origin.file,
                sense.origin.line,
                format!("{:?}", sense.code),
                before.to_vec(),
                after.to_vec(),
            )
        };
        for (&word, form) in &v.forms {
            let text = self.lexicon.text(word).to_string();
            if let Some(sense) = form.single {
                groups
                    .entry(key(&sense, &[], &[]))
                    .or_insert_with(|| (sense, Vec::new()))
                    .1
                    .push(text.clone());
            }
            for m in &form.multi {
                let k = key(&m.sense, &m.before, &m.after);
                groups.entry(k).or_insert_with(|| (m.sense, Vec::new())).1.push(text.clone());
            }
        }
        let mut names: Vec<String> = Vec::new();
        for (idx, class) in v.classes.iter().enumerate() {
            let idx = idx as u32;
            let lines: Vec<(&Key, &(VerbSense, Vec<String>))> =
                groups.range(class_range(idx)).collect();
            // The class code is its verbs' most common code.
            let mut counts: Vec<(VerbCode, usize)> = Vec::new();
            for (_, (sense, _)) in &lines {
                match counts.iter_mut().find(|(c, _)| *c == sense.code) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((sense.code, 1)),
                }
            }
            let default = counts.iter().max_by_key(|(_, n)| *n).map_or(VerbCode::Null, |(c, _)| *c);
            let mut name: String = class
                .name
                .chars()
                .map(|c| if c.is_whitespace() || c == '=' || c == '#' { '_' } else { c })
                .collect();
            if name.is_empty() {
                name = "CLASS".into();
            }
            if names.contains(&name) {
                name = format!("{name}~{}", idx + 1);
            }
            names.push(name.clone());
            let _ = writeln!(s, "class {name} = {}", self.code_text(default));
            for ((_, _, _, _, before, after), (sense, forms)) in lines {
                s.push_str("  ");
                s.push_str(&self.verb_line(before, after, forms));
                if sense.code != default {
                    let _ = write!(s, " = {}", self.code_text(sense.code));
                }
                s.push('\n');
            }
            for p in &class.patterns {
                let _ = writeln!(
                    s,
                    "  - {} = {}",
                    self.pattern_body(&p.upper, &p.lower),
                    self.code_text(p.code)
                );
            }
            s.push('\n');
        }
        for t in &v.transformations {
            let _ = writeln!(
                s,
                "transform {} ({} {} {}) {} = {} {} {}",
                t.outer_source,
                t.inner_source,
                t.inner_target,
                t.inner_verb,
                t.outer_verb,
                t.output[0],
                t.output[1],
                t.output[2]
            );
        }
        s
    }

    fn verb_line(&self, before: &[WordId], after: &[WordId], forms: &[String]) -> String {
        let (base, rest) = pick_base(forms);
        let mut words: Vec<String> =
            before.iter().rev().filter(|w| !w.is_unknown()).map(|&w| self.word(w)).collect();
        let marked = !words.is_empty();
        words.push(format!("{}{}", if marked { "+" } else { "" }, word_text(&base)));
        words.extend(after.iter().map(|&w| self.word(w)));
        let mut s = words.join(" ");
        if let Some(rest) = rest {
            let rest: Vec<String> = rest.iter().map(|f| word_text(f)).collect();
            let _ = write!(s, " {{{}}}", rest.join(" "));
        }
        s
    }
}

type GroupKey = (u32, u16, u32, String, Vec<WordId>, Vec<WordId>);

/// Every verb-line key of class `idx`.
fn class_range(idx: u32) -> std::ops::Range<GroupKey> {
    (idx, 0, 0, String::new(), Vec::new(), Vec::new())
        ..(idx + 1, 0, 0, String::new(), Vec::new(), Vec::new())
}

/// The base form of a group of verb forms and the forms to list in braces
/// (`None` when the base's regular forms are exactly the others).
fn pick_base(forms: &[String]) -> (String, Option<Vec<String>>) {
    let mut sorted: Vec<String> = forms.to_vec();
    sorted.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    sorted.dedup();
    for candidate in &sorted {
        let mut others: Vec<String> = sorted.iter().filter(|f| *f != candidate).cloned().collect();
        let mut regular = regular_forms(candidate);
        others.sort();
        regular.sort();
        regular.dedup();
        if others == regular {
            return (candidate.clone(), None);
        }
    }
    let base = sorted[0].clone();
    let mut rest: Vec<String> = sorted[1..].to_vec();
    rest.sort();
    (base, Some(rest))
}

/// A code as written: `#` and `\\` escaped.
fn escape_code(code: &str) -> String {
    code.chars()
        .flat_map(|c| if matches!(c, '#' | '\\' | '=') { vec!['\\', c] } else { vec![c] })
        .collect()
}

/// A dictionary word as written: lower case when that reads back the same,
/// with special characters escaped.
fn word_text(word: &str) -> String {
    let lower = word.to_lowercase();
    let w = if lower.to_uppercase() == word { lower } else { word.to_string() };
    escape_word(&w)
}
