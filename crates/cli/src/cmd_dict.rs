//! `dyad dict`: check, import, count and compare dictionary sets.
//!
//! A dictionary set is a directory. When it holds files in dyad's own format
//! (a first line `dyad <kind>`), those are read in path order; otherwise it
//! is read as a PETRARCH directory (its `PETR_config.ini`, else PETRARCH-2's
//! default file names), and `--verbs`, `--actors`, ... name the files
//! explicitly. Without a directory, the built-in dictionaries are used.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use dyad_core::dict::{Diagnostic, Dictionaries, DictionariesBuilder, Severity};

use crate::dictionaries::{self, DictionaryFiles};

/// `dyad dict` subcommands.
#[derive(Subcommand)]
pub enum DictCommand {
    /// Lint a dictionary set (dyad's format or PETRARCH's): syntax, unknown
    /// CAMEO codes, repeated or conflicting entries, overlapping date ranges,
    /// patterns that can never match. Exits 1 on errors.
    Check(CheckArgs),
    /// Convert PETRARCH dictionaries into dyad's format, then check that the
    /// result compiles to the same dictionaries.
    Import(ImportArgs),
    /// Print coverage counts: countries, organisations, groups, office
    /// holders, agents, verb patterns, CAMEO codes reachable.
    Stats(StatsArgs),
    /// Compare two dictionary sets as the coder sees them (ignoring file
    /// names, line numbers and comments). Exits 1 when they differ.
    Compare(CompareArgs),
}

/// Which dictionary set to read.
#[derive(Args, Clone, Default)]
pub struct SetArgs {
    /// Verb dictionary of a PETRARCH set, relative to the directory.
    #[arg(long)]
    pub verbs: Option<PathBuf>,
    /// Actor dictionaries of a PETRARCH set (repeatable).
    #[arg(long)]
    pub actors: Vec<PathBuf>,
    /// Agent dictionary of a PETRARCH set.
    #[arg(long)]
    pub agents: Option<PathBuf>,
    /// Discard list of a PETRARCH set.
    #[arg(long)]
    pub discards: Option<PathBuf>,
    /// Issue dictionary of a PETRARCH set.
    #[arg(long)]
    pub issues: Option<PathBuf>,
}

/// Arguments of `dyad dict check`.
#[derive(Args)]
pub struct CheckArgs {
    /// The dictionary directory (default: the built-in dictionaries).
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub set: SetArgs,
    /// Print only the summary, not each diagnostic.
    #[arg(long)]
    pub summary: bool,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub strict: bool,
}

/// Arguments of `dyad dict import`.
#[derive(Args)]
pub struct ImportArgs {
    /// The PETRARCH dictionary directory.
    pub dir: PathBuf,
    #[command(flatten)]
    pub set: SetArgs,
    /// Where to write the converted dictionaries.
    #[arg(short, long)]
    pub output: PathBuf,
}

/// Arguments of `dyad dict stats`.
#[derive(Args)]
pub struct StatsArgs {
    /// The dictionary directory (default: the built-in dictionaries).
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub set: SetArgs,
    /// Also list the CAMEO event codes no verb or pattern gives, and the
    /// CAMEO known groups no actor code contains.
    #[arg(long)]
    pub missing: bool,
}

/// Arguments of `dyad dict compare`.
#[derive(Args)]
pub struct CompareArgs {
    /// The first set (a directory).
    pub first: PathBuf,
    /// The second set (a directory).
    pub second: PathBuf,
    /// How many differing lines to show from each side.
    #[arg(long, default_value_t = 20)]
    pub show: usize,
}

/// Runs a `dyad dict` subcommand.
pub fn run(cmd: DictCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        DictCommand::Check(args) => check(args),
        DictCommand::Import(args) => import(args),
        DictCommand::Stats(args) => stats(args),
        DictCommand::Compare(args) => compare(args),
    }
}

/// A compiled set with what reading it said.
pub struct LoadedSet {
    /// The dictionaries.
    pub dicts: Dictionaries,
    /// Diagnostics from reading the files.
    pub diagnostics: Vec<Diagnostic>,
    /// What was read, for messages.
    pub label: String,
    /// True for dyad's own format (and the built-in set).
    pub native: bool,
}

