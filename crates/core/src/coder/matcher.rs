//! Matching one side of a verb pattern against the words around a verb.
//!
//! The words before the verb (the *upper* sequence, read outward from the
//! verb) and after it within its verb phrase (the *lower* sequence) are
//! flattened into [`Item`]s: words, and the borders of entity and compound
//! spans. A pattern side matches in a single left-to-right pass with no
//! backtracking: an element joined by an open connector may skip words, one
//! joined by a closed connector (`_`) may not; span borders never consume an
//! element. The role tokens `$`, `+` and `%` bind the entity (or compound)
//! the walk is in when it reaches them; `^` skips an entity.

use crate::dict::{Element, ElementKind, Synset};
use crate::lexicon::WordId;

/// One position of an upper or lower sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Item {
    /// A word.
    Word(WordId),
    /// The start of an entity; the index of its opener in the linear form.
    Ne(u32),
    /// The end of an entity.
    NeEnd,
    /// The start of a compound; the index of its opener in the linear form.
    Nec(u32),
    /// The end of a compound.
    NecEnd,
}

impl Item {
    fn is_border(self) -> bool {
        !matches!(self, Item::Word(_))
    }

    /// PETRARCH's `'(NE' in item`: an entity or compound start.
    pub(crate) fn is_start(self) -> bool {
        matches!(self, Item::Ne(_) | Item::Nec(_))
    }

    /// PETRARCH's `'~NE' in item`: an entity or compound end.
    fn is_end(self) -> bool {
        matches!(self, Item::NeEnd | Item::NecEnd)
    }
}

/// A bound role: a position in the upper or the lower sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Loc {
    pub index: usize,
    pub upper: bool,
}

impl Loc {
    /// A position no sequence has: an actor that is not named (its code is
    /// `---`), such as the agent of a passive with no BY.
    pub const UNNAMED: Loc = Loc { index: usize::MAX, upper: false };
}

/// Roles bound by a match.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Bindings {
    pub source: Option<Loc>,
    pub target: Option<Loc>,
}

/// Matches pattern side `pat` against `seq`. `upper` tells which side it is
/// (the upper sequence runs outward from the verb, so entity starts come
/// after their words).
pub(crate) fn match_side(
    pat: &[Element],
    seq: &[Item],
    upper: bool,
    synsets: &[Synset],
    binds: &mut Bindings,
) -> bool {
    if pat.is_empty() {
        return true;
    }
    if seq.is_empty() {
        return false;
    }
    let mut inside_ne = false;
    let mut in_nec = false;
    let mut kp = 0;
    let mut ks = 0;
    // Advances the sequence; false when it runs out.
    macro_rules! next_item {
        () => {{
            ks += 1;
            ks < seq.len()
        }};
    }
    while kp < pat.len() {
        let el = pat[kp];
        if el.kind == ElementKind::Empty {
            kp += 1;
            if kp >= pat.len() {
                return false;
            }
            continue;
        }
        if matches!(el.kind, ElementKind::Word(_) | ElementKind::Synset(_)) {
            // The commonest elements, walked to in a loop of their own:
            // the same steps as the general loop below takes for them.
            loop {
                match seq[ks] {
                    Item::Word(w) => {
                        let hit = match el.kind {
                            ElementKind::Word(want) => w == want,
                            ElementKind::Synset(set) => {
                                synset_match(&synsets[set as usize], seq, &mut ks, upper)
                            }
                            _ => false,
                        };
                        if hit {
                            break;
                        }
                        if el.closed {
                            return false;
                        }
                    }
                    Item::Nec(_) | Item::NecEnd => in_nec = !in_nec,
                    Item::Ne(_) | Item::NeEnd => inside_ne = !inside_ne,
                }
                if !next_item!() {
                    return false;
                }
            }
            kp += 1;
            if kp >= pat.len() {
                return true;
            }
            if !next_item!() {
                return false;
            }
            continue;
        }
        let item = seq[ks];
        if item.is_border() {
            if matches!(item, Item::Nec(_) | Item::NecEnd) {
                in_nec = !in_nec;
            } else {
                inside_ne = !inside_ne;
            }
            if !next_item!() {
                return false;
            }
            continue;
        }
        let token = matches!(
            el.kind,
            ElementKind::Source
                | ElementKind::Target
                | ElementKind::Skip
                | ElementKind::Compound
                | ElementKind::OneChar(_)
        );
        if token {
            if inside_ne || in_nec {
                // A role met inside a compound binds the whole compound:
                // "accused Rohan and Dale of spying" accuses both.
                let role_at = |ks: usize| {
                    if in_nec {
                        find_compound_start(seq, ks, upper)
                    } else {
                        find_start(seq, ks, upper)
                    }
                    .map(|i| Loc { index: i, upper })
                };
                match el.kind {
                    ElementKind::Source if inside_ne => binds.source = role_at(ks),
                    ElementKind::Target if inside_ne => binds.target = role_at(ks),
                    ElementKind::Skip if inside_ne => {
                        // Walk to the entity's end marker (in the upper
                        // sequence that is back toward the verb).
                        loop {
                            if seq[ks].is_end() {
                                break;
                            }
                            if upper {
                                if ks == 0 {
                                    return false;
                                }
                                ks -= 1;
                            } else {
                                ks += 1;
                                if ks >= seq.len() {
                                    return false;
                                }
                            }
                        }
                        inside_ne = upper;
                    }
                    // Before the verb, `%` makes the compound both source and
                    // target; after it, the compound is only matched.
                    ElementKind::Compound if in_nec && upper => {
                        let Some(at) = find_compound_start(seq, ks, upper) else {
                            return false;
                        };
                        binds.source = Some(Loc { index: at, upper });
                        binds.target = Some(Loc { index: at, upper });
                    }
                    _ => {}
                }
                kp += 1;
                if kp >= pat.len() {
                    return true;
                }
                if !next_item!() {
                    return false;
                }
            } else if !el.closed {
                if !next_item!() {
                    return false;
                }
            } else {
                return false;
            }
            continue;
        }
        // Any other element (words and synsets were walked above) matches
        // no word.
        if !el.closed {
            if !next_item!() {
                return false;
            }
        } else {
            return false;
        }
    }
    true
}

