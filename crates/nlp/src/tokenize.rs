//! Tokenization in Penn Treebank conventions, with byte offsets.
//!
//! The rules follow what the silver news data does: whitespace separates
//! chunks; opening punctuation, closing punctuation, clitics (`'s`, `n't`,
//! `'re`, ...) and units after numbers are split off; hyphens between letters
//! are split (`cease-fire` is `cease - fire`) but not after a period or before
//! a digit (`U.S.-led`, `COVID-19`); abbreviations keep their period
//! (`U.S.`, `Gen.`, `Sept.`, `a.m.`, initials).
//!
//! **Invariant:** every token is a non-empty byte range of the input on
//! character boundaries, tokens are in order and do not overlap, and
//! `&text[t.start..t.end]` is the token's surface form.

/// A token's byte range in the text it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// The slice of `text` this span covers.
    ///
    /// # Panics
    ///
    /// Panics if the span does not lie on character boundaries of `text`,
    /// which cannot happen for spans made by [`tokenize`] over the same text.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// Splits `text` into tokens.
///
/// # Example
///
/// ```
/// let text = "Bush's aides can't say.";
/// let words: Vec<&str> = dyad_nlp::tokenize(text).iter().map(|s| s.of(text)).collect();
/// assert_eq!(words, ["Bush", "'s", "aides", "ca", "n't", "say", "."]);
/// ```
pub fn tokenize(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// Splits `text` into tokens, appending them to `out`.
pub fn tokenize_into(text: &str, out: &mut Vec<Span>) {
    let mut chunk_start = None;
    for (i, c) in text.char_indices() {
        if is_space(c) {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, s, i, out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(text, s, text.len(), out);
    }
}

/// True for characters that separate chunks and never belong to a token.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Abbreviations that keep their final period (written without it).
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Ala", "Apr", "Ariz", "Ark", "Assn", "Aug", "Ave", "Bhd", "Blvd", "Bros", "Brig",
    "Calif", "Capt", "Cmdr", "Co", "Col", "Colo", "Conn", "Corp", "Cpl", "Dec", "Del", "Dept",
    "Dr", "Feb", "Fla", "Fr", "Ft", "Ga", "Gen", "Gov", "Hon", "Ill", "Inc", "Ind", "Jan", "Jr",
    "Jul", "Jun", "Kan", "Kans", "Ky", "La", "Lt", "Ltd", "Maj", "Mar", "Mass", "Md", "Messrs",
    "Mich", "Minn", "Miss", "Mo", "Mont", "Mr", "Mrs", "Ms", "Mt", "Neb", "Nev", "No", "Nos",
    "Nov", "Oct", "Okla", "Ore", "Pa", "Pfc", "Ph.D", "Pres", "Prof", "Rep", "Reps", "Rev", "Sen",
    "Sens", "Sep", "Sept", "Sgt", "Sr", "St", "Supt", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis",
    "Wyo", "approx", "cf", "dept", "est", "etc", "ft", "inc", "jr", "mln", "mr", "mrs", "ms", "no",
    "sr", "st", "vol", "vs",
];

/// Units split off a number written before them (`$50M` is `$ 50 M`).
const UNITS: &[&str] = &[
    "m", "M", "bn", "b", "B", "k", "K", "km", "kg", "g", "mg", "cm", "mm", "mi", "mph", "ft", "lb",
    "lbs", "ha", "t", "GB", "MB", "TB", "kb", "kW", "MW", "GW", "yd", "oz", "sq",
];

/// Clitics split off the end of a word, lower-cased and with `'` for both
/// apostrophes.
const CLITICS: &[&str] = &["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

fn is_open_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '{'
            | '<'
            | '“'
            | '‘'
            | '„'
            | '«'
            | '‹'
            | '$'
            | '£'
            | '€'
            | '¥'
            | '₹'
            | '#'
            | '*'
            | '¿'
            | '¡'
            | '…'
            | '—'
            | '–'
            | '•'
            | '·'
            | '`'
            | '~'
            | '|'
            | '_'
    )
}

