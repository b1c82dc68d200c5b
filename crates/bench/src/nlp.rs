//! Front-end speed benchmark: split, tokenize, tag, lemmatize and parse
//! every article of `news.jsonl` (title and text), on one thread and on
//! several, and check that every run finds the same analyses.

use std::io::BufRead;
use std::path::Path;
use std::time::{Duration, Instant};

use dyad_nlp::{Pipeline, Sentence};
use rayon::prelude::*;

/// Totals of one pass over the articles; equal across runs by design.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FrontendCounts {
    /// Sentences found.
    pub sentences: usize,
    /// Tokens found.
    pub tokens: usize,
    /// Order-independent checksum of every token's offsets, tag, head and
    /// label.
    pub checksum: u64,
}

impl FrontendCounts {
    fn add(mut self, other: FrontendCounts) -> FrontendCounts {
        self.sentences += other.sentences;
        self.tokens += other.tokens;
        self.checksum = self.checksum.wrapping_add(other.checksum);
        self
    }
}

/// The result of [`run_frontend_bench`].
#[derive(Clone, Debug)]
pub struct FrontendReport {
    /// Articles read.
    pub articles: usize,
    /// Bytes of text analysed per pass.
    pub bytes: usize,
    /// Counts of a pass (the same in every run).
    pub counts: FrontendCounts,
    /// Time to load the built-in models.
    pub load: Duration,
    /// Median time of the single-threaded passes.
    pub single: Duration,
    /// Median time of the parallel passes.
    pub parallel: Duration,
    /// Threads of the parallel passes.
    pub threads: usize,
    /// Median CPU time of the process during the single-threaded passes
    /// (Linux only; zero elsewhere).
    pub single_cpu: Duration,
    /// Median CPU time of the process during the parallel passes.
    pub parallel_cpu: Duration,
}

/// CPU time used so far by all threads of this process, from
/// `/proc/self/task/*/schedstat` (nanoseconds on the CPU); zero where that
/// is not available. Unlike wall-clock time it is not inflated when other
/// processes take turns on the cores.
fn process_cpu() -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Duration::ZERO;
    };
    let mut ns = 0u64;
    for task in tasks.flatten() {
        if let Ok(stat) = std::fs::read_to_string(task.path().join("schedstat")) {
            ns += stat.split_whitespace().next().and_then(|f| f.parse().ok()).unwrap_or(0);
        }
    }
    Duration::from_nanos(ns)
}

