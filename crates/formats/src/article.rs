//! News articles: plain text, HTML and JSON Lines, read into one
//! [`Article`] shape with the parts of the text to code.
//!
//! # Overview
//!
//! - [`read_text`] reads a plain-text article, [`read_html`] an HTML page,
//!   [`JsonLines`] a stream of JSON records in the shape of
//!   `news.jsonl` (`id`, `url`, `source`, `date`, `title`, `text`), one
//!   article at a time. [`open`] and [`Input::from_reader`] pick the reader
//!   from the file name and the first bytes ([`InputKind::detect`]).
//! - An [`Article`] keeps its whole text. What is to be coded is a list of
//!   byte ranges of that text ([`Article::blocks`], one per paragraph);
//!   titles, datelines, bylines, photo captions, agency tags, "Related
//!   articles" lists and other boilerplate are left out of the ranges and
//!   listed in [`Article::excluded`], never deleted, so every span dyad
//!   writes slices [`Article::text`].
//! - [`Article::resolved_date`] picks the article date: the record's (or the
//!   page's), then one given by the caller, then the dateline's, then one in
//!   the file name ([`date_in_name`]).
//!
//! # Plain text
//!
//! Paragraphs are separated by blank lines; a text without any blank line
//! has one paragraph per line. The first paragraph is the title when it is
//! one short line (at most 200 bytes and 25 words) that does not end like a
//! sentence (`.`, `,`, `;`, `:`) and more text follows. A dateline opening
//! the first body paragraph (`GENEVA (AFP) -`, `WASHINGTON, Sept. 9
//! (Reuters) -`, `PARIS, March 16 -`, `AP -`) is recognised and left out.
//! So are paragraphs that are bylines, captions and credits (`Photo: ...`,
//! `... | AP Photo`), photo galleries (`Photos: <gallery> <caption> Hide
//! Caption 1 of 22 ...`, whatever their length), video promotions (`JUST
//! WATCHED ... Replay More Videos`, `MUST WATCH ... 02:54`), link lists and
//! other boilerplate (sharing prompts, copyright lines).
//!
//! # HTML
//!
//! Markup, comments, scripts, styles, and the contents of `nav`, `header`,
//! `footer`, `aside`, `form`, `figure`, `figcaption`, `noscript`, `iframe`,
//! `svg`, `button`, `select`, `template` and `menu` are dropped, as are
//! elements whose `role` is navigation, banner, contentinfo, complementary
//! or search, and those whose `class` or `id` has a word such as `nav`,
//! `menu`, `sidebar`, `footer`, `share`, `social`, `related`, `comments`,
//! `promo`, `ad`, `newsletter`, `cookie`, `caption` or `breadcrumb`. When the
//! page has an `article` or `main` element (or `itemprop="articleBody"`),
//! only the text inside it is kept. Every block element (`p`, `div`,
//! `h1`-`h6`, `li`, `blockquote`, `td`, `br`, ...) ends a paragraph;
//! whitespace is collapsed and entities decoded. The article's text is the
//! paragraphs joined by blank lines. The title comes from `og:title`, else
//! the first `h1`, else `title`; the date from `article:published_time` and
//! similar meta tags, a JSON-LD `datePublished`, or the first `time`
//! element's `datetime`; the URL from `link rel="canonical"` or `og:url`.
//!
//! # Robustness
//!
//! Invalid UTF-8 is decoded lossily and flagged ([`Article::lossy_utf8`]).
//! A file with NUL bytes or mostly control characters in its first 8 KiB is
//! rejected as binary; an empty or blank file as empty. A JSON line that is
//! not a valid record becomes a [`RecordError`] with its line number and the
//! next lines are read; lines longer than [`JsonLines::max_line_bytes`] are
//! skipped without being held in memory.

mod html;
mod jsonl;
mod layout;

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::ops::Range;
use std::path::{Path, PathBuf};

use dyad_core::date::Date;

pub use jsonl::{JsonLines, RecordError};

/// One news article: its metadata, its full text, and the byte ranges of
/// that text to code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    /// The record's id, or the file name for a single-article file.
    pub id: String,
    /// The article's URL, when known.
    pub url: Option<String>,
    /// The source or outlet (`reuters21578`, `AFP`), when known.
    pub source: Option<String>,
    /// The date as the record or page gives it (`2016-09-09`,
    /// `2016-09-09T10:15:00Z`); see [`Article::resolved_date`].
    pub date: Option<String>,
    /// The title, when known.
    pub title: Option<String>,
    /// The full text, as read (lossily decoded). Every range below slices it.
    pub text: String,
    /// Where the title is in [`Article::text`], when the text contains it.
    pub title_range: Option<Range<usize>>,
    /// The body to code: one range per paragraph, in order, trimmed of
    /// surrounding whitespace, without the excluded parts.
    pub blocks: Vec<Range<usize>>,
    /// Parts of the text that are not coded, and why.
    pub excluded: Vec<Excluded>,
    /// The dateline opening the body, when there is one.
    pub dateline: Option<Dateline>,
    /// A date found in the file name (`kerry-geneva-2016-09-09.txt`).
    pub file_date: Option<Date>,
    /// True when the input was not valid UTF-8 and invalid bytes were
    /// replaced with U+FFFD.
    pub lossy_utf8: bool,
}

