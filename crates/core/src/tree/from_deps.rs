//! Constituency trees built from dependency parses.
//!
//! The coder reads Penn Treebank constituents (noun phrases, verb phrases,
//! prepositional phrases, clauses). A dependency parse — from UDPipe
//! (Universal Dependencies labels) or from dyad's own parser (ClearNLP-style
//! labels, as in spaCy) — is turned into the tree a constituency parser such
//! as CoreNLP would give for the sentence:
//!
//! * a verb with a subject heads a clause `(S NP (VP ...))`; each auxiliary
//!   adds a verb-phrase level `(VP (VBZ has) (VP (VBN said) ...))`, negation
//!   sits after its auxiliary; an infinitival `to` gives `(S (VP (TO to) (VP ...)))`
//!   and a complementiser `(SBAR (IN that) (S ...))`;
//! * a noun heads `(NP det adj noun)`; post-modifiers make it
//!   `(NP (NP ...) (PP ...))`, a possessor `(NP (NP X (POS 's)) ...)`;
//! * a preposition (ClearNLP `prep`) or a noun with a `case` marker (UD
//!   `nmod`/`obl`) gives `(PP (IN with) (NP ...))`;
//! * coordinated conjuncts share one phrase with the conjunction between
//!   them: `(NP (NNP Arnor) (CC and) (NNP Gondor))`.
//!
//! Non-projective arcs are lifted first, so every constituent is contiguous
//! and the tree's words are the sentence's, in order.

use super::{NONE, NodeId, Tree, TreeError};

/// One token of a dependency parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DepToken<'a> {
    /// The word.
    pub form: &'a str,
    /// Penn Treebank tag (`NNP`, `VBD`, ...).
    pub tag: &'a str,
    /// Head: 1-based index of the head token, 0 for the root.
    pub head: u32,
    /// Dependency relation (UD or ClearNLP).
    pub deprel: &'a str,
}

/// What a dependent is to its head, across the UD and ClearNLP schemes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Subject,
    Aux,
    Copula,
    Neg,
    Object,
    /// A prepositional attachment: ClearNLP `prep` (headed by the
    /// preposition) or UD `nmod`/`obl` (a noun with a `case` marker).
    Prep,
    /// The object of a preposition (ClearNLP `pobj`, `pcomp`).
    PrepObject,
    Case,
    Mark,
    Clause,
    Relative,
    Modifier,
    Possessor,
    Apposition,
    Conj,
    Cc,
    /// `neither`, `both`, `either` before a coordination.
    Preconj,
    Particle,
    Punct,
    Other,
}

fn role(deprel: &str) -> Role {
    let base = deprel.split(':').next().unwrap_or(deprel);
    match deprel {
        "nmod:poss" | "poss" => return Role::Possessor,
        "acl:relcl" | "relcl" => return Role::Relative,
        "compound:prt" | "prt" => return Role::Particle,
        "nmod:tmod" | "nmod:npmod" | "npadvmod" | "obl:tmod" | "obl:npmod" => {
            return Role::Modifier;
        }
        _ => {}
    }
    match base {
        "nsubj" | "nsubjpass" | "csubj" | "csubjpass" | "expl" => Role::Subject,
        "aux" | "auxpass" => Role::Aux,
        "cop" => Role::Copula,
        "neg" => Role::Neg,
        "dobj" | "obj" | "iobj" | "dative" | "attr" | "oprd" | "acomp" => Role::Object,
        "prep" | "agent" | "nmod" | "obl" => Role::Prep,
        "pobj" | "pcomp" => Role::PrepObject,
        "case" => Role::Case,
        "mark" => Role::Mark,
        "ccomp" | "xcomp" | "advcl" | "parataxis" | "csubj:pass" => Role::Clause,
        "acl" => Role::Relative,
        "appos" => Role::Apposition,
        "conj" => Role::Conj,
        "cc" => Role::Cc,
        "preconj" | "cc:preconj" => Role::Preconj,
        "punct" => Role::Punct,
        "det" | "amod" | "compound" | "nummod" | "advmod" | "predet" | "quantmod" | "name"
        | "flat" | "mwe" | "fixed" | "nn" | "num" | "number" | "goeswith" | "det:predet" => {
            Role::Modifier
        }
        _ => Role::Other,
    }
}

/// Broad category of a word, from its tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cat {
    Verb,
    Noun,
    Prep,
    Adj,
    Adv,
    Other,
}

fn category(tag: &str) -> Cat {
    if tag.starts_with("VB") || tag == "MD" {
        Cat::Verb
    } else if tag.starts_with("NN")
        || tag.starts_with("PRP") && tag != "PRP$"
        || matches!(tag, "CD" | "EX" | "WP" | "FW" | "$" | "SYM" | "DT" | "WDT" | "ADD")
    {
        Cat::Noun
    } else if matches!(tag, "IN" | "TO" | "RP") {
        Cat::Prep
    } else if tag.starts_with("JJ") {
        Cat::Adj
    } else if tag.starts_with("RB") || tag == "WRB" {
        Cat::Adv
    } else {
        Cat::Other
    }
}

