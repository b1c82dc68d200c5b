//! The verbs file of dyad's format: synsets, verb classes with their verbs
//! and patterns, and transformations.
//!
//! ```text
//! dyad verbs
//! synset &CURRENCY
//!   dollar(s)
//!   swiss franc(s)
//! class GRANT = 070
//!   grant
//!   give {gives gave given giving}
//!   hand over                      # multi-word: the first word inflects
//!   wire +tap = 0                  # or the one marked with `+`
//!   - * &CURRENCY = 071
//!   - $ * + aid = 073 <> 074       # symmetric pair (source→target, back)
//!   - * ^ + = 192 passive 191       # active and passive codes
//! transform a (b . ATTACK) SAY = a b 112
//! ```

use super::cameo_tables;
use super::syntax::{self, Line};
use crate::dict::verbs::{Dialect, VerbBuilder};
use crate::dict::{
    CodeId, CodeTable, Diagnostics, Dictionaries, Element, ElementKind, MultiWordVerb, Origin,
    Pattern, Transformation, VerbCode, VerbSense,
};
use crate::lexicon::{Lexicon, WordId};

/// The block the following indented lines belong to.
enum Block {
    None,
    Synset(u32),
    Class { class: u32, code: VerbCode },
}

/// The key a native class is registered under (across files).
fn class_key(name: &str) -> (u16, String) {
    (u16::MAX, format!("native:{name}"))
}

