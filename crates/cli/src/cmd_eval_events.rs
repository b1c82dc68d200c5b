//! `dyad eval events`: score coded events against gold annotations.
//!
//! The gold file has one row per gold event, its columns separated by tabs
//! (format in `eval/gold/README.md`):
//!
//! ```text
//! id start end source target code status note
//! AFP0808020905_1 0 198 USAMIL LBNGOV 040 event held talks
//! GOLD_5 0 14 - - - none headline, no event
//! ```
//!
//! `id` is the article id, `start`/`end` the sentence's character offsets
//! in the article text, `status` is `event` (required), `optional` (neither
//! counted as missed nor as spurious) or `none` (the sentence is annotated
//! and has no event). `source`, `target` and `code` may list alternatives
//! separated by `|`. Lines starting with `#` are comments.
//!
//! Each produced event (a JSON Lines record of `dyad code`) goes to the gold
//! sentence of its article that its span overlaps most (for pre-parsed
//! input, the sentence whose id is its `sentence_id`); events outside the
//! annotated sentences are counted and ignored. Identical (source, target,
//! code) triples within a sentence count once. Gold and produced events are
//! then matched one to one, tier by tier: first exactly, then among the
//! rest with the same actors and root code, then with the same principal
//! actors (see [`principal`]) and root code.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Args;
use dyad_formats::event_record::{EventKey, read_event_keys};

/// Arguments of `dyad eval events`.
#[derive(Args)]
pub struct EvalEventsArgs {
    /// Gold annotations (TSV; see eval/gold/README.md).
    #[arg(long)]
    pub gold: PathBuf,
    /// Event records from `dyad code` (JSON Lines), one file per run; several
    /// runs are compared side by side.
    #[arg(required = true)]
    pub events: Vec<PathBuf>,
    /// A name for each run, in order (default: the file name without its
    /// extension).
    #[arg(long = "label")]
    pub labels: Vec<String>,
    /// Also print an event-by-event table: each gold event and the tier at
    /// which each run found it, then each run's spurious events.
    #[arg(long)]
    pub table: bool,
}

/// How closely a produced event matches a gold event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    /// Same source, target and event code.
    Exact,
    /// Same source and target, same root code (first two digits).
    Root,
    /// Same principal actors, same root code.
    Country,
}

const TIERS: [Tier; 3] = [Tier::Exact, Tier::Root, Tier::Country];

impl Tier {
    fn name(self) -> &'static str {
        match self {
            Tier::Exact => "exact",
            Tier::Root => "root",
            Tier::Country => "country",
        }
    }
}

/// Whether a gold event must be found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Required,
    Optional,
}

/// A gold event: alternatives for each field.
#[derive(Clone, Debug, PartialEq, Eq)]
struct GoldEvent {
    source: Vec<String>,
    target: Vec<String>,
    code: Vec<String>,
    status: Status,
}

/// A coded event: one source, target and code.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Triple {
    source: String,
    target: String,
    code: String,
}

impl std::fmt::Display for Triple {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.source, self.target, self.code)
    }
}

impl GoldEvent {
    fn matches(&self, produced: &Triple, tier: Tier) -> bool {
        let same = |alts: &[String], value: &str, level: Tier| match level {
            Tier::Exact | Tier::Root => alts.iter().any(|a| a == value),
            Tier::Country => alts.iter().any(|a| principal(a) == principal(value)),
        };
        let code_ok = match tier {
            Tier::Exact => self.code.contains(&produced.code),
            Tier::Root | Tier::Country => self.code.iter().any(|c| root(c) == root(&produced.code)),
        };
        code_ok
            && same(&self.source, &produced.source, tier)
            && same(&self.target, &produced.target, tier)
    }

    /// The event as a Markdown table cell: alternatives joined by `\|`.
    fn label(&self) -> String {
        let alts = |v: &[String]| v.join("\\|");
        let mut s = format!("{} {} {}", alts(&self.source), alts(&self.target), alts(&self.code));
        if self.status == Status::Optional {
            s.push_str(" (optional)");
        }
        s
    }
}

/// The CAMEO root of an event code: its first two digits.
fn root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// The principal of an actor code: its first three-letter block (the
/// country, region, or `---` for none), or its first two for the
/// international types (`IGO`, `NGO`, `IMG`, `MNC`, `NGM`, `INT`), whose
/// first block says little (`IGOUNO` and `IGOEUREEC` are `IGOUNO` and
/// `IGOEUR`).
fn principal(code: &str) -> &str {
    let first = code.get(..3).unwrap_or(code);
    if matches!(first, "IGO" | "NGO" | "IMG" | "MNC" | "NGM" | "INT") {
        code.get(..6).unwrap_or(code)
    } else {
        first
    }
}

