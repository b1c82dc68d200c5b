//! The event coder: a parsed sentence and its date in, events out.
//!
//! Coding a sentence runs these steps:
//!
//! 1. **Discards**: a sentence containing a discard phrase is not coded (a
//!    story discard drops the whole story; the caller acts on it).
//! 2. **Linear form** (module `linear`): the tree is flattened into entity spans,
//!    compounds, numbered verb phrases and other markup.
//! 3. **Comma clauses** (module `commas`) are removed within the configured word
//!    counts.
//! 4. **Entities** (module `entities`) get actor codes, with agents combined and
//!    date restrictions resolved against the sentence date.
//! 5. **Verbs**: each verb phrase whose first child is a verb is looked up;
//!    multi-word verbs are tried first; the class's patterns are tried in
//!    order against the words before and after the verb (module `matcher`); the
//!    first full match gives the code (else the verb's own code). Source and
//!    target come from the roles the pattern bound, or else from the entities
//!    around the verb; passive verbs swap them; compounds give one event per
//!    pair; symmetric codes give both directions. Once a verb phrase yields an
//!    event code, coding resumes after it.
//!
//! # Example
//!
//! ```
//! use dyad_core::coder::Coder;
//! use dyad_core::date::Date;
//! use dyad_core::dict::DictionariesBuilder;
//! use dyad_core::tree::Tree;
//!
//! let mut builder = DictionariesBuilder::new();
//! builder.actors("a", "ARNOR [ARN]\nGONDOR [GON]\n");
//! builder.verbs("v", "--- MEET [040] ---\nMEET {MET MEETS MEETING}\n");
//! let (dicts, _) = builder.build();
//! let mut coder = Coder::new(&dicts);
//! let tree = Tree::from_ptb("(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (NP (NNP Gondor))) (. .)))")?;
//! let result = coder.code_tree(&tree, Date::from_ymd(2016, 9, 9));
//! let triples: Vec<String> = result.events.iter().map(|e| result.describe(e, &dicts)).collect();
//! assert_eq!(triples, ["ARN GON 040"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod actor_code;
mod commas;
mod entities;
pub(crate) mod governed;
mod label;
pub(crate) mod linear;
mod matcher;
mod side_words;

use std::fmt;

pub use actor_code::ActorCode;
pub use commas::CommaOptions;

use crate::date::Date;
use crate::dict::phrases::{hyphen_parts, spread_signatures};
use crate::dict::{
    CodeId, Dictionaries, DiscardKind, ElementKind, Origin, PhraseSearch, VerbCode, VerbSense,
    word_bit,
};
use crate::lexicon::WordId;
use crate::tree::{NodeId, Tree};
use label::{Label, Labels, flag};
use linear::{Linearizer, Slot, Tok};
use matcher::{Bindings, Item, Loc};

/// Where the sentence's content starts in the linear form (after
/// `(ROOT (S`).
const START: usize = 2;

/// A passive's participle, as the passive test finds it.
#[derive(Clone, Copy, Debug)]
struct Participle {
    /// Position of the participle's word.
    at: usize,
    /// BY follows, naming the agent.
    by: bool,
    /// Position of the close of the participle's own verb phrase.
    end: usize,
}

/// The verb phrase enclosing `toks[at]`: the position of its opener.
fn enclosing_vp(toks: &[Tok], at: usize) -> Option<usize> {
    let mut closed: smallvec::SmallVec<[u32; 8]> = smallvec::SmallVec::new();
    let mut k = at;
    while k > 0 {
        k -= 1;
        match toks[k] {
            Tok::Close(Label::VP, m) => closed.push(m),
            Tok::Open(Label::VP, m) if !closed.contains(&m) => return Some(k),
            _ => {}
        }
    }
    None
}

/// How a verb phrase's roles are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Voice {
    /// Subject as source, object as target.
    Active,
    /// Passive with BY: the agent after BY is the source.
    Passive,
    /// Passive with no agent: the subject is the target.
    AgentlessPassive,
}

/// Coding options (PETRARCH's `<Config>` options).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoderOptions {
    /// Drop events whose source or target is the null actor `---`.
    pub require_dyad: bool,
    /// When above 0, an uncoded noun phrase of fewer than this many words
    /// becomes a quoted "new actor" instead of `---`.
    pub new_actor_length: u32,
    /// Comma-clause deletion bounds.
    pub comma: CommaOptions,
}

impl Default for CoderOptions {
    fn default() -> Self {
        CoderOptions { require_dyad: true, new_actor_length: 0, comma: CommaOptions::default() }
    }
}

/// One coded event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Source actor code.
    pub source: ActorCode,
    /// Target actor code.
    pub target: ActorCode,
    /// CAMEO event code (as the dictionary wrote it).
    pub code: CodeId,
    /// Index of the verb among the sentence's words.
    pub verb: u32,
    /// Words (first, one past the last) of the source phrase.
    pub source_words: Option<(u32, u32)>,
    /// Words (first, one past the last) of the target phrase.
    pub target_words: Option<(u32, u32)>,
    /// The pattern that fired, if any (else the verb's own code applied).
    pub pattern: Option<Origin>,
    /// The dictionary line of the verb.
    pub verb_origin: Origin,
    /// True when the verb was read as passive (source and target swapped).
    pub passive: bool,
}

/// Why a sentence produced no events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Events were produced.
    Coded,
    /// The sentence was read but nothing was coded.
    NoEvents,
    /// A discard phrase matched.
    Discarded {
        /// Sentence or story discard.
        kind: DiscardKind,
        /// The discard phrase's line.
        origin: Origin,
    },
    /// The sentence could not be coded.
    Rejected(Rejection),
}

/// Why a sentence could not be coded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// The sentence is a dateline, not a sentence.
    Dateline,
    /// Comma-clause deletion left an unbalanced structure.
    UnbalancedAfterCommas,
    /// Entity spans could not be read (nested compounds).
    MalformedEntities,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Dateline => write!(f, "dateline"),
            Rejection::UnbalancedAfterCommas => {
                write!(f, "unbalanced structure after comma-clause deletion")
            }
            Rejection::MalformedEntities => write!(f, "compound inside a compound"),
        }
    }
}

/// The result of coding one sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceCoding {
    /// The events, in the order found, without duplicates.
    pub events: Vec<Event>,
    /// What happened.
    pub outcome: Outcome,
    /// Issue codes found in the sentence, with counts (only when it has events).
    pub issues: Vec<(CodeId, u32)>,
    /// The sentence's main subject, if coded: the pronouns of the next
    /// sentences refer to it.
    pub subject: Option<ActorCode>,
    /// Whether a pronoun of the sentence looked for the subject of the
    /// previous sentences (see [`Coder::article_state`]): when false, the
    /// coding did not depend on them.
    pub read_previous_subject: bool,
}

/// What a [`Coder`] keeps of an article between its sentences: the subject
/// that pronouns of the next sentence refer to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ArticleState {
    previous_subject: Option<ActorCode>,
}

/// What coding a sentence needs, from [`Coder::sentence_need`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SentenceNeed {
    /// Coding it gives no events and changes nothing: it need not be
    /// parsed or coded.
    Nothing,
    /// Coding it gives no events, but its subject may become the one the
    /// pronouns of later sentences refer to. Its coding can wait: it matters
    /// only if a later sentence reads that subject
    /// ([`SentenceCoding::read_previous_subject`]) before a sentence with a
    /// subject of its own is coded; it must then be coded first.
    SubjectOnly,
    /// It may give events: parse and code it.
    Code,
}

impl SentenceCoding {
    /// `SOURCE TARGET CODE` of an event.
    pub fn describe(&self, event: &Event, dicts: &Dictionaries) -> String {
        format!("{} {} {}", event.source, event.target, dicts.codes().text(event.code))
    }
}

/// What became of one verb of a sentence being explained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerbFate {
    /// The word is no verb of the dictionaries.
    NotInDictionaries,
    /// The word is only the first word of multi-word verbs, none of which
    /// fits here.
    MultiWordOnly,
    /// The verb (or the pattern that fired) has the null code `---`.
    NullCode,
    /// Negated ("did not attack"), and no pattern written for the negation
    /// fired.
    Negated,
    /// No coded actor was found as source.
    NoSource,
    /// No coded actor was found as target.
    NoTarget,
    /// A passive with no agent named ("was arrested in Iran"): the subject
    /// is the target and the source is unknown (dyad's dictionaries only;
    /// PETRARCH read such verbs as active).
    NoAgent,
    /// Events were made (one per source and target pair); `passive` when the
    /// roles were swapped.
    Events {
        /// Events made.
        count: usize,
        /// Read as passive.
        passive: bool,
    },
    /// A statement's own events aimed at actors inside the clause it reports
    /// were dropped.
    StatementAboutClause {
        /// Events dropped.
        dropped: usize,
    },
    /// The verb's events were combined with the verb governing it (an
    /// appeal, intent, demand, rejection or threat); the governor's own
    /// events were dropped.
    Combined {
        /// Word index of the governing verb.
        governor: u32,
    },
}

/// One verb of an explained sentence and what the coder did with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerbNote {
    /// Index of the verb among the sentence's words.
    pub verb: u32,
    /// The dictionary line of the verb, if it is in the dictionaries.
    pub origin: Option<Origin>,
    /// The pattern that fired, if any.
    pub pattern: Option<Origin>,
    /// The event code given (by the pattern or the verb), or for
    /// [`VerbFate::Combined`] the combined code.
    pub code: Option<String>,
    /// What came of it.
    pub fate: VerbFate,
}

/// One entity of an explained sentence: its words, its actor code and the
/// dictionary lines that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityNote {
    /// Indices of its words among the sentence's words.
    pub words: Vec<u32>,
    /// The actor code it got (empty when none).
    pub code: String,
    /// The actor phrase that matched, if any.
    pub actor: Option<Origin>,
    /// The agent phrases that were combined with it.
    pub agents: Vec<Origin>,
}

/// Everything [`Coder::explain`] found out about a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// The linear form after comma-clause deletion and entity coding (as
    /// [`Coder::linear_form`] writes it), or why there is none.
    pub linear_form: Result<String, Rejection>,
    /// Each entity and its code.
    pub entities: Vec<EntityNote>,
    /// Each verb looked up, in the order the coder met them.
    pub verbs: Vec<VerbNote>,
    /// The coding itself, as [`Coder::code_tree`] gives it.
    pub coding: SentenceCoding,
}