pub(super) fn read(
    lines: &[Line<'_>],
    file: u16,
    dicts: &mut Dictionaries,
    verbs: &mut VerbBuilder,
    diag: &mut Diagnostics<'_>,
) {
    let mut block = Block::None;
    for line in lines {
        let origin = Origin { file, line: line.number };
        let text = line.text;
        if !line.indented {
            block = Block::None;
            let (keyword, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
            let rest = rest.trim();
            match keyword {
                "synset" => match rest.strip_prefix('&') {
                    Some(name) if !name.is_empty() && !name.contains(char::is_whitespace) => {
                        block = Block::Synset(verbs.define_synset(name, origin, diag));
                    }
                    _ => diag.error(line.number, "a synset header is `synset &NAME`"),
                },
                "class" => {
                    let (name, code) = syntax::split_code(rest);
                    if name.is_empty() || name.contains(char::is_whitespace) {
                        diag.error(line.number, "a class header is `class NAME [= CODE]`, NAME one word");
                        continue;
                    }
                    let code = match code {
                        Some(c) => parse_code(c, &mut dicts.codes, diag, line.number),
                        None => VerbCode::Null,
                    };
                    let key = class_key(name);
                    let class = match verbs.class_by_key.get(&key) {
                        Some(&c) => {
                            let first = dicts.origin_text(verbs.dict.classes[c as usize].origin);
                            diag.warning(line.number, format!("class {name} is already defined at {first}; lines added to it"));
                            c
                        }
                        None => {
                            let c = verbs.new_class(name, Dialect::Dyad, origin);
                            verbs.class_by_key.insert(key, c);
                            c
                        }
                    };
                    block = Block::Class { class, code };
                }
                "transform" => add_transformation(rest, origin, verbs, diag),
                _ => diag.error(
                    line.number,
                    "expected `synset &NAME`, `class NAME [= CODE]` or `transform ...` (verbs, patterns and members are indented)",
                ),
            }
            continue;
        }
        match block {
            Block::None => diag.error(line.number, "indented line outside a synset or class"),
            Block::Synset(set) => {
                add_member(set, text, verbs, &mut dicts.lexicon, diag, line.number)
            }
            Block::Class { class, code } => {
                if let Some(pattern) = text.strip_prefix('-') {
                    add_pattern(class, pattern, origin, verbs, dicts, diag);
                } else {
                    add_verb(class, code, text, origin, verbs, dicts, diag);
                }
            }
        }
    }
}

/// Parses a verb code: `040`, `---`, `031 <> 032` (symmetric pair) or
/// `192 passive 191`.
fn parse_code(
    text: &str,
    codes: &mut CodeTable,
    diag: &mut Diagnostics<'_>,
    line: u32,
) -> VerbCode {
    let mut one = |t: &str| -> Option<CodeId> {
        if t == "---" {
            return None;
        }
        let t = &syntax::unescape(t);
        if !cameo_tables::is_event_code(t) {
            diag.warning(line, format!("`{t}` is not a CAMEO event code"));
        }
        Some(codes.intern(t))
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [c] => one(c).map_or(VerbCode::Null, VerbCode::Code),
        [a, "<>", b] => VerbCode::Pair(one(a), one(b)),
        [a, "passive", b] => VerbCode::Voice(one(a), one(b)),
        _ => {
            diag.error(
                line,
                format!("bad code `{text}`: write CODE, `---`, `A <> B` or `A passive B`"),
            );
            VerbCode::Null
        }
    }
}

fn add_member(
    set: u32,
    text: &str,
    verbs: &mut VerbBuilder,
    lexicon: &mut Lexicon,
    diag: &mut Diagnostics<'_>,
    line: u32,
) {
    let lists = match syntax::word_lists(text) {
        Ok(p) => p,
        Err(why) => {
            diag.error(line, why);
            return;
        }
    };
    let synset = &mut verbs.dict.synsets[set as usize];
    for words in lists {
        let ids: Vec<WordId> = words.iter().map(|w| lexicon.intern(w)).collect();
        if ids.len() == 1 {
            if !synset.words.contains(&ids[0]) {
                synset.words.push(ids[0]);
            }
        } else if !synset.phrases.iter().any(|p| **p == *ids) {
            synset.phrases.push(ids.into_boxed_slice());
        }
    }
}

/// Regular forms of an English verb: third person, past and gerund. No
/// consonant doubling: list such verbs' forms in braces.
pub(crate) fn regular_forms(base: &str) -> Vec<String> {
    let b = base.to_uppercase();
    let bytes = b.as_bytes();
    let n = bytes.len();
    let vowel = |c: u8| b"AEIOU".contains(&c);
    let consonant_y = n >= 2 && bytes[n - 1] == b'Y' && !vowel(bytes[n - 2]);
    let third = if b.ends_with(['S', 'X', 'Z', 'O']) || b.ends_with("CH") || b.ends_with("SH") {
        format!("{b}ES")
    } else if consonant_y {
        format!("{}IES", &b[..n - 1])
    } else {
        format!("{b}S")
    };
    let past = if b.ends_with('E') {
        format!("{b}D")
    } else if consonant_y {
        format!("{}IED", &b[..n - 1])
    } else {
        format!("{b}ED")
    };
    let gerund = if b.ends_with("IE") {
        format!("{}YING", &b[..n - 2])
    } else if b.ends_with('E')
        && n > 2
        && !b.ends_with("EE")
        && !b.ends_with("YE")
        && !b.ends_with("OE")
    {
        format!("{}ING", &b[..n - 1])
    } else {
        format!("{b}ING")
    };
    vec![third, past, gerund]
}

/// A verb line: `WORDS [{FORMS}] [= CODE]`.
fn add_verb(
    class: u32,
    class_code: VerbCode,
    text: &str,
    origin: Origin,
    verbs: &mut VerbBuilder,
    dicts: &mut Dictionaries,
    diag: &mut Diagnostics<'_>,
) {
    let line = origin.line;
    let (left, code) = syntax::split_code(text);
    let code = match code {
        Some(c) => parse_code(c, &mut dicts.codes, diag, line),
        None => class_code,
    };
    let (words_text, listed) = match syntax::find_unescaped(left, '{') {
        Some(open) => {
            let Some(close) = left[open..].find('}').map(|c| open + c) else {
                diag.error(line, "missing `}` after the verb forms");
                return;
            };
            if !left[close + 1..].trim().is_empty() {
                diag.error(line, "text after the verb forms `{...}`");
                return;
            }
            let forms: Vec<String> = left[open + 1..close]
                .split([' ', ',', '\t'])
                .filter(|f| !f.is_empty())
                .map(|f| syntax::unescape(f).to_uppercase())
                .collect();
            (&left[..open], Some(forms))
        }
        None => (left, None),
    };
    let mut words: Vec<String> =
        words_text.split_whitespace().map(|w| syntax::unescape(w).to_uppercase()).collect();
    if words.is_empty() {
        diag.error(line, "verb line without a verb");
        return;
    }
    let marked: Vec<usize> =
        words.iter().enumerate().filter(|(_, w)| w.starts_with('+')).map(|(i, _)| i).collect();
    if marked.len() > 1 {
        diag.error(line, "only one word of a multi-word verb can be marked with `+`");
        return;
    }
    let head = marked.first().copied().unwrap_or(0);
    words[head] = words[head].trim_start_matches('+').to_string();
    if words.iter().any(|w| w.is_empty() || w.contains('_')) {
        diag.error(line, "verb words are separated by spaces");
        return;
    }
    let base = words[head].clone();
    let mut forms = vec![base.clone()];
    for f in listed.unwrap_or_else(|| regular_forms(&base)) {
        if f.contains('_') || f.contains('+') {
            diag.error(line, format!("form `{f}` must be one word (for a multi-word verb, list the forms of its inflected word)"));
            return;
        }
        if !forms.contains(&f) {
            forms.push(f);
        }
    }
    let sense = VerbSense { class, code, origin };
    let files = &dicts.files;
    let where_ = |o: Origin| {
        format!("{}:{}", files.get(o.file as usize).map_or("?", |f| f.as_str()), o.line)
    };
    if words.len() == 1 {
        for form in forms {
            let id = dicts.lexicon.intern(&form);
            if let Some(existing) = verbs.dict.forms.get(&id).and_then(|f| f.single) {
                diag.warning(
                    line,
                    format!(
                        "verb form {form} is already defined at {}; this one is ignored",
                        where_(existing.origin)
                    ),
                );
                continue;
            }
            verbs.add_single(&form, sense, false, &mut dicts.lexicon);
        }
        return;
    }
    let before: Box<[WordId]> =
        words[..head].iter().rev().map(|w| dicts.lexicon.intern(w)).collect();
    let after: Box<[WordId]> = words[head + 1..].iter().map(|w| dicts.lexicon.intern(w)).collect();
    for form in forms {
        let id = dicts.lexicon.intern(&form);
        let entry = verbs.dict.forms.entry(id).or_default();
        if let Some(existing) = entry.multi.iter().find(|m| m.before == before && m.after == after)
        {
            diag.warning(
                line,
                format!("multi-word verb with form {form} is already defined at {}; this one is ignored", where_(existing.sense.origin)),
            );
            continue;
        }
        entry.multi.push(MultiWordVerb { after: after.clone(), before: before.clone(), sense });
    }
}

/// A pattern line after its `-`: `UPPER * LOWER = CODE`.
fn add_pattern(
    class: u32,
    text: &str,
    origin: Origin,
    verbs: &mut VerbBuilder,
    dicts: &mut Dictionaries,
    diag: &mut Diagnostics<'_>,
) {
    let line = origin.line;
    let (body, code) = syntax::split_code(text);
    let Some(code) = code else {
        diag.error(line, "pattern without a code: write `- ... * ... = CODE`");
        return;
    };
    let code = parse_code(code, &mut dicts.codes, diag, line);
    let bodies = match syntax::expand(body) {
        Ok(b) => b,
        Err(why) => {
            diag.error(line, why);
            return;
        }
    };
    for body in bodies {
        match pattern_elements(&body, verbs, &mut dicts.lexicon) {
            Ok((upper, lower)) => {
                verbs.dict.classes[class as usize].patterns.push(Pattern::new(
                    upper.into_boxed_slice(),
                    lower.into_boxed_slice(),
                    code,
                    origin,
                ));
            }
            Err(why) => {
                diag.error(line, why);
                return;
            }
        }
    }
}

/// One token of a pattern with the connector before it.
struct Token {
    text: String,
    escaped: bool,
    closed_before: bool,
}

fn tokenize(body: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut current = String::new();
    let mut escaped_any = false;
    let mut closed = false;
    let mut chars = body.chars();
    let flush = |tokens: &mut Vec<Token>,
                 current: &mut String,
                 escaped_any: &mut bool,
                 closed: &mut bool| {
        if !current.is_empty() || *escaped_any {
            tokens.push(Token {
                text: std::mem::take(current),
                escaped: *escaped_any,
                closed_before: *closed,
            });
            *escaped_any = false;
            *closed = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    current.push(next);
                    escaped_any = true;
                }
            }
            ' ' | '\t' => flush(&mut tokens, &mut current, &mut escaped_any, &mut closed),
            '_' => {
                flush(&mut tokens, &mut current, &mut escaped_any, &mut closed);
                closed = true;
            }
            _ => current.push(c),
        }
    }
    flush(&mut tokens, &mut current, &mut escaped_any, &mut closed);
    tokens
}