/// An annotated sentence.
#[derive(Debug)]
struct GoldSentence {
    id: String,
    start: usize,
    end: usize,
    events: Vec<GoldEvent>,
}

/// Reads a gold TSV file.
fn read_gold(path: &Path) -> anyhow::Result<Vec<GoldSentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse_gold(&text).with_context(|| format!("reading {}", path.display()))
}

fn parse_gold(text: &str) -> anyhow::Result<Vec<GoldSentence>> {
    let mut sentences: Vec<GoldSentence> = Vec::new();
    let mut index: HashMap<(String, usize, usize), usize> = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 7 {
            bail!("line {n}: {} columns, expected 7 or 8", cols.len());
        }
        if cols[0] == "id" && cols[1] == "start" {
            continue;
        }
        let number = |s: &str, what: &str| {
            s.trim().parse::<usize>().with_context(|| format!("line {n}: bad {what} {s:?}"))
        };
        let (start, end) = (number(cols[1], "start")?, number(cols[2], "end")?);
        if end < start {
            bail!("line {n}: end {end} before start {start}");
        }
        let key = (cols[0].to_string(), start, end);
        let at = *index.entry(key).or_insert_with(|| {
            sentences.push(GoldSentence {
                id: cols[0].to_string(),
                start,
                end,
                events: Vec::new(),
            });
            sentences.len() - 1
        });
        let alts = |s: &str| s.split('|').map(|a| a.trim().to_string()).collect::<Vec<_>>();
        let status = match cols[6].trim() {
            "event" => Status::Required,
            "optional" => Status::Optional,
            "none" => continue,
            other => bail!("line {n}: status {other:?}, expected event, optional or none"),
        };
        let event =
            GoldEvent { source: alts(cols[3]), target: alts(cols[4]), code: alts(cols[5]), status };
        if event
            .source
            .iter()
            .chain(&event.target)
            .chain(&event.code)
            .any(|a| a.is_empty() || a == "-")
        {
            bail!("line {n}: an event needs a source, a target and a code");
        }
        sentences[at].events.push(event);
    }
    Ok(sentences)
}

/// The produced events of one run, by gold sentence.
struct Run {
    label: String,
    /// Distinct triples per gold sentence (index into the gold list).
    by_sentence: Vec<Vec<Triple>>,
    /// Events read.
    total: usize,
    /// Events outside every annotated sentence.
    outside: usize,
    /// Repeated triples within a sentence, counted once.
    repeated: usize,
}

fn assign(gold: &[GoldSentence], events: Vec<EventKey>, label: String) -> Run {
    let mut by_article: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, s) in gold.iter().enumerate() {
        by_article.entry(s.id.as_str()).or_default().push(i);
        by_id.entry(s.id.as_str()).or_insert(i);
    }
    let mut by_sentence = vec![Vec::new(); gold.len()];
    let (total, mut outside, mut repeated) = (events.len(), 0, 0);
    for e in events {
        let place = match (&e.sentence_id, e.span) {
            (Some(id), _) if by_id.contains_key(id.as_str()) => Some(by_id[id.as_str()]),
            (_, Some(span)) => by_article.get(e.article_id.as_str()).and_then(|candidates| {
                candidates
                    .iter()
                    .map(|&i| {
                        let overlap =
                            span.end.min(gold[i].end).saturating_sub(span.start.max(gold[i].start));
                        (overlap, std::cmp::Reverse(i))
                    })
                    .filter(|&(overlap, _)| overlap > 0)
                    .max()
                    .map(|(_, std::cmp::Reverse(i))| i)
            }),
            (_, None) => match by_article.get(e.article_id.as_str()).map(Vec::as_slice) {
                Some(&[only]) => Some(only),
                _ => None,
            },
        };
        let Some(i) = place else {
            outside += 1;
            continue;
        };
        let triple = Triple { source: e.source, target: e.target, code: e.code };
        if by_sentence[i].contains(&triple) {
            repeated += 1;
        } else {
            by_sentence[i].push(triple);
        }
    }
    Run { label, by_sentence, total, outside, repeated }
}

/// One sentence's matching: for each gold event, the produced event it was
/// matched to and at which tier; the produced events no gold event took.
#[derive(Debug, Default)]
struct SentenceMatch {
    /// Per gold event: (tier, index of the produced event).
    gold: Vec<Option<(Tier, usize)>>,
    /// Per tier (as in [`TIERS`]): produced events left unmatched that an
    /// optional gold event accounts for.
    neutral: [usize; 3],
}

