//! Training the models from CoNLL-U files (used by `dyad train`).
//!
//! This module and [`crate::conllu::read_path`] are the only parts of the
//! crate that read files.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::conllu::{ConlluSentence, read_path};
use crate::deprel::DepRel;
use crate::features::{Scratch, WordInfo};
use crate::lemma::Lemmatizer;
use crate::parser::{self, ParseExample};
use crate::pipeline::Pipeline;
use crate::tag::Tag;
use crate::tagger::{self, Domain, PAD, TagExample, Tagger};

/// A small deterministic random number generator (splitmix64).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        crate::hash::finish(self.0)
    }

    /// Fisher-Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Where the training data is and how long to train.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// Silver news training split.
    pub silver_train: PathBuf,
    /// UD English-EWT training split (tagger only); `None` to leave it out.
    pub ewt_train: Option<PathBuf>,
    /// Copies of EWT in the tagger's training data (weights web text).
    pub ewt_copies: usize,
    /// Tagger epochs (of each run).
    pub tagger_epochs: usize,
    /// Tagger training runs, each on its own shuffles, whose averaged
    /// weights are summed into the model.
    pub tagger_runs: usize,
    /// Parser (transition) epochs (of each run).
    pub parser_epochs: usize,
    /// Transition-model training runs, each on its own shuffles, whose
    /// averaged weights are summed into the model.
    pub parser_runs: usize,
    /// Labeller epochs.
    pub label_epochs: usize,
    /// Seed of the parser's and labeller's shuffles.
    pub seed: u64,
    /// Seed of the tagger's shuffles.
    pub tagger_seed: u64,
    /// Features kept in the tagger.
    pub tagger_features: usize,
    /// Features kept in the parser's transition model.
    pub parser_features: usize,
    /// Features kept in the labeller.
    pub label_features: usize,
}

/// Reads a CoNLL-U file, with the path in the error.
///
/// # Errors
///
/// Fails when the file cannot be read.
pub fn load(path: &Path) -> Result<Vec<ConlluSentence>, TrainError> {
    read_path(path).map_err(|source| TrainError::Io { path: path.to_path_buf(), source })
}

/// Why training failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrainError {
    /// A data file could not be read.
    #[error("reading {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A model did not load back after training.
    #[error("trained model does not load: {0}")]
    Model(#[from] crate::model::ModelError),
}

/// Padded word infos of a sentence's words.
pub(crate) fn context<'a>(
    words: impl Iterator<Item = &'a str>,
    scratch: &mut Scratch,
) -> Vec<WordInfo> {
    let mut ctx: Vec<WordInfo> = std::iter::repeat_n(WordInfo::padding(), PAD).collect();
    ctx.extend(words.map(|w| WordInfo::compute(w, scratch)));
    ctx.extend(std::iter::repeat_n(WordInfo::padding(), PAD));
    ctx
}

fn tag_examples(
    sentences: &[ConlluSentence],
    domain: Domain,
    scratch: &mut Scratch,
) -> Vec<TagExample> {
    sentences
        .iter()
        .map(|s| TagExample {
            domain,
            ctx: context(s.words.iter().map(|w| w.form.as_str()), scratch),
            tags: s.words.iter().map(|w| Tag::parse_lossy(&w.xpos)).collect(),
        })
        .collect()
}

/// Rewrites a tagger and a parser model file of any format this crate
/// reads in the current format; the models are the same (they tag and
/// parse the same). Returns the tagger file and the parser file.
///
/// # Errors
///
/// Fails when a file does not load.
pub fn repack(tagger: &[u8], parser: &[u8]) -> Result<(Vec<u8>, Vec<u8>), TrainError> {
    Ok(Pipeline::from_bytes(tagger, parser)?.model_files())
}

