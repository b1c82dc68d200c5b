//! The linear form of a parse that PETRARCH-style patterns match against.
//!
//! PETRARCH's dictionaries grew up with TABARI's shallow parser, so its coder
//! does not walk the tree: it flattens it into a token list in which simple
//! noun phrases become *named-entity* spans (`NE`, holding a code slot and the
//! phrase's words), coordinated noun phrases become compound spans (`NEC`,
//! holding one `NE` per member), verb phrases are numbered, and every other
//! constituent keeps its open and close markers. This module builds that list
//! from a [`Tree`]:
//!
//! 1. A `CC` whose parent holds a verb phrase or clause marks a clause-level
//!    coordination (`CCP`); a `CC` inside a noun phrase with at least two
//!    nominal parts turns that noun phrase into a compound (`NEC`).
//! 2. Relative clauses (`SBAR`) inside noun phrases are flattened to their
//!    words (`SBR`), so verbs inside them are not coded; inside an entity
//!    they are left out, with the comma before them, so that their words
//!    do not code the entity.
//! 3. A noun phrase becomes one `NE` when it is a possessive (its `POS` token
//!    dropped), a head noun phrase with one prepositional phrase
//!    (`the rebels from Syria`), or has no noun phrase inside; otherwise it
//!    stays a numbered `NP` whose parts are processed in turn.

use super::label::{Label, Labels, flag};
use crate::lexicon::WordId;
use crate::tree::{NONE, NodeId, Tree};

/// One token of the linear form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// `(LABEL`: a constituent opens; the number tells apart `VP`s, `NP`s and
    /// compounds (0 when unnumbered).
    Open(Label, u32),
    /// `~LABEL`: it closes.
    Close(Label, u32),
    /// A word.
    Word(Word),
    /// The code slot that follows an `NE` opener.
    Code(Slot),
}

/// A word of the linear form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    /// Its id in the dictionaries' lexicon.
    pub id: WordId,
    /// Its index among the sentence's words.
    pub index: u32,
    /// True when it starts with a letter (used to count clause words).
    pub alpha: bool,
}

/// The code of a named-entity span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// Nothing found (`---`).
    Null,
    /// An actor, agent, or actor with agents: an index into the sentence's
    /// code table.
    Actor(u32),
}

impl Tok {
    pub(crate) fn is_open(&self, label: Label) -> bool {
        matches!(self, Tok::Open(l, _) if *l == label)
    }

    pub(crate) fn is_close(&self, label: Label) -> bool {
        matches!(self, Tok::Close(l, _) if *l == label)
    }
}

/// Why a tree could not be linearised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LinearError {
    /// The sentence is a dateline (a compound noun phrase right under the root).
    Dateline,
}

/// How many words besides a name's own its noun phrase may hold and still
/// be taken as the name ("the", an adjective or two).
const NAME_EXTRA_WORDS: usize = 3;

/// Builds linear forms, reusing its buffers from one sentence to the next.
#[derive(Default)]
pub(crate) struct Linearizer {
    labels: Vec<Label>,
    flat: Vec<bool>,
    /// Nodes in preorder.
    pre: Vec<NodeId>,
    /// Position of each node in `pre`.
    pos: Vec<u32>,
    /// Position in `pre` just after each node's subtree.
    end: Vec<u32>,
    /// The preterminal node of each word, by word index.
    leaves: Vec<NodeId>,
    /// Noun phrases that are one dictionary name (see `mark_names`).
    names: Vec<bool>,
    vp_count: u32,
    np_count: u32,
    nec_count: u32,
}

