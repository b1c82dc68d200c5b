//! Sentence splitting for news text.
//!
//! The splitter works on tokens (see [`crate::tokenize()`]) with handwritten
//! rules:
//!
//! - a blank line always ends a sentence, and so does a single newline
//!   unless the next line goes on in lower case (hard-wrapped text);
//! - `.`, `!`, `?`, `...` and `…`, with any closing quotes and brackets after
//!   them, end a sentence unless the next token is lower case or
//!   punctuation;
//! - an abbreviation that keeps its period (`U.S.`, `Inc.`, `a.m.`) ends a
//!   sentence only before a word that usually starts one (`The`, `He`, ...);
//!   titles (`Mr.`, `Gen.`, `Sen.`) never do;
//! - a dateline at the start of a paragraph (`GENEVA (AFP) -`,
//!   `WASHINGTON, Sept. 9 (Reuters) -`, `AP -`) is a sentence of its own;
//! - no sentence is longer than [`MAX_SENTENCE_TOKENS`] tokens.

use std::ops::Range;

use crate::tokenize::{Span, tokenize};

/// Longest sentence, in tokens; longer runs are cut.
pub const MAX_SENTENCE_TOKENS: usize = 250;

/// Splits `text` into sentences, as byte ranges `(start, end)` of `text`.
///
/// Each range starts at its first token and ends after its last, so it
/// never begins or ends with white space. Text without tokens has no
/// sentences.
///
/// # Example
///
/// ```
/// let text = "GENEVA (AFP) - The U.S. envoy met Gen. Smith at 9 a.m. He left.\n\nNew paragraph";
/// let sentences: Vec<&str> =
///     dyad_nlp::split_sentences(text).into_iter().map(|(s, e)| &text[s..e]).collect();
/// assert_eq!(
///     sentences,
///     ["GENEVA (AFP) -", "The U.S. envoy met Gen. Smith at 9 a.m.", "He left.", "New paragraph"]
/// );
/// ```
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let tokens = tokenize(text);
    let mut ranges = Vec::new();
    segment(text, &tokens, &mut ranges);
    ranges.iter().map(|r| (tokens[r.start].start, tokens[r.end - 1].end)).collect()
}

/// Titles that never end a sentence (without their period).
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Sens", "Rep", "Reps", "Gov", "Lt", "Col", "Capt",
    "Prof", "Rev", "Sgt", "Maj", "Adm", "Cmdr", "Messrs", "Brig", "Cpl", "Pfc", "Supt", "Hon",
    "Pres", "Fr", "St", "Mt", "Ft", "No", "Nos", "vs", "cf",
];

/// Words that usually start a sentence, used after abbreviations.
const STARTERS: &[&str] = &[
    "A",
    "After",
    "All",
    "Also",
    "An",
    "And",
    "As",
    "At",
    "Before",
    "But",
    "By",
    "During",
    "For",
    "He",
    "Her",
    "His",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "No",
    "Now",
    "On",
    "One",
    "Our",
    "She",
    "So",
    "Some",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Two",
    "We",
    "What",
    "When",
    "While",
    "With",
    "Yet",
    "You",
];

/// Groups `tokens` (of `text`) into sentences, appending token index ranges
/// to `out`.
pub(crate) fn segment(text: &str, tokens: &[Span], out: &mut Vec<Range<usize>>) {
    let mut sent_start = 0;
    let mut para_start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let next = i + 1;
        if next >= tokens.len() {
            break;
        }
        let gap = &text[tokens[i].end..tokens[next].start];
        let word = tokens[i].of(text);
        let next_word = tokens[next].of(text);
        let mut cut = false;
        let mut new_para = false;
        if gap.contains('\n') {
            if is_blank_line(gap) || !starts_lower(next_word) || is_terminal(word) {
                cut = true;
                new_para = true;
            }
        } else if is_terminal(word) {
            // Take closing quotes and brackets along.
            let mut j = next;
            while j < tokens.len()
                && is_closer(tokens[j].of(text))
                && tokens[j - 1].end == tokens[j].start
            {
                j += 1;
            }
            if j > next {
                i = j - 1;
                if j >= tokens.len() {
                    break;
                }
                let gap = &text[tokens[i].end..tokens[j].start];
                if gap.contains('\n') {
                    push(out, &mut sent_start, i + 1);
                    para_start = i + 1;
                    i += 1;
                    continue;
                }
            }
            cut = begins_sentence(tokens[i + 1].of(text));
        } else if is_abbreviation(word) {
            let bare = &word[..word.len() - 1];
            cut = !TITLES.contains(&bare) && STARTERS.contains(&next_word);
        } else if is_dash(word)
            && i - para_start < 14
            && !gap.is_empty()
            && sent_start == para_start
        {
            cut = is_dateline(text, &tokens[para_start..i]);
        }
        if !cut && i + 1 - sent_start >= MAX_SENTENCE_TOKENS {
            cut = true;
        }
        if cut {
            push(out, &mut sent_start, i + 1);
            if new_para {
                para_start = i + 1;
            }
        }
        i += 1;
    }
    if sent_start < tokens.len() {
        push(out, &mut sent_start, tokens.len());
    }
}