type Sides = (Vec<Element>, Vec<Element>);

fn pattern_elements(
    body: &str,
    verbs: &mut VerbBuilder,
    lexicon: &mut Lexicon,
) -> Result<Sides, String> {
    let tokens = tokenize(body);
    let stars: Vec<usize> = tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| t.text == "*" && !t.escaped)
        .map(|(i, _)| i)
        .collect();
    let [star] = stars[..] else {
        return Err("a pattern needs exactly one `*` (the verb)".into());
    };
    let mut kind = |t: &Token| -> Result<ElementKind, String> {
        if t.escaped {
            return Ok(ElementKind::Word(lexicon.intern(&t.text.to_uppercase())));
        }
        Ok(match t.text.as_str() {
            "$" => ElementKind::Source,
            "+" => ElementKind::Target,
            "^" => ElementKind::Skip,
            "%" => ElementKind::Compound,
            "{}" => ElementKind::Empty,
            w if w.starts_with('{') && w.ends_with('}') => {
                ElementKind::OneChar(lexicon.intern(&w[1..w.len() - 1].to_uppercase()))
            }
            w if w.starts_with('&') && w.len() > 1 => {
                let name = w[1..].to_uppercase();
                match verbs.synset_by_name.get(&name) {
                    Some(&idx) => {
                        verbs.used_synsets[idx as usize] = true;
                        ElementKind::Synset(idx)
                    }
                    None => {
                        return Err(format!(
                            "synset &{name} is not defined (define it above its first use)"
                        ));
                    }
                }
            }
            w if w.contains(['{', '}']) => return Err(format!("stray brace in `{w}`")),
            w => ElementKind::Word(lexicon.intern(&w.to_uppercase())),
        })
    };
    let mut upper = Vec::with_capacity(star);
    for i in (0..star).rev() {
        upper.push(Element { kind: kind(&tokens[i])?, closed: tokens[i + 1].closed_before });
    }
    let mut lower = Vec::with_capacity(tokens.len() - star - 1);
    for t in &tokens[star + 1..] {
        lower.push(Element { kind: kind(t)?, closed: t.closed_before });
    }
    Ok((upper, lower))
}

