//! Trees for the coder: the `<Parse>` of a PETRARCH record (a Penn
//! Treebank tree, or CoNLL-U lines turned into one), and a sentence dyad's
//! own front-end analysed.

use dyad_core::tree::{DepToken, Tree, TreeError};
use dyad_formats::conllu;

/// The tree of a sentence analysed by dyad's front-end (its dependency
/// parse turned into constituents).
pub fn tree_of_analysis(sentence: &dyad_nlp::Sentence) -> Result<Tree<'_>, TreeError> {
    let toks: Vec<DepToken<'_>> = sentence
        .tokens
        .iter()
        .map(|t| DepToken {
            form: &t.form,
            tag: t.tag.as_str(),
            head: t.head,
            deprel: t.deprel.as_str(),
        })
        .collect();
    Tree::from_dependencies(&toks)
}

/// The tree of a record's parse.
pub fn tree_of(parse: &str) -> Result<Tree<'_>, String> {
    let trimmed = parse.trim_start();
    if trimmed.starts_with('(') || trimmed.is_empty() {
        return Tree::from_ptb(parse).map_err(|e| e.to_string());
    }
    let words = conllu::read_sentence(parse).map_err(|e| e.to_string())?;
    let toks: Vec<DepToken<'_>> = words
        .iter()
        .map(|w| DepToken {
            form: w.form,
            tag: if w.xpos == "_" { w.upos } else { w.xpos },
            head: w.head,
            deprel: w.deprel,
        })
        .collect();
    Tree::from_dependencies(&toks).map_err(|e| e.to_string())
}
