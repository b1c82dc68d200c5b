//! Actor codes for the named-entity spans of a linear form.
//!
//! Each `NE` span is searched for the first actor phrase (longest match at
//! the leftmost position), then for every agent phrase; the agents' codes are
//! added to the actor's (`RUS` + `~GOV` → `RUSGOV`, `NGO~` goes in front). An
//! entity that holds a compound (`the leaders of Arnor and Gondor`) is first
//! expanded into one entity per member, each keeping the words around the
//! compound.

use super::actor_code::ActorCode;
use super::label::{Label, Labels, flag};
use super::linear::{Slot, Tok};
use crate::date::Date;
use crate::dict::{AgentCode, Dictionaries, Origin};
use crate::lexicon::WordId;

/// What coding an entity found, kept for explanations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EntityMatch {
    /// Index of the entity's code slot in the linear form at the time.
    pub actor: Option<Origin>,
    pub agents: Vec<Origin>,
}

/// Per-sentence state for entity coding.
pub(crate) struct EntityCoder<'s> {
    pub dicts: &'s Dictionaries,
    pub labels: &'s Labels,
    pub date: Option<Date>,
    pub codes: &'s mut Vec<ActorCode>,
    pub trace: Option<&'s mut Vec<(Vec<u32>, ActorCode, EntityMatch)>>,
    /// Personal pronouns that may refer back to an earlier sentence's
    /// subject (HE, SHE, THEY, HIM, HER, THEM).
    pub pronouns: &'s [WordId],
    /// IT, which refers only within its sentence.
    pub it: WordId,
    /// The subject carried over from the previous sentence of the article.
    pub previous_subject: Option<ActorCode>,
    /// Set when a pronoun looked for `previous_subject` (whether or not
    /// there was one).
    pub read_previous_subject: bool,
    /// Words joined with `_`: (word index, range in `word_parts`).
    pub split_words: &'s [(u32, u32, u32)],
    pub word_parts: &'s [WordId],
}

/// Why entity coding gave up on a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MalformedEntities;