fn is_close_punct(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | ':'
            | '!'
            | '?'
            | '"'
            | '\''
            | ')'
            | ']'
            | '}'
            | '>'
            | '”'
            | '’'
            | '»'
            | '›'
            | '%'
            | '…'
            | '—'
            | '–'
            | '*'
            | '•'
            | '|'
            | '_'
            | '`'
    )
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '~')
}

/// Splits one whitespace-free chunk `text[start..end]` into tokens.
fn split_chunk(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    // Most chunks are plain words: one of ASCII letters alone is one token
    // (no rule splits it), save the fixed two-token words of five and six
    // letters ("gonna", "cannot").
    let chunk = text.as_bytes().get(start..end).unwrap_or(&[]);
    if !chunk.is_empty()
        && !matches!(chunk.len(), 5 | 6)
        && chunk.iter().all(u8::is_ascii_alphabetic)
    {
        out.push(Span { start, end });
        return;
    }
    split_chunk_by_rules(text, start, end, out);
}

/// [`split_chunk`] by its rules: URLs, prefixes, suffixes, infixes.
fn split_chunk_by_rules(text: &str, mut start: usize, mut end: usize, out: &mut Vec<Span>) {
    if is_url_or_email(&text[start..end]) {
        split_url(text, start, end, out);
        return;
    }
    // Prefixes.
    while start < end {
        let s = &text[start..end];
        if is_special(s) {
            break;
        }
        let Some(c) = s.chars().next() else { break };
        let len = if s.starts_with("...") || s.starts_with("--") {
            run_len(s, s.as_bytes()[0])
        } else if is_open_punct(c) {
            // An apostrophe that starts a clitic (`'s`) or a year (`'90s`)
            // stays with the word.
            if is_apostrophe(c) && is_clitic_form(&s[c.len_utf8()..]) {
                break;
            }
            c.len_utf8()
        } else if c == '-' && s.len() > 1 && !s[1..].starts_with(|ch: char| ch.is_ascii_digit()) {
            1
        } else {
            break;
        };
        if len >= s.len() {
            break;
        }
        out.push(Span { start, end: start + len });
        start += len;
    }
    // Suffixes, collected in reverse order.
    let mut suffixes: Vec<Span> = Vec::new();
    while start < end {
        let s = &text[start..end];
        if is_special(s) {
            break;
        }
        let len = suffix_len(s);
        if len == 0 || len >= s.len() {
            break;
        }
        suffixes.push(Span { start: end - len, end });
        end -= len;
    }
    if start < end {
        split_infixes(text, start, end, out);
    }
    out.extend(suffixes.into_iter().rev());
}

/// Length in bytes of the run of `b` at the start of `s`.
fn run_len(s: &str, b: u8) -> usize {
    s.bytes().take_while(|&x| x == b).count()
}

/// Length of the suffix to split off `s`, or 0.
fn suffix_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let Some(last) = s.chars().next_back() else { return 0 };
    if last == '.' {
        let n_dots = bytes.iter().rev().take_while(|&&b| b == b'.').count();
        if n_dots >= 2 {
            return n_dots;
        }
        let word = &s[..s.len() - 1];
        if is_abbreviation(word) {
            return 0;
        }
        return 1;
    }
    if last == '-' {
        let n = bytes.iter().rev().take_while(|&&b| b == b'-').count();
        return n;
    }
    // Clitics.
    for clitic in CLITICS {
        if let Some(len) = ends_with_clitic(s, clitic) {
            return len;
        }
    }
    if is_close_punct(last) {
        return last.len_utf8();
    }
    // Units after a number (only a chunk starting with a digit has one).
    if !bytes.first().is_some_and(u8::is_ascii_digit) {
        return 0;
    }
    for unit in UNITS {
        if let Some(number) = s.strip_suffix(unit)
            && number.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && number.len() <= 32
            && number.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        {
            return unit.len();
        }
    }
    0
}

