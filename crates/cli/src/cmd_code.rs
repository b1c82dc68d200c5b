//! `dyad code`: events out of news.
//!
//! Inputs are read lazily by a reader thread and coded in small chunks by
//! one worker per core while a writer thread writes the chunks coded;
//! records are written in input order, so the output does not depend on
//! the number of threads. Every article ends up counted as coded (it gave
//! events), coded with no events, or rejected (with its reason on standard
//! error).

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, ValueEnum};
use dyad_core::coder::{Coder, CoderOptions, Outcome, Rejection};
use dyad_core::date::Date;
use dyad_core::dict::{Dictionaries, DiscardKind};
use dyad_core::event_date::event_date;
use dyad_formats::article::{self, Article, Input};
use dyad_formats::event_record::{EventRecord, JsonLinesWriter};
use dyad_formats::parquet::ParquetWriter;
use dyad_formats::petr_xml::{self, Item, SentenceRecord};
use dyad_formats::tabular::TabularWriter;
use rayon::prelude::*;

use crate::article_coder::{ArticleCoder, ArticleResult};
use crate::output::Output;
use crate::records::{EventTexts, RecordContext, SentenceInfo};

/// Arguments of `dyad code`.
#[derive(Args)]
pub struct CodeArgs {
    /// Articles: plain-text or HTML files, JSON Lines files of articles
    /// (`id`, `url`, `date`, `source`, `title`, `text`), directories (walked
    /// recursively), or `-` for standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output file (default: standard output). Written atomically.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Output format (default: from the output file's extension, else jsonl).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Date of articles that carry none (YYYY-MM-DD); a record's own date wins.
    #[arg(long)]
    pub date: Option<String>,
    /// Dictionary directory, in dyad's format or PETRARCH's (default: the
    /// built-in dictionaries).
    #[arg(long)]
    pub dictionaries: Option<PathBuf>,
    /// Inputs are PETRARCH XML files with parses (`<Sentence><Text><Parse>`).
    #[arg(long)]
    pub parsed: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Tag, parse and code every sentence of raw text, not only those
    /// whose words could give events: slower, with the same output (a
    /// check of the tests that skip tagging and parsing).
    #[arg(long)]
    pub parse_all: bool,
    /// No progress bar, no run report.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON Lines, one event per line.
    Jsonl,
    /// Comma-separated values with GDELT column names.
    Csv,
    /// Tab-separated values with GDELT column names.
    Tsv,
    /// Apache Parquet.
    Parquet,
}

/// Counts for the run report.
#[derive(Default, Debug, Clone, Copy)]
struct Counts {
    coded: usize,
    no_events: usize,
    rejected: usize,
    sentences: usize,
    events: usize,
}