/// A phrase under construction.
///
/// Invariant: the children of a phrase are in the order of their first
/// words ([`phrase`] sorts them, and every change keeps that order), so a
/// phrase's first word is its first child's.
#[derive(Debug)]
enum Part {
    Leaf(usize),
    /// A word with another tag than the parser's.
    Tagged(usize, &'static str),
    Phrase(&'static str, Vec<Part>),
}

impl Part {
    /// The part's first word (`usize::MAX` for an empty phrase): down the
    /// first children, which the order of children makes the smallest.
    fn first(&self) -> usize {
        let mut part = self;
        loop {
            match part {
                Part::Leaf(i) | Part::Tagged(i, _) => return *i,
                Part::Phrase(_, kids) => match kids.first() {
                    Some(kid) => part = kid,
                    None => return usize::MAX,
                },
            }
        }
    }
}

fn phrase(label: &'static str, mut kids: Vec<Part>) -> Part {
    kids.sort_by_key(Part::first);
    Part::Phrase(label, kids)
}

struct Builder<'t, 'a> {
    toks: &'t [DepToken<'a>],
    /// Heads as 0-based indices (usize::MAX for the root), fixed once
    /// [`Builder::new`] has repaired them.
    heads: Vec<usize>,
    children: Vec<Vec<usize>>,
    roles: Vec<Role>,
    /// The first and last token of each token's subtree under the final
    /// `heads` (see [`Builder::subtree_spans`]).
    spans: Vec<(usize, usize)>,
}

impl<'a> Tree<'a> {
    /// Builds the constituency tree of a dependency parse (see the module
    /// documentation). Heads out of range, cycles and several roots are
    /// repaired (the offending tokens attach to the root) rather than refused.
    ///
    /// # Errors
    ///
    /// [`TreeError::Empty`] for an empty sentence.
    pub fn from_dependencies(toks: &[DepToken<'a>]) -> Result<Tree<'a>, TreeError> {
        if toks.is_empty() {
            return Err(TreeError::Empty);
        }
        let mut b = Builder::new(toks);
        let mut root_part = b.sentence();
        let mut order = Vec::with_capacity(toks.len());
        leaves(&root_part, &mut order);
        if !order.iter().copied().eq(0..toks.len()) {
            // A construction this converter does not handle put words out of
            // order or lost some: untangle the phrases that overlap, put
            // lost words back, and check again.
            untangle(&mut root_part);
            restore_lost(&mut root_part, &order, toks.len());
            order.clear();
            leaves(&root_part, &mut order);
        }
        let mut tree = Tree::with_capacity(toks.len() * 3);
        let root = tree.push_node("ROOT", None, NONE);
        if order.iter().copied().eq(0..toks.len()) {
            emit(&mut tree, toks, &root_part, root);
        } else {
            // Still out of order: fall back to a flat clause, which keeps the
            // words and their order.
            let s = tree.push_node("S", None, root);
            for t in toks {
                tree.push_node(t.tag, Some(t.form), s);
            }
        }
        Ok(tree)
    }
}

/// True when following heads (`usize::MAX` for the root) from some token
/// never reaches the root. Each token is walked up once: a walk stops at a
/// token already known to reach the root.
fn has_cycle(heads: &[usize]) -> bool {
    // 0: not seen; 1: on the walk under way; 2: reaches the root.
    let mut state = vec![0u8; heads.len()];
    let mut path = Vec::new();
    for start in 0..heads.len() {
        let mut k = start;
        path.clear();
        while k != usize::MAX && state[k] != 2 {
            if state[k] == 1 {
                return true;
            }
            state[k] = 1;
            path.push(k);
            k = heads[k];
        }
        for &p in &path {
            state[p] = 2;
        }
    }
    false
}

/// The first and last word of a part.
fn extent(part: &Part) -> (usize, usize) {
    match part {
        Part::Leaf(i) | Part::Tagged(i, _) => (*i, *i),
        Part::Phrase(_, kids) => {
            kids.iter().map(extent).fold((usize::MAX, 0), |(lo, hi), (a, b)| (lo.min(a), hi.max(b)))
        }
    }
}

/// Makes every phrase's children follow one another: where two children's
/// words interleave, the phrases among them give way to their own
/// children, until none do. Phrases whose words are in order are kept.
fn untangle(part: &mut Part) {
    let Part::Phrase(_, kids) = part else { return };
    kids.iter_mut().for_each(untangle);
    loop {
        kids.sort_by_key(Part::first);
        let extents: Vec<(usize, usize)> = kids.iter().map(extent).collect();
        let mut overlapping = vec![false; kids.len()];
        let mut widest = 0;
        for i in 1..kids.len() {
            if extents[i].0 <= extents[widest].1 {
                // The wider phrase gives way; both do when neither holds
                // the other.
                overlapping[widest] = true;
                overlapping[i] |= extents[i].1 > extents[widest].1;
            }
            if extents[i].1 > extents[widest].1 {
                widest = i;
            }
        }
        if !overlapping.iter().any(|&o| o) {
            return;
        }
        let mut flattened = false;
        let mut out = Vec::with_capacity(kids.len() + 4);
        for (kid, overlaps) in kids.drain(..).zip(overlapping) {
            match kid {
                Part::Phrase(_, inner) if overlaps => {
                    out.extend(inner);
                    flattened = true;
                }
                other => out.push(other),
            }
        }
        *kids = out;
        if !flattened {
            return;
        }
    }
}

/// Puts words missing from `order` back, each into the smallest phrase
/// around it.
fn restore_lost(root: &mut Part, order: &[usize], n: usize) {
    let mut seen = vec![false; n];
    for &i in order {
        if i < n {
            seen[i] = true;
        }
    }
    for (i, _) in seen.iter().enumerate().filter(|(_, s)| !**s) {
        let mut part = &mut *root;
        while let Part::Phrase(_, kids) = part {
            let inner = kids.iter().position(|k| {
                matches!(k, Part::Phrase(..)) && {
                    let (lo, hi) = extent(k);
                    lo < i && i < hi
                }
            });
            match inner {
                Some(k) => part = &mut kids[k],
                None => {
                    let at = kids.iter().position(|k| k.first() > i).unwrap_or(kids.len());
                    kids.insert(at, Part::Leaf(i));
                    break;
                }
            }
        }
    }
}

fn leaves(part: &Part, out: &mut Vec<usize>) {
    match part {
        Part::Leaf(i) | Part::Tagged(i, _) => out.push(*i),
        Part::Phrase(_, kids) => kids.iter().for_each(|k| leaves(k, out)),
    }
}

fn emit<'a>(tree: &mut Tree<'a>, toks: &[DepToken<'a>], part: &Part, parent: NodeId) {
    match part {
        Part::Leaf(i) => {
            tree.push_node(toks[*i].tag, Some(toks[*i].form), parent);
        }
        Part::Tagged(i, tag) => {
            tree.push_node(tag, Some(toks[*i].form), parent);
        }
        Part::Phrase(label, kids) => {
            let id = tree.push_node(label, None, parent);
            for k in kids {
                emit(tree, toks, k, id);
            }
        }
    }
}

impl<'t, 'a> Builder<'t, 'a> {
    fn new(toks: &'t [DepToken<'a>]) -> Builder<'t, 'a> {
        let n = toks.len();
        // Heads as 0-based indices; usize::MAX is the root.
        let mut heads: Vec<usize> = toks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let h = t.head as usize;
                if h == 0 || h > n || h - 1 == i { usize::MAX } else { h - 1 }
            })
            .collect();
        // One root: the first; others attach to it.
        let root = heads.iter().position(|&h| h == usize::MAX).unwrap_or(0);
        heads[root] = usize::MAX;
        for (i, head) in heads.iter_mut().enumerate() {
            if i != root && *head == usize::MAX {
                *head = root;
            }
        }
        // Break cycles: a token that cannot reach the root attaches to it
        // (a parser's heads have none, which one pass tells).
        if has_cycle(&heads) {
            for i in 0..n {
                let mut k = i;
                let mut steps = 0;
                while heads[k] != usize::MAX && steps <= n {
                    k = heads[k];
                    steps += 1;
                }
                if steps > n {
                    heads[i] = root;
                }
            }
        }
        let roles = toks.iter().map(|t| role(t.deprel)).collect();
        let mut b =
            Builder { toks, heads, children: vec![Vec::new(); n], roles, spans: Vec::new() };
        b.repair_attachments();
        b.index_children();
        b.projectivize(root);
        b.index_children();
        b.raise_punctuation();
        b.index_children();
        // The heads are final after this: the phrases are built from them.
        b.pair_commas();
        b
    }

    /// A comma right after a noun phrase that holds an unclosed comma of its
    /// own closes that aside: "Arnor's minister, in remarks published on Monday,
    /// urged ..." keeps both commas in the subject, as Penn Treebank trees
    /// do, so that the aside can be set apart as a whole.
    /// The last repair of the heads: it leaves `spans` those of the final
    /// heads.
    fn pair_commas(&mut self) {
        let n = self.heads.len();
        let spans = self.subtree_spans();
        let mut changed = false;
        for p in 1..n {
            if self.roles[p] != Role::Punct || self.toks[p].form != "," {
                continue;
            }
            let h = self.heads[p];
            if h == usize::MAX {
                continue;
            }
            // The noun phrase ending right before the comma, a dependent of
            // h.
            let Some(&x) = self.children[h].iter().find(|&&k| {
                k != p && spans[k].1 == p - 1 && self.toks[k].tag.starts_with(['N', 'P'])
            }) else {
                continue;
            };
            let opened = self.children[x]
                .iter()
                .filter(|&&k| k > x && self.roles[k] == Role::Punct && self.toks[k].form == ",")
                .count();
            if opened == 1 {
                self.heads[p] = x;
                changed = true;
            }
        }
        if changed {
            self.index_children();
            self.spans = self.subtree_spans();
        } else {
            self.spans = spans;
        }
    }

