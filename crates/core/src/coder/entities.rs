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
                            phrase.push(w.id);
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
                k = j;
            }
            k += 1;
        }
        Ok(())
    }

    /// The code of an entity's words: the first actor, then every agent.
    fn code_phrase(&mut self, phrase: &[WordId], indices: &[u32]) -> Slot {
        let dicts = self.dicts;
        let mut actor: Option<ActorCode> = None;
        let mut matched = EntityMatch { actor: None, agents: Vec::new() };
        for at in 0..phrase.len() {
            if let Some((p, _end)) = dicts.actors.match_at(phrase, at) {
                let record = &dicts.actor_records[p.value as usize];
                let code = record.resolve(self.date).map(|c| dicts.codes.text(c)).unwrap_or("---");
                actor = Some(ActorCode::from_str_lossy(code));
                matched.actor = Some(p.origin);
                break;
            }
        }
        let mut agents: Vec<(AgentCode, Origin)> = Vec::new();
        for at in 0..phrase.len() {
            if let Some((p, _end)) = dicts.agents.match_at(phrase, at) {
                agents.push((dicts.agent_codes[p.value as usize], p.origin));
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
                matched.agents.push(*origin);
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
/// of entities, one per member, each with the entity's other words.
fn expand_compound(toks: &mut Vec<Tok>, labels: &Labels, start: usize, end: usize) -> Result<(), MalformedEntities> {
    let nec_open = toks[start..end]
        .iter()
        .position(|t| t.is_open(Label::NEC))
        .map(|p| p + start)
        .ok_or(MalformedEntities)?;
    let nec_close = toks[nec_open..end]
        .iter()
        .position(|t| t.is_close(Label::NEC))
        .map(|p| p + nec_open)
        .ok_or(MalformedEntities)?;
    // The words before the compound lose their last token (usually the
    // preposition: "the leaders of [Arnor and Gondor]").
    let lo = start + 1;
    let hi = nec_open.saturating_sub(1).max(lo);
    let before: Vec<Tok> = toks[lo..hi].iter().copied().filter(|t| !matches!(t, Tok::Code(_))).collect();
    let after: Vec<Tok> = toks[nec_close + 1..end].to_vec();
    let members = compound_members(toks, labels, nec_open, nec_close)?;
    let mut replacement = Vec::with_capacity(members.len() * 8 + 2);
    replacement.push(Tok::Open(Label::NEC, 0));
    let mut nested = false;
    for member in &members {
        replacement.push(Tok::Open(Label::NE, 0));
        replacement.push(Tok::Code(Slot::Null));
        replacement.extend_from_slice(&before);
        for t in member {
            if t.is_open(Label::NEC) {
                nested = true;
            }
            replacement.push(*t);
        }
        replacement.extend_from_slice(&after);
        replacement.push(Tok::Close(Label::NE, 0));
    }
    replacement.push(Tok::Close(Label::NEC, 0));
    if nested || before.iter().chain(after.iter()).any(|t| t.is_open(Label::NEC)) {
        // A compound inside a compound: PETRARCH goes no deeper.
        return Err(MalformedEntities);
    }
    toks.splice(start..=end, replacement);
    Ok(())
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
        if let Tok::Open(l, n) = toks[k] {
            if labels.has(l, flag::N) {
                let mut member = Vec::new();
                k += 1;
                while toks.get(k) != Some(&Tok::Close(l, n)) {
                    member.push(*toks.get(k).ok_or(MalformedEntities)?);
                    k += 1;
                }
                members.push(member);
            }
        }
        k += 1;
    }
    Ok(members)
}