/// Maximum bipartite matching of `left` to `right` where `ok(l, r)`, only
/// over the `free` entries of each side (Kuhn's algorithm; the sets are a
/// few events each).
fn max_matching(
    n_left: usize,
    n_right: usize,
    ok: impl Fn(usize, usize) -> bool,
    left_free: &[bool],
    right_free: &[bool],
) -> Vec<Option<usize>> {
    fn augment(
        l: usize,
        ok: &dyn Fn(usize, usize) -> bool,
        right_free: &[bool],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for r in 0..owner.len() {
            if right_free[r] && !seen[r] && ok(l, r) {
                seen[r] = true;
                if owner[r].is_none_or(|other| augment(other, ok, right_free, seen, owner)) {
                    owner[r] = Some(l);
                    return true;
                }
            }
        }
        false
    }
    let mut owner = vec![None; n_right];
    for l in (0..n_left).filter(|&l| left_free[l]) {
        let mut seen = vec![false; n_right];
        augment(l, &ok, right_free, &mut seen, &mut owner);
    }
    let mut of_left = vec![None; n_left];
    for (r, l) in owner.iter().enumerate() {
        if let Some(l) = l {
            of_left[*l] = Some(r);
        }
    }
    of_left
}

fn match_sentence(gold: &[GoldEvent], produced: &[Triple]) -> SentenceMatch {
    let mut result = SentenceMatch { gold: vec![None; gold.len()], neutral: [0; 3] };
    let mut produced_free = vec![true; produced.len()];
    let optional: Vec<bool> = gold.iter().map(|g| g.status == Status::Optional).collect();
    for (t, &tier) in TIERS.iter().enumerate() {
        let at_tier = |gold_free: &[bool], produced_free: &[bool]| {
            let ok = |g: usize, p: usize| gold[g].matches(&produced[p], tier);
            max_matching(gold.len(), produced.len(), ok, gold_free, produced_free)
        };
        let gold_free: Vec<bool> = gold
            .iter()
            .zip(&result.gold)
            .map(|(g, m)| g.status == Status::Required && m.is_none())
            .collect();
        for (g, p) in at_tier(&gold_free, &produced_free).iter().enumerate() {
            if let Some(p) = *p {
                result.gold[g] = Some((tier, p));
                produced_free[p] = false;
            }
        }
        result.neutral[t] = at_tier(&optional, &produced_free).iter().flatten().count();
    }
    result
}