/// A part of an article's text that is not coded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excluded {
    /// Byte range in [`Article::text`].
    pub range: Range<usize>,
    /// Why it is left out.
    pub reason: ExcludeReason,
}

/// Why a part of an article is not coded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExcludeReason {
    /// The title line (coded separately, if at all).
    Title,
    /// A dateline (`GENEVA (AFP) -`).
    Dateline,
    /// A byline or a credit line (`By Jane Doe`, `Reporting by ...`).
    Byline,
    /// A photo caption or credit.
    Caption,
    /// An agency tag ending a paragraph (`(AFP)`).
    AgencyTag,
    /// A "Related articles" or "Read more" list.
    RelatedLinks,
    /// Other boilerplate: sharing prompts, advertisements, copyright lines.
    Boilerplate,
}

impl ExcludeReason {
    /// A short lower-case name: `title`, `dateline`, `byline`, `caption`,
    /// `agency-tag`, `related-links`, `boilerplate`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExcludeReason::Title => "title",
            ExcludeReason::Dateline => "dateline",
            ExcludeReason::Byline => "byline",
            ExcludeReason::Caption => "caption",
            ExcludeReason::AgencyTag => "agency-tag",
            ExcludeReason::RelatedLinks => "related-links",
            ExcludeReason::Boilerplate => "boilerplate",
        }
    }
}

/// A dateline: `WASHINGTON, Sept. 9 (Reuters) -`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dateline {
    /// Byte range in [`Article::text`], separator included.
    pub range: Range<usize>,
    /// The place (`WASHINGTON`, `NAJAF, Iraq`), when there is one.
    pub place: Option<String>,
    /// The agency (`Reuters`, `AFP`, `AP`), when there is one.
    pub agency: Option<String>,
    /// Month (1 to 12), when the dateline has a date.
    pub month: Option<u32>,
    /// Day of the month, when the dateline has a date.
    pub day: Option<u32>,
    /// Year, when the dateline has one (rare).
    pub year: Option<i32>,
}

impl Dateline {
    /// The dateline's date: its own year, else the year of `reference`
    /// (taking the previous year when that would put the date more than a
    /// month after `reference`).
    pub fn date(&self, reference: Option<Date>) -> Option<Date> {
        let (month, day) = (self.month?, self.day?);
        if let Some(year) = self.year {
            return Date::from_ymd(year, month, day);
        }
        let reference = reference?;
        let (year, ..) = reference.ymd();
        let date = Date::from_ymd(year, month, day)?;
        if date.days() - reference.days() > 31 {
            Date::from_ymd(year - 1, month, day)
        } else {
            Some(date)
        }
    }
}

/// Where [`Article::resolved_date`] found the date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateOrigin {
    /// The record's `date` field, or the page's meta tags.
    Record,
    /// The date the caller gave (`--date`).
    Given,
    /// The dateline (`WASHINGTON, Sept. 9 (Reuters) -`).
    Dateline,
    /// A date in the file name.
    FileName,
    /// No date was found.
    Unknown,
}

impl Article {
    /// The article date, in the order the record (or page) gives it, the
    /// date `given` by the caller, the dateline, the file name. A dateline
    /// without a year takes it from `given` or the file name's date.
    pub fn resolved_date(&self, given: Option<Date>) -> (Option<Date>, DateOrigin) {
        if let Some(date) = self.date.as_deref().and_then(parse_date_prefix) {
            return (Some(date), DateOrigin::Record);
        }
        if let Some(date) = given {
            return (Some(date), DateOrigin::Given);
        }
        if let Some(date) = self.dateline.as_ref().and_then(|d| d.date(self.file_date)) {
            return (Some(date), DateOrigin::Dateline);
        }
        match self.file_date {
            Some(date) => (Some(date), DateOrigin::FileName),
            None => (None, DateOrigin::Unknown),
        }
    }

    /// The text of each body block, in order.
    pub fn body(&self) -> impl Iterator<Item = &str> + '_ {
        self.blocks.iter().map(|r| &self.text[r.clone()])
    }

    /// The text of the excluded parts with the given reason.
    pub fn excluded_text(&self, reason: ExcludeReason) -> impl Iterator<Item = &str> + '_ {
        self.excluded
            .iter()
            .filter(move |e| e.reason == reason)
            .map(|e| &self.text[e.range.clone()])
    }
}

