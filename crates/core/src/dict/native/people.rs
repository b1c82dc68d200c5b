//! Readers for the one-entry-a-line kinds of dyad's format: actors, agents,
//! discards and issues.

use super::syntax::{self, Line};
use crate::dict::{
    ActorRecord, AgentCode, CodeRule, Diagnostics, Dictionaries, Discard, DiscardKind, IssueRule,
    Origin, When,
};

/// Actors: a record starts with an unindented phrase (`Russia = RUS`);
/// indented `+ phrase` lines are synonyms and `= CODE [dates]` lines codes.
pub(super) fn read_actors(
    lines: &[Line<'_>],
    file: u16,
    dicts: &mut Dictionaries,
    diag: &mut Diagnostics<'_>,
) {
    // The open record and whether it has a `=` line yet.
    let mut current: Option<(usize, bool)> = None;
    let finish =
        |current: Option<(usize, bool)>, dicts: &Dictionaries, diag: &mut Diagnostics<'_>| {
            if let Some((record, false)) = current {
                diag.error(
                    dicts.actor_records[record].origin.line,
                    "actor has no code (write `= ---` for a phrase that must code nothing)",
                );
            }
        };
    for line in lines {
        let origin = Origin { file, line: line.number };
        if let Some(rest) = line.text.strip_prefix('+') {
            let Some((record, _)) = current else {
                diag.error(line.number, "synonym before any actor");
                continue;
            };
            let (phrase, code) = syntax::split_code(rest);
            if code.is_some() {
                diag.error(
                    line.number,
                    "a synonym takes no code; put codes on their own `= CODE` line",
                );
                continue;
            }
            add_phrases(phrase, record, origin, dicts, diag);
            continue;
        }
        if let Some(rest) = line.text.strip_prefix('=') {
            let Some((record, has_code)) = current.as_mut() else {
                diag.error(line.number, "code before any actor");
                continue;
            };
            *has_code = true;
            add_rule(rest, *record, line.number, dicts, diag);
            continue;
        }
        if line.indented {
            diag.error(
                line.number,
                "an indented line under an actor is `+ synonym` or `= CODE [dates]`",
            );
            continue;
        }
        finish(current, dicts, diag);
        let record = dicts.actor_records.len();
        dicts.actor_records.push(ActorRecord { rules: Vec::new(), origin });
        let (phrase, code) = syntax::split_code(line.text);
        current = Some((record, code.is_some()));
        add_phrases(phrase, record, origin, dicts, diag);
        if let Some(code) = code {
            add_rule(code, record, line.number, dicts, diag);
        }
    }
    finish(current, dicts, diag);
}

fn add_phrases(
    text: &str,
    record: usize,
    origin: Origin,
    dicts: &mut Dictionaries,
    diag: &mut Diagnostics<'_>,
) {
    match syntax::phrases(text) {
        Ok(phrases) => {
            for phrase in phrases {
                dicts.actors.add(&phrase, record as u32, origin, &mut dicts.lexicon);
            }
        }
        Err(why) => diag.error(origin.line, why),
    }
}

/// `CODE [dates]`; the code `---` is "no actor".
fn add_rule(
    text: &str,
    record: usize,
    line: u32,
    dicts: &mut Dictionaries,
    diag: &mut Diagnostics<'_>,
) {
    let text = text.trim();
    let (code, dates) = match text.find(char::is_whitespace) {
        Some(i) => (&text[..i], text[i..].trim()),
        None => (text, ""),
    };
    if code.is_empty() {
        diag.error(line, "`=` without a code");
        return;
    }
    let code = syntax::unescape(code);
    let when = if dates.is_empty() {
        When::Always
    } else {
        match syntax::parse_range(dates) {
            Ok(w) => w,
            Err(why) => {
                diag.error(line, why);
                return;
            }
        }
    };
    let code = dicts.codes.intern(&code);
    dicts.actor_records[record].rules.push(CodeRule { code, when });
}