/// The start of the entity the walk is in: further along the upper
/// sequence, or back along the lower one.
fn find_start(seq: &[Item], from: usize, upper: bool) -> Option<usize> {
    let mut k = from;
    loop {
        if seq[k].is_start() {
            return Some(k);
        }
        if upper {
            k += 1;
            if k >= seq.len() {
                return None;
            }
        } else {
            k = k.checked_sub(1)?;
        }
    }
}

fn find_compound_start(seq: &[Item], from: usize, upper: bool) -> Option<usize> {
    let mut k = from;
    loop {
        if matches!(seq[k], Item::Nec(_)) {
            return Some(k);
        }
        if upper {
            k += 1;
            if k >= seq.len() {
                return None;
            }
        } else {
            k = k.checked_sub(1)?;
        }
    }
}

/// A synset member at `seq[*ks]`: a member word, or a multi-word member
/// whose words follow (in reading order; the upper sequence is reversed).
fn synset_match(synset: &Synset, seq: &[Item], ks: &mut usize, upper: bool) -> bool {
    let Item::Word(w) = seq[*ks] else { return false };
    if synset.contains(w) {
        return true;
    }
    if !synset.may_start_phrase(w, upper) {
        return false;
    }
    for phrase in &synset.phrases {
        let n = phrase.len();
        let matched = (0..n).all(|off| {
            let want = if upper { phrase[n - 1 - off] } else { phrase[off] };
            seq.get(*ks + off) == Some(&Item::Word(want))
        });
        if matched {
            *ks += n - 1;
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(n: u32) -> Item {
        Item::Word(WordId(n))
    }

    fn el(kind: ElementKind, closed: bool) -> Element {
        Element { kind, closed }
    }

    fn word(n: u32, closed: bool) -> Element {
        el(ElementKind::Word(WordId(n)), closed)
    }

    #[test]
    fn open_and_closed_connectors() {
        let seq = [w(1), w(2), w(3)];
        let mut b = Bindings::default();
        assert!(match_side(&[word(1, false), word(3, false)], &seq, false, &[], &mut b));
        assert!(!match_side(&[word(1, false), word(3, true)], &seq, false, &[], &mut b));
        assert!(match_side(&[word(2, false), word(3, true)], &seq, false, &[], &mut b));
        assert!(!match_side(&[word(4, false)], &seq, false, &[], &mut b));
        assert!(match_side(&[], &[], false, &[], &mut b));
        assert!(!match_side(&[word(1, false)], &[], false, &[], &mut b));
    }

    #[test]
    fn target_binding_in_lower_sequence() {
        // verb [NE GONDOR ~NE] AID
        let seq = [Item::Ne(7), w(5), Item::NeEnd, w(9)];
        let mut b = Bindings::default();
        assert!(match_side(
            &[el(ElementKind::Target, false), word(9, false)],
            &seq,
            false,
            &[],
            &mut b
        ));
        assert_eq!(b.target, Some(Loc { index: 0, upper: false }));
    }

    #[test]
    fn source_binding_in_upper_sequence() {
        // [NE ARNOR ~NE] SAID verb, read outward: ~NE ARNOR (NE
        let seq = [w(4), Item::NeEnd, w(5), Item::Ne(2)];
        let mut b = Bindings::default();
        assert!(match_side(
            &[word(4, false), el(ElementKind::Source, false)],
            &seq,
            true,
            &[],
            &mut b
        ));
        assert_eq!(b.source, Some(Loc { index: 3, upper: true }));
    }

    #[test]
    fn synsets() {
        let mut set = Synset {
            words: vec![WordId(3)],
            phrases: vec![vec![WordId(1), WordId(2)].into_boxed_slice()],
            ..Synset::default()
        };
        set.index_members();
        let mut b = Bindings::default();
        let pat = [el(ElementKind::Synset(0), false), word(9, true)];
        assert!(match_side(&pat, &[w(1), w(2), w(9)], false, std::slice::from_ref(&set), &mut b));
        assert!(match_side(&pat, &[w(3), w(9)], false, std::slice::from_ref(&set), &mut b));
        assert!(!match_side(&pat, &[w(2), w(1), w(9)], false, std::slice::from_ref(&set), &mut b));
        // Upper sequences are reversed: "1 2" appears as 2, 1.
        assert!(match_side(&pat, &[w(2), w(1), w(9)], true, std::slice::from_ref(&set), &mut b));
    }
}
