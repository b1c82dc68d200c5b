//! CSV and TSV event output: the fields of [`EventRecord`], one row per
//! event, under GDELT 2.0 column names where a field has one.
//!
//! # Columns
//!
//! | column | record field | format |
//! |---|---|---|
//! | `GLOBALEVENTID` | `event_id` | `<article_id>-<sentence_index>-<n>` (a string, unlike GDELT's integers) |
//! | `article_id` | `article_id` | |
//! | `SOURCEURL` | `url` | |
//! | `article_date` | `article_date` | `YYYY-MM-DD` |
//! | `SQLDATE` | `date` | `YYYYMMDD`, as in GDELT |
//! | `date_source` | `date_source` | `text`, `article`, `unknown` |
//! | `sentence_index` | `sentence_index` | integer |
//! | `sentence_id` | `sentence_id` | |
//! | `sentence` | `sentence` | |
//! | `span_start`, `span_end` | `span.start`, `span.end` | byte offsets |
//! | `Actor1Code`, `Actor2Code` | `source`, `target` | |
//! | `Actor1Name`, `Actor2Name` | `source_text`, `target_text` | |
//! | `Actor1CountryCode`, `Actor2CountryCode` | `source_country`, `target_country` | |
//! | `EventCode` | `code` | leading zeros kept (`036`) |
//! | `EventRootCode` | `root` | `03` |
//! | `name` | `name` | CAMEO event name |
//! | `GoldsteinScale` | `goldstein` | decimal |
//! | `QuadClass` | `quad_class` | 1 to 4 |
//! | `plover`, `plover_mode` | `plover`, `plover_mode` | |
//! | `verb_text` | `verb_text` | |
//! | `issues` | `issues` | JSON array, `[{"code":"...","count":n}]` |
//! | `coder_version`, `coder_dictionaries` | `coder.version`, `coder.dictionaries` | |
//!
//! A `null` field is an empty cell. Fields are quoted only when they need
//! to be (a delimiter, a quote or a line break inside), with quotes doubled,
//! so pandas, polars, R and databases read the files as written; the first
//! row is the header. The Parquet writer ([`crate::parquet`]) uses the same
//! column names.

use std::io::{self, Write};

use crate::event_record::{DateSource, EventRecord};

/// The column names, in order.
pub const COLUMNS: [&str; 28] = [
    "GLOBALEVENTID",
    "article_id",
    "SOURCEURL",
    "article_date",
    "SQLDATE",
    "date_source",
    "sentence_index",
    "sentence_id",
    "sentence",
    "span_start",
    "span_end",
    "Actor1Code",
    "Actor2Code",
    "Actor1Name",
    "Actor2Name",
    "Actor1CountryCode",
    "Actor2CountryCode",
    "EventCode",
    "EventRootCode",
    "name",
    "GoldsteinScale",
    "QuadClass",
    "plover",
    "plover_mode",
    "verb_text",
    "issues",
    "coder_version",
    "coder_dictionaries",
];

/// Writes event records as CSV or TSV.
pub struct TabularWriter<W: Write> {
    out: csv::Writer<W>,
    row: Vec<String>,
}

impl<W: Write> TabularWriter<W> {
    /// A comma-separated writer; writes the header row.
    ///
    /// # Errors
    ///
    /// Fails when writing the header does.
    pub fn csv(out: W) -> io::Result<Self> {
        Self::with_delimiter(out, b',')
    }

    /// A tab-separated writer; writes the header row.
    ///
    /// # Errors
    ///
    /// Fails when writing the header does.
    pub fn tsv(out: W) -> io::Result<Self> {
        Self::with_delimiter(out, b'\t')
    }

    fn with_delimiter(out: W, delimiter: u8) -> io::Result<Self> {
        let mut out = csv::WriterBuilder::new().delimiter(delimiter).from_writer(out);
        out.write_record(COLUMNS).map_err(csv_to_io)?;
        Ok(TabularWriter { out, row: Vec::with_capacity(COLUMNS.len()) })
    }

    /// Writes one record as one row.
    ///
    /// # Errors
    ///
    /// Fails when the underlying writer does.
    pub fn write(&mut self, record: &EventRecord) -> io::Result<()> {
        self.row.clear();
        fill_row(record, &mut self.row);
        self.out.write_record(&self.row).map_err(csv_to_io)
    }

    /// Flushes and returns the underlying writer.
    ///
    /// # Errors
    ///
    /// Fails when flushing does.
    pub fn finish(self) -> io::Result<W> {
        self.out.into_inner().map_err(|err| err.into_error())
    }
}

fn csv_to_io(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// `YYYY-MM-DD` → `YYYYMMDD`; anything else is passed through.
pub(crate) fn sql_date(date: &str) -> String {
    let b = date.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let mut out = String::with_capacity(8);
        out.push_str(&date[..4]);
        out.push_str(&date[5..7]);
        out.push_str(&date[8..]);
        out
    } else {
        date.to_string()
    }
}

pub(crate) fn date_source_name(source: DateSource) -> &'static str {
    match source {
        DateSource::Text => "text",
        DateSource::Article => "article",
        DateSource::Unknown => "unknown",
    }
}

