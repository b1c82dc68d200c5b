//! Golden-file tests for the coder: a parsed sentence, its date and a small
//! dictionary set in; the events, one line each, out.
//!
//! Each case is `tests/golden/<nnnn>_<what>.txt`; its expected output is the
//! sibling `<nnnn>_<what>.events`. A case file is a list of directives:
//!
//! ```text
//! # What the case covers (comment lines are ignored).
//! dicts: base                      shared dictionaries, tests/golden/dicts/base/*.txt
//! option: require_dyad=false       coder options, in force from here on
//! == verbs.txt                     an inline dictionary file, up to the next `==`
//! --- MEET [040] ---
//! MEET {MET MEETS MEETING}
//! == sentence 2016-09-09           a sentence dated 2016-09-09 (the date is optional)
//! (ROOT (S (NP (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor))) (. .)))
//! ```
//!
//! A dictionary file's kind comes from its name: it contains `verbs`,
//! `actors`, `agents`, `discards` or `issues`. Shared files are loaded in
//! name order, then the inline ones in the order written. Options are
//! `require_dyad`, `new_actor_length` and `comma_{min,max,bmin,bmax,emin,emax}`.
//!
//! The `.events` file has one header line per sentence (`== sentence N DATE:
//! OUTCOME`), then one line per event:
//!
//! ```text
//! ARN GON 040 verb=1 source=0..1 target=2..3 entry=verbs.txt:2 # met | Arnor | Gondor
//! ```
//!
//! `verb` is the verb's word index, `source`/`target` the word ranges of the
//! actors, `entry` the verb's dictionary line, `pattern` the pattern that gave
//! the code (when one did), `passive` marks swapped roles; after `#` come the
//! words, for the reader. An `issues` line follows the events of a sentence
//! that has issue codes.
//!
//! A missing `.events` file is written when the tests run locally, and is a
//! failure when `CI=true`. `DYAD_BLESS=1 cargo test -p dyad-core --test golden`
//! rewrites every `.events` file; read the diff before committing it.
//!
//! `DYAD_TRACE=1 cargo test -p dyad-core --test golden -- --nocapture`
//! prints the linear form of every sentence (what patterns are matched
//! against), for writing and debugging cases.
//!
//! Every case also checks invariants: word ranges lie inside the sentence,
//! an event's outcome and its events agree, no duplicate triples, no
//! self-pairs, no null actor under `require_dyad`, no events from a
//! sentence that `Coder::sentence_need` would leave unparsed, no sentence
//! it would code or keep that `Coder::sentence_need_untagged` would not,
//! and coding is the same
//! whether a coder is fresh or has coded the other sentences before
//! (in any order).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dyad_core::coder::{Coder, CoderOptions, Outcome, SentenceCoding, SentenceNeed};
use dyad_core::date::Date;
use dyad_core::dict::{Dictionaries, DictionariesBuilder, DiscardKind, Origin};
use dyad_core::tree::Tree;

#[path = "support/diff.rs"]
mod support_diff;
use support_diff::diff;

/// A dictionary file of a case: its name and text.
struct DictFile {
    name: String,
    text: String,
}

/// One sentence of a case.
struct Sentence {
    date: Option<Date>,
    parse: String,
    options: CoderOptions,
    /// 1-based line of the `== sentence` header in the case file.
    line: usize,
}

/// A parsed case file.
struct Case {
    dicts: Vec<DictFile>,
    sentences: Vec<Sentence>,
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("golden")
}

fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

fn bless() -> bool {
    std::env::var("DYAD_BLESS").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Reads the shared dictionary set `name`: every `.txt` file of
/// `tests/golden/dicts/<name>/`, in name order.
fn shared_dicts(name: &str) -> Result<Vec<DictFile>, String> {
    let dir = golden_dir().join("dicts").join(name);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            Ok(DictFile { name, text })
        })
        .collect()
}

