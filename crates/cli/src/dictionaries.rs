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
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
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
