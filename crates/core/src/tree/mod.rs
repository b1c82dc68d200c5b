//! Constituency trees: the structure the coder reads.
//!
//! A [`Tree`] is an arena of nodes borrowing its labels and words from the
//! text it was read from (a Penn Treebank bracketed parse) or from the tokens
//! of a dependency parse it was built from. Preterminals carry their word;
//! every other node carries children.

mod from_deps;

use std::fmt;

pub use from_deps::DepToken;

/// Index of a node in its [`Tree`].
pub type NodeId = u32;

/// "No node": the parent of the root, the sibling after the last child.
pub const NONE: NodeId = u32::MAX;

/// One node of a [`Tree`].
#[derive(Clone, Copy, Debug)]
pub struct Node<'a> {
    /// Phrase label (`NP`, `VP`, `S`) or part-of-speech tag (`NNP`, `VBD`).
    pub label: &'a str,
    /// The word, for a preterminal.
    pub word: Option<&'a str>,
    /// Index of the word among the tree's words, for a preterminal.
    pub token: u32,
    /// Parent node, or [`NONE`] for the root.
    pub parent: NodeId,
    /// First child, or [`NONE`].
    pub first_child: NodeId,
    /// Next sibling, or [`NONE`].
    pub next_sibling: NodeId,
}

/// A rooted, ordered constituency tree.
#[derive(Clone, Debug, Default)]
pub struct Tree<'a> {
    nodes: Vec<Node<'a>>,
    n_words: u32,
}

/// Why a bracketed parse could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TreeError {
    /// The text holds no tree at all.
    Empty,
    /// The parentheses do not balance.
    Unbalanced,
    /// Something other than a label or a word where one was expected.
    Malformed(&'static str),
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TreeError::Empty => write!(f, "empty parse"),
            TreeError::Unbalanced => write!(f, "unbalanced parentheses in parse"),
            TreeError::Malformed(why) => write!(f, "malformed parse: {why}"),
        }
    }
}

impl std::error::Error for TreeError {}

impl<'a> Tree<'a> {
    /// Reads a Penn Treebank bracketed parse such as
    /// `(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor)))))`.
    ///
    /// A root without a label (`( (S ...))`) is labelled `ROOT`; a tree whose
    /// top node is not `ROOT` gets a `ROOT` above it, so that every tree starts
    /// `(ROOT (S ...`.
    pub fn from_ptb(text: &'a str) -> Result<Tree<'a>, TreeError> {
        let mut tree = Tree { nodes: Vec::with_capacity(text.len() / 6), n_words: 0 };
        // The open phrases, each with the last child appended to it so far
        // (to link siblings in O(1)).
        let mut open: Vec<(NodeId, NodeId)> = Vec::with_capacity(32);
        let mut cursor = Cursor { text, pos: 0 };
        let mut root = NONE;
        while let Some(b) = cursor.peek() {
            match b {
                b'(' => {
                    cursor.pos += 1;
                    let label = match cursor.peek() {
                        Some(b'(') if open.is_empty() => "ROOT",
                        Some(b'(') => return Err(TreeError::Malformed("phrase without a label")),
                        Some(b')') => return Err(TreeError::Malformed("empty phrase")),
                        Some(_) => cursor.atom(),
                        None => return Err(TreeError::Unbalanced),
                    };
                    let id = match open.last_mut() {
                        Some((parent, last)) => {
                            let (parent, prev) = (*parent, *last);
                            let id = tree.push(label, None, parent);
                            *last = id;
                            tree.link(parent, prev, id);
                            id
                        }
                        None if root != NONE => {
                            return Err(TreeError::Malformed("text after the end of the tree"));
                        }
                        None => {
                            root = tree.push(label, None, NONE);
                            root
                        }
                    };
                    match cursor.peek() {
                        // A phrase: its children or its end follow.
                        Some(b'(' | b')') => open.push((id, NONE)),
                        // A preterminal: (TAG word)
                        Some(_) => {
                            let word = cursor.atom();
                            let node = &mut tree.nodes[id as usize];
                            node.word = Some(word);
                            node.token = tree.n_words;
                            tree.n_words += 1;
                            match cursor.peek() {
                                Some(b')') => cursor.pos += 1,
                                Some(b'(') => {
                                    return Err(TreeError::Malformed("word before a phrase"));
                                }
                                Some(_) => {
                                    return Err(TreeError::Malformed("two words in one leaf"));
                                }
                                None => return Err(TreeError::Unbalanced),
                            }
                        }
                        None => return Err(TreeError::Unbalanced),
                    }
                }
                b')' => {
                    cursor.pos += 1;
                    if open.pop().is_none() {
                        return Err(TreeError::Unbalanced);
                    }
                }
                _ => return Err(TreeError::Malformed("word outside a phrase")),
            }
        }
        if !open.is_empty() {
            return Err(TreeError::Unbalanced);
        }
        if root == NONE {
            return Err(TreeError::Empty);
        }
        if !tree.nodes[root as usize].label.eq_ignore_ascii_case("ROOT") {
            tree.wrap_root();
        }
        Ok(tree)
    }

    /// An empty tree, to be filled with [`Tree::push_node`].
    pub fn with_capacity(n: usize) -> Tree<'a> {
        Tree { nodes: Vec::with_capacity(n), n_words: 0 }
    }