fn set_option(options: &mut CoderOptions, setting: &str) -> Result<(), String> {
    let (key, value) =
        setting.split_once('=').ok_or_else(|| format!("option `{setting}`: expected key=value"))?;
    let (key, value) = (key.trim(), value.trim());
    if key == "require_dyad" {
        options.require_dyad = match value {
            "true" => true,
            "false" => false,
            _ => return Err(format!("option {key}: expected true or false")),
        };
        return Ok(());
    }
    let n: u32 = value.parse().map_err(|_| format!("option {key}: expected a number"))?;
    let c = &mut options.comma;
    match key {
        "new_actor_length" => options.new_actor_length = n,
        "comma_min" => c.min = n,
        "comma_max" => c.max = n,
        "comma_bmin" => c.bmin = n,
        "comma_bmax" => c.bmax = n,
        "comma_emin" => c.emin = n,
        "comma_emax" => c.emax = n,
        _ => return Err(format!("unknown option {key}")),
    }
    Ok(())
}

fn parse_case(text: &str) -> Result<Case, String> {
    enum Section {
        None,
        Dict(usize),
        Sentence(usize),
    }
    let mut case = Case { dicts: Vec::new(), sentences: Vec::new() };
    let mut options = CoderOptions::default();
    let mut section = Section::None;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let err = |msg: String| format!("line {line_no}: {msg}");
        if let Some(header) = line.strip_prefix("== ") {
            let header = header.trim();
            if let Some(rest) = header.strip_prefix("sentence") {
                let rest = rest.trim();
                let date = if rest.is_empty() {
                    None
                } else {
                    Some(Date::parse_compact(rest).ok_or_else(|| err(format!("bad date {rest}")))?)
                };
                case.sentences.push(Sentence {
                    date,
                    parse: String::new(),
                    options,
                    line: line_no,
                });
                section = Section::Sentence(case.sentences.len() - 1);
            } else {
                if !case.sentences.is_empty() {
                    return Err(err("dictionary files come before the sentences".into()));
                }
                case.dicts.push(DictFile { name: header.to_string(), text: String::new() });
                section = Section::Dict(case.dicts.len() - 1);
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("dicts:") {
            if !case.sentences.is_empty() {
                return Err(err("dictionaries come before the sentences".into()));
            }
            for name in rest.split_whitespace() {
                case.dicts.extend(shared_dicts(name).map_err(err)?);
            }
            section = Section::None;
            continue;
        }
        if let Some(rest) = line.strip_prefix("option:") {
            for setting in rest.split_whitespace() {
                set_option(&mut options, setting).map_err(err)?;
            }
            section = Section::None;
            continue;
        }
        match section {
            Section::Dict(k) => {
                case.dicts[k].text.push_str(line);
                case.dicts[k].text.push('\n');
            }
            Section::Sentence(k) => {
                if !line.trim_start().starts_with('#') {
                    case.sentences[k].parse.push_str(line);
                    case.sentences[k].parse.push('\n');
                }
            }
            Section::None => {
                if !(line.trim().is_empty() || line.starts_with('#')) {
                    return Err(err(format!("unexpected line `{line}`")));
                }
            }
        }
    }
    if case.sentences.is_empty() {
        return Err("no sentence".into());
    }
    Ok(case)
}

fn build_dicts(files: &[DictFile]) -> Result<Dictionaries, String> {
    let mut builder = DictionariesBuilder::new();
    for file in files {
        let name = file.name.as_str();
        let lower = name.to_ascii_lowercase();
        if lower.contains("verbs") {
            builder.verbs(name, &file.text);
        } else if lower.contains("actors") {
            builder.actors(name, &file.text);
        } else if lower.contains("agents") {
            builder.agents(name, &file.text);
        } else if lower.contains("discards") {
            builder.discards(name, &file.text);
        } else if lower.contains("issues") {
            builder.issues(name, &file.text);
        } else {
            return Err(format!("{name}: cannot tell the dictionary kind from the name"));
        }
    }
    let (dicts, diagnostics) = builder.build();
    // Fixtures are meant to be clean: a diagnostic is a mistake in the case
    // (or a reader change worth a look).
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == dyad_core::dict::Severity::Error)
        .map(|d| d.to_string())
        .collect();
    if !errors.is_empty() {
        return Err(format!("dictionary errors:\n  {}", errors.join("\n  ")));
    }
    Ok(dicts)
}

