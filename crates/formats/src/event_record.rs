//! The event record dyad writes, and its JSON Lines form.
//!
//! # Wire format
//!
//! One JSON object per event, one event per line, fields always present and
//! in this order (`null` when unknown):
//!
//! | field | type | meaning |
//! |---|---|---|
//! | `event_id` | string | `<article_id>-<sentence_index>-<n>`, unique within a run |
//! | `article_id` | string | the article's id (for pre-parsed input, the story part of the record id) |
//! | `url` | string or null | the article's URL |
//! | `article_date` | string or null | the article's date, `YYYY-MM-DD` |
//! | `date` | string or null | the date the event happened, `YYYY-MM-DD` |
//! | `date_source` | string | where `date` comes from: `text` (a date expression in the sentence), `article` (the article's date), `unknown` |
//! | `sentence_index` | integer | 0-based index of the sentence in the article (for pre-parsed input, from the record id `STORY_N`: `N - 1`, as PETRARCH numbers sentences from 1, or `N` when the story has a record `STORY_0`) |
//! | `sentence_id` | string or null | the record id, for pre-parsed input |
//! | `sentence` | string | the sentence's text |
//! | `span` | object or null | `{"start": s, "end": e}`: character offsets (Unicode scalar values, as Python and polars count them) such that the article text sliced by them is the sentence |
//! | `source`, `target` | string | CAMEO actor codes (`USAGOV`, `RUS`, `---GOV` for an agent without a country) |
//! | `source_text`, `target_text` | string or null | the words the actors were found in |
//! | `source_country`, `target_country` | string or null | the ISO 3166 alpha-3 / CAMEO country part of the actor code |
//! | `code` | string | CAMEO event code, with leading zeros (`036`) |
//! | `root` | string or null | CAMEO root code (the first two digits) |
//! | `name` | string or null | the CAMEO name of the event code |
//! | `goldstein` | number or null | Goldstein conflict–cooperation score (−10 to +10) |
//! | `quad_class` | integer or null | 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict |
//! | `plover` | string or null | the PLOVER event type |
//! | `plover_mode` | string or null | the PLOVER mode, where the mapping gives one |
//! | `verb_text` | string or null | the verb that fired |
//! | `issues` | array | `[{"code": "...", "count": n}]` issue codes found in the sentence |
//! | `coder` | object | `{"version": "dyad x.y.z", "dictionaries": "<16 hex digits>"}` |

use std::io::{self, BufRead, Write};

use serde::{Deserialize, Serialize};

/// Character offsets (Unicode scalar values) of a sentence in its article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// An issue code and how often its phrases occur in the sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IssueCount {
    /// Issue code.
    pub code: String,
    /// Number of matching phrases.
    pub count: u32,
}

/// Which coder and dictionaries made a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CoderStamp {
    /// `dyad x.y.z`.
    pub version: String,
    /// Dictionary fingerprint, 16 hex digits.
    pub dictionaries: String,
}

/// Where an event's date comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A date expression in the sentence, resolved against the article date.
    Text,
    /// The article's date.
    Article,
    /// No date known.
    Unknown,
}

/// One event. See the module documentation for the meaning of each field.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct EventRecord {
    pub event_id: String,
    pub article_id: String,
    pub url: Option<String>,
    pub article_date: Option<String>,
    pub date: Option<String>,
    pub date_source: DateSource,
    pub sentence_index: u32,
    pub sentence_id: Option<String>,
    pub sentence: String,
    pub span: Option<Span>,
    pub source: String,
    pub target: String,
    pub source_text: Option<String>,
    pub target_text: Option<String>,
    pub source_country: Option<String>,
    pub target_country: Option<String>,
    pub code: String,
    pub root: Option<String>,
    pub name: Option<String>,
    pub goldstein: Option<f32>,
    pub quad_class: Option<u8>,
    pub plover: Option<String>,
    pub plover_mode: Option<String>,
    pub verb_text: Option<String>,
    pub issues: Vec<IssueCount>,
    pub coder: CoderStamp,
}

/// Writes records as JSON Lines.
pub struct JsonLinesWriter<W: Write> {
    out: W,
}

impl<W: Write> JsonLinesWriter<W> {
    /// A writer over `out`.
    pub fn new(out: W) -> Self {
        JsonLinesWriter { out }
    }

