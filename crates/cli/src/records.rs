//! Turning the coder's events into output records: CAMEO names, Goldstein
//! scores, quad classes, PLOVER types, countries, texts and dates.

use dyad_core::cameo::CameoTables;
use dyad_core::coder::Event;
use dyad_core::date::Date;
use dyad_core::dict::Dictionaries;
use dyad_formats::event_record::{CoderStamp, DateSource, EventRecord, IssueCount, Span};

/// What every record of a run shares.
pub struct RecordContext<'d> {
    /// The dictionaries events were coded with.
    pub dicts: &'d Dictionaries,
    /// CAMEO tables.
    pub cameo: CameoTables,
    /// Coder and dictionary stamp.
    pub stamp: CoderStamp,
}

impl<'d> RecordContext<'d> {
    /// A context for `dicts`.
    pub fn new(dicts: &'d Dictionaries) -> RecordContext<'d> {
        RecordContext {
            dicts,
            cameo: CameoTables::builtin(),
            stamp: CoderStamp {
                version: format!("dyad {}", env!("CARGO_PKG_VERSION")),
                dictionaries: format!("{:016x}", dicts.fingerprint()),
            },
        }
    }
}

/// Where a sentence sits and what it says, for its records.
pub struct SentenceInfo<'s> {
    /// Article id.
    pub article_id: &'s str,
    /// Article URL.
    pub url: Option<&'s str>,
    /// Article date.
    pub article_date: Option<Date>,
    /// Index of the sentence in the article.
    pub sentence_index: u32,
    /// Record id, for pre-parsed input.
    pub sentence_id: Option<&'s str>,
    /// The sentence text.
    pub text: &'s str,
    /// Its span in the article, in characters.
    pub span: Option<Span>,
    /// Issue codes found in it.
    pub issues: &'s [IssueCount],
}

/// The text of an event's parts, as the caller can find it.
pub struct EventTexts {
    /// Source words.
    pub source: Option<String>,
    /// Target words.
    pub target: Option<String>,
    /// The verb.
    pub verb: Option<String>,
    /// When the event happened, if the sentence says so.
    pub date: Option<Date>,
}

impl RecordContext<'_> {
    /// The record of one event.
    pub fn record(
        &self,
        sentence: &SentenceInfo<'_>,
        n: usize,
        event: &Event,
        texts: EventTexts,
    ) -> EventRecord {
        let code = self.dicts.codes().text(event.code).to_string();
        let info = self.cameo.event(&code);
        let plover = self.cameo.plover(&code);
        let (source, target) = (event.source.to_string(), event.target.to_string());
        let (date, date_source) = match (texts.date, sentence.article_date) {
            (Some(d), _) => (Some(d), DateSource::Text),
            (None, Some(d)) => (Some(d), DateSource::Article),
            (None, None) => (None, DateSource::Unknown),
        };
        EventRecord {
            event_id: format!("{}-{}-{n}", sentence.article_id, sentence.sentence_index),
            article_id: sentence.article_id.to_string(),
            url: sentence.url.map(str::to_string),
            article_date: sentence.article_date.map(|d| d.to_string()),
            date: date.map(|d| d.to_string()),
            date_source,
            sentence_index: sentence.sentence_index,
            sentence_id: sentence.sentence_id.map(str::to_string),
            sentence: sentence.text.to_string(),
            span: sentence.span,
            source_country: self.cameo.country(&source).map(str::to_string),
            target_country: self.cameo.country(&target).map(str::to_string),
            source,
            target,
            source_text: texts.source,
            target_text: texts.target,
            root: CameoTables::root(&code).map(str::to_string),
            name: info.map(|i| i.name.to_string()),
            goldstein: info.and_then(|i| i.goldstein),
            quad_class: info.and_then(|i| i.quad_class).map(|q| q.number()),
            plover: plover.map(|p| p.event_type.to_string()),
            plover_mode: plover.and_then(|p| p.mode).map(str::to_string),
            code,
            verb_text: texts.verb,
            issues: sentence.issues.to_vec(),
            coder: self.stamp.clone(),
        }
    }

    /// Issue counts as output records.
    pub fn issues(&self, issues: &[(dyad_core::dict::CodeId, u32)]) -> Vec<IssueCount> {
        issues
            .iter()
            .map(|(c, n)| IssueCount { code: self.dicts.codes().text(*c).to_string(), count: *n })
            .collect()
    }
}
