//! Agent dictionaries: roles such as `FOREIGN_MINISTER [~GOVFRM]` that are
//! combined with an actor (`Russian foreign minister` → `RUS` + `GOVFRM`).
//!
//! ```text
//! !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
//! CONGRESS!PERSON! [~LEG]        # CONGRESSMAN, CONGRESSMEN, ...
//! POLICE {} [~COP]               # no plural
//! ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]
//! HUMAN_RIGHTS_BODY  [NGO~]      # a code written before the actor's
//! ```
//!
//! Regular plurals are generated: `Y` → `IES`, `S` → `SES`, else `+S`.

use rustc_hash::FxHashMap;

use super::{CodeId, Diagnostics, Dictionaries, Origin};

/// The code an agent adds to an actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgentCode {
    /// The code without its `~` (`GOV`).
    pub code: CodeId,
    /// True for `NGO~`: the code goes before the actor code.
    pub prefix: bool,
}

pub(crate) fn read(text: &str, file: u16, dicts: &mut Dictionaries, diag: &mut Diagnostics<'_>) {
    let mut markers: FxHashMap<String, Vec<String>> = FxHashMap::default();
    for line in super::lines::content_lines(text, false) {
        let content = line.text.trim();
        let origin = Origin { file, line: line.number };
        if content.contains('!') && content.contains('=') && !content.contains('[') {
            let (name, list) = content.split_once('=').unwrap_or((content, ""));
            let name = name.trim().trim_matches('!').to_uppercase();
            let items: Vec<String> = list
                .split(',')
                .map(|s| s.trim().to_uppercase())
                .filter(|s| !s.is_empty())
                .collect();
            if name.is_empty() || items.is_empty() {
                diag.error(line.number, "substitution marker incorrectly defined");
            } else {
                markers.insert(name, items);
            }
            continue;
        }
        let Some(open) = content.find('[') else {
            diag.error(line.number, "agent without a code");
            continue;
        };
        let Some(close) = content[open..].find(']') else {
            diag.error(line.number, "unclosed '[' in agent code");
            continue;
        };
        let raw_code = content[open + 1..open + close].trim();
        let (code, prefix) = if let Some(c) = raw_code.strip_prefix('~') {
            (c, false)
        } else if let Some(c) = raw_code.strip_suffix('~') {
            (c, true)
        } else {
            diag.warning(
                line.number,
                format!("agent code `{raw_code}` has no '~'; read as a suffix"),
            );
            (raw_code, false)
        };
        if code.is_empty() {
            diag.error(line.number, "empty agent code");
            continue;
        }
        let value = dicts.agent_codes.len() as u32;
        dicts.agent_codes.push(AgentCode { code: dicts.codes.intern(code), prefix });
        let phrase_part = content[..open].trim();
        let mut phrases: Vec<String> = Vec::new();
        if let Some(start) = phrase_part.find('!') {
            let Some(len) = phrase_part[start + 1..].find('!') else {
                diag.error(line.number, "substitution marker syntax incorrect");
                continue;
            };
            let name = phrase_part[start + 1..start + 1 + len].to_uppercase();
            let Some(items) = markers.get(&name) else {
                diag.error(line.number, format!("substitution marker !{name}! is not defined"));
                continue;
            };
            for item in items {
                phrases.push(format!(
                    "{}{}{}",
                    &phrase_part[..start],
                    item,
                    &phrase_part[start + len + 2..]
                ));
            }
        } else if let Some(brace) = phrase_part.find('{') {
            let Some(end) = phrase_part[brace..].find('}') else {
                diag.error(line.number, "missing '}'");
                continue;
            };
            phrases.push(phrase_part[..brace].trim().to_string());
            let plural = phrase_part[brace + 1..brace + end].trim();
            if !plural.is_empty() {
                phrases.push(plural.to_string());
            }
        } else {
            phrases.push(phrase_part.to_string());
            phrases.push(plural(phrase_part));
        }
        for phrase in phrases {
            if !dicts.agents.add(&phrase, value, origin, &mut dicts.lexicon) {
                diag.error(line.number, "agent without a phrase");
            }
        }
    }
}

/// The regular plural of a phrase's last word.
fn plural(phrase: &str) -> String {
    let upper = phrase.trim_end_matches('_').to_uppercase();
    if let Some(stem) = upper.strip_suffix('Y') {
        format!("{stem}IES")
    } else if upper.ends_with('S') {
        format!("{upper}ES")
    } else {
        format!("{upper}S")
    }
}

#[cfg(test)]
mod tests {
    use crate::dict::DictionariesBuilder;

    fn phrases(dict: &str) -> Vec<(String, String)> {
        let mut b = DictionariesBuilder::new();
        b.agents("t.agents", dict);
        let (d, diags) = b.build();
        assert!(diags.is_empty(), "{diags:?}");
        d.agents()
            .phrases()
            .iter()
            .map(|p| {
                let words: Vec<&str> = p.words.iter().map(|w| d.lexicon().text(*w)).collect();
                let code = d.agent_codes()[p.value as usize];
                let code = if code.prefix {
                    format!("{}~", d.codes().text(code.code))
                } else {
                    format!("~{}", d.codes().text(code.code))
                };
                (words.join(" "), code)
            })
            .collect()
    }

    #[test]
    fn plurals_and_markers() {
        let got = phrases(
            "!PERSON! = MAN, MEN\nCONGRESS!PERSON! [~LEG]\nPOLICE {} [~COP]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\nAUTHORITY [~GOV]\nCONGRESS [~LEG]\nMSF {} [NGO~]\n",
        );
        let want = [
            ("CONGRESSMAN", "~LEG"),
            ("CONGRESSMEN", "~LEG"),
            ("POLICE", "~COP"),
            ("ATTORNEY GENERAL", "~GOV"),
            ("ATTORNEYS GENERAL", "~GOV"),
            ("AUTHORITY", "~GOV"),
            ("AUTHORITIES", "~GOV"),
            ("CONGRESS", "~LEG"),
            ("CONGRESSES", "~LEG"),
            ("MSF", "NGO~"),
        ];
        let want: Vec<(String, String)> =
            want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        assert_eq!(got, want);
    }
}