    /// Writes one record and a newline.
    ///
    /// # Errors
    ///
    /// Fails when the underlying writer does, with that writer's own
    /// [`io::Error`] (so its kind, such as [`io::ErrorKind::BrokenPipe`],
    /// is kept).
    pub fn write(&mut self, record: &EventRecord) -> io::Result<()> {
        // `From<serde_json::Error> for io::Error` hands back the writer's
        // error unchanged; `io::Error::other` would hide its kind.
        serde_json::to_writer(&mut self.out, record).map_err(io::Error::from)?;
        self.out.write_all(b"\n")
    }

    /// Flushes and returns the underlying writer.
    ///
    /// # Errors
    ///
    /// Fails when flushing does.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> EventRecord {
        EventRecord {
            event_id: "a-0-0".into(),
            article_id: "a".into(),
            url: None,
            article_date: Some("2016-09-09".into()),
            date: Some("2016-09-09".into()),
            date_source: DateSource::Article,
            sentence_index: 0,
            sentence_id: None,
            sentence: "Kerry met Lavrov.".into(),
            span: Some(Span { start: 0, end: 17 }),
            source: "USAGOV".into(),
            target: "RUSGOV".into(),
            source_text: Some("Kerry".into()),
            target_text: Some("Lavrov".into()),
            source_country: Some("USA".into()),
            target_country: Some("RUS".into()),
            code: "040".into(),
            root: Some("04".into()),
            name: None,
            goldstein: Some(1.0),
            quad_class: Some(1),
            plover: None,
            plover_mode: None,
            verb_text: Some("met".into()),
            issues: vec![],
            coder: CoderStamp {
                version: "dyad 0.1.0".into(),
                dictionaries: "0123456789abcdef".into(),
            },
        }
    }

    #[test]
    fn json_lines_field_order_and_nulls() {
        let mut w = JsonLinesWriter::new(Vec::new());
        w.write(&record()).unwrap();
        let text = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(
            text.starts_with("{\"event_id\":\"a-0-0\",\"article_id\":\"a\",\"url\":null,"),
            "{text}"
        );
        assert!(text.contains("\"date_source\":\"article\""));
        assert!(text.contains("\"span\":{\"start\":0,\"end\":17}"));
        assert!(text.ends_with("}\n"));
    }

    /// A writer whose reader has gone, as a closed pipe.
    struct ClosedPipe;

    impl Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn write_errors_keep_their_kind() {
        let mut w = JsonLinesWriter::new(ClosedPipe);
        let err = w.write(&record()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe, "{err}");
    }
}

/// The fields of an event record that say where an event was found and
/// what it is: what scoring against gold annotations needs (`dyad eval
/// events`). Read from JSON Lines written by [`JsonLinesWriter`]; other
/// fields are ignored.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct EventKey {
    /// The article's id.
    pub article_id: String,
    /// The record id, for pre-parsed input.
    #[serde(default)]
    pub sentence_id: Option<String>,
    /// The sentence's offsets in the article.
    #[serde(default)]
    pub span: Option<Span>,
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// CAMEO event code.
    pub code: String,
}

/// Reads the [`EventKey`]s of a JSON Lines file of event records, skipping
/// blank lines.
///
/// # Errors
///
/// Fails when reading fails, or with [`io::ErrorKind::InvalidData`] naming
/// the line when a line is not an event record.
pub fn read_event_keys<R: BufRead>(reader: R) -> io::Result<Vec<EventKey>> {
    let mut keys = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let key = serde_json::from_str(&line).map_err(|err| {
            io::Error::new(io::ErrorKind::InvalidData, format!("line {}: {err}", n + 1))
        })?;
        keys.push(key);
    }
    Ok(keys)
}

#[cfg(test)]
mod read_tests {
    use super::*;

    #[test]
    fn reads_keys_and_names_bad_lines() {
        let text = concat!(
            r#"{"article_id":"a","sentence_id":null,"span":{"start":0,"end":9},"#,
            r#""source":"USA","target":"RUS","code":"036","root":"03"}"#,
            "\n\n",
            r#"{"article_id":"b","source":"FRA","target":"---GOV","code":"010"}"#,
            "\n"
        );
        let keys = read_event_keys(text.as_bytes()).unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].span, Some(Span { start: 0, end: 9 }));
        assert_eq!((keys[1].target.as_str(), keys[1].span), ("---GOV", None));
        let err = read_event_keys("{}\n{\n".as_bytes()).unwrap_err();
        assert!(err.to_string().starts_with("line 1:"), "{err}");
    }
}
