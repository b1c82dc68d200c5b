//! JSON Lines of articles, read one line at a time.

use std::fmt;
use std::io::{self, BufRead};

use serde::Deserialize;

use super::{Article, from_record};

/// Reads articles from JSON Lines: one object per line with any of `id`,
/// `url`, `source`, `date`, `title`, `text` (other fields are ignored,
/// missing ones are empty). Each line is parsed when it is read, so memory
/// holds one article at a time.
///
/// A line that is not valid JSON, is valid JSON but not an object (an
/// array, a number, a string...), or is an object whose fields have the
/// wrong types yields a [`RecordError`] and reading goes on with the next
/// line; an I/O error ends the stream
/// after it is reported. Blank lines are skipped. A record without an `id`
/// gets `<name>:<line>`.
pub struct JsonLines<R> {
    reader: R,
    name: String,
    line: u64,
    buf: Vec<u8>,
    max_line_bytes: usize,
    done: bool,
}

impl<R> fmt::Debug for JsonLines<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLines")
            .field("name", &self.name)
            .field("line", &self.line)
            .finish_non_exhaustive()
    }
}

/// A JSON line that could not be read as an article.
#[derive(Debug)]
pub struct RecordError {
    /// The input's name.
    pub name: String,
    /// 1-based line number.
    pub line: u64,
    /// What went wrong.
    pub kind: RecordErrorKind,
}

/// What went wrong with a JSON line.
#[derive(Debug)]
#[non_exhaustive]
pub enum RecordErrorKind {
    /// Not valid JSON, or an object whose fields have the wrong types.
    Json(serde_json::Error),
    /// Valid JSON, but not an object: an array, a string, a number, a
    /// boolean or `null`.
    NotObject,
    /// Longer than [`JsonLines::max_line_bytes`]; skipped unread.
    TooLong {
        /// The line's length in bytes.
        len: u64,
    },
    /// Reading failed; the stream ends here.
    Io(io::Error),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.name, self.line)?;
        match &self.kind {
            RecordErrorKind::Json(err) => write!(f, "bad JSON record: {err}"),
            RecordErrorKind::NotObject => f.write_str("not a JSON object"),
            RecordErrorKind::TooLong { len } => write!(f, "line too long ({len} bytes), skipped"),
            RecordErrorKind::Io(err) => write!(f, "read error: {err}"),
        }
    }
}

impl std::error::Error for RecordError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            RecordErrorKind::Json(err) => Some(err),
            RecordErrorKind::Io(err) => Some(err),
            RecordErrorKind::TooLong { .. } | RecordErrorKind::NotObject => None,
        }
    }
}

/// The fields dyad reads from a record.
#[derive(Deserialize)]
struct RawRecord {
    #[serde(default)]
    id: Option<RawId>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

/// Ids may be strings or numbers.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawId {
    Text(String),
    Number(serde_json::Number),
}

impl<R: BufRead> JsonLines<R> {
    /// Lines longer than this are skipped by default: 256 MiB.
    pub const DEFAULT_MAX_LINE_BYTES: usize = 256 << 20;

    /// A reader over `reader`, named `name` in ids and errors.
    pub fn new(name: &str, reader: R) -> Self {
        JsonLines {
            reader,
            name: name.to_string(),
            line: 0,
            buf: Vec::new(),
            max_line_bytes: Self::DEFAULT_MAX_LINE_BYTES,
            done: false,
        }
    }

    /// Sets the longest line read; longer ones are skipped (and reported)
    /// without being held in memory.
    pub fn max_line_bytes(mut self, max: usize) -> Self {
        self.max_line_bytes = max;
        self
    }

    /// The number of the line read last (1-based; 0 before the first).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Reads the next line into `buf`, without its newline. `Ok(None)` at
    /// the end; `Ok(Some(len))` with `len > max` when the line was skipped.
    fn next_line(&mut self) -> io::Result<Option<u64>> {
        self.buf.clear();
        let mut len: u64 = 0;
        let mut any = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
            };
            if chunk.is_empty() {
                return Ok(any.then_some(len));
            }
            any = true;
            let (take, end) = match memchr_newline(chunk) {
                Some(pos) => (pos, true),
                None => (chunk.len(), false),
            };
            len += take as u64;
            if len <= self.max_line_bytes as u64 {
                self.buf.extend_from_slice(&chunk[..take]);
            } else {
                self.buf = Vec::new();
            }
            self.reader.consume(if end { take + 1 } else { take });
            if end {
                return Ok(Some(len));
            }
        }
    }
}

/// Reads one line as a record. Serde's derived `Deserialize` would take a
/// JSON array as the fields in order, so only an object is read as a record;
/// other JSON values are told apart from invalid JSON.
fn parse_record(line: &str) -> Result<RawRecord, RecordErrorKind> {
    let first = line.bytes().find(|b| !b.is_ascii_whitespace());
    if first != Some(b'{') {
        return Err(match serde_json::from_str::<serde::de::IgnoredAny>(line) {
            Ok(_) => RecordErrorKind::NotObject,
            Err(err) => RecordErrorKind::Json(err),
        });
    }
    serde_json::from_str::<RawRecord>(line).map_err(RecordErrorKind::Json)
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Article, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let len = match self.next_line() {
                Ok(Some(len)) => len,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(err) => {
                    self.done = true;
                    self.line += 1;
                    return Some(Err(self.error(RecordErrorKind::Io(err))));
                }
            };
            self.line += 1;
            if len > self.max_line_bytes as u64 {
                return Some(Err(self.error(RecordErrorKind::TooLong { len })));
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(self.parse());
        }
        None
    }
}