/// Runs `dyad code`.
pub fn run(args: CodeArgs) -> anyhow::Result<ExitCode> {
    let threads = match args.threads {
        Some(n) => n.max(1),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let given_date = match &args.date {
        Some(text) => Some(
            Date::parse_compact(text)
                .with_context(|| format!("--date {text}: expected YYYY-MM-DD"))?,
        ),
        None => None,
    };
    let loaded = crate::cmd_dict::load_set(args.dictionaries.as_deref(), &Default::default())?;
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == dyad_core::dict::Severity::Error)
        .count();
    if errors > 0 && !args.quiet {
        eprintln!(
            "dyad: {}: {errors} dictionary errors (dyad dict check lists them)",
            loaded.label
        );
    }
    let dicts = loaded.dicts;
    let ctx = RecordContext::new(&dicts);
    let format = args.format.unwrap_or_else(|| format_of(args.output.as_deref()));
    let out = Output::create(args.output.as_deref())?;
    let mut sink = Sink::new(format, out)?;
    let started = Instant::now();
    let mut progress = Progress::new(args.quiet);
    let mut counts = Counts::default();
    if args.parsed {
        rayon::ThreadPoolBuilder::new().num_threads(threads).build_global().ok();
        for path in &args.paths {
            code_parsed_file(&dicts, &ctx, path, &mut sink, &mut counts)?;
        }
    } else {
        let pipeline = dyad_nlp::Pipeline::builtin();
        (sink, counts, progress) = code_articles(
            &args.paths,
            &dicts,
            &ctx,
            pipeline,
            given_date,
            (threads, args.parse_all),
            (sink, progress, started),
        )?;
    }
    sink.finish()?;
    progress.finish();
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    if !args.quiet {
        let unit = if args.parsed { "records" } else { "articles" };
        let n = counts.coded + counts.no_events + counts.rejected;
        eprintln!(
            "dyad: {n} {unit}: {} coded, {} with no events, {} rejected; {} sentences, {} events; {:.1}s, {:.0} {unit}/s, {:.0} sentences/s",
            counts.coded,
            counts.no_events,
            counts.rejected,
            counts.sentences,
            counts.events,
            secs,
            n as f64 / secs,
            counts.sentences as f64 / secs,
        );
    }
    Ok(if counts.rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Articles a worker takes from the reader at a time.
const CHUNK: usize = 16;

/// What coding one input gave: its result and any warning about reading
/// it, or why it was rejected.
type Coded = Result<(ArticleResult, Option<String>), String>;

/// Codes the articles of `paths` on `threads` workers and writes their
/// records in input order; returns the sink, the counts and the progress
/// line.
///
/// A reader thread parses the inputs into numbered chunks of [`CHUNK`]
/// articles; each worker, with its own [`ArticleCoder`] for the whole run,
/// takes the next chunk whenever it is free; a writer thread puts the
/// coded chunks back in order and writes them. No worker waits for
/// another (a barrier after each batch left one core idle while the other
/// finished the batch's last article), and reading and writing, which are
/// serial, overlap the coding.
fn code_articles(
    paths: &[PathBuf],
    dicts: &Dictionaries,
    ctx: &RecordContext<'_>,
    pipeline: &dyad_nlp::Pipeline,
    given_date: Option<Date>,
    (threads, parse_all): (usize, bool),
    (mut sink, mut progress, started): (Sink, Progress, Instant),
) -> anyhow::Result<(Sink, Counts, Progress)> {
    use std::sync::mpsc::sync_channel;
    use std::sync::{Arc, Mutex};
    let threads = threads.max(1);
    let mut inputs = Inputs::new(paths);
    std::thread::scope(|scope| {
        let (chunk_tx, chunk_rx) =
            sync_channel::<(usize, Vec<Result<ReadArticle, String>>)>(2 * threads);
        // Shared by the workers; dropped with the last of them, which stops
        // the reader if they stopped early.
        let chunk_rx = Arc::new(Mutex::new(chunk_rx));
        let (result_tx, result_rx) = sync_channel::<(usize, Vec<Coded>)>(2 * threads);
        scope.spawn(move || {
            for seq in 0.. {
                let chunk: Vec<Result<ReadArticle, String>> = inputs.by_ref().take(CHUNK).collect();
                // The workers stopped (an output error): stop reading.
                if chunk.is_empty() || chunk_tx.send((seq, chunk)).is_err() {
                    break;
                }
            }
        });
        let writer = scope.spawn(move || -> anyhow::Result<(Sink, Counts, Progress)> {
            let mut counts = Counts::default();
            // Chunks coded ahead of one still being coded, by number.
            let mut ahead = std::collections::BTreeMap::new();
            let mut next = 0;
            for (seq, results) in result_rx {
                ahead.insert(seq, results);
                while let Some(results) = ahead.remove(&next) {
                    next += 1;
                    write_results(results, &mut sink, &mut counts, &progress)?;
                }
                progress.update(&counts, started);
            }
            Ok((sink, counts, progress))
        });
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (chunk_rx, result_tx) = (Arc::clone(&chunk_rx), result_tx.clone());
                scope.spawn(move || {
                    let mut coder = ArticleCoder::new(dicts, pipeline).parsing_all(parse_all);
                    loop {
                        // A poisoned lock (a worker panicked taking a
                        // chunk) stops this one too; the panic is raised
                        // below, once the others are done.
                        let next = match chunk_rx.lock() {
                            Ok(rx) => rx.recv().ok(),
                            Err(_) => None,
                        };
                        let Some((seq, chunk)) = next else { break };
                        let results = chunk
                            .into_iter()
                            .map(|item| {
                                item.map(|read| {
                                    let art = &read.article;
                                    let (date, _origin) = art.resolved_date(given_date);
                                    (coder.code(ctx, art, date), read.warning())
                                })
                            })
                            .collect();
                        // The writer stopped on an error, which its result
                        // gives.
                        if result_tx.send((seq, results)).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        drop((chunk_rx, result_tx));
        for worker in workers {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        match writer.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Writes the records of one chunk of coded articles and counts them.
fn write_results(
    results: Vec<Coded>,
    sink: &mut Sink,
    counts: &mut Counts,
    progress: &Progress,
) -> anyhow::Result<()> {
    for result in results {
        match result {
            Err(why) => {
                counts.rejected += 1;
                progress.message(&format!("dyad: rejected: {why}"));
            }
            Ok((r, warning)) => {
                if let Some(warning) = warning {
                    progress.message(&format!("dyad: warning: {warning}"));
                }
                counts.sentences += r.n_sentences;
                if r.records.is_empty() {
                    counts.no_events += 1;
                } else {
                    counts.coded += 1;
                }
                counts.events += r.records.len();
                for record in &r.records {
                    sink.write(record)?;
                }
            }
        }
    }
    Ok(())
}

fn format_of(path: Option<&Path>) -> Format {
    match path.and_then(|p| p.extension()).and_then(|e| e.to_str()) {
        Some("csv") => Format::Csv,
        Some("tsv") | Some("tab") => Format::Tsv,
        Some("parquet") => Format::Parquet,
        _ => Format::Jsonl,
    }
}

/// The writer for the chosen format.
enum Sink {
    Json(JsonLinesWriter<Output>),
    Table(Box<TabularWriter<Output>>),
    Parquet(Box<ParquetWriter<Output>>),
}

impl Sink {
    fn new(format: Format, out: Output) -> anyhow::Result<Sink> {
        Ok(match format {
            Format::Jsonl => Sink::Json(JsonLinesWriter::new(out)),
            Format::Csv => {
                Sink::Table(Box::new(TabularWriter::csv(out).context("writing output")?))
            }
            Format::Tsv => {
                Sink::Table(Box::new(TabularWriter::tsv(out).context("writing output")?))
            }
            Format::Parquet => {
                Sink::Parquet(Box::new(ParquetWriter::new(out).context("writing output")?))
            }
        })
    }

    fn write(&mut self, record: &EventRecord) -> anyhow::Result<()> {
        match self {
            Sink::Json(w) => w.write(record),
            Sink::Table(w) => w.write(record),
            Sink::Parquet(w) => w.write(record),
        }
        .context("writing output")
    }

    fn finish(self) -> anyhow::Result<()> {
        let out = match self {
            Sink::Json(w) => w.finish(),
            Sink::Table(w) => w.finish(),
            Sink::Parquet(w) => w.finish(),
        }
        .context("writing output")?;
        out.commit()
    }
}

/// An article read, and where from.
struct ReadArticle {
    article: Article,
    /// The input as given (`news/a.txt`, `-`), with the line number for a
    /// JSON Lines record (`news.jsonl:7`).
    origin: String,
}

impl ReadArticle {
    /// What to warn about reading it, if anything.
    fn warning(&self) -> Option<String> {
        self.article.lossy_utf8.then(|| format!("{}: invalid UTF-8 decoded lossily", self.origin))
    }
}

/// The articles of all inputs, one at a time: files in the order given,
/// directories walked in name order, JSON Lines files record by record.
struct Inputs {
    pending: Vec<PathBuf>,
    /// The JSON Lines input being read, and its name as given.
    records: Option<(article::JsonLines<Box<dyn std::io::BufRead + Send>>, String)>,
}

impl Inputs {
    fn new(paths: &[PathBuf]) -> Inputs {
        let mut pending: Vec<PathBuf> = paths.to_vec();
        pending.reverse();
        Inputs { pending, records: None }
    }

    /// The item for an opened input named `name`: its article, or nothing
    /// yet for a stream of records (which is then read from).
    fn opened(
        &mut self,
        name: String,
        input: Result<Input, article::ArticleError>,
    ) -> Option<Result<ReadArticle, String>> {
        match input {
            Ok(Input::Article(a)) => Some(Ok(ReadArticle { article: *a, origin: name })),
            Ok(Input::Records(r)) => {
                self.records = Some((r, name));
                None
            }
            Err(err) => Some(Err(err.to_string())),
        }
    }
}

impl Iterator for Inputs {
    type Item = Result<ReadArticle, String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((records, name)) = self.records.as_mut() {
                match records.next() {
                    Some(Ok(article)) => {
                        let origin = format!("{name}:{}", records.line());
                        return Some(Ok(ReadArticle { article, origin }));
                    }
                    Some(Err(err)) => return Some(Err(err.to_string())),
                    None => self.records = None,
                }
            }
            let path = self.pending.pop()?;
            if path.as_os_str() == "-" {
                let stdin = std::io::BufReader::new(std::io::stdin());
                let input = Input::from_reader("-", stdin);
                match self.opened("-".to_string(), input) {
                    Some(item) => return Some(item),
                    None => continue,
                }
            }
            if path.is_dir() {
                match std::fs::read_dir(&path) {
                    Ok(entries) => {
                        let mut children: Vec<PathBuf> = entries
                            .filter_map(|e| e.ok().map(|e| e.path()))
                            .filter(|p| {
                                !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
                            })
                            .collect();
                        children.sort();
                        children.reverse();
                        self.pending.extend(children);
                    }
                    Err(err) => return Some(Err(format!("{}: {err}", path.display()))),
                }
                continue;
            }
            let input = article::open(&path);
            if let Some(item) = self.opened(path.display().to_string(), input) {
                return Some(item);
            }
        }
    }
}

/// A progress line on standard error, for runs longer than a second when it
/// is a terminal.
struct Progress {
    enabled: bool,
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        Progress { enabled: !quiet && std::io::stderr().is_terminal(), bar: None }
    }

    fn update(&mut self, counts: &Counts, started: Instant) {
        if !self.enabled {
            return;
        }
        if self.bar.is_none() && started.elapsed() > Duration::from_secs(1) {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            let n = counts.coded + counts.no_events + counts.rejected;
            let rate = n as f64 / started.elapsed().as_secs_f64().max(1e-9);
            bar.set_message(format!(
                "{n} articles, {} events, {rate:.0} articles/s",
                counts.events
            ));
        }
    }

    fn message(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// Codes a PETRARCH XML file of parsed sentences.
fn code_parsed_file(
    dicts: &Dictionaries,
    ctx: &RecordContext<'_>,
    path: &Path,
    sink: &mut Sink,
    counts: &mut Counts,
) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let doc = petr_xml::read_petr_xml(&text);
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
    // Stories that number their sentences from 0 (`STORY_0` is there).
    let zero_based: HashSet<&str> = jobs
        .iter()
        .filter(|(rec, _)| sentence_number(&rec.id) == Some(0))
        .map(|(rec, _)| story_id(&rec.id))
        .collect();
    let results: Vec<(Result<Outcome, String>, Vec<EventRecord>)> = jobs
        .par_iter()
        .map_init(
            || Coder::new(dicts),
            |coder, (rec, opts)| {
                *coder.options_mut() = *opts;
                let index = sentence_index(&rec.id, &zero_based);
                code_record(coder, ctx, rec, index)
            },
        )
        .collect();
    let mut discarded_story: Option<&str> = None;
    let mut story_records: Vec<EventRecord> = Vec::new();
    // Records of the current story counted as coded, until a story discard
    // phrase turns them into records coded with no events.
    let mut story_coded = 0;
    let mut current_story: Option<&str> = None;
    for ((rec, _), (outcome, events)) in jobs.iter().zip(results) {
        let story = story_id(&rec.id);
        if current_story != Some(story) {
            for r in story_records.drain(..) {
                sink.write(&r)?;
            }
            current_story = Some(story);
            story_coded = 0;
        }
        counts.sentences += 1;
        if discarded_story == Some(story) {
            counts.no_events += 1;
            continue;
        }
        match outcome {
            Err(why) => {
                counts.rejected += 1;
                eprintln!("{}:{}: record {}: {why}", path.display(), rec.line, rec.id);
            }
            Ok(Outcome::Discarded { kind: DiscardKind::Story, .. }) => {
                discarded_story = Some(story);
                counts.events -= story_records.len();
                story_records.clear();
                counts.coded -= story_coded;
                counts.no_events += story_coded + 1;
                story_coded = 0;
            }
            Ok(Outcome::Coded) => {
                counts.coded += 1;
                story_coded += 1;
                counts.events += events.len();
                story_records.extend(events);
            }
            Ok(_) => counts.no_events += 1,
        }
    }
    for r in story_records.drain(..) {
        sink.write(&r)?;
    }
    Ok(())
}

/// `AFP0808020625_4` → `AFP0808020625`.
fn story_id(id: &str) -> &str {
    id.rsplit_once('_').map_or(id, |(story, _)| story)
}

/// `AFP0808020625_4` → 4; `None` for an id without a number.
fn sentence_number(id: &str) -> Option<u32> {
    id.rsplit_once('_').and_then(|(_, n)| n.parse().ok())
}

/// The 0-based index of record `id` (`STORY_N`) in its story: PETRARCH
/// numbers a story's sentences from 1, so `N - 1`; `N` for the stories in
/// `zero_based`, whose numbers start at 0; 0 for an id without a number
/// (a story of its own).
fn sentence_index(id: &str, zero_based: &HashSet<&str>) -> u32 {
    match sentence_number(id) {
        Some(n) if zero_based.contains(story_id(id)) => n,
        Some(n) => n.saturating_sub(1),
        None => 0,
    }
}

/// Codes one pre-parsed record, the `sentence_index`-th of its story.
fn code_record(
    coder: &mut Coder<'_>,
    ctx: &RecordContext<'_>,
    rec: &SentenceRecord,
    sentence_index: u32,
) -> (Result<Outcome, String>, Vec<EventRecord>) {
    let parse = rec.parse.as_deref().unwrap_or("");
    let tree = match crate::parses::tree_of(parse) {
        Ok(t) => t,
        Err(why) => return (Err(format!("unreadable parse: {why}")), Vec::new()),
    };
    let date = Date::parse_compact(&rec.date);
    // Records are coded in parallel, so no context carries between them.
    coder.begin_article();
    let coding = coder.code_tree(&tree, date);
    if let Outcome::Rejected(why) = coding.outcome
        && why != Rejection::Dateline
    {
        return (Err(why.to_string()), Vec::new());
    }
    let words = tree.words();
    let text_of = |span: Option<(u32, u32)>| {
        span.map(|(a, b)| {
            words[a as usize..b as usize].iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ")
        })
    };
    let issues = ctx.issues(&coding.issues);
    let info = SentenceInfo {
        article_id: story_id(&rec.id),
        url: None,
        article_date: date,
        sentence_index,
        sentence_id: Some(&rec.id),
        text: &rec.text,
        span: None,
        issues: &issues,
    };
    let text_date = date.and_then(|d| event_date(&rec.text, d)).map(|m| m.date);
    let records = coding
        .events
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let texts = EventTexts {
                source: text_of(e.source_words),
                target: text_of(e.target_words),
                verb: words.get(e.verb as usize).map(|(_, w)| w.to_string()),
                date: text_date,
            };
            ctx.record(&info, n, e, texts)
        })
        .collect();
    (Ok(coding.outcome), records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_indexes_of_record_ids() {
        let zero_based: HashSet<&str> = ["AFP2"].into_iter().collect();
        for (id, index) in [
            ("AFP1_1", 0),
            ("AFP1_4", 3),
            ("AFP2_0", 0),
            ("AFP2_4", 4),
            ("BASIC-01", 0),
            ("STORY_X", 0),
            ("WEIRD_0", 0),
        ] {
            assert_eq!(sentence_index(id, &zero_based), index, "{id}");
        }
    }
}
