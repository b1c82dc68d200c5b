//! `dyad validate`: code a PETRARCH validation file and compare with the
//! events it expects.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use dyad_core::coder::{Coder, CoderOptions, Outcome, Rejection};
use dyad_core::date::Date;
use dyad_core::dict::{Dictionaries, DiscardKind};
use dyad_formats::petr_xml::{self, Expected, Item, SentenceRecord};

use crate::dictionaries::{self, DictionaryFiles};

/// Arguments of `dyad validate`.
#[derive(Args)]
pub struct ValidateArgs {
    /// The validation file (PETRARCH XML).
    pub file: PathBuf,
    /// Directory holding the dictionaries the file's `<Environment>` names
    /// (default: a `dictionaries` directory next to the file's directory, or
    /// the file's directory).
    #[arg(long)]
    pub dictionaries: Option<PathBuf>,
    /// Print every record that does not pass, with expected and produced events.
    #[arg(long)]
    pub show_failures: bool,
    /// Print dictionary diagnostics.
    #[arg(long)]
    pub show_diagnostics: bool,
    /// Exit with status 1 when fewer records than this pass.
    #[arg(long)]
    pub min_pass: Option<usize>,
    /// Only records whose id starts with this prefix.
    #[arg(long)]
    pub only: Option<String>,
    /// Print each record's linear form (the flattened parse patterns match).
    #[arg(long)]
    pub trace: bool,
    /// Take the expected codings from this validation file instead (records
    /// matched by id, `_` and `-` alike): to code one file's parses against
    /// another's expectations.
    #[arg(long)]
    pub expect_from: Option<PathBuf>,
    /// Print each record's tree as dyad reads it (useful for CoNLL-U input).
    #[arg(long)]
    pub show_trees: bool,
    /// Code each record from its `<Text>` alone, with dyad's own front-end,
    /// ignoring the given parse.
    #[arg(long)]
    pub from_text: bool,
}

/// How a record fared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    Pass,
    Partial,
    Fail,
}

