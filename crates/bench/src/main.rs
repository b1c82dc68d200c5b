//! dyad-bench: the benchmark harness.
//!
//! Every benchmark is a name, an input, a job and a check: the harness
//! refuses to report a time whose result (event count, dictionary size) is
//! not the expected one. Times are medians over repeated runs in one sitting,
//! printed with their spread and with ratios against the baseline figures
//! PETRARCH-2 reaches on this machine kind (from `../shared/docs`).
//!
//! ```text
//! cargo run --release -p dyad-bench -- [load|coder|frontend|news|all] [--runs N] [--record]
//! ```
//!
//! - `load`: the Phoenix set compiled from its files and from the cache, and
//!   the built-in set from its embedded cache;
//! - `coder`: pre-parsed GigaWord sentences repeated to 50,000, coded with
//!   the Phoenix set and with the built-in set, on one and two threads, and
//!   the peak memory of that job;
//! - `frontend`: dyad's own front-end (split, tokenize, tag, lemmatize,
//!   parse) on every article of `news.jsonl`, on one and two threads;
//! - `news`: the whole `dyad code news.jsonl` (the release binary, built-in
//!   dictionaries, JSON Lines out), end to end, with its CPU use and peak
//!   memory.
//!
//! Untimed, for instruction counts: `coder-once COPIES` codes the GigaWord
//! sample repeated `COPIES` times (Phoenix set, one thread) and prints the
//! event count; run under `valgrind --tool=cachegrind` at two copy counts,
//! the difference is the coding alone (BENCHMARKS.md §2).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use dyad_core::coder::Coder;
use dyad_core::date::Date;
use dyad_core::dict::{Dictionaries, DictionariesBuilder};
use dyad_core::tree::Tree;
use dyad_formats::petr_xml;
use rayon::prelude::*;

mod nlp;

/// The allocator of the `dyad` binary, so that in-process benchmarks
/// measure what the binary does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Targets of the front-end and end-to-end benchmarks (the project's
/// issues): sentences per second per core, and articles per second on two
/// cores.
const FRONTEND_TARGET_PER_CORE: f64 = 10_000.0;
const NEWS_TARGET_ARTICLES_PER_SEC: f64 = 1_500.0;

/// PETRARCH-2 on this machine kind (../shared/docs/petrarch2-notes.md §1).
const PETRARCH2_SENTENCES_PER_SEC: f64 = 1_800.0;
const PETRARCH2_LOAD_SECS: f64 = 1.6;
const PETRARCH2_PEAK_MB: f64 = 198.0;

/// The Phoenix set, as PETRARCH-2's default configuration names it.
const PHOENIX: [(&str, &str); 7] = [
    ("verbs", "CAMEO.2.0.txt"),
    ("actors", "Phoenix.Countries.actors.txt"),
    ("actors", "Phoenix.International.actors.txt"),
    ("actors", "Phoenix.MilNonState.actors.txt"),
    ("agents", "Phoenix.agents.txt"),
    ("discards", "Phoenix.discards.txt"),
    ("issues", "Phoenix.IssueCoding.txt"),
];

/// Sentences in the coding benchmark: the GigaWord sample repeated.
const MIN_SENTENCES: usize = 50_000;

struct Options {
    shared: PathBuf,
    runs: usize,
    /// Copies of the GigaWord sample for `coder-once`.
    copies: usize,
    record: bool,
    what: String,
}