/// Counts at one tier.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn ratio(a: usize, b: usize) -> f64 {
        if b == 0 { 0.0 } else { a as f64 / b as f64 }
    }
    fn precision(self) -> f64 {
        Self::ratio(self.tp, self.tp + self.fp)
    }
    fn recall(self) -> f64 {
        Self::ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

/// Scores of one run.
struct Score {
    tiers: [Counts; 3],
    /// Sentences annotated as having no event, and how many of them the run
    /// left without events.
    empty_sentences: usize,
    empty_kept_empty: usize,
    matches: Vec<SentenceMatch>,
}

fn score(gold: &[GoldSentence], run: &Run) -> Score {
    let mut tiers = [Counts::default(); 3];
    let (mut empty_sentences, mut empty_kept_empty) = (0, 0);
    let mut matches = Vec::with_capacity(gold.len());
    for (s, produced) in gold.iter().zip(&run.by_sentence) {
        let m = match_sentence(&s.events, produced);
        let required = s.events.iter().filter(|g| g.status == Status::Required).count();
        if required == 0 {
            empty_sentences += 1;
            if produced.len() == m.neutral[2] {
                empty_kept_empty += 1;
            }
        }
        for (t, &tier) in TIERS.iter().enumerate() {
            let tp = m.gold.iter().flatten().filter(|(found, _)| *found <= tier).count();
            tiers[t].tp += tp;
            tiers[t].fn_ += required - tp;
            tiers[t].fp += produced.len() - tp - m.neutral[t];
        }
        matches.push(m);
    }
    Score { tiers, empty_sentences, empty_kept_empty, matches }
}

/// Runs `dyad eval events`.
#[allow(clippy::print_stdout)]
pub fn run(args: EvalEventsArgs) -> anyhow::Result<ExitCode> {
    if args.labels.len() > args.events.len() {
        bail!("{} labels for {} event files", args.labels.len(), args.events.len());
    }
    let gold = read_gold(&args.gold)?;
    let mut runs = Vec::new();
    for (i, path) in args.events.iter().enumerate() {
        let file =
            std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
        let events = read_event_keys(BufReader::new(file))
            .with_context(|| format!("reading {}", path.display()))?;
        let label = args.labels.get(i).cloned().unwrap_or_else(|| {
            path.file_stem()
                .map_or_else(|| path.display().to_string(), |s| s.to_string_lossy().into_owned())
        });
        runs.push(assign(&gold, events, label));
    }
    let scores: Vec<Score> = runs.iter().map(|r| score(&gold, r)).collect();
    print!("{}", summary(&args.gold, &gold, &runs, &scores));
    if args.table {
        print!("\n{}", table(&gold, &runs, &scores));
    }
    Ok(ExitCode::SUCCESS)
}

fn summary(path: &Path, gold: &[GoldSentence], runs: &[Run], scores: &[Score]) -> String {
    let events = gold.iter().flat_map(|s| &s.events);
    let required = events.clone().filter(|g| g.status == Status::Required).count();
    let optional = events.count() - required;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "gold {}: {} sentences, {} events (and {} optional)\n",
        path.display(),
        gold.len(),
        required,
        optional
    );
    for run in runs {
        let _ = writeln!(
            out,
            "{}: {} events, {} in annotated sentences, {} outside, {} repeats counted once",
            run.label,
            run.total,
            run.total - run.outside - run.repeated,
            run.outside,
            run.repeated
        );
    }
    let _ = writeln!(out, "\n| tier | run | TP | FP | FN | precision | recall | F1 |");
    let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|");
    for (t, tier) in TIERS.iter().enumerate() {
        for (run, s) in runs.iter().zip(scores) {
            let c = s.tiers[t];
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {:.1}% | {:.1}% | {:.1}% |",
                tier.name(),
                run.label,
                c.tp,
                c.fp,
                c.fn_,
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1()
            );
        }
    }
    let _ = writeln!(out);
    for (run, s) in runs.iter().zip(scores) {
        let _ = writeln!(
            out,
            "{}: {} of {} sentences with no gold event left without events",
            run.label, s.empty_kept_empty, s.empty_sentences
        );
    }
    out
}

