//! Comma-clause deletion: the `comma_*` options of PETRARCH.
//!
//! Appositives and asides set off by commas often separate a verb from its
//! subject ("Arnor, the northern kingdom, attacked Gondor"). Before coding,
//! complete constituents inside such clauses are removed when the clause has
//! between `min` and `max` words: an initial clause (`comma_b*`), a final
//! clause (`comma_e*`) and clauses between two commas (`comma_*`). A bound of
//! 0 for `max` turns that kind of deletion off.

use super::label::Label;
use super::linear::Tok;

/// Word-count bounds for comma-clause deletion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommaOptions {
    /// Smallest clause between two commas that is deleted.
    pub min: u32,
    /// Largest clause between two commas that is deleted (0: never).
    pub max: u32,
    /// Smallest initial clause deleted.
    pub bmin: u32,
    /// Largest initial clause deleted (0: never).
    pub bmax: u32,
    /// Smallest final clause deleted.
    pub emin: u32,
    /// Largest final clause deleted (0: never).
    pub emax: u32,
}

impl Default for CommaOptions {
    /// PETRARCH's defaults: middle clauses of 2 to 8 words, final clauses of
    /// 2 to 8 words, initial clauses kept.
    fn default() -> Self {
        CommaOptions { min: 2, max: 8, bmin: 0, bmax: 0, emin: 2, emax: 8 }
    }
}

/// Where the sentence's content starts (after `(ROOT (S`).
const START: usize = 2;

fn is_comma(tok: &Tok) -> bool {
    tok.is_open(Label::COMMA)
}

fn find_comma(toks: &[Tok], from: usize) -> Option<usize> {
    toks.iter().skip(from).position(is_comma).map(|p| p + from)
}

/// Words between `lo` and `hi` that start with a letter; entity code slots
/// are not words.
fn count_words(toks: &[Tok], lo: usize, hi: usize) -> u32 {
    let hi = hi.min(toks.len());
    let mut n = 0;
    let mut i = lo;
    while i < hi {
        if let Tok::Word(w) = toks[i]
            && w.alpha
        {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The opener of the final punctuation: the last token that is not a
/// closer, minus one.
fn find_end(toks: &[Tok]) -> usize {
    let mut k = toks.len().saturating_sub(1);
    while k >= START && matches!(toks[k], Tok::Close(..)) {
        k -= 1;
    }
    k.saturating_sub(1)
}

/// Deletes the complete constituents that lie inside `lo..hi`.
fn delete_phrases(toks: &mut Vec<Tok>, lo: usize, hi: usize) {
    let mut stack: Vec<(Label, u32)> = Vec::new();
    let hi = hi.min(toks.len());
    let mut k = hi;
    while k > lo {
        k -= 1;
        match toks[k] {
            Tok::Close(l, n) => stack.push((l, n)),
            Tok::Open(l, n) if stack.last() == Some(&(l, n)) => {
                if let Some(close) = toks[k + 1..].iter().position(|t| *t == Tok::Close(l, n)) {
                    toks.drain(k..=k + 1 + close);
                }
                stack.pop();
            }
            _ => {}
        }
    }
}

/// True when opens and closes balance.
pub(crate) fn balanced(toks: &[Tok]) -> bool {
    let opens = toks.iter().filter(|t| matches!(t, Tok::Open(..))).count();
    let closes = toks.iter().filter(|t| matches!(t, Tok::Close(..))).count();
    opens == closes
}

/// Removes comma clauses from `toks` according to `opt`. Returns false when
/// the result no longer balances (the sentence should then not be coded).
pub(crate) fn delete_comma_clauses(toks: &mut Vec<Tok>, opt: &CommaOptions) -> bool {
    let Some(first) = find_comma(toks, 0) else {
        return true;
    };
    if opt.bmax != 0 {
        let n = count_words(toks, START, first);
        if opt.bmin <= n && n <= opt.bmax {
            delete_phrases(toks, START, first);
        }
    }
    if opt.emax != 0 {
        let end = find_end(toks);
        // A final clause is not deleted when it is a clause of its own
        // (", and ...") or holds the sentence's first verb phrase ("Arnor,
        // after a long meeting, criticized Gondor").
        if let Some(k) = last_comma_before(toks, end)
            && !opens_coordination(toks, k)
            && toks[..k].iter().any(|t| t.is_open(Label::VP))
        {
            let n = count_words(toks, k, toks.len());
            if opt.emin <= n && n <= opt.emax {
                // Only what the comma's own phrase holds: in "Arnor, the
                // realm, attacked Gondor" the last comma closes the subject,
                // and the predicate after it is no final clause.
                delete_phrases(toks, k + 3, end.min(parent_close(toks, k)));
            }
        }
    }
    if opt.max != 0
        && let Some(mut a) = find_comma(toks, 0)
    {
        // As in PETRARCH, the next search starts from where the second
        // comma was before the deletion.
        while let Some(b) = find_comma(toks, a + 1) {
            let n = count_words(toks, a + 2, b);
            if opt.min <= n && n <= opt.max && !opens_coordination(toks, a) {
                let len = toks.len();
                delete_phrases(toks, a, b);
                // The aside's closing comma goes with it: "Arnor, the
                // realm, attacked" leaves "Arnor attacked", not "Arnor,
                // attacked".
                let closing = b - (len - toks.len());
                if toks.len() < len && toks.get(closing).is_some_and(is_comma) {
                    toks.drain(closing..(closing + 3).min(toks.len()));
                }
            }
            a = b;
        }
    }
    // A comma left with nothing before it, or nothing after it, goes too.
    if let Some(k) = find_comma(toks, 0)
        && count_words(toks, START, k) == 0
    {
        toks.drain(k..(k + 3).min(toks.len()));
    }
    let end = find_end(toks);
    if let Some(k) = last_comma_before(toks, end)
        && count_words(toks, k + 1, end) == 0
    {
        toks.drain(k..(k + 3).min(toks.len()));
    }
    balanced(toks)
}

/// True when the comma at `comma` is followed by a coordinating
/// conjunction: ", and Rohan attacked Dale" is a clause of its own, not an
/// aside.
fn opens_coordination(toks: &[Tok], comma: usize) -> bool {
    matches!(toks.get(comma + 3), Some(t) if t.is_open(Label::CC))
}

/// The index of the closer of the phrase that holds the comma at `comma`
/// (the length of `toks` when there is none).
fn parent_close(toks: &[Tok], comma: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(comma + 3) {
        match t {
            Tok::Open(..) => depth += 1,
            Tok::Close(..) if depth == 0 => return i,
            Tok::Close(..) => depth -= 1,
            _ => {}
        }
    }
    toks.len()
}

fn last_comma_before(toks: &[Tok], end: usize) -> Option<usize> {
    let mut k = end.checked_sub(1)?;
    while k >= START {
        if is_comma(&toks[k]) {
            return Some(k);
        }
        k -= 1;
    }
    None
}