#[derive(Clone, Debug, Default)]
struct Notes {
    entities: Vec<(Vec<u32>, ActorCode, entities::EntityMatch)>,
    verbs: Vec<VerbNote>,
}

/// Words the coder recognises by themselves.
#[derive(Clone, Copy, Debug)]
struct Keywords {
    by: WordId,
    be_forms: [WordId; 5],
    be_weak: [WordId; 2],
    pronouns: [WordId; 6],
    it: WordId,
    that: WordId,
    /// WHO, WHICH, THAT: a relative clause's subject stands for the noun
    /// before the clause.
    relatives: [WordId; 3],
    negations: [WordId; 3],
    to: WordId,
}

/// How many words before a conjunction a dictionary name holding it may
/// start ("West African Economic and ...": three).
const NAME_CONJUNCTION_REACH: usize = 6;

/// The coder. It borrows compiled dictionaries and keeps scratch buffers, so
/// one coder per thread codes any number of sentences without allocating
/// much.
pub struct Coder<'d> {
    dicts: &'d Dictionaries,
    options: CoderOptions,
    keywords: Keywords,
    labels: Labels,
    linearizer: Linearizer,
    toks: Vec<Tok>,
    codes: Vec<ActorCode>,
    word_ids: Vec<WordId>,
    word_alpha: Vec<bool>,
    /// Upper-case text of each word; entries past `word_ids.len()` are
    /// left over from longer sentences, kept for their buffers.
    word_text: Vec<String>,
    /// Words written with `_` between parts: (word index, range in
    /// `word_parts`).
    word_split: Vec<(u32, u32, u32)>,
    word_parts: Vec<WordId>,
    /// Word ranges (start, end) of the dictionary names holding a
    /// conjunction (see [`Coder::find_named_conjunctions`]).
    named_spans: Vec<(u32, u32)>,
    /// The `MAY_START_*` bits of each word: which phrase searches can
    /// find anything from it.
    word_search_starts: Vec<u8>,
    /// What [`Coder::intern_words`] notes of each word on its first pass.
    word_kinds: Vec<WordKind>,
    /// The lexicon's id of each word, before [`Coder::finish_words`] sets
    /// those of personal pronouns it does not resolve to unknown.
    looked_up: Vec<WordId>,
    /// The words were interned by [`Coder::sentence_need_untagged`], with
    /// no tags: [`Coder::sentence_need`] of the same words, tagged, need
    /// only finish them again.
    untagged_words: bool,
    /// Where each word is in `scratch` once [`Coder::spaced_text`] has
    /// written it: from the space before it to the space after it.
    word_spans: Vec<(u32, u32)>,
    /// Whether `scratch` and `word_spans` hold this sentence.
    spaced_ready: bool,
    /// Matches of a phrase search: (end in `scratch`, pattern).
    phrase_matches: Vec<(u32, u32)>,
    upper: Vec<Item>,
    lower: Vec<Item>,
    /// The words of `upper` and `lower` and the synsets that may match
    /// there, for screening patterns exactly.
    side_words: side_words::SideWords,
    upper_at: Vec<usize>,
    lower_at: Vec<usize>,
    scratch: String,
    /// Per-word flags for [`Coder::sentence_need`]: tagged as a verb.
    scratch_flags: Vec<bool>,
    /// Per-word flags for [`Coder::sentence_need`]: a word an entity may
    /// leave out.
    scratch_left_out: Vec<bool>,
    /// Some actor or agent code holds several codes (`USA/CAN`), so that
    /// one entity can be both sides of an event.
    multi_codes: bool,
    /// The main subject of the last sentence coded in this article.
    previous_subject: Option<ActorCode>,
    /// The main subject of the sentence being coded.
    subject: Option<ActorCode>,
    /// Whether a pronoun of the sentence being coded looked for
    /// `previous_subject`.
    read_previous_subject: bool,
    /// Verbs before this position are inside a reported clause.
    reported_until: usize,
    /// What the coder did, step by step, when explaining a sentence.
    notes: Option<Notes>,
}

/// What the first pass over a sentence's words notes of each.
#[derive(Clone, Copy, Debug)]
struct WordKind {
    /// Tagged `PRP`.
    personal_pronoun: bool,
    /// Holds a hyphen (or a tilde, written as one).
    hyphen: bool,
    /// Holds an underscore.
    underscore: bool,
}