fn origin(dicts: &Dictionaries, origin: Origin) -> String {
    dicts.origin_text(origin)
}

fn range_text(words: &[(&str, &str)], range: Option<(u32, u32)>) -> String {
    match range {
        Some((a, b)) => {
            words[a as usize..b as usize].iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ")
        }
        None => "-".into(),
    }
}

fn range(range: Option<(u32, u32)>) -> String {
    match range {
        Some((a, b)) => format!("{a}..{b}"),
        None => "-".into(),
    }
}

fn outcome_text(dicts: &Dictionaries, outcome: &Outcome) -> String {
    match outcome {
        Outcome::Coded => "coded".into(),
        Outcome::NoEvents => "no events".into(),
        Outcome::Discarded { kind, origin: o } => {
            let kind = match kind {
                DiscardKind::Sentence => "sentence",
                DiscardKind::Story => "story",
            };
            format!("discarded: {kind} ({})", origin(dicts, *o))
        }
        Outcome::Rejected(why) => format!("rejected: {why}"),
    }
}

/// The invariants every coding must hold.
fn check_invariants(
    dicts: &Dictionaries,
    coding: &SentenceCoding,
    n_words: usize,
    options: &CoderOptions,
) -> Vec<String> {
    let mut problems = Vec::new();
    let coded = matches!(coding.outcome, Outcome::Coded);
    if coded == coding.events.is_empty() {
        problems.push(format!("outcome {:?} with {} events", coding.outcome, coding.events.len()));
    }
    if !coded && !coding.issues.is_empty() {
        problems.push("issues on a sentence without events".into());
    }
    for (n, e) in coding.events.iter().enumerate() {
        let what = coding.describe(e, dicts);
        if e.verb as usize >= n_words {
            problems.push(format!("{what}: verb index {} beyond {n_words} words", e.verb));
        }
        for (role, r) in [("source", e.source_words), ("target", e.target_words)] {
            if let Some((a, b)) = r
                && (a >= b || b as usize > n_words)
            {
                problems.push(format!("{what}: {role} words {a}..{b} outside 0..{n_words}"));
            }
        }
        if e.source == e.target {
            problems.push(format!("{what}: source and target are the same actor"));
        }
        if options.require_dyad && (e.source.is_null() || e.target.is_null()) {
            problems.push(format!("{what}: null actor under require_dyad"));
        }
        let code = dicts.codes().text(e.code);
        if code.is_empty() {
            problems.push(format!("event {n}: empty event code"));
        }
        if coding.events[..n]
            .iter()
            .any(|o| o.source == e.source && o.target == e.target && o.code == e.code)
        {
            problems.push(format!("{what}: duplicate event"));
        }
    }
    problems
}

