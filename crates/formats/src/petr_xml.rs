//! PETRARCH's XML input files.
//!
//! Two shapes share one reader:
//!
//! * **Validation files** (`PETR.UnitTest.records.xml`): a `<Validation>` root
//!   with an `<Environment>` naming the dictionaries, then `<Sentences>` holding
//!   `<Sentence date id category sentence>` records, each with expected
//!   `<EventCoding sourcecode targetcode eventcode>` (or `noevents="True"`, or
//!   `error="..."`), a `<Text>` and a `<Parse>`; `<Config option value>`
//!   elements between records change coding options from there on.
//! * **Batch input** (`GigaWord.sample.PETR.xml`): `<Sentences>` of
//!   `<Sentence date id source sentence>` with `<Text>` and `<Parse>`.
//!
//! A `<Parse>` holds either a Penn Treebank bracketed tree or CoNLL-U lines.
//! A record that is not well-formed becomes a [`RecordError`] naming its id
//! and line, and reading goes on with the next record.

use std::fmt;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// The `<Environment>` block of a validation file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environment {
    /// `<Verbfile>`.
    pub verb_file: Option<String>,
    /// `<Actorfile>`, split at commas.
    pub actor_files: Vec<String>,
    /// `<Agentfile>`.
    pub agent_file: Option<String>,
    /// `<Discardfile>`.
    pub discard_file: Option<String>,
    /// `<Issuefile>`.
    pub issue_file: Option<String>,
    /// `<Include>` categories (without the leading keyword `valid`).
    pub include: Vec<String>,
    /// True when `<Include>` starts with `valid`: only records with
    /// `sentence="true"` are coded.
    pub valid_only: bool,
    /// `<Config>` options inside the environment.
    pub config: Vec<(String, String)>,
}

/// What a record says its coding should be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expected {
    /// An event triple.
    Event {
        /// Source actor code.
        source: String,
        /// Target actor code.
        target: String,
        /// Event code.
        code: String,
    },
    /// `noevents="True"`.
    NoEvents,
    /// `error="..."`: the record must raise this error class.
    Error(String),
}

/// One `<Sentence>` record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SentenceRecord {
    /// `id` attribute.
    pub id: String,
    /// `date` attribute as written (YYYYMMDD).
    pub date: String,
    /// `category` attribute (validation files).
    pub category: String,
    /// `source` attribute (batch files).
    pub source: String,
    /// `sentence` (or `valid`) attribute is true.
    pub is_sentence: bool,
    /// Expected codings (validation files).
    pub expected: Vec<Expected>,
    /// `<Text>` with line breaks turned into spaces and trimmed.
    pub text: String,
    /// `<Parse>`, as written.
    pub parse: Option<String>,
    /// The record holds a `<Skip>` element.
    pub skip: bool,
    /// 1-based line of the `<Sentence>` tag.
    pub line: usize,
}

/// A record that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError {
    /// The record's id, when it was read before the error.
    pub id: Option<String>,
    /// 1-based line where the problem was found.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "line {}: record {}: {}", self.line, id, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// One item of the `<Sentences>` sequence, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A `<Config option value>` change.
    Config {
        /// Option name.
        option: String,
        /// New value.
        value: String,
    },
    /// A record.
    Sentence(Box<SentenceRecord>),
    /// A record that could not be read.
    Error(RecordError),
}

/// A whole PETRARCH XML file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PetrDocument {
    /// The environment, for validation files.
    pub environment: Option<Environment>,
    /// Configs, records and errors in file order.
    pub items: Vec<Item>,
}

impl PetrDocument {
    /// The records that were read.
    pub fn sentences(&self) -> impl Iterator<Item = &SentenceRecord> {
        self.items.iter().filter_map(|i| if let Item::Sentence(s) = i { Some(&**s) } else { None })
    }
}

/// Reads a PETRARCH XML file. Never fails: problems become [`Item::Error`].
pub fn read_petr_xml(text: &str) -> PetrDocument {
    let mut doc = PetrDocument::default();
    let lines = LineIndex::new(text);
    let mut offset = 0;
    while offset < text.len() {
        match read_from(&text[offset..], offset, &lines, &mut doc) {
            Ok(()) => break,
            Err(resume) => offset = resume,
        }
    }
    doc
}

/// Byte offset → line number.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Field {
    None,
    Text,
    Parse,
    Setting,
}