/// If `s` ends with `clitic` (either apostrophe, any case) after at least one
/// more character, its length in bytes.
fn ends_with_clitic(s: &str, clitic: &str) -> Option<usize> {
    let mut rev_s = s.char_indices().rev();
    let mut start = s.len();
    for want in clitic.chars().rev() {
        let (i, c) = rev_s.next()?;
        let ok = if want == '\'' { is_apostrophe(c) } else { c.to_ascii_lowercase() == want };
        if !ok {
            return None;
        }
        start = i;
    }
    // Something alphabetic must come before.
    let before = s[..start].chars().next_back()?;
    before.is_alphanumeric().then_some(s.len() - start)
}

/// True if `s` (starting after an apostrophe) is a clitic or a decade.
fn is_clitic_form(s: &str) -> bool {
    (s.len() <= 2
        && matches!(
            s.to_ascii_lowercase().as_str(),
            "s" | "re" | "ve" | "ll" | "d" | "m" | "t" | "em" | "n"
        ))
        || (s.len() >= 2 && s.as_bytes()[0].is_ascii_digit() && s.as_bytes()[1].is_ascii_digit())
}

/// True if `word` (without its final period) is an abbreviation that keeps
/// the period.
fn is_abbreviation(word: &str) -> bool {
    if word.is_empty() || word.len() > 16 {
        return false;
    }
    let mut chars = word.chars();
    let first = chars.next().unwrap_or(' ');
    if chars.next().is_none() {
        // A single letter: an initial.
        return first.is_alphabetic();
    }
    if ABBREVIATIONS.contains(&word) {
        return true;
    }
    // Dotted letters: U.S, a.m, D.C, C.I.A, H.W.
    word.contains('.')
        && word.split('.').all(|part| {
            !part.is_empty() && part.chars().count() <= 2 && part.chars().all(char::is_alphabetic)
        })
}

/// Chunks that are one token whatever their punctuation: abbreviations.
fn is_special(s: &str) -> bool {
    s.len() > 1 && s.ends_with('.') && is_abbreviation(&s[..s.len() - 1])
}

/// Splits a chunk holding a URL or e-mail address: opening brackets and
/// quotes before it and closing punctuation after it are tokens.
fn split_url(text: &str, mut start: usize, mut end: usize, out: &mut Vec<Span>) {
    while let Some(c) = text[start..end].chars().next() {
        if !matches!(c, '(' | '[' | '<' | '"' | '\'' | '“' | '‘') || start + c.len_utf8() >= end
        {
            break;
        }
        out.push(Span { start, end: start + c.len_utf8() });
        start += c.len_utf8();
    }
    let mut suffixes = Vec::new();
    while let Some(c) = text[start..end].chars().next_back() {
        if !matches!(
            c,
            '.' | ',' | ')' | ']' | '>' | ';' | ':' | '!' | '?' | '"' | '\'' | '”' | '’'
        ) || end - c.len_utf8() <= start
        {
            break;
        }
        suffixes.push(Span { start: end - c.len_utf8(), end });
        end -= c.len_utf8();
    }
    out.push(Span { start, end });
    out.extend(suffixes.into_iter().rev());
}

fn is_url_or_email(s: &str) -> bool {
    s.contains("://") || s.starts_with("www.") || {
        match s.find('@') {
            Some(at) => at > 0 && s[at..].contains('.') && s[..at].bytes().all(|b| b > b' '),
            None => false,
        }
    }
}