impl Linearizer {
    /// Linearises `tree` into `out`. `word_ids[i]` is the lexicon id of the
    /// tree's `i`-th word and `word_alpha[i]` whether it starts with a letter;
    /// `names` are the word ranges of dictionary names that hold a
    /// conjunction: the noun phrase of each is one entity, whatever its
    /// inner structure, and its conjunction coordinates nothing.
    pub(crate) fn run(
        &mut self,
        tree: &Tree<'_>,
        table: &mut Labels,
        word_ids: &[WordId],
        word_alpha: &[bool],
        names: &[(u32, u32)],
        out: &mut Vec<Tok>,
    ) -> Result<(), LinearError> {
        out.clear();
        let n = tree.len();
        self.labels.clear();
        self.labels.extend((0..n as NodeId).map(|id| table.get(tree.node(id).label)));
        self.flat.clear();
        self.flat.resize(n, false);
        self.preorder(tree);
        self.vp_count = 0;
        self.np_count = 0;
        self.nec_count = 0;
        self.mark_names(tree, names);
        self.mark_compounds(tree, table);
        let mut ctx = Ctx { tree, table, word_ids, word_alpha, out };
        let root = tree.root();
        if root != NONE {
            self.emit(&mut ctx, root);
        }
        // A dateline ("GENEVA, Sept. 9 (AFP)") parses as a compound noun
        // phrase right under the root.
        let mut opens = out.iter().filter_map(|t| match t {
            Tok::Open(l, _) => Some(*l),
            _ => None,
        });
        if opens.next() == Some(Label::ROOT)
            && opens.next() == Some(Label::NE)
            && opens.next() == Some(Label::NEC)
        {
            return Err(LinearError::Dateline);
        }
        Ok(())
    }

    fn preorder(&mut self, tree: &Tree<'_>) {
        let n = tree.len();
        self.pre.clear();
        self.pos.clear();
        self.pos.resize(n, 0);
        self.end.clear();
        self.end.resize(n, 0);
        self.leaves.clear();
        let root = tree.root();
        if root == NONE {
            return;
        }
        // A walk along the child, sibling and parent links, with no stack:
        // down to the first child, else on to the next sibling, else up
        // (closing each subtree left) until a parent has one.
        let mut id = root;
        loop {
            self.pos[id as usize] = self.pre.len() as u32;
            self.pre.push(id);
            let node = tree.node(id);
            if node.word.is_some() {
                let token = node.token as usize;
                if self.leaves.len() <= token {
                    self.leaves.resize(token + 1, NONE);
                }
                self.leaves[token] = id;
            }
            if node.first_child != NONE {
                id = node.first_child;
                continue;
            }
            loop {
                self.end[id as usize] = self.pre.len() as u32;
                if id == root {
                    return;
                }
                let node = tree.node(id);
                if node.next_sibling != NONE {
                    id = node.next_sibling;
                    break;
                }
                id = node.parent;
            }
        }
    }