fn fill_row(r: &EventRecord, row: &mut Vec<String>) {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    row.push(r.event_id.clone());
    row.push(r.article_id.clone());
    row.push(opt(&r.url));
    row.push(opt(&r.article_date));
    row.push(r.date.as_deref().map(sql_date).unwrap_or_default());
    row.push(date_source_name(r.date_source).to_string());
    row.push(r.sentence_index.to_string());
    row.push(opt(&r.sentence_id));
    row.push(r.sentence.clone());
    row.push(r.span.map(|s| s.start.to_string()).unwrap_or_default());
    row.push(r.span.map(|s| s.end.to_string()).unwrap_or_default());
    row.push(r.source.clone());
    row.push(r.target.clone());
    row.push(opt(&r.source_text));
    row.push(opt(&r.target_text));
    row.push(opt(&r.source_country));
    row.push(opt(&r.target_country));
    row.push(r.code.clone());
    row.push(opt(&r.root));
    row.push(opt(&r.name));
    row.push(r.goldstein.map(|g| g.to_string()).unwrap_or_default());
    row.push(r.quad_class.map(|q| q.to_string()).unwrap_or_default());
    row.push(opt(&r.plover));
    row.push(opt(&r.plover_mode));
    row.push(opt(&r.verb_text));
    row.push(serde_json::to_string(&r.issues).unwrap_or_default());
    row.push(r.coder.version.clone());
    row.push(r.coder.dictionaries.clone());
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::event_record::{CoderStamp, IssueCount, Span};

    /// A record with awkward text in every quoted field.
    pub(crate) fn record(n: u32) -> EventRecord {
        EventRecord {
            event_id: format!("a-0-{n}"),
            article_id: "a".into(),
            url: Some("https://example.org/a?x=1,2".into()),
            article_date: Some("2016-09-09".into()),
            date: Some("2016-09-04".into()),
            date_source: DateSource::Text,
            sentence_index: 7,
            sentence_id: None,
            sentence: "Kerry said: \"We met,\tagain\"\non Sunday, \u{e9}t\u{e9}.".into(),
            span: Some(Span { start: 120, end: 170 }),
            source: "USAGOV".into(),
            target: "RUSGOV".into(),
            source_text: Some("Kerry".into()),
            target_text: None,
            source_country: Some("USA".into()),
            target_country: Some("RUS".into()),
            code: "036".into(),
            root: Some("03".into()),
            name: Some("Express intent to meet or negotiate".into()),
            goldstein: Some(-0.1),
            quad_class: Some(1),
            plover: Some("AGREE".into()),
            plover_mode: None,
            verb_text: Some("met".into()),
            issues: vec![IssueCount { code: "PEACE".into(), count: 2 }],
            coder: CoderStamp {
                version: "dyad 0.1.0".into(),
                dictionaries: "0123456789abcdef".into(),
            },
        }
    }

    fn round_trip(delimiter: u8) {
        let mut w = if delimiter == b',' {
            TabularWriter::csv(Vec::new()).unwrap()
        } else {
            TabularWriter::tsv(Vec::new()).unwrap()
        };
        w.write(&record(0)).unwrap();
        w.write(&record(1)).unwrap();
        let bytes = w.finish().unwrap();
        let mut reader =
            csv::ReaderBuilder::new().delimiter(delimiter).from_reader(bytes.as_slice());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(header, COLUMNS);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        let get = |row: &csv::StringRecord, col: &str| {
            row[COLUMNS.iter().position(|c| *c == col).unwrap()].to_string()
        };
        let row = &rows[1];
        let r = record(1);
        assert_eq!(get(row, "GLOBALEVENTID"), "a-0-1");
        assert_eq!(get(row, "SOURCEURL"), r.url.unwrap());
        assert_eq!(get(row, "SQLDATE"), "20160904");
        assert_eq!(get(row, "article_date"), "2016-09-09");
        assert_eq!(get(row, "date_source"), "text");
        assert_eq!(get(row, "sentence"), r.sentence);
        assert_eq!(get(row, "sentence_id"), "");
        assert_eq!((get(row, "span_start"), get(row, "span_end")), ("120".into(), "170".into()));
        assert_eq!(get(row, "EventCode"), "036");
        assert_eq!(get(row, "EventRootCode"), "03");
        assert_eq!(get(row, "GoldsteinScale").parse::<f32>().unwrap(), -0.1);
        assert_eq!(get(row, "QuadClass"), "1");
        assert_eq!(get(row, "Actor2Name"), "");
        assert_eq!(get(row, "issues"), r#"[{"code":"PEACE","count":2}]"#);
        assert_eq!(get(row, "coder_dictionaries"), "0123456789abcdef");
    }

    #[test]
    fn csv_round_trip() {
        round_trip(b',');
    }

    #[test]
    fn tsv_round_trip() {
        round_trip(b'\t');
    }

    #[test]
    fn header_only_when_no_events() {
        let bytes = TabularWriter::csv(Vec::new()).unwrap().finish().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("GLOBALEVENTID,article_id,SOURCEURL,"), "{text}");
        assert_eq!(text.lines().count(), 1);
    }

    #[test]
    fn dates() {
        assert_eq!(sql_date("2016-09-04"), "20160904");
        assert_eq!(sql_date("2016"), "2016");
    }
}