/// Splits `text[start..end]` at infixes: hyphens between letters, `...`,
/// slashes and commas between letters, and a few fixed words.
fn split_infixes(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    if is_special(s) {
        out.push(Span { start, end });
        return;
    }
    // Fixed two-token words.
    let lower_len3 = s.len() == 6 && s.is_char_boundary(3);
    if lower_len3 {
        let lower = s.to_ascii_lowercase();
        if matches!(lower.as_str(), "cannot") {
            out.push(Span { start, end: start + 3 });
            out.push(Span { start: start + 3, end });
            return;
        }
    }
    if s.len() == 5 && s.is_char_boundary(3) {
        let lower = s.to_ascii_lowercase();
        if matches!(lower.as_str(), "gonna" | "wanna" | "gotta") {
            out.push(Span { start, end: start + 3 });
            out.push(Span { start: start + 3, end });
            return;
        }
    }
    let mut piece_start = start;
    let mut prev: Option<char> = None;
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        let next = s[i + c.len_utf8()..].chars().next();
        if let (Some(p), Some(n)) = (prev, next) {
            let len = infix_len(&s[i..], p, c, n);
            if len > 0 && start + i > piece_start && i + len < s.len() {
                out.push(Span { start: piece_start, end: start + i });
                out.push(Span { start: start + i, end: start + i + len });
                piece_start = start + i + len;
                prev = s[..i + len].chars().next_back();
                i += len;
                continue;
            }
        }
        prev = Some(c);
        i += c.len_utf8();
    }
    if piece_start < end {
        out.push(Span { start: piece_start, end });
    }
}