/// An article file that could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ArticleError {
    /// Opening or reading failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The input looks binary (NUL bytes or mostly control characters).
    #[error("{name}: binary file")]
    Binary {
        /// The file's name.
        name: String,
    },
    /// The input is empty or only whitespace.
    #[error("{name}: empty file")]
    Empty {
        /// The file's name.
        name: String,
    },
}

/// The kinds of article input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InputKind {
    /// One article as plain text.
    Text,
    /// One article as an HTML page.
    Html,
    /// Many articles as JSON Lines.
    JsonLines,
}

impl InputKind {
    /// Guesses the kind from the file name's extension (`.jsonl`,
    /// `.ndjson`, `.json`; `.html`, `.htm`, `.xhtml`; `.txt`), else from the
    /// first bytes: a leading `{` is JSON Lines, a leading `<!doctype html`,
    /// `<html`, `<head`, `<body`, `<p>` or `<div` is HTML, anything else is
    /// text.
    pub fn detect(name: &str, head: &[u8]) -> InputKind {
        let lower = name.to_ascii_lowercase();
        for (ext, kind) in [
            (".jsonl", InputKind::JsonLines),
            (".ndjson", InputKind::JsonLines),
            (".json", InputKind::JsonLines),
            (".html", InputKind::Html),
            (".htm", InputKind::Html),
            (".xhtml", InputKind::Html),
            (".txt", InputKind::Text),
        ] {
            if lower.ends_with(ext) {
                return kind;
            }
        }
        let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
        let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
        let head = &head[start..head.len().min(start + 64)];
        if head.first() == Some(&b'{') {
            return InputKind::JsonLines;
        }
        let lower: Vec<u8> = head.to_ascii_lowercase();
        let html_starts: [&[u8]; 7] =
            [b"<!doctype html", b"<html", b"<head", b"<body", b"<p>", b"<div", b"<!--"];
        if html_starts.iter().any(|s| lower.starts_with(s)) {
            return InputKind::Html;
        }
        InputKind::Text
    }
}

/// An opened input: one article, or a stream of them.
pub enum Input {
    /// A plain-text or HTML file: one article.
    Article(Box<Article>),
    /// A JSON Lines file: articles one line at a time.
    Records(JsonLines<Box<dyn BufRead + Send>>),
}

impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Article(a) => f.debug_tuple("Article").field(&a.id).finish(),
            Input::Records(_) => f.write_str("Records(..)"),
        }
    }
}

/// Opens a file and reads it as [`InputKind::detect`] says. A single
/// article's id is its file name.
///
/// # Errors
///
/// Fails when the file cannot be opened or read, and for binary or empty
/// single-article files.
pub fn open(path: &Path) -> Result<Input, ArticleError> {
    let file = File::open(path).map_err(|source| ArticleError::Io { path: path.into(), source })?;
    let name = path
        .file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    Input::from_reader(&name, BufReader::with_capacity(64 * 1024, file)).map_err(|err| match err {
        ArticleError::Io { source, .. } => ArticleError::Io { path: path.into(), source },
        other => other,
    })
}

impl Input {
    /// Reads from any reader (standard input, say), named `name` for ids,
    /// file dates and messages, choosing the kind by [`InputKind::detect`].
    ///
    /// # Errors
    ///
    /// Fails on a read error, and for binary or empty single-article input.
    pub fn from_reader<R: BufRead + Send + 'static>(
        name: &str,
        mut reader: R,
    ) -> Result<Input, ArticleError> {
        let io_err = |source| ArticleError::Io { path: name.into(), source };
        let head = reader.fill_buf().map_err(io_err)?.to_vec();
        match InputKind::detect(name, &head) {
            InputKind::JsonLines => Ok(Input::Records(JsonLines::new(name, Box::new(reader)))),
            kind => {
                let mut bytes = Vec::new();
                reader.read_to_end(&mut bytes).map_err(io_err)?;
                let article = if kind == InputKind::Html {
                    read_html(name, &bytes)
                } else {
                    read_text(name, &bytes)
                }?;
                Ok(Input::Article(Box::new(article)))
            }
        }
    }
}

/// Reads one plain-text article; `name` (a file name) becomes its id and
/// may carry its date.
///
/// # Errors
///
/// Binary and empty input are rejected.
pub fn read_text(name: &str, bytes: &[u8]) -> Result<Article, ArticleError> {
    let (text, lossy_utf8) = decode(name, bytes)?;
    let paragraphs = layout::paragraphs(&text);
    let mut article = with_layout(text, &paragraphs, true);
    article.id = name.to_string();
    article.title = article.title_range.as_ref().map(|r| article.text[r.clone()].to_string());
    article.file_date = date_in_name(name);
    article.lossy_utf8 = lossy_utf8;
    Ok(article)
}

