//! A canonical text form of compiled dictionaries, independent of file
//! names, line numbers, word and code numbering and class names: two sets
//! that code every sentence alike give the same text. `dyad dict compare`
//! uses it to check that an imported set equals its PETRARCH original.

use std::fmt::Write as _;

use crate::dict::{Dictionaries, Element, ElementKind, Phrase, PhraseDict, VerbCode, When};

impl Dictionaries {
    /// The canonical text of these dictionaries: one line per verb form,
    /// pattern, synset, actor phrase, agent phrase, discard and issue, in the
    /// order the coder tries them (phrases sharing a first word are listed
    /// longest first, discards sorted). Origins, class names and internal
    /// numbering are left out.
    pub fn canonical_text(&self) -> String {
        let mut s = String::new();
        let code = |c: VerbCode| self.code_text(c);
        let words = |ws: &[crate::lexicon::WordId]| -> String {
            ws.iter().map(|&w| self.lexicon.text(w)).collect::<Vec<_>>().join(" ")
        };
        for (idx, set) in self.verbs.synsets.iter().enumerate() {
            let mut members: Vec<String> =
                set.words.iter().map(|&w| self.lexicon.text(w).to_string()).collect();
            members.extend(set.phrases.iter().map(|p| words(p)));
            members.sort();
            let _ = writeln!(s, "synset {idx} &{}: {}", set.name, members.join(" | "));
        }
        for (idx, class) in self.verbs.classes.iter().enumerate() {
            for (k, p) in class.patterns.iter().enumerate() {
                let show = |e: &Element| match e.kind {
                    ElementKind::Synset(i) => format!("{}&{i}", if e.closed { "_" } else { " " }),
                    ElementKind::Word(w) => {
                        format!("{}{}", if e.closed { "_" } else { " " }, self.lexicon.text(w))
                    }
                    ElementKind::OneChar(w) => {
                        format!("{}{{{}}}", if e.closed { "_" } else { " " }, self.lexicon.text(w))
                    }
                    other => format!("{}{other:?}", if e.closed { "_" } else { " " }),
                };
                let up: String = p.upper.iter().map(show).collect();
                let low: String = p.lower.iter().map(show).collect();
                let _ = writeln!(s, "class {idx} pattern {k}: [{up}] * [{low}] = {}", code(p.code));
            }
        }
        let mut forms: Vec<(&str, &crate::dict::VerbForm)> =
            self.verbs.forms.iter().map(|(w, f)| (self.lexicon.text(*w), f)).collect();
        forms.sort_by_key(|(w, _)| *w);
        for (word, form) in forms {
            if let Some(sense) = form.single {
                let _ = writeln!(s, "verb {word}: class {} = {}", sense.class, code(sense.code));
            }
            for (k, m) in form.multi.iter().enumerate() {
                // A multi-word verb after one with the same words is never
                // used: the first that fits wins.
                if form.multi[..k].iter().any(|e| e.before == m.before && e.after == m.after) {
                    continue;
                }
                let _ = writeln!(
                    s,
                    "verb {word} before [{}] after [{}]: class {} = {}",
                    words(&m.before),
                    words(&m.after),
                    m.sense.class,
                    code(m.sense.code)
                );
            }
        }
        for t in &self.verbs.transformations {
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
        let rules = |value: u32| -> String {
            let Some(record) = self.actor_records.get(value as usize) else {
                return "?".into();
            };
            let parts: Vec<String> = record
                .rules
                .iter()
                .map(|r| match r.when {
                    When::Always => self.codes.text(r.code).to_string(),
                    w => format!("{} {}", self.codes.text(r.code), super::syntax::format_range(w)),
                })
                .collect();
            // No code at all and the code `---` both code nothing.
            if parts.is_empty() { "---".into() } else { parts.join(", ") }
        };
        for p in self.ordered(&self.actors) {
            let _ = writeln!(s, "actor {}: {}", self.connected(p), rules(p.value));
        }
        for p in self.ordered(&self.agents) {
            let a = self.agent_codes[p.value as usize];
            let c = self.codes.text(a.code);
            let c = if a.prefix { format!("{c}~") } else { format!("~{c}") };
            let _ = writeln!(s, "agent {}: {c}", self.connected(p));
        }
        let mut discards: Vec<String> = self
            .discards
            .iter()
            .map(|d| {
                format!("discard {:?} {}{}", d.kind, d.text, if d.whole_word { "" } else { "*" })
            })
            .collect();
        discards.sort();
        for d in discards {
            let _ = writeln!(s, "{d}");
        }
        for i in &self.issues {
            let c = i.code.map_or("(ignore)", |c| self.codes.text(c));
            // Runs of spaces (from PETRARCH's `eu+ gene`) never match; they
            // read back as one.
            let _ = writeln!(
                s,
                "issue {}: {c}",
                i.text.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
        s
    }

    /// Phrases in the order the coder tries them: by first word, longest
    /// first, then in file order.
    fn ordered<'a>(&'a self, dict: &'a PhraseDict) -> Vec<&'a Phrase> {
        let mut list: Vec<&Phrase> = dict.phrases.iter().collect();
        list.sort_by(|a, b| {
            self.lexicon
                .text(a.words[0])
                .cmp(self.lexicon.text(b.words[0]))
                .then(b.words.len().cmp(&a.words.len()))
        });
        list
    }

    fn connected(&self, p: &Phrase) -> String {
        let mut s = String::new();
        for (k, &w) in p.words.iter().enumerate() {
            if k > 0 {
                s.push(if p.closed[k] { '_' } else { ' ' });
            }
            s.push_str(self.lexicon.text(w));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use crate::dict::{Dictionaries, DictionariesBuilder};

    fn petrarch(
        verbs: &str,
        actors: &str,
        agents: &str,
        discards: &str,
        issues: &str,
    ) -> Dictionaries {
        let mut b = DictionariesBuilder::new();
        b.verbs("v", verbs)
            .actors("a", actors)
            .agents("g", agents)
            .discards("d", discards)
            .issues("i", issues);
        b.build().0
    }

    fn native(d: &Dictionaries) -> (Dictionaries, Vec<String>) {
        let mut b = DictionariesBuilder::new();
        for (name, text) in d.to_native() {
            b.native(&name, &text);
        }
        let (n, diags) = b.build();
        (n, diags.iter().map(|d| d.to_string()).collect())
    }

    /// Converting PETRARCH dictionaries and reading them back changes
    /// nothing the coder sees.
    #[test]
    fn import_round_trips() {
        let p1 = "&CURR\n+DOLLAR\n+SWISS FRANC_\n--- GRANT [070] ---\nGRANT\nGIVE {GAVE GIVEN GIVING GIVES}\n+HAND_OVER [071]\nWIRE_+TAP {WIRE_+TAPS}\nBREAK { BROKE BROKEN  }\n- * &CURR [071]\n- SO IN_*_OUT_AGAIN NOW [072]\n- $ * + AID [073:074]\n- A  B * [---]\n- + HAS * A MESSAGE $  [031]\n--- MEET [040] ---\nMEET {MET MEETS MEETING}\nCONVENE\n- * WITH (X) [041]\n";
        let actors = "ARNOR [ARN]\n+ARNORIAN_\nGOLLUM  # c\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\nSAMOA_(AMERICAN)_ [ASM]\nWEST_PAPUA#_IFFY [IDN]\nNOCODE\n";
        let agents = "!PERSON! = MAN, MEN\nCONGRESS!PERSON! [~LEG]\nPOLICE {} [~COP]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\nMSF {} [NGO~]\n";
        let discards = "+WORLD GOLF CHAMPIONSHIPS\nBASEBALL\nCRICKET_\n";
        let issues = "<ISSUE CATEGORY=\"X\">\nn:massacre [ID_ATROCITY]\nal+zarqawi network [TERROR]\n~Saturday Night massacre\n</ISSUE>\n";
        let p = petrarch(p1, actors, agents, discards, issues);
        let (n, diags) = native(&p);
        let unexpected: Vec<&String> = diags
            .iter()
            .filter(|d| !d.contains("is not a CAMEO event code") && !d.contains("no code"))
            .collect();
        assert!(unexpected.is_empty(), "{unexpected:?}");
        assert_eq!(n.canonical_text(), p.canonical_text());
        // PETRARCH-2 dialect: voices, phrase patterns sorted by size.
        let p2 = "&FOOD\n+BREAD\n####### VERB PATTERNS #######\n--- RUSH [---] ---\nRUSH\nHURRY {HURRIES HURRYING HURRIED}\n- * {RELIEF ASSISTANCE} [073]\n- * &FOOD [073]\n- * POLICE (TO BORDER) [153:154]\n~ a (b . ATTACK) SAY = a b 112\n";
        let p = petrarch(p2, "", "", "", "");
        let (n, _) = native(&p);
        assert_eq!(n.canonical_text(), p.canonical_text());
        assert!(n.canonical_text().contains("153 passive 154"));
    }
}