/// `transform a (b c VERB2) VERB1 = x y CODE`.
fn add_transformation(
    text: &str,
    origin: Origin,
    verbs: &mut VerbBuilder,
    diag: &mut Diagnostics<'_>,
) {
    let shape = "a transformation is `transform a (b c VERB2) VERB1 = x y CODE`";
    let Some((lhs, rhs)) = text.split_once('=') else {
        diag.error(origin.line, shape);
        return;
    };
    let lhs: Vec<&str> = lhs
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|s| !s.is_empty())
        .collect();
    let rhs: Vec<&str> = rhs.split_whitespace().collect();
    let (&[a, b, c, inner, outer], &[x, y, code]) = (&lhs[..], &rhs[..]) else {
        diag.error(origin.line, shape);
        return;
    };
    verbs.dict.transformations.push(Transformation {
        outer_source: a.into(),
        inner_source: b.into(),
        inner_target: c.into(),
        inner_verb: inner.to_uppercase().into(),
        outer_verb: outer.to_uppercase().into(),
        output: [x.into(), y.into(), code.into()],
        origin,
    });
}

#[cfg(test)]
mod tests {
    use super::super::tests::build;
    use super::*;
    use crate::dict::Dictionaries;

    fn show(d: &Dictionaries, p: &Pattern) -> String {
        let show = |e: &Element| {
            let w = match e.kind {
                ElementKind::Word(w) => d.lexicon().text(w).to_string(),
                ElementKind::OneChar(w) => format!("{{{}}}", d.lexicon().text(w)),
                ElementKind::Synset(s) => format!("&{}", d.verbs().synsets()[s as usize].name),
                ElementKind::Source => "$".into(),
                ElementKind::Target => "+".into(),
                ElementKind::Skip => "^".into(),
                ElementKind::Compound => "%".into(),
                ElementKind::Empty => "{}".into(),
            };
            format!("{}{}", if e.closed { "_" } else { " " }, w)
        };
        let up: Vec<String> = p.upper.iter().map(show).collect();
        let low: Vec<String> = p.lower.iter().map(show).collect();
        format!("[{}] * [{}]", up.join(","), low.join(","))
    }