/// Codes every sentence of a case and renders the `.events` text. Also runs
/// the invariant and coder-reuse checks, whose failures are returned.
fn run_case(case: &Case) -> Result<(String, Vec<String>), String> {
    let dicts = build_dicts(&case.dicts)?;
    let trees: Vec<Result<Tree<'_>, String>> = case
        .sentences
        .iter()
        .map(|s| Tree::from_ptb(&s.parse).map_err(|e| e.to_string()))
        .collect();
    let mut problems = Vec::new();
    let mut out = String::new();
    let mut coder = Coder::new(&dicts);
    let mut codings: Vec<Option<SentenceCoding>> = Vec::new();
    for (k, (sentence, tree)) in case.sentences.iter().zip(&trees).enumerate() {
        let n = k + 1;
        let date = sentence.date.map_or(String::new(), |d| format!(" {d}"));
        let tree = match tree {
            Ok(tree) => tree,
            Err(why) => {
                let _ = writeln!(out, "== sentence {n}{date}: parse error: {why}");
                codings.push(None);
                continue;
            }
        };
        *coder.options_mut() = sentence.options;
        if std::env::var_os("DYAD_TRACE").is_some() {
            let linear = coder.linear_form(tree, sentence.date);
            eprintln!("sentence {n} (case line {}): {linear:?}", sentence.line);
        }
        let state_before = coder.article_state();
        let coding = coder.code_tree(tree, sentence.date);
        let state_after = coder.article_state();
        let words = tree.words();
        for p in check_invariants(&dicts, &coding, words.len(), &sentence.options) {
            problems.push(format!("sentence {n} (case line {}): {p}", sentence.line));
        }
        // The test made before parsing never skips a sentence with events,
        // nor the one made before tagging a sentence the first would code.
        let mut probe = Coder::with_options(&dicts, sentence.options);
        let need = probe.sentence_need(words.clone());
        if !coding.events.is_empty() && need != SentenceNeed::Code {
            problems.push(format!(
                "sentence {n} (case line {}): events, but sentence_need says {need:?}",
                sentence.line
            ));
        }
        if need == SentenceNeed::Nothing && state_after != state_before {
            problems.push(format!(
                "sentence {n} (case line {}): sentence_need says Nothing, but coding it \
                 changed the subject later pronouns read",
                sentence.line
            ));
        }
        let untagged = probe.sentence_need_untagged(words.iter().map(|&(_, form)| form));
        // Right after the untagged test of the same words, the tagged one
        // finishes its interning instead of starting again: the same answer.
        if probe.sentence_need(words.clone()) != need {
            problems.push(format!(
                "sentence {n} (case line {}): sentence_need after sentence_need_untagged \
                 differs from {need:?}",
                sentence.line
            ));
        }
        if need != untagged && untagged != SentenceNeed::Code && need != SentenceNeed::Nothing {
            problems.push(format!(
                "sentence {n} (case line {}): sentence_need says {need:?}, \
                 sentence_need_untagged {untagged:?}",
                sentence.line
            ));
        }
        let _ = writeln!(out, "== sentence {n}{date}: {}", outcome_text(&dicts, &coding.outcome));
        for e in &coding.events {
            let _ = write!(
                out,
                "{} verb={} source={} target={} entry={}",
                coding.describe(e, &dicts),
                e.verb,
                range(e.source_words),
                range(e.target_words),
                origin(&dicts, e.verb_origin),
            );
            if let Some(p) = e.pattern {
                let _ = write!(out, " pattern={}", origin(&dicts, p));
            }
            if e.passive {
                out.push_str(" passive");
            }
            let verb = words.get(e.verb as usize).map_or("?", |(_, w)| *w);
            let _ = writeln!(
                out,
                " # {verb} | {} | {}",
                range_text(&words, e.source_words),
                range_text(&words, e.target_words)
            );
        }
        if !coding.issues.is_empty() {
            let issues: Vec<String> = coding
                .issues
                .iter()
                .map(|(c, count)| format!("{}={count}", dicts.codes().text(*c)))
                .collect();
            let _ = writeln!(out, "issues {}", issues.join(" "));
        }
        codings.push(Some(coding));
    }
    // The same sentences again, in reverse order with the used coder, and
    // each with a fresh one: scratch state must not leak between sentences.
    for k in (0..case.sentences.len()).rev() {
        let (Ok(tree), Some(first)) = (&trees[k], &codings[k]) else { continue };
        let sentence = &case.sentences[k];
        *coder.options_mut() = sentence.options;
        let again = coder.code_tree(tree, sentence.date);
        if &again != first {
            problems.push(format!("sentence {}: coded differently by a reused coder", k + 1));
        }
        let fresh = Coder::with_options(&dicts, sentence.options).code_tree(tree, sentence.date);
        if &fresh != first {
            problems.push(format!("sentence {}: coded differently by a fresh coder", k + 1));
        }
    }
    Ok((out, problems))
}