/// One measured row.
struct Row {
    name: String,
    median: f64,
    mad: f64,
    unit: &'static str,
    check: String,
    extra: String,
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut opt = Options {
        shared: PathBuf::from("../shared"),
        runs: 5,
        copies: 0,
        record: false,
        what: "all".into(),
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--shared" => opt.shared = PathBuf::from(args.next().context("--shared DIR")?),
            "--runs" => opt.runs = args.next().context("--runs N")?.parse()?,
            "--record" => opt.record = true,
            "coder" | "load" | "frontend" | "news" | "all" | "coder-memory" => opt.what = a,
            "coder-once" => {
                opt.what = a;
                opt.copies = args.next().context("coder-once COPIES")?.parse()?;
            }
            "-h" | "--help" => {
                println!(
                    "usage: dyad-bench [load|coder|frontend|news|all|coder-once COPIES] [--runs N] \
                     [--record] [--shared DIR]"
                );
                return Ok(());
            }
            other => bail!("unknown argument {other} (try --help)"),
        }
    }
    if opt.what == "coder-memory" {
        return coder_memory(&opt);
    }
    if opt.what == "coder-once" {
        return coder_once(&opt);
    }
    let mut rows = Vec::new();
    if opt.what == "load" || opt.what == "all" {
        rows.extend(bench_load(&opt)?);
    }
    if opt.what == "coder" || opt.what == "all" {
        rows.extend(bench_coder(&opt)?);
        rows.push(measure_coder_memory()?);
    }
    if opt.what == "frontend" || opt.what == "all" {
        rows.extend(bench_frontend(&opt)?);
    }
    if opt.what == "news" || opt.what == "all" {
        rows.extend(bench_news(&opt)?);
    }
    let summary = render(&rows);
    print!("{summary}");
    if opt.record {
        record(&rows, &summary)?;
    }
    Ok(())
}

fn dict_dir(opt: &Options) -> PathBuf {
    opt.shared.join("data/petrarch2/dictionaries")
}

/// Reads and compiles the Phoenix set.
fn load_phoenix(dir: &Path) -> anyhow::Result<Dictionaries> {
    let mut b = DictionariesBuilder::new();
    for (kind, name) in PHOENIX {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        match kind {
            "verbs" => b.verbs(name, &text),
            "actors" => b.actors(name, &text),
            "agents" => b.agents(name, &text),
            "discards" => b.discards(name, &text),
            _ => b.issues(name, &text),
        };
    }
    Ok(b.build().0)
}

fn median_mad(mut xs: Vec<f64>) -> (f64, f64) {
    xs.sort_by(f64::total_cmp);
    let med = xs[xs.len() / 2];
    let mut dev: Vec<f64> = xs.iter().map(|x| (x - med).abs()).collect();
    dev.sort_by(f64::total_cmp);
    (med, dev[dev.len() / 2])
}