impl<'d> Coder<'d> {
    /// A coder with default options.
    pub fn new(dicts: &'d Dictionaries) -> Coder<'d> {
        Coder::with_options(dicts, CoderOptions::default())
    }

    /// A coder with the given options.
    pub fn with_options(dicts: &'d Dictionaries, options: CoderOptions) -> Coder<'d> {
        let lex = dicts.lexicon();
        Coder {
            dicts,
            options,
            keywords: Keywords {
                by: lex.get("BY"),
                be_forms: ["WAS", "IS", "BEEN", "WERE", "ARE"].map(|w| lex.get(w)),
                be_weak: ["BE", "BEING"].map(|w| lex.get(w)),
                pronouns: ["HE", "SHE", "THEY", "HIM", "HER", "THEM"].map(|w| lex.get(w)),
                it: lex.get("IT"),
                that: lex.get("THAT"),
                relatives: ["WHO", "WHICH", "THAT"].map(|w| lex.get(w)),
                negations: ["NOT", "N'T", "NEVER"].map(|w| lex.get(w)),
                to: lex.get("TO"),
            },
            labels: Labels::default(),
            linearizer: Linearizer::default(),
            toks: Vec::new(),
            codes: Vec::new(),
            word_ids: Vec::new(),
            word_alpha: Vec::new(),
            word_text: Vec::new(),
            word_split: Vec::new(),
            word_search_starts: Vec::new(),
            word_kinds: Vec::new(),
            looked_up: Vec::new(),
            untagged_words: false,
            word_spans: Vec::new(),
            spaced_ready: false,
            phrase_matches: Vec::new(),
            named_spans: Vec::new(),
            word_parts: Vec::new(),
            upper: Vec::new(),
            lower: Vec::new(),
            side_words: side_words::SideWords::default(),
            upper_at: Vec::new(),
            lower_at: Vec::new(),
            scratch: String::new(),
            scratch_flags: Vec::new(),
            scratch_left_out: Vec::new(),
            multi_codes: dicts.codes.all().iter().any(|code| code.contains('/')),
            previous_subject: None,
            subject: None,
            read_previous_subject: false,
            reported_until: 0,
            notes: None,
        }
    }

    /// Starts a new article: pronouns no longer refer to the subject of the
    /// previous sentence. Call it before the first sentence of each article
    /// (and before each independent sentence, as in validation records).
    pub fn begin_article(&mut self) {
        self.previous_subject = None;
    }

    /// What the coder keeps of the article so far, to put back with
    /// [`Coder::restore_article_state`] (to code a sentence again after
    /// coding sentences that came before it).
    pub fn article_state(&self) -> ArticleState {
        ArticleState { previous_subject: self.previous_subject }
    }

    /// Puts back a state from [`Coder::article_state`].
    pub fn restore_article_state(&mut self, state: ArticleState) {
        self.previous_subject = state.previous_subject;
    }

    /// The options in force.
    pub fn options(&self) -> &CoderOptions {
        &self.options
    }

    /// Changes options (as a `<Config>` record does).
    pub fn options_mut(&mut self) -> &mut CoderOptions {
        &mut self.options
    }

    /// Codes one parsed sentence dated `date`.
    pub fn code_tree(&mut self, tree: &Tree<'_>, date: Option<Date>) -> SentenceCoding {
        let mut result = SentenceCoding {
            events: Vec::new(),
            outcome: Outcome::NoEvents,
            issues: Vec::new(),
            subject: None,
            read_previous_subject: false,
        };
        self.load_words(tree);
        if let Some((kind, origin)) = self.find_discard() {
            result.outcome = Outcome::Discarded { kind, origin };
            return result;
        }
        let mut toks = std::mem::take(&mut self.toks);
        let outcome = self.code_linear(tree, date, &mut toks, &mut result.events);
        self.toks = toks;
        result.subject = self.subject;
        result.read_previous_subject = self.read_previous_subject;
        result.outcome = match outcome {
            Err(why) => Outcome::Rejected(why),
            Ok(()) if result.events.is_empty() => Outcome::NoEvents,
            Ok(()) => Outcome::Coded,
        };
        if result.outcome == Outcome::Coded {
            result.issues = self.find_issues();
        }
        result
    }

    /// Codes one sentence as [`Coder::code_tree`] does and says how: the
    /// linear form, each entity's code and the dictionary lines behind it,
    /// and what became of each verb. For `dyad explain`; slower than
    /// `code_tree`. The article state (the previous sentence's subject) is
    /// that of a coder that has just coded the same sentences.
    pub fn explain(&mut self, tree: &Tree<'_>, date: Option<Date>) -> Explanation {
        let previous = self.previous_subject;
        let linear_form = self.linear_form(tree, date);
        self.previous_subject = previous;
        self.notes = Some(Notes::default());
        let coding = self.code_tree(tree, date);
        let notes = self.notes.take().unwrap_or_default();
        let entities = notes
            .entities
            .into_iter()
            .map(|(words, code, m)| EntityNote {
                words,
                code: code.as_str().to_string(),
                actor: m.actor,
                agents: m.agents,
            })
            .collect();
        Explanation { linear_form, entities, verbs: notes.verbs, coding }
    }

    /// The linear form PETRARCH-style patterns are matched against, after
    /// comma-clause deletion and entity coding, written as PETRARCH prints its
    /// parse list (`(NE ARN ARNOR ~NE (VP1 ...`). For explanations and
    /// debugging.
    pub fn linear_form(
        &mut self,
        tree: &Tree<'_>,
        date: Option<Date>,
    ) -> Result<String, Rejection> {
        self.load_words(tree);
        let mut toks = std::mem::take(&mut self.toks);
        let mut events = Vec::new();
        let outcome = self.code_linear(tree, date, &mut toks, &mut events);
        let text =
            linear::render(&toks, &self.labels, &|i| self.word_text[i as usize].clone(), &|slot| {
                match slot {
                    Slot::Null => "---".to_string(),
                    Slot::Actor(i) => self.codes[i as usize].to_string(),
                }
            });
        self.toks = toks;
        outcome.map(|()| text)
    }

    fn code_linear(
        &mut self,
        tree: &Tree<'_>,
        date: Option<Date>,
        toks: &mut Vec<Tok>,
        events: &mut Vec<Event>,
    ) -> Result<(), Rejection> {
        self.subject = None;
        self.read_previous_subject = false;
        self.find_named_conjunctions(tree);
        self.linearizer
            .run(tree, &mut self.labels, &self.word_ids, &self.word_alpha, &self.named_spans, toks)
            .map_err(|_| Rejection::Dateline)?;
        if !commas::delete_comma_clauses(toks, &self.options.comma) {
            return Err(Rejection::UnbalancedAfterCommas);
        }
        self.codes.clear();
        let mut entity_coder = entities::EntityCoder {
            dicts: self.dicts,
            labels: &self.labels,
            date,
            codes: &mut self.codes,
            trace: self.notes.as_mut().map(|n| &mut n.entities),
            pronouns: &self.keywords.pronouns,
            it: self.keywords.it,
            previous_subject: self.previous_subject,
            read_previous_subject: false,
            split_words: &self.word_split,
            word_parts: &self.word_parts,
        };
        let entities = entity_coder.run(toks);
        self.read_previous_subject = entity_coder.read_previous_subject;
        entities.map_err(|_| Rejection::MalformedEntities)?;
        self.subject = entities::main_subject(toks, &self.codes);
        self.previous_subject = self.subject.or(self.previous_subject);
        self.code_verbs(toks, events);
        Ok(())
    }

    /// Finds the dictionary names that hold a conjunction ("Food and
    /// Agriculture Organization", "Bosnia and Herzegovina"): an actor or
    /// agent phrase that holds the conjunction, starts at most
    /// [`NAME_CONJUNCTION_REACH`] words before it and ends after it. The
    /// noun phrase of such a name is one entity, not a compound (see
    /// [`Linearizer::run`]).
    fn find_named_conjunctions(&mut self, tree: &Tree<'_>) {
        self.named_spans.clear();
        let dicts = self.dicts;
        let words = &self.word_ids;
        for id in 0..tree.len() as NodeId {
            let node = tree.node(id);
            let i = node.token as usize;
            if node.word.is_none()
                || node.label != "CC"
                || words.get(i).is_none_or(|w| w.is_unknown())
            {
                continue;
            }
            let span = (i.saturating_sub(NAME_CONJUNCTION_REACH)..i).find_map(|start| {
                [&dicts.actors, &dicts.agents].iter().find_map(|dict| {
                    dict.match_at(words, start)
                        .filter(|(p, end)| *end > i + 1 && p.words.contains(&words[i]))
                        .map(|(_, end)| (start as u32, end as u32))
                })
            });
            self.named_spans.extend(span);
        }
    }

    /// What coding a sentence of these words (Penn tag and form, in order)
    /// needs, judged before any parse: lets a caller skip the parses whose
    /// coding can give nothing (see [`SentenceNeed`]).
    ///
    /// The test is conservative. A sentence can give events only if a word
    /// tagged as a verb has a form the verb dictionary knows and, under
    /// `require_dyad`, two entities can get distinct codes; or if a discard
    /// phrase matches (a story discard drops the article). An entity's code
    /// comes from an actor or agent phrase that matches from one of its
    /// words, or from a pronoun standing for the previous sentence's
    /// subject. An entity's words are a stretch of the sentence's words,
    /// less the possessive markers and prepositions the linear form leaves
    /// out, so each coded entity needs its own start of such a match in
    /// the sentence's words (with or without those), or a pronoun. Two are
    /// needed, or one when a code may hold several (`USA/CAN`). When a
    /// conjunction may make a compound, each of whose members keeps the
    /// words around it ("the leaders of Bywater and Tharbad" holds "the
    /// leaders of Tharbad"), a match may leave out any words and one word
    /// may start two. Without that, coding the sentence can only
    /// change the subject kept for the pronouns of the next sentences
    /// (`SubjectOnly`), and only if an entity can get a code of its own:
    /// one start of a match, counted the same way (a pronoun's code is the
    /// subject it reads, which it leaves as it is).
    pub fn sentence_need<'w>(
        &mut self,
        words: impl IntoIterator<Item = (&'w str, &'w str)>,
    ) -> SentenceNeed {
        let mut tags_verb: Vec<bool> = std::mem::take(&mut self.scratch_flags);
        tags_verb.clear();
        let mut left_out = std::mem::take(&mut self.scratch_left_out);
        left_out.clear();
        let mut conjunction = false;
        let words: Vec<(&str, &str)> = words
            .into_iter()
            .inspect(|(tag, _)| {
                tags_verb.push(tag.starts_with("VB"));
                left_out.push(matches!(*tag, "POS" | "IN" | "TO"));
                conjunction |= *tag == "CC";
            })
            .collect();
        // The same words as the untagged test's (their upper-case texts
        // equal, so that they intern alike): only the tags are new.
        let same_words = self.untagged_words
            && words.len() == self.looked_up.len()
            && words.iter().zip(&self.word_text).all(|(&(_, form), text)| {
                form.is_ascii() && !form.contains('~') && form.eq_ignore_ascii_case(text)
            });
        if same_words {
            for (kind, &(tag, _)) in self.word_kinds.iter_mut().zip(&words) {
                kind.personal_pronoun = tag == "PRP";
            }
            self.finish_words();
        } else {
            self.intern_words(words);
        }
        let verbs = &self.dicts.verbs;
        let verb_known = self
            .word_ids
            .iter()
            .zip(&tags_verb)
            .any(|(&id, &verb)| verb && !id.is_unknown() && verbs.form(id).is_some());
        let need = self.need_of_words(verb_known, conjunction, &left_out, false);
        self.scratch_flags = tags_verb;
        self.scratch_left_out = left_out;
        need
    }

    /// [`Coder::sentence_need`] judged from the words' forms alone, before
    /// they are tagged: any word may be a verb, a conjunction or a pronoun.
    /// When this is not [`SentenceNeed::Code`], neither is
    /// `sentence_need`, whatever the tags, and its `SubjectOnly` or
    /// `Nothing` holds too (a sentence called `SubjectOnly` here may be
    /// `Nothing` there), so that a caller need not tag the sentence.
    pub fn sentence_need_untagged<'w>(
        &mut self,
        forms: impl IntoIterator<Item = &'w str>,
    ) -> SentenceNeed {
        self.intern_words(forms.into_iter().map(|form| ("", form)));
        self.untagged_words = true;
        let verbs = &self.dicts.verbs;
        let verb_form =
            self.word_ids.iter().any(|&id| !id.is_unknown() && verbs.form(id).is_some());
        // A word with `_` unknown to the dictionaries is split: with a
        // personal pronoun's tag a known one would become unknown.
        let underscore = self.word_kinds.iter().any(|kind| kind.underscore);
        self.need_of_words(verb_form, true, &[], underscore)
    }

    /// What coding the interned words needs (see [`Coder::sentence_need`]),
    /// given whether a word is a verb the dictionaries know, whether a
    /// `conjunction` may make a compound, the words an entity may leave
    /// out, and whether the words hold something unusual that the coder
    /// handles with every parse.
    fn need_of_words(
        &mut self,
        verb_known: bool,
        conjunction: bool,
        left_out: &[bool],
        unusual_words: bool,
    ) -> SentenceNeed {
        let unusual =
            unusual_words || self.options.new_actor_length > 0 || !self.word_split.is_empty();
        // Events need two distinct codes, so two coded entities; or one
        // whose code holds several.
        let pair = if self.multi_codes { 1 } else { 2 };
        let (matches, pronouns) = self.entity_starts(pair, conjunction, left_out);
        let code = unusual
            || verb_known && (!self.options.require_dyad || matches + pronouns >= pair)
            || self.find_discard().is_some();
        if code {
            SentenceNeed::Code
        } else if matches > 0 {
            // A subject with a code of its own (a pronoun's is the
            // previous subject, which it leaves as it is).
            SentenceNeed::SubjectOnly
        } else {
            SentenceNeed::Nothing
        }
    }

    /// How many entities of the interned words may get codes (see
    /// [`Coder::sentence_need`]): the starts of actor or agent matches, and
    /// the pronouns. Counting stops once they reach `enough` with at least
    /// one match, which settles every question the test asks.
    ///
    /// A match is looked for in the words as they are, and in the words
    /// without those the linear form may leave out of an entity
    /// (`left_out`: possessive markers, the preposition before a noun's
    /// prepositional phrase), which it may join. When a `conjunction` may
    /// make a compound, whose members each keep the words around it, any
    /// words may be left out between a phrase's words, and two phrases
    /// from one word count as two (both members of "the leaders of Bywater
    /// and Tharbad" start at LEADERS).
    fn entity_starts(&self, enough: usize, conjunction: bool, left_out: &[bool]) -> (usize, usize) {
        let dicts = self.dicts;
        let words = &self.word_ids;
        let (mut matches, mut pronouns) = (0, 0);
        let settled = |matches: usize, pronouns: usize| matches > 0 && matches + pronouns >= enough;
        if conjunction {
            let mut after = Vec::with_capacity(words.len());
            spread_signatures(words, &mut after);
            for ((at, id), &after_bits) in words.iter().enumerate().zip(&after) {
                if id.is_unknown() {
                    continue;
                }
                let mut n = dicts.actors.count_spread_matches(words, at, enough, after_bits);
                if n < enough {
                    n += dicts.agents.count_spread_matches(words, at, enough - n, after_bits);
                }
                matches += n;
                pronouns += (n == 0 && self.keywords.pronouns.contains(id)) as usize;
                if settled(matches, pronouns) {
                    break;
                }
            }
            return (matches, pronouns);
        }
        let kept: Vec<WordId> = if left_out.contains(&true) {
            words.iter().zip(left_out).filter(|(_, out)| !**out).map(|(&id, _)| id).collect()
        } else {
            Vec::new()
        };
        let starts_match = |words: &[WordId], at: usize| {
            dicts.actors.match_at(words, at).is_some() || dicts.agents.match_at(words, at).is_some()
        };
        let mut kept_at = 0;
        for (at, id) in words.iter().enumerate() {
            let out = left_out.get(at).copied().unwrap_or(false);
            let here = kept_at;
            kept_at += !out as usize;
            if id.is_unknown() {
                continue;
            }
            if starts_match(words, at) || !out && !kept.is_empty() && starts_match(&kept, here) {
                matches += 1;
            } else if self.keywords.pronouns.contains(id) {
                pronouns += 1;
            }
            if settled(matches, pronouns) {
                break;
            }
        }
        (matches, pronouns)
    }