fn table(gold: &[GoldSentence], runs: &[Run], scores: &[Score]) -> String {
    let mut out = String::from("| sentence | gold event |");
    for run in runs {
        let _ = write!(out, " {} |", run.label);
    }
    out.push_str("\n|---|---|");
    out.push_str(&"---|".repeat(runs.len()));
    out.push('\n');
    for (i, s) in gold.iter().enumerate() {
        let place = format!("{} {}-{}", s.id, s.start, s.end);
        let mut first = true;
        let mut row = |out: &mut String, what: String, cells: Vec<String>| {
            let _ = write!(out, "| {} | {} |", if first { place.as_str() } else { "" }, what);
            for c in cells {
                let _ = write!(out, " {c} |");
            }
            out.push('\n');
            first = false;
        };
        if s.events.is_empty() {
            row(&mut out, "none".into(), runs.iter().map(|_| String::new()).collect());
        }
        for (g, event) in s.events.iter().enumerate() {
            let cells = runs
                .iter()
                .zip(scores)
                .map(|(run, sc)| match sc.matches[i].gold[g] {
                    Some((Tier::Exact, _)) => "exact".to_string(),
                    Some((tier, p)) => format!("{}: {}", tier.name(), run.by_sentence[i][p]),
                    None if event.status == Status::Optional => String::new(),
                    None => "missed".to_string(),
                })
                .collect();
            row(&mut out, event.label(), cells);
        }
        // Produced events no required gold event took: spurious, or accounted
        // for by an optional one.
        let mut extra: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (r, (run, sc)) in runs.iter().zip(scores).enumerate() {
            let taken: Vec<usize> = sc.matches[i].gold.iter().flatten().map(|&(_, p)| p).collect();
            for (p, t) in run.by_sentence[i].iter().enumerate() {
                if !taken.contains(&p) {
                    let optional = s
                        .events
                        .iter()
                        .any(|g| g.status == Status::Optional && g.matches(t, Tier::Country));
                    let key = if optional { "(optional)" } else { "(spurious)" };
                    let cells = extra
                        .entry(format!("{key} {t}"))
                        .or_insert_with(|| vec![String::new(); runs.len()]);
                    cells[r] = "produced".to_string();
                }
            }
        }
        for (what, cells) in extra {
            row(&mut out, what, cells);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_formats::event_record::Span;

    fn key(article: &str, start: usize, end: usize, s: &str, t: &str, c: &str) -> EventKey {
        EventKey {
            article_id: article.into(),
            sentence_id: None,
            span: Some(Span { start, end }),
            source: s.into(),
            target: t.into(),
            code: c.into(),
        }
    }

    const GOLD: &str = "id\tstart\tend\tsource\ttarget\tcode\tstatus\tnote
# a comment
a\t0\t50\tUSAGOV\tRUSGOV\t036\tevent\tmeet
a\t0\t50\tUSAGOV\tRUS|RUSGOV\t042\toptional\tvisit
a\t51\t90\t-\t-\t-\tnone\tno event
b\t0\t40\tFRA\tRWA\t111\tevent\t
b\t0\t40\tRWA\tFRA\t1124\tevent\t
";

    #[test]
    fn principals_and_roots() {
        assert_eq!(principal("USAGOV"), "USA");
        assert_eq!(principal("IGOEUREEC"), "IGOEUR");
        assert_eq!(principal("---GOV"), "---");
        assert_eq!(principal("US"), "US");
        assert_eq!(root("0356"), "03");
    }

    #[test]
    fn gold_file() {
        let gold = parse_gold(GOLD).unwrap();
        assert_eq!(gold.len(), 3);
        assert_eq!(gold[0].events.len(), 2);
        assert_eq!(gold[0].events[1].target, vec!["RUS", "RUSGOV"]);
        assert!(gold[1].events.is_empty());
        assert!(parse_gold("a\t0\t5\tUSA\t-\t010\tevent\n").is_err());
        assert!(parse_gold("a\t0\t5\tUSA\tRUS\t010\tmaybe\n").is_err());
        assert!(parse_gold("a\tx\t5\tUSA\tRUS\t010\tevent\n").is_err());
    }

    #[test]
    fn tiers_spans_optional_and_repeats() {
        let gold = parse_gold(GOLD).unwrap();
        let events = vec![
            // sentence a (span 2-48 overlaps gold 0-50): root match
            key("a", 2, 48, "USAGOV", "RUSGOV", "030"),
            key("a", 2, 48, "USAGOV", "RUSGOV", "030"),
            // optional visit: neutral at every tier
            key("a", 2, 48, "USAGOV", "RUS", "042"),
            // the none sentence: spurious
            key("a", 51, 90, "USA", "RUS", "010"),
            // sentence b: exact, and a country-level match of 1124
            key("b", 0, 40, "FRA", "RWA", "111"),
            key("b", 0, 40, "RWAGOV", "FRA", "112"),
            // outside the annotated sentences
            key("c", 0, 10, "USA", "RUS", "010"),
        ];
        let run = assign(&gold, events, "t".into());
        assert_eq!((run.total, run.outside, run.repeated), (7, 1, 1));
        let s = score(&gold, &run);
        assert_eq!(s.tiers[0], Counts { tp: 1, fp: 3, fn_: 2 });
        assert_eq!(s.tiers[1], Counts { tp: 2, fp: 2, fn_: 1 });
        assert_eq!(s.tiers[2], Counts { tp: 3, fp: 1, fn_: 0 });
        assert_eq!((s.empty_sentences, s.empty_kept_empty), (1, 0));
        let t = table(&gold, &[run], &[s]);
        assert!(t.contains("| a 0-50 | USAGOV RUSGOV 036 | root: USAGOV RUSGOV 030 |"), "{t}");
        assert!(t.contains("| (optional) USAGOV RUS 042 | produced |"), "{t}");
        assert!(
            t.contains("| a 51-90 | none |  |\n|  | (spurious) USA RUS 010 | produced |"),
            "{t}"
        );
        assert!(t.contains("| RWA FRA 1124 | country: RWAGOV FRA 112 |"), "{t}");
    }

    #[test]
    fn matching_is_one_to_one_and_maximal() {
        // Greedy would give the first gold event the only produced event
        // both accept at the country tier.
        let gold = vec![
            GoldEvent {
                source: vec!["USA".into()],
                target: vec!["RUS".into()],
                code: vec!["040".into()],
                status: Status::Required,
            },
            GoldEvent {
                source: vec!["USAGOV".into()],
                target: vec!["RUS".into()],
                code: vec!["042".into()],
                status: Status::Required,
            },
        ];
        let t =
            |s: &str, c: &str| Triple { source: s.into(), target: "RUS".into(), code: c.into() };
        let m = match_sentence(&gold, &[t("USAMIL", "043"), t("USA", "040")]);
        assert_eq!(m.gold, vec![Some((Tier::Exact, 1)), Some((Tier::Country, 0))]);
    }
}