fn bench_load(opt: &Options) -> anyhow::Result<Vec<Row>> {
    let dir = dict_dir(opt);
    let reference = load_phoenix(&dir)?;
    let sizes = |d: &Dictionaries| {
        (d.actor_records().len(), d.verbs().n_patterns(), d.agents().len(), d.lexicon().len())
    };
    let want = sizes(&reference);
    let cache_path = std::env::temp_dir().join(format!("dyad-bench-{}.dict", std::process::id()));
    std::fs::write(&cache_path, reference.to_cache_bytes())?;
    let mut cold = Vec::new();
    let mut cached = Vec::new();
    for _ in 0..opt.runs {
        let t = Instant::now();
        let d = load_phoenix(&dir)?;
        cold.push(t.elapsed().as_secs_f64());
        if sizes(&d) != want {
            bail!("cold load gave different dictionaries");
        }
        let t = Instant::now();
        let bytes = std::fs::read(&cache_path)?;
        let d = Dictionaries::from_cache_bytes(&bytes)?;
        cached.push(t.elapsed().as_secs_f64());
        if sizes(&d) != want || d.fingerprint() != reference.fingerprint() {
            bail!("cached load gave different dictionaries");
        }
    }
    let cache_size = std::fs::metadata(&cache_path)?.len();
    std::fs::remove_file(&cache_path).ok();
    let builtin_want = sizes(&dyad_builtin::dictionaries());
    let mut builtin = Vec::new();
    for _ in 0..opt.runs {
        let t = Instant::now();
        let d = Dictionaries::from_cache_bytes(dyad_builtin::cache_bytes())?;
        builtin.push(t.elapsed().as_secs_f64());
        if sizes(&d) != builtin_want {
            bail!("built-in load gave different dictionaries");
        }
    }
    let (bm, bd) = median_mad(builtin);
    let check =
        format!("actors={} patterns={} agents={} words={} ok", want.0, want.1, want.2, want.3);
    let (cm, cd) = median_mad(cold);
    let (km, kd) = median_mad(cached);
    Ok(vec![
        Row {
            name: "load/phoenix-cold".into(),
            median: cm * 1e3,
            mad: cd * 1e3,
            unit: "ms",
            check: check.clone(),
            extra: format!(
                "PETRARCH-2 {:.0} ms: {:.1}x faster",
                PETRARCH2_LOAD_SECS * 1e3,
                PETRARCH2_LOAD_SECS / cm
            ),
        },
        Row {
            name: "load/phoenix-cached".into(),
            median: km * 1e3,
            mad: kd * 1e3,
            unit: "ms",
            check,
            extra: format!(
                "cache {:.1} MB; {:.1}x faster than cold",
                cache_size as f64 / 1e6,
                cm / km
            ),
        },
        Row {
            name: "load/builtin".into(),
            median: bm * 1e3,
            mad: bd * 1e3,
            unit: "ms",
            check: format!(
                "actors={} patterns={} agents={} words={} ok",
                builtin_want.0, builtin_want.1, builtin_want.2, builtin_want.3
            ),
            extra: format!(
                "embedded cache {:.1} MB; PETRARCH-2 {:.0} ms",
                dyad_builtin::cache_bytes().len() as f64 / 1e6,
                PETRARCH2_LOAD_SECS * 1e3
            ),
        },
    ])
}

/// The GigaWord sample's records: (parse, date, id).
fn gigaword(opt: &Options) -> anyhow::Result<Vec<(String, Option<Date>)>> {
    let path = opt.shared.join("data/petrarch2/text/GigaWord.sample.PETR.xml");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let doc = petr_xml::read_petr_xml(&text);
    Ok(doc
        .sentences()
        .map(|r| (r.parse.clone().unwrap_or_default(), Date::parse_compact(&r.date)))
        .collect())
}

/// Codes every record once; returns the number of events.
fn code_all(dicts: &Dictionaries, records: &[(String, Option<Date>)], threads: usize) -> usize {
    if threads == 1 {
        let mut coder = Coder::new(dicts);
        return records.iter().map(|(parse, date)| code_one(&mut coder, parse, *date)).sum();
    }
    records
        .par_iter()
        .map_init(|| Coder::new(dicts), |coder, (parse, date)| code_one(coder, parse, *date))
        .sum()
}

/// CPU seconds the calling thread has run, from
/// `/proc/thread-self/schedstat`; zero where that is not available.
fn thread_cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0.0, |ns| ns as f64 / 1e9)
}

fn code_one(coder: &mut Coder<'_>, parse: &str, date: Option<Date>) -> usize {
    // Each record is a story of its own: no pronoun reaches back into the
    // record before, whichever thread coded that.
    coder.begin_article();
    match Tree::from_ptb(parse) {
        Ok(tree) => coder.code_tree(&tree, date).events.len(),
        Err(_) => 0,
    }
}

fn bench_coder(opt: &Options) -> anyhow::Result<Vec<Row>> {
    let mut rows = bench_coder_with(opt, "phoenix", &load_phoenix(&dict_dir(opt))?)?;
    rows.extend(bench_coder_with(opt, "builtin", &dyad_builtin::dictionaries())?);
    Ok(rows)
}

