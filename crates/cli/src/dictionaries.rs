//! Loading dictionary files from disk.

use std::path::PathBuf;

use anyhow::Context;
use dyad_core::dict::{Diagnostic, Dictionaries, DictionariesBuilder};

/// The files of a dictionary set, by kind.
#[derive(Clone, Debug, Default)]
pub struct DictionaryFiles {
    /// Verb dictionaries.
    pub verbs: Vec<PathBuf>,
    /// Actor dictionaries.
    pub actors: Vec<PathBuf>,
    /// Agent dictionaries.
    pub agents: Vec<PathBuf>,
    /// Discard lists.
    pub discards: Vec<PathBuf>,
    /// Issue dictionaries.
    pub issues: Vec<PathBuf>,
}

/// Reads and compiles a dictionary set. A file that cannot be read is an
/// error; problems inside files are diagnostics.
pub fn load(files: &DictionaryFiles) -> anyhow::Result<(Dictionaries, Vec<Diagnostic>)> {
    let mut builder = DictionariesBuilder::new();
    let read = |path: &PathBuf| -> anyhow::Result<(String, String)> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let name = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        Ok((name, String::from_utf8_lossy(&bytes).into_owned()))
    };
    for path in &files.verbs {
        let (name, text) = read(path)?;
        builder.verbs(&name, &text);
    }
    for path in &files.actors {
        let (name, text) = read(path)?;
        builder.actors(&name, &text);
    }
    for path in &files.agents {
        let (name, text) = read(path)?;
        builder.agents(&name, &text);
    }
    for path in &files.discards {
        let (name, text) = read(path)?;
        builder.discards(&name, &text);
    }
    for path in &files.issues {
        let (name, text) = read(path)?;
        builder.issues(&name, &text);
    }
    Ok(builder.build())
}

/// PETRARCH-2's default dictionary set (its `PETR_config.ini`).
const PETRARCH2_DEFAULT: [(&str, &str); 7] = [
    ("verbs", "CAMEO.2.0.txt"),
    ("actors", "Phoenix.Countries.actors.txt"),
    ("actors", "Phoenix.International.actors.txt"),
    ("actors", "Phoenix.MilNonState.actors.txt"),
    ("agents", "Phoenix.agents.txt"),
    ("discards", "Phoenix.discards.txt"),
    ("issues", "Phoenix.IssueCoding.txt"),
];

/// The dictionary files of a PETRARCH dictionary directory: those its
/// `PETR_config.ini` names, or else PETRARCH-2's default set.
pub fn petrarch_dir(dir: &std::path::Path) -> anyhow::Result<DictionaryFiles> {
    let mut files = DictionaryFiles::default();
    let config = dir.join("PETR_config.ini");
    let entries: Vec<(String, String)> = if config.is_file() {
        let text = std::fs::read_to_string(&config)
            .with_context(|| format!("reading {}", config.display()))?;
        let mut out = Vec::new();
        for line in text.lines() {
            let Some((key, value)) = line.split_once('=') else { continue };
            let kind = match key.trim() {
                "verbfile_name" => "verbs",
                "actorfile_list" => "actors",
                "agentfile_name" => "agents",
                "discardfile_name" => "discards",
                "issuefile_name" => "issues",
                _ => continue,
            };
            for name in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                out.push((kind.to_string(), name.to_string()));
            }
        }
        out
    } else {
        PETRARCH2_DEFAULT.iter().map(|(k, n)| (k.to_string(), n.to_string())).collect()
    };
    for (kind, name) in entries {
        let path = dir.join(&name);
        if !path.is_file() {
            if kind == "verbs" || kind == "actors" {
                anyhow::bail!(
                    "{}: no {name} (expected a PETRARCH dictionary directory)",
                    dir.display()
                );
            }
            continue;
        }
        match kind.as_str() {
            "verbs" => files.verbs.push(path),
            "actors" => files.actors.push(path),
            "agents" => files.agents.push(path),
            "discards" => files.discards.push(path),
            _ => files.issues.push(path),
        }
    }
    Ok(files)
}
