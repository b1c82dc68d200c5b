//! dyad's raw-text front-end.
#![deny(missing_docs)]

pub mod conllu;
mod deprel;
pub mod eval;
mod features;
mod hash;
mod lemma;
mod model;
mod parser;
mod perceptron;
mod pipeline;
mod split;
mod tag;
mod tagger;
mod tokenize;
pub mod train;

pub use deprel::DepRel;
pub use model::{FORMAT_VERSION, MAGIC, ModelError};
pub use pipeline::{Analyzer, BUILTIN_PARSER, BUILTIN_TAGGER, Pipeline, Sentence, Token};
pub use split::{MAX_SENTENCE_TOKENS, split_sentences};
pub use tag::Tag;
pub use tagger::Domain;
pub use tokenize::{Span, tokenize, tokenize_into};
