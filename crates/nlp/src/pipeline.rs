//! The whole front-end: split, tokenize, tag, lemmatize, parse.

use std::sync::OnceLock;

use crate::deprel::DepRel;
use crate::features::{Scratch, WordInfo};
use crate::lemma::Lemmatizer;
use crate::model::{ModelError, ModelKind, Reader, Writer};
use crate::parser::{ParseJob, ParseScratch, Parser};
use crate::split::segment;
use crate::tag::Tag;
use crate::tagger::{Domain, PAD, TagScratch, Tagger};
use crate::tokenize::{Span, tokenize_into};

/// The tagger model built into the crate (tagger and lemmatizer).
pub const BUILTIN_TAGGER: &[u8] = include_bytes!("../models/tagger.bin");
/// The parser model built into the crate (transitions and labeller).
pub const BUILTIN_PARSER: &[u8] = include_bytes!("../models/parser.bin");

/// A loaded front-end: tagger, lemmatizer and parser.
#[derive(Clone, Debug)]
pub struct Pipeline {
    domain: Domain,
    tagger: Tagger,
    lemmatizer: Lemmatizer,
    parser: Parser,
}

/// One analysed sentence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    /// Byte offset of the sentence's first token in the text.
    pub start: usize,
    /// Byte offset just past the sentence's last token.
    pub end: usize,
    /// The tokens, in order.
    pub tokens: Vec<Token>,
    /// False when the caller of [`Analyzer::analyze_with`] chose not to
    /// parse the sentence: its tokens then have their tags and lemmas, but
    /// every head is 0 and every label [`DepRel::DEP`].
    pub parsed: bool,
    /// False when the [`SentenceSelector`] of
    /// [`Analyzer::analyze_selected`] chose not to tag the sentence (nor
    /// parse it): every tag is then [`Tag::XX`] and every lemma empty.
    pub tagged: bool,
}

/// What to do with each sentence of a text, asked by
/// [`Analyzer::analyze_selected`] before each step that costs: a caller
/// that can tell a sentence's tags or parse will not be used skips them.
pub trait SentenceSelector {
    /// Whether to tag (and lemmatize) the sentence, shown its tokens with
    /// their forms and offsets only. A sentence not tagged is not parsed.
    fn tag(&mut self, untagged: &[Token]) -> bool;
    /// Whether to parse the sentence, shown its tagged tokens.
    fn parse(&mut self, tagged: &[Token]) -> bool;
}

/// Tags every sentence and parses those `0` says to parse.
struct ParseIf<F>(F);

impl<F: FnMut(&[Token]) -> bool> SentenceSelector for ParseIf<F> {
    fn tag(&mut self, _: &[Token]) -> bool {
        true
    }

    fn parse(&mut self, tagged: &[Token]) -> bool {
        (self.0)(tagged)
    }
}

/// One analysed token.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// Byte offset of the token in the text.
    pub start: usize,
    /// Byte offset just past the token.
    pub end: usize,
    /// The form: the surface text, as the silver data writes it.
    pub form: String,
    /// Penn Treebank part-of-speech tag.
    pub tag: Tag,
    /// Lemma (lower case except for proper nouns, as spaCy writes them).
    pub lemma: String,
    /// 1-based index of the head token in the sentence; 0 for the root.
    pub head: u32,
    /// Dependency label.
    pub deprel: DepRel,
}

/// Reusable buffers for analysing text.
#[derive(Default)]
struct Buffers {
    spans: Vec<Span>,
    ranges: Vec<std::ops::Range<usize>>,
    ctx: Vec<WordInfo>,
    tags: Vec<Tag>,
    tag_scratch: TagScratch,
    parse: ParseScratch,
    heads: Vec<u32>,
    labels: Vec<DepRel>,
    words: Scratch,
    lower: String,
    /// Lemmas of recent (word, tag) pairs, direct-mapped by a hash of both
    /// (the lemma depends on nothing else).
    lemmas: Vec<(u64, String)>,
    /// Leave every lemma empty (see [`Analyzer::without_lemmas`]).
    no_lemmas: bool,
    /// A tagged sentence waiting for a second one to be parsed with.
    parked: Parked,
    /// Token lists of sentences given back by [`Analyzer::recycle`], whose
    /// tokens' strings are written over rather than allocated again.
    spare_tokens: Vec<Vec<Token>>,
}

/// The words and tags of a sentence waiting to be parsed, with their
/// parser buffers.
#[derive(Default)]
struct Parked {
    ctx: Vec<WordInfo>,
    tags: Vec<Tag>,
    parse: ParseScratch,
    heads: Vec<u32>,
    labels: Vec<DepRel>,
}