fn case_files() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .expect("tests/golden exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "txt"))
        .collect();
    cases.sort();
    cases
}

/// `.events` files whose case is gone.
fn orphan_events() -> Vec<String> {
    let mut orphans: Vec<String> = std::fs::read_dir(golden_dir())
        .expect("tests/golden exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "events"))
        .filter(|p| !p.with_extension("txt").is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    orphans.sort();
    orphans
}

#[test]
fn golden_cases() {
    let (ci, bless) = (is_ci(), bless());
    assert!(!(ci && bless), "DYAD_BLESS is for local runs; CI never blesses");
    let cases = case_files();
    assert!(cases.len() >= 20, "expected the golden cases in {}", golden_dir().display());
    let mut failures: Vec<String> =
        orphan_events().into_iter().map(|name| format!("{name}: no case file beside it")).collect();
    let mut written = Vec::new();
    for path in &cases {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let result = parse_case(&text).and_then(|case| run_case(&case));
        let (actual, problems) = match result {
            Ok(r) => r,
            Err(why) => {
                failures.push(format!("{name}: {why}"));
                continue;
            }
        };
        for p in problems {
            failures.push(format!("{name}: invariant: {p}"));
        }
        let events_path = path.with_extension("events");
        let expected = std::fs::read_to_string(&events_path).ok();
        match expected {
            Some(expected) if expected == actual => {}
            _ if bless => {
                std::fs::write(&events_path, &actual).unwrap();
                written.push(events_path.display().to_string());
            }
            None if ci => failures.push(format!(
                "{name}: no {} (run the tests locally to create it, read it, commit it)",
                events_path.file_name().unwrap().to_string_lossy()
            )),
            None => {
                std::fs::write(&events_path, &actual).unwrap();
                written.push(events_path.display().to_string());
            }
            Some(expected) => failures.push(format!(
                "{name}: output differs from {} (- expected, + actual; \
                 DYAD_BLESS=1 rewrites it):\n{}",
                events_path.file_name().unwrap().to_string_lossy(),
                diff(&expected, &actual)
            )),
        }
    }
    for w in &written {
        eprintln!("golden: wrote {w}");
    }
    assert!(
        failures.is_empty(),
        "{} golden failures:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_diff_marks_changed_lines() {
    let d = diff("a\nb\nc\n", "a\nx\nc\nd\n");
    assert_eq!(d, "  a\n- b\n+ x\n  c\n+ d\n");
}

#[test]
fn case_files_parse() {
    let case = parse_case(
        "# comment\n== verbs.txt\n--- MEET [040] ---\nMEET {MET}\noption: require_dyad=false\n\
         == sentence 2016-09-09\n(ROOT (S (NP (NNP A))\n  # a note\n (VP (VBD met))))\n== sentence\n(ROOT (S))\n",
    )
    .unwrap();
    assert_eq!(case.dicts.len(), 1);
    assert_eq!(case.dicts[0].text, "--- MEET [040] ---\nMEET {MET}\n");
    assert_eq!(case.sentences.len(), 2);
    assert_eq!(case.sentences[0].date, Date::from_ymd(2016, 9, 9));
    assert!(!case.sentences[0].options.require_dyad);
    assert_eq!(case.sentences[0].parse, "(ROOT (S (NP (NNP A))\n (VP (VBD met))))\n");
    assert_eq!(case.sentences[1].date, None);
    assert!(parse_case("== sentence\n(ROOT (S))\n== verbs.txt\n").is_err());
    assert!(parse_case("option: colour=blue\n== sentence\n(ROOT (S))\n").is_err());
}