    fn code_text(d: &Dictionaries, c: VerbCode) -> String {
        let t = |c: Option<CodeId>| c.map_or("---".to_string(), |c| d.codes().text(c).to_string());
        match c {
            VerbCode::Null => "---".into(),
            VerbCode::Code(c) => t(Some(c)),
            VerbCode::Pair(a, b) => format!("{} <> {}", t(a), t(b)),
            VerbCode::Voice(a, b) => format!("{} passive {}", t(a), t(b)),
        }
    }

    const GRANT: &str = "dyad verbs
synset &CURRENCY
  dollar(s)
  swiss franc(s)
class GRANT = 070
  grant
  give {gives gave given giving}
  hand over = 071
  wire +tap
  - * &CURRENCY = 071
  - SO IN_*_OUT_AGAIN NOW = 072
  - $ * + (aid|assistance) = 073 <> 074
  - * ^ + = 192 passive 191
  - * {A} {} x = ---
transform a (b . ATTACK) SAY = a b 112
";

    #[test]
    fn classes_verbs_and_patterns() {
        let (d, diags) = build(&[("v.txt", GRANT)]);
        assert!(diags.is_empty(), "{diags:?}");
        let class = &d.verbs().classes()[0];
        let shown: Vec<String> = class.patterns.iter().map(|p| show(&d, p)).collect();
        assert_eq!(
            shown,
            [
                "[] * [ &CURRENCY]",
                "[_IN, SO] * [_OUT,_AGAIN, NOW]",
                "[ $] * [ +, AID]",
                "[ $] * [ +, ASSISTANCE]",
                "[] * [ ^, +]",
                "[] * [ {A}, {}, X]",
            ]
        );
        let codes: Vec<String> = class.patterns.iter().map(|p| code_text(&d, p.code)).collect();
        assert_eq!(codes, ["071", "072", "073 <> 074", "073 <> 074", "192 passive 191", "---"]);
        let synset = &d.verbs().synsets()[0];
        assert_eq!((synset.words.len(), synset.phrases.len()), (2, 2));
        let lex = d.lexicon();
        let form = |w: &str| d.verbs().form(lex.get(w)).cloned();
        for w in ["GRANT", "GRANTS", "GRANTED", "GRANTING", "GAVE", "GIVEN"] {
            assert!(form(w).and_then(|f| f.single).is_some(), "{w}");
        }
        assert!(form("GIVED").is_none());
        let hand = form("HANDED").unwrap();
        assert_eq!(code_text(&d, hand.multi[0].sense.code), "071");
        assert_eq!(lex.text(hand.multi[0].after[0]), "OVER");
        let tap = form("TAPPED");
        assert!(tap.is_none(), "no doubling");
        let tap = form("TAPS").unwrap();
        assert_eq!(lex.text(tap.multi[0].before[0]), "WIRE");
        assert_eq!(code_text(&d, tap.multi[0].sense.code), "070");
        assert_eq!(d.verbs().transformations().len(), 1);
    }

