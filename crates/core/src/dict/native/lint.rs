//! Checks on compiled dictionaries, in any format: codes that are not
//! CAMEO's, entries that repeat or contradict one another, overlapping date
//! ranges, and patterns that can never match. All findings are warnings:
//! the dictionaries still load and code.

use rustc_hash::{FxHashMap, FxHashSet};

use super::cameo_tables::{is_event_code, unknown_block};
use super::syntax::format_range;
use crate::dict::{
    CodeId, Diagnostic, Dictionaries, DiscardKind, Element, ElementKind, Origin, Phrase,
    PhraseDict, Severity, VerbCode, When,
};

impl Dictionaries {
    /// Checks the compiled dictionaries (see `dyad dict check`):
    ///
    /// * event codes that are not in the CAMEO codebook, and actor or agent
    ///   codes with a three-letter block that is not a CAMEO country, group,
    ///   role, ethnic or religion code;
    /// * an actor or agent phrase defined twice (the second is never used),
    ///   repeated discards and issues;
    /// * dated actor codes whose ranges overlap with different codes (the
    ///   first listed wins), and several unrestricted codes (the last wins);
    /// * patterns that can never match: those after an earlier pattern of the
    ///   same class that matches whenever they do, and the patterns of a
    ///   class that has no verbs.
    ///
    /// Every finding is a [`Severity::Warning`] at the line concerned.
    pub fn lint(&self) -> Vec<Diagnostic> {
        let mut out = Lints { dicts: self, out: Vec::new(), seen: FxHashSet::default() };
        out.event_codes();
        out.actor_codes();
        out.phrase_repeats(&self.actors, "actor");
        out.phrase_repeats(&self.agents, "agent");
        out.dates();
        out.patterns();
        out.lists();
        out.out
    }
}

struct Lints<'d> {
    dicts: &'d Dictionaries,
    out: Vec<Diagnostic>,
    seen: FxHashSet<(u16, u32, String)>,
}

