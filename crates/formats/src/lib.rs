//! dyad-formats: the readers and writers of dyad.
//!
//! This is the only crate that knows XML and serde. It reads PETRARCH's XML
//! input files ([`petr_xml`]) and news articles ([`article`]), and writes
//! event records ([`event_record`], [`tabular`], [`parquet`]).
#![deny(missing_docs)]

pub mod article;
pub mod conllu;
pub mod event_record;
pub mod parquet;
pub mod petr_xml;
pub mod tabular;