fn push(out: &mut Vec<Range<usize>>, sent_start: &mut usize, end: usize) {
    if end > *sent_start {
        out.push(*sent_start..end);
        *sent_start = end;
    }
}

fn is_blank_line(gap: &str) -> bool {
    gap.bytes().filter(|&b| b == b'\n').count() >= 2
}

fn starts_lower(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
}

fn is_terminal(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

fn is_closer(word: &str) -> bool {
    matches!(word, "\"" | "'" | "”" | "’" | ")" | "]" | "»" | "''")
}

fn is_dash(word: &str) -> bool {
    matches!(word, "-" | "--" | "—" | "–" | "---")
}

fn is_abbreviation(word: &str) -> bool {
    word.len() > 1 && word.ends_with('.') && word.chars().any(char::is_alphabetic)
}

/// True if a sentence may begin with `word` after a full stop.
fn begins_sentence(word: &str) -> bool {
    let Some(c) = word.chars().next() else { return false };
    if c.is_lowercase() {
        return false;
    }
    if c.is_alphanumeric() {
        return true;
    }
    // Punctuation: opening quotes and brackets begin sentences, the rest
    // (commas, closing brackets) does not.
    matches!(
        c,
        '"' | '“' | '‘' | '\'' | '(' | '[' | '—' | '-' | '–' | '•' | '*' | '#' | '$' | '£' | '€'
    ) || !c.is_ascii_punctuation() && !matches!(c, '”' | '’' | '»' | '…')
}

/// True if `tokens` (before a dash at the start of a paragraph) look like a
/// dateline: `GENEVA (AFP)`, `WASHINGTON, Sept. 9 (Reuters)`, `AP`.
fn is_dateline(text: &str, tokens: &[Span]) -> bool {
    let Some(first) = tokens.first() else { return false };
    let first = first.of(text);
    let upper_first = first.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && first.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
    let mut has_parens = false;
    for token in tokens {
        let word = token.of(text);
        let c = word.chars().next().unwrap_or(' ');
        if word == "(" || word == ")" {
            has_parens = true;
        } else if !(c.is_uppercase()
            || c.is_ascii_digit()
            || word == ","
            || word == "."
            || word == "/")
        {
            return false;
        }
    }
    upper_first || has_parens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Vec<&str> {
        let sentences = split_sentences(text);
        let mut last = 0;
        for &(s, e) in &sentences {
            assert!(s >= last && s < e && e <= text.len(), "{sentences:?}");
            last = e;
        }
        sentences.into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn cases() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("   \n\n ", &[]),
            ("One. Two.", &["One.", "Two."]),
            ("He said: \"Go.\" Then he left.", &["He said: \"Go.\"", "Then he left."]),
            ("“Go!” he said.", &["“Go!” he said."]),
            ("Is it? Yes.", &["Is it?", "Yes."]),
            ("Mr. Smith met Gen. Jones.", &["Mr. Smith met Gen. Jones."]),
            ("It rose in the U.S. The rest fell.", &["It rose in the U.S.", "The rest fell."]),
            ("The U.S. Army said so.", &["The U.S. Army said so."]),
            ("On Sept. 9 it began.", &["On Sept. 9 it began."]),
            ("At 9 a.m. Monday it began.", &["At 9 a.m. Monday it began."]),
            ("Headline here\n\nBody text. More.", &["Headline here", "Body text.", "More."]),
            ("Headline here\nBody text.", &["Headline here", "Body text."]),
            ("a hard-wrapped\nline goes on.", &["a hard-wrapped\nline goes on."]),
            ("GENEVA (AFP) - Iran said no.", &["GENEVA (AFP) -", "Iran said no."]),
            (
                "WASHINGTON, Sept. 9 (Reuters) - The Senate voted.",
                &["WASHINGTON, Sept. 9 (Reuters) -", "The Senate voted."],
            ),
            ("AP - The man left.", &["AP -", "The man left."]),
            ("Obama - who left - spoke.", &["Obama - who left - spoke."]),
            ("It ended (finally). Then more.", &["It ended (finally).", "Then more."]),
            ("Wait... what? No.", &["Wait... what?", "No."]),
            (
                "Prices rose 5.5 percent. Stocks fell.",
                &["Prices rose 5.5 percent.", "Stocks fell."],
            ),
            ("It was 1999. 15 people died.", &["It was 1999.", "15 people died."]),
            ("Apple Inc. said on Monday.", &["Apple Inc. said on Monday."]),
        ];
        for (text, want) in cases {
            assert_eq!(check(text), *want, "{text:?}");
        }
    }

    #[test]
    fn long_text_is_cut() {
        let text = "word ".repeat(10_000);
        let sentences = split_sentences(&text);
        assert_eq!(sentences.len(), 10_000usize.div_ceil(MAX_SENTENCE_TOKENS));
    }
}
