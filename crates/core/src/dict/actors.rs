//! Actor dictionaries (TABARI / PETRARCH format).
//!
//! A record is a primary phrase, optional `+synonym` lines and optional
//! indented date restrictions; every phrase of a record shares its codes:
//!
//! ```text
//! GOLLUM  # a comment
//! +SMEAGOL
//!     [HOB < 950601]
//!     [HOBGOV 19950601 - 19990815]
//!     [HOBREB > 990816]
//! ```
//!
//! A code on the primary line (`ARNOR [ARN]`) is an unrestricted default.
//! Dates are `YYMMDD` (00–30 → 20xx) or `YYYYMMDD`. Bounds are inclusive, as
//! the PETRARCH documentation says (PETRARCH-2 made the upper bound of an
//! interval exclusive; dyad follows the documented meaning).

use super::{CodeId, CodeTable, Diagnostics, Dictionaries, Origin};
use crate::date::Date;

/// When a dated actor code applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Always: the record's default code.
    Always,
    /// On or before the date (`<D`).
    Until(Date),
    /// On or after the date (`>D`).
    From(Date),
    /// From the first date to the second, both included (`D1-D2`).
    Between(Date, Date),
}

impl When {
    /// True when a sentence dated `date` falls in the window.
    pub fn contains(self, date: Date) -> bool {
        match self {
            When::Always => true,
            When::Until(d) => date <= d,
            When::From(d) => date >= d,
            When::Between(a, b) => a <= date && date <= b,
        }
    }
}

/// One code of an actor record, with the window in which it applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeRule {
    /// The actor code (`USAGOV`); may hold several codes joined by `/`.
    pub code: CodeId,
    /// When it applies.
    pub when: When,
}

/// The codes shared by an actor's phrases.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActorRecord {
    /// Codes in file order.
    pub rules: Vec<CodeRule>,
    /// Where the primary phrase is defined.
    pub origin: Origin,
}

impl ActorRecord {
    /// The code for a sentence dated `date`: the first dated rule whose
    /// window holds the date, else the last unrestricted code. Without a date,
    /// only unrestricted codes apply.
    pub fn resolve(&self, date: Option<Date>) -> Option<CodeId> {
        if let Some(date) = date
            && let Some(rule) =
                self.rules.iter().find(|r| r.when != When::Always && r.when.contains(date))
        {
            return Some(rule.code);
        }
        self.rules.iter().rev().find(|r| r.when == When::Always).map(|r| r.code)
    }
}

pub(crate) fn read(text: &str, file: u16, dicts: &mut Dictionaries, diag: &mut Diagnostics<'_>) {
    let mut current: Option<usize> = None;
    for line in super::lines::content_lines(text, true) {
        let origin = Origin { file, line: line.number };
        let content = line.text;
        if content.contains("---STOP---") {
            break;
        }
        let starts_indented = content.starts_with(|c: char| c.is_whitespace());
        let (phrase_part, codes_part) = match content.find('[') {
            Some(i) => (content[..i].trim(), &content[i..]),
            None => (content.trim(), ""),
        };
        if starts_indented && phrase_part.is_empty() {
            // A restriction line of the current record.
            let Some(record) = current else {
                diag.error(line.number, "date restriction before any actor");
                continue;
            };
            parse_rules(
                codes_part,
                line.number,
                &mut dicts.codes,
                &mut dicts.actor_records[record].rules,
                diag,
            );
            continue;
        }
        if starts_indented {
            diag.warning(
                line.number,
                format!("indented actor phrase `{phrase_part}` read as a new record"),
            );
        }
        if let Some(synonym) = phrase_part.strip_prefix('+') {
            let Some(record) = current else {
                diag.error(line.number, "synonym before any actor");
                continue;
            };
            if !codes_part.is_empty() {
                diag.warning(line.number, "codes on a synonym line apply to the whole record");
                parse_rules(
                    codes_part,
                    line.number,
                    &mut dicts.codes,
                    &mut dicts.actor_records[record].rules,
                    diag,
                );
            }
            if !dicts.actors.add(synonym, record as u32, origin, &mut dicts.lexicon) {
                diag.error(line.number, "empty synonym");
            }
            continue;
        }
        // A primary phrase starts a new record.
        if let Some(prev) = current {
            check_record(&dicts.actor_records[prev], diag);
        }
        let record = dicts.actor_records.len();
        dicts.actor_records.push(super::ActorRecord { rules: Vec::new(), origin });
        current = Some(record);
        parse_rules(
            codes_part,
            line.number,
            &mut dicts.codes,
            &mut dicts.actor_records[record].rules,
            diag,
        );
        if !dicts.actors.add(phrase_part, record as u32, origin, &mut dicts.lexicon) {
            diag.error(line.number, "actor line without a phrase");
        }
    }
    if let Some(prev) = current {
        check_record(&dicts.actor_records[prev], diag);
    }
}

