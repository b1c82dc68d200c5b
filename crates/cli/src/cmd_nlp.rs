//! Front-end subcommands: `dyad parse`, `dyad eval parse`, `dyad train`.

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Subcommand};
use dyad_nlp::Pipeline;

/// Directory of the shared data, relative to this crate.
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");
/// Directory of the committed models, relative to this crate.
const MODELS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../nlp/models");

/// Arguments of `dyad parse`.
#[derive(Args)]
pub struct ParseArgs {
    /// Input text file, or `-` for standard input.
    #[arg(default_value = "-")]
    pub input: String,
    /// Tagger model file instead of the built-in one.
    #[arg(long, requires = "parser_model")]
    pub tagger_model: Option<PathBuf>,
    /// Parser model file instead of the built-in one.
    #[arg(long, requires = "tagger_model")]
    pub parser_model: Option<PathBuf>,
}

/// Subcommands of `dyad eval`.
#[derive(Subcommand)]
pub enum EvalCommand {
    /// Accuracy of the front-end against a gold CoNLL-U file.
    Parse {
        /// Gold CoNLL-U file (`.conllu` or `.conllu.gz`).
        gold: PathBuf,
        /// Tagger model file instead of the built-in one.
        #[arg(long, requires = "parser_model")]
        tagger_model: Option<PathBuf>,
        /// Parser model file instead of the built-in one.
        #[arg(long, requires = "tagger_model")]
        parser_model: Option<PathBuf>,
        /// Skip the end-to-end run from raw text.
        #[arg(long)]
        gold_tokens_only: bool,
        /// Tag by the conventions of web text (UD English-EWT) instead of
        /// news.
        #[arg(long)]
        web: bool,
    },
}

/// Options shared by the training subcommands.
#[derive(Args, Clone)]
pub struct TrainOptions {
    /// Silver news training split.
    #[arg(long, default_value_t = format!("{SHARED}/silver/news-silver-train.conllu.gz"))]
    pub silver_train: String,
    /// UD English-EWT training split (used by the tagger).
    #[arg(long, default_value_t = format!("{SHARED}/ud-english-ewt/en_ewt-ud-train.conllu.gz"))]
    pub ewt_train: String,
    /// Train the tagger on the silver data alone.
    #[arg(long)]
    pub no_ewt: bool,
    /// Copies of EWT in the tagger's training data.
    #[arg(long, default_value_t = 2)]
    pub ewt_copies: usize,
    /// Tagger epochs (of each run).
    #[arg(long, default_value_t = 4)]
    pub tagger_epochs: usize,
    /// Tagger training runs on different shuffles, summed into one model.
    #[arg(long, default_value_t = 3)]
    pub tagger_runs: usize,
    /// Parser epochs (of each run).
    #[arg(long, default_value_t = 8)]
    pub parser_epochs: usize,
    /// Parser (transition model) training runs on different shuffles
    /// (seeds `seed`, `seed + 1000`, ...), summed into one model. Three
    /// were chosen on silver dev (UAS / LAS 91.27 / 89.95, against
    /// 91.13-91.21 / 89.82-89.90 for single runs of seeds 1 to 4).
    #[arg(long, default_value_t = 3)]
    pub parser_runs: usize,
    /// Labeller epochs.
    #[arg(long, default_value_t = 6)]
    pub label_epochs: usize,
    /// Seed of the parser's and labeller's shuffles.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Seed of the tagger's shuffles (its runs use this seed, this + 1000,
    /// ...). The default was chosen on EWT dev among seeds 1 to 3.
    #[arg(long, default_value_t = 3)]
    pub tagger_seed: u64,
    /// Features kept in the tagger (the largest weights).
    #[arg(long, default_value_t = 250_000)]
    pub tagger_features: usize,
    /// Features kept in the parser's transition model.
    #[arg(long, default_value_t = 300_000)]
    pub parser_features: usize,
    /// Features kept in the labeller.
    #[arg(long, default_value_t = 60_000)]
    pub label_features: usize,
    /// Directory to write `tagger.bin` and `parser.bin` to.
    #[arg(long, default_value_t = MODELS.to_string())]
    pub out_dir: String,
}

/// Subcommands of `dyad train`.
#[derive(Subcommand)]
pub enum TrainCommand {
    /// Train the tagger and lemmatizer (`tagger.bin`).
    Tagger(TrainOptions),
    /// Train the parser and labeller (`parser.bin`) on tags predicted by
    /// the tagger in the output directory.
    Parser {
        #[command(flatten)]
        options: TrainOptions,
        /// Train on the gold tags instead of predicted ones.
        #[arg(long)]
        gold_tags: bool,
    },
    /// Train the tagger, then the parser.
    All(TrainOptions),
    /// Rewrite the tagger and parser in the output directory in the
    /// current model format (the same models).
    Repack(TrainOptions),
}

