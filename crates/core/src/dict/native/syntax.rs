//! The line conventions shared by every file of dyad's dictionary format:
//! comments, indentation, `=` before a code, alternatives `(a|b)` inside
//! phrases, backslash escapes and date ranges.

use crate::date::{Date, days_in_month};
use crate::dict::When;

/// One content line: comment removed, white space trimmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// 1-based line number.
    pub number: u32,
    /// True when the raw line starts with a space or a tab.
    pub indented: bool,
    /// The content.
    pub text: &'a str,
}

/// The content lines of a file. A `#` at the start of a line or after white
/// space starts a comment, unless it is escaped (`\#`).
pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    for (idx, raw) in text.lines().enumerate() {
        let content = strip_comment(raw).trim();
        if content.is_empty() {
            continue;
        }
        out.push(Line {
            number: idx as u32 + 1,
            indented: raw.starts_with([' ', '\t']),
            text: content,
        });
    }
    out
}

fn strip_comment(line: &str) -> &str {
    let mut escaped = false;
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        if escaped {
            escaped = false;
            prev_space = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '#' if prev_space => return &line[..i],
            _ => {}
        }
        prev_space = c.is_whitespace();
    }
    line
}

/// Byte index of the first unescaped `c` in `text`.
pub(crate) fn find_unescaped(text: &str, wanted: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == wanted {
            return Some(i);
        }
    }
    None
}

/// Splits `PHRASE = CODE` at the first unescaped `=`.
pub(crate) fn split_code(text: &str) -> (&str, Option<&str>) {
    match find_unescaped(text, '=') {
        Some(i) => (text[..i].trim(), Some(text[i + 1..].trim())),
        None => (text.trim(), None),
    }
}

/// Most expansions one phrase may produce.
const MAX_EXPANSIONS: usize = 4096;

/// Expands alternatives: `soldier(s)` gives `soldier` and `soldiers`,
/// `(prime minister|premier) X` gives both phrases; groups nest and
/// combine. Escapes are kept for [`unescape`].
pub(crate) fn expand(text: &str) -> Result<Vec<String>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    let out = expand_seq(&chars, &mut pos, 0)?;
    if pos < chars.len() {
        return Err(format!("unbalanced `{}`", chars[pos]));
    }
    Ok(out)
}

fn expand_seq(chars: &[char], pos: &mut usize, depth: u32) -> Result<Vec<String>, String> {
    let mut acc = vec![String::new()];
    while *pos < chars.len() {
        let c = chars[*pos];
        match c {
            '\\' => {
                for s in &mut acc {
                    s.push('\\');
                    if let Some(&next) = chars.get(*pos + 1) {
                        s.push(next);
                    }
                }
                *pos += 2;
            }
            '(' => {
                *pos += 1;
                let mut alternatives: Vec<String> = Vec::new();
                loop {
                    alternatives.extend(expand_seq(chars, pos, depth + 1)?);
                    match chars.get(*pos) {
                        Some('|') => *pos += 1,
                        Some(')') => {
                            *pos += 1;
                            break;
                        }
                        _ => return Err("unclosed `(`".into()),
                    }
                }
                // `(s)` is short for `(|s)`.
                if alternatives.len() == 1 {
                    alternatives.insert(0, String::new());
                }
                let mut next = Vec::with_capacity(acc.len() * alternatives.len());
                for prefix in &acc {
                    for alt in &alternatives {
                        next.push(format!("{prefix}{alt}"));
                    }
                }
                if next.len() > MAX_EXPANSIONS {
                    return Err(format!("more than {MAX_EXPANSIONS} alternatives"));
                }
                acc = next;
            }
            '|' | ')' if depth > 0 => return Ok(acc),
            '|' | ')' => return Err(format!("`{c}` outside `( )`")),
            _ => {
                for s in &mut acc {
                    s.push(c);
                }
                *pos += 1;
            }
        }
    }
    if depth > 0 {
        return Err("unclosed `(`".into());
    }
    Ok(acc)
}

/// Removes escapes: `\(` is `(`.
pub(crate) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut escaped = false;
    for c in text.chars() {
        if escaped || c != '\\' {
            out.push(c);
            escaped = false;
        } else {
            escaped = true;
        }
    }
    out
}

/// Characters that must be escaped in a phrase word.
pub(crate) const SPECIAL: &[char] = &['\\', '#', '=', '(', ')', '|', '{', '}'];

/// Escapes a word for writing.
pub(crate) fn escape_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for (i, c) in word.chars().enumerate() {
        if SPECIAL.contains(&c) || (i == 0 && matches!(c, '+' | '-' | '&' | '*' | '$' | '^' | '%'))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Expanded, unescaped phrases of `text`: words separated by spaces (words
/// may come between) or `_` (the next word follows at once).
pub(crate) fn phrases(text: &str) -> Result<Vec<String>, String> {
    let out: Vec<String> = expand(text)?
        .iter()
        .map(|p| unescape(p.trim()))
        .filter(|p| p.split([' ', '_', '\t']).any(|w| !w.is_empty()))
        .collect();
    if out.is_empty() {
        return Err("empty phrase".into());
    }
    Ok(out)
}

/// The expanded phrases of `text` as lists of upper-case words, for
/// discards, issues and synset members, where connectors do not matter.
/// An escaped `\_` stays inside its word.
pub(crate) fn word_lists(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut out = Vec::new();
    for phrase in expand(text)? {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut escaped = false;
        for c in phrase.chars() {
            if escaped {
                word.push(c);
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if matches!(c, ' ' | '_' | '\t') {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word).to_uppercase());
                }
            } else {
                word.push(c);
            }
        }
        if !word.is_empty() {
            words.push(word.to_uppercase());
        }
        if !words.is_empty() {
            out.push(words);
        }
    }
    if out.is_empty() {
        return Err("empty phrase".into());
    }
    Ok(out)
}

