//! The `<Parse>` of a PETRARCH record: a Penn Treebank tree, or CoNLL-U
//! lines turned into one.

use dyad_core::tree::{DepToken, Tree};
use dyad_formats::conllu;

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