fn bench_coder_with(opt: &Options, set: &str, dicts: &Dictionaries) -> anyhow::Result<Vec<Row>> {
    let sample = gigaword(opt)?;
    let copies = MIN_SENTENCES.div_ceil(sample.len());
    let per_copy = code_all(dicts, &sample, 1);
    let records: Vec<(String, Option<Date>)> =
        (0..copies).flat_map(|_| sample.iter().cloned()).collect();
    let want = per_copy * copies;
    let n = records.len();
    let mut rows = Vec::new();
    let mut single = 0.0;
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
        let (mut rates, mut cpu_rates) = (Vec::new(), Vec::new());
        for _ in 0..opt.runs {
            let t = Instant::now();
            let (events, cpu_secs) = pool.install(|| {
                let cpu = thread_cpu_secs();
                let events = code_all(dicts, &records, threads);
                (events, thread_cpu_secs() - cpu)
            });
            let secs = t.elapsed().as_secs_f64();
            if events != want {
                bail!("coder/{threads}: {events} events, expected {want}");
            }
            rates.push(n as f64 / secs);
            cpu_rates.push(n as f64 / cpu_secs.max(1e-9));
        }
        let (med, mad) = median_mad(rates);
        if threads == 1 {
            single = med;
        }
        let extra = if threads == 1 {
            // Sentences per CPU second of the coding thread is what other
            // processes on the machine disturb least: the figure to compare
            // builds by.
            format!(
                "{:.0}x PETRARCH-2 ({:.0}/s); {:.0}/CPU s",
                med / PETRARCH2_SENTENCES_PER_SEC,
                PETRARCH2_SENTENCES_PER_SEC,
                median_mad(cpu_rates).0
            )
        } else {
            format!("{:.2}x one thread", med / single)
        };
        rows.push(Row {
            name: format!("code/{set}/gigaword-x{copies}/{threads}thread"),
            median: med,
            mad,
            unit: "sent/s",
            check: format!("sentences={n} events={want} ok"),
            extra,
        });
    }
    Ok(rows)
}

/// `coder-once COPIES`: codes the GigaWord sample repeated `COPIES` times
/// with the Phoenix set on one thread, untimed, and prints the event count.
/// For counting instructions: the difference between two copy counts under
/// `valgrind --tool=cachegrind` is the coding work alone, which timings on
/// a noisy host cannot resolve.
fn coder_once(opt: &Options) -> anyhow::Result<()> {
    let dicts = load_phoenix(&dict_dir(opt))?;
    let sample = gigaword(opt)?;
    let records: Vec<(String, Option<Date>)> =
        (0..opt.copies).flat_map(|_| sample.iter().cloned()).collect();
    let events = code_all(&dicts, &records, 1);
    println!("{} sentences, {events} events", records.len());
    Ok(())
}

/// Runs the coder benchmark's work once in a child process and reads its
/// peak resident memory.
fn measure_coder_memory() -> anyhow::Result<Row> {
    let exe = std::env::current_exe()?;
    let mut cmd = std::process::Command::new(exe);
    let args: Vec<String> =
        std::env::args().skip(1).filter(|a| a != "coder" && a != "all" && a != "load").collect();
    let out = cmd.arg("coder-memory").args(&args).output()?;
    if !out.status.success() {
        bail!("coder-memory failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut fields = text.split_whitespace();
    let kb: f64 = fields.next().context("memory")?.parse()?;
    let events: usize = fields.next().context("events")?.parse()?;
    let mb = kb / 1024.0;
    Ok(Row {
        name: "memory/code-gigaword-50k".into(),
        median: mb,
        mad: 0.0,
        unit: "MB peak",
        check: format!("events={events} ok"),
        extra: format!("PETRARCH-2 {PETRARCH2_PEAK_MB:.0} MB"),
    })
}

/// Child side of [`measure_coder_memory`]: load, code 50,000 sentences on
/// both cores, print peak RSS (kB) and the event count.
fn coder_memory(opt: &Options) -> anyhow::Result<()> {
    let dicts = load_phoenix(&dict_dir(opt))?;
    let sample = gigaword(opt)?;
    let copies = MIN_SENTENCES.div_ceil(sample.len());
    let records: Vec<(String, Option<Date>)> =
        (0..copies).flat_map(|_| sample.iter().cloned()).collect();
    let events = code_all(&dicts, &records, 2);
    let status = std::fs::read_to_string("/proc/self/status")?;
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("0");
    println!("{hwm} {events}");
    Ok(())
}

fn render(rows: &[Row]) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "{:<34} {:>14} {:>10} {:<8} {:<48} {}\n",
        "benchmark", "median", "±mad", "unit", "check", "vs"
    ));
    for r in rows {
        s.push_str(&format!(
            "{:<34} {:>14.1} {:>10.1} {:<8} {:<48} {}\n",
            r.name, r.median, r.mad, r.unit, r.check, r.extra
        ));
    }
    s
}