impl Buffers {
    /// Swaps the current sentence's words and tags with the parked ones.
    fn swap_parked(&mut self) {
        std::mem::swap(&mut self.ctx, &mut self.parked.ctx);
        std::mem::swap(&mut self.tags, &mut self.parked.tags);
    }

    /// Fills `ctx` with the features of `words`, padded on both sides.
    fn load_words<'w>(&mut self, words: impl Iterator<Item = &'w str>) {
        self.ctx.clear();
        self.ctx.extend(std::iter::repeat_n(WordInfo::padding(), PAD));
        for word in words {
            self.ctx.push(WordInfo::compute(word, &mut self.words));
        }
        self.ctx.extend(std::iter::repeat_n(WordInfo::padding(), PAD));
    }
}

/// Sets the heads and labels of `tokens`.
fn set_arcs(tokens: &mut [Token], heads: &[u32], labels: &[DepRel]) {
    for ((token, &head), &label) in tokens.iter_mut().zip(heads).zip(labels) {
        token.head = head;
        token.deprel = label;
    }
}

/// Entries of [`Buffers::lemmas`] (a power of two).
const LEMMA_CACHE: usize = 4096;

/// A [`Pipeline`] with buffers kept between calls; use one per thread
/// when analysing many texts.
pub struct Analyzer<'p> {
    pipeline: &'p Pipeline,
    buffers: Buffers,
    /// The index, in the caller's list, of a sentence tagged and waiting in
    /// `buffers.parked` for a second one to be parsed with (see
    /// [`Analyzer::analyze_more`]).
    parked: Option<usize>,
}