    /// The nodes strictly inside `id`'s subtree, in document order, skipping
    /// the inside of flattened clauses.
    fn descendants(&self, id: NodeId) -> Descendants<'_> {
        Descendants { lin: self, next: self.pos[id as usize] + 1, end: self.end[id as usize] }
    }

    /// Marks the noun phrase of each name in `names` (word ranges): the
    /// lowest noun phrase holding the name's first and last words, if it
    /// holds few other words.
    fn mark_names(&mut self, tree: &Tree<'_>, names: &[(u32, u32)]) {
        self.names.clear();
        self.names.resize(tree.len(), false);
        for &(start, end) in names {
            let leaf = |token: u32| self.leaves.get(token as usize).copied().filter(|&n| n != NONE);
            let (Some(first), Some(last)) = (leaf(start), leaf(end.saturating_sub(1))) else {
                continue;
            };
            // The lowest common ancestor of the two words.
            let mut common = first;
            while common != NONE && self.pos[last as usize] >= self.end[common as usize] {
                common = tree.node(common).parent;
            }
            while common != NONE && self.labels[common as usize] != Label::NP {
                common = tree.node(common).parent;
            }
            if common == NONE {
                continue;
            }
            let range = self.pos[common as usize] as usize..self.end[common as usize] as usize;
            let words = self.pre[range].iter().filter(|&&n| tree.node(n).word.is_some()).count();
            if words <= (end - start) as usize + NAME_EXTRA_WORDS {
                self.names[common as usize] = true;
            }
        }
    }

    /// True when `id` or one of its ancestors is a name's noun phrase.
    fn inside_name(&self, tree: &Tree<'_>, mut id: NodeId) -> bool {
        while id != NONE {
            if self.names[id as usize] {
                return true;
            }
            id = tree.node(id).parent;
        }
        false
    }

    fn mark_compounds(&mut self, tree: &Tree<'_>, table: &Labels) {
        for i in 0..self.pre.len() {
            let id = self.pre[i];
            if self.labels[id as usize] != Label::CC {
                continue;
            }
            let parent = tree.node(id).parent;
            if parent == NONE {
                continue;
            }
            if self.inside_name(tree, id) {
                // "The Food and Agriculture Organization" coordinates nothing.
                continue;
            }
            let within = |lin: &Self, bits: u16| -> usize {
                let range = lin.pos[parent as usize] as usize..lin.end[parent as usize] as usize;
                lin.pre[range].iter().filter(|&&n| table.has(lin.labels[n as usize], bits)).count()
            };
            if within(self, flag::VPX | flag::S) > 0 {
                self.labels[id as usize] = Label::CCP;
            } else if table.has(self.labels[parent as usize], flag::NP)
                && within(self, flag::N) >= 3
            {
                self.labels[parent as usize] = Label::NEC;
            }
        }
    }

    fn emit(&mut self, ctx: &mut Ctx<'_>, id: NodeId) {
        let node = ctx.tree.node(id);
        let label = self.labels[id as usize];
        if let Some(_word) = node.word {
            ctx.out.push(Tok::Open(label, 0));
            ctx.push_word(node.token);
            ctx.out.push(Tok::Close(label, 0));
            return;
        }
        if self.flat[id as usize] {
            ctx.out.push(Tok::Open(Label::SBR, 0));
            self.push_words(ctx, id, None);
            ctx.out.push(Tok::Close(Label::SBR, 0));
            return;
        }
        match label {
            Label::NP => self.emit_np(ctx, id),
            Label::NEC => self.emit_compound(ctx, id),
            Label::VP => {
                self.vp_count += 1;
                let n = self.vp_count;
                ctx.out.push(Tok::Open(Label::VP, n));
                self.emit_children(ctx, id);
                ctx.out.push(Tok::Close(Label::VP, n));
            }
            _ => {
                ctx.out.push(Tok::Open(label, 0));
                self.emit_children(ctx, id);
                ctx.out.push(Tok::Close(label, 0));
            }
        }
    }

    fn emit_children(&mut self, ctx: &mut Ctx<'_>, id: NodeId) {
        let tree = ctx.tree;
        for child in tree.children(id) {
            self.emit(ctx, child);
        }
    }

    fn emit_np(&mut self, ctx: &mut Ctx<'_>, id: NodeId) {
        if self.names[id as usize] {
            // A name holding a conjunction, whatever its parse: one entity.
            ctx.open_ne();
            self.push_words(ctx, id, None);
            ctx.close_ne();
            return;
        }
        // Relative clauses inside the noun phrase lose their structure.
        let sbars: Vec<NodeId> =
            self.descendants(id).filter(|&n| self.labels[n as usize] == Label::SBAR).collect();
        for s in sbars {
            self.flat[s as usize] = true;
        }
        let table = &*ctx.table;
        let has = |lin: &Self, bit: u16| {
            lin.descendants(id).any(|n| table.has(lin.labels[n as usize], bit))
        };
        if let Some(pos_node) =
            self.descendants(id).find(|&n| table.has(self.labels[n as usize], flag::POS))
        {
            // A possessive: one entity, without the 's. A compound that opens
            // the phrase is read as plain words.
            ctx.open_ne();
            let first_child = ctx.tree.node(id).first_child;
            let mut skip_structure = first_child;
            for child in ctx.tree_ref().children(id) {
                self.push_ne_content(ctx, child, Some(pos_node), skip_structure == child);
                skip_structure = NONE;
            }
            ctx.close_ne();
            return;
        }
        let (has_pp, has_np) = (has(self, flag::PP), has(self, flag::NP | flag::NEC));
        if has_pp {
            if self.emit_prepositional_np(ctx, id) {
                return;
            }
        } else if !has_np {
            ctx.open_ne();
            for child in ctx.tree_ref().children(id) {
                self.push_ne_content(ctx, child, None, false);
            }
            ctx.close_ne();
            return;
        }
        self.np_count += 1;
        let n = self.np_count;
        ctx.out.push(Tok::Open(Label::NP, n));
        self.emit_children(ctx, id);
        ctx.out.push(Tok::Close(Label::NP, n));
    }

    /// `(NP (NP head) (PP (IN prep) (NP object)))` as one entity made of the
    /// head, the preposition and the object. Returns false (emitting nothing)
    /// when the phrase does not have that shape.
    fn emit_prepositional_np(&mut self, ctx: &mut Ctx<'_>, id: NodeId) -> bool {
        let table = &*ctx.table;
        let Some(pp) = self.descendants(id).find(|&n| table.has(self.labels[n as usize], flag::PP))
        else {
            return false;
        };
        let holder = ctx.tree.node(pp).parent;
        let head = ctx.tree.node(holder).first_child;
        if self.labels[holder as usize] != Label::NP || head == NONE {
            return false;
        }
        // A holder after other content ("Arnor, the realm of men") is left to
        // its own phrase, so that nothing before it is lost.
        let mut node = holder;
        while node != id {
            let parent = ctx.tree.node(node).parent;
            if parent == NONE || ctx.tree.node(parent).first_child != node {
                return false;
            }
            node = parent;
        }
        let head_label = self.labels[head as usize];
        let head_is_compound = table.has(head_label, flag::NEC);
        if !table.has(head_label, flag::NP) && !head_is_compound {
            return false;
        }
        // The first preposition after the head, anywhere in the sentence.
        let after_head = self.end[head as usize] as usize;
        let Some(prep) =
            self.pre[after_head..].iter().copied().find(|&n| self.labels[n as usize] == Label::IN)
        else {
            return false;
        };
        // The first noun phrase or compound after it, inside the holder.
        let start = self.pos[prep as usize] as usize + 1;
        let stop = self.end[holder as usize] as usize;
        let Some(object) = self.pre[start.min(stop)..stop].iter().copied().find(|&n| {
            matches!(self.labels[n as usize], Label::NP | Label::NEC)
                && !self.inside_flat(ctx.tree, n)
        }) else {
            return false;
        };
        if self.descendants(object).any(|n| table.has(self.labels[n as usize], flag::PP)) {
            return false;
        }
        ctx.open_ne();
        if head_is_compound {
            self.push_ne_content(ctx, head, None, false);
        } else {
            for child in ctx.tree_ref().children(head) {
                self.push_ne_content(ctx, child, None, false);
            }
        }
        if let Some(token) = ctx.tree.node(prep).word.map(|_| ctx.tree.node(prep).token) {
            ctx.push_word(token);
        }
        if self.labels[object as usize] == Label::NEC {
            self.push_ne_content(ctx, object, None, false);
        } else {
            for child in ctx.tree_ref().children(object) {
                self.push_ne_content(ctx, child, None, false);
            }
        }
        // A relative clause after the object joins the entity.
        let after_object = self.end[object as usize] as usize;
        let joined = self.pre[after_object..].iter().copied().find(|&n| self.flat[n as usize]);
        if let Some(sbar) = joined {
            ctx.out.push(Tok::Open(Label::SBR, 0));
            self.push_words(ctx, sbar, None);
            ctx.out.push(Tok::Close(Label::SBR, 0));
        }
        // Nouns right after the prepositional phrase in the same noun phrase
        // belong to the entity: "[Secretary of State] John Kerry".
        let tree = ctx.tree_ref();
        let mut trailing: Vec<NodeId> = Vec::new();
        let mut node = pp;
        'nouns: while node != id && node != NONE {
            let mut sibling = tree.node(node).next_sibling;
            while sibling != NONE {
                let leaf = tree.node(sibling).word.is_some();
                if Some(sibling) == joined
                    || !leaf
                    || !ctx.table.has(self.labels[sibling as usize], flag::NN)
                {
                    break 'nouns;
                }
                ctx.push_word(tree.node(sibling).token);
                trailing.push(sibling);
                sibling = tree.node(sibling).next_sibling;
            }
            node = tree.node(node).parent;
        }
        ctx.close_ne();
        // What follows the first prepositional phrase (more prepositional
        // phrases: "the closure of guest houses [in Bree]") stays, as
        // structure. PETRARCH dropped it, and with it actors.
        let mut node = pp;
        while node != id && node != NONE {
            let mut sibling = tree.node(node).next_sibling;
            while sibling != NONE {
                if Some(sibling) != joined && !trailing.contains(&sibling) {
                    self.emit(ctx, sibling);
                }
                sibling = tree.node(sibling).next_sibling;
            }
            node = tree.node(node).parent;
        }
        true
    }

    fn inside_flat(&self, tree: &Tree<'_>, mut id: NodeId) -> bool {
        while id != NONE {
            if self.flat[id as usize] {
                return true;
            }
            id = tree.node(id).parent;
        }
        false
    }

    /// The content of a node inside an entity: its words, except that a
    /// compound keeps its full markup (it is expanded later).
    fn push_ne_content(
        &mut self,
        ctx: &mut Ctx<'_>,
        id: NodeId,
        skip: Option<NodeId>,
        plain: bool,
    ) {
        if !plain && self.labels[id as usize] == Label::NEC && !self.flat[id as usize] {
            self.push_markup(ctx, id);
            return;
        }
        // A relative clause (and the comma before it) is no part of the
        // entity's name: its words would lend it their actors and agents
        // ("the G20 in China, where Putin talked to President Obama" is no
        // government).
        let next = ctx.tree.node(id).next_sibling;
        let before_clause = self.labels[id as usize] == Label::COMMA
            && next != NONE
            && self.labels[next as usize] == Label::SBAR;
        // Nor is a possessive marker inside it ("China's People's Liberation
        // Army"): dictionary names are written without them.
        let possessive = ctx.table.has(self.labels[id as usize], flag::POS);
        if Some(id) == skip
            || self.labels[id as usize] == Label::SBAR
            || before_clause
            || possessive
        {
            return;
        }
        if let Some(_w) = ctx.tree.node(id).word {
            ctx.push_word(ctx.tree.node(id).token);
            return;
        }
        if self.flat[id as usize] {
            self.push_words(ctx, id, skip);
            return;
        }
        for child in ctx.tree_ref().children(id) {
            self.push_ne_content(ctx, child, skip, false);
        }
    }

    /// A subtree with all its markup, as the tree has it.
    fn push_markup(&mut self, ctx: &mut Ctx<'_>, id: NodeId) {
        let label = self.labels[id as usize];
        ctx.out.push(Tok::Open(label, 0));
        if ctx.tree.node(id).word.is_some() {
            ctx.push_word(ctx.tree.node(id).token);
        } else {
            for child in ctx.tree_ref().children(id) {
                self.push_markup(ctx, child);
            }
        }
        ctx.out.push(Tok::Close(label, 0));
    }

    /// All words under `id`, in order, except those under `skip`.
    fn push_words(&self, ctx: &mut Ctx<'_>, id: NodeId, skip: Option<NodeId>) {
        let mut i = self.pos[id as usize] as usize;
        let end = self.end[id as usize] as usize;
        while i < end {
            let n = self.pre[i];
            if Some(n) == skip {
                i = self.end[n as usize] as usize;
                continue;
            }
            if ctx.tree.node(n).word.is_some() {
                ctx.push_word(ctx.tree.node(n).token);
            }
            i += 1;
        }
    }

    /// A coordinated noun phrase: one entity per nominal part, each with the
    /// adjectives that precede the first part (`new Arnor and Gondor`).
    fn emit_compound(&mut self, ctx: &mut Ctx<'_>, id: NodeId) {
        self.nec_count += 1;
        let n = self.nec_count;
        ctx.out.push(Tok::Open(Label::NEC, n));
        let start = self.pos[id as usize] as usize + 1;
        let end = self.end[id as usize] as usize;
        let mut i = start;
        let mut adjectives: Vec<u32> = Vec::new();
        while i < end {
            let node = self.pre[i];
            let label = self.labels[node as usize];
            if ctx.table.has(label, flag::NP | flag::NN) {
                break;
            }
            if ctx.table.has(label, flag::JJ) && ctx.tree.node(node).word.is_some() {
                adjectives.push(ctx.tree.node(node).token);
            }
            i += 1;
        }
        while i < end {
            let node = self.pre[i];
            let label = self.labels[node as usize];
            if ctx.table.has(label, flag::NN) && ctx.tree.node(node).word.is_some() {
                ctx.open_ne();
                for &adj in &adjectives {
                    ctx.out.push(Tok::Open(Label::JJ, 0));
                    ctx.push_word(adj);
                    ctx.out.push(Tok::Close(Label::JJ, 0));
                }
                ctx.push_word(ctx.tree.node(node).token);
                ctx.close_ne();
                i = self.end[node as usize] as usize;
            } else if ctx.table.has(label, flag::NP) {
                ctx.open_ne();
                for child in ctx.tree_ref().children(node) {
                    self.push_ne_content(ctx, child, None, false);
                }
                ctx.close_ne();
                i = self.end[node as usize] as usize;
            } else {
                i += 1;
            }
        }
        ctx.out.push(Tok::Close(Label::NEC, n));
    }
}