/// An article of `text` laid out from its paragraphs; the other fields are
/// empty.
fn with_layout(text: String, paragraphs: &[Range<usize>], detect_title: bool) -> Article {
    let layout = layout::analyse(&text, paragraphs, detect_title);
    Article {
        title_range: layout.title_range,
        blocks: layout.blocks,
        excluded: layout.excluded,
        dateline: layout.dateline,
        text,
        ..Article::default()
    }
}

/// Reads one HTML page; `name` (a file name) becomes its id and may carry
/// its date.
///
/// # Errors
///
/// Binary and empty input, and pages with no text at all, are rejected.
pub fn read_html(name: &str, bytes: &[u8]) -> Result<Article, ArticleError> {
    let (source, lossy_utf8) = decode(name, bytes)?;
    let page = html::extract(&source);
    let mut text = String::with_capacity(source.len() / 2);
    let mut paragraphs = Vec::with_capacity(page.blocks.len());
    for block in &page.blocks {
        if page.title.as_deref() == Some(block.as_str()) && paragraphs.is_empty() {
            // The headline repeated at the top of the body.
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        paragraphs.push(text.len()..text.len() + block.len());
        text.push_str(block);
    }
    if text.is_empty() && page.title.is_none() {
        return Err(ArticleError::Empty { name: name.to_string() });
    }
    let mut article = with_layout(text, &paragraphs, false);
    article.id = name.to_string();
    article.url = page.url;
    article.source = page.site;
    article.date = page.date;
    article.title = page.title;
    article.file_date = date_in_name(name);
    article.lossy_utf8 = lossy_utf8;
    Ok(article)
}

/// Builds an article from a record's fields (the JSON Lines reader uses
/// this; so can callers with their own records). The text's paragraphs are
/// separated by blank lines; it has no title line.
pub fn from_record(
    id: String,
    url: Option<String>,
    source: Option<String>,
    date: Option<String>,
    title: Option<String>,
    text: String,
) -> Article {
    let paragraphs = layout::paragraphs(&text);
    Article { id, url, source, date, title, ..with_layout(text, &paragraphs, false) }
}

/// Decodes an article's bytes with [`decode_text`]; rejects binary and
/// empty input.
fn decode(name: &str, bytes: &[u8]) -> Result<(String, bool), ArticleError> {
    if looks_binary(bytes) {
        return Err(ArticleError::Binary { name: name.to_string() });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ArticleError::Empty { name: name.to_string() });
    }
    Ok(decode_text(bytes))
}

/// Decodes text bytes as UTF-8, dropping a byte-order mark; invalid UTF-8
/// is decoded lossily and flagged (`true`), for the caller to report.
pub fn decode_text(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), false),
        Err(_) => (String::from_utf8_lossy(bytes).into_owned(), true),
    }
}

/// NUL bytes, or more than 10% control characters other than whitespace,
/// in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let n_control =
        head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    n_control * 10 > head.len()
}

/// A date in a file name: `YYYY-MM-DD`, `YYYY_MM_DD`, `YYYY.MM.DD` or
/// `YYYYMMDD`, not part of a longer number, for years 1900 to 2099.
///
/// ```
/// use dyad_formats::article::date_in_name;
/// assert_eq!(date_in_name("kerry-geneva-2016-09-09.txt").unwrap().to_string(), "2016-09-09");
/// assert_eq!(date_in_name("reuters_20160909_1.html").unwrap().to_string(), "2016-09-09");
/// assert_eq!(date_in_name("story-123456789.txt"), None);
/// ```
pub fn date_in_name(name: &str) -> Option<Date> {
    let b = name.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let num = |i: usize, n: usize| -> Option<u32> {
        (i..i + n)
            .all(digit)
            .then(|| b[i..i + n].iter().fold(0, |v, d| v * 10 + u32::from(d - b'0')))
    };
    for start in 0..b.len() {
        if !digit(start) || (start > 0 && digit(start - 1)) {
            continue;
        }
        let Some(year) = num(start, 4) else { continue };
        if !(1900..=2099).contains(&year) {
            continue;
        }
        let sep = b.get(start + 4).copied();
        let (month, day, end) =
            if matches!(sep, Some(b'-' | b'_' | b'.')) && b.get(start + 7).copied() == sep {
                (num(start + 5, 2), num(start + 8, 2), start + 10)
            } else {
                (num(start + 4, 2), num(start + 6, 2), start + 8)
            };
        if digit(end) {
            continue;
        }
        if let (Some(month), Some(day)) = (month, day)
            && let Some(date) = Date::from_ymd(year as i32, month, day)
        {
            return Some(date);
        }
    }
    None
}