/// Agents: `PHRASE = ~CODE` (the code goes after the actor's) or
/// `PHRASE = CODE~` (before it).
pub(super) fn read_agents(
    lines: &[Line<'_>],
    file: u16,
    dicts: &mut Dictionaries,
    diag: &mut Diagnostics<'_>,
) {
    for line in lines {
        let origin = Origin { file, line: line.number };
        let (phrase, code) = syntax::split_code(line.text);
        let Some(code) = code else {
            diag.error(line.number, "agent without a code: write `PHRASE = ~CODE`");
            continue;
        };
        let (code, prefix) = if let Some(c) = code.strip_prefix('~') {
            (c, false)
        } else if let Some(c) = code.strip_suffix('~') {
            (c, true)
        } else {
            diag.error(line.number, format!("agent code `{code}` needs a `~`: `~GOV` goes after the actor's code, `NGO~` before"));
            continue;
        };
        if code.is_empty() || code.contains(char::is_whitespace) {
            diag.error(line.number, "agent code must be one word");
            continue;
        }
        let phrases = match syntax::phrases(phrase) {
            Ok(p) => p,
            Err(why) => {
                diag.error(line.number, why);
                continue;
            }
        };
        let value = dicts.agent_codes.len() as u32;
        dicts.agent_codes.push(AgentCode { code: dicts.codes.intern(code), prefix });
        for phrase in phrases {
            dicts.agents.add(&phrase, value, origin, &mut dicts.lexicon);
        }
    }
}

/// Discards: `sentence PHRASE` or `story PHRASE`; a phrase ending in `*`
/// also matches longer words (`baseball*` finds "baseballs").
pub(super) fn read_discards(
    lines: &[Line<'_>],
    file: u16,
    dicts: &mut Dictionaries,
    diag: &mut Diagnostics<'_>,
) {
    for line in lines {
        let (keyword, rest) = line.text.split_once(char::is_whitespace).unwrap_or((line.text, ""));
        let kind = match keyword {
            "sentence" => DiscardKind::Sentence,
            "story" => DiscardKind::Story,
            _ => {
                diag.error(line.number, "a discard line is `sentence PHRASE` or `story PHRASE`");
                continue;
            }
        };
        let lists = match syntax::word_lists(rest) {
            Ok(p) => p,
            Err(why) => {
                diag.error(line.number, why);
                continue;
            }
        };
        for mut words in lists {
            let last = words.last_mut().expect("non-empty");
            let whole_word = match last.strip_suffix('*') {
                Some(stem) => {
                    *last = stem.to_string();
                    false
                }
                None => true,
            };
            if words.last().is_some_and(|w| w.is_empty()) {
                words.pop();
            }
            if words.is_empty() {
                diag.error(line.number, "empty discard phrase");
                continue;
            }
            dicts.discards.push(Discard {
                text: words.join(" "),
                whole_word,
                kind,
                origin: Origin { file, line: line.number },
            });
        }
    }
}

/// Issues: `PHRASE = CODE`, or `ignore PHRASE` (when found, the sentence
/// gets no issues).
pub(super) fn read_issues(
    lines: &[Line<'_>],
    file: u16,
    dicts: &mut Dictionaries,
    diag: &mut Diagnostics<'_>,
) {
    for line in lines {
        let origin = Origin { file, line: line.number };
        let (phrase, code) = match line.text.strip_prefix("ignore ") {
            Some(rest) => (rest, None),
            None => match syntax::split_code(line.text) {
                (phrase, Some(code)) if !code.is_empty() && !code.contains(char::is_whitespace) => {
                    (phrase, Some(dicts.codes.intern(code)))
                }
                _ => {
                    diag.error(line.number, "an issue line is `PHRASE = CODE` or `ignore PHRASE`");
                    continue;
                }
            },
        };
        match syntax::word_lists(phrase) {
            Ok(lists) => {
                for words in lists {
                    dicts.issues.push(IssueRule { text: words.join(" "), code, origin });
                }
            }
            Err(why) => diag.error(line.number, why),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::build;
    use crate::date::Date;
    use crate::dict::Dictionaries;

    fn resolve(d: &Dictionaries, phrase: &str, date: &str) -> Option<String> {
        let words: Vec<_> = phrase.split(' ').map(|w| d.lexicon().get(w)).collect();
        let (p, _) = d.actors().match_at(&words, 0)?;
        let code = d.actor_records()[p.value as usize].resolve(Date::parse_compact(date))?;
        Some(d.codes().text(code).to_string())
    }

    #[test]
    fn actors() {
        let text = "dyad actors\nRussia = RUS\n  + Russian(s)\nVladimir Putin\n  + Putin\n  = RUSGOV 2000-05-07..2008-05-07\n  = RUSGOV 2012-05..\n  = RUSELI\nNew_Mexico = ---\n";
        let (d, diags) = build(&[("a.txt", text)]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(resolve(&d, "RUSSIANS", "20200101").as_deref(), Some("RUS"));
        assert_eq!(resolve(&d, "PUTIN", "20080507").as_deref(), Some("RUSGOV"));
        assert_eq!(resolve(&d, "PUTIN", "20080508").as_deref(), Some("RUSELI"));
        assert_eq!(resolve(&d, "VLADIMIR PUTIN", "20120501").as_deref(), Some("RUSGOV"));
        assert_eq!(resolve(&d, "NEW MEXICO", "20120501").as_deref(), Some("---"));
        let p = &d.actors().phrases()[2];
        assert_eq!(d.origin_text(p.origin), "a.txt:3");
    }

    #[test]
    fn actor_diagnostics() {
        let text = "dyad actors\n+ orphan\n= X\nNoCode\n  stray\nBad = \nDated = ABC 2005..2004\nRange = ABC 2005\nTwo\n  + x = ABC\n  = ABC\n";
        let (_, diags) = build(&[("a.txt", text)]);
        assert_eq!(
            diags,
            [
                "a.txt:2: error: synonym before any actor",
                "a.txt:3: error: code before any actor",
                "a.txt:5: error: an indented line under an actor is `+ synonym` or `= CODE [dates]`",
                "a.txt:4: error: actor has no code (write `= ---` for a phrase that must code nothing)",
                "a.txt:6: error: `=` without a code",
                "a.txt:7: error: date range `2005..2004` ends before it starts",
                "a.txt:8: error: date range `2005` needs `..` (A..B, A.. or ..B)",
                "a.txt:10: error: a synonym takes no code; put codes on their own `= CODE` line",
            ]
        );
    }

    #[test]
    fn agents() {
        let (d, diags) = build(&[(
            "g.txt",
            "dyad agents\ntroop(s) = ~MIL\nhuman rights group(s) = NGO~\nbad = GOV\nx\n",
        )]);
        assert_eq!(
            diags,
            [
                "g.txt:4: error: agent code `GOV` needs a `~`: `~GOV` goes after the actor's code, `NGO~` before",
                "g.txt:5: error: agent without a code: write `PHRASE = ~CODE`",
            ]
        );
        assert_eq!(d.agents().len(), 4);
        assert_eq!(d.agent_codes().len(), 2);
        assert!(d.agent_codes()[1].prefix);
    }

    #[test]
    fn discards_and_issues() {
        let (d, diags) = build(&[
            (
                "d.txt",
                "dyad discards\nsentence baseball*\nstory world (golf|cup) championship(s)\nnothing\n",
            ),
            (
                "i.txt",
                "dyad issues\nmassacre(s) = ATROCITY\nignore saturday night massacre\nno code\n",
            ),
        ]);
        assert_eq!(
            diags,
            [
                "d.txt:4: error: a discard line is `sentence PHRASE` or `story PHRASE`",
                "i.txt:4: error: an issue line is `PHRASE = CODE` or `ignore PHRASE`",
            ]
        );
        let texts: Vec<(&str, bool)> =
            d.discards().iter().map(|x| (x.text.as_str(), x.whole_word)).collect();
        assert_eq!(
            texts,
            [
                ("BASEBALL", false),
                ("WORLD GOLF CHAMPIONSHIP", true),
                ("WORLD GOLF CHAMPIONSHIPS", true),
                ("WORLD CUP CHAMPIONSHIP", true),
                ("WORLD CUP CHAMPIONSHIPS", true),
            ]
        );
        let issues: Vec<&str> = d.issues().iter().map(|x| x.text.as_str()).collect();
        assert_eq!(issues, ["MASSACRE", "MASSACRES", "SATURDAY NIGHT MASSACRE"]);
        assert!(d.issues()[2].code.is_none());
    }
}
