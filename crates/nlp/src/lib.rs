//! dyad's raw-text front-end: sentences, tokens, part-of-speech tags,
//! lemmas and labelled dependency parses from raw English news text, in
//! pure Rust with models trained by the project and embedded in the crate.
//!
//! # Brief overview
//!
//! - [`split_sentences`] and [`tokenize()`] cut text into sentences and Penn
//!   Treebank tokens, as byte ranges of the text.
//! - [`Pipeline`] runs the whole front-end: it splits, tokenizes, tags
//!   (averaged perceptron), lemmatizes (learned suffix rules and
//!   exceptions) and parses (greedy arc-eager averaged perceptron, then an
//!   arc labeller) into [`Sentence`]s of [`Token`]s. [`Pipeline::builtin`]
//!   gives the embedded models; [`Pipeline::from_bytes`] loads others.
//! - [`Analyzer`] keeps buffers between calls; use one per thread.
//! - [`Tag`] and [`DepRel`] are the Penn Treebank tags and spaCy-style
//!   (ClearNLP) dependency labels of the silver training data.
//! - [`conllu`], [`train`] and [`eval`] read CoNLL-U, train the models and
//!   score them; [`conllu::read_path`] and [`train`] are the only code that
//!   touches files.
//!
//! **Invariants:** every offset is a byte offset of the analysed text on a
//! character boundary (`&text[t.start..t.end] == t.form`); every sentence
//! is one projective tree with exactly one root (`head == 0`, label
//! `ROOT`); no input makes the library panic.
//!
//! # Example
//!
//! ```
//! use dyad_nlp::Pipeline;
//!
//! let text = "GENEVA (AFP) - Iran's foreign minister met U.S. envoys on Sept. 9.";
//! let mut sentences = Vec::new();
//! Pipeline::builtin().analyze(text, &mut sentences);
//! // The dateline is a sentence of its own.
//! assert_eq!(&text[sentences[0].start..sentences[0].end], "GENEVA (AFP) -");
//! let s = &sentences[1];
//! let met = s.tokens.iter().find(|t| t.form == "met").unwrap();
//! assert_eq!((met.tag.as_str(), met.lemma.as_str(), met.head), ("VBD", "meet", 0));
//! let subject = s.tokens.iter().find(|t| t.deprel.as_str() == "nsubj").unwrap();
//! assert_eq!(subject.form, "minister");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
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
pub use model::{FORMAT_VERSION, MAGIC, ModelError, OLDEST_READ_VERSION};
pub use pipeline::{
    Analyzer, BUILTIN_PARSER, BUILTIN_TAGGER, Pipeline, Sentence, SentenceSelector, Token,
};
pub use split::{MAX_SENTENCE_TOKENS, split_sentences};
pub use tag::Tag;
pub use tagger::Domain;
pub use tokenize::{Span, tokenize, tokenize_into};
