//! Compiles the dictionaries under `dictionaries/` at the repository root
//! (files in dyad's format, read in path order) into the binary cache that
//! `dyad_builtin::dictionaries()` loads. Any error in them fails the build.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dyad_core::dict::{DictionariesBuilder, Severity};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let root = manifest.join("../../dictionaries");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut paths = Vec::new();
    collect(&root, &mut paths);
    paths.sort();
    let mut builder = DictionariesBuilder::new();
    let mut n_files = 0;
    for path in &paths {
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        if DictionariesBuilder::native_kind(&text).is_none() {
            continue;
        }
        let name = path.strip_prefix(&root).unwrap_or(path).to_string_lossy().replace('\\', "/");
        builder.native(&format!("dictionaries/{name}"), &text);
        n_files += 1;
    }
    assert!(n_files > 0, "no dictionary files under {}", root.display());
    let (dicts, diagnostics) = builder.build();
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect();
    if !errors.is_empty() {
        panic!("the built-in dictionaries have {} errors:\n{}", errors.len(), errors.join("\n"));
    }
    for d in &diagnostics {
        println!("cargo::warning={d}");
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("builtin.dict"), dicts.to_cache_bytes())
        .expect("writing the dictionary cache");
    let mut listed = String::new();
    for d in &diagnostics {
        let _ = writeln!(listed, "{}\t{}\t{}", d.file, d.line, d.message);
    }
    std::fs::write(out.join("diagnostics.tsv"), listed).expect("writing the diagnostics");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
}
