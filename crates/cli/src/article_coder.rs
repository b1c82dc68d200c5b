//! Coding one article: its body split into sentences, each analysed by the
//! front-end, turned into a tree and coded; events become records.

use dyad_core::coder::{Coder, Outcome, SentenceNeed};
use dyad_core::date::Date;
use dyad_core::dict::DiscardKind;
use dyad_core::event_date::event_date_near;
use dyad_formats::article::Article;
use dyad_formats::event_record::{EventRecord, Span};
use dyad_nlp::{Analyzer, Sentence, SentenceSelector, Token};

use crate::parses::tree_of_analysis;
use crate::records::{EventTexts, RecordContext, SentenceInfo};

/// What coding an article gave.
#[derive(Debug, Default)]
pub struct ArticleResult {
    /// The events, in text order.
    pub records: Vec<EventRecord>,
    /// Sentences read.
    pub n_sentences: usize,
    /// A story discard phrase matched: no events are kept.
    pub discarded: bool,
}

/// Per-thread state for coding articles.
pub struct ArticleCoder<'d, 'p> {
    coder: Coder<'d>,
    analyzer: Analyzer<'p>,
    /// The article's sentences, block after block.
    sentences: Vec<Sentence>,
    /// What coding each of `sentences` needs.
    needs: Vec<SentenceNeed>,
    /// The block each of `sentences` is in.
    blocks: Vec<usize>,
    /// Sentences of the article whose only effect on coding, their subject,
    /// has not been needed yet (kept unparsed; see [`SentenceNeed`]).
    pending: Vec<Sentence>,
    /// Parse and code every sentence, asking no [`SentenceNeed`].
    parse_all: bool,
}

impl<'d, 'p> ArticleCoder<'d, 'p> {
    /// A coder over `dicts` using the front-end `pipeline`.
    pub fn new(dicts: &'d dyad_core::dict::Dictionaries, pipeline: &'p dyad_nlp::Pipeline) -> Self {
        ArticleCoder {
            coder: Coder::new(dicts),
            analyzer: pipeline.analyzer().without_lemmas(),
            sentences: Vec::new(),
            needs: Vec::new(),
            blocks: Vec::new(),
            pending: Vec::new(),
            parse_all: false,
        }
    }

    /// A coder that parses and codes every sentence when `all`, instead of
    /// only those [`dyad_core::coder::Coder::sentence_need`] says may give
    /// events or a subject later sentences read: slower, with the same
    /// output.
    pub fn parsing_all(mut self, all: bool) -> Self {
        self.parse_all = all;
        self
    }