fn record(rows: &[Row], summary: &str) -> anyhow::Result<()> {
    let date = std::process::Command::new("date").arg("+%Y-%m-%d").output()?;
    let date = String::from_utf8_lossy(&date.stdout).trim().to_string();
    let host = std::fs::read_to_string("/etc/hostname")
        .unwrap_or_else(|_| "host".into())
        .trim()
        .to_string();
    let commit =
        std::process::Command::new("git").args(["rev-parse", "--short", "HEAD"]).output()?;
    let commit = String::from_utf8_lossy(&commit.stdout).trim().to_string();
    let dir = PathBuf::from("bench/runs").join(format!("{date}-{host}"));
    std::fs::create_dir_all(&dir)?;
    let mut csv = String::from("benchmark,median,mad,unit,check\n");
    for r in rows {
        csv.push_str(&format!("{},{:.3},{:.3},{},{}\n", r.name, r.median, r.mad, r.unit, r.check));
    }
    std::fs::write(dir.join("raw.csv"), csv)?;
    std::fs::write(dir.join("summary.txt"), summary)?;
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let readme = format!(
        "# Benchmark run {date}\n\nCommand: `cargo run --release -p dyad-bench -- {}`\n\nCommit: {commit}\n\nCPU: {cpu} ({} cores)\n\n```\n{summary}```\n",
        std::env::args().skip(1).collect::<Vec<_>>().join(" "),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
    );
    std::fs::write(dir.join("README.md"), readme)?;
    eprintln!("recorded in {}", dir.display());
    Ok(())
}

fn news_path(opt: &Options) -> PathBuf {
    opt.shared.join("data/news/news.jsonl")
}

fn bench_frontend(opt: &Options) -> anyhow::Result<Vec<Row>> {
    let report = nlp::run_frontend_bench(&news_path(opt), opt.runs.min(3), 2)
        .map_err(|e| anyhow::anyhow!("front-end benchmark: {e}"))?;
    let c = report.counts;
    let check = format!(
        "articles={} ({:.0} MB) sentences={} tokens={} same in every run",
        report.articles,
        report.bytes as f64 / 1e6,
        c.sentences,
        c.tokens
    );
    let single = c.sentences as f64 / report.single.as_secs_f64();
    let parallel = c.sentences as f64 / report.parallel.as_secs_f64();
    Ok(vec![
        Row {
            name: "frontend/news/1thread".into(),
            median: single,
            mad: 0.0,
            unit: "sent/s",
            check: check.clone(),
            extra: format!(
                "target {FRONTEND_TARGET_PER_CORE:.0}/s per core: {:.2}x",
                single / FRONTEND_TARGET_PER_CORE
            ),
        },
        Row {
            name: format!("frontend/news/{}thread", report.threads),
            median: parallel,
            mad: 0.0,
            unit: "sent/s",
            check,
            extra: format!("{:.2}x one thread", parallel / single),
        },
        Row {
            name: "frontend/model-load".into(),
            median: report.load.as_secs_f64() * 1e3,
            mad: 0.0,
            unit: "ms",
            check: "models decoded".into(),
            extra: "target < 100 ms".into(),
        },
    ])
}

/// The release `dyad` binary beside this harness.
fn dyad_binary() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let path = exe.with_file_name("dyad");
    if !path.exists() {
        bail!("{} not found: cargo build --release -p dyad first", path.display());
    }
    Ok(path)
}