struct Ctx<'c> {
    tree: &'c Tree<'c>,
    table: &'c mut Labels,
    word_ids: &'c [WordId],
    word_alpha: &'c [bool],
    out: &'c mut Vec<Tok>,
}

impl<'c> Ctx<'c> {
    /// The tree, borrowed for as long as the context lives (not from `self`).
    fn tree_ref(&self) -> &'c Tree<'c> {
        self.tree
    }

    fn push_word(&mut self, index: u32) {
        let i = index as usize;
        self.out.push(Tok::Word(Word {
            id: self.word_ids.get(i).copied().unwrap_or(WordId::UNKNOWN),
            index,
            alpha: self.word_alpha.get(i).copied().unwrap_or(false),
        }));
    }

    fn open_ne(&mut self) {
        self.out.push(Tok::Open(Label::NE, 0));
        self.out.push(Tok::Code(Slot::Null));
    }

    fn close_ne(&mut self) {
        self.out.push(Tok::Close(Label::NE, 0));
    }
}

struct Descendants<'l> {
    lin: &'l Linearizer,
    next: u32,
    end: u32,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        if self.next >= self.end {
            return None;
        }
        let id = self.lin.pre[self.next as usize];
        if self.lin.flat[id as usize] {
            self.next = self.lin.end[id as usize];
        } else {
            self.next += 1;
        }
        Some(id)
    }
}

