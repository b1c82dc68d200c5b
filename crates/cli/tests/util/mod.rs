//! Helpers for the CLI tests: the real `dyad` binary run in a temporary
//! directory, golden-file comparison with a readable diff, and the
//! invariants every event record must hold.
//!
//! Goldens live in `tests/data/golden/`. A missing golden is written when
//! the tests run locally and is a failure when `CI=true`; `DYAD_BLESS=1`
//! rewrites them all (read the diff before committing).

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

#[path = "../../../core/tests/support/diff.rs"]
mod shared_diff;
pub use shared_diff::diff;

/// `tests/data/` in the repository.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("data")
}

/// The test dictionaries (PETRARCH formats, named by `PETR_config.ini`).
pub fn dicts_dir() -> PathBuf {
    data_dir().join("dicts")
}

/// A temporary working directory with the test articles copied in.
pub struct Dir {
    pub tmp: tempfile::TempDir,
}

impl Dir {
    /// An empty temporary directory.
    pub fn new() -> Dir {
        Dir { tmp: tempfile::Builder::new().prefix("dyad-test-").tempdir().unwrap() }
    }

    /// A temporary directory holding a copy of `tests/data/articles`.
    pub fn with_articles() -> Dir {
        let dir = Dir::new();
        copy_tree(&data_dir().join("articles"), dir.path());
        dir
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// Writes a file (creating its directory).
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// `dyad ARGS...` to run in this directory.
    pub fn dyad(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dyad"));
        cmd.current_dir(self.path()).args(args).stdin(Stdio::null());
        cmd
    }

    /// Names of the entries of the directory (or a subdirectory), sorted.
    pub fn entries(&self, sub: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The outcome of one run.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        let run = Run {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("dyad writes UTF-8"),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        run.assert_no_panic();
        run
    }

    /// No panic message, ever.
    pub fn assert_no_panic(&self) {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "dyad panicked:\n{}",
            self.stderr
        );
    }

    /// Asserts the exit status, showing stderr when it differs.
    pub fn assert_code(&self, want: i32) -> &Run {
        assert_eq!(self.code, Some(want), "exit status; stderr:\n{}", self.stderr);
        self
    }

    /// The output lines parsed as JSON.
    pub fn records(&self) -> Vec<serde_json::Value> {
        parse_records(&self.stdout)
    }
}

/// Runs a command to completion.
pub fn run(mut cmd: Command) -> Run {
    Run::from(cmd.output().unwrap())
}

/// Runs a command with `input` on its standard input.
pub fn run_with_stdin(mut cmd: Command, input: &[u8]) -> Run {
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Run::from(output)
}

pub fn parse_records(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl
        .lines()
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("output line {}: not JSON ({e}): {line}", i + 1))
        })
        .collect()
}

fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

fn bless() -> bool {
    std::env::var("DYAD_BLESS").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Compares `actual` with the golden file `tests/data/golden/<name>`,
/// writing it when missing (locally) or when blessing.
pub fn check_golden(name: &str, actual: &str) {
    assert!(!(is_ci() && bless()), "DYAD_BLESS is for local runs; CI never blesses");
    let path = data_dir().join("golden").join(name);
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(_) | Err(_) if bless() => write_golden(&path, actual),
        Err(_) if is_ci() => {
            panic!("no golden {} (run the tests locally to create it, read it, commit it)", name)
        }
        Err(_) => write_golden(&path, actual),
        Ok(expected) => panic!(
            "output differs from tests/data/golden/{name} (- expected, + actual; \
             DYAD_BLESS=1 rewrites it):\n{}",
            diff(&expected, actual)
        ),
    }
}

fn write_golden(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    eprintln!("golden: wrote {}", path.display());
}

/// Replaces the value of every `"dictionaries":"<16 hex digits>"` (the
/// dictionary fingerprint in `coder`) with `<fingerprint>`.
pub fn normalise_fingerprint(jsonl: &str) -> String {
    const KEY: &str = "\"dictionaries\":\"";
    let mut out = String::with_capacity(jsonl.len());
    let mut rest = jsonl;
    while let Some(at) = rest.find(KEY) {
        let value_at = at + KEY.len();
        out.push_str(&rest[..value_at]);
        let value = &rest[value_at..];
        let len = value.find('"').unwrap_or(0);
        assert!(
            len == 16 && value[..16].bytes().all(|b| b.is_ascii_hexdigit()),
            "a fingerprint of 16 hex digits, not {}",
            &value[..len]
        );
        out.push_str("<fingerprint>");
        rest = &value[len..];
    }
    out.push_str(rest);
    out
}

/// Where the text of an article comes from, to check spans against it.
pub enum ArticleText {
    /// The exact text (a plain-text file, a JSON record's `text`).
    Exact(String),
    /// Only the source is known (HTML): spans are checked for length, and
    /// the sentence must appear in the page's text.
    Html(String),
}