    #[test]
    fn regular_forms_of_english_verbs() {
        let check = |base: &str, want: [&str; 3]| assert_eq!(regular_forms(base), want, "{base}");
        check("attack", ["ATTACKS", "ATTACKED", "ATTACKING"]);
        check("accuse", ["ACCUSES", "ACCUSED", "ACCUSING"]);
        check("deny", ["DENIES", "DENIED", "DENYING"]);
        check("play", ["PLAYS", "PLAYED", "PLAYING"]);
        check("reach", ["REACHES", "REACHED", "REACHING"]);
        check("veto", ["VETOES", "VETOED", "VETOING"]);
        check("agree", ["AGREES", "AGREED", "AGREEING"]);
        check("tie", ["TIES", "TIED", "TYING"]);
        check("dye", ["DYES", "DYED", "DYEING"]);
    }

    #[test]
    fn verb_diagnostics() {
        let text = "dyad verbs
  stray
class
class X = 04Z
  meet {meets met
  - * with + = 040
  - with + = 040
  - * &NOPE = 040
  - * a (b = 040
  meet
  a +b +c
  hold {holds held_up}
  - * x = 1 2
nonsense here
class X
";
        let (_, diags) = build(&[("v.txt", text)]);
        assert_eq!(
            diags,
            [
                "v.txt:2: error: indented line outside a synset or class",
                "v.txt:3: error: a class header is `class NAME [= CODE]`, NAME one word",
                "v.txt:4: warning: `04Z` is not a CAMEO event code",
                "v.txt:5: error: missing `}` after the verb forms",
                "v.txt:7: error: a pattern needs exactly one `*` (the verb)",
                "v.txt:8: error: synset &NOPE is not defined (define it above its first use)",
                "v.txt:9: error: unclosed `(`",
                "v.txt:11: error: only one word of a multi-word verb can be marked with `+`",
                "v.txt:12: error: form `HELD_UP` must be one word (for a multi-word verb, list the forms of its inflected word)",
                "v.txt:13: error: bad code `1 2`: write CODE, `---`, `A <> B` or `A passive B`",
                "v.txt:14: error: expected `synset &NAME`, `class NAME [= CODE]` or `transform ...` (verbs, patterns and members are indented)",
                "v.txt:15: warning: class X is already defined at v.txt:4; lines added to it",
            ]
        );
    }

    #[test]
    fn first_definition_of_a_form_wins() {
        let text = "dyad verbs\nclass FIND = 010\n  find {finds found finding}\nclass FOUND = 020\n  found\n";
        let (d, diags) = build(&[("v.txt", text)]);
        assert_eq!(
            diags,
            [
                "v.txt:5: warning: verb form FOUND is already defined at v.txt:3; this one is ignored"
            ]
        );
        let found = d.verbs().form(d.lexicon().get("FOUND")).unwrap().single.unwrap();
        assert_eq!(found.class, 0);
        assert_eq!(d.verbs().form(d.lexicon().get("FOUNDED")).unwrap().single.unwrap().class, 1);
    }
}