    /// Repairs attachments a constituency reading cannot use: dependents of
    /// punctuation go to the punctuation's head; a preposition with no object
    /// right before a clause of the same head introduces that clause
    /// ("celebrated Eid after [a hafling was reported]").
    fn repair_attachments(&mut self) {
        let n = self.heads.len();
        for i in 0..n {
            let mut h = self.heads[i];
            let mut steps = 0;
            while h != usize::MAX && self.roles[h] == Role::Punct && steps < n {
                h = self.heads[h];
                steps += 1;
            }
            if h != self.heads[i] && h != i {
                self.heads[i] = h;
            }
        }
        self.index_children();
        // A clause with its own subject after a colon or semicolon is not a
        // relative clause of the noun before the colon, whatever its label
        // ("Cafe talks: France criticized Germany").
        for r in 0..n {
            let h = self.heads[r];
            if self.roles[r] == Role::Relative
                && h < r
                && (h + 1..r).any(|k| matches!(self.toks[k].form, ":" | ";"))
                && self.children[r].iter().any(|&c| self.roles[c] == Role::Subject && c < r)
            {
                self.roles[r] = Role::Clause;
            }
        }
        let spans = self.subtree_spans();
        for p in 0..n {
            if self.roles[p] != Role::Prep
                || !self.children[p].is_empty()
                || category(self.tag(p)) != Cat::Prep
            {
                continue;
            }
            let h = self.heads[p];
            if h == usize::MAX {
                continue;
            }
            let clause = self.children[h]
                .iter()
                .copied()
                .find(|&c| self.roles[c] == Role::Clause && spans[c].0 == p + 1);
            if let Some(c) = clause {
                self.heads[p] = c;
                self.roles[p] = Role::Mark;
            }
        }
    }

    /// Punctuation at the edge of a phrase belongs to the phrase around it
    /// ("..., with Arnor, the agency said": the comma closes the clause, not
    /// the noun phrase), as in Penn Treebank trees; except the comma that
    /// closes an apposition.
    fn raise_punctuation(&mut self) {
        let n = self.heads.len();
        for _ in 0..n {
            let spans = self.subtree_spans();
            let mut changed = false;
            for p in 0..n {
                if self.roles[p] != Role::Punct {
                    continue;
                }
                let h = self.heads[p];
                if h == usize::MAX || self.heads[h] == usize::MAX {
                    continue;
                }
                let (lo, hi) = spans[h];
                let at_edge = p == hi || p == lo;
                let closes_apposition =
                    self.children[h].iter().any(|&k| self.roles[k] == Role::Apposition && k < p);
                if at_edge && !closes_apposition {
                    self.heads[p] = self.heads[h];
                    changed = true;
                }
            }
            if !changed {
                break;
            }
            self.index_children();
        }
    }

    /// The first and last token of `c`'s subtree, leaving out the subtrees
    /// of the other conjuncts `conjs`.
    fn own_span(&self, c: usize, conjs: &[usize]) -> (usize, usize) {
        let (mut lo, mut hi) = (c, c);
        let mut stack = vec![c];
        while let Some(k) = stack.pop() {
            lo = lo.min(k);
            hi = hi.max(k);
            for &child in &self.children[k] {
                if !conjs.contains(&child) {
                    stack.push(child);
                }
            }
        }
        (lo, hi)
    }

    /// The first and last token of each token's subtree.
    fn subtree_spans(&self) -> Vec<(usize, usize)> {
        let mut spans: Vec<(usize, usize)> = (0..self.heads.len()).map(|i| (i, i)).collect();
        self.for_each_ancestor(|k, i| {
            spans[k].0 = spans[k].0.min(i);
            spans[k].1 = spans[k].1.max(i);
        });
        spans
    }

    /// True when every token's subtree is a contiguous span (as many
    /// tokens as its first and last are apart), so that each token between
    /// a head and its dependent is dominated by the head.
    fn is_projective(&self) -> bool {
        // First token, last token and size of each subtree.
        let mut spans: Vec<(usize, usize, usize)> =
            (0..self.heads.len()).map(|i| (i, i, 1)).collect();
        self.for_each_ancestor(|k, i| {
            let span = &mut spans[k];
            *span = (span.0.min(i), span.1.max(i), span.2 + 1);
        });
        spans.iter().all(|&(lo, hi, size)| hi - lo + 1 == size)
    }

    /// Calls `f(k, i)` for every token `i` and each of its heads `k` up to
    /// the root (at most as many steps as there are tokens).
    fn for_each_ancestor(&self, mut f: impl FnMut(usize, usize)) {
        let n = self.heads.len();
        for i in 0..n {
            let mut k = self.heads[i];
            let mut steps = 0;
            while k != usize::MAX && steps <= n {
                f(k, i);
                k = self.heads[k];
                steps += 1;
            }
        }
    }

    fn index_children(&mut self) {
        for c in &mut self.children {
            c.clear();
        }
        for (i, &h) in self.heads.iter().enumerate() {
            if h != usize::MAX {
                self.children[h].push(i);
            }
        }
    }

    fn dominates(&self, h: usize, mut k: usize) -> bool {
        let mut steps = 0;
        while k != usize::MAX && steps <= self.heads.len() {
            if k == h {
                return true;
            }
            k = self.heads[k];
            steps += 1;
        }
        false
    }

