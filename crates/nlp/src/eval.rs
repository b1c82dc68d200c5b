//! Accuracy of the front-end against gold CoNLL-U sentences.

use std::collections::{HashMap, HashSet};

use crate::conllu::ConlluSentence;
use crate::pipeline::{Pipeline, Sentence};

/// Word-level counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    /// Gold words.
    pub n_words: usize,
    /// Gold words that are not punctuation.
    pub n_words_no_punct: usize,
    /// Words with the gold tag.
    pub tags: usize,
    /// Words with the gold lemma.
    pub lemmas: usize,
    /// Words with the gold head.
    pub heads: usize,
    /// Words with the gold head and label.
    pub labelled: usize,
    /// Non-punctuation words with the gold head.
    pub heads_no_punct: usize,
    /// Non-punctuation words with the gold head and label.
    pub labelled_no_punct: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl Scores {
    /// Tagging accuracy.
    pub fn tag_accuracy(&self) -> f64 {
        ratio(self.tags, self.n_words)
    }
    /// Lemma accuracy.
    pub fn lemma_accuracy(&self) -> f64 {
        ratio(self.lemmas, self.n_words)
    }
    /// Unlabelled attachment score, punctuation included.
    pub fn uas(&self) -> f64 {
        ratio(self.heads, self.n_words)
    }
    /// Labelled attachment score, punctuation included.
    pub fn las(&self) -> f64 {
        ratio(self.labelled, self.n_words)
    }
    /// Unlabelled attachment score without punctuation.
    pub fn uas_no_punct(&self) -> f64 {
        ratio(self.heads_no_punct, self.n_words_no_punct)
    }
    /// Labelled attachment score without punctuation.
    pub fn las_no_punct(&self) -> f64 {
        ratio(self.labelled_no_punct, self.n_words_no_punct)
    }
}

/// Precision, recall and F1 counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    /// Items found that are in the gold set.
    pub right: usize,
    /// Items found.
    pub found: usize,
    /// Items in the gold set.
    pub gold: usize,
}

impl Prf {
    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.right, self.found)
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.right, self.gold)
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

/// Scores of an end-to-end run from raw text.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RawScores {
    /// Paragraphs rebuilt from the gold file.
    pub n_paragraphs: usize,
    /// Tokens: same byte span as a gold word.
    pub tokens: Prf,
    /// Sentence boundaries inside paragraphs (end offsets).
    pub boundaries: Prf,
    /// Word scores over the gold words; a word whose token was not found
    /// counts as wrong, and so does a head whose token was not found.
    pub aligned: Scores,
}

fn is_punct(xpos: &str) -> bool {
    matches!(xpos, "," | "." | ":" | "``" | "''" | "-LRB-" | "-RRB-" | "HYPH" | "NFP")
}

/// Scores the pipeline on gold sentences, given their tokenization.
pub fn gold_tokens(pipeline: &Pipeline, gold: &[ConlluSentence]) -> Scores {
    let mut scores = Scores::default();
    for s in gold {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let predicted = pipeline.analyze_words(&words);
        for (g, p) in s.words.iter().zip(&predicted.tokens) {
            let head_ok = g.head == p.head;
            let label_ok = head_ok && crate::DepRel::parse_lossy(&g.deprel) == p.deprel;
            scores.n_words += 1;
            scores.tags += (g.xpos == p.tag.as_str()) as usize;
            scores.lemmas += (g.lemma == p.lemma) as usize;
            scores.heads += head_ok as usize;
            scores.labelled += label_ok as usize;
            if !is_punct(&g.xpos) {
                scores.n_words_no_punct += 1;
                scores.heads_no_punct += head_ok as usize;
                scores.labelled_no_punct += label_ok as usize;
            }
        }
    }
    scores
}

/// The paragraph a sentence id (`<article>-p<k>-s<j>`) belongs to.
fn paragraph_of(id: Option<&str>) -> Option<&str> {
    let id = id?;
    let cut = id.rfind("-s")?;
    id[cut + 2..].bytes().all(|b| b.is_ascii_digit()).then_some(&id[..cut])
}

