//! Runs the front-end benchmark of `dyad-bench` from this crate:
//! `cargo run --release -p dyad-nlp --example frontend_bench -- [NEWS.jsonl] [RUNS] [THREADS]`.

// The harness reads only some of the report's fields.
#[allow(dead_code)]
#[path = "../../bench/src/nlp.rs"]
mod nlp;

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/news/news.jsonl").to_string()
    });
    let runs = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let threads = args.next().and_then(|a| a.parse().ok()).unwrap_or(2);
    nlp::run_frontend_bench(std::path::Path::new(&path), runs, threads)?;
    Ok(())
}
