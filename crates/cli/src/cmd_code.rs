//! `dyad code`: events out of news.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use dyad_core::coder::{Coder, CoderOptions, Outcome};
use dyad_core::date::Date;
use dyad_core::dict::{Dictionaries, DiscardKind};
use dyad_formats::event_record::{
    CoderStamp, DateSource, EventRecord, IssueCount, JsonLinesWriter,
};
use dyad_formats::petr_xml::{self, Item, SentenceRecord};
use rayon::prelude::*;

use crate::dictionaries;
use crate::output::Output;

/// Arguments of `dyad code`.
#[derive(Args)]
pub struct CodeArgs {
    /// Input files.
    pub paths: Vec<PathBuf>,
    /// Output file (default: standard output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Inputs are PETRARCH XML files with parses (`<Sentence><Text><Parse>`).
    #[arg(long)]
    pub parsed: bool,
    /// Directory of PETRARCH-format dictionaries (its PETR_config.ini, or
    /// PETRARCH-2's default file names).
    #[arg(long)]
    pub dictionaries: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Counts for the run report.
#[derive(Default, Debug, Clone, Copy)]
struct Counts {
    coded: usize,
    no_events: usize,
    discarded: usize,
    rejected: usize,
    events: usize,
}

/// Runs `dyad code`.
pub fn run(args: CodeArgs) -> anyhow::Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().ok();
    }
    let Some(dir) = args.dictionaries.as_ref() else {
        anyhow::bail!("--dictionaries DIR is required for now");
    };
    let files = dictionaries::petrarch_dir(dir)?;
    let (dicts, diagnostics) = dictionaries::load(&files)?;
    if !diagnostics.is_empty() {
        eprintln!(
            "dyad: {} dictionary diagnostics (dyad dict check to list them)",
            diagnostics.len()
        );
    }
    if !args.parsed {
        anyhow::bail!("only --parsed input is supported by this build");
    }
    let started = Instant::now();
    let mut out = Output::create(args.output.as_deref())?;
    let mut writer = JsonLinesWriter::new(&mut out);
    let mut counts = Counts::default();
    let mut n_sentences = 0;
    let stamp = CoderStamp {
        version: format!("dyad {}", env!("CARGO_PKG_VERSION")),
        dictionaries: format!("{:016x}", dicts.fingerprint()),
    };
    for path in &args.paths {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let doc = petr_xml::read_petr_xml(&text);
        let records = code_document(&dicts, &doc, path, &stamp, &mut counts);
        n_sentences += doc.sentences().count();
        for record in &records {
            writer.write(record).context("writing events")?;
        }
    }
    writer.finish().context("writing events")?;
    out.commit()?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "dyad: {} sentences: {} coded, {} with no events, {} discarded, {} rejected; {} events; {:.0} sentences/s",
        n_sentences,
        counts.coded,
        counts.no_events,
        counts.discarded,
        counts.rejected,
        counts.events,
        n_sentences as f64 / secs.max(1e-9)
    );
    Ok(if counts.rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Codes the records of one pre-parsed document, in parallel, keeping input
/// order; drops every event of a story that hits a story discard.
fn code_document(
    dicts: &Dictionaries,
    doc: &petr_xml::PetrDocument,
    path: &std::path::Path,
    stamp: &CoderStamp,
    counts: &mut Counts,
) -> Vec<EventRecord> {
    // Options in force at each record (<Config> changes apply from there on).
    let mut options = CoderOptions::default();
    let mut jobs: Vec<(&SentenceRecord, CoderOptions)> = Vec::new();
    for item in &doc.items {
        match item {
            Item::Config { option, value } => {
                crate::cmd_validate::apply_config(&mut options, option, value)
            }
            Item::Sentence(rec) => jobs.push((rec, options)),
            Item::Error(err) => {
                counts.rejected += 1;
                eprintln!("{}: {err}", path.display());
            }
        }
    }
    let results: Vec<(Outcome, Vec<EventRecord>)> = jobs
        .par_iter()
        .map_init(
            || Coder::new(dicts),
            |coder, (rec, opts)| {
                *coder.options_mut() = *opts;
                code_record(coder, dicts, rec, stamp)
            },
        )
        .collect();
    let mut out = Vec::new();
    let mut discarded_story: Option<&str> = None;
    for ((rec, _), (outcome, events)) in jobs.iter().zip(results) {
        let story = story_id(&rec.id);
        if discarded_story == Some(story) {
            counts.discarded += 1;
            continue;
        }
        match outcome {
            Outcome::Coded => counts.coded += 1,
            Outcome::NoEvents => counts.no_events += 1,
            Outcome::Discarded { kind, .. } => {
                counts.discarded += 1;
                if kind == DiscardKind::Story {
                    discarded_story = Some(story);
                    let before = out.len();
                    out.retain(|r: &EventRecord| r.article_id != story);
                    counts.events -= before - out.len();
                }
            }
            Outcome::Rejected(why) => {
                counts.rejected += 1;
                eprintln!("{}:{}: record {}: rejected: {why}", path.display(), rec.line, rec.id);
            }
        }
        counts.events += events.len();
        out.extend(events);
    }
    out
}

/// `AFP0808020625_4` → `AFP0808020625`.
fn story_id(id: &str) -> &str {
    id.rsplit_once('_').map_or(id, |(story, _)| story)
}

fn code_record(
    coder: &mut Coder<'_>,
    dicts: &Dictionaries,
    rec: &SentenceRecord,
    stamp: &CoderStamp,
) -> (Outcome, Vec<EventRecord>) {
    let parse = rec.parse.as_deref().unwrap_or("");
    let tree = match crate::parses::tree_of(parse) {
        Ok(t) => t,
        Err(_) => {
            return (Outcome::Rejected(dyad_core::coder::Rejection::MalformedEntities), Vec::new());
        }
    };
    let date = Date::parse_compact(&rec.date);
    let coding = coder.code_tree(&tree, date);
    let words = tree.words();
    let text_of = |span: Option<(u32, u32)>| {
        span.map(|(a, b)| {
            words[a as usize..b as usize].iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ")
        })
    };
    let issues: Vec<IssueCount> = coding
        .issues
        .iter()
        .map(|(c, n)| IssueCount { code: dicts.codes().text(*c).to_string(), count: *n })
        .collect();
    let sentence_index = rec.id.rsplit_once('_').and_then(|(_, n)| n.parse().ok()).unwrap_or(0);
    let story = story_id(&rec.id).to_string();
    let records = coding
        .events
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let code = dicts.codes().text(e.code).to_string();
            EventRecord {
                event_id: format!("{story}-{sentence_index}-{n}"),
                article_id: story.clone(),
                url: None,
                article_date: date.map(|d| d.to_string()),
                date: date.map(|d| d.to_string()),
                date_source: if date.is_some() { DateSource::Article } else { DateSource::Unknown },
                sentence_index,
                sentence_id: Some(rec.id.clone()),
                sentence: rec.text.clone(),
                span: None,
                source: e.source.to_string(),
                target: e.target.to_string(),
                source_text: text_of(e.source_words),
                target_text: text_of(e.target_words),
                source_country: None,
                target_country: None,
                root: Some(code.chars().take(2).collect()),
                code,
                name: None,
                goldstein: None,
                quad_class: None,
                plover: None,
                plover_mode: None,
                verb_text: words.get(e.verb as usize).map(|(_, w)| w.to_string()),
                issues: issues.clone(),
                coder: stamp.clone(),
            }
        })
        .collect();
    (coding.outcome, records)
}