    /// Appends a node as the last child of `parent` (or as the root when
    /// `parent` is [`NONE`]) and returns its id. A node with a word is a
    /// preterminal and takes the next word index.
    pub fn push_node(&mut self, label: &'a str, word: Option<&'a str>, parent: NodeId) -> NodeId {
        let id = self.push(label, word, parent);
        if word.is_some() {
            self.nodes[id as usize].token = self.n_words;
            self.n_words += 1;
        }
        if parent != NONE {
            let mut prev = self.nodes[parent as usize].first_child;
            if prev != NONE {
                while self.nodes[prev as usize].next_sibling != NONE {
                    prev = self.nodes[prev as usize].next_sibling;
                }
            }
            self.link(parent, prev, id);
        }
        id
    }

    fn push(&mut self, label: &'a str, word: Option<&'a str>, parent: NodeId) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            label,
            word,
            token: u32::MAX,
            parent,
            first_child: NONE,
            next_sibling: NONE,
        });
        id
    }

    fn link(&mut self, parent: NodeId, prev: NodeId, id: NodeId) {
        if prev == NONE {
            self.nodes[parent as usize].first_child = id;
        } else {
            self.nodes[prev as usize].next_sibling = id;
        }
    }

    /// Puts a new `ROOT` node above the current root (node 0).
    fn wrap_root(&mut self) {
        let old_root = 0;
        let new_root = self.push("ROOT", None, NONE);
        self.nodes[new_root as usize].first_child = old_root;
        self.nodes[old_root as usize].parent = new_root;
    }

    /// The root node.
    pub fn root(&self) -> NodeId {
        self.nodes.iter().position(|n| n.parent == NONE).map_or(NONE, |i| i as NodeId)
    }

    /// A node by id.
    pub fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[id as usize]
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when the tree has no nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Number of words (preterminals).
    pub fn n_words(&self) -> usize {
        self.n_words as usize
    }

    /// The children of `id`, in order.
    pub fn children(&self, id: NodeId) -> Children<'_, 'a> {
        Children { tree: self, next: self.nodes[id as usize].first_child }
    }

    /// The words of the tree in order, with their tags.
    pub fn words(&self) -> Vec<(&'a str, &'a str)> {
        self.tagged_words().collect()
    }

    /// The words of the tree in order, with their tags, without collecting
    /// them: a word's index is given as its node is added, so the
    /// preterminals in node order are the words in order.
    pub fn tagged_words(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.nodes.iter().filter_map(|node| node.word.map(|word| (node.label, word)))
    }

    /// Writes the tree back as a bracketed parse.
    pub fn to_ptb(&self) -> String {
        let mut out = String::new();
        let root = self.root();
        if root != NONE {
            self.write_ptb(root, &mut out);
        }
        out
    }

    fn write_ptb(&self, id: NodeId, out: &mut String) {
        let node = self.node(id);
        out.push('(');
        out.push_str(node.label);
        if let Some(word) = node.word {
            out.push(' ');
            out.push_str(word);
        }
        for child in self.children(id) {
            out.push(' ');
            self.write_ptb(child, out);
        }
        out.push(')');
    }
}

/// Iterator over the children of a node.
pub struct Children<'t, 'a> {
    tree: &'t Tree<'a>,
    next: NodeId,
}

impl Iterator for Children<'_, '_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        self.next = self.tree.nodes[id as usize].next_sibling;
        Some(id)
    }
}