/// Checks the invariants every record must hold:
/// - the article text sliced by `span` (character offsets) is `sentence`;
/// - `code` is 3 or 4 digits with its leading zeros, `root` its first two;
/// - `quad_class` is 1 to 4, `goldstein` -10 to 10;
/// - `event_id` is `<article_id>-<sentence_index>-<n>`, unique;
/// - dates are `YYYY-MM-DD`, `date_source` agrees with them;
/// - actor codes are not empty and not the null actor (require_dyad);
/// - no sentence contains any of the `excluded` texts (bylines, captions,
///   link lists).
///
/// `text_of` gives each article's text by id (`None`: the span cannot be
/// checked).
pub fn check_records(
    records: &[serde_json::Value],
    text_of: &dyn Fn(&str) -> Option<ArticleText>,
    excluded: &[&str],
) {
    let mut ids = std::collections::HashSet::new();
    for (i, r) in records.iter().enumerate() {
        let what = format!("record {} ({})", i + 1, r["event_id"]);
        let s = |key: &str| r[key].as_str().unwrap_or_else(|| panic!("{what}: {key} is a string"));
        let event_id = s("event_id");
        assert!(ids.insert(event_id.to_string()), "{what}: duplicate event_id");
        let (article_id, sentence) = (s("article_id"), s("sentence"));
        let index = r["sentence_index"].as_u64().expect("sentence_index");
        let prefix = format!("{article_id}-{index}-");
        assert!(
            event_id.starts_with(&prefix) && event_id[prefix.len()..].parse::<u32>().is_ok(),
            "{what}: event_id is not {prefix}<n>"
        );
        // The span.
        if let Some(text) = text_of(article_id) {
            let span = &r["span"];
            let (start, end) = (
                span["start"].as_u64().expect("span.start") as usize,
                span["end"].as_u64().expect("span.end") as usize,
            );
            assert!(start < end, "{what}: empty span");
            match text {
                ArticleText::Exact(text) => {
                    let sliced: String = text.chars().skip(start).take(end - start).collect();
                    assert_eq!(sliced, sentence, "{what}: the article text sliced by span");
                    assert!(end <= text.chars().count(), "{what}: span beyond the text");
                }
                ArticleText::Html(page) => {
                    assert_eq!(end - start, sentence.chars().count(), "{what}: span length");
                    let page_text = html_text(&page);
                    assert!(page_text.contains(sentence), "{what}: sentence not in the page");
                }
            }
        }
        // Codes.
        let code = s("code");
        assert!(
            (3..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()),
            "{what}: code {code:?} is not a CAMEO code with leading zeros"
        );
        assert_eq!(s("root"), &code[..2], "{what}: root");
        let quad = r["quad_class"].as_u64().expect("quad_class");
        assert!((1..=4).contains(&quad), "{what}: quad_class {quad}");
        let goldstein = r["goldstein"].as_f64().expect("goldstein");
        assert!((-10.0..=10.0).contains(&goldstein), "{what}: goldstein {goldstein}");
        for key in ["source", "target"] {
            let actor = s(key);
            assert!(!actor.is_empty() && actor != "---", "{what}: {key} {actor:?}");
        }
        // Dates.
        let is_date = |v: &serde_json::Value| {
            v.as_str().is_some_and(|d| {
                d.len() == 10
                    && d.bytes()
                        .enumerate()
                        .all(|(k, b)| if k == 4 || k == 7 { b == b'-' } else { b.is_ascii_digit() })
            })
        };
        let source = s("date_source");
        match source {
            "text" | "article" => assert!(is_date(&r["date"]), "{what}: date"),
            "unknown" => assert!(r["date"].is_null(), "{what}: unknown date_source with a date"),
            other => panic!("{what}: date_source {other:?}"),
        }
        if source == "article" {
            assert_eq!(r["date"], r["article_date"], "{what}: article date");
        }
        assert!(r["article_date"].is_null() || is_date(&r["article_date"]), "{what}");
        let stamp = r["coder"]["dictionaries"].as_str().expect("coder.dictionaries");
        assert!(stamp.len() == 16 && stamp.bytes().all(|b| b.is_ascii_hexdigit()), "{what}");
        // Boilerplate never gives events.
        for text in excluded {
            assert!(!sentence.contains(text), "{what}: an event from boilerplate {text:?}");
        }
    }
}

/// The visible text of a page, roughly: tags dropped, a few entities decoded,
/// whitespace collapsed. Enough to find a sentence in it.
pub fn html_text(page: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in page.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    let decoded = out
        .replace("&ndash;", "\u{2013}")
        .replace("&mdash;", "\u{2014}")
        .replace("&nbsp;", " ")
        .replace("&copy;", "\u{a9}")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when the current user can read a file whose permissions forbid it
/// (root, or a capability that bypasses permission checks).
pub fn permissions_are_bypassed(dir: &Dir) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.write("probe-unreadable", "x");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&probe).is_ok();
    std::fs::remove_file(&probe).unwrap();
    readable
}