/// Reads a dictionary set: dyad's format when the directory holds such
/// files, else PETRARCH's; the built-in set without a directory.
pub fn load_set(dir: Option<&Path>, set: &SetArgs) -> anyhow::Result<LoadedSet> {
    let Some(dir) = dir else {
        let (dicts, diagnostics) = (dyad_builtin::dictionaries(), dyad_builtin::diagnostics());
        return Ok(LoadedSet {
            dicts,
            diagnostics,
            label: "built-in dictionaries".into(),
            native: true,
        });
    };
    let explicit = set.verbs.is_some()
        || !set.actors.is_empty()
        || set.agents.is_some()
        || set.discards.is_some()
        || set.issues.is_some();
    if !explicit {
        let native = native_files(dir)?;
        if !native.is_empty() {
            let mut builder = DictionariesBuilder::new();
            for (name, text) in &native {
                builder.native(name, text);
            }
            let (dicts, diagnostics) = builder.build();
            let label = format!("{} ({} files in dyad's format)", dir.display(), native.len());
            return Ok(LoadedSet { dicts, diagnostics, label, native: true });
        }
    }
    let files = if explicit {
        DictionaryFiles {
            verbs: set.verbs.iter().map(|f| dir.join(f)).collect(),
            actors: set.actors.iter().map(|f| dir.join(f)).collect(),
            agents: set.agents.iter().map(|f| dir.join(f)).collect(),
            discards: set.discards.iter().map(|f| dir.join(f)).collect(),
            issues: set.issues.iter().map(|f| dir.join(f)).collect(),
        }
    } else {
        dictionaries::petrarch_dir(dir)?
    };
    let n_files = files.verbs.len()
        + files.actors.len()
        + files.agents.len()
        + files.discards.len()
        + files.issues.len();
    let (dicts, diagnostics) = dictionaries::load(&files)?;
    let label = format!("{} ({n_files} PETRARCH files)", dir.display());
    Ok(LoadedSet { dicts, diagnostics, label, native: false })
}

/// The files of a directory (recursively) that are in dyad's format, as
/// (path relative to the directory, text), in path order.
pub fn native_files(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut paths = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        if DictionariesBuilder::native_kind(&text).is_some() {
            let name = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            out.push((name, text));
        }
    }
    Ok(out)
}

/// Reader diagnostics followed by lint findings, without repeats.
fn all_diagnostics(set: &LoadedSet) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: std::collections::HashSet<(String, u32, String)> =
        std::collections::HashSet::new();
    for d in set.diagnostics.iter().cloned().chain(set.dicts.lint()) {
        if seen.insert((d.file.clone(), d.line, d.message.clone())) {
            out.push(d);
        }
    }
    out
}