impl Analyzer<'_> {
    /// Same as [`Pipeline::analyze`], reusing this analyzer's buffers.
    pub fn analyze(&mut self, text: &str, out: &mut Vec<Sentence>) {
        self.analyze_with(text, out, |_| true);
    }

    /// The same analyzer, leaving every token's lemma empty: for callers
    /// that do not read lemmas (the event coder reads word forms), it saves
    /// the lemmatizer's time.
    pub fn without_lemmas(mut self) -> Self {
        self.buffers.no_lemmas = true;
        self
    }

    /// Parses a sentence [`Analyzer::analyze_with`] or
    /// [`Analyzer::analyze_selected`] left unparsed, tagging it first if it
    /// was left untagged (a tagged one's tags are kept); does nothing to a
    /// parsed one. Gives the same tags, lemmas, heads and labels as
    /// analysing it there would have.
    pub fn parse(&mut self, sentence: &mut Sentence) {
        if sentence.parsed {
            return;
        }
        self.load_tagged(sentence);
        self.pipeline.parse_into(&mut self.buffers, &mut sentence.tokens);
        sentence.parsed = true;
    }

    /// [`Analyzer::parse`] of two sentences, parsed together (see
    /// `Parser::parse_two`): the same parses, in less time.
    pub fn parse_two(&mut self, first: &mut Sentence, second: &mut Sentence) {
        // The parked buffers may hold a sentence waiting for its pair.
        if first.parsed || second.parsed || self.parked.is_some() {
            self.parse(first);
            self.parse(second);
            return;
        }
        self.load_tagged(first);
        self.buffers.swap_parked();
        self.load_tagged(second);
        self.pipeline.parse_two_into(&mut self.buffers, &mut first.tokens, &mut second.tokens);
        first.parsed = true;
        second.parsed = true;
    }

    /// Puts the words and tags of `sentence` in the buffers, tagging it
    /// first if it is untagged.
    fn load_tagged(&mut self, sentence: &mut Sentence) {
        let b = &mut self.buffers;
        if sentence.tagged {
            b.load_words(sentence.tokens.iter().map(|t| t.form.as_str()));
            b.tags.clear();
            b.tags.extend(sentence.tokens.iter().map(|t| t.tag));
        } else {
            self.pipeline.tag_tokens(b, &mut sentence.tokens);
            sentence.tagged = true;
        }
    }

    /// Same as [`Analyzer::analyze`], but each sentence is parsed only if
    /// `parse_if` says so when shown its tokens, tagged and lemmatized (the
    /// parser is most of the front-end's time; a caller that can tell a
    /// sentence's parse will not be used skips it). Sentences not parsed
    /// have [`Sentence::parsed`] false.
    pub fn analyze_with(
        &mut self,
        text: &str,
        out: &mut Vec<Sentence>,
        parse_if: impl FnMut(&[Token]) -> bool,
    ) {
        self.analyze_selected(text, out, &mut ParseIf(parse_if));
    }

    /// Same as [`Analyzer::analyze`], but each sentence is tagged and then
    /// parsed only if `selector` says so (see [`SentenceSelector`]).
    /// Sentences left untagged have [`Sentence::tagged`] false, those left
    /// unparsed [`Sentence::parsed`] false; [`Analyzer::parse`] finishes
    /// either.
    pub fn analyze_selected(
        &mut self,
        text: &str,
        out: &mut Vec<Sentence>,
        selector: &mut impl SentenceSelector,
    ) {
        self.analyze_more(text, out, selector);
        self.finish_parses(out);
    }

    /// [`Analyzer::analyze_selected`] of one of several texts whose
    /// sentences are appended to the same `out`, so that sentences of
    /// different texts may be parsed together (news paragraphs often hold
    /// one sentence to parse): the last sentence to parse may be left
    /// unparsed, waiting for the next call's first. Call
    /// [`Analyzer::finish_parses`] with the same `out`, to which nothing
    /// else was done, before reading it.
    pub fn analyze_more(
        &mut self,
        text: &str,
        out: &mut Vec<Sentence>,
        selector: &mut impl SentenceSelector,
    ) {
        let b = &mut self.buffers;
        b.spans.clear();
        tokenize_into(text, &mut b.spans);
        b.ranges.clear();
        segment(text, &b.spans, &mut b.ranges);
        let ranges = std::mem::take(&mut b.ranges);
        let spans = std::mem::take(&mut b.spans);
        // Sentences are parsed two at a time (see `Parser::parse_two`): the
        // first to be parsed waits, parked, for the next.
        let parked = &mut self.parked;
        for range in &ranges {
            let spans = &spans[range.clone()];
            let mut tokens = b.spare_tokens.pop().unwrap_or_default();
            untagged_tokens_into(text, spans, &mut tokens);
            let mut sentence = Sentence {
                start: spans.first().map_or(0, |s| s.start),
                end: spans.last().map_or(0, |s| s.end),
                tokens,
                parsed: false,
                tagged: false,
            };
            let wanted = selector.tag(&sentence.tokens) && {
                self.pipeline.tag_tokens(b, &mut sentence.tokens);
                sentence.tagged = true;
                selector.parse(&sentence.tokens)
            };
            if wanted {
                match parked.take().and_then(|i| out.get_mut(i)) {
                    Some(first) => {
                        self.pipeline.parse_two_into(b, &mut first.tokens, &mut sentence.tokens);
                        first.parsed = true;
                        sentence.parsed = true;
                    }
                    None => {
                        b.swap_parked();
                        *parked = Some(out.len());
                    }
                }
            }
            out.push(sentence);
        }
        b.spans = spans;
        b.ranges = ranges;
    }

    /// Takes the sentences of `sentences`, leaving it empty, to reuse
    /// their tokens' buffers in the sentences of later calls (an exact
    /// alternative to clearing it: what the analyzer gives is the same).
    /// A sentence [`Analyzer::analyze_more`] left waiting for a partner to
    /// be parsed with is no longer waited for (its list may be the one
    /// recycled): [`Analyzer::finish_parses`] leaves it unparsed, and
    /// [`Analyzer::parse`] parses it.
    pub fn recycle(&mut self, sentences: &mut Vec<Sentence>) {
        /// Most token lists kept: enough for a long article.
        const MOST_KEPT: usize = 256;
        self.parked = None;
        let spare = &mut self.buffers.spare_tokens;
        let room = MOST_KEPT.saturating_sub(spare.len());
        spare.extend(sentences.drain(..).map(|s| s.tokens).take(room));
    }

    /// Parses the sentence [`Analyzer::analyze_more`] left waiting, if any.
    pub fn finish_parses(&mut self, out: &mut [Sentence]) {
        if let Some(last) = self.parked.take().and_then(|i| out.get_mut(i)) {
            let b = &mut self.buffers;
            b.swap_parked();
            self.pipeline.parse_into(b, &mut last.tokens);
            last.parsed = true;
        }
    }
}