/// Reads from `text` (which starts at `base` in the file). On a syntax error
/// it records the error and returns the offset to resume from.
fn read_from(
    text: &str,
    base: usize,
    lines: &LineIndex,
    doc: &mut PetrDocument,
) -> Result<(), usize> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut current: Option<SentenceRecord> = None;
    let mut field = Field::None;
    let mut env_field = String::new();
    let mut buf = String::new();
    let mut in_environment = false;
    loop {
        let pos = base + reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(err) => {
                let at = base + reader.error_position() as usize;
                let id = current.as_ref().map(|c| c.id.clone()).filter(|s| !s.is_empty());
                // After resuming in the middle of the file, the closing tags
                // of the enclosing elements have no opening tag: not an error.
                let stray_close =
                    base > 0 && current.is_none() && matches!(err, quick_xml::Error::IllFormed(_));
                if !stray_close {
                    let message = format!("malformed XML: {err}");
                    doc.items.push(Item::Error(RecordError { id, line: lines.line(at), message }));
                }
                // Resume at the next record.
                let from = (at + 1).max(pos + 1).min(base + text.len());
                return Err(match text_find(text, base, from, "<Sentence ") {
                    Some(next) => next,
                    None => base + text.len(),
                });
            }
        };
        match event {
            Event::Eof => {
                if let Some(rec) = current.take() {
                    doc.items.push(Item::Error(RecordError {
                        id: Some(rec.id),
                        line: rec.line,
                        message: "record not closed before the end of the file".into(),
                    }));
                }
                return Ok(());
            }
            Event::Start(e) | Event::Empty(e) if current.is_none() => {
                let name = e.name();
                let name = name.as_ref().to_string();
                match name.as_str() {
                    "Environment" => {
                        in_environment = true;
                        doc.environment.get_or_insert_with(Environment::default);
                    }
                    "Config" => {
                        let (option, value) = (attr(&e, "option"), attr(&e, "value"));
                        if in_environment {
                            if let Some(env) = doc.environment.as_mut() {
                                env.config.push((option, value));
                            }
                        } else {
                            doc.items.push(Item::Config { option, value });
                        }
                    }
                    "Sentence" => {
                        let is_empty = reader_last_was_empty(&e, text, pos - base);
                        let rec = SentenceRecord {
                            id: attr(&e, "id"),
                            date: attr(&e, "date"),
                            category: attr(&e, "category"),
                            source: attr(&e, "source"),
                            is_sentence: {
                                let v = attr_opt(&e, "sentence").or_else(|| attr_opt(&e, "valid"));
                                v.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
                            },
                            line: lines.line(pos),
                            ..SentenceRecord::default()
                        };
                        if is_empty {
                            doc.items.push(Item::Sentence(Box::new(rec)));
                        } else {
                            current = Some(rec);
                        }
                    }
                    n if in_environment => {
                        env_field = n.to_string();
                        field = Field::Setting;
                        buf.clear();
                    }
                    _ => {}
                }
            }
            Event::Start(e) | Event::Empty(e) => {
                let rec = current.as_mut().expect("inside a record");
                let name = e.name();
                match name.as_ref() {
                    "EventCoding" => {
                        if attr_opt(&e, "noevents").is_some() {
                            rec.expected.push(Expected::NoEvents);
                        } else if let Some(err) = attr_opt(&e, "error") {
                            rec.expected.push(Expected::Error(err));
                        } else {
                            rec.expected.push(Expected::Event {
                                source: attr(&e, "sourcecode"),
                                target: attr(&e, "targetcode"),
                                code: attr(&e, "eventcode"),
                            });
                        }
                    }
                    "Text" => {
                        field = Field::Text;
                        buf.clear();
                    }
                    "Parse" => {
                        field = Field::Parse;
                        buf.clear();
                    }
                    "Skip" => rec.skip = true,
                    _ => {}
                }
            }
            Event::Text(t) if field != Field::None => {
                buf.push_str(&t.xml10_content());
            }
            Event::CData(t) if field != Field::None => {
                buf.push_str(&t.into_inner());
            }
            Event::GeneralRef(r) if field != Field::None => {
                let name = r.xml10_content();
                match quick_xml::escape::unescape(&format!("&{name};")) {
                    Ok(s) => buf.push_str(&s),
                    Err(_) => {
                        buf.push('&');
                        buf.push_str(&name);
                        buf.push(';');
                    }
                }
            }
            Event::End(e) => {
                let name = e.name();
                match name.as_ref() {
                    "Text" if field == Field::Text => {
                        if let Some(rec) = current.as_mut() {
                            rec.text = buf.split_whitespace().collect::<Vec<_>>().join(" ");
                        }
                        field = Field::None;
                    }
                    "Parse" if field == Field::Parse => {
                        if let Some(rec) = current.as_mut() {
                            rec.parse = Some(buf.trim().to_string());
                        }
                        field = Field::None;
                    }
                    "Sentence" => {
                        if let Some(rec) = current.take() {
                            doc.items.push(Item::Sentence(Box::new(rec)));
                        }
                        field = Field::None;
                    }
                    "Environment" => in_environment = false,
                    _ if field == Field::Setting => {
                        if let Some(env) = doc.environment.as_mut() {
                            set_env_field(env, &env_field, buf.trim());
                        }
                        field = Field::None;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

fn reader_last_was_empty(_e: &BytesStart<'_>, text: &str, tag_start: usize) -> bool {
    // An empty element ends with "/>"; find the end of this tag.
    let rest = &text[tag_start.min(text.len())..];
    match rest.find('>') {
        Some(end) => rest[..end].ends_with('/'),
        None => false,
    }
}

fn text_find(text: &str, base: usize, from: usize, needle: &str) -> Option<usize> {
    let local = from.checked_sub(base)?;
    text.get(local..)?.find(needle).map(|i| base + local + i)
}

fn set_env_field(env: &mut Environment, name: &str, value: &str) {
    let value = value.to_string();
    match name {
        "Verbfile" => env.verb_file = Some(value),
        "Actorfile" => {
            env.actor_files =
                value.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
        }
        "Agentfile" => env.agent_file = Some(value),
        "Discardfile" => env.discard_file = Some(value),
        "Issuefile" => env.issue_file = Some(value),
        "Include" => {
            let mut words: Vec<String> = value.split_whitespace().map(str::to_string).collect();
            if words.first().is_some_and(|w| w == "valid") {
                env.valid_only = true;
                words.remove(0);
            }
            env.include = words;
        }
        _ => {}
    }
}

fn attr_opt(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| a.value.to_string())
    })
}

fn attr(e: &BytesStart<'_>, name: &str) -> String {
    attr_opt(e, name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<Validation>
<Environment>
    <Verbfile>V.txt</Verbfile>
    <Actorfile>A1.txt, A2.txt</Actorfile>
    <Include>valid DEMO</Include>
    <Config option="stop_on_error" value="True"></Config>
</Environment>
<Sentences>
<!-- <Sentence id="COMMENTED"> -->
<Sentence date="19950101" id="DEMO-00" category="DEMO" sentence="true">
<!-- a comment -->
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>
Arnor restored
ties &amp; more.
</Text>
<Parse>
(ROOT (S (NP (NNP Arnor))))
</Parse>
</Sentence>
<Config option="require_dyad" value="false"></Config>
<Sentence date="19950101" id="BAD-01" category="DEMO" sentence="true">
<Text>broken</Txt>
</Sentence>
<Sentence date="19950102" id="DEMO-01" category="DEMO" sentence="false">
<EventCoding noevents="True"></EventCoding>
<Text>x</Text>
</Sentence>
</Sentences>
</Validation>
"#;

    #[test]
    fn reads_validation_file() {
        let doc = read_petr_xml(SAMPLE);
        let env = doc.environment.as_ref().unwrap();
        assert_eq!(env.verb_file.as_deref(), Some("V.txt"));
        assert_eq!(env.actor_files, ["A1.txt", "A2.txt"]);
        assert!(env.valid_only);
        assert_eq!(env.include, ["DEMO"]);
        assert_eq!(doc.items.len(), 4, "{:#?}", doc.items);
        let Item::Sentence(first) = &doc.items[0] else { panic!("{:?}", doc.items[0]) };
        assert_eq!(first.id, "DEMO-00");
        assert_eq!(first.text, "Arnor restored ties & more.");
        assert_eq!(first.parse.as_deref(), Some("(ROOT (S (NP (NNP Arnor))))"));
        assert_eq!(first.line, 10);
        assert!(first.is_sentence);
        assert_eq!(
            first.expected,
            [Expected::Event { source: "ARN".into(), target: "GON".into(), code: "064".into() }]
        );
        assert_eq!(
            doc.items[1],
            Item::Config { option: "require_dyad".into(), value: "false".into() }
        );
        let Item::Error(err) = &doc.items[2] else { panic!("{:?}", doc.items[2]) };
        assert_eq!(err.id.as_deref(), Some("BAD-01"));
        assert_eq!(err.line, 23);
        let Item::Sentence(last) = &doc.items[3] else { panic!("{:?}", doc.items[3]) };
        assert_eq!(last.id, "DEMO-01");
        assert!(!last.is_sentence);
        assert_eq!(last.expected, [Expected::NoEvents]);
    }

    #[test]
    fn reads_batch_input_and_survives_garbage() {
        let doc = read_petr_xml(
            "<Sentences>\n<Sentence date = \"20080804\" id =\"AFP_4\" source = \"AFP\" sentence = \"True\">\n<Text>T</Text><Parse>( (S (NP (NN x))))</Parse></Sentence></Sentences>",
        );
        let recs: Vec<_> = doc.sentences().collect();
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].source, "AFP");
        assert_eq!(recs[0].date, "20080804");
        for junk in [
            "",
            "<",
            "<Sentence",
            "<<<>>>",
            "\u{0}\u{1}",
            "<Sentence id=\"x\"><Text>&bogus;</Text></Sentence>",
        ] {
            let _ = read_petr_xml(junk);
        }
    }
}