impl EntityCoder<'_> {
    /// Codes every `NE` span of `toks`, expanding compounds.
    pub(crate) fn run(&mut self, toks: &mut Vec<Tok>) -> Result<(), MalformedEntities> {
        let mut k = 2;
        let mut phrase: Vec<WordId> = Vec::new();
        let mut indices: Vec<u32> = Vec::new();
        let mut pronouns: Vec<(usize, WordId)> = Vec::new();
        while k < toks.len() {
            if toks[k] == Tok::Open(Label::NE, 0) {
                let start = k;
                let code_at = k + 1;
                let mut j = k + 2;
                phrase.clear();
                indices.clear();
                let mut has_compound = false;
                loop {
                    let Some(tok) = toks.get(j) else {
                        return Err(MalformedEntities);
                    };
                    match *tok {
                        Tok::Close(l, _) if l == Label::NE => break,
                        Tok::Open(l, _) | Tok::Close(l, _) if self.labels.has(l, flag::NN) => {}
                        Tok::Open(l, _) if l == Label::NEC => {
                            has_compound = true;
                            phrase.push(WordId::UNKNOWN);
                        }
                        Tok::Word(w) => {
                            match self.split_words.iter().find(|s| s.0 == w.index) {
                                Some(&(_, a, b)) => phrase
                                    .extend_from_slice(&self.word_parts[a as usize..b as usize]),
                                None => phrase.push(w.id),
                            }
                            indices.push(w.index);
                        }
                        _ => phrase.push(WordId::UNKNOWN),
                    }
                    j += 1;
                }
                if has_compound {
                    expand_compound(toks, self.labels, start, j)?;
                    // Code the new entities, starting with the first.
                    k = start;
                    continue;
                }
                let slot = self.code_phrase(&phrase, &indices);
                if let Some(Tok::Code(s)) = toks.get_mut(code_at) {
                    *s = slot;
                }
                if slot == Slot::Null && phrase.len() == 1 && self.is_pronoun(phrase[0]) {
                    pronouns.push((start, phrase[0]));
                }
                k = j;
            }
            k += 1;
        }
        for (at, word) in pronouns {
            self.resolve_pronoun(toks, at, word);
        }
        Ok(())
    }

    fn is_pronoun(&self, word: WordId) -> bool {
        !word.is_unknown() && (word == self.it || self.pronouns.contains(&word))
    }

    /// A pronoun takes the code of the nearest earlier subject in its
    /// sentence ("Obama said he ..."), else (except IT) of the previous
    /// sentence's subject.
    fn resolve_pronoun(&mut self, toks: &mut [Tok], at: usize, word: WordId) {
        let mut subject: Option<ActorCode> = None;
        for k in (0..at).rev() {
            if toks[k] != Tok::Open(Label::NE, 0) {
                continue;
            }
            let Some(Tok::Code(Slot::Actor(i))) = toks.get(k + 1) else { continue };
            let code = self.codes[*i as usize];
            if !code.starts_null() && is_subject(toks, k) {
                subject = Some(code);
                break;
            }
        }
        let found = match subject {
            Some(code) => Some(code),
            None if word == self.it => None,
            None => {
                self.read_previous_subject = true;
                self.previous_subject
            }
        };
        if let Some(code) = found {
            self.codes.push(code);
            toks[at + 1] = Tok::Code(Slot::Actor((self.codes.len() - 1) as u32));
        }
    }

    /// The code of an entity's words: the first actor, then every agent.
    fn code_phrase(&mut self, phrase: &[WordId], indices: &[u32]) -> Slot {
        let dicts = self.dicts;
        let mut actor: Option<ActorCode> = None;
        let tracing = self.trace.is_some();
        let mut matched = EntityMatch { actor: None, agents: Vec::new() };
        // The words of the matched actor phrase, which are not read again
        // as agents ("Lord's Resistance Army" is no army agent).
        let mut actor_words = 0..0;
        for at in 0..phrase.len() {
            if let Some((mut p, mut end)) = dicts.actors.match_at(phrase, at) {
                // A phrase that starts inside this one and reaches further
                // is the name meant: "the West Bank" is not "the West".
                let mut start = at;
                let first_end = end;
                for inner in at + 1..first_end {
                    if let Some((q, q_end)) = dicts.actors.match_at(phrase, inner)
                        && q_end > end
                    {
                        (p, start, end) = (q, inner, q_end);
                    }
                }
                let resolve = |p: &crate::dict::Phrase| {
                    let record = &dicts.actor_records[p.value as usize];
                    record.resolve(self.date).map(|c| dicts.codes.text(c)).unwrap_or("---")
                };
                let mut code = resolve(p);
                // An institution of the same country, more specific, right
                // after this one is the one meant: "China's People's
                // Liberation Army" is CHNMIL, not China's CHN with the agents
                // of "people" and "army". (Not a person: whose code depends
                // on the date, and the words before the name say more.)
                if let Some((q, q_end)) = dicts.actors.match_at(phrase, end) {
                    let q_code = resolve(q);
                    let undated = dicts.actor_records[q.value as usize]
                        .rules
                        .iter()
                        .all(|r| r.when == crate::dict::When::Always);
                    if undated
                        && code != "---"
                        && q_code.len() > code.len()
                        && q_code.starts_with(code)
                    {
                        (p, start, end, code) = (q, end, q_end, q_code);
                    }
                }
                actor_words = start..end;
                actor = Some(ActorCode::from_str_lossy(code));
                matched.actor = Some(p.origin);
                break;
            }
        }
        let mut agents: smallvec::SmallVec<[(AgentCode, Origin); 4]> = smallvec::SmallVec::new();
        // Agents are read left to right; the words of a matched agent are
        // not read again ("main opposition group" is MOP, not MOP + OPP).
        let mut at = 0;
        while at < phrase.len() {
            if actor_words.contains(&at) {
                at = actor_words.end;
                continue;
            }
            match dicts.agents.match_at(phrase, at) {
                Some((p, end)) => {
                    agents.push((dicts.agent_codes[p.value as usize], p.origin));
                    at = end;
                }
                None => at += 1,
            }
        }
        let slot_code = if agents.is_empty() {
            actor
        } else {
            let mut code = actor.unwrap_or_else(ActorCode::null);
            for (agent, origin) in &agents {
                let text = dicts.codes.text(agent.code);
                if code.contains_block(text) {
                    break;
                }
                if agent.prefix {
                    code.prepend(text);
                } else {
                    code.push_str(text);
                }
                if tracing {
                    matched.agents.push(*origin);
                }
            }
            Some(code)
        };
        let slot = match slot_code {
            Some(code) if !code.is_null() => {
                self.codes.push(code);
                Slot::Actor((self.codes.len() - 1) as u32)
            }
            _ => Slot::Null,
        };
        if let Some(trace) = self.trace.as_deref_mut() {
            trace.push((indices.to_vec(), slot_code.unwrap_or_default(), matched));
        }
        slot
    }
}