/// Sets `tokens` to the tokens at `spans` of `text`, untagged (tag
/// [`Tag::XX`], no lemma, no head), writing over the strings of the tokens
/// it holds (a sentence's tokens are most of the front-end's allocations
/// otherwise).
fn untagged_tokens_into(text: &str, spans: &[Span], tokens: &mut Vec<Token>) {
    tokens.resize_with(spans.len(), || Token {
        start: 0,
        end: 0,
        form: String::new(),
        tag: Tag::XX,
        lemma: String::new(),
        head: 0,
        deprel: DepRel::DEP,
    });
    for (token, span) in tokens.iter_mut().zip(spans) {
        token.start = span.start;
        token.end = span.end;
        token.form.clear();
        token.form.push_str(&text[span.start..span.end]);
        token.tag = Tag::XX;
        token.lemma.clear();
        token.head = 0;
        token.deprel = DepRel::DEP;
    }
}

impl Pipeline {
    /// The pipeline built from the embedded models, loaded on first use.
    ///
    /// # Panics
    ///
    /// Panics if the embedded models do not load, which the crate's tests
    /// rule out; use [`Pipeline::load_builtin`] to get the error instead.
    pub fn builtin() -> &'static Pipeline {
        static BUILTIN: OnceLock<Pipeline> = OnceLock::new();
        BUILTIN.get_or_init(|| match Pipeline::load_builtin() {
            Ok(p) => p,
            Err(e) => panic!("embedded dyad-nlp models do not load: {e}"),
        })
    }

    /// Loads the embedded models.
    ///
    /// # Errors
    ///
    /// Fails only if the embedded model files are corrupt.
    pub fn load_builtin() -> Result<Pipeline, ModelError> {
        Pipeline::from_bytes(BUILTIN_TAGGER, BUILTIN_PARSER)
    }

    /// Loads a pipeline from model files written by `dyad train`.
    ///
    /// # Errors
    ///
    /// Fails when either file is not a model of the right kind and format
    /// version, is truncated or fails its checksum.
    ///
    /// The two files are decoded at the same time, the parser on a scoped
    /// thread of its own (each takes about half of the loading work).
    pub fn from_bytes(tagger: &[u8], parser: &[u8]) -> Result<Pipeline, ModelError> {
        let read_tagger = || -> Result<(Tagger, Lemmatizer), ModelError> {
            let mut r = Reader::open(tagger, ModelKind::Tagger)?;
            let tagger = Tagger::read(&mut r)?;
            let lemmatizer = Lemmatizer::read(&mut r)?;
            r.finish()?;
            Ok((tagger, lemmatizer))
        };
        let read_parser = || -> Result<Parser, ModelError> {
            let mut r = Reader::open(parser, ModelKind::Parser)?;
            let parser = Parser::read(&mut r)?;
            r.finish()?;
            Ok(parser)
        };
        let (tagged, parsed) = std::thread::scope(|scope| {
            let parsing = std::thread::Builder::new().spawn_scoped(scope, read_parser);
            let tagged = read_tagger();
            // Without a thread (none could be started), on this one.
            let parsed = match parsing {
                Ok(handle) => {
                    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                }
                Err(_) => read_parser(),
            };
            (tagged, parsed)
        });
        let (tagger, lemmatizer) = tagged?;
        let parser = parsed?;
        Ok(Pipeline { domain: Domain::News, tagger, lemmatizer, parser })
    }

    pub(crate) fn tagger_file(tagger: &Tagger, lemmatizer: &Lemmatizer) -> Vec<u8> {
        let mut w = Writer::default();
        tagger.write(&mut w);
        lemmatizer.write(&mut w);
        w.into_file(ModelKind::Tagger)
    }

    /// The pipeline's tagger and parser model files, in the current format.
    pub(crate) fn model_files(&self) -> (Vec<u8>, Vec<u8>) {
        (Pipeline::tagger_file(&self.tagger, &self.lemmatizer), Pipeline::parser_file(&self.parser))
    }

    /// The parser, for the tests of its parts.
    #[cfg(test)]
    pub(crate) fn parser(&self) -> &Parser {
        &self.parser
    }

    pub(crate) fn parser_file(parser: &Parser) -> Vec<u8> {
        let mut w = Writer::default();
        parser.write(&mut w);
        w.into_file(ModelKind::Parser)
    }

    /// The same pipeline, tagging by the conventions of `domain`.
    pub fn with_domain(mut self, domain: Domain) -> Pipeline {
        self.domain = domain;
        self
    }

    /// The domain whose tagging conventions the pipeline follows.
    pub fn domain(&self) -> Domain {
        self.domain
    }

    /// An analyzer that reuses its buffers between calls.
    pub fn analyzer(&self) -> Analyzer<'_> {
        Analyzer { pipeline: self, buffers: Buffers::default(), parked: None }
    }

    /// Splits `text` into sentences and analyses each; appends them to
    /// `out`. Offsets are byte offsets into `text`.
    ///
    /// # Example
    ///
    /// ```
    /// let pipeline = dyad_nlp::Pipeline::builtin();
    /// let text = "Rebels attacked the town. The army responded.";
    /// let mut sentences = Vec::new();
    /// pipeline.analyze(text, &mut sentences);
    /// assert_eq!(sentences.len(), 2);
    /// let first = &sentences[0];
    /// assert_eq!(&text[first.start..first.end], "Rebels attacked the town.");
    /// assert_eq!(first.tokens[1].tag.as_str(), "VBD");
    /// assert_eq!(first.tokens[1].lemma, "attack");
    /// assert_eq!(first.tokens[1].head, 0);
    /// assert_eq!(first.tokens[0].deprel.as_str(), "nsubj");
    /// ```
    pub fn analyze(&self, text: &str, out: &mut Vec<Sentence>) {
        self.analyzer().analyze(text, out);
    }

    /// Analyses one sentence given as words (gold tokenization). Token
    /// offsets are into the words joined by single spaces.
    pub fn analyze_words(&self, words: &[&str]) -> Sentence {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(words.len());
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            spans.push(Span { start: text.len(), end: text.len() + w.len() });
            text.push_str(w);
        }
        let mut tokens = Vec::with_capacity(spans.len());
        untagged_tokens_into(&text, &spans, &mut tokens);
        let mut b = Buffers::default();
        self.tag_tokens(&mut b, &mut tokens);
        self.parse_into(&mut b, &mut tokens);
        Sentence { start: 0, end: text.len(), tokens, parsed: true, tagged: true }
    }

    /// Tags and lemmatizes `tokens` (their words and tags stay in `b.ctx`
    /// and `b.tags`, for the parser).
    fn tag_tokens(&self, b: &mut Buffers, tokens: &mut [Token]) {
        b.load_words(tokens.iter().map(|t| t.form.as_str()));
        self.tagger.tag(&b.ctx, self.domain, &mut b.tags, &mut b.tag_scratch);
        if b.lemmas.len() != LEMMA_CACHE {
            b.lemmas = vec![(0, String::new()); LEMMA_CACHE];
        }
        for (i, token) in tokens.iter_mut().enumerate() {
            let tag = b.tags[i];
            token.tag = tag;
            if b.no_lemmas {
                continue;
            }
            // The word's cache key, with the tag mixed in (0 is an empty
            // entry).
            let word = b.ctx.get(i + PAD).map_or(0, |w| w.id);
            let key = crate::hash::finish(word ^ tag.index() as u64).max(1);
            let entry = &mut b.lemmas[key as usize & (LEMMA_CACHE - 1)];
            if entry.0 != key {
                self.lemmatizer.lemmatize(&token.form, tag, &mut b.lower, &mut entry.1);
                entry.0 = key;
            }
            token.lemma.clone_from(&entry.1);
        }
    }

    /// Parses the words in `b.ctx`, tagged `b.tags`, and sets the heads and
    /// labels of `tokens`, their tokens.
    fn parse_into(&self, b: &mut Buffers, tokens: &mut [Token]) {
        let Buffers { ctx, tags, parse, heads, labels, .. } = b;
        self.parser.parse(ParseJob { ctx, tags, scratch: parse, heads, labels });
        set_arcs(tokens, heads, labels);
    }

    /// Parses the parked sentence, whose tokens are `first`, and the one in
    /// `b.ctx` and `b.tags`, whose tokens are `second`, together.
    fn parse_two_into(&self, b: &mut Buffers, first: &mut [Token], second: &mut [Token]) {
        let Buffers { ctx, tags, parse, heads, labels, parked, .. } = b;
        self.parser.parse_two(
            ParseJob {
                ctx: &parked.ctx,
                tags: &parked.tags,
                scratch: &mut parked.parse,
                heads: &mut parked.heads,
                labels: &mut parked.labels,
            },
            ParseJob { ctx, tags, scratch: parse, heads, labels },
        );
        set_arcs(first, &parked.heads, &parked.labels);
        set_arcs(second, heads, labels);
    }

    /// Sizes of the loaded models: tagger features, tag-dictionary words,
    /// lemma exceptions, transition features and label features.
    pub fn sizes(&self) -> [usize; 5] {
        let (tf, td) = self.tagger.sizes();
        let (_, _, le) = self.lemmatizer.sizes();
        let (pf, lf) = self.parser.sizes();
        [tf, td, le, pf, lf]
    }
}