    /// Interns the tree's words and keeps their upper-case text.
    fn load_words(&mut self, tree: &Tree<'_>) {
        self.intern_words(tree.tagged_words());
    }

    /// Interns words (tag, form) and keeps their upper-case text.
    fn intern_words<'w>(&mut self, words: impl IntoIterator<Item = (&'w str, &'w str)>) {
        let lex = self.dicts.lexicon();
        self.untagged_words = false;
        // Three passes: the upper-case texts, their lookups, then the rest.
        // The lookups miss the cache (the lexicon is large); a loop of
        // nothing else lets the processor have several of them in flight.
        let mut kinds = std::mem::take(&mut self.word_kinds);
        kinds.clear();
        for (i, (tag, word)) in words.into_iter().enumerate() {
            if self.word_text.len() <= i {
                self.word_text.push(String::new());
            }
            let text = &mut self.word_text[i];
            text.clear();
            // One pass over the bytes says what the slower steps need.
            let (mut plain, mut hyphen, mut underscore) = (true, false, false);
            for &b in word.as_bytes() {
                plain &= b.is_ascii() && b != b'~';
                // A tilde is written "-TILDA-".
                hyphen |= b == b'-' || b == b'~';
                underscore |= b == b'_';
            }
            if plain {
                text.push_str(word);
                text.make_ascii_uppercase();
            } else {
                for ch in word.chars() {
                    if ch == '~' {
                        text.push_str("-TILDA-");
                    } else {
                        text.extend(ch.to_uppercase());
                    }
                }
            }
            kinds.push(WordKind { personal_pronoun: tag == "PRP", hyphen, underscore });
        }
        let n = kinds.len();
        self.word_kinds = kinds;
        self.looked_up.clear();
        self.looked_up.extend(self.word_text[..n].iter().map(|text| lex.get(text)));
        self.finish_words();
        // `word_text` keeps its strings beyond this sentence's words (read
        // only up to `word_ids.len()`), so their buffers are reused.
    }

    /// The last pass of [`Coder::intern_words`], from the looked-up ids
    /// and the words' kinds: personal pronouns the coder does not resolve
    /// become unknown, and each word's phrase-search bits, whether it is
    /// alphabetic and its parts (of a word joined with `_` or hyphens) are
    /// noted.
    fn finish_words(&mut self) {
        let lex = self.dicts.lexicon();
        self.word_ids.clear();
        self.word_ids.extend_from_slice(&self.looked_up);
        self.word_alpha.clear();
        self.word_parts.clear();
        self.word_split.clear();
        self.word_search_starts.clear();
        self.spaced_ready = false;
        for (i, kind) in self.word_kinds.iter().enumerate() {
            let text = &self.word_text[i];
            let id = &mut self.word_ids[i];
            // A personal pronoun is no actor's name ("told us" is not the
            // US): only the pronouns the coder resolves keep their word.
            if kind.personal_pronoun
                && *id != self.keywords.it
                && !self.keywords.pronouns.contains(id)
            {
                *id = WordId::UNKNOWN;
            }
            let id = *id;
            self.word_search_starts.push(self.dicts.search_starts(id, text));
            self.word_alpha.push(text.starts_with(|c: char| c.is_alphabetic()));
            // TABARI joined the words of a name with `_` ("Dol_Amroth"),
            // and a parser may keep "Al-Qaeda" one word where dictionaries
            // read it as tokenizers split it ("Al", "-", "Qaeda"): actor and
            // agent phrases see the parts.
            let hyphenated = kind.hyphen && hyphen_parts(text).nth(1).is_some();
            if (id.is_unknown() && kind.underscore) || hyphenated {
                let start = self.word_parts.len() as u32;
                self.word_parts.extend(
                    text.split('_')
                        .filter(|p| !p.is_empty())
                        .flat_map(hyphen_parts)
                        .map(|p| lex.get(p)),
                );
                self.word_split.push((i as u32, start, self.word_parts.len() as u32));
            }
        }
    }

    /// The sentence as ` W1 W2 ... ` in upper case, for phrase searches.
    /// Hyphenated words are written split (`SEMI - FINAL`), as a tokenizer
    /// splits them and as discard and issue phrases are searched for.
    /// Written once per sentence, with each word's span (`word_spans`).
    fn spaced_text(&mut self) {
        if self.spaced_ready {
            return;
        }
        self.spaced_ready = true;
        self.scratch.clear();
        self.scratch.push(' ');
        self.word_spans.clear();
        for w in &self.word_text[..self.word_ids.len()] {
            let start = self.scratch.len() - 1;
            if w.contains('-') {
                for part in hyphen_parts(w) {
                    self.scratch.push_str(part);
                    self.scratch.push(' ');
                }
            } else {
                self.scratch.push_str(w);
                self.scratch.push(' ');
            }
            self.word_spans.push((start as u32, self.scratch.len() as u32 - 1));
        }
    }

    /// True when some word of the sentence has `bit` among its
    /// `MAY_START_*` bits: otherwise that phrase search finds nothing.
    fn some_word_may_start(&self, bit: u8) -> bool {
        self.word_search_starts.iter().any(|&starts| starts & bit != 0)
    }

    /// Finds the matches of `search` in the spaced text into
    /// `phrase_matches`, in the order an overlapping search over the whole
    /// text gives them: by end, and at one end the longer first. Only the
    /// words whose `bit` is set can start a match, so only they are
    /// searched from, at the space before each of their parts.
    fn search_phrases(&mut self, search: &PhraseSearch, bit: u8) {
        self.spaced_text();
        let text = self.scratch.as_bytes();
        let found = &mut self.phrase_matches;
        found.clear();
        for (&(start, end), &starts) in self.word_spans.iter().zip(&self.word_search_starts) {
            if starts & bit == 0 {
                continue;
            }
            for at in (start as usize..end as usize).filter(|&at| text[at] == b' ') {
                search
                    .matches_at(text, at, |pattern, end| found.push((end as u32, pattern as u32)));
            }
        }
        // Matches were found by start; a stable sort by end puts the
        // earlier start (the longer match) first at each end.
        found.sort_by_key(|&(end, _)| end);
    }

    fn find_discard(&mut self) -> Option<(DiscardKind, Origin)> {
        let dicts = self.dicts;
        let search = dicts.discard_search.as_ref()?;
        if !self.some_word_may_start(crate::dict::MAY_START_DISCARD) {
            return None;
        }
        self.search_phrases(search, crate::dict::MAY_START_DISCARD);
        let text = self.scratch.as_bytes();
        let mut best: Option<(DiscardKind, Origin)> = None;
        for &(end, pattern) in &self.phrase_matches {
            let discard = &dicts.discards[pattern as usize];
            if discard.whole_word && text.get(end as usize) != Some(&b' ') {
                continue;
            }
            match (best, discard.kind) {
                (_, DiscardKind::Story) => return Some((DiscardKind::Story, discard.origin)),
                (None, kind) => best = Some((kind, discard.origin)),
                _ => {}
            }
        }
        best
    }

    fn find_issues(&mut self) -> Vec<(CodeId, u32)> {
        let dicts = self.dicts;
        let Some(search) = dicts.issue_search.as_ref() else {
            return Vec::new();
        };
        if !self.some_word_may_start(crate::dict::MAY_START_ISSUE) {
            return Vec::new();
        }
        self.search_phrases(search, crate::dict::MAY_START_ISSUE);
        let mut found: Vec<(CodeId, u32)> = Vec::new();
        for &(_, pattern) in &self.phrase_matches {
            let rule = &dicts.issues[pattern as usize];
            let Some(code) = rule.code else {
                return Vec::new();
            };
            match found.iter_mut().find(|(c, _)| *c == code) {
                Some((_, n)) => *n += 1,
                None => found.push((code, 1)),
            }
        }
        found
    }

    /// The verb-phrase loop.
    fn code_verbs(&mut self, toks: &[Tok], events: &mut Vec<Event>) {
        let mut k = START;
        self.reported_until = 0;
        let mut governors: smallvec::SmallVec<[Governor; 4]> = smallvec::SmallVec::new();
        while k < toks.len() {
            let Tok::Open(Label::VP, n) = toks[k] else {
                k += 1;
                continue;
            };
            let starts_with_verb =
                matches!(toks.get(k + 1), Some(Tok::Open(l, _)) if self.labels.has(*l, flag::VB));
            if !starts_with_verb {
                k += 1;
                continue;
            }
            let Some(vp_end) =
                toks[k..].iter().position(|t| *t == Tok::Close(Label::VP, n)).map(|p| p + k)
            else {
                k += 1;
                continue;
            };
            // A passive with no BY is coded within the participle's own
            // phrase ("is said ..., an official said": the second verb is
            // not part of the first).
            let (verb_at, voice, vp_end) = match self.check_passive(toks, k) {
                None => (k + 2, Voice::Active, vp_end),
                Some(Participle { at, by: true, .. }) => (at, Voice::Passive, vp_end),
                Some(Participle { at, by: false, end }) => (at, Voice::AgentlessPassive, end),
            };
            // After a passive verb, scanning resumes just before it.
            let resume = if voice == Voice::Active { k } else { verb_at - 2 };
            let reported = k < self.reported_until;
            governors.retain(|g| k < g.until);
            let before = events.len();
            let outcome = self.code_verb(toks, verb_at, vp_end, voice, reported, events);
            if let (Some(g), Some(sense)) = (governors.last(), outcome.sense()) {
                self.combine_with_governor(g, sense, events, before);
            }
            // A verb that governs an infinitive or a reported clause lets the
            // verbs inside be coded, and combines with them (PETRARCH-2
            // dictionaries and dyad's own: "wants to attack" is a threat).
            let infinitive = outcome.sense().is_some_and(|sense| self.combines(sense))
                && !matches!(outcome, VerbOutcome::Coded { complete: true, .. })
                && self.has_infinitive(toks, k, vp_end);
            if infinitive && let Some(mut g) = self.governor(toks, verb_at, vp_end, outcome, true) {
                // "France called on Iran to release ...": the appeal's own
                // target is the target of what it asks for.
                // (Combining with an outer governor can drop events, so
                // `before` may be past the end.)
                g.target = events
                    .get(before..)
                    .unwrap_or(&[])
                    .iter()
                    .find(|e| !e.target.is_null() && e.target != e.source)
                    .map(|e| (e.target, e.target_words));
                governors.push(g);
            }
            match outcome {
                // A verb of saying codes its statement, then the clause it
                // reports is coded too ("A said that B attacked C"), each
                // verb there with the subject of its own clause.
                VerbOutcome::Coded { speech: true, .. }
                    if let Some(clause) = self.reported_clause(toks, k, vp_end) =>
                {
                    // The statement is not aimed at whom the clause is about:
                    // "A said B attacked C" is no statement to B or C (a
                    // pattern that names the target, "told +", still is).
                    let clause_word = toks[clause..vp_end].iter().find_map(|t| match t {
                        Tok::Word(w) => Some(w.index),
                        _ => None,
                    });
                    if let Some(first) = clause_word {
                        let kept = events.len();
                        let mut i = 0;
                        events.retain(|e| {
                            i += 1;
                            i <= before
                                || e.pattern.is_some()
                                || e.target_words.is_none_or(|(lo, _)| lo < first)
                        });
                        if kept > events.len()
                            && let Tok::Word(w) = toks[verb_at]
                        {
                            let fate =
                                VerbFate::StatementAboutClause { dropped: kept - events.len() };
                            self.note_verb(w.index, None, None, None, fate);
                        }
                    }
                    self.reported_until = self.reported_until.max(vp_end);
                    if let Some(g) = self.governor(toks, verb_at, vp_end, outcome, false) {
                        governors.push(g);
                    }
                    k = resume + 1
                }
                VerbOutcome::Coded { .. } if infinitive => k = resume + 1,
                VerbOutcome::Coded { .. } => k = vp_end + 1,
                VerbOutcome::Null(_) | VerbOutcome::NotCoded => k = resume + 1,
            }
        }
    }

    /// The passive test: a past participle heading a verb phrase of the
    /// auxiliary chain that starts at `toks[vp]` ("was arrested", "has been
    /// attacked", "will be tried", "was also charged"), right after a form of
    /// BE. Verb phrases further in (a clause the verb governs) are their own
    /// phrases, tested when the loop reaches them; a later member of a
    /// coordination ("was questioned and arrested") is tested against the
    /// BE before the coordination. (PETRARCH's test required BY; with
    /// PETRARCH's dictionaries a passive with no BY is still read as active,
    /// see `code_verb`.)
    fn check_passive(&self, toks: &[Tok], vp: usize) -> Option<Participle> {
        let mut phrase = vp;
        let mut be_before: Option<bool> = None; // the previous head: BE, strong?
        let mut strong_seen = false;
        loop {
            // Coordinated phrases ("was arrested and charged"): the first.
            let mut head = phrase + 1;
            while toks.get(head)?.is_open(Label::VP) {
                head += 1;
            }
            let Tok::Open(label, _) = *toks.get(head)? else {
                return None;
            };
            if !self.labels.has(label, flag::VB) {
                return None;
            }
            let Tok::Word(word) = *toks.get(head + 1)? else {
                return None;
            };
            if label == Label::VBN {
                let Tok::Open(Label::VP, n) = toks[head - 1] else {
                    return None;
                };
                let end = toks[head..].iter().position(|t| *t == Tok::Close(Label::VP, n))? + head;
                if phrase == vp
                    && be_before.is_none()
                    && let Some(strong) = self.conjunct_after_be(toks, vp)
                {
                    be_before = Some(strong);
                    strong_seen = strong;
                }
                if let Some(strong) = be_before {
                    return self.passive_agent(toks, head + 1, end, strong || strong_seen);
                }
                // A participle with no auxiliary, not the complement of a
                // verb ("has attacked"), modifies a noun: "sanctions imposed
                // by the UN". Passive when BY names an actor as agent ("by
                // a wide margin" is none).
                let complement = || {
                    vp.checked_sub(1).is_some_and(
                        |b| matches!(toks[b], Tok::Close(l, _) if self.labels.has(l, flag::VB)),
                    )
                };
                if phrase == vp && !complement() {
                    return self.passive_agent(toks, head + 1, end, false).filter(|p| p.by);
                }
            }
            be_before = self.be_strength(word.id);
            strong_seen |= be_before == Some(true);
            // The next phrase of the chain: a verb phrase right after the
            // head, adverbs ("also", "not") passed over.
            let mut next = head + 3;
            while let Some(&Tok::Open(label, n)) = toks.get(next)
                && self.labels.has(label, flag::ADV)
            {
                next = toks[next..].iter().position(|t| *t == Tok::Close(label, n))? + next + 1;
            }
            if !toks.get(next)?.is_open(Label::VP) {
                return None;
            }
            phrase = next;
        }
    }

    /// A verb phrase that is a later member of a coordination right after a
    /// form of BE ("was questioned and arrested"): whether that BE is a
    /// strong form.
    fn conjunct_after_be(&self, toks: &[Tok], vp: usize) -> Option<bool> {
        let coordination = enclosing_vp(toks, vp)?;
        if coordination == vp - 1 || !toks[coordination + 1].is_open(Label::VP) {
            return None;
        }
        let outer = enclosing_vp(toks, coordination)?;
        let (Tok::Open(label, _), Tok::Word(word)) = (toks[outer + 1], *toks.get(outer + 2)?)
        else {
            return None;
        };
        if !self.labels.has(label, flag::VB) {
            return None;
        }
        self.be_strength(word.id)
    }

    /// For a form of BE, whether it is a strong one (WAS, IS, BEEN, WERE,
    /// ARE: always a passive before a participle) or not (BE, BEING);
    /// `None` for any other word.
    fn be_strength(&self, word: WordId) -> Option<bool> {
        let strong = self.keywords.be_forms.contains(&word);
        (strong || self.keywords.be_weak.contains(&word)).then_some(strong)
    }

    /// The passive's agent, for the participle at `toks[participle]` whose
    /// phrase ends at `toks[end]`: whether BY follows. A strong form of BE
    /// (WAS, IS, BEEN, WERE, ARE) always makes a passive; BE and BEING ("will
    /// be attacked by") only with an actor as agent after BY, or with no BY
    /// at all ("will be arrested").
    fn passive_agent(
        &self,
        toks: &[Tok],
        participle: usize,
        end: usize,
        strong: bool,
    ) -> Option<Participle> {
        let by = self.keywords.by;
        // BY of the participle's own phrase, not of a clause inside it.
        let own_end = (participle + 1..end)
            .find(|&k| [Label::S, Label::SBAR, Label::VP].iter().any(|&l| toks[k].is_open(l)))
            .unwrap_or(end);
        let after = toks.get(participle + 1..own_end).unwrap_or(&[]);
        let by_at =
            after.iter().position(|t| matches!(t, Tok::Word(w) if w.id == by && !by.is_unknown()));
        let Some(by_at) = by_at else {
            return Some(Participle { at: participle, by: false, end });
        };
        // The agent: the first entity after BY, if it has an actor code.
        let agent_coded = after[by_at..].iter().enumerate().find_map(|(i, t)| {
            t.is_open(Label::NE).then(|| self.is_coded(toks, (participle + 1 + by_at + i) as u32))
        });
        (strong || agent_coded == Some(true)).then_some(Participle {
            at: participle,
            by: true,
            end,
        })
    }

    /// Codes the verb at `toks[verb_at]`; says whether it gave an event code
    /// (whether or not it found a source and a target).
    fn code_verb(
        &mut self,
        toks: &[Tok],
        verb_at: usize,
        vp_end: usize,
        voice: Voice,
        reported: bool,
        events: &mut Vec<Event>,
    ) -> VerbOutcome {
        let Some(Tok::Word(verb_word)) = toks.get(verb_at).copied() else {
            return VerbOutcome::NotCoded;
        };
        let dicts = self.dicts;
        let Some(form) = dicts.verbs.form(verb_word.id) else {
            self.note_verb(verb_word.index, None, None, None, VerbFate::NotInDictionaries);
            return VerbOutcome::NotCoded;
        };
        // Multi-word verbs first, longest first; then the single word.
        let mut chosen: Option<(VerbSense, usize, usize)> = None;
        let mut multis: smallvec::SmallVec<[&crate::dict::MultiWordVerb; 8]> =
            form.multi.iter().collect();
        multis.sort_by_key(|m| std::cmp::Reverse(m.after.len() + m.before.len()));
        for mw in multis {
            if let Some((up_from, low_from)) = multi_word_fits(toks, mw, verb_at) {
                chosen = Some((mw.sense, up_from, low_from));
                break;
            }
        }
        let (sense, up_from, low_from) = match chosen {
            Some(c) => c,
            None => match form.single {
                Some(sense) => (sense, verb_at.wrapping_sub(1), verb_at + 1),
                None => {
                    let fate = VerbFate::MultiWordOnly;
                    self.note_verb(verb_word.index, None, None, None, fate);
                    return VerbOutcome::NotCoded;
                }
            },
        };
        let (have_upper, have_lower) = self.build_sequences(toks, up_from, low_from, vp_end);
        let class = &dicts.verbs.classes[sense.class as usize];
        let dyad = class.dialect == crate::dict::Dialect::Dyad;
        // A passive with no BY is read as passive with dyad's verbs only
        // ("a journalist was arrested": the journalist is the target);
        // PETRARCH's suites expect PETRARCH's reading, as active.
        let voice = if voice == Voice::AgentlessPassive && !dyad { Voice::Active } else { voice };
        let mut found: Option<(VerbCode, Bindings, Option<Origin>)> = None;
        let mut negation_in_pattern = false;
        let mut complete = false;
        for pattern in class.screened(have_upper, have_lower) {
            if !self.side_words.hold_words_of(pattern) {
                continue;
            }
            let mut binds = Bindings::default();
            if matcher::match_side(
                &pattern.upper,
                &self.upper,
                true,
                &dicts.verbs.synsets,
                &mut binds,
            ) && matcher::match_side(
                &pattern.lower,
                &self.lower,
                false,
                &dicts.verbs.synsets,
                &mut binds,
            ) && !(dyad
                && binds.source.is_none()
                && pattern.upper.iter().any(|e| e.kind == crate::dict::ElementKind::Compound))
            {
                // (In dyad's format `%` before the verb needs a compound;
                // PETRARCH-1's matched a single entity there too, and its
                // suite expects that.)
                // PETRARCH-1: a pattern coded --- stops the search and the
                // verb's own code applies. dyad's and PETRARCH-2's files:
                // --- is no event.
                found = Some(
                    if pattern.code.is_null() && class.dialect == crate::dict::Dialect::Petrarch1 {
                        (sense.code, binds, None)
                    } else {
                        (pattern.code, binds, Some(pattern.origin))
                    },
                );
                negation_in_pattern = self.mentions_negation(&pattern.upper);
                complete = self.spells_infinitive(&pattern.lower);
                break;
            }
        }
        let (code, binds, pattern) = found.unwrap_or((sense.code, Bindings::default(), None));
        let origin = Some(sense.origin);
        if code.is_null() {
            self.note_verb(verb_word.index, origin, pattern, None, VerbFate::NullCode);
            return VerbOutcome::Null(sense);
        }
        let first_code = match code {
            VerbCode::Code(c) => Some(c),
            VerbCode::Pair(a, b) | VerbCode::Voice(a, b) => a.or(b),
            VerbCode::Null => None,
        };
        let coded = VerbOutcome::Coded {
            speech: is_speech(dicts, sense.code),
            sense,
            code: first_code,
            complete,
        };
        // A negated verb ("did not attack", "has never met") reports no event,
        // unless the pattern that fired was written for the negation.
        if !negation_in_pattern && self.verb_negated() {
            self.note_verb(verb_word.index, origin, pattern, first_code, VerbFate::Negated);
            return coded;
        }
        let mut passive = voice != Voice::Active;
        let code = match code {
            VerbCode::Voice(active, passive_code) => {
                if passive {
                    VerbCode::Code(match passive_code.or(active) {
                        Some(c) => c,
                        None => return VerbOutcome::NotCoded,
                    })
                } else if let Some(a) = active {
                    VerbCode::Code(a)
                } else if let Some(p) = passive_code {
                    passive = true;
                    VerbCode::Code(p)
                } else {
                    return VerbOutcome::NotCoded;
                }
            }
            other => other,
        };
        // dyad's dictionaries read a passive within its own clause: the one
        // who undergoes it is the target (swapped below), coded or not.
        // Inside a reported clause the first role is the clause's own coded
        // subject; elsewhere PETRARCH's rule (the first coded entity of the
        // sentence).
        let source = binds
            .source
            .or_else(|| {
                if dyad && voice != Voice::Active {
                    self.passive_patient(toks, verb_at)
                } else if dyad {
                    self.own_subject(toks, verb_at)
                } else if reported {
                    self.clause_subject(toks, verb_at)
                } else {
                    None
                }
            })
            .or_else(|| self.find_source(toks));
        let Some(source) = source else {
            self.note_verb(verb_word.index, origin, pattern, first_code, VerbFate::NoSource);
            return coded;
        };
        let target = match voice {
            // The subject is the target (swapped below); the source is only
            // known when a pattern names it.
            Voice::AgentlessPassive if binds.target.is_none() => {
                if self.options.require_dyad {
                    self.note_verb(verb_word.index, origin, pattern, first_code, VerbFate::NoAgent);
                    return coded;
                }
                Some(Loc::UNNAMED)
            }
            _ => binds.target.or_else(|| self.find_target(toks, source, dyad)),
        };
        let Some(mut target) = target else {
            self.note_verb(verb_word.index, origin, pattern, first_code, VerbFate::NoTarget);
            return coded;
        };
        let mut source = source;
        // Two members of one compound ("Kerry and Lavrov met"): the verb
        // relates every member to every other, both ways.
        if source != target
            && let Some(c) = self.enclosing_compound(source)
            && self.enclosing_compound(target) == Some(c)
        {
            source = c;
            target = c;
        }
        let context =
            EventContext { verb: verb_word.index, pattern, verb_origin: sense.origin, passive };
        let before = events.len();
        self.make_events(toks, source, target, code, context, events);
        let fate = VerbFate::Events { count: events.len() - before, passive };
        self.note_verb(verb_word.index, origin, pattern, first_code, fate);
        coded
    }

    /// Records what became of a verb, when explaining.
    fn note_verb(
        &mut self,
        verb: u32,
        origin: Option<Origin>,
        pattern: Option<Origin>,
        code: Option<CodeId>,
        fate: VerbFate,
    ) {
        if let Some(notes) = self.notes.as_mut() {
            let code = code.map(|c| self.dicts.codes.text(c).to_string());
            notes.verbs.push(VerbNote { verb, origin, pattern, code, fate });
        }
    }

    /// Where the reported statement in the verb phrase `toks[vp..vp_end]`
    /// opens: a clause introduced by THAT, or by nothing (`said [Arnor
    /// attacked]`), as opposed to adverbial clauses (`after ...`).
    fn reported_clause(&self, toks: &[Tok], vp: usize, vp_end: usize) -> Option<usize> {
        let that = self.keywords.that;
        let mut depth = 0usize;
        (vp..vp_end).find(|&k| {
            let at_depth = depth;
            match toks[k] {
                Tok::Open(..) => depth += 1,
                Tok::Close(..) => depth = depth.saturating_sub(1),
                Tok::Word(_) | Tok::Code(_) => {}
            }
            match toks[k] {
                Tok::Open(Label::SBAR, _) => match toks.get(k + 1) {
                    Some(Tok::Open(Label::S, _)) => true,
                    Some(Tok::Open(Label::IN, _)) => {
                        matches!(toks.get(k + 2), Some(Tok::Word(w)) if w.id == that && !that.is_unknown())
                    }
                    _ => false,
                },
                // A bare clause with its own subject, right in the verb
                // phrase: "said [Arnor had attacked]".
                Tok::Open(Label::S, _) if at_depth == 1 => matches!(
                    toks.get(k + 1),
                    Some(Tok::Open(Label::NE | Label::NEC | Label::NP, _))
                ),
                _ => false,
            }
        })
    }

    /// True for verb classes whose verbs combine with the verb they govern
    /// (PETRARCH-2 and dyad's dictionaries; PETRARCH-1 coded the governing
    /// verb alone).
    fn combines(&self, sense: VerbSense) -> bool {
        self.dicts
            .verbs
            .classes
            .get(sense.class as usize)
            .is_some_and(|c| c.dialect != crate::dict::Dialect::Petrarch1)
    }

    /// True when the verb phrase holds an infinitive: `(S (VP (TO to) (VP ...`.
    fn has_infinitive(&self, toks: &[Tok], vp: usize, vp_end: usize) -> bool {
        (vp + 2..vp_end).any(|k| {
            toks[k].is_open(Label::S)
                && matches!(toks.get(k + 1), Some(Tok::Open(Label::VP, _)))
                && matches!(toks.get(k + 2), Some(Tok::Open(l, _)) if self.labels.name(*l) == "TO")
        })
    }

    /// The governor record of a verb whose complement is coded next.
    fn governor(
        &self,
        toks: &[Tok],
        verb_at: usize,
        vp_end: usize,
        outcome: VerbOutcome,
        infinitive: bool,
    ) -> Option<Governor> {
        let (sense, code) = match outcome {
            VerbOutcome::Coded { sense, code, .. } => (sense, code),
            VerbOutcome::Null(sense) => (sense, None),
            VerbOutcome::NotCoded => return None,
        };
        let Tok::Word(word) = toks[verb_at] else { return None };
        // The governor's subject: after code_verb, the sequences are its own.
        let source = self.clause_subject(toks, verb_at).or_else(|| self.find_source(toks));
        let subject = source.map(|loc| self.loc_codes(toks, loc)[0].0).filter(|c| !c.is_null());
        Some(Governor {
            verb: word.index,
            class: sense.class,
            code,
            subject,
            until: vp_end,
            infinitive,
            target: None,
        })
    }

    /// Applies the dictionaries' transformations, or the CAMEO combination
    /// of an intent, appeal, demand, rejection or threat with the action it
    /// governs, to the events `events[from..]` of a governed verb. When one
    /// applies, the governing verb's own events are dropped.
    fn combine_with_governor(
        &mut self,
        g: &Governor,
        inner: VerbSense,
        events: &mut Vec<Event>,
        from: usize,
    ) {
        let dicts = self.dicts;
        let lex = &dicts.lexicon;
        let class_of = |name: &str| {
            dicts
                .verbs
                .form(lex.get(name))
                .and_then(|f| f.single.map(|s| s.class).or(f.multi.first().map(|m| m.sense.class)))
        };
        let mut applied = false;
        for e in events[from..].iter_mut() {
            let mut done = false;
            for t in &dicts.verbs.transformations {
                if class_of(&t.outer_verb) != Some(g.class) {
                    continue;
                }
                if &*t.inner_verb != "Q" && class_of(&t.inner_verb) != Some(inner.class) {
                    continue;
                }
                let Some(a) = g.subject else { continue };
                let same_source = e.source == a;
                let wants_same = t.inner_source == t.outer_source || &*t.inner_source == "_";
                if wants_same != same_source {
                    continue;
                }
                let value = |var: &str| -> Option<ActorCode> {
                    if var == &*t.outer_source {
                        Some(a)
                    } else if var == &*t.inner_source {
                        Some(e.source)
                    } else if var == &*t.inner_target {
                        Some(e.target)
                    } else {
                        None
                    }
                };
                let (Some(src), Some(tgt)) = (value(&t.output[0]), value(&t.output[1])) else {
                    continue;
                };
                let code =
                    if &*t.output[2] == "Q" { Some(e.code) } else { dicts.codes.get(&t.output[2]) };
                let Some(code) = code else { continue };
                if src == tgt {
                    continue;
                }
                e.source = src;
                e.target = tgt;
                e.code = code;
                done = true;
                break;
            }
            if !done
                && g.infinitive
                && let Some(gc) = g.code
            {
                let combined = governed::combine(dicts.codes.text(gc), dicts.codes.text(e.code));
                if let Some(code) = combined.iter().find_map(|c| dicts.codes.get(c)) {
                    e.code = code;
                    if let Some((target, words)) = g.target
                        && target != e.source
                    {
                        e.target = target;
                        e.target_words = words;
                    }
                    done = true;
                }
            }
            applied |= done;
        }
        if applied {
            let gov_verb = g.verb;
            let mut i = 0;
            events.retain(|e| {
                i += 1;
                i > from || e.verb != gov_verb
            });
            if let Some(notes) = self.notes.as_mut()
                && let Some(e) = events.last()
            {
                notes.verbs.push(VerbNote {
                    verb: e.verb,
                    origin: None,
                    pattern: None,
                    code: Some(dicts.codes.text(e.code).to_string()),
                    fate: VerbFate::Combined { governor: gov_verb },
                });
            }
        }
    }

    /// True when a negation (`not`, `n't`, `never`) stands among the words
    /// right before the verb, within its verb group.
    fn verb_negated(&self) -> bool {
        let neg = self.keywords.negations;
        for item in self.upper.iter().take(4) {
            match item {
                Item::Word(w) if !w.is_unknown() && neg.contains(w) => return true,
                Item::Word(_) => {}
                _ => return false,
            }
        }
        false
    }

    /// True when a pattern's lower side goes on past TO ("* + TO RELEASE"):
    /// it spells out the infinitive the verb governs.
    fn spells_infinitive(&self, lower: &[crate::dict::Element]) -> bool {
        use crate::dict::ElementKind;
        let to = self.keywords.to;
        lower.iter().position(|e| e.kind == ElementKind::Word(to)).is_some_and(|at| {
            lower[at + 1..]
                .iter()
                .any(|e| matches!(e.kind, ElementKind::Word(_) | ElementKind::Synset(_)))
        })
    }

    /// True when a pattern side holds a negation word, or a synset that does.
    fn mentions_negation(&self, side: &[crate::dict::Element]) -> bool {
        let neg = self.keywords.negations;
        let synsets = &self.dicts.verbs.synsets;
        side.iter().any(|e| match e.kind {
            ElementKind::Word(w) => neg.contains(&w),
            ElementKind::Synset(s) => synsets.get(s as usize).is_some_and(|set| {
                neg.iter().any(|n| set.contains(*n))
                    || set.phrases.iter().any(|p| p.iter().any(|w| neg.contains(w)))
            }),
            _ => false,
        })
    }

    /// Fills the upper sequence (from `up_from` back to the sentence start or
    /// the nearest comma) and the lower one (from `low_from` to the end of
    /// the verb phrase), notes their words and synsets in `side_words` and
    /// returns their word signatures ([`word_bit`]): both screen the verb's
    /// patterns.
    fn build_sequences(
        &mut self,
        toks: &[Tok],
        up_from: usize,
        low_from: usize,
        vp_end: usize,
    ) -> (u128, u128) {
        let (mut upper, mut lower) = (0u128, 0u128);
        let sides = &mut self.side_words;
        let verbs = &self.dicts.verbs;
        sides.begin(self.dicts.lexicon().len(), verbs.synsets.len());
        let mut signature = |item: Item, upper: bool| {
            let Item::Word(w) = item else { return 0 };
            sides.mark(w, upper, &verbs.synset_starts);
            word_bit(w)
        };
        self.upper.clear();
        self.upper_at.clear();
        let mut k = up_from;
        while k >= START && k < toks.len() {
            if toks[k].is_close(Label::COMMA) {
                break;
            }
            if let Some(item) = seq_item(toks, k) {
                upper |= signature(item, true);
                self.upper.push(item);
                self.upper_at.push(k);
            }
            k -= 1;
        }
        self.lower.clear();
        self.lower_at.clear();
        for k in low_from..vp_end.min(toks.len()) {
            if let Some(item) = seq_item(toks, k) {
                lower |= signature(item, false);
                self.lower.push(item);
                self.lower_at.push(k);
            }
        }
        (upper, lower)
    }

    fn slot_code(&self, toks: &[Tok], ne_at: u32) -> Option<ActorCode> {
        match toks.get(ne_at as usize + 1) {
            Some(Tok::Code(Slot::Actor(i))) => Some(self.codes[*i as usize]),
            _ => None,
        }
    }

    fn is_coded(&self, toks: &[Tok], ne_at: u32) -> bool {
        self.slot_code(toks, ne_at).is_some_and(|c| !c.starts_null())
    }

    /// The subject of the verb's own clause, when it is coded (or a
    /// compound); see [`Self::own_subject`].
    fn clause_subject(&self, toks: &[Tok], verb_at: usize) -> Option<Loc> {
        self.own_subject(toks, verb_at).filter(|loc| match self.upper[loc.index] {
            Item::Nec(_) => true,
            Item::Ne(at) => self.is_coded(toks, at),
            _ => false,
        })
    }

    /// The subject of the verb's own clause, coded or not: walking out
    /// through the verb phrases that enclose the verb, the first one preceded
    /// by an entity (or a compound, or a noun phrase holding one) has it as
    /// subject. Only a subject in the upper sequence is returned.
    fn own_subject(&self, toks: &[Tok], verb_at: usize) -> Option<Loc> {
        let mut k = verb_at;
        while let Some(vp) = enclosing_vp(toks, k) {
            if let Some(subject) = self.subject_before(toks, vp) {
                // "Amber Rudd who has urged him": Rudd.
                let antecedent = self
                    .is_relative_pronoun(toks, subject)
                    .then(|| self.noun_before_clause(toks, subject))
                    .flatten();
                return self.upper_loc(antecedent.unwrap_or(subject));
            }
            k = vp;
        }
        None
    }

    /// True when the entity opened at `toks[at]` is a relative pronoun
    /// alone.
    fn is_relative_pronoun(&self, toks: &[Tok], at: usize) -> bool {
        let mut words = toks[at + 1..]
            .iter()
            .take_while(|t| !t.is_close(Label::NE))
            .filter_map(|t| if let Tok::Word(w) = t { Some(w.id) } else { None });
        matches!((words.next(), words.next()), (Some(w), None) if self.keywords.relatives.contains(&w))
    }

    /// The upper-sequence position of the entity opened at `toks[at]`.
    fn upper_loc(&self, at: usize) -> Option<Loc> {
        let index = self.upper_at.iter().position(|&a| a == at)?;
        Some(Loc { index, upper: true })
    }

    /// Who undergoes a passive verb (the participle at `toks[verb_at]`): the
    /// noun a participle modifies ("sanctions imposed by the UN"), else the
    /// subject of its clause, coded or not.
    fn passive_patient(&self, toks: &[Tok], verb_at: usize) -> Option<Loc> {
        let vp = verb_at.checked_sub(2)?;
        if let Some(noun) = self.noun_before_clause(toks, vp) {
            return self.upper_loc(noun);
        }
        self.own_subject(toks, verb_at)
    }

    /// The noun right before a clause with no subject of its own whose
    /// first element is at `toks[at]` (`(NP Dale) (S (VP attacked ...`, or
    /// `(S (NP who) ...`): its position in `toks`.
    fn noun_before_clause(&self, toks: &[Tok], at: usize) -> Option<usize> {
        let clause = at.checked_sub(1)?;
        toks[clause].is_open(Label::S).then(|| self.subject_before(toks, clause)).flatten()
    }

    /// The entity (or compound) right before the verb phrase opened at
    /// `toks[vp]`: its position in `toks`.
    fn subject_before(&self, toks: &[Tok], vp: usize) -> Option<usize> {
        let mut k = vp.checked_sub(1)?;
        // Adverbs between the subject and its verb phrase ("Putin also
        // talked") are passed over, and so is a prepositional phrase that
        // ends the subject ("one of two bombs at the scene had detonated").
        while let Tok::Close(label, n) = toks[k]
            && (self.labels.has(label, flag::ADV) || self.labels.has(label, flag::PP))
        {
            let open = toks[..k].iter().rposition(|t| *t == Tok::Open(label, n))?;
            k = open.checked_sub(1)?;
        }
        match toks[k] {
            Tok::Close(Label::NE, _) => {
                while k > 0 && !toks[k].is_open(Label::NE) {
                    k -= 1;
                }
                Some(k)
            }
            Tok::Close(Label::NEC, n) => {
                while k > 0 && toks[k] != Tok::Open(Label::NEC, n) {
                    k -= 1;
                }
                Some(k)
            }
            Tok::Close(Label::NP, n) => {
                // A noun phrase kept as structure: its first entity.
                let open = toks[..k].iter().rposition(|t| *t == Tok::Open(Label::NP, n))?;
                (open..k).find(|&i| toks[i].is_open(Label::NE) || toks[i].is_open(Label::NEC))
            }
            _ => None,
        }
    }

    /// The first compound, or coded entity, from the start of the sentence;
    /// failing that the first entity.
    fn find_source(&self, toks: &[Tok]) -> Option<Loc> {
        let upper = |index| Some(Loc { index, upper: true });
        for (i, item) in self.upper.iter().enumerate().rev() {
            match *item {
                Item::Nec(_) => return upper(i),
                Item::Ne(at) if self.is_coded(toks, at) => return upper(i),
                _ => {}
            }
        }
        self.upper.iter().rposition(|item| matches!(item, Item::Ne(_))).and_then(upper)
    }

    /// The target: the first coded entity (or compound) after the verb whose
    /// code does not start with the source's; else the first uncoded entity
    /// after the verb; else the same two searches before the verb, nearest
    /// first.
    ///
    /// With dyad's dictionaries (`dyad`), a target before the verb lies
    /// between the verb and its subject ("called on Iraq to protect"), and
    /// a target whose code the source's extends is no target either: the
    /// source's own country ("Obama said the United States would ...":
    /// USAGOV and USA), or the source named another way ("President Trump"
    /// USAELIGOV and "Trump" USAELI).
    fn find_target(&self, toks: &[Tok], source: Loc, dyad: bool) -> Option<Loc> {
        let source_codes = self.loc_codes(toks, source);
        let source_code = if source_codes.len() == 1 { Some(source_codes[0].0) } else { None };
        let related = |code: ActorCode, src: ActorCode| {
            code.as_bytes().starts_with(src.as_bytes())
                || (dyad && src.as_bytes().starts_with(code.as_bytes()))
        };
        let candidate = |item: Item| match item {
            Item::Nec(_) => true,
            Item::Ne(at) => {
                self.is_coded(toks, at)
                    && !source_code.is_some_and(|src| {
                        self.slot_code(toks, at).is_some_and(|c| related(c, src))
                    })
            }
            _ => false,
        };
        let upper_reach = match (dyad, source.upper) {
            (false, _) => self.upper.len(),
            (true, true) => source.index,
            (true, false) => 0,
        };
        let uncoded = |item: Item| matches!(item, Item::Ne(at) if !self.is_coded(toks, at));
        if let Some(i) = self.lower.iter().position(|&it| candidate(it)) {
            return Some(Loc { index: i, upper: false });
        }
        if let Some(i) = self.lower.iter().position(|&it| uncoded(it)) {
            return Some(Loc { index: i, upper: false });
        }
        let upper = &self.upper[..upper_reach.min(self.upper.len())];
        if let Some(i) = upper.iter().position(|&it| candidate(it)) {
            return Some(Loc { index: i, upper: true });
        }
        let pos = upper
            .iter()
            .enumerate()
            .position(|(i, &it)| uncoded(it) && Loc { index: i, upper: true } != source);
        pos.map(|i| Loc { index: i, upper: true })
    }

    /// The compound a sequence position is a member of, as the position of
    /// the compound's start.
    fn enclosing_compound(&self, loc: Loc) -> Option<Loc> {
        let seq = if loc.upper { &self.upper } else { &self.lower };
        if matches!(seq.get(loc.index), Some(Item::Nec(_))) {
            return Some(loc);
        }
        let mut i = loc.index;
        loop {
            // The upper sequence runs outward from the verb, so a compound's
            // start comes after its members there.
            if loc.upper {
                i += 1;
            } else {
                i = i.checked_sub(1)?;
            }
            match seq.get(i)? {
                Item::Nec(_) => return Some(Loc { index: i, upper: loc.upper }),
                Item::NecEnd => return None,
                _ => {}
            }
        }
    }

    /// The codes at a sequence position: one for an entity, one per member
    /// for a compound; `---` when there are none.
    fn loc_codes(&self, toks: &[Tok], loc: Loc) -> Vec<(ActorCode, Option<(u32, u32)>)> {
        let seq = if loc.upper { &self.upper } else { &self.lower };
        let mut out = Vec::new();
        match seq.get(loc.index) {
            Some(Item::Nec(_)) => {
                let mut i = loc.index;
                loop {
                    if loc.upper {
                        if i == 0 {
                            break;
                        }
                        i -= 1;
                    } else {
                        i += 1;
                    }
                    match seq.get(i) {
                        None | Some(Item::NecEnd) => break,
                        Some(Item::Ne(at)) => self.add_code(toks, *at, &mut out),
                        _ => {}
                    }
                }
            }
            Some(Item::Ne(at)) => self.add_code(toks, *at, &mut out),
            _ => {}
        }
        if out.is_empty() {
            out.push((ActorCode::null(), None));
        }
        out
    }

    fn add_code(&self, toks: &[Tok], ne_at: u32, out: &mut Vec<(ActorCode, Option<(u32, u32)>)>) {
        let span = self.entity_span(toks, ne_at);
        if let Some(code) = self.slot_code(toks, ne_at) {
            out.push((code, span));
            return;
        }
        if self.options.new_actor_length > 0 {
            let words: Vec<&str> = self
                .entity_words(toks, ne_at)
                .map(|i| self.word_text[i as usize].as_str())
                .collect();
            let phrase = format!("\"{}\"", words.join(" "));
            if (phrase.matches(' ').count() as u32) < self.options.new_actor_length {
                out.push((ActorCode::from_str_lossy(&phrase), span));
                return;
            }
            out.push((ActorCode::null(), span));
        }
    }

    /// Word indices inside the entity opened at `toks[ne_at]`.
    fn entity_words<'t>(&self, toks: &'t [Tok], ne_at: u32) -> impl Iterator<Item = u32> + 't {
        toks[ne_at as usize + 1..]
            .iter()
            .take_while(|t| !t.is_close(Label::NE))
            .filter_map(|t| if let Tok::Word(w) = t { Some(w.index) } else { None })
    }

    fn entity_span(&self, toks: &[Tok], ne_at: u32) -> Option<(u32, u32)> {
        let mut span: Option<(u32, u32)> = None;
        for i in self.entity_words(toks, ne_at) {
            span = Some(match span {
                None => (i, i + 1),
                Some((a, b)) => (a.min(i), b.max(i + 1)),
            });
        }
        span
    }

    fn make_events(
        &self,
        toks: &[Tok],
        source: Loc,
        target: Loc,
        code: VerbCode,
        context: EventContext,
        events: &mut Vec<Event>,
    ) {
        let mut sources = split_codes(self.loc_codes(toks, source));
        let mut targets = split_codes(self.loc_codes(toks, target));
        let mut emit = |from: &[(ActorCode, Option<(u32, u32)>)],
                        to: &[(ActorCode, Option<(u32, u32)>)],
                        code: CodeId| {
            for &(s, s_span) in from {
                for &(t, t_span) in to {
                    if s == t {
                        continue;
                    }
                    let ((s, s_span), (t, t_span)) = if context.passive {
                        ((t, t_span), (s, s_span))
                    } else {
                        ((s, s_span), (t, t_span))
                    };
                    if self.options.require_dyad && (s.is_null() || t.is_null()) {
                        continue;
                    }
                    if events.iter().any(|e| e.source == s && e.target == t && e.code == code) {
                        continue;
                    }
                    events.push(Event {
                        source: s,
                        target: t,
                        code,
                        verb: context.verb,
                        source_words: s_span,
                        target_words: t_span,
                        pattern: context.pattern,
                        verb_origin: context.verb_origin,
                        passive: context.passive,
                    });
                }
            }
        };
        match code {
            VerbCode::Pair(forward, reverse) => {
                if sources[0].0.is_null() || targets[0].0.is_null() {
                    if targets[0].0.is_null() {
                        targets = sources.clone();
                    } else {
                        sources = targets.clone();
                    }
                }
                if let Some(c) = forward {
                    emit(&sources, &targets, c);
                }
                if let Some(c) = reverse {
                    emit(&targets, &sources, c);
                }
            }
            VerbCode::Code(c) => emit(&sources, &targets, c),
            VerbCode::Null | VerbCode::Voice(..) => {}
        }
    }
}