/// Length of the infix starting at `rest` (whose first char is `c`, after
/// `prev` and before `next`), or 0 when there is none.
fn infix_len(rest: &str, prev: char, c: char, next: char) -> usize {
    if c == '.' && rest.starts_with("..") {
        let n = run_len(rest, b'.');
        let after = rest[n..].chars().next();
        return if after.is_some_and(char::is_alphanumeric) && prev.is_alphanumeric() {
            n
        } else {
            0
        };
    }
    if c == '…' && prev.is_alphanumeric() && next.is_alphanumeric() {
        return c.len_utf8();
    }
    if is_hyphen(c) {
        let n = if c == '-' { run_len(rest, b'-') } else { c.len_utf8() };
        let after = rest[n..].chars().next();
        let letter_after = after.is_some_and(char::is_alphabetic);
        let digit_after = after.is_some_and(|a| a.is_ascii_digit());
        if (prev.is_alphabetic() || prev.is_ascii_digit()) && letter_after {
            return n;
        }
        if prev.is_ascii_digit() && digit_after && n == 1 {
            return n;
        }
        return 0;
    }
    if matches!(c, '/' | ':' | '=' | '<' | '>')
        && (prev.is_alphabetic() || prev.is_ascii_digit())
        && next.is_alphabetic()
    {
        return c.len_utf8();
    }
    if c == ',' && prev.is_alphabetic() && next.is_alphabetic() {
        return 1;
    }
    if c == '.' && prev.is_lowercase() && next.is_uppercase() {
        return 1;
    }
    if matches!(c, '+' | '*' | '^') && prev.is_ascii_digit() && next.is_ascii_digit() {
        return 1;
    }
    if matches!(c, '(' | ')' | '[' | ']' | '"' | '“' | '”') {
        return c.len_utf8();
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_split_as_the_rules_split_them() {
        let words = [
            "a", "I", "the", "Talks", "UN", "minister", "Gondor", "gonna", "Wanna", "cannot",
            "CANNOT", "gotta", "abcde", "abcdef", "Tharbad", "x", "Mr", "etc", "Jan", "vs",
        ];
        for word in words {
            let (mut fast, mut rules) = (Vec::new(), Vec::new());
            split_chunk(word, 0, word.len(), &mut fast);
            split_chunk_by_rules(word, 0, word.len(), &mut rules);
            assert_eq!(fast, rules, "{word}");
        }
        let mut none = Vec::new();
        split_chunk("", 0, 0, &mut none);
        assert!(none.is_empty());
    }

    /// Tokenizes `text`, checks the offset invariant and returns the words.
    pub(crate) fn check(text: &str) -> Vec<&str> {
        let spans = tokenize(text);
        let mut last_end = 0;
        for span in &spans {
            assert!(span.start >= last_end && span.start < span.end, "{span:?} in {text:?}");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            let surface = span.of(text);
            assert!(!surface.chars().any(is_space), "space in token {surface:?}");
            last_end = span.end;
        }
        // Everything not covered is space.
        let mut covered = vec![false; text.len()];
        for span in &spans {
            covered[span.start..span.end].iter_mut().for_each(|c| *c = true);
        }
        for (i, c) in text.char_indices() {
            assert!(covered[i] || is_space(c), "lost {c:?} at {i} in {text:?}");
        }
        spans.iter().map(|s| s.of(text)).collect()
    }

    #[test]
    fn cases() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("Hello, world.", &["Hello", ",", "world", "."]),
            ("Bush's aides", &["Bush", "'s", "aides"]),
            ("can't won't don’t", &["ca", "n't", "wo", "n't", "do", "n’t"]),
            ("they're we've I'm he'd", &["they", "'re", "we", "'ve", "I", "'m", "he", "'d"]),
            ("cannot gonna", &["can", "not", "gon", "na"]),
            ("a cease-fire deal", &["a", "cease", "-", "fire", "deal"]),
            ("U.S.-led COVID-19 G-7", &["U.S.-led", "COVID-19", "G-7"]),
            (
                "the 210-million-dollar appeal",
                &["the", "210", "-", "million", "-", "dollar", "appeal"],
            ),
            ("in 2004-05.", &["in", "2004", "-", "05", "."]),
            ("the U.S. Gen. Smith", &["the", "U.S.", "Gen.", "Smith"]),
            ("at 9 a.m. Sept. 9", &["at", "9", "a.m.", "Sept.", "9"]),
            ("Gov. James E. McGreevey", &["Gov.", "James", "E.", "McGreevey"]),
            ("(Reuters) -", &["(", "Reuters", ")", "-"]),
            ("\"We will,\" he said.", &["\"", "We", "will", ",", "\"", "he", "said", "."]),
            ("“Yes.”", &["“", "Yes", ".", "”"]),
            ("$50M and £3.2bn", &["$", "50", "M", "and", "£", "3.2", "bn"]),
            ("rose 16% to", &["rose", "16", "%", "to"]),
            ("city...", &["city", "..."]),
            ("wait...what", &["wait", "...", "what"]),
            ("and/or", &["and", "/", "or"]),
            ("see http://x.org/a-b.", &["see", "http://x.org/a-b", "."]),
            ("countries' leaders", &["countries", "'", "leaders"]),
            ("'The end'", &["'", "The", "end", "'"]),
            ("10:30 p.m.", &["10:30", "p.m."]),
            ("1,000 people", &["1,000", "people"]),
            ("GAZA -- Palestinian", &["GAZA", "--", "Palestinian"]),
            ("Mr.", &["Mr."]),
            ("end.", &["end", "."]),
            ("Really?!", &["Really", "?", "!"]),
        ];
        for (text, want) in cases {
            assert_eq!(check(text), *want, "{text:?}");
        }
    }

    #[test]
    fn odd_input() {
        let long = "a".repeat(100_000);
        assert_eq!(check(&long).len(), 1);
        let commas = ",".repeat(200_000);
        assert_eq!(check(&commas).len(), 200_000);
        let quotes = "'".repeat(200_000);
        check(&quotes);
        let abbrevs = "U.S.".repeat(50_000);
        check(&abbrevs);
        let dots = ".".repeat(10_000);
        check(&dots);
        let hyphens = "a-".repeat(10_000);
        check(&hyphens);
        for text in [
            "\u{0}\u{1}abc\u{7f}def",
            "مرحبا بالعالم. 你好，世界。 Привет!",
            "<p>Hello <b>world</b></p>&nbsp;",
            "e\u{301}\u{301}\u{301}'s",
            "''''''''",
            "’’’s’",
            "\u{FEFF}\u{200B}x\u{200D}y",
            "🇺🇳👍🏽 ok.",
            "-",
            "-5 degrees",
            "'",
            "a.",
            ".a",
            "x@y.z.",
            "(see www.a.com).",
        ] {
            check(text);
        }
    }
}
