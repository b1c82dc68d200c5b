//! `dyad explain`: how one sentence is coded, step by step.
//!
//! For each sentence of the text: the parse dyad's front-end gives (or the
//! one supplied), the linear form the patterns match against, each actor
//! found with the dictionary lines that made its code, each verb with its
//! dictionary line, the pattern that fired and what became of it, and the
//! events, or why there are none.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use dyad_core::coder::{Coder, Explanation, Outcome, VerbFate};
use dyad_core::date::Date;
use dyad_core::dict::{Dictionaries, Origin};
use dyad_core::tree::Tree;

use crate::cmd_dict::{SetArgs, load_set};

/// Arguments of `dyad explain`.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The sentence (or a few): raw English text.
    pub text: String,
    /// The sentence's date, YYYY-MM-DD (resolves dated actor codes such as
    /// office holders; default: none, so undated codes only).
    #[arg(long)]
    pub date: Option<String>,
    /// Dictionary directory, in dyad's format or PETRARCH's (default: the
    /// built-in dictionaries).
    #[arg(long)]
    pub dictionaries: Option<PathBuf>,
    /// A Penn Treebank parse to code instead of dyad's own parse of the text.
    #[arg(long)]
    pub parse: Option<String>,
}

/// Runs `dyad explain`.
pub fn run(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let date = match &args.date {
        Some(d) => Some(parse_date(d).with_context(|| format!("--date {d}: expected YYYY-MM-DD"))?),
        None => None,
    };
    let set = load_set(args.dictionaries.as_deref(), &SetArgs::default())?;
    let lines = DictionaryLines::new(args.dictionaries.as_deref());
    let mut coder = Coder::new(&set.dicts);
    let mut out = String::new();
    writeln!(out, "dictionaries: {}", set.label)?;
    writeln!(out, "date: {}", date.map_or("none".to_string(), |d| d.to_string()))?;
    if let Some(parse) = &args.parse {
        let tree = Tree::from_ptb(parse).map_err(|e| anyhow::anyhow!("--parse: {e}"))?;
        explain_tree(&mut out, &mut coder, &set.dicts, &lines, &tree, date, "given parse")?;
    } else {
        let pipeline = dyad_nlp::Pipeline::builtin();
        let mut sentences = Vec::new();
        pipeline.analyze(&args.text, &mut sentences);
        if sentences.is_empty() {
            writeln!(out, "\nno sentence in the text")?;
        }
        for (i, sentence) in sentences.iter().enumerate() {
            writeln!(out, "\n== sentence {i}: {}", &args.text[sentence.start..sentence.end])?;
            writeln!(out, "dependencies:")?;
            for (k, t) in sentence.tokens.iter().enumerate() {
                writeln!(
                    out,
                    "  {:>3} {:<16} {:<5} {:>3} {}",
                    k + 1,
                    t.form,
                    t.tag.as_str(),
                    t.head,
                    t.deprel.as_str()
                )?;
            }
            let tree = match crate::parses::tree_of_analysis(sentence) {
                Ok(tree) => tree,
                Err(e) => {
                    writeln!(out, "no tree: {e}")?;
                    continue;
                }
            };
            explain_tree(&mut out, &mut coder, &set.dicts, &lines, &tree, date, "tree")?;
        }
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.split('-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() {
        return None;
    }
    Date::from_ymd(i32::try_from(y).ok()?, m, d)
}

/// Prints the explanation of one tree.
fn explain_tree(
    out: &mut String,
    coder: &mut Coder<'_>,
    dicts: &Dictionaries,
    lines: &DictionaryLines,
    tree: &Tree<'_>,
    date: Option<Date>,
    what: &str,
) -> anyhow::Result<()> {
    let words: Vec<&str> = tree.words().iter().map(|(_, w)| *w).collect();
    let text_of = |ids: &[u32]| -> String {
        ids.iter().filter_map(|&i| words.get(i as usize)).copied().collect::<Vec<_>>().join(" ")
    };
    writeln!(out, "{what}: {}", tree.to_ptb())?;
    let ex: Explanation = coder.explain(tree, date);
    match &ex.linear_form {
        Ok(form) => writeln!(out, "linear form: {form}")?,
        Err(why) => writeln!(out, "linear form: none ({why:?})")?,
    }
    writeln!(out, "actors:")?;
    if ex.entities.is_empty() {
        writeln!(out, "  (no noun phrase)")?;
    }
    for e in &ex.entities {
        let code = if e.code.is_empty() { "no code" } else { e.code.as_str() };
        writeln!(out, "  \"{}\" → {code}", text_of(&e.words))?;
        if let Some(origin) = e.actor {
            writeln!(out, "      actor  {}", lines.show(dicts, origin))?;
        }
        for &origin in &e.agents {
            writeln!(out, "      agent  {}", lines.show(dicts, origin))?;
        }
    }
    writeln!(out, "verbs:")?;
    if ex.verbs.is_empty() {
        writeln!(out, "  (no verb phrase)")?;
    }
    for v in &ex.verbs {
        let word = words.get(v.verb as usize).copied().unwrap_or("?");
        let fate = match &v.fate {
            VerbFate::NotInDictionaries => "not a verb of the dictionaries".to_string(),
            VerbFate::MultiWordOnly => "only multi-word verbs start with it; none fits".into(),
            VerbFate::NullCode => "null code (---): no event".into(),
            VerbFate::Negated => "negated: no event".into(),
            VerbFate::NoSource => "no coded source actor: no event".into(),
            VerbFate::NoTarget => "no coded target actor: no event".into(),
            VerbFate::NoAgent => "passive with no agent named: no source, no event".into(),
            VerbFate::Events { count, passive } => format!(
                "{count} event{}{}",
                if *count == 1 { "" } else { "s" },
                if *passive { " (passive: source and target swapped)" } else { "" }
            ),
            VerbFate::StatementAboutClause { dropped } => format!(
                "{dropped} statement event(s) aimed at an actor inside the reported clause dropped"
            ),
            VerbFate::Combined { governor } => format!(
                "combined with the governing verb \"{}\"",
                words.get(*governor as usize).copied().unwrap_or("?")
            ),
        };
        let code = v.code.as_deref().map(|c| format!(" code {c};")).unwrap_or_default();
        writeln!(out, "  \"{word}\":{code} {fate}")?;
        if let Some(origin) = v.origin {
            writeln!(out, "      verb     {}", lines.show(dicts, origin))?;
        }
        if let Some(origin) = v.pattern {
            writeln!(out, "      pattern  {}", lines.show(dicts, origin))?;
        }
    }
    let coding = &ex.coding;
    match coding.outcome {
        Outcome::Coded => {
            writeln!(out, "events:")?;
            for e in &coding.events {
                let span = |w: Option<(u32, u32)>| {
                    w.map(|(a, b)| (a..b).collect::<Vec<u32>>()).map(|ids| text_of(&ids))
                };
                writeln!(
                    out,
                    "  {}  (source \"{}\", target \"{}\", verb \"{}\")",
                    coding.describe(e, dicts),
                    span(e.source_words).unwrap_or_default(),
                    span(e.target_words).unwrap_or_default(),
                    words.get(e.verb as usize).copied().unwrap_or("?"),
                )?;
            }
        }
        Outcome::NoEvents => writeln!(out, "events: none (see the verbs above)")?,
        Outcome::Discarded { kind, origin } => writeln!(
            out,
            "events: none: the sentence holds a {kind:?} discard phrase, {}",
            lines.show(dicts, origin)
        )?,
        Outcome::Rejected(why) => writeln!(out, "events: none: sentence rejected ({why:?})")?,
    }
    Ok(())
}

/// Dictionary lines, read back from the files named in origins when they
/// can be found, to show next to `file:line`.
struct DictionaryLines {
    dir: Option<PathBuf>,
    cache: std::cell::RefCell<HashMap<String, Option<Vec<String>>>>,
}

impl DictionaryLines {
    fn new(dir: Option<&Path>) -> Self {
        DictionaryLines { dir: dir.map(Path::to_path_buf), cache: Default::default() }
    }

    /// `file:line  text of the line` (the text when the file can be read).
    fn show(&self, dicts: &Dictionaries, origin: Origin) -> String {
        let at = dicts.origin_text(origin);
        let file = at.rsplit_once(':').map_or(at.as_str(), |(f, _)| f).to_string();
        let mut cache = self.cache.borrow_mut();
        let text = cache.entry(file.clone()).or_insert_with(|| self.read(&file));
        let line = text
            .as_ref()
            .and_then(|lines| lines.get((origin.line as usize).checked_sub(1)?))
            .map(|l| format!("  {}", l.trim()))
            .unwrap_or_default();
        format!("{at}{line}")
    }

    fn read(&self, file: &str) -> Option<Vec<String>> {
        let mut candidates = vec![PathBuf::from(file)];
        if let Some(dir) = &self.dir {
            candidates.insert(0, dir.join(file));
        } else {
            // The built-in dictionaries are named `dictionaries/...` after
            // the repository's directory.
            candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(file));
        }
        candidates
            .iter()
            .find_map(|p| std::fs::read_to_string(p).ok())
            .map(|text| text.lines().map(str::to_string).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2016-09-09").map(|d| d.to_string()).as_deref(), Some("2016-09-09"));
        assert!(parse_date("2016-13-01").is_none());
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("2016-09-09-1").is_none());
    }
}