impl Lints<'_> {
    fn warn(&mut self, origin: Origin, message: String) {
        if self.seen.insert((origin.file, origin.line, message.clone())) {
            let file = self.dicts.files.get(origin.file as usize).cloned().unwrap_or_default();
            self.out.push(Diagnostic {
                file,
                line: origin.line,
                message,
                severity: Severity::Warning,
            });
        }
    }

    fn at(&self, origin: Origin) -> String {
        self.dicts.origin_text(origin)
    }

    fn check_event(&mut self, code: VerbCode, origin: Origin) {
        let ids: [Option<CodeId>; 2] = match code {
            VerbCode::Null => [None, None],
            VerbCode::Code(c) => [Some(c), None],
            VerbCode::Pair(a, b) | VerbCode::Voice(a, b) => [a, b],
        };
        for id in ids.into_iter().flatten() {
            let text = self.dicts.codes.text(id);
            if !is_event_code(text) {
                self.warn(origin, format!("`{text}` is not a CAMEO event code"));
            }
        }
    }

    fn event_codes(&mut self) {
        let verbs = &self.dicts.verbs;
        for form in verbs.forms.values() {
            for sense in form.single.iter().chain(form.multi.iter().map(|m| &m.sense)) {
                self.check_event(sense.code, sense.origin);
            }
        }
        for class in &verbs.classes {
            for p in &class.patterns {
                self.check_event(p.code, p.origin);
            }
        }
    }

    fn check_actor_code(&mut self, code: &str, origin: Origin, what: &str) {
        for part in code.split('/') {
            if let Some(block) = unknown_block(part) {
                self.warn(
                    origin,
                    format!("{what} code `{part}`: `{block}` is not a CAMEO country, group, role, ethnic or religion code"),
                );
            }
        }
    }

    fn actor_codes(&mut self) {
        let d = self.dicts;
        for record in &d.actor_records {
            for rule in &record.rules {
                self.check_actor_code(d.codes.text(rule.code), record.origin, "actor");
            }
        }
        for p in &d.agents.phrases {
            let code = d.agent_codes[p.value as usize].code;
            self.check_actor_code(d.codes.text(code), p.origin, "agent");
        }
    }

    fn value_text(&self, dict: &PhraseDict, p: &Phrase) -> String {
        let d = self.dicts;
        if std::ptr::eq(dict, &d.agents) {
            let a = d.agent_codes[p.value as usize];
            let c = d.codes.text(a.code);
            return if a.prefix { format!("{c}~") } else { format!("~{c}") };
        }
        let Some(record) = d.actor_records.get(p.value as usize) else {
            return String::new();
        };
        let rules: Vec<String> = record
            .rules
            .iter()
            .map(|r| {
                let range = format_range(r.when);
                if range.is_empty() {
                    d.codes.text(r.code).to_string()
                } else {
                    format!("{} {range}", d.codes.text(r.code))
                }
            })
            .collect();
        if rules.is_empty() { "---".into() } else { rules.join(", ") }
    }

    /// A phrase equal to an earlier one (same words; connectors equal, or the
    /// earlier one all open) is never used: the first wins.
    fn phrase_repeats(&mut self, dict: &PhraseDict, what: &str) {
        let d = self.dicts;
        let mut first: FxHashMap<&[crate::lexicon::WordId], Vec<&Phrase>> = FxHashMap::default();
        for p in &dict.phrases {
            let earlier = first.entry(&p.words).or_default();
            let shadow = earlier
                .iter()
                .find(|e| e.closed == p.closed || e.closed.iter().skip(1).all(|c| !c))
                .copied();
            earlier.push(p);
            let Some(e) = shadow else { continue };
            let text: Vec<&str> = p.words.iter().map(|&w| d.lexicon.text(w)).collect();
            let text = text.join(" ").to_lowercase();
            let (mine, theirs) = (self.value_text(dict, p), self.value_text(dict, e));
            let at = self.at(e.origin);
            let message = if e.value == p.value && e.origin == p.origin {
                format!("{what} phrase `{text}` is listed twice")
            } else if mine == theirs {
                format!("{what} phrase `{text}` repeats the one at {at}; this one is never used")
            } else {
                format!(
                    "{what} phrase `{text}` ({mine}) is shadowed by the same phrase at {at} ({theirs}), which wins"
                )
            };
            self.warn(p.origin, message);
        }
    }

    fn dates(&mut self) {
        let d = self.dicts;
        for record in &d.actor_records {
            let dated: Vec<_> = record.rules.iter().filter(|r| r.when != When::Always).collect();
            for (i, a) in dated.iter().enumerate() {
                for b in &dated[i + 1..] {
                    if a.code != b.code && overlap(a.when, b.when) {
                        let show = |r: &crate::dict::CodeRule| {
                            format!("{} {}", d.codes.text(r.code), format_range(r.when))
                        };
                        self.warn(
                            record.origin,
                            format!(
                                "dates of `{}` and `{}` overlap; the first listed wins",
                                show(a),
                                show(b)
                            ),
                        );
                    }
                }
            }
            let always: Vec<CodeId> =
                record.rules.iter().filter(|r| r.when == When::Always).map(|r| r.code).collect();
            if let Some((&last, rest)) = always.split_last() {
                for &c in rest {
                    if c != last {
                        self.warn(
                            record.origin,
                            format!(
                                "unrestricted code `{}` is never used: the last unrestricted code, `{}`, applies",
                                d.codes.text(c),
                                d.codes.text(last)
                            ),
                        );
                    }
                }
            }
        }
    }

    fn patterns(&mut self) {
        let d = self.dicts;
        let mut has_verbs = vec![false; d.verbs.classes.len()];
        for form in d.verbs.forms.values() {
            for sense in form.single.iter().chain(form.multi.iter().map(|m| &m.sense)) {
                if let Some(h) = has_verbs.get_mut(sense.class as usize) {
                    *h = true;
                }
            }
        }
        for (idx, class) in d.verbs.classes.iter().enumerate() {
            if !has_verbs[idx] && !class.patterns.is_empty() {
                self.warn(
                    class.origin,
                    format!(
                        "class {} has no verbs: its {} patterns are never tried",
                        class.name,
                        class.patterns.len()
                    ),
                );
                continue;
            }
            for (k, p) in class.patterns.iter().enumerate() {
                let body = || d.pattern_body(&p.upper, &p.lower);
                if p.upper.last().is_some_and(|e| e.kind == ElementKind::Empty)
                    || p.lower.last().is_some_and(|e| e.kind == ElementKind::Empty)
                {
                    self.warn(
                        p.origin,
                        format!(
                            "pattern `{}` can never match: it ends with an empty element",
                            body()
                        ),
                    );
                    continue;
                }
                if let Some(e) = class.patterns[..k]
                    .iter()
                    .find(|e| is_prefix(&e.upper, &p.upper) && is_prefix(&e.lower, &p.lower))
                {
                    let message = if e.upper == p.upper && e.lower == p.lower {
                        format!(
                            "pattern `{}` can never match: it repeats the pattern at {}",
                            body(),
                            self.at(e.origin)
                        )
                    } else {
                        format!(
                            "pattern `{}` can never match: the earlier pattern `{}` at {} matches first",
                            body(),
                            d.pattern_body(&e.upper, &e.lower),
                            self.at(e.origin)
                        )
                    };
                    self.warn(p.origin, message);
                }
            }
        }
    }

    fn lists(&mut self) {
        let d = self.dicts;
        let mut discards: FxHashMap<(&str, bool, bool), Origin> = FxHashMap::default();
        for x in &d.discards {
            let key = (x.text.as_str(), x.whole_word, x.kind == DiscardKind::Story);
            if let Some(&o) = discards.get(&key) {
                let at = self.at(o);
                self.warn(
                    x.origin,
                    format!("discard `{}` repeats the one at {at}", x.text.to_lowercase()),
                );
            } else {
                discards.insert(key, x.origin);
            }
        }
        let mut issues: FxHashMap<&str, (Origin, Option<CodeId>)> = FxHashMap::default();
        for x in &d.issues {
            match issues.get(x.text.as_str()) {
                Some(&(o, code)) => {
                    let at = self.at(o);
                    let message = if code == x.code {
                        format!(
                            "issue phrase `{}` repeats the one at {at}; it is counted twice",
                            x.text.to_lowercase()
                        )
                    } else {
                        format!(
                            "issue phrase `{}` also has another code at {at}; both are counted",
                            x.text.to_lowercase()
                        )
                    };
                    self.warn(x.origin, message);
                }
                None => {
                    issues.insert(&x.text, (x.origin, x.code));
                }
            }
        }
    }
}