/// Renders a linear form as PETRARCH prints its parse list (for debugging
/// and for `dyad explain`).
pub(crate) fn render(
    toks: &[Tok],
    labels: &Labels,
    word_text: &dyn Fn(u32) -> String,
    code_text: &dyn Fn(Slot) -> String,
) -> String {
    let mut out = String::new();
    for tok in toks {
        if !out.is_empty() {
            out.push(' ');
        }
        match tok {
            Tok::Open(l, 0) => {
                out.push('(');
                out.push_str(labels.name(*l));
            }
            Tok::Open(l, n) => out.push_str(&format!("({}{n}", labels.name(*l))),
            Tok::Close(l, 0) => {
                out.push('~');
                out.push_str(labels.name(*l));
            }
            Tok::Close(l, n) => out.push_str(&format!("~{}{n}", labels.name(*l))),
            Tok::Word(w) => out.push_str(&word_text(w.index)),
            Tok::Code(slot) => out.push_str(&code_text(*slot)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ptb: &str, expect: &str) {
        check_with_names(ptb, &[], expect);
    }

    fn check_with_names(ptb: &str, names: &[(u32, u32)], expect: &str) {
        let tree = Tree::from_ptb(ptb).unwrap();
        let words = tree.words();
        let ids = vec![WordId::UNKNOWN; words.len()];
        let alpha: Vec<bool> =
            words.iter().map(|(_, w)| w.starts_with(char::is_alphabetic)).collect();
        let mut lin = Linearizer::default();
        let mut labels = Labels::default();
        let mut out = Vec::new();
        lin.run(&tree, &mut labels, &ids, &alpha, names, &mut out).unwrap();
        let text =
            render(&out, &labels, &|i| words[i as usize].1.to_uppercase(), &|_| "---".to_string());
        assert_eq!(text, expect);
    }

    #[test]
    fn names_holding_a_conjunction_are_one_entity() {
        // Parsed as a compound inside a noun phrase.
        let ptb = "(ROOT (S (NP (DT The) (NP (NNP Food) (CC and) (NNP Agriculture)) \
                   (NNP Organization)) (VP (VBD met) (NP (NNP Arnor) (CC and) (NNP Gondor)))))";
        check_with_names(
            ptb,
            &[(1, 5)],
            "(ROOT (S (NE --- THE FOOD AND AGRICULTURE ORGANIZATION ~NE (VP1 (VBD MET ~VBD \
             (NEC1 (NE --- ARNOR ~NE (NE --- GONDOR ~NE ~NEC1 ~VP1 ~S ~ROOT",
        );
        // Without the name, the same parse holds a compound.
        check(
            ptb,
            "(ROOT (S (NP1 (DT THE ~DT (NEC1 (NE --- FOOD ~NE (NE --- AGRICULTURE ~NE ~NEC1 \
             (NNP ORGANIZATION ~NNP ~NP1 (VP1 (VBD MET ~VBD (NEC2 (NE --- ARNOR ~NE \
             (NE --- GONDOR ~NE ~NEC2 ~VP1 ~S ~ROOT",
        );
        // A noun phrase holding many more words than the name is not taken
        // for it.
        let ptb = "(ROOT (S (NP (NNP Arnor) (CC and) (NNP Gondor) (NNS lords) (NNS kings) \
                   (NNS men) (NNS elves)) (VP (VBD met))))";
        let compound = "(ROOT (S (NEC1 (NE --- ARNOR ~NE (NE --- GONDOR ~NE (NE --- LORDS ~NE \
                        (NE --- KINGS ~NE (NE --- MEN ~NE (NE --- ELVES ~NE ~NEC1 (VP1 (VBD MET \
                        ~VBD ~VP1 ~S ~ROOT";
        check(ptb, compound);
        check_with_names(ptb, &[(0, 3)], compound);
    }

    #[test]
    fn simple_entities() {
        check(
            "(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor))) (. .)))",
            "(ROOT (S (NE --- ARNOR ~NE (VP1 (VBD MET ~VBD (NE --- GONDOR ~NE ~VP1 (. . ~. ~S ~ROOT",
        );
    }

    #[test]
    fn possessive_and_prepositional_entities() {
        check(
            "(ROOT (S (NP (NP (NNP Arnor) (POS 's)) (NN army)) (VP (VBD left))))",
            "(ROOT (S (NE --- ARNOR ARMY ~NE (VP1 (VBD LEFT ~VBD ~VP1 ~S ~ROOT",
        );
        check(
            "(ROOT (S (NP (NP (DT the) (NNS rebels)) (PP (IN from) (NP (NNP Syria)))) (VP (VBD left))))",
            "(ROOT (S (NE --- THE REBELS FROM SYRIA ~NE (VP1 (VBD LEFT ~VBD ~VP1 ~S ~ROOT",
        );
    }

    #[test]
    fn compounds_and_relative_clauses() {
        check(
            "(ROOT (S (NP (NP (NNP Arnor)) (CC and) (NP (NNP Gondor))) (VP (VBD met))))",
            "(ROOT (S (NEC1 (NE --- ARNOR ~NE (NE --- GONDOR ~NE ~NEC1 (VP1 (VBD MET ~VBD ~VP1 ~S ~ROOT",
        );
        check(
            "(ROOT (S (NP (NP (DT the) (NN man)) (SBAR (WHNP (WP who)) (S (VP (VBD left))))) (VP (VBD slept))))",
            "(ROOT (S (NP1 (NE --- THE MAN ~NE (SBR WHO LEFT ~SBR ~NP1 (VP1 (VBD SLEPT ~VBD ~VP1 ~S ~ROOT",
        );
    }
}
