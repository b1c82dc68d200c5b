//! dyad-formats: the readers and writers of dyad.
//!
//! This is the only crate that knows XML and serde. It reads PETRARCH's XML
//! input files ([`petr_xml`]) and writes event records.
#![deny(missing_docs)]

pub mod event_record;
pub mod petr_xml;