/// A diagnostic's kind for the summary: its message with the quoted and
/// parenthesised parts and numbers taken out.
fn category(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    let mut depth = 0;
    for c in message.chars() {
        match c {
            '`' if depth == 0 => {
                quoted = !quoted;
                if quoted {
                    out.push_str("`…`");
                }
            }
            _ if quoted => {}
            '(' => {
                if depth == 0 {
                    out.push_str("(…)");
                }
                depth += 1;
            }
            ')' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            c if c.is_ascii_digit() => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            c => out.push(c),
        }
    }
    // File positions ("at X.txt:N") vary too.
    out.split(' ')
        .map(|w| if w.contains(":N") { "FILE:N" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let set = load_set(args.dir.as_deref(), &args.set)?;
    let diagnostics = all_diagnostics(&set);
    let mut out = std::io::stdout().lock();
    if !args.summary {
        for d in &diagnostics {
            writeln!(out, "{d}")?;
        }
    }
    let n_errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let n_warnings = diagnostics.len() - n_errors;
    let mut by_kind: BTreeMap<(Severity, String), usize> = BTreeMap::new();
    for d in &diagnostics {
        *by_kind.entry((d.severity, category(&d.message))).or_default() += 1;
    }
    writeln!(out, "{}: {n_errors} errors, {n_warnings} warnings", set.label)?;
    let mut rows: Vec<(&(Severity, String), &usize)> = by_kind.iter().collect();
    rows.sort_by(|a, b| b.0.0.cmp(&a.0.0).then(b.1.cmp(a.1)));
    for ((severity, kind), n) in rows {
        let s = if *severity == Severity::Error { "error" } else { "warning" };
        writeln!(out, "{n:>8}  {s}: {kind}")?;
    }
    // A PETRARCH set's own defects are reported, not failed on: PETRARCH
    // itself loads such files, skipping the bad lines.
    let failed = (n_errors > 0 && (set.native || args.strict)) || (args.strict && n_warnings > 0);
    if n_errors > 0 && !set.native && !args.strict {
        writeln!(
            out,
            "(errors in PETRARCH-format files are reported only; --strict fails on them)"
        )?;
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let set = load_set(Some(&args.dir), &args.set)?;
    let files = set.dicts.to_native();
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("creating {}", args.output.display()))?;
    let mut builder = DictionariesBuilder::new();
    for (name, text) in &files {
        let path = args.output.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        writeln!(out, "wrote {} ({} lines)", path.display(), text.lines().count())?;
        builder.native(name, text);
    }
    let (back, diagnostics) = builder.build();
    let n_errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let (before, after) = (set.dicts.canonical_text(), back.canonical_text());
    let (only_before, only_after) = line_diff(&before, &after);
    writeln!(
        out,
        "{}: {} entries; converted files read back with {n_errors} errors, {} warnings",
        set.label,
        before.lines().count(),
        diagnostics.len() - n_errors
    )?;
    if only_before.is_empty() && only_after.is_empty() {
        writeln!(out, "round trip: the converted dictionaries compile to the same dictionaries")?;
        Ok(if n_errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
    } else {
        writeln!(
            out,
            "round trip: {} entries lost, {} entries added",
            only_before.len(),
            only_after.len()
        )?;
        show_diff(&mut out, &only_before, &only_after, 20)?;
        Ok(ExitCode::from(1))
    }
}

/// Lines of `a` not in `b` and of `b` not in `a`, as multisets, in order.
fn line_diff<'t>(a: &'t str, b: &'t str) -> (Vec<&'t str>, Vec<&'t str>) {
    let mut count: BTreeMap<&str, i64> = BTreeMap::new();
    for l in a.lines() {
        *count.entry(l).or_default() += 1;
    }
    for l in b.lines() {
        *count.entry(l).or_default() -= 1;
    }
    let mut left = count.clone();
    let only_a = a
        .lines()
        .filter(|l| {
            let n = left.get_mut(l).expect("counted");
            if *n > 0 {
                *n -= 1;
                true
            } else {
                false
            }
        })
        .collect();
    let only_b = b
        .lines()
        .filter(|l| {
            let n = count.get_mut(l).expect("counted");
            if *n < 0 {
                *n += 1;
                true
            } else {
                false
            }
        })
        .collect();
    (only_a, only_b)
}

fn show_diff(
    out: &mut impl std::io::Write,
    only_a: &[&str],
    only_b: &[&str],
    n: usize,
) -> std::io::Result<()> {
    for l in only_a.iter().take(n) {
        writeln!(out, "- {l}")?;
    }
    for l in only_b.iter().take(n) {
        writeln!(out, "+ {l}")?;
    }
    Ok(())
}

fn stats(args: StatsArgs) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let set = load_set(args.dir.as_deref(), &args.set)?;
    writeln!(out, "{}", set.label)?;
    for (what, n) in set.dicts.coverage() {
        writeln!(out, "{n:>9}  {what}")?;
    }
    if args.missing {
        let missing = set.dicts.unreachable_event_codes();
        writeln!(
            out,
            "CAMEO event codes no verb or pattern gives ({}): {}",
            missing.len(),
            missing.join(" ")
        )?;
        let groups = set.dicts.uncovered_known_groups();
        writeln!(
            out,
            "CAMEO known groups no actor code contains ({}): {}",
            groups.len(),
            groups.join(" ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn compare(args: CompareArgs) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let a = load_set(Some(&args.first), &SetArgs::default())?;
    let b = load_set(Some(&args.second), &SetArgs::default())?;
    let (ta, tb) = (a.dicts.canonical_text(), b.dicts.canonical_text());
    let (only_a, only_b) = line_diff(&ta, &tb);
    if only_a.is_empty() && only_b.is_empty() {
        writeln!(
            out,
            "{} and {} compile to the same dictionaries ({} entries)",
            a.label,
            b.label,
            ta.lines().count()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{}: {} entries only there; {}: {} entries only there",
        a.label,
        only_a.len(),
        b.label,
        only_b.len()
    )?;
    show_diff(&mut out, &only_a, &only_b, args.show)?;
    Ok(ExitCode::from(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories() {
        assert_eq!(category("`174K` is not a CAMEO event code"), "`…` is not a CAMEO event code");
        assert_eq!(
            category("actor phrase `x` repeats the one at a.txt:12; this one is never used"),
            "actor phrase `…` repeats the one at FILE:N this one is never used"
        );
    }

    #[test]
    fn diffs() {
        let (a, b) = line_diff("x\ny\ny\nz\n", "y\nz\nw\n");
        assert_eq!(a, ["x", "y"]);
        assert_eq!(b, ["w"]);
    }

    #[test]
    fn native_directory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("actors")).unwrap();
        std::fs::write(dir.path().join("actors/a.txt"), "dyad actors\nArnor = ARN\n").unwrap();
        std::fs::write(dir.path().join("README.txt"), "not a dictionary\n").unwrap();
        let set = load_set(Some(dir.path()), &SetArgs::default()).unwrap();
        assert_eq!(set.dicts.actor_records().len(), 1);
        assert_eq!(set.dicts.files(), ["actors/a.txt"]);
    }
}