/// Rebuilds the paragraphs of the gold file as text (words joined as their
/// `SpaceAfter` says, sentences by one space), runs the pipeline on each and
/// scores tokens, sentence boundaries and the analyses of aligned tokens.
pub fn raw_text(pipeline: &Pipeline, gold: &[ConlluSentence]) -> RawScores {
    let mut scores = RawScores::default();
    let mut analyzer = pipeline.analyzer();
    let mut i = 0;
    let mut out: Vec<Sentence> = Vec::new();
    while i < gold.len() {
        let para = paragraph_of(gold[i].sent_id.as_deref());
        let mut j = i + 1;
        while j < gold.len() && para.is_some() && paragraph_of(gold[j].sent_id.as_deref()) == para {
            j += 1;
        }
        // Rebuild the text with gold spans.
        let mut text = String::new();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut sent_of: Vec<(usize, usize)> = Vec::new(); // (sentence, word) per gold word
        let mut ends = HashSet::new();
        for (k, s) in gold[i..j].iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            for (w_idx, w) in s.words.iter().enumerate() {
                spans.push((text.len(), text.len() + w.form.len()));
                sent_of.push((k, w_idx));
                text.push_str(&w.form);
                if w.space_after && w_idx + 1 < s.words.len() {
                    text.push(' ');
                }
            }
            if k + 1 < j - i {
                ends.insert(text.len());
            }
        }
        out.clear();
        analyzer.analyze(&text, &mut out);
        scores.n_paragraphs += 1;
        // Boundaries.
        scores.boundaries.gold += ends.len();
        for s in out.iter().take(out.len().saturating_sub(1)) {
            scores.boundaries.found += 1;
            scores.boundaries.right += ends.contains(&s.end) as usize;
        }
        // Tokens.
        let mut predicted: HashMap<(usize, usize), (usize, usize)> = HashMap::new();
        for (si, s) in out.iter().enumerate() {
            for (ti, t) in s.tokens.iter().enumerate() {
                predicted.insert((t.start, t.end), (si, ti));
            }
        }
        scores.tokens.found += predicted.len();
        scores.tokens.gold += spans.len();
        let gold_sentences = &gold[i..j];
        let mut word_start = Vec::new();
        let mut offset = 0;
        for s in gold_sentences {
            word_start.push(offset);
            offset += s.words.len();
        }
        for (g_idx, &span) in spans.iter().enumerate() {
            let (k, w_idx) = sent_of[g_idx];
            let g = &gold_sentences[k].words[w_idx];
            let a = &mut scores.aligned;
            a.n_words += 1;
            let punct = !is_punct(&g.xpos);
            a.n_words_no_punct += punct as usize;
            let Some(&(si, ti)) = predicted.get(&span) else { continue };
            scores.tokens.right += 1;
            let p = &out[si].tokens[ti];
            a.tags += (g.xpos == p.tag.as_str()) as usize;
            a.lemmas += (g.lemma == p.lemma) as usize;
            let gold_head_span = (g.head > 0).then(|| spans[word_start[k] + g.head as usize - 1]);
            let pred_head_span = (p.head > 0).then(|| {
                let h = &out[si].tokens[p.head as usize - 1];
                (h.start, h.end)
            });
            let head_ok = gold_head_span == pred_head_span;
            let label_ok = head_ok && crate::DepRel::parse_lossy(&g.deprel) == p.deprel;
            a.heads += head_ok as usize;
            a.labelled += label_ok as usize;
            if punct {
                a.heads_no_punct += head_ok as usize;
                a.labelled_no_punct += label_ok as usize;
            }
        }
        i = j;
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_ids() {
        assert_eq!(paragraph_of(Some("ag-news-1-p1-s0")), Some("ag-news-1-p1"));
        assert_eq!(paragraph_of(Some("weblog-xyz-0001")), None);
        assert_eq!(paragraph_of(None), None);
        let prf = Prf { right: 1, found: 2, gold: 4 };
        assert!((prf.f1() - 1.0 / 3.0).abs() < 1e-9);
    }
}