/// Trains the tagger and lemmatizer; returns the model file.
///
/// # Errors
///
/// Fails when a data file cannot be read.
pub fn train_tagger(cfg: &TrainConfig, log: &mut dyn FnMut(String)) -> Result<Vec<u8>, TrainError> {
    let t0 = Instant::now();
    let silver = load(&cfg.silver_train)?;
    let mut scratch = Scratch::default();
    let mut data = tag_examples(&silver, Domain::News, &mut scratch);
    if let Some(ewt) = &cfg.ewt_train {
        let ewt = load(ewt)?;
        for _ in 0..cfg.ewt_copies {
            data.extend(tag_examples(&ewt, Domain::Web, &mut scratch));
        }
    }
    log(format!("tagger: {} sentences loaded in {:.1?}", data.len(), t0.elapsed()));
    let tagger = tagger::train(
        &data,
        cfg.tagger_epochs,
        cfg.tagger_runs,
        cfg.tagger_seed,
        cfg.tagger_features,
        |epoch, acc| {
            log(format!(
                "tagger: epoch {epoch}: train accuracy {:.2}% at {:.1?}",
                acc * 100.0,
                t0.elapsed()
            ))
        },
    );
    let lemmatizer = Lemmatizer::train(silver.iter().flat_map(|s| {
        s.words.iter().map(|w| (w.form.as_str(), Tag::parse_lossy(&w.xpos), w.lemma.as_str()))
    }));
    let (n_feat, n_dict) = tagger.sizes();
    let (n_rules, n_suffixes, n_exceptions) = lemmatizer.sizes();
    log(format!(
        "tagger: {n_feat} features, {n_dict} tag-dictionary words; lemmatizer: {n_rules} rules, \
         {n_suffixes} suffixes, {n_exceptions} exceptions; {:.1?}",
        t0.elapsed()
    ));
    Ok(Pipeline::tagger_file(&tagger, &lemmatizer))
}

/// Trains the parser and labeller; returns the model file.
///
/// When `tagger` is given, the parser trains on its predicted tags instead
/// of the gold ones, so that it sees the kind of tags it gets at run time.
///
/// # Errors
///
/// Fails when a data file cannot be read.
pub fn train_parser(
    cfg: &TrainConfig,
    tagger: Option<&[u8]>,
    log: &mut dyn FnMut(String),
) -> Result<Vec<u8>, TrainError> {
    let t0 = Instant::now();
    let silver = load(&cfg.silver_train)?;
    let tagger: Option<Tagger> = match tagger {
        Some(bytes) => {
            let mut r = crate::model::Reader::open(bytes, crate::model::ModelKind::Tagger)?;
            Some(Tagger::read(&mut r)?)
        }
        None => None,
    };
    let mut scratch = Scratch::default();
    let mut tag_scratch = crate::tagger::TagScratch::default();
    let mut tags_buf = Vec::new();
    let data: Vec<ParseExample> = silver
        .iter()
        .map(|s| {
            let ctx = context(s.words.iter().map(|w| w.form.as_str()), &mut scratch);
            let n = s.words.len() as u32;
            let tags = match &tagger {
                Some(t) => {
                    t.tag(&ctx, Domain::News, &mut tags_buf, &mut tag_scratch);
                    tags_buf.clone()
                }
                None => s.words.iter().map(|w| Tag::parse_lossy(&w.xpos)).collect(),
            };
            ParseExample {
                ctx,
                tags,
                heads: s.words.iter().map(|w| if w.head == 0 { n } else { w.head - 1 }).collect(),
                labels: s.words.iter().map(|w| DepRel::parse_lossy(&w.deprel)).collect(),
            }
        })
        .collect();
    log(format!("parser: {} sentences loaded in {:.1?}", data.len(), t0.elapsed()));
    let parser = parser::train(&data, cfg, |what, epoch, acc| {
        log(format!(
            "parser: {what} epoch {epoch}: train accuracy {:.2}% at {:.1?}",
            acc * 100.0,
            t0.elapsed()
        ))
    });
    let (n_trans, n_labels) = parser.sizes();
    log(format!(
        "parser: {n_trans} transition features, {n_labels} label features; {:.1?}",
        t0.elapsed()
    ));
    Ok(Pipeline::parser_file(&parser))
}