/// Parses a date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. A partial date
/// is the first day it covers, or the last when `end` is true.
pub(crate) fn parse_date(text: &str, end: bool) -> Result<Date, String> {
    let bad = || format!("bad date `{text}` (write YYYY-MM-DD, YYYY-MM or YYYY)");
    let parts: Vec<&str> = text.split('-').collect();
    let num = |s: &str, len: usize| -> Option<u32> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) { s.parse().ok() } else { None }
    };
    let year = num(parts[0], 4).ok_or_else(bad)? as i32;
    let month = match parts.get(1) {
        Some(m) => num(m, 2).filter(|m| (1..=12).contains(m)).ok_or_else(bad)?,
        None if end => 12,
        None => 1,
    };
    let day = match parts.get(2) {
        Some(d) => num(d, 2).ok_or_else(bad)?,
        None if end => days_in_month(year, month),
        None => 1,
    };
    if parts.len() > 3 {
        return Err(bad());
    }
    Date::from_ymd(year, month, day).ok_or_else(bad)
}

/// Parses a date range: `A..B` (both included), `A..` (from A on) or `..B`
/// (until B).
pub(crate) fn parse_range(text: &str) -> Result<When, String> {
    let text: String = text.split_whitespace().collect();
    let Some((from, until)) = text.split_once("..") else {
        return Err(format!("date range `{text}` needs `..` (A..B, A.. or ..B)"));
    };
    match (from.is_empty(), until.is_empty()) {
        (true, true) => Err("empty date range `..`".into()),
        (false, true) => Ok(When::From(parse_date(from, false)?)),
        (true, false) => Ok(When::Until(parse_date(until, true)?)),
        (false, false) => {
            let (a, b) = (parse_date(from, false)?, parse_date(until, true)?);
            if b < a {
                return Err(format!("date range `{text}` ends before it starts"));
            }
            Ok(When::Between(a, b))
        }
    }
}

/// Writes a date range as [`parse_range`] reads it.
pub(crate) fn format_range(when: When) -> String {
    let d = |d: Date| {
        let (y, m, day) = d.ymd();
        format!("{y:04}-{m:02}-{day:02}")
    };
    match when {
        When::Always => String::new(),
        When::Until(b) => format!("..{}", d(b)),
        When::From(a) => format!("{}..", d(a)),
        When::Between(a, b) => format!("{}..{}", d(a), d(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_indentation() {
        let got: Vec<(u32, bool, &str)> =
            lines("dyad actors\n# c\n\nRussia = RUS  # the country\n  + Russian\\#1 # x\n")
                .iter()
                .map(|l| (l.number, l.indented, l.text))
                .collect();
        assert_eq!(
            got,
            [(1, false, "dyad actors"), (4, false, "Russia = RUS"), (5, true, "+ Russian\\#1")]
        );
    }

    #[test]
    fn alternatives() {
        assert_eq!(expand("soldier(s)").unwrap(), ["soldier", "soldiers"]);
        assert_eq!(
            expand("(prime minister|premier) X").unwrap(),
            ["prime minister X", "premier X"]
        );
        assert_eq!(expand("a(b|c)d(e)").unwrap(), ["abd", "abde", "acd", "acde"]);
        assert_eq!(expand("x((a|b)c|d)").unwrap(), ["xac", "xbc", "xd"]);
        assert_eq!(expand("samoa \\(american\\)").unwrap(), ["samoa \\(american\\)"]);
        assert_eq!(unescape("samoa \\(american\\)"), "samoa (american)");
        assert!(expand("a(b").is_err());
        assert!(expand("a)b").is_err());
        assert!(expand("a|b").is_err());
        assert_eq!(phrases("troop(s) ").unwrap(), ["troop", "troops"]);
        assert_eq!(
            word_lists("weapons\\_grade plutonium_x(s)").unwrap(),
            [["WEAPONS_GRADE", "PLUTONIUM", "X"], ["WEAPONS_GRADE", "PLUTONIUM", "XS"]]
        );
    }

    #[test]
    fn escaping_round_trips() {
        for word in ["PAPUA#", "(ACTING", "A=B", "+X", "-Y", "PLAIN", "O'NEIL"] {
            assert_eq!(unescape(&escape_word(word)), word);
            assert_eq!(expand(&escape_word(word)).unwrap().len(), 1);
        }
    }

    #[test]
    fn dates() {
        assert_eq!(
            format_range(parse_range("2000-05-07..2008-05-07").unwrap()),
            "2000-05-07..2008-05-07"
        );
        assert_eq!(format_range(parse_range("2004..2009-02").unwrap()), "2004-01-01..2009-02-28");
        assert_eq!(format_range(parse_range("2012-05 ..").unwrap()), "2012-05-01..");
        assert_eq!(format_range(parse_range("..1999").unwrap()), "..1999-12-31");
        assert!(parse_range("2005..2004").is_err());
        assert!(parse_range("2005").is_err());
        assert!(parse_range("2005-13..").is_err());
        assert!(parse_range("2005-02-30..").is_err());
    }
}
