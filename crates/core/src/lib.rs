//! dyad-core: news text in, political events out.
//!
//! The core library of dyad. It compiles PETRARCH-format dictionaries
//! ([`dict`]), reads constituency trees ([`tree`]) and codes sentences into
//! events ([`coder`]). It does no I/O and holds no global state: callers pass
//! text in and get values back.
#![deny(missing_docs)]

pub mod cameo;
pub mod coder;
pub mod date;
pub mod dict;
pub mod event_date;
pub mod lexicon;
pub mod tree;