fn count(sentences: &[Sentence]) -> FrontendCounts {
    let mut c = FrontendCounts { sentences: sentences.len(), ..Default::default() };
    for s in sentences {
        c.tokens += s.tokens.len();
        for t in &s.tokens {
            let h = (t.start as u64) << 40
                ^ (t.end as u64) << 20
                ^ (t.tag.index() as u64) << 12
                ^ (t.head as u64) << 6
                ^ t.deprel.index() as u64;
            c.checksum = c.checksum.wrapping_add(h.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        }
    }
    c
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Reads `news_jsonl` (JSON Lines with `title` and `text`), then analyses
/// all articles `runs` times on one thread and `runs` times on `threads`
/// threads (rayon, one task per article). Prints sentences/s, tokens/s and
/// the speed-up, and returns the figures.
///
/// # Errors
///
/// Fails when the file cannot be read, a line is not JSON, the models do
/// not load, or two runs disagree on the sentence count or checksum.
#[allow(clippy::print_stdout)]
pub fn run_frontend_bench(
    news_jsonl: &Path,
    runs: usize,
    threads: usize,
) -> Result<FrontendReport, Box<dyn std::error::Error + Send + Sync>> {
    #[derive(serde::Deserialize)]
    struct Article {
        title: Option<String>,
        text: Option<String>,
    }
    let file = std::fs::File::open(news_jsonl)
        .map_err(|e| format!("reading {}: {e}", news_jsonl.display()))?;
    let mut texts: Vec<String> = Vec::new();
    let mut articles = 0;
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let a: Article = serde_json::from_str(&line)
            .map_err(|e| format!("{}:{}: {e}", news_jsonl.display(), i + 1))?;
        articles += 1;
        texts.extend(a.title.into_iter().chain(a.text).filter(|t| !t.is_empty()));
    }
    let bytes = texts.iter().map(String::len).sum();

    let t0 = Instant::now();
    let pipeline = Pipeline::load_builtin()?;
    let load = t0.elapsed();

    let runs = runs.max(1);
    let mut expected: Option<FrontendCounts> = None;
    let mut check = |c: FrontendCounts, what: &str| -> Result<(), String> {
        match expected {
            None => {
                expected = Some(c);
                Ok(())
            }
            Some(e) if e == c => Ok(()),
            Some(e) => Err(format!("{what} run disagrees: {c:?} vs {e:?}")),
        }
    };
    let mut single_times = Vec::new();
    let mut single_cpu = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let cpu = process_cpu();
        let mut analyzer = pipeline.analyzer();
        let mut out = Vec::new();
        let mut c = FrontendCounts::default();
        for text in &texts {
            out.clear();
            analyzer.analyze(text, &mut out);
            c = c.add(count(&out));
        }
        single_times.push(t.elapsed());
        single_cpu.push(process_cpu().saturating_sub(cpu));
        check(c, "single-threaded")?;
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build()?;
    let mut parallel_times = Vec::new();
    let mut parallel_cpu = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let cpu = process_cpu();
        let c = pool.install(|| {
            texts
                .par_iter()
                .map_init(
                    || (pipeline.analyzer(), Vec::new()),
                    |(analyzer, out), text| {
                        out.clear();
                        analyzer.analyze(text, out);
                        count(out)
                    },
                )
                .reduce(FrontendCounts::default, FrontendCounts::add)
        });
        parallel_times.push(t.elapsed());
        parallel_cpu.push(process_cpu().saturating_sub(cpu));
        check(c, "parallel")?;
    }
    let counts = expected.unwrap_or_default();
    let report = FrontendReport {
        articles,
        bytes,
        counts,
        load,
        single: median(single_times),
        parallel: median(parallel_times),
        threads: threads.max(1),
        single_cpu: median(single_cpu),
        parallel_cpu: median(parallel_cpu),
    };
    let per_sec = |n: usize, d: Duration| n as f64 / d.as_secs_f64().max(1e-9);
    println!(
        "front-end on {}: {} articles, {:.1} MB, {} sentences, {} tokens (checksum {:016x}, same in all {} runs)",
        news_jsonl.display(),
        articles,
        bytes as f64 / 1e6,
        counts.sentences,
        counts.tokens,
        counts.checksum,
        2 * runs
    );
    println!("model load        {:>9.1} ms", load.as_secs_f64() * 1e3);
    println!(
        "1 thread          {:>9.0} sentences/s {:>10.0} tokens/s  ({:.2} s, median of {runs})",
        per_sec(counts.sentences, report.single),
        per_sec(counts.tokens, report.single),
        report.single.as_secs_f64()
    );
    println!(
        "{} threads         {:>9.0} sentences/s {:>10.0} tokens/s  ({:.2} s, median of {runs})",
        report.threads,
        per_sec(counts.sentences, report.parallel),
        per_sec(counts.tokens, report.parallel),
        report.parallel.as_secs_f64()
    );
    println!(
        "speed-up          {:>9.2}x",
        report.single.as_secs_f64() / report.parallel.as_secs_f64().max(1e-9)
    );
    if report.single_cpu > Duration::ZERO {
        println!(
            "per CPU second    {:>9.0} sentences/s {:>10.0} tokens/s  (1 thread: {:.2} CPU s; \
             {} threads: {:.0} sentences per CPU s, {:.2} CPU s; medians)",
            per_sec(counts.sentences, report.single_cpu),
            per_sec(counts.tokens, report.single_cpu),
            report.single_cpu.as_secs_f64(),
            report.threads,
            per_sec(counts.sentences, report.parallel_cpu),
            report.parallel_cpu.as_secs_f64()
        );
    }
    Ok(report)
}
