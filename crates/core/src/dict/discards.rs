//! Discard lists: phrases that mark a sentence (or, with a leading `+`, a
//! whole story) as not worth coding: sports results, entertainment,
//! historical chronologies.
//!
//! Matching is case-insensitive on whole words at the start; the phrase's
//! last word is a stem (`BASEBALL` also discards `BASEBALLS`) unless the
//! phrase ends with `_`, which asks for the word to end there.

use super::{Diagnostics, Dictionaries, Origin};

/// Whether a discard drops the sentence or the whole story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiscardKind {
    /// Drop the sentence.
    Sentence,
    /// Drop every sentence of the story (`+PHRASE`).
    Story,
}

/// One discard phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discard {
    /// Upper-case words joined by single spaces.
    pub text: String,
    /// True when the phrase must end at a word boundary (`PHRASE_`).
    pub whole_word: bool,
    /// Sentence or story.
    pub kind: DiscardKind,
    /// Where it was defined.
    pub origin: Origin,
}

pub(crate) fn read(text: &str, file: u16, dicts: &mut Dictionaries, diag: &mut Diagnostics<'_>) {
    for line in super::lines::content_lines(text, false) {
        let mut phrase = line.text.trim();
        let kind = match phrase.strip_prefix('+') {
            Some(rest) => {
                phrase = rest.trim();
                DiscardKind::Story
            }
            None => DiscardKind::Sentence,
        };
        let whole_word = phrase.ends_with('_');
        let words: Vec<String> = phrase
            .split([' ', '_', '\t'])
            .filter(|w| !w.is_empty())
            .map(|w| w.to_uppercase())
            .collect();
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