fn check_record(record: &ActorRecord, diag: &mut Diagnostics<'_>) {
    if record.rules.is_empty() {
        diag.error(record.origin.line, "actor has no code");
    }
}

/// Parses every `[...]` group of `text` into rules.
fn parse_rules(
    text: &str,
    line: u32,
    codes: &mut CodeTable,
    rules: &mut Vec<CodeRule>,
    diag: &mut Diagnostics<'_>,
) {
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            diag.error(line, "unclosed '[' in actor code");
            return;
        };
        let inner = rest[open + 1..open + close].trim();
        rest = &rest[open + close + 1..];
        match parse_rule(inner, codes) {
            Ok(rule) => rules.push(rule),
            Err(why) => diag.error(line, format!("{why} in `[{inner}]`")),
        }
    }
    if !rest.trim().is_empty() {
        diag.warning(line, format!("text after actor codes: `{}`", rest.trim()));
    }
}

fn parse_rule(inner: &str, codes: &mut CodeTable) -> Result<CodeRule, String> {
    let (code, restriction) = match inner.find(char::is_whitespace) {
        Some(i) => (&inner[..i], inner[i..].trim()),
        None => (inner, ""),
    };
    if code.is_empty() {
        return Err("empty code".into());
    }
    let when = if restriction.is_empty() {
        When::Always
    } else if let Some(d) = restriction.strip_prefix('<') {
        When::Until(parse_date(d)?)
    } else if let Some(d) = restriction.strip_prefix('>') {
        When::From(parse_date(d)?)
    } else if let Some((a, b)) = restriction.split_once('-') {
        let (a, b) = (parse_date(a)?, parse_date(b)?);
        if b < a {
            return Err("interval ends before it starts".into());
        }
        When::Between(a, b)
    } else {
        return Err("date without '<', '>' or '-'".into());
    };
    Ok(CodeRule { code: codes.intern(code), when })
}

fn parse_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    Date::parse_compact(text).ok_or_else(|| format!("bad date `{text}`"))
}

#[cfg(test)]
mod tests {
    use crate::date::Date;
    use crate::dict::DictionariesBuilder;

    fn resolve(dict: &str, phrase: &str, date: &str) -> Option<String> {
        let mut b = DictionariesBuilder::new();
        b.actors("t.actors", dict);
        let (d, _) = b.build();
        let words: Vec<_> = phrase.split(' ').map(|w| d.lexicon().get(w)).collect();
        let (p, _) = d.actors().match_at(&words, 0)?;
        let code = d.actor_records()[p.value as usize].resolve(Date::parse_compact(date))?;
        Some(d.codes().text(code).to_string())
    }

    #[test]
    fn dated_codes() {
        let dict = "GOLLUM  # c\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\n";
        assert_eq!(resolve(dict, "SMEAGOL", "19940101").as_deref(), Some("HOB"));
        assert_eq!(resolve(dict, "GOLLUM", "19970101").as_deref(), Some("HOBGOV"));
        assert_eq!(resolve(dict, "GOLLUM", "19990815").as_deref(), Some("HOBGOV"));
        assert_eq!(resolve(dict, "GOLLUM", "20050101").as_deref(), Some("HOBREB"));
        assert_eq!(resolve(dict, "GOLLUM", "19990816").as_deref(), Some("HOBREB"));
    }

    #[test]
    fn default_and_several_codes_on_the_primary_line() {
        let dict = "ANN_VENEMAN_\t[USAGOV 010120-050120] [IGOUNOKID >050501]\nOBAMA [USAELI]\n\t[USAGOV >090120]\n";
        assert_eq!(resolve(dict, "ANN VENEMAN", "20030101").as_deref(), Some("USAGOV"));
        assert_eq!(resolve(dict, "ANN VENEMAN", "20060101").as_deref(), Some("IGOUNOKID"));
        assert_eq!(resolve(dict, "ANN VENEMAN", "20050301"), None);
        assert_eq!(resolve(dict, "OBAMA", "20100101").as_deref(), Some("USAGOV"));
        assert_eq!(resolve(dict, "OBAMA", "20000101").as_deref(), Some("USAELI"));
    }

    #[test]
    fn diagnostics() {
        let mut b = DictionariesBuilder::new();
        b.actors("t.actors", "+ORPHAN\nNOCODE\nBAD [X <99999999]\nOK [Y]\n\t[Z 950101-940101]\n");
        let (_, diags) = b.build();
        let lines: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            lines,
            [
                "t.actors:1: error: synonym before any actor",
                "t.actors:2: error: actor has no code",
                "t.actors:3: error: bad date `99999999` in `[X <99999999]`",
                "t.actors:3: error: actor has no code",
                "t.actors:5: error: interval ends before it starts in `[Z 950101-940101]`",
            ]
        );
    }
}
