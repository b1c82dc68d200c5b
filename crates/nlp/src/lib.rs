//! dyad's raw-text front-end (placeholder during development).
#![deny(missing_docs)]

mod deprel;
mod hash;
mod split;
mod tag;
mod tokenize;

pub use deprel::DepRel;
pub use split::{MAX_SENTENCE_TOKENS, split_sentences};
pub use tag::Tag;
pub use tokenize::{Span, tokenize, tokenize_into};