/// The date at the start of `YYYY-MM-DD...` or `YYYYMMDD`.
fn parse_date_prefix(text: &str) -> Option<Date> {
    let text = text.trim();
    let prefix = |n: usize| text.get(..n).and_then(Date::parse_compact);
    prefix(10).or_else(|| prefix(8))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KERRY: &str = "Kerry in Geneva to push for a truce\n\nGENEVA (AFP) - The US secretary of state flew to Geneva on Friday to meet his Russian counterpart.\n\nOfficials said talks could run late.    (AFP)\n\nRelated articles on Example.org:\n\nThe siege: a timeline\n\nWho is fighting whom\n";

    #[test]
    fn plain_text_title_dateline_tag_and_related_list() {
        let a = read_text("kerry-geneva-2016-09-09.txt", KERRY.as_bytes()).unwrap();
        assert_eq!(a.title.as_deref(), Some("Kerry in Geneva to push for a truce"));
        assert_eq!(&a.text[a.title_range.clone().unwrap()], "Kerry in Geneva to push for a truce");
        let body: Vec<&str> = a.body().collect();
        assert_eq!(
            body,
            [
                "The US secretary of state flew to Geneva on Friday to meet his Russian counterpart.",
                "Officials said talks could run late.",
            ]
        );
        let dateline = a.dateline.as_ref().unwrap();
        assert_eq!(&a.text[dateline.range.clone()], "GENEVA (AFP) - ");
        assert_eq!(dateline.place.as_deref(), Some("GENEVA"));
        assert_eq!(dateline.agency.as_deref(), Some("AFP"));
        assert_eq!(a.excluded_text(ExcludeReason::AgencyTag).collect::<Vec<_>>(), ["(AFP)"]);
        assert_eq!(
            a.excluded_text(ExcludeReason::RelatedLinks).collect::<Vec<_>>(),
            ["Related articles on Example.org:", "The siege: a timeline", "Who is fighting whom"]
        );
        assert_eq!(a.file_date, Date::from_ymd(2016, 9, 9));
        assert_eq!(a.resolved_date(None), (Date::from_ymd(2016, 9, 9), DateOrigin::FileName));
        assert!(!a.lossy_utf8);
    }

    #[test]
    fn fixture_text() {
        let bytes = include_bytes!("article/testdata/harbour-talks-2021-03-05.txt");
        let a = read_text("harbour-talks-2021-03-05.txt", bytes).unwrap();
        assert_eq!(a.title.as_deref(), Some("Port talks resume after week-long pause"));
        assert_eq!(a.resolved_date(None), (Date::from_ymd(2021, 3, 5), DateOrigin::Dateline));
        let d = a.dateline.as_ref().unwrap();
        assert_eq!(
            (d.place.as_deref(), d.agency.as_deref()),
            (Some("VALDORIA"), Some("Examplewire"))
        );
        let body: Vec<&str> = a.body().collect();
        assert_eq!(body.len(), 3);
        assert!(body[0].starts_with("Negotiators from Valdoria"));
        assert!(body[2].ends_with("next week."));
        let reasons: Vec<&str> = a.excluded.iter().map(|e| e.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "title",
                "byline",
                "dateline",
                "caption",
                "agency-tag",
                "related-links",
                "related-links",
                "related-links"
            ]
        );
    }

    #[test]
    fn fixture_html() {
        let a =
            read_html("harbour-talks.html", include_bytes!("article/testdata/harbour-talks.html"))
                .unwrap();
        assert_eq!(a.title.as_deref(), Some("Port talks resume after week-long pause"));
        assert_eq!(a.date.as_deref(), Some("2021-03-05T09:00:00Z"));
        assert_eq!(a.url.as_deref(), Some("https://daily.example.org/world/port-talks"));
        assert_eq!(a.source.as_deref(), Some("Example Daily"));
        assert_eq!(a.resolved_date(None), (Date::from_ymd(2021, 3, 5), DateOrigin::Record));
        assert_eq!(a.dateline.as_ref().unwrap().agency.as_deref(), Some("Examplewire"));
        assert_eq!(
            a.body().collect::<Vec<_>>(),
            [
                "Negotiators from Valdoria and Ostrava met on Friday in the harbour city to resume talks on shipping rights.",
                "The two sides agreed last week to exchange prisoners, officials said, and on Tuesday night Ostrava released twelve fishermen. Both governments welcomed the release.",
                "Ostrava\u{2019}s foreign minister said she would travel to Valdoria next week.",
            ]
        );
        let input = open(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/article/testdata/harbour-talks.html"
        )));
        assert!(matches!(input, Ok(Input::Article(a)) if a.id == "harbour-talks.html"));
    }

    #[test]
    fn fixture_json_lines() {
        let path =
            Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/article/testdata/articles.jsonl"));
        let Input::Records(records) = open(path).unwrap() else { panic!("expected records") };
        let got: Vec<Result<Article, String>> =
            records.map(|r| r.map_err(|e| e.to_string())).collect();
        assert_eq!(got.len(), 5);
        let first = got[0].as_ref().unwrap();
        assert_eq!(
            first.body().collect::<Vec<_>>(),
            ["Negotiators met on Friday.", "Ostrava released twelve fishermen on Tuesday night."]
        );
        assert_eq!(first.url.as_deref(), Some("https://wire.example.org/1"));
        assert_eq!(got[1].as_ref().unwrap().resolved_date(None), (None, DateOrigin::Unknown));
        assert!(got[2].as_ref().unwrap_err().starts_with("articles.jsonl:3: bad JSON record"));
        assert_eq!(got[3].as_ref().unwrap().id, "articles.jsonl:5");
        let lossy = got[4].as_ref().unwrap();
        assert!(lossy.lossy_utf8);
        assert_eq!(lossy.resolved_date(None), (Date::from_ymd(2021, 3, 4), DateOrigin::Record));
    }

    #[test]
    fn every_range_slices_the_text() {
        let a = read_text("a.txt", KERRY.as_bytes()).unwrap();
        let mut all: Vec<Range<usize>> = a.blocks.clone();
        all.extend(a.excluded.iter().map(|e| e.range.clone()));
        for r in &all {
            assert!(a.text.get(r.clone()).is_some(), "{r:?}");
        }
        all.sort_by_key(|r| r.start);
        for pair in all.windows(2) {
            assert!(pair[0].end <= pair[1].start, "overlap {pair:?}");
        }
    }

    #[test]
    fn reuters_dateline_with_date() {
        let text = "WASHINGTON, Sept. 9 (Reuters) - The Senate passed the bill.\n\nReporting by CNN said the vote was close.\n\nReporting by Jane Roe; Editing by John Doe\n";
        let a = read_text("story.txt", text.as_bytes()).unwrap();
        assert_eq!(a.title, None);
        assert_eq!(
            a.body().collect::<Vec<_>>(),
            ["The Senate passed the bill.", "Reporting by CNN said the vote was close."]
        );
        let d = a.dateline.as_ref().unwrap();
        assert_eq!(
            (d.place.as_deref(), d.agency.as_deref(), d.month, d.day),
            (Some("WASHINGTON"), Some("Reuters"), Some(9), Some(9))
        );
        assert_eq!(
            a.excluded_text(ExcludeReason::Byline).collect::<Vec<_>>(),
            ["Reporting by Jane Roe; Editing by John Doe"]
        );
        // The dateline's date needs a year: from --date's year, or the file name's.
        assert_eq!(a.resolved_date(None), (None, DateOrigin::Unknown));
        let named = read_text("story-2016-09-10.txt", text.as_bytes()).unwrap();
        assert_eq!(named.resolved_date(None), (Date::from_ymd(2016, 9, 9), DateOrigin::Dateline));
        assert_eq!(
            named.resolved_date(Date::from_ymd(2016, 9, 12)),
            (Date::from_ymd(2016, 9, 12), DateOrigin::Given)
        );
    }

    /// Dateline text, place, agency, (month, day).
    type DatelineParts<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<(u32, u32)>);

    #[test]
    fn dateline_forms() {
        #[rustfmt::skip]
        let cases: &[(&str, Option<DatelineParts<'_>>)] = &[
            ("PARIS, March 16 - France's state-owned company said.", Some(("PARIS, March 16 - ", Some("PARIS"), None, Some((3, 16))))),
            ("NAJAF, Iraq - Explosions rattled the city.", Some(("NAJAF, Iraq - ", Some("NAJAF, Iraq"), None, None))),
            ("Washington (AFP) \u{2013} President Trump authorized sanctions.", Some(("Washington (AFP) \u{2013} ", Some("Washington"), Some("AFP"), None))),
            ("AP - The man who claims the governor harassed him.", Some(("AP - ", None, Some("AP"), None))),
            ("Canadian Press - VANCOUVER (CP) - The sister of a man who died.", Some(("Canadian Press - VANCOUVER (CP) - ", Some("VANCOUVER"), Some("CP"), None))),
            ("MOSCOW, April 2 (AP) \u{2014} Russia said.", Some(("MOSCOW, April 2 (AP) \u{2014} ", Some("MOSCOW"), Some("AP"), Some((4, 2))))),
            // Not datelines.
            ("Obama - who spoke first - said no.", None),
            ("U.S. - China talks resumed.", None),
            ("The talks - the first in years - resumed.", None),
            ("\u{2018}G\u{2019}day. My name\u{2019}s Kevin - hi.", None),
            ("\u{c9}TAT\u{2019}S. \u{2014} x", None),
        ];
        for (text, expect) in cases {
            let a = from_record("x".into(), None, None, None, None, text.to_string());
            let got = a.dateline.as_ref().map(|d| {
                (
                    &a.text[d.range.clone()],
                    d.place.as_deref(),
                    d.agency.as_deref(),
                    d.month.zip(d.day),
                )
            });
            assert_eq!(got, *expect, "{text}");
            if let Some(d) = &a.dateline {
                assert_eq!(a.blocks[0].start, d.range.end, "{text}");
            }
        }
    }

    #[test]
    fn bylines_captions_and_boilerplate() {
        let text = "Talks stall in Geneva\n\nBy Jane Roe, Staff Writer\n\nPhoto: Kerry arrives in Geneva. REUTERS/John Doe\n\nThe talks stalled on Friday after six hours.\n\nAdvertisement\n\nBoth sides blamed each other for the delay and said they would meet again.\n\nShare this article\n\n\u{a9} 2016 Example News. All rights reserved.\n";
        let a = read_text("a.txt", text.as_bytes()).unwrap();
        assert_eq!(
            a.body().collect::<Vec<_>>(),
            [
                "The talks stalled on Friday after six hours.",
                "Both sides blamed each other for the delay and said they would meet again."
            ]
        );
        assert_eq!(
            a.excluded_text(ExcludeReason::Byline).collect::<Vec<_>>(),
            ["By Jane Roe, Staff Writer"]
        );
        assert_eq!(a.excluded_text(ExcludeReason::Caption).count(), 1);
        assert_eq!(a.excluded_text(ExcludeReason::Boilerplate).count(), 3);
    }

    #[test]
    fn galleries_video_promotions_and_credits_after_a_bar() {
        let body = "Rescue teams worked through the night at the station, officials said.";
        let text = format!(
            "{body}\n\n\
             Photos: Terror attacks in Brussels An injured woman leaves the airport. Hide Caption 1 of 22 \
             Photos: Terror attacks in Brussels Windows are blown out after the attack. Hide Caption 2 of 22\n\n\
             JUST WATCHED Obama warns Russia Replay More Videos ...\n\n\
             MUST WATCH Putin warns Turkey of 'serious consequences' 02:20\n\n\
             Rex Tillerson warned the Syrian regime against moving into areas freed from the Islamic State. | AP Photo\n\n\
             Protesters demonstrate outside the venue in Osaka [File: Jorge Silva/Reuters]\n\n\
             The report, Hide Caption aside, was read in full on Monday by the minister.\n"
        );
        let a = from_record("x".into(), None, None, None, None, text);
        assert_eq!(
            a.body().collect::<Vec<_>>(),
            [body, "The report, Hide Caption aside, was read in full on Monday by the minister."]
        );
        assert_eq!(a.excluded_text(ExcludeReason::Caption).count(), 3);
        assert_eq!(a.excluded_text(ExcludeReason::RelatedLinks).count(), 2);
        // Inside a long paragraph, only the promotion is cut out.
        let before = "The siege lasted ten hours, and the army said the attackers had killed twenty hostages with sharp weapons before the commandos stormed the building at dawn on Saturday.";
        let after = "Police said two officers had been killed in an exchange of fire earlier in the standoff, and that five attackers were shot dead when the building was retaken.";
        let text = format!(
            "{before} JUST WATCHED Army: hostages killed Replay More Videos \u{2026} MUST WATCH Army: hostages killed 01:35 {after}\n"
        );
        let a = from_record("y".into(), None, None, None, None, text);
        assert_eq!(a.body().collect::<Vec<_>>(), [before, after]);
        assert_eq!(
            a.excluded_text(ExcludeReason::RelatedLinks).collect::<Vec<_>>(),
            [
                "JUST WATCHED Army: hostages killed Replay More Videos \u{2026} MUST WATCH Army: hostages killed 01:35"
            ]
        );
    }

    #[test]
    fn read_more_in_the_middle_keeps_the_prose_after_it() {
        let long = "The minister said on Monday that the government would not back down on the plan, which has drawn protests in the capital and in several other cities across the country for weeks.";
        let text = format!(
            "First paragraph of the story is here and it is long enough.\n\nRead more: Why the plan matters\n\n{long}\n"
        );
        let a = from_record("x".into(), None, None, None, None, text);
        assert_eq!(
            a.body().collect::<Vec<_>>(),
            ["First paragraph of the story is here and it is long enough.", long]
        );
    }

    #[test]
    fn line_per_paragraph_and_no_title_when_it_reads_as_a_sentence() {
        let text = "The talks stalled on Friday.\nBoth sides blamed each other.\r\nThey meet again next week.";
        let a = read_text("a.txt", text.as_bytes()).unwrap();
        assert_eq!(a.title, None);
        assert_eq!(a.body().count(), 3);
        assert_eq!(a.body().nth(1), Some("Both sides blamed each other."));
        // A wrapped paragraph stays one block when blank lines separate paragraphs.
        let text = "Headline here\n\nThe talks stalled\non Friday.\n\nSecond.";
        let a = read_text("a.txt", text.as_bytes()).unwrap();
        assert_eq!(a.body().collect::<Vec<_>>(), ["The talks stalled\non Friday.", "Second."]);
        // A single line is never its own title.
        let a = read_text("a.txt", b"Only a headline").unwrap();
        assert_eq!((a.title.as_deref(), a.body().count()), (None, 1));
    }

    #[test]
    fn invalid_binary_and_empty_input() {
        let a = read_text("a.txt", b"Caf\xe9 owners met on Friday.").unwrap();
        assert!(a.lossy_utf8);
        assert_eq!(a.body().next(), Some("Caf\u{fffd} owners met on Friday."));
        assert!(matches!(
            read_text("b.bin", b"\x7fELF\x02\x01\x01\0\0\0"),
            Err(ArticleError::Binary { .. })
        ));
        assert!(matches!(read_text("c.txt", b""), Err(ArticleError::Empty { .. })));
        assert!(matches!(read_text("c.txt", b" \n\n\t "), Err(ArticleError::Empty { .. })));
        assert!(matches!(
            read_html("c.html", b"<html><script>x()</script></html>"),
            Err(ArticleError::Empty { .. })
        ));
        let with_bom = read_text("d.txt", "\u{feff}Hello there.".as_bytes()).unwrap();
        assert_eq!(with_bom.text, "Hello there.");
        assert_eq!(read_text("b.bin", b"\0\0").unwrap_err().to_string(), "b.bin: binary file");
    }

    #[test]
    fn a_very_long_line() {
        let line = "The talks went on. ".repeat(200_000);
        let a = read_text("long.txt", line.as_bytes()).unwrap();
        assert_eq!(a.blocks.len(), 1);
        assert_eq!(a.blocks[0].len(), line.trim_end().len());
    }

    #[test]
    fn detect_kinds() {
        assert_eq!(InputKind::detect("a.jsonl", b""), InputKind::JsonLines);
        assert_eq!(InputKind::detect("A.HTM", b""), InputKind::Html);
        assert_eq!(InputKind::detect("a.txt", b"<html>"), InputKind::Text);
        assert_eq!(InputKind::detect("-", b"  {\"id\": 1}"), InputKind::JsonLines);
        assert_eq!(InputKind::detect("-", b"\xef\xbb\xbf<!DOCTYPE html>"), InputKind::Html);
        assert_eq!(InputKind::detect("-", b"GENEVA (AFP) - Talks"), InputKind::Text);
        assert_eq!(InputKind::detect("noext", b""), InputKind::Text);
    }

    #[test]
    fn input_from_reader_and_open() {
        let input = Input::from_reader("-", io::Cursor::new(KERRY.as_bytes().to_vec())).unwrap();
        let Input::Article(a) = input else { panic!("expected one article") };
        assert_eq!(a.id, "-");
        let input =
            Input::from_reader("-", io::Cursor::new(b"{\"id\":\"a\",\"text\":\"Hi.\"}\n".to_vec()))
                .unwrap();
        let Input::Records(records) = input else { panic!("expected records") };
        assert_eq!(records.map(|r| r.unwrap().id).collect::<Vec<_>>(), ["a"]);
        let err = open(Path::new("/nonexistent/dyad/x.txt")).unwrap_err();
        assert!(err.to_string().starts_with("/nonexistent/dyad/x.txt: "), "{err}");
    }

    #[test]
    fn record_dates() {
        let mut a = from_record(
            "x".into(),
            None,
            None,
            Some("2016-09-09T10:00:00Z".into()),
            None,
            "Hi.".into(),
        );
        assert_eq!(a.resolved_date(None), (Date::from_ymd(2016, 9, 9), DateOrigin::Record));
        a.date = Some("20160908".into());
        assert_eq!(a.resolved_date(None).0, Date::from_ymd(2016, 9, 8));
        a.date = Some("soon".into());
        assert_eq!(a.resolved_date(None), (None, DateOrigin::Unknown));
    }

    #[test]
    fn dateline_dates_near_the_new_year() {
        let d = Dateline { month: Some(12), day: Some(30), ..Dateline::default() };
        assert_eq!(d.date(Date::from_ymd(2017, 1, 2)), Date::from_ymd(2016, 12, 30));
        assert_eq!(d.date(Date::from_ymd(2016, 12, 31)), Date::from_ymd(2016, 12, 30));
        assert_eq!(d.date(None), None);
    }

    #[test]
    fn names_with_dates() {
        for (name, expect) in [
            ("kerry-geneva-2016-09-09.txt", Some((2016, 9, 9))),
            ("2016_09_09.html", Some((2016, 9, 9))),
            ("x20160909.txt", Some((2016, 9, 9))),
            ("x-2016-13-09.txt", None),
            ("x-201609091.txt", None),
            ("x-1850-01-01.txt", None),
            ("2016.txt", None),
            ("", None),
        ] {
            assert_eq!(
                date_in_name(name),
                expect.and_then(|(y, m, d)| Date::from_ymd(y, m, d)),
                "{name}"
            );
        }
    }
}