    /// Lifts dependents whose arc crosses another until every subtree is a
    /// contiguous span.
    fn projectivize(&mut self, root: usize) {
        let n = self.heads.len();
        if self.is_projective() {
            // No arc would move: the loop below would stop after its
            // first round.
            return;
        }
        for _round in 0..n {
            let mut changed = false;
            for d in 0..n {
                let h = self.heads[d];
                if h == usize::MAX {
                    continue;
                }
                let (lo, hi) = if h < d { (h, d) } else { (d, h) };
                if (lo + 1..hi).any(|k| !self.dominates(h, k)) {
                    self.heads[d] = if self.heads[h] == usize::MAX { root } else { self.heads[h] };
                    if self.heads[d] == d {
                        self.heads[d] = usize::MAX;
                    }
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    fn tag(&self, i: usize) -> &'a str {
        self.toks[i].tag
    }

    fn word_is(&self, i: usize, words: &[&str]) -> bool {
        words.iter().any(|w| self.toks[i].form.eq_ignore_ascii_case(w))
    }

    /// The whole sentence: `(S ...)` or whatever the root heads, with the
    /// final punctuation kept at the top.
    fn sentence(&mut self) -> Part {
        let root = self.heads.iter().position(|&h| h == usize::MAX).unwrap_or(0);
        let top = self.project(root, Context::Top);
        match top {
            Part::Phrase("S", _) | Part::Phrase("SINV", _) | Part::Phrase("SBAR", _) => top,
            Part::Phrase("VP", _) => phrase("S", vec![top]),
            other => other,
        }
    }

    /// The phrase headed by `h`.
    fn project(&mut self, h: usize, ctx: Context) -> Part {
        let kids = self.children[h].clone();
        let has_cop = kids.iter().any(|&k| self.roles[k] == Role::Copula);
        let cat = category(self.tag(h));
        let has_pobj = kids.iter().any(|&k| self.roles[k] == Role::PrepObject);
        // Conjuncts split off first: they form a coordination around the head.
        let (conjs, rest): (Vec<usize>, Vec<usize>) =
            kids.iter().partition(|&&k| self.roles[k] == Role::Conj);
        if !conjs.is_empty() {
            return self.coordination(h, &conjs, &rest, ctx);
        }
        if cat == Cat::Verb
            || has_cop
            || (ctx == Context::Top && has_subject(self, &rest) && cat != Cat::Noun)
        {
            return self.clause(h, &rest, ctx);
        }
        if cat == Cat::Prep && (has_pobj || ctx == Context::Prep) {
            return self.prep_phrase(h, &rest);
        }
        match cat {
            Cat::Adj => self.simple("ADJP", h, &rest),
            Cat::Adv => self.simple("ADVP", h, &rest),
            Cat::Prep => self.simple("PP", h, &rest),
            _ => self.noun_phrase(h, &rest, ctx),
        }
    }

    /// A head with dependents in one flat phrase (adjectives, adverbs).
    fn simple(&mut self, label: &'static str, h: usize, deps: &[usize]) -> Part {
        if deps.is_empty() {
            return phrase(label, vec![Part::Leaf(h)]);
        }
        let mut kids = vec![Part::Leaf(h)];
        for &d in deps {
            kids.push(self.dependent(d));
        }
        phrase(label, kids)
    }

    /// A dependent as the phrase its role calls for.
    fn dependent(&mut self, d: usize) -> Part {
        if self.roles[d] == Role::Object
            && let Some(small) = self.small_clause(d)
        {
            return small;
        }
        match self.roles[d] {
            Role::Prep => self.prep_attachment(d),
            Role::Relative => self.relative(d),
            Role::Clause => self.project(d, Context::Clause),
            Role::Punct | Role::Cc | Role::Case if self.children[d].is_empty() => Part::Leaf(d),
            _ => {
                if self.children[d].is_empty() {
                    // Bare words inside a phrase stay leaves, except nouns
                    // that act as arguments.
                    match (self.roles[d], category(self.tag(d))) {
                        (
                            Role::Object | Role::Subject | Role::Apposition | Role::PrepObject,
                            Cat::Noun,
                        ) => phrase("NP", vec![Part::Leaf(d)]),
                        (Role::Particle, _) => phrase("PRT", vec![Part::Leaf(d)]),
                        _ => Part::Leaf(d),
                    }
                } else {
                    self.project(d, Context::Argument)
                }
            }
        }
    }

    /// An object with an infinitive attached to it ("urged Eriador to
    /// respond") is the subject of a small clause, as Penn Treebank writes it:
    /// `(S (NP Eriador) (VP (TO to) (VP respond ...)))`.
    fn small_clause(&mut self, d: usize) -> Option<Part> {
        let inf = self.children[d].iter().copied().find(|&k| {
            k > d
                && self.roles[k] == Role::Relative
                && category(self.tag(k)) == Cat::Verb
                && self.children[k].iter().any(|&m| m < k && self.tag(m) == "TO")
        })?;
        let saved = self.children[d].clone();
        self.children[d].retain(|&k| k != inf);
        let np = if self.children[d].is_empty() && category(self.tag(d)) == Cat::Noun {
            phrase("NP", vec![Part::Leaf(d)])
        } else {
            self.project(d, Context::Argument)
        };
        self.children[d] = saved;
        let vp = match self.project(inf, Context::Clause) {
            Part::Phrase("S", kids) => kids,
            other => vec![other],
        };
        let mut kids = vec![np];
        kids.extend(vp);
        Some(phrase("S", kids))
    }

    /// UD `nmod`/`obl` (a noun with its `case` marker) or ClearNLP `prep`
    /// (the preposition itself).
    fn prep_attachment(&mut self, d: usize) -> Part {
        if category(self.tag(d)) == Cat::Prep {
            return self.project(d, Context::Prep);
        }
        let kids = self.children[d].clone();
        let cases: Vec<usize> =
            kids.iter().copied().filter(|&k| self.roles[k] == Role::Case && k < d).collect();
        if cases.is_empty() {
            return self.project(d, Context::Argument);
        }
        // The noun phrase without its marker, nor punctuation before the
        // marker (which belongs before the whole phrase).
        let first_case = cases.iter().copied().min().unwrap_or(d);
        // Dependents before the marker ("five years after crowds ...") stay
        // in front of the preposition.
        let outside: Vec<usize> = kids.iter().copied().filter(|&k| k < first_case).collect();
        let saved = self.children[d].clone();
        self.children[d].retain(|k| !cases.contains(k) && !outside.contains(k));
        let np = self.project(d, Context::Argument);
        self.children[d] = saved;
        let mut parts: Vec<Part> = cases.iter().map(|&c| Part::Leaf(c)).collect();
        for k in outside {
            let part = self.dependent(k);
            parts.push(part);
        }
        parts.push(np);
        phrase("PP", parts)
    }

    fn prep_phrase(&mut self, h: usize, deps: &[usize]) -> Part {
        let mut kids = vec![Part::Leaf(h)];
        for &d in deps {
            let part = match self.roles[d] {
                Role::PrepObject
                    if category(self.tag(d)) == Cat::Noun && self.children[d].is_empty() =>
                {
                    phrase("NP", vec![Part::Leaf(d)])
                }
                Role::PrepObject => self.project(d, Context::Argument),
                _ => self.dependent(d),
            };
            kids.push(part);
        }
        phrase("PP", kids)
    }

    /// `(SBAR (WHNP which) (S ...))` or a reduced relative `(VP ...)`.
    fn relative(&mut self, d: usize) -> Part {
        let part = self.project(d, Context::Relative);
        if category(self.tag(d)) != Cat::Verb {
            return part;
        }
        let first = part.first();
        let wh = matches!(self.tag(first), "WDT" | "WP" | "WP$" | "WRB")
            || self.word_is(first, &["that"]);
        if wh || self.children[d].iter().any(|&k| self.roles[k] == Role::Subject) {
            match part {
                Part::Phrase("SBAR", _) => part,
                Part::Phrase("S", kids) => {
                    let mut kids = kids;
                    if wh
                        && kids
                            .first()
                            .is_some_and(|k| matches!(k, Part::Leaf(_)) || k.first() == first)
                    {
                        let w = kids.remove(0);
                        let whnp = match w {
                            Part::Leaf(i) | Part::Tagged(i, _) => {
                                phrase("WHNP", vec![Part::Leaf(i)])
                            }
                            Part::Phrase(_, inner) => phrase("WHNP", inner),
                        };
                        phrase("SBAR", vec![whnp, phrase("S", kids)])
                    } else {
                        phrase("SBAR", vec![phrase("S", kids)])
                    }
                }
                other => phrase("SBAR", vec![other]),
            }
        } else {
            part
        }
    }

    /// `(NP (NP det adj noun) post-modifiers...)`.
    fn noun_phrase(&mut self, h: usize, deps: &[usize], ctx: Context) -> Part {
        let mut pre: Vec<Part> = Vec::new();
        let mut post: Vec<Part> = Vec::new();
        let mut possessor: Option<Part> = None;
        let mut trailing_pos: Vec<Part> = Vec::new();
        for &d in deps {
            match self.roles[d] {
                Role::Possessor if d < h => possessor = Some(self.possessor(d)),
                Role::Case if d > h && self.tag(d) == "POS" => trailing_pos.push(Part::Leaf(d)),
                Role::Case | Role::Punct if d > h => post.push(Part::Leaf(d)),
                _ if d < h => {
                    // Pre-modifiers stay flat, as in Penn Treebank base noun
                    // phrases: "an MSF Arnor diplomat", "West German world
                    // government activists".
                    if self.flat_subtree(d) {
                        let mut leaves = Vec::new();
                        self.subtree_leaves(d, &mut leaves);
                        pre.extend(leaves);
                    } else {
                        pre.push(self.modifier_phrase(d));
                    }
                }
                _ => post.push(self.dependent(d)),
            }
        }
        let mut base = pre;
        base.push(Part::Leaf(h));
        base.append(&mut trailing_pos);
        let base = match possessor {
            Some(p) => {
                let mut kids = vec![p];
                kids.extend(base);
                phrase("NP", kids)
            }
            None => phrase("NP", base),
        };
        if post.is_empty() {
            return base;
        }
        // Trailing punctuation is not part of the noun phrase unless it sits
        // between modifiers (appositions).
        let _ = ctx;
        let mut kids = vec![base];
        kids.extend(post);
        phrase("NP", kids)
    }

    /// True when a modifier's subtree holds only nominal and adjectival
    /// modifiers (no clause, preposition, possessor or coordination).
    fn flat_subtree(&self, d: usize) -> bool {
        self.children[d].iter().all(|&k| {
            matches!(self.roles[k], Role::Modifier | Role::Punct)
                && category(self.tag(k)) != Cat::Verb
                && self.flat_subtree(k)
        })
    }

    fn subtree_leaves(&self, d: usize, out: &mut Vec<Part>) {
        out.push(Part::Leaf(d));
        for &k in &self.children[d] {
            self.subtree_leaves(k, out);
        }
    }

    /// A pre-modifier with its own dependents (`very large`, `two thousand`).
    fn modifier_phrase(&mut self, d: usize) -> Part {
        match category(self.tag(d)) {
            Cat::Noun => self.project(d, Context::Argument),
            Cat::Adj => self.simple("ADJP", d, &self.children[d].clone()),
            Cat::Adv => self.simple("ADVP", d, &self.children[d].clone()),
            _ => self.project(d, Context::Argument),
        }
    }

    /// `(NP (NNP Arnor) (POS 's))`.
    fn possessor(&mut self, d: usize) -> Part {
        if matches!(self.tag(d), "PRP$" | "WP$") && self.children[d].is_empty() {
            return Part::Leaf(d);
        }
        let part = self.project(d, Context::Argument);
        match part {
            Part::Phrase("NP", _) => part,
            other => phrase("NP", vec![other]),
        }
    }

    /// A verb (or a copular predicate) and its dependents as a clause.
    fn clause(&mut self, h: usize, deps: &[usize], ctx: Context) -> Part {
        // Subjects before the verb group; one inside it ("will Arnor
        // attack", or a mis-tagged verb part) stays where it stands.
        let first_aux = deps
            .iter()
            .copied()
            .filter(|&d| d < h && matches!(self.roles[d], Role::Aux | Role::Copula))
            .min()
            .unwrap_or(h);
        let subject: Vec<usize> = deps
            .iter()
            .copied()
            .filter(|&d| self.roles[d] == Role::Subject && d < first_aux)
            .collect();
        let marks: Vec<usize> = deps
            .iter()
            .copied()
            .filter(|&d| self.roles[d] == Role::Mark && self.tag(d) != "TO" && d < h)
            .collect();
        let to_marker: Option<usize> = deps.iter().copied().find(|&d| {
            d < h && self.tag(d) == "TO" && matches!(self.roles[d], Role::Mark | Role::Aux)
        });
        // Auxiliaries (and a copula) between the subject and the head, in order.
        let mut auxes: Vec<usize> = deps
            .iter()
            .copied()
            .filter(|&d| {
                d < h && matches!(self.roles[d], Role::Aux | Role::Copula) && Some(d) != to_marker
            })
            .collect();
        auxes.sort_unstable();
        let copula_after: Vec<usize> =
            deps.iter().copied().filter(|&d| d > h && self.roles[d] == Role::Copula).collect();
        let is_verb = category(self.tag(h)) == Cat::Verb;
        // The innermost phrase: the verb and what follows it, or for a
        // copular predicate the predicate's own phrase.
        let mut clause_level: Vec<Part> = Vec::new();
        let mut inner: Vec<Part> = Vec::new();
        let mut levels: Vec<Vec<Part>> = (0..auxes.len()).map(|_| Vec::new()).collect();
        let mut to_level: Vec<Part> = Vec::new();
        let chain_start =
            auxes.first().copied().into_iter().chain(to_marker).chain([h]).min().unwrap_or(h);
        let last_token = self.toks.len() - 1;
        // "urged Eriador to respond", "hosting Osgiliath to celebrate": the
        // object and the infinitive after it make a small clause.
        let small = self.object_infinitive(h, deps);
        for &d in deps {
            if subject.contains(&d)
                || marks.contains(&d)
                || Some(d) == to_marker
                || auxes.contains(&d)
                || small.is_some_and(|(_, inf)| inf == d)
            {
                continue;
            }
            if let Some((object, inf)) = small.filter(|&(object, _)| object == d) {
                let np = self.project_subject(object);
                let vp = match self.project(inf, Context::Clause) {
                    Part::Phrase("S", kids) => kids,
                    other => vec![other],
                };
                let mut kids = vec![np];
                kids.extend(vp);
                inner.push(phrase("S", kids));
                continue;
            }
            if copula_after.contains(&d) {
                inner.push(Part::Leaf(d));
                continue;
            }
            let final_punct =
                ctx == Context::Top && self.roles[d] == Role::Punct && d == last_token;
            let part = self.dependent(d);
            if final_punct || d < chain_start {
                // Before the verb group: part of the clause ("Arnor also
                // met", "On Friday, Arnor met").
                clause_level.push(part);
            } else if d > h {
                inner.push(part);
            } else if let Some(level) = auxes.iter().rposition(|&a| a < d) {
                // After an auxiliary: that auxiliary's level ("did not
                // attack", "has also said").
                levels[level].push(part);
            } else if to_marker.is_some_and(|t| t < d) {
                to_level.push(part);
            } else {
                inner.push(part);
            }
        }
        let head_part = if is_verb {
            Part::Leaf(h)
        } else {
            // A copular predicate: its own phrase, without the clause parts.
            let label = match category(self.tag(h)) {
                Cat::Adj => "ADJP",
                Cat::Adv => "ADVP",
                Cat::Prep => "PP",
                _ => "NP",
            };
            let mut kids = vec![Part::Leaf(h)];
            kids.append(&mut inner);
            phrase(label, kids)
        };
        let mut vp_kids = vec![head_part];
        vp_kids.append(&mut inner);
        let mut vp = phrase("VP", vp_kids);
        for (level, aux) in auxes.iter().enumerate().rev() {
            let mut kids = vec![Part::Leaf(*aux)];
            kids.append(&mut levels[level]);
            kids.push(vp);
            vp = phrase("VP", kids);
        }
        if let Some(to) = to_marker {
            let mut kids = vec![Part::Leaf(to)];
            kids.append(&mut to_level);
            kids.push(vp);
            vp = phrase("VP", kids);
        }
        // Dependents before the complementiser stay outside the clause it
        // opens: "(SBAR (NP five years) (IN after) (S crowds trashed ...))".
        let first_mark = marks.iter().copied().min();
        let (before_mark, mut s_kids): (Vec<Part>, Vec<Part>) =
            clause_level.into_iter().partition(|p| first_mark.is_some_and(|m| p.first() < m));
        for &s in &subject {
            let part = self.project_subject(s);
            s_kids.push(part);
        }
        s_kids.push(vp);
        let s = phrase("S", s_kids);
        if marks.is_empty() {
            return s;
        }
        let mut kids: Vec<Part> = marks.iter().map(|&m| Part::Leaf(m)).collect();
        kids.extend(before_mark);
        kids.push(s);
        phrase("SBAR", kids)
    }

    /// An object of `h` followed at once by an infinitive of `h` without
    /// a subject of its own.
    fn object_infinitive(&self, h: usize, deps: &[usize]) -> Option<(usize, usize)> {
        let spans = &self.spans;
        deps.iter()
            .copied()
            .filter(|&o| {
                o > h && self.roles[o] == Role::Object && category(self.tag(o)) == Cat::Noun
            })
            .find_map(|o| {
                deps.iter()
                    .copied()
                    .find(|&c| {
                        self.roles[c] == Role::Clause
                            && category(self.tag(c)) == Cat::Verb
                            && spans[c].0 == spans[o].1 + 1
                            && self.children[c].iter().any(|&m| m < c && self.tag(m) == "TO")
                            && !self.children[c].iter().any(|&m| self.roles[m] == Role::Subject)
                    })
                    .map(|c| (o, c))
            })
    }

    fn project_subject(&mut self, s: usize) -> Part {
        if self.children[s].is_empty() && category(self.tag(s)) == Cat::Noun {
            phrase("NP", vec![Part::Leaf(s)])
        } else if self.children[s].is_empty() {
            Part::Leaf(s)
        } else {
            self.project(s, Context::Argument)
        }
    }

    /// The head and its conjuncts under one phrase, with the conjunctions
    /// and commas between them.
    fn coordination(&mut self, h: usize, conjs: &[usize], rest: &[usize], ctx: Context) -> Part {
        // Conjunctions and commas attached to the head or to a conjunct,
        // lying between the first and the last conjunct.
        // spaCy chains conjuncts ("A, B, C and D": each attached to the one
        // before); gather the whole chain under the head.
        let saved_children = self.children.clone();
        let mut conjs: Vec<usize> = conjs.to_vec();
        let mut i = 0;
        while i < conjs.len() {
            let c = conjs[i];
            let nested: Vec<usize> =
                self.children[c].iter().copied().filter(|&k| self.roles[k] == Role::Conj).collect();
            self.children[c].retain(|k| !nested.contains(k));
            conjs.extend(nested);
            i += 1;
        }
        conjs.sort_unstable();
        let conjs = &conjs[..];
        let last = *conjs.iter().max().unwrap_or(&h);
        // Each conjunct's own span (without the conjuncts chained to it): a
        // joiner must lie between two of them, not inside one.
        // The head's span stops before the first conjunct: what it has after
        // the last one modifies the whole coordination.
        let first_conj = conjs.iter().copied().min().unwrap_or(h);
        let head_span = {
            let mut excluded: Vec<usize> = conjs.to_vec();
            excluded.extend(self.children[h].iter().copied().filter(|&k| k > first_conj));
            self.own_span(h, &excluded)
        };
        let own_spans: Vec<(usize, usize)> = std::iter::once(head_span)
            .chain(conjs.iter().map(|&c| self.own_span(c, conjs)))
            .collect();
        let between = |k: usize| !own_spans.iter().any(|&(lo, hi)| lo < k && k < hi);
        let mut joiners: Vec<usize> = Vec::new();
        let mut head_deps: Vec<usize> = Vec::new();
        // Dependents of the head after the last conjunct belong to the
        // whole coordination ("..., a senior official said ." ends with the
        // head's full stop).
        let mut trailing: Vec<usize> = Vec::new();
        for &d in rest {
            if matches!(self.roles[d], Role::Cc | Role::Punct) && d > h && d < last && between(d) {
                joiners.push(d);
            } else if d > last {
                trailing.push(d);
            } else {
                head_deps.push(d);
            }
        }
        for &c in conjs {
            // Conjunctions and commas between two conjuncts, whichever
            // conjunct they hang from.
            let cc: Vec<usize> = self.children[c]
                .iter()
                .copied()
                .filter(|&k| {
                    matches!(self.roles[k], Role::Cc | Role::Punct)
                        && k > h
                        && k < last
                        && between(k)
                })
                .collect();
            self.children[c].retain(|k| !cc.contains(k));
            joiners.extend(cc);
        }
        let cat = category(self.tag(h));
        let verbal = cat == Cat::Verb;
        // Dependents of the head that precede it and belong to every
        // conjunct: a verb's subject and auxiliaries stay with the clause.
        let mut shared: Vec<usize> = Vec::new();
        if verbal {
            shared = head_deps
                .iter()
                .copied()
                .filter(|&d| {
                    d < h
                        && matches!(
                            self.roles[d],
                            Role::Subject | Role::Aux | Role::Mark | Role::Neg
                        )
                })
                .collect();
            head_deps.retain(|d| !shared.contains(d));
        }
        let saved = self.children[h].clone();
        self.children[h] = head_deps.clone();
        // One-word conjuncts after a head with only pre-modifiers make a flat
        // phrase whose modifiers PETRARCH shares out ("Danish media and
        // government": both Danish).
        // `neither`, `both`, `either`: a determiner in a noun phrase of its
        // own before the coordination, as Penn Treebank writes it.
        let preconj: Vec<usize> = self.children[h]
            .iter()
            .copied()
            .filter(|&d| self.roles[d] == Role::Preconj && d < h)
            .collect();
        self.children[h].retain(|d| !preconj.contains(d));
        let all_bare = !verbal
            && self.children[h].iter().all(|&d| {
                self.roles[d] == Role::Punct
                    || (d < h && self.roles[d] == Role::Modifier && self.flat_subtree(d))
            })
            && conjs.iter().all(|&c| self.children[c].is_empty());
        let mut parts: Vec<Part> = Vec::new();
        if all_bare {
            for &d in &self.children[h].clone() {
                let mut leaves = Vec::new();
                self.subtree_leaves(d, &mut leaves);
                parts.extend(leaves);
            }
            parts.push(Part::Leaf(h));
            for &c in conjs {
                parts.push(Part::Leaf(c));
            }
        } else {
            let head_part = if verbal {
                self.clause(h, &head_deps, Context::Clause)
            } else {
                self.project(h, Context::Argument)
            };
            parts.push(strip_clause(head_part, verbal));
            for &c in conjs {
                let conj_has_subject =
                    self.children[c].iter().any(|&k| self.roles[k] == Role::Subject);
                let part = self.project(c, Context::Clause);
                parts.push(if conj_has_subject { part } else { strip_clause(part, verbal) });
            }
        }
        self.children[h] = saved;
        for j in joiners {
            parts.push(Part::Leaf(j));
        }
        // Dependents of the head after the last conjunct modify the whole
        // coordination: inside it for clauses, around it for noun phrases
        // ("(NP (NP lawmakers and officials) (PP in Fornost))").
        let mut around: Vec<Part> = Vec::new();
        for t in trailing {
            let part = self.dependent(t);
            if verbal || self.roles[t] == Role::Punct {
                parts.push(part);
            } else {
                around.push(part);
            }
        }
        let label = match cat {
            Cat::Verb => "VP",
            Cat::Adj => "ADJP",
            Cat::Adv => "ADVP",
            Cat::Prep => "PP",
            _ => "NP",
        };
        let mut coordinated = phrase(label, parts);
        if !around.is_empty() {
            let mut kids = vec![coordinated];
            kids.extend(around);
            coordinated = phrase(label, kids);
        }
        if !preconj.is_empty() && !verbal {
            let mut kids: Vec<Part> =
                preconj.iter().map(|&p| phrase("NP", vec![Part::Tagged(p, "DT")])).collect();
            kids.push(coordinated);
            coordinated = phrase(label, kids);
        }
        self.children = saved_children;
        if !verbal {
            return coordinated;
        }
        // Put the shared subject and auxiliaries around the coordinated VPs.
        if shared.is_empty() && ctx != Context::Top {
            return coordinated;
        }
        let mut s_kids: Vec<Part> = Vec::new();
        let mut vp = coordinated;
        let mut auxes: Vec<usize> =
            shared.iter().copied().filter(|&d| self.roles[d] == Role::Aux).collect();
        auxes.sort_unstable();
        // Negation after an auxiliary stays at that auxiliary's level.
        let mut placed: Vec<usize> = Vec::new();
        for (i, &a) in auxes.iter().enumerate().rev() {
            let mut kids = vec![Part::Leaf(a)];
            for &n in &shared {
                let after_this = n > a && auxes.get(i + 1).is_none_or(|&b| n < b);
                if self.roles[n] == Role::Neg && after_this {
                    kids.push(Part::Leaf(n));
                    placed.push(n);
                }
            }
            kids.push(vp);
            vp = phrase("VP", kids);
        }
        for &d in &shared {
            if placed.contains(&d) {
                continue;
            }
            match self.roles[d] {
                Role::Aux => {}
                Role::Subject => {
                    let p = self.project_subject(d);
                    s_kids.push(p);
                }
                _ => s_kids.push(Part::Leaf(d)),
            }
        }
        s_kids.push(vp);
        let marks: Vec<usize> = shared
            .iter()
            .copied()
            .filter(|&d| self.roles[d] == Role::Mark && self.tag(d) != "TO")
            .collect();
        if marks.is_empty() {
            return phrase("S", s_kids);
        }
        s_kids.retain(|p| !matches!(p, Part::Leaf(i) if marks.contains(i)));
        let mut kids: Vec<Part> = marks.iter().map(|&m| Part::Leaf(m)).collect();
        kids.push(phrase("S", s_kids));
        phrase("SBAR", kids)
    }
}

/// In a verb coordination each conjunct is a verb phrase: a clause without
/// a subject is reduced to its VP.
fn strip_clause(part: Part, verbal: bool) -> Part {
    if !verbal {
        return part;
    }
    match part {
        Part::Phrase("S", mut kids) if kids.len() == 1 => {
            kids.pop().unwrap_or(Part::Phrase("VP", Vec::new()))
        }
        other => other,
    }
}

fn has_subject(b: &Builder<'_, '_>, deps: &[usize]) -> bool {
    deps.iter().any(|&d| b.roles[d] == Role::Subject)
}

/// Where a phrase is being built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Context {
    Top,
    Clause,
    Argument,
    Prep,
    Relative,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `form|TAG|head|deprel` tokens separated by white space.
    fn dep_tokens(input: &str) -> Vec<DepToken<'_>> {
        input
            .split_whitespace()
            .map(|t| {
                let mut f = t.split('|');
                DepToken {
                    form: f.next().unwrap(),
                    tag: f.next().unwrap(),
                    head: f.next().unwrap().parse().unwrap(),
                    deprel: f.next().unwrap(),
                }
            })
            .collect()
    }

    /// Head arrays of up to seven tokens (`usize::MAX` for the root), from
    /// a simple generator: trees, forests, cycles, crossing arcs.
    fn head_arrays() -> Vec<Vec<usize>> {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        (0..3000)
            .map(|_| {
                let n = 1 + next(7);
                (0..n)
                    .map(|i| match next(n + 1) {
                        h if h == n || h == i => usize::MAX,
                        h => h,
                    })
                    .collect()
            })
            .collect()
    }

    /// `has_cycle` is: a walk up the heads from some token takes more
    /// steps than there are tokens.
    #[test]
    fn has_cycle_is_a_walk_that_never_ends() {
        let (mut cycles, mut trees) = (0, 0);
        for heads in head_arrays() {
            let n = heads.len();
            let never_ends = (0..n).any(|i| {
                let (mut k, mut steps) = (i, 0);
                while heads[k] != usize::MAX && steps <= n {
                    k = heads[k];
                    steps += 1;
                }
                steps > n
            });
            assert_eq!(has_cycle(&heads), never_ends, "{heads:?}");
            cycles += never_ends as usize;
            trees += !never_ends as usize;
        }
        assert!(cycles > 100 && trees > 100, "{cycles} {trees}");
    }

    /// `is_projective` is: every token between a head and its dependent
    /// is dominated by the head (the test `projectivize` repairs).
    #[test]
    fn is_projective_is_no_crossing_arc() {
        let toks = dep_tokens(
            "a|DT|0|det b|DT|0|det c|DT|0|det d|DT|0|det e|DT|0|det f|DT|0|det g|DT|0|det",
        );
        let (mut projective, mut crossing) = (0, 0);
        for heads in head_arrays().into_iter().filter(|h| !has_cycle(h)) {
            let n = heads.len();
            let b = Builder {
                toks: &toks[..n],
                heads,
                children: vec![Vec::new(); n],
                roles: vec![Role::Other; n],
                spans: Vec::new(),
            };
            let want = (0..n).all(|d| {
                let h = b.heads[d];
                h == usize::MAX || (h.min(d) + 1..h.max(d)).all(|k| b.dominates(h, k))
            });
            assert_eq!(b.is_projective(), want, "{:?}", b.heads);
            projective += want as usize;
            crossing += !want as usize;
        }
        assert!(projective > 100 && crossing > 100, "{projective} {crossing}");
    }

    /// `input` as [`dep_tokens`] reads it gives the tree `expect`.
    fn check(input: &str, expect: &str) {
        let toks = dep_tokens(input);
        let tree = Tree::from_dependencies(&toks).unwrap();
        assert_eq!(tree.to_ptb(), expect);
        let words: Vec<&str> = tree.words().iter().map(|(_, w)| *w).collect();
        let want: Vec<&str> = toks.iter().map(|t| t.form).collect();
        assert_eq!(words, want, "words out of order");
    }

    #[test]
    fn tangled_relative_clause_is_untangled_not_flattened() {
        // A relative clause whose verb heads a coordination of clauses: the
        // builder used to put the first subject after the coordination.
        let input = "In|IN|15|prep the|DT|3|det country|NN|1|pobj where|WRB|6|advmod \
                     crime|NN|6|nsubj is|VBZ|3|relcl rare|JJ|6|acomp and|CC|6|cc \
                     the|DT|10|det police|NNS|11|nsubj keep|VBP|6|conj order|NN|11|dobj \
                     ,|,|15|punct it|PRP|15|nsubj is|VBZ|0|ROOT calm|JJ|15|acomp .|.|15|punct";
        let toks = dep_tokens(input);
        let tree = Tree::from_dependencies(&toks).unwrap();
        let words: Vec<&str> = tree.words().iter().map(|(_, w)| *w).collect();
        let want: Vec<&str> = toks.iter().map(|t| t.form).collect();
        assert_eq!(words, want, "words out of order");
        let ptb = tree.to_ptb();
        assert!(ptb.contains("(VP (VBP keep) (NP (NN order)))"), "{ptb}");
        assert!(ptb.contains("(S (NP (NN crime))) (VP (VBZ is) (JJ rare))"), "{ptb}");
        let mut part = phrase(
            "S",
            vec![
                phrase("X", vec![Part::Leaf(0), phrase("Y", vec![Part::Leaf(2)])]),
                phrase("Z", vec![Part::Leaf(1), Part::Leaf(3)]),
            ],
        );
        untangle(&mut part);
        let mut order = Vec::new();
        leaves(&part, &mut order);
        assert_eq!(order, [0, 1, 2, 3]);
        let mut lost =
            phrase("S", vec![Part::Leaf(0), phrase("NP", vec![Part::Leaf(1), Part::Leaf(3)])]);
        restore_lost(&mut lost, &[0, 1, 3], 5);
        order.clear();
        leaves(&lost, &mut order);
        assert_eq!(order, [0, 1, 2, 3, 4]);
        // The lost word goes into the phrase around it.
        let Part::Phrase(_, kids) = &lost else { panic!() };
        assert!(matches!(&kids[1], Part::Phrase("NP", inner) if inner.len() == 3));
    }

    #[test]
    fn clause_after_a_colon_is_not_a_relative_clause() {
        // The labeller may call the clause after a headline's colon a
        // relative clause of the noun before it.
        let input = "Cafe|NN|2|compound talks|NNS|0|ROOT :|:|2|punct France|NNP|5|nsubj \
                     criticized|VBD|2|acl Germany|NNP|5|dobj";
        let ptb = Tree::from_dependencies(&dep_tokens(input)).unwrap().to_ptb();
        assert!(
            ptb.contains("(S (NP (NNP France)) (VP (VBD criticized) (NP (NNP Germany))))"),
            "{ptb}"
        );
        // Without the colon it stays a relative clause of the noun.
        let input = "the|DT|2|det talks|NNS|0|ROOT France|NNP|4|nsubj criticized|VBD|2|relcl";
        let ptb = Tree::from_dependencies(&dep_tokens(input)).unwrap().to_ptb();
        assert!(ptb.contains("(NP (NP (DT the) (NNS talks)) (SBAR"), "{ptb}");
    }

    #[test]
    fn simple_clause_clearnlp() {
        check(
            "Arnor|NNP|2|nsubj met|VBD|0|ROOT Gondor|NNP|2|dobj .|.|2|punct",
            "(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor))) (. .)))",
        );
    }

    #[test]
    fn auxiliaries_negation_and_prepositions() {
        check(
            "Arnor|NNP|4|nsubj did|VBD|4|aux not|RB|4|neg meet|VB|0|ROOT with|IN|4|prep Gondor|NNP|5|pobj",
            "(ROOT (S (NP (NNP Arnor)) (VP (VBD did) (RB not) (VP (VB meet) (PP (IN with) (NP (NNP Gondor)))))))",
        );
        // UD: the preposition is a case marker of the noun.
        check(
            "Arnor|NNP|2|nsubj met|VBD|0|root with|IN|4|case Gondor|NNP|2|nmod",
            "(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (PP (IN with) (NP (NNP Gondor))))))",
        );
    }

    #[test]
    fn coordination_and_possessives() {
        check(
            "Arnor|NNP|4|nsubj and|CC|1|cc Gondor|NNP|1|conj met|VBD|0|ROOT",
            "(ROOT (S (NP (NNP Arnor) (CC and) (NNP Gondor)) (VP (VBD met))))",
        );
        check(
            "Arnor|NNP|3|poss 's|POS|1|case army|NN|4|nsubj left|VBD|0|ROOT",
            "(ROOT (S (NP (NP (NNP Arnor) (POS 's)) (NN army)) (VP (VBD left))))",
        );
    }

    #[test]
    fn infinitives_and_complements() {
        check(
            "Arnor|NNP|2|nsubj wants|VBZ|0|ROOT to|TO|4|aux help|VB|2|xcomp Gondor|NNP|4|dobj",
            "(ROOT (S (NP (NNP Arnor)) (VP (VBZ wants) (S (VP (TO to) (VP (VB help) (NP (NNP Gondor))))))))",
        );
        check(
            "Arnor|NNP|2|nsubj said|VBD|0|ROOT that|IN|5|mark Gondor|NNP|5|nsubj attacked|VBD|2|ccomp",
            "(ROOT (S (NP (NNP Arnor)) (VP (VBD said) (SBAR (IN that) (S (NP (NNP Gondor)) (VP (VBD attacked)))))))",
        );
    }

    #[test]
    fn repairs_broken_parses() {
        // Cycle, a head out of range, two roots: still a tree over all words.
        check("a|DT|2|det b|NN|1|nsubj c|VBD|9|ROOT d|NN|0|dobj", &{
            let toks = [
                ("a", "DT", 2, "det"),
                ("b", "NN", 1, "nsubj"),
                ("c", "VBD", 9, "ROOT"),
                ("d", "NN", 0, "dobj"),
            ];
            let toks: Vec<DepToken<'_>> = toks
                .iter()
                .map(|&(form, tag, head, deprel)| DepToken { form, tag, head, deprel })
                .collect();
            Tree::from_dependencies(&toks).unwrap().to_ptb()
        });
        assert_eq!(Tree::from_dependencies(&[]).unwrap_err(), TreeError::Empty);
    }
}