/// True when pattern side `a` is a prefix of `b`: a match of `b` is then a
/// match of `a` (sides match in one greedy pass).
fn is_prefix(a: &[Element], b: &[Element]) -> bool {
    a.len() <= b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

fn bounds(w: When) -> (i32, i32) {
    match w {
        When::Always => (i32::MIN, i32::MAX),
        When::Until(b) => (i32::MIN, b.days()),
        When::From(a) => (a.days(), i32::MAX),
        When::Between(a, b) => (a.days(), b.days()),
    }
}

fn overlap(a: When, b: When) -> bool {
    let (a0, a1) = bounds(a);
    let (b0, b1) = bounds(b);
    a0 <= b1 && b0 <= a1
}

#[cfg(test)]
mod tests {
    use super::super::tests::build;

    fn lint(files: &[(&str, &str)]) -> Vec<String> {
        let (d, diags) = build(files);
        assert!(diags.is_empty(), "{diags:?}");
        d.lint().iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn actors_and_agents() {
        let actors = "dyad actors
Russia = RUS
Russia = RUS
Moscow = RUSGOV
  + Russia
Putin
  = RUSGOV 2000..2008-05-07
  = RUSELI 2008..2012
  = RUSXYZ
  = RUSELI
Nowhere = QQQ
";
        let agents = "dyad agents\ntroop(s) = ~MIL\ntroops = ~COP\nbad = ~QQQ\n";
        assert_eq!(
            lint(&[("a.txt", actors), ("g.txt", agents)]),
            [
                "a.txt:6: warning: actor code `RUSXYZ`: `XYZ` is not a CAMEO country, group, role, ethnic or religion code",
                "a.txt:11: warning: actor code `QQQ`: `QQQ` is not a CAMEO country, group, role, ethnic or religion code",
                "g.txt:4: warning: agent code `QQQ`: `QQQ` is not a CAMEO country, group, role, ethnic or religion code",
                "a.txt:3: warning: actor phrase `russia` repeats the one at a.txt:2; this one is never used",
                "a.txt:5: warning: actor phrase `russia` (RUSGOV) is shadowed by the same phrase at a.txt:2 (RUS), which wins",
                "g.txt:3: warning: agent phrase `troops` (~COP) is shadowed by the same phrase at g.txt:2 (~MIL), which wins",
                "a.txt:6: warning: dates of `RUSGOV 2000-01-01..2008-05-07` and `RUSELI 2008-01-01..2012-12-31` overlap; the first listed wins",
                "a.txt:6: warning: unrestricted code `RUSXYZ` is never used: the last unrestricted code, `RUSELI`, applies",
            ]
        );
    }

    #[test]
    fn patterns_and_lists() {
        let verbs = "dyad verbs
class MEET = 040
  meet {meets met meeting}
  - * talks = 043
  - * talks with + = 046
  - * talks = 040
  - * x {} = 040
class EMPTY
  - * z = 040
";
        let lists = "dyad discards\nsentence baseball*\nsentence baseball*\n";
        assert_eq!(
            lint(&[("v.txt", verbs), ("d.txt", lists)]),
            [
                "v.txt:5: warning: pattern `* talks with +` can never match: the earlier pattern `* talks` at v.txt:4 matches first",
                "v.txt:6: warning: pattern `* talks` can never match: it repeats the pattern at v.txt:4",
                "v.txt:7: warning: pattern `* x {}` can never match: it ends with an empty element",
                "v.txt:8: warning: class EMPTY has no verbs: its 1 patterns are never tried",
                "d.txt:3: warning: discard `baseball` repeats the one at d.txt:2",
            ]
        );
    }
}