/// Expands codes written `A/B` (an actor with two codes) into one each.
fn split_codes(
    codes: Vec<(ActorCode, Option<(u32, u32)>)>,
) -> Vec<(ActorCode, Option<(u32, u32)>)> {
    if !codes.iter().any(|(c, _)| c.as_str().contains('/')) {
        return codes;
    }
    let mut out = Vec::new();
    for (code, span) in codes {
        for part in code.as_str().split('/') {
            out.push((ActorCode::from_str_lossy(part), span));
        }
    }
    out
}

/// What coding one verb gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum VerbOutcome {
    /// Not a verb of the dictionaries, or one whose code is null.
    NotCoded,
    /// A verb of the dictionaries whose code is null here.
    Null(VerbSense),
    /// The verb gave an event code; `speech` for verbs of saying;
    /// `complete` when the pattern that fired spells out the infinitive it
    /// governs ("call on * + to release"), so that there is nothing left to
    /// combine.
    Coded { speech: bool, sense: VerbSense, code: Option<CodeId>, complete: bool },
}

/// A verb of saying: its own code is a statement (CAMEO 01x).
fn is_speech(dicts: &Dictionaries, code: VerbCode) -> bool {
    let text = |c: Option<CodeId>| c.map(|c| dicts.codes().text(c));
    let code = match code {
        VerbCode::Code(c) => text(Some(c)),
        VerbCode::Pair(a, _) | VerbCode::Voice(a, _) => text(a),
        VerbCode::Null => None,
    };
    code.is_some_and(|c| c.starts_with("01"))
}