/// Runs `dyad validate`.
pub fn run(args: ValidateArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let mut doc = petr_xml::read_petr_xml(&text);
    if let Some(other) = &args.expect_from {
        let text = std::fs::read_to_string(other)
            .with_context(|| format!("reading {}", other.display()))?;
        let reference = petr_xml::read_petr_xml(&text);
        let key = |id: &str| id.replace('_', "-");
        let expected: std::collections::HashMap<String, &SentenceRecord> =
            reference.sentences().map(|r| (key(&r.id), r)).collect();
        for item in &mut doc.items {
            if let Item::Sentence(rec) = item {
                let same_text = |a: &str, b: &str| {
                    let norm =
                        |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
                    norm(a) == norm(b)
                };
                match expected.get(&key(&rec.id)).filter(|other| same_text(&other.text, &rec.text))
                {
                    Some(other) => {
                        rec.expected = other.expected.clone();
                        rec.is_sentence = other.is_sentence;
                        rec.category = other.category.clone();
                    }
                    None => rec.is_sentence = false,
                }
            }
        }
    }
    let env = doc.environment.clone().unwrap_or_default();
    let dict_dir = args.dictionaries.clone().unwrap_or_else(|| default_dictionary_dir(&args.file));
    let files = DictionaryFiles {
        verbs: env.verb_file.iter().map(|f| dict_dir.join(f)).collect(),
        actors: env.actor_files.iter().map(|f| dict_dir.join(f)).collect(),
        agents: env.agent_file.iter().map(|f| dict_dir.join(f)).collect(),
        discards: env.discard_file.iter().map(|f| dict_dir.join(f)).collect(),
        issues: env.issue_file.iter().map(|f| dict_dir.join(f)).collect(),
    };
    let (dicts, diagnostics) = dictionaries::load(&files)?;
    if args.show_diagnostics {
        for d in &diagnostics {
            eprintln!("{d}");
        }
    } else if !diagnostics.is_empty() {
        eprintln!(
            "dyad: {} dictionary diagnostics (--show-diagnostics to list them)",
            diagnostics.len()
        );
    }
    let mut coder = Coder::with_options(&dicts, CoderOptions::default());
    let mut analyzer = args.from_text.then(|| dyad_nlp::Pipeline::builtin().analyzer());
    let mut by_category: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    let mut n_pass = 0;
    let mut n_fail = 0;
    let mut report = String::new();
    for item in &doc.items {
        match item {
            Item::Config { option, value } => apply_config(coder.options_mut(), option, value),
            Item::Error(err) => {
                n_fail += 1;
                by_category.entry("(unreadable)".into()).or_default()[2] += 1;
                eprintln!("{}: {err}", args.file.display());
            }
            Item::Sentence(rec) => {
                if env.valid_only && !rec.is_sentence {
                    continue;
                }
                if args.only.as_deref().is_some_and(|p| !rec.id.starts_with(p)) {
                    continue;
                }
                if args.show_trees {
                    match crate::parses::tree_of(rec.parse.as_deref().unwrap_or("")) {
                        Ok(tree) => println!("{}: {}", rec.id, tree.to_ptb()),
                        Err(e) => println!("{}: {e}", rec.id),
                    }
                }
                let (verdict, produced) =
                    evaluate(&mut coder, &dicts, rec, analyzer.as_mut(), args.trace);
                let counts = by_category.entry(rec.category.clone()).or_default();
                counts[verdict as usize] += 1;
                if verdict == Verdict::Pass {
                    n_pass += 1;
                } else {
                    n_fail += 1;
                    if args.show_failures {
                        let _ = writeln!(report, "{} [{}] {:?}", rec.id, rec.category, verdict);
                        let _ = writeln!(report, "  text:     {}", rec.text);
                        let _ = writeln!(report, "  expected: {}", show_expected(&rec.expected));
                        let _ = writeln!(report, "  produced: {produced}");
                    }
                }
            }
        }
    }
    print!("{report}");
    println!("{:<14} {:>5} {:>8} {:>5}", "category", "pass", "partial", "fail");
    for (cat, [p, part, f]) in &by_category {
        println!("{cat:<14} {p:>5} {part:>8} {f:>5}");
    }
    println!("{n_pass} passed, {n_fail} failed");
    if let Some(min) = args.min_pass
        && n_pass < min
    {
        eprintln!("dyad: {n_pass} records passed, below the floor of {min}");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `../dictionaries` beside the file's directory when it exists, else the
/// file's own directory.
fn default_dictionary_dir(file: &Path) -> PathBuf {
    let dir = file.parent().unwrap_or(Path::new("."));
    let sibling = dir.join("..").join("dictionaries");
    if sibling.is_dir() { sibling } else { dir.to_path_buf() }
}

/// Applies a `<Config option value>` record.
pub fn apply_config(options: &mut CoderOptions, option: &str, value: &str) {
    let number = || value.trim().parse::<u32>().ok();
    match option {
        "require_dyad" => options.require_dyad = !value.to_lowercase().contains("false"),
        "new_actor_length" => {
            if let Some(n) = number() {
                options.new_actor_length = n;
            }
        }
        "comma_min" | "comma_max" | "comma_bmin" | "comma_bmax" | "comma_emin" | "comma_emax" => {
            if let Some(n) = number() {
                let c = &mut options.comma;
                match option {
                    "comma_min" => c.min = n,
                    "comma_max" => c.max = n,
                    "comma_bmin" => c.bmin = n,
                    "comma_bmax" => c.bmax = n,
                    "comma_emin" => c.emin = n,
                    _ => c.emax = n,
                }
            }
        }
        _ => {}
    }
}

/// Codes one record and compares with what it expects.
fn evaluate(
    coder: &mut Coder<'_>,
    dicts: &Dictionaries,
    rec: &SentenceRecord,
    from_text: Option<&mut dyad_nlp::Analyzer<'_>>,
    trace: bool,
) -> (Verdict, String) {
    let expected_error = rec
        .expected
        .iter()
        .find_map(|e| if let Expected::Error(c) = e { Some(c.as_str()) } else { None });
    let expected: Vec<String> = rec
        .expected
        .iter()
        .filter_map(|e| match e {
            Expected::Event { source, target, code } => Some(format!("{source} {target} {code}")),
            _ => None,
        })
        .collect();
    let date = Date::parse_compact(&rec.date);
    // Each record stands alone: no pronoun refers to an earlier record.
    coder.begin_article();
    let mut error_class: Option<&'static str> = None;
    let mut produced: Vec<String> = Vec::new();
    let mut code_one = |coder: &mut Coder<'_>, tree: &dyad_core::tree::Tree<'_>| {
        if trace {
            println!("{}: tree {}", rec.id, tree.to_ptb());
            match coder.linear_form(tree, date) {
                Ok(text) => println!("{}: {text}", rec.id),
                Err(why) => println!("{}: rejected: {why}", rec.id),
            }
        }
        let coding = coder.code_tree(tree, date);
        let class = match coding.outcome {
            Outcome::Discarded { kind: DiscardKind::Sentence, .. } => Some("sentencediscard"),
            Outcome::Discarded { kind: DiscardKind::Story, .. } => Some("storydiscard"),
            Outcome::Rejected(Rejection::Dateline) => Some("dateline"),
            Outcome::Rejected(_) => Some("bad_final_parse"),
            _ => None,
        };
        error_class = error_class.or(class);
        produced.extend(coding.events.iter().map(|e| coding.describe(e, dicts)));
    };
    match from_text {
        Some(analyzer) => {
            // The record's text alone, through dyad's own front-end.
            let mut sentences = Vec::new();
            analyzer.analyze(&rec.text, &mut sentences);
            for sentence in &sentences {
                if let Ok(tree) = crate::parses::tree_of_analysis(sentence) {
                    code_one(coder, &tree);
                }
            }
        }
        None => {
            let parse = rec.parse.as_deref().unwrap_or("");
            match crate::parses::tree_of(parse) {
                Ok(tree) => code_one(coder, &tree),
                Err(err) => {
                    let verdict = if expected_error == Some("bad_input_parse") {
                        Verdict::Pass
                    } else {
                        Verdict::Fail
                    };
                    return (verdict, format!("error bad_input_parse ({err})"));
                }
            }
        }
    }
    produced.sort();
    produced.dedup();
    let shown = match error_class {
        Some(class) => format!("error {class}"),
        None if produced.is_empty() => "(none)".to_string(),
        None => produced.join("; "),
    };
    if let Some(want) = expected_error {
        return (if error_class == Some(want) { Verdict::Pass } else { Verdict::Fail }, shown);
    }
    if error_class.is_some() {
        return (Verdict::Fail, shown);
    }
    let mut want = expected.clone();
    want.sort();
    want.dedup();
    let verdict = if want == produced {
        Verdict::Pass
    } else if !want.is_empty() && want.iter().any(|w| produced.contains(w)) {
        Verdict::Partial
    } else {
        Verdict::Fail
    };
    (verdict, shown)
}

fn show_expected(expected: &[Expected]) -> String {
    let parts: Vec<String> = expected
        .iter()
        .map(|e| match e {
            Expected::Event { source, target, code } => format!("{source} {target} {code}"),
            Expected::NoEvents => "(none)".to_string(),
            Expected::Error(c) => format!("error {c}"),
        })
        .collect();
    if parts.is_empty() { "(none)".to_string() } else { parts.join("; ") }
}