/// Counts in `dyad code`'s run report (its last line on standard error):
/// articles, sentences and events.
fn report_counts(stderr: &str) -> Option<(usize, usize, usize)> {
    let line =
        stderr.lines().rev().find(|l| l.starts_with("dyad: ") && l.contains(" articles: "))?;
    let number_before = |word: &str| -> Option<usize> {
        let at = line.find(word)?;
        line[..at].split_whitespace().last()?.parse().ok()
    };
    // "N articles: ... with no events, ...; N sentences, N events; ..."
    Some((number_before(" articles:")?, number_before(" sentences,")?, number_before(" events;")?))
}

fn bench_news(opt: &Options) -> anyhow::Result<Vec<Row>> {
    let dyad = dyad_binary()?;
    let input = news_path(opt);
    let out = std::env::temp_dir().join(format!("dyad-bench-news-{}.jsonl", std::process::id()));
    let mut rates = Vec::new();
    let mut cpu = Vec::new();
    let mut peak_kb = 0u64;
    let mut expected: Option<(usize, usize, usize)> = None;
    for _ in 0..opt.runs.min(3) {
        let t = Instant::now();
        let result = std::process::Command::new("/usr/bin/time")
            .args(["-f", "TIME %e %U %S %M"])
            .arg(&dyad)
            .arg("code")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .output()
            .context("running /usr/bin/time dyad code")?;
        let secs = t.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&result.stderr);
        if !result.status.success() {
            bail!("dyad code failed: {stderr}");
        }
        let counts = report_counts(&stderr).context("no run report from dyad code")?;
        let lines = std::fs::read_to_string(&out)?.lines().count();
        if lines != counts.2 {
            bail!("dyad code reported {} events but wrote {lines}", counts.2);
        }
        match expected {
            None => expected = Some(counts),
            Some(e) if e == counts => {}
            Some(e) => bail!("runs disagree: {counts:?} vs {e:?}"),
        }
        let times = stderr.lines().find_map(|l| l.strip_prefix("TIME ")).context("no timing")?;
        let f: Vec<f64> = times.split_whitespace().filter_map(|x| x.parse().ok()).collect();
        if f.len() == 4 {
            cpu.push((f[1] + f[2]) / f[0].max(1e-9) * 100.0);
            peak_kb = peak_kb.max(f[3] as u64);
        }
        rates.push(counts.0 as f64 / secs);
    }
    std::fs::remove_file(&out).ok();
    let (articles, sentences, events) = expected.unwrap_or_default();
    let (med, mad) = median_mad(rates);
    let (cpu_med, _) = median_mad(if cpu.is_empty() { vec![0.0] } else { cpu });
    Ok(vec![
        Row {
            name: "news/dyad-code-end-to-end".into(),
            median: med,
            mad,
            unit: "art/s",
            check: format!("articles={articles} sentences={sentences} events={events} ok"),
            extra: format!(
                "target {NEWS_TARGET_ARTICLES_PER_SEC:.0}/s: {:.2}x; CPU {cpu_med:.0}%",
                med / NEWS_TARGET_ARTICLES_PER_SEC
            ),
        },
        Row {
            name: "memory/dyad-code-news".into(),
            median: peak_kb as f64 / 1024.0,
            mad: 0.0,
            unit: "MB peak",
            check: format!("events={events} ok"),
            extra: "target < 500 MB".into(),
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::report_counts;

    #[test]
    fn reads_the_run_report() {
        let stderr = "dyad: warning: something\n\
                      dyad: 800 articles: 298 coded, 502 with no events, 0 rejected; \
                      957 sentences, 377 events; 0.1s, 6121 articles/s, 7322 sentences/s\n\
                      TIME 0.2 0.3 0.0 50000\n";
        assert_eq!(report_counts(stderr), Some((800, 957, 377)));
        assert_eq!(report_counts("dyad: nothing\n"), None);
    }
}