impl<R: BufRead> JsonLines<R> {
    fn error(&self, kind: RecordErrorKind) -> RecordError {
        RecordError { name: self.name.clone(), line: self.line, kind }
    }

    fn parse(&mut self) -> Result<Article, RecordError> {
        let (parsed, lossy) = match std::str::from_utf8(&self.buf) {
            Ok(line) => (parse_record(line), false),
            Err(_) => (parse_record(&String::from_utf8_lossy(&self.buf)), true),
        };
        let raw = parsed.map_err(|kind| self.error(kind))?;
        let id = match raw.id {
            Some(RawId::Text(id)) => id,
            Some(RawId::Number(n)) => n.to_string(),
            None => format!("{}:{}", self.name, self.line),
        };
        let mut article =
            from_record(id, raw.url, raw.source, raw.date, raw.title, raw.text.unwrap_or_default());
        article.lossy_utf8 = lossy;
        Ok(article)
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufReader, Cursor, Read};

    use super::*;

    fn read(input: &[u8]) -> Vec<Result<Article, String>> {
        JsonLines::new("news.jsonl", Cursor::new(input.to_vec()))
            .map(|r| r.map_err(|e| e.to_string()))
            .collect()
    }

    #[test]
    fn records_and_bad_lines() {
        let input = b"{\"id\": \"a-1\", \"source\": \"a\", \"date\": \"1987-03-16\", \"title\": \"T\", \"text\": \"PARIS, March 16 - Talks began.\\n\\nThey ended.\"}\n\
            not json\n\
            \n\
            {\"text\": \"No id.\", \"extra\": [1, 2]}\n\
            {\"id\": 7, \"text\": null, \"date\": null}\n\
            [1, 2]\n\
            {\"id\": \"last\", \"text\": \"No newline at the end.\"}";
        let got = read(input);
        assert_eq!(got.len(), 6);
        let a = got[0].as_ref().unwrap();
        assert_eq!(
            (a.id.as_str(), a.source.as_deref(), a.date.as_deref(), a.title.as_deref()),
            ("a-1", Some("a"), Some("1987-03-16"), Some("T"))
        );
        assert_eq!(a.body().collect::<Vec<_>>(), ["Talks began.", "They ended."]);
        assert_eq!(a.dateline.as_ref().unwrap().place.as_deref(), Some("PARIS"));
        assert!(got[1].as_ref().unwrap_err().starts_with("news.jsonl:2: bad JSON record: "));
        assert_eq!(got[2].as_ref().unwrap().id, "news.jsonl:4");
        let numbered = got[3].as_ref().unwrap();
        assert_eq!(
            (numbered.id.as_str(), numbered.text.as_str(), numbered.blocks.len()),
            ("7", "", 0)
        );
        assert_eq!(got[4].as_ref().unwrap_err(), "news.jsonl:6: not a JSON object");
        assert_eq!(got[5].as_ref().unwrap().id, "last");
    }

    #[test]
    fn json_values_that_are_not_objects() {
        // A two-string array would fill `id` and `url` if read as fields.
        let input = b"[\"a\", \"b\"]\n  42\n\"text\"\ntrue\nnull\n[]\n[\"a\"\n{\"id\": \"ok\"}\n";
        let got = read(input);
        assert_eq!(got.len(), 8);
        for (n, result) in got[..6].iter().enumerate() {
            assert_eq!(
                result.as_ref().unwrap_err(),
                &format!("news.jsonl:{}: not a JSON object", n + 1)
            );
        }
        assert!(got[6].as_ref().unwrap_err().starts_with("news.jsonl:7: bad JSON record: "));
        assert_eq!(got[7].as_ref().unwrap().id, "ok");
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily() {
        let got = read(b"{\"id\": \"x\", \"text\": \"Caf\xe9 talks.\"}\n");
        let a = got[0].as_ref().unwrap();
        assert!(a.lossy_utf8);
        assert_eq!(a.text, "Caf\u{fffd} talks.");
    }

    #[test]
    fn long_lines_are_skipped_without_losing_the_next() {
        let long = format!("{{\"id\": \"long\", \"text\": \"{}\"}}\n", "x".repeat(10_000));
        let input = format!("{long}{{\"id\": \"short\", \"text\": \"Hi.\"}}\n");
        // A tiny buffer makes the reader cross chunk boundaries.
        let reader = BufReader::with_capacity(7, Cursor::new(input.into_bytes()));
        let got: Vec<_> = JsonLines::new("n", reader).max_line_bytes(1000).collect();
        assert_eq!(
            got[0].as_ref().unwrap_err().to_string(),
            "n:1: line too long (10026 bytes), skipped"
        );
        assert_eq!(got[1].as_ref().unwrap().id, "short");
        // Without the limit the long line is read.
        let reader = BufReader::with_capacity(7, Cursor::new(long.into_bytes()));
        let got: Vec<_> = JsonLines::new("n", reader).collect();
        assert_eq!(got[0].as_ref().unwrap().text.len(), 10_000);
    }

    struct FailAfter(Cursor<Vec<u8>>);

    impl Read for FailAfter {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(io::Error::other("disk on fire")),
                n => Ok(n),
            }
        }
    }

    #[test]
    fn read_errors_end_the_stream() {
        let reader = BufReader::new(FailAfter(Cursor::new(b"{\"id\": \"a\"}\n{\"id\": ".to_vec())));
        let got: Vec<_> = JsonLines::new("n", reader).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].as_ref().unwrap().id, "a");
        assert_eq!(got[1].as_ref().unwrap_err().to_string(), "n:2: read error: disk on fire");
    }

    #[test]
    fn empty_input() {
        assert!(read(b"").is_empty());
        assert!(read(b"\n\n  \n").is_empty());
    }
}