/// Replaces the entity `toks[start..=end]` holding a compound by a compound
/// of entities, one per member, each with the entity's other words. A member
/// that holds a compound itself is expanded again ("lawmakers and officials
/// in Fornost and Gondor" gives four entities).
fn expand_compound(
    toks: &mut Vec<Tok>,
    labels: &Labels,
    start: usize,
    end: usize,
) -> Result<(), MalformedEntities> {
    // The words before the compound lose their last token (usually the
    // preposition: "the leaders of [Arnor and Gondor]").
    let first =
        split_at_compound(&toks[start + 1..end], labels, true).ok_or(MalformedEntities)??;
    let mut replacement = Vec::with_capacity(first.len() * 8 + 2);
    replacement.push(Tok::Open(Label::NEC, 0));
    for member in first {
        for entity in expand_nested(member, labels, 0)? {
            replacement.push(Tok::Open(Label::NE, 0));
            replacement.push(Tok::Code(Slot::Null));
            replacement.extend(entity);
            replacement.push(Tok::Close(Label::NE, 0));
        }
    }
    replacement.push(Tok::Close(Label::NEC, 0));
    toks.splice(start..=end, replacement);
    Ok(())
}

/// Expands compounds left inside an entity's tokens, recursively (to a
/// small depth).
fn expand_nested(
    tokens: Vec<Tok>,
    labels: &Labels,
    depth: u32,
) -> Result<Vec<Vec<Tok>>, MalformedEntities> {
    if depth > 3 {
        return Err(MalformedEntities);
    }
    match split_at_compound(&tokens, labels, false) {
        None => Ok(vec![tokens]),
        Some(members) => {
            let mut out = Vec::new();
            for m in members? {
                out.extend(expand_nested(m, labels, depth + 1)?);
            }
            Ok(out)
        }
    }
}

/// For tokens holding a compound: one token list per member, made of the
/// tokens before the compound (minus the last one when `drop_last_before`),
/// the member's, and those after it. `None` when there is no compound.
fn split_at_compound(
    tokens: &[Tok],
    labels: &Labels,
    drop_last_before: bool,
) -> Option<Result<Vec<Vec<Tok>>, MalformedEntities>> {
    let open = tokens.iter().position(|t| t.is_open(Label::NEC))?;
    let Some(close) = tokens[open..].iter().position(|t| t.is_close(Label::NEC)).map(|p| p + open)
    else {
        return Some(Err(MalformedEntities));
    };
    let before_end = if drop_last_before { open.saturating_sub(1) } else { open };
    let before: Vec<Tok> =
        tokens[..before_end].iter().copied().filter(|t| !matches!(t, Tok::Code(_))).collect();
    let after = &tokens[close + 1..];
    let members = match compound_members(tokens, labels, open, close) {
        Ok(m) => m,
        Err(e) => return Some(Err(e)),
    };
    Some(Ok(members
        .into_iter()
        .map(|m| {
            let mut v = before.clone();
            v.extend(m);
            v.extend_from_slice(after);
            v
        })
        .collect()))
}

/// The members of a raw compound `toks[open..=close]`: each nominal
/// constituent directly inside it, up to its first closer.
fn compound_members(
    toks: &[Tok],
    labels: &Labels,
    open: usize,
    close: usize,
) -> Result<Vec<Vec<Tok>>, MalformedEntities> {
    let mut members = Vec::new();
    let mut k = open + 1;
    while k + 1 < close {
        if let Tok::Open(l, n) = toks[k]
            && labels.has(l, flag::N)
        {
            let mut member = Vec::new();
            k += 1;
            while toks.get(k) != Some(&Tok::Close(l, n)) {
                member.push(*toks.get(k).ok_or(MalformedEntities)?);
                k += 1;
            }
            members.push(member);
        }
        k += 1;
    }
    Ok(members)
}

/// True when the entity opened at `toks[at]` is followed (after its closers)
/// by a verb phrase: a clause subject.
pub(crate) fn is_subject(toks: &[Tok], at: usize) -> bool {
    let mut k = at + 1;
    while k < toks.len() && !toks[k].is_close(Label::NE) {
        k += 1;
    }
    k += 1;
    while k < toks.len() && matches!(toks[k], Tok::Close(..)) {
        k += 1;
    }
    matches!(toks.get(k), Some(Tok::Open(Label::VP, _)))
}

/// The first coded subject of a sentence, carried to the next sentence for
/// its pronouns.
pub(crate) fn main_subject(toks: &[Tok], codes: &[ActorCode]) -> Option<ActorCode> {
    (0..toks.len()).find_map(|k| match toks.get(k + 1) {
        Some(Tok::Code(Slot::Actor(i)))
            if toks[k] == Tok::Open(Label::NE, 0) && is_subject(toks, k) =>
        {
            let code = codes[*i as usize];
            (!code.starts_null()).then_some(code)
        }
        _ => None,
    })
}