/// A verb whose infinitive or reported clause is being coded.
#[derive(Clone, Copy, Debug)]
struct Governor {
    /// Its word index.
    verb: u32,
    /// Its verb class.
    class: u32,
    /// The event code it gave, if any.
    code: Option<CodeId>,
    /// Its subject's code.
    subject: Option<ActorCode>,
    /// Its verb phrase ends here (in the linear form).
    until: usize,
    /// The complement is an infinitive (else a reported clause).
    infinitive: bool,
    /// The target of its own event, with its words, if it had one.
    target: Option<(ActorCode, Option<(u32, u32)>)>,
}

impl VerbOutcome {
    fn sense(self) -> Option<VerbSense> {
        match self {
            VerbOutcome::Coded { sense, .. } | VerbOutcome::Null(sense) => Some(sense),
            VerbOutcome::NotCoded => None,
        }
    }
}

/// What an event keeps of the verb that made it.
#[derive(Clone, Copy, Debug)]
struct EventContext {
    verb: u32,
    pattern: Option<Origin>,
    verb_origin: Origin,
    passive: bool,
}

/// The sequence item for token `k`, if it is one.
fn seq_item(toks: &[Tok], k: usize) -> Option<Item> {
    match toks[k] {
        Tok::Word(w) => Some(Item::Word(w.id)),
        Tok::Open(Label::NE, _) => Some(Item::Ne(k as u32)),
        Tok::Close(Label::NE, _) => Some(Item::NeEnd),
        Tok::Open(Label::NEC, _) => Some(Item::Nec(k as u32)),
        Tok::Close(Label::NEC, _) => Some(Item::NecEnd),
        _ => None,
    }
}

