//! dyad-bench: the benchmark harness.
//!
//! Every benchmark is a name, an input, a job and a check: the harness
//! refuses to report a time whose result (event count, dictionary size) is
//! not the expected one. Times are medians over repeated runs in one sitting,
//! printed with their spread and with ratios against the baseline figures
//! PETRARCH-2 reaches on this machine kind (from `../shared/docs`).
//!
//! ```text
//! cargo run --release -p dyad-bench -- [coder|load|frontend|all] [--runs N] [--record]
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use dyad_core::coder::Coder;
use dyad_core::date::Date;
use dyad_core::dict::{Dictionaries, DictionariesBuilder};
use dyad_core::tree::Tree;
use dyad_formats::petr_xml;
use rayon::prelude::*;

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
    let mut opt =
        Options { shared: PathBuf::from("../shared"), runs: 5, record: false, what: "all".into() };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--shared" => opt.shared = PathBuf::from(args.next().context("--shared DIR")?),
            "--runs" => opt.runs = args.next().context("--runs N")?.parse()?,
            "--record" => opt.record = true,
            "coder" | "load" | "all" | "coder-memory" => opt.what = a,
            other => bail!("unknown argument {other}"),
        }
    }
    if opt.what == "coder-memory" {
        return coder_memory(&opt);
    }
    let mut rows = Vec::new();
    if opt.what == "load" || opt.what == "all" {
        rows.extend(bench_load(&opt)?);
    }
    if opt.what == "coder" || opt.what == "all" {
        rows.extend(bench_coder(&opt)?);
        rows.push(measure_coder_memory()?);
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

fn code_one(coder: &mut Coder<'_>, parse: &str, date: Option<Date>) -> usize {
    match Tree::from_ptb(parse) {
        Ok(tree) => coder.code_tree(&tree, date).events.len(),
        Err(_) => 0,
    }
}

fn bench_coder(opt: &Options) -> anyhow::Result<Vec<Row>> {
    let dicts = load_phoenix(&dict_dir(opt))?;
    let sample = gigaword(opt)?;
    let copies = MIN_SENTENCES.div_ceil(sample.len());
    let per_copy = code_all(&dicts, &sample, 1);
    let records: Vec<(String, Option<Date>)> =
        (0..copies).flat_map(|_| sample.iter().cloned()).collect();
    let want = per_copy * copies;
    let n = records.len();
    let mut rows = Vec::new();
    let mut single = 0.0;
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
        let mut rates = Vec::new();
        for _ in 0..opt.runs {
            let t = Instant::now();
            let events = pool.install(|| code_all(&dicts, &records, threads));
            let secs = t.elapsed().as_secs_f64();
            if events != want {
                bail!("coder/{threads}: {events} events, expected {want}");
            }
            rates.push(n as f64 / secs);
        }
        let (med, mad) = median_mad(rates);
        if threads == 1 {
            single = med;
        }
        let extra = if threads == 1 {
            format!(
                "{:.0}x PETRARCH-2 ({:.0}/s)",
                med / PETRARCH2_SENTENCES_PER_SEC,
                PETRARCH2_SENTENCES_PER_SEC
            )
        } else {
            format!("{:.2}x one thread", med / single)
        };
        rows.push(Row {
            name: format!("code/gigaword-x{copies}/{threads}thread"),
            median: med,
            mad,
            unit: "sent/s",
            check: format!("sentences={n} events={want} ok"),
            extra,
        });
    }
    Ok(rows)
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