fn load_pipeline(tagger: Option<&Path>, parser: Option<&Path>) -> anyhow::Result<Pipeline> {
    match (tagger, parser) {
        (Some(t), Some(p)) => {
            let t_bytes = std::fs::read(t).with_context(|| format!("reading {}", t.display()))?;
            let p_bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            Pipeline::from_bytes(&t_bytes, &p_bytes).context("loading models")
        }
        _ => Pipeline::load_builtin().context("loading the built-in models"),
    }
}

/// Runs `dyad parse`.
#[allow(clippy::print_stdout)]
pub fn parse(args: ParseArgs) -> anyhow::Result<ExitCode> {
    let pipeline = load_pipeline(args.tagger_model.as_deref(), args.parser_model.as_deref())?;
    let mut bytes = Vec::new();
    let name = if args.input == "-" {
        std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
        "standard input"
    } else {
        bytes = std::fs::read(&args.input).with_context(|| format!("reading {}", args.input))?;
        args.input.as_str()
    };
    // Invalid UTF-8 is decoded lossily and reported, as `dyad code` does.
    let (text, lossy) = dyad_formats::article::decode_text(&bytes);
    if lossy {
        eprintln!("dyad: warning: {name}: invalid UTF-8 decoded lossily");
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    // Paragraph by paragraph (blank lines always end sentences, so this
    // changes nothing but memory use), printing as we go.
    let mut analyzer = pipeline.analyzer();
    let mut sentences = Vec::new();
    let mut n_sentences = 0;
    for (start, end) in paragraphs(&text) {
        sentences.clear();
        analyzer.analyze(&text[start..end], &mut sentences);
        for sentence in &sentences {
            n_sentences += 1;
            write_conllu(&mut out, &text[start..end], &format!("s{n_sentences}"), sentence)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Byte ranges of the blank-line-separated paragraphs of `text`.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut line_start = 0;
    let mut blank_run = false;
    for line in text.split_inclusive('\n') {
        let is_blank = line.trim().is_empty();
        if is_blank && !blank_run && line_start > start {
            out.push((start, line_start));
        }
        if is_blank {
            start = line_start + line.len();
        }
        blank_run = is_blank;
        line_start += line.len();
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// Writes one sentence as CoNLL-U.
fn write_conllu(
    out: &mut impl Write,
    text: &str,
    id: &str,
    s: &dyad_nlp::Sentence,
) -> std::io::Result<()> {
    writeln!(out, "# sent_id = {id}")?;
    let surface = text[s.start..s.end].replace(['\n', '\r'], " ");
    writeln!(out, "# text = {surface}")?;
    for (i, t) in s.tokens.iter().enumerate() {
        let space_after = s.tokens.get(i + 1).is_none_or(|next| next.start > t.end);
        writeln!(
            out,
            "{}\t{}\t{}\t_\t{}\t_\t{}\t{}\t_\t{}",
            i + 1,
            t.form,
            t.lemma,
            t.tag,
            t.head,
            t.deprel,
            if space_after { "_" } else { "SpaceAfter=No" }
        )?;
    }
    writeln!(out)
}

/// Runs `dyad eval`.
#[allow(clippy::print_stdout)]
pub fn eval(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    let EvalCommand::Parse { gold, tagger_model, parser_model, gold_tokens_only, web } = cmd;
    let mut pipeline = load_pipeline(tagger_model.as_deref(), parser_model.as_deref())?;
    if web {
        pipeline = pipeline.with_domain(dyad_nlp::Domain::Web);
    }
    let sentences = dyad_nlp::train::load(&gold)?;
    let t0 = Instant::now();
    let scores = dyad_nlp::eval::gold_tokens(&pipeline, &sentences);
    println!(
        "{}: {} sentences, {} words ({:.1?})",
        gold.display(),
        sentences.len(),
        scores.n_words,
        t0.elapsed()
    );
    println!("given gold tokens:");
    println!(
        "  tags    {:6.2}%  ({} of {} words)",
        scores.tag_accuracy() * 100.0,
        scores.tags,
        scores.n_words
    );
    println!("  lemmas  {:6.2}%", scores.lemma_accuracy() * 100.0);
    println!(
        "  UAS     {:6.2}%  (without punctuation {:.2}%)",
        scores.uas() * 100.0,
        scores.uas_no_punct() * 100.0
    );
    println!(
        "  LAS     {:6.2}%  (without punctuation {:.2}%)",
        scores.las() * 100.0,
        scores.las_no_punct() * 100.0
    );
    if !gold_tokens_only {
        let raw = dyad_nlp::eval::raw_text(&pipeline, &sentences);
        println!("from raw text ({} paragraphs):", raw.n_paragraphs);
        println!(
            "  tokens     P {:6.2}%  R {:6.2}%  F1 {:6.2}%",
            raw.tokens.precision() * 100.0,
            raw.tokens.recall() * 100.0,
            raw.tokens.f1() * 100.0
        );
        println!(
            "  sentences  P {:6.2}%  R {:6.2}%  F1 {:6.2}%  (boundaries)",
            raw.boundaries.precision() * 100.0,
            raw.boundaries.recall() * 100.0,
            raw.boundaries.f1() * 100.0
        );
        println!(
            "  tags    {:6.2}%  (of gold words, wrong when the token is wrong)",
            raw.aligned.tag_accuracy() * 100.0
        );
        println!("  lemmas  {:6.2}%", raw.aligned.lemma_accuracy() * 100.0);
        println!("  UAS     {:6.2}%", raw.aligned.uas() * 100.0);
        println!("  LAS     {:6.2}%", raw.aligned.las() * 100.0);
    }
    Ok(ExitCode::SUCCESS)
}

fn config(o: &TrainOptions) -> dyad_nlp::train::TrainConfig {
    dyad_nlp::train::TrainConfig {
        silver_train: PathBuf::from(&o.silver_train),
        ewt_train: (!o.no_ewt).then(|| PathBuf::from(&o.ewt_train)),
        ewt_copies: o.ewt_copies,
        tagger_epochs: o.tagger_epochs,
        tagger_runs: o.tagger_runs,
        parser_epochs: o.parser_epochs,
        parser_runs: o.parser_runs,
        label_epochs: o.label_epochs,
        seed: o.seed,
        tagger_seed: o.tagger_seed,
        tagger_features: o.tagger_features,
        parser_features: o.parser_features,
        label_features: o.label_features,
    }
}

/// Reads the model file `name` of the model directory `dir`.
fn read_model(dir: &str, name: &str) -> anyhow::Result<Vec<u8>> {
    let path = Path::new(dir).join(name);
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}

fn write_model(dir: &str, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let path = Path::new(dir).join(name);
    let tmp = path.with_extension("bin.tmp");
    std::fs::create_dir_all(dir).with_context(|| format!("creating {dir}"))?;
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("renaming to {}", path.display()))?;
    eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
    Ok(())
}

/// Runs `dyad train`.
pub fn train(cmd: TrainCommand) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let mut log = |line: String| eprintln!("{line}");
    match cmd {
        TrainCommand::Tagger(o) => {
            let bytes = dyad_nlp::train::train_tagger(&config(&o), &mut log)?;
            write_model(&o.out_dir, "tagger.bin", &bytes)?;
        }
        TrainCommand::Parser { options: o, gold_tags } => {
            let tagger = if gold_tags { None } else { Some(read_model(&o.out_dir, "tagger.bin")?) };
            let bytes = dyad_nlp::train::train_parser(&config(&o), tagger.as_deref(), &mut log)?;
            write_model(&o.out_dir, "parser.bin", &bytes)?;
        }
        TrainCommand::All(o) => {
            let tagger = dyad_nlp::train::train_tagger(&config(&o), &mut log)?;
            write_model(&o.out_dir, "tagger.bin", &tagger)?;
            let parser = dyad_nlp::train::train_parser(&config(&o), Some(&tagger), &mut log)?;
            write_model(&o.out_dir, "parser.bin", &parser)?;
        }
        TrainCommand::Repack(o) => {
            let (tagger, parser) = dyad_nlp::train::repack(
                &read_model(&o.out_dir, "tagger.bin")?,
                &read_model(&o.out_dir, "parser.bin")?,
            )?;
            write_model(&o.out_dir, "tagger.bin", &tagger)?;
            write_model(&o.out_dir, "parser.bin", &parser)?;
        }
    }
    eprintln!("training took {:.1?}", t0.elapsed());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_at_blank_lines() {
        let text = "One.\nTwo.\n\n\nThree.\n  \nFour";
        let parts: Vec<&str> = paragraphs(text).into_iter().map(|(s, e)| &text[s..e]).collect();
        assert_eq!(parts, ["One.\nTwo.\n", "Three.\n", "Four"]);
        assert!(paragraphs("").is_empty());
        assert!(paragraphs("\n\n \n").is_empty());
    }

    #[test]
    fn conllu_output() {
        let text = "Rebels attacked the town.";
        let mut sentences = Vec::new();
        Pipeline::builtin().analyze(text, &mut sentences);
        let mut out = Vec::new();
        write_conllu(&mut out, text, "s1", &sentences[0]).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "# sent_id = s1");
        assert_eq!(lines[1], "# text = Rebels attacked the town.");
        assert_eq!(lines[3], "2\tattacked\tattack\t_\tVBD\t_\t0\tROOT\t_\t_");
        assert!(lines[6].ends_with("SpaceAfter=No") || lines[6].contains("\tpunct\t"));
    }
}