    /// Codes the body of `article`, dated `date`.
    pub fn code(
        &mut self,
        ctx: &RecordContext<'_>,
        article: &Article,
        date: Option<Date>,
    ) -> ArticleResult {
        let mut result = ArticleResult::default();
        self.coder.begin_article();
        self.analyzer.recycle(&mut self.pending);
        let mut chars = CharCursor::default();
        // Only the sentences the coder may code are tagged and parsed now
        // (the parser is most of the front-end's time, the tagger much of
        // the rest). All blocks are analysed before any is coded, so that
        // sentences of different blocks may be parsed together. (What a
        // sentence needs does not depend on the coding of the sentences
        // before it.)
        self.analyzer.recycle(&mut self.sentences);
        self.needs.clear();
        self.blocks.clear();
        for (b, block) in article.blocks.iter().enumerate() {
            let mut selector = NeedSelector {
                coder: &mut self.coder,
                needs: &mut self.needs,
                parse_all: self.parse_all,
            };
            let text = &article.text[block.clone()];
            self.analyzer.analyze_more(text, &mut self.sentences, &mut selector);
            self.blocks.resize(self.sentences.len(), b);
        }
        self.analyzer.finish_parses(&mut self.sentences);
        for (i, &need) in self.needs.iter().enumerate() {
            result.n_sentences += 1;
            let index = i as u32;
            let Some(block) = self.blocks.get(i).and_then(|&b| article.blocks.get(b)) else {
                continue;
            };
            let block_text = &article.text[block.clone()];
            match need {
                SentenceNeed::Nothing => continue,
                SentenceNeed::SubjectOnly => {
                    // Moved, not copied: the list is cleared for the
                    // next article.
                    self.pending.push(std::mem::take(&mut self.sentences[i]));
                    continue;
                }
                SentenceNeed::Code => {}
            }
            let sentence = &self.sentences[i];
            let Ok(tree) = tree_of_analysis(sentence) else { continue };
            let state = self.coder.article_state();
            let mut coding = self.coder.code_tree(&tree, date);
            if coding.read_previous_subject && !self.pending.is_empty() {
                // A pronoun looked for the subject of earlier sentences,
                // some of them left uncoded: code them, then this one
                // again.
                self.coder.restore_article_state(state);
                // Parsed two at a time (the same parses, sooner), then
                // coded in order.
                for pair in self.pending.chunks_mut(2) {
                    match pair {
                        [first, second] => self.analyzer.parse_two(first, second),
                        [one] => self.analyzer.parse(one),
                        _ => {}
                    }
                }
                for waiting in &self.pending {
                    if let Ok(tree) = tree_of_analysis(waiting) {
                        self.coder.code_tree(&tree, date);
                    }
                }
                self.analyzer.recycle(&mut self.pending);
                coding = self.coder.code_tree(&tree, date);
            }
            if coding.subject.is_some() {
                // Its subject replaces theirs.
                self.analyzer.recycle(&mut self.pending);
            }
            match coding.outcome {
                Outcome::Discarded { kind: DiscardKind::Story, .. } => {
                    result.records.clear();
                    result.discarded = true;
                    return result;
                }
                Outcome::Coded => {}
                _ => continue,
            }
            let (start, end) = (block.start + sentence.start, block.start + sentence.end);
            let text = &article.text[start..end];
            let span =
                Span { start: chars.at(&article.text, start), end: chars.at(&article.text, end) };
            let issues = ctx.issues(&coding.issues);
            let info = SentenceInfo {
                article_id: &article.id,
                url: article.url.as_deref(),
                article_date: date,
                sentence_index: index,
                sentence_id: None,
                text,
                span: Some(span),
                issues: &issues,
            };
            let words = |range: Option<(u32, u32)>| {
                let (a, b) = range?;
                let first = sentence.tokens.get(a as usize)?;
                let last = sentence.tokens.get(b.checked_sub(1)? as usize)?;
                block_text.get(first.start..last.end).map(str::to_string)
            };
            for (n, event) in coding.events.iter().enumerate() {
                let verb = sentence.tokens.get(event.verb as usize);
                let anchor = verb.map_or(0, |v| v.start.saturating_sub(sentence.start));
                let texts = EventTexts {
                    source: words(event.source_words),
                    target: words(event.target_words),
                    verb: verb.and_then(|v| block_text.get(v.start..v.end)).map(str::to_string),
                    date: date.and_then(|d| event_date_near(text, d, anchor)).map(|m| m.date),
                };
                result.records.push(ctx.record(&info, n, event, texts));
            }
        }
        result
    }
}

/// Asks the coder what each sentence needs, first from its words alone,
/// then, for those that may give events, from its tagged words; keeps the
/// answer for each sentence in `needs`.
struct NeedSelector<'c, 'd> {
    coder: &'c mut Coder<'d>,
    needs: &'c mut Vec<SentenceNeed>,
    /// Tag, parse and code every sentence.
    parse_all: bool,
}

impl SentenceSelector for NeedSelector<'_, '_> {
    fn tag(&mut self, untagged: &[Token]) -> bool {
        if self.parse_all {
            return true;
        }
        let need = self.coder.sentence_need_untagged(untagged.iter().map(|t| t.form.as_str()));
        if need != SentenceNeed::Code {
            self.needs.push(need);
        }
        need == SentenceNeed::Code
    }

    fn parse(&mut self, tagged: &[Token]) -> bool {
        let need = if self.parse_all {
            SentenceNeed::Code
        } else {
            self.coder.sentence_need(tagged.iter().map(|t| (t.tag.as_str(), t.form.as_str())))
        };
        self.needs.push(need);
        need == SentenceNeed::Code
    }
}

/// Converts increasing byte offsets of one text into character offsets
/// without rescanning from the start each time.
#[derive(Default)]
struct CharCursor {
    byte: usize,
    chars: usize,
}

impl CharCursor {
    fn at(&mut self, text: &str, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let byte = byte.min(text.len());
        if let Some(slice) = text.get(self.byte..byte) {
            self.chars += slice.chars().count();
            self.byte = byte;
        }
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::CharCursor;

    #[test]
    fn char_offsets() {
        let text = "Élysée said. Kerry met Lavrov.";
        let mut c = CharCursor::default();
        let start = text.find("Kerry").unwrap();
        assert_eq!(c.at(text, start), 13);
        assert_eq!(c.at(text, text.len()), text.chars().count());
        assert_eq!(c.at(text, 0), 0);
    }
}