/// Whether a multi-word verb's other words are next to the verb (skipping
/// markup); returns where the upper and lower sequences then start.
fn multi_word_fits(
    toks: &[Tok],
    mw: &crate::dict::MultiWordVerb,
    verb_at: usize,
) -> Option<(usize, usize)> {
    let mut k = verb_at + 1;
    // An entity opened among the verb's words ("lodged [a complaint with
    // Russia]"): the lower sequence starts at its opener, so that it can
    // still be the target.
    let mut open_entity: Option<usize> = None;
    for &want in mw.after.iter() {
        while matches!(toks.get(k)?, Tok::Open(..) | Tok::Close(..) | Tok::Code(_)) {
            match toks[k] {
                Tok::Open(Label::NE, _) => open_entity = Some(k),
                Tok::Close(Label::NE, _) => open_entity = None,
                _ => {}
            }
            k += 1;
        }
        if word_of(&toks[k])?.id != want {
            return None;
        }
        k += 1;
    }
    let low_from = open_entity.unwrap_or(k);
    let mut k = verb_at as isize - 1;
    for &want in mw.before.iter() {
        while k >= 0 && matches!(toks[k as usize], Tok::Open(..) | Tok::Close(..) | Tok::Code(_)) {
            k -= 1;
        }
        if k < 0 || word_of(&toks[k as usize])?.id != want {
            return None;
        }
        k -= 1;
    }
    Some((k as usize, low_from))
}

fn word_of(tok: &Tok) -> Option<linear::Word> {
    match tok {
        Tok::Word(w) => Some(*w),
        _ => None,
    }
}