/// [`BYTE_CLASS`]: a byte of a label or word.
const ATOM: u8 = 0;
/// [`BYTE_CLASS`]: ASCII white space.
const SPACE: u8 = 1;
/// [`BYTE_CLASS`]: a parenthesis.
const PAREN: u8 = 2;

/// The class of each byte for the lexer: one load and one comparison per
/// byte where testing for white space and both parentheses took four.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [ATOM; 256];
    let mut b = 0;
    while b < 256 {
        if (b as u8).is_ascii_whitespace() {
            table[b] = SPACE;
        }
        b += 1;
    }
    table[b'(' as usize] = PAREN;
    table[b')' as usize] = PAREN;
    table
};

/// A position in a bracketed parse.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// The next byte that is not white space, which the cursor is then at.
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() && BYTE_CLASS[bytes[self.pos] as usize] == SPACE {
            self.pos += 1;
        }
        bytes.get(self.pos).copied()
    }

    /// The label or word at the cursor, which it moves past.
    fn atom(&mut self) -> &'a str {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        while self.pos < bytes.len() && BYTE_CLASS[bytes[self.pos] as usize] == ATOM {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        let tree = Tree::from_ptb(input).unwrap();
        assert_eq!(tree.to_ptb(), expect);
    }

    #[test]
    fn reads_bracketed_parses() {
        check(
            "(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor))) (. .)))",
            "(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor))) (. .)))",
        );
        check("( (S (NP (PRP He)) (VP (VBD left))))", "(ROOT (S (NP (PRP He)) (VP (VBD left))))");
        check("(S (NP (PRP He)) (VP (VBD left)))", "(ROOT (S (NP (PRP He)) (VP (VBD left))))");
        check("(ROOT\n  (S (NP (NNP X)\n) ) )", "(ROOT (S (NP (NNP X))))");
    }

    #[test]
    fn words_and_children() {
        let tree = Tree::from_ptb("(ROOT (S (NP (NNP Arnor)) (VP (VBD met))))").unwrap();
        assert_eq!(tree.words(), vec![("NNP", "Arnor"), ("VBD", "met")]);
        // A word's index is its rank among the preterminals in node order,
        // also when the root was added last.
        let wrapped =
            Tree::from_ptb("(S (NP (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor))))").unwrap();
        let indexed: Vec<u32> = (0..wrapped.len() as NodeId)
            .map(|id| wrapped.node(id))
            .filter(|n| n.word.is_some())
            .map(|n| n.token)
            .collect();
        assert_eq!(indexed, [0, 1, 2]);
        assert_eq!(wrapped.words(), [("NNP", "Arnor"), ("VBD", "met"), ("NNP", "Gondor")]);
        let s = tree.children(tree.root()).next().unwrap();
        let labels: Vec<_> = tree.children(s).map(|c| tree.node(c).label).collect();
        assert_eq!(labels, ["NP", "VP"]);
    }

    #[test]
    fn rejects_broken_parses() {
        assert_eq!(Tree::from_ptb("").unwrap_err(), TreeError::Empty);
        assert_eq!(Tree::from_ptb("(ROOT (S (NP (NNP X))").unwrap_err(), TreeError::Unbalanced);
        assert_eq!(Tree::from_ptb("(ROOT (S))) )").unwrap_err(), TreeError::Unbalanced);
        assert!(Tree::from_ptb("(ROOT (NN a b))").is_err());
        assert!(Tree::from_ptb("(ROOT (S)) (ROOT (S))").is_err());
        assert!(Tree::from_ptb("word").is_err());
        for (text, why) in [
            ("(ROOT (NP (NN a b)))", "two words in one leaf"),
            ("(ROOT (NN a (X b)))", "word before a phrase"),
            ("(ROOT (S (NN a))) (ROOT (S (NN b)))", "text after the end of the tree"),
            ("word (ROOT)", "word outside a phrase"),
            ("(ROOT ( (S (NN a))))", "phrase without a label"),
            ("(ROOT (S () (NN a)))", "empty phrase"),
        ] {
            assert_eq!(Tree::from_ptb(text).unwrap_err(), TreeError::Malformed(why), "{text}");
        }
        for text in ["(", "(ROOT", "(ROOT (NN a", "(ROOT (NN a)", "(ROOT (S (NN a)))))"] {
            assert_eq!(Tree::from_ptb(text).unwrap_err(), TreeError::Unbalanced, "{text}");
        }
        assert_eq!(Tree::from_ptb("  \n ").unwrap_err(), TreeError::Empty);
    }
}
