//! Issue dictionaries: phrases that tag an event's sentence with a theme.
//!
//! ```text
//! <ISSUE CATEGORY="EDUCATION">
//! n:teacher [TEACHERS]          # TEACHER and TEACHERS
//! ethnic v:purge [ID_ATROCITY]   # PURGE, PURGES, PURGED, PURGING
//! pre+k [EARLY_CHILDHOOD]        # "PRE K" and "PRE-K"
//! ~financial literacy            # found: no issues for the sentence
//! </ISSUE>
//! ```
//!
//! Phrases match whole words, case-insensitively.

use super::{CodeId, Diagnostics, Dictionaries, Origin};

/// One expanded issue phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssueRule {
    /// Upper-case words joined by single spaces.
    pub text: String,
    /// The issue code, or `None` for an ignore phrase (`~phrase`).
    pub code: Option<CodeId>,
    /// Where it was defined.
    pub origin: Origin,
}

pub(crate) fn read(text: &str, file: u16, dicts: &mut Dictionaries, diag: &mut Diagnostics<'_>) {
    for line in super::lines::content_lines(text, false) {
        let content = line.text.trim();
        if content.starts_with('<') {
            continue; // <ISSUE ...> and </ISSUE> group lines
        }
        let origin = Origin { file, line: line.number };
        let (phrase, code) = if let Some(rest) = content.strip_prefix('~') {
            (rest.trim_start_matches('~').trim(), None)
        } else {
            let Some(open) = content.find('[') else {
                diag.error(line.number, "issue phrase without a code");
                continue;
            };
            let Some(len) = content[open..].find(']') else {
                diag.error(line.number, "unclosed '[' in issue code");
                continue;
            };
            let code = content[open + 1..open + len].trim();
            if code.is_empty() {
                diag.error(line.number, "empty issue code");
                continue;
            }
            (content[..open].trim(), Some(dicts.codes.intern(code)))
        };
        let forms = expand(&phrase.to_uppercase());
        if forms.is_empty() {
            diag.error(line.number, "empty issue phrase");
        }
        for form in forms {
            dicts.issues.push(IssueRule { text: form, code, origin });
        }
    }
}

/// Expands `n:`, `v:` and `+` into every form of a phrase.
fn expand(phrase: &str) -> Vec<String> {
    let mut forms: Vec<Vec<String>> = vec![Vec::new()];
    for word in phrase.split_whitespace() {
        let variants: Vec<String> = if let Some(noun) = word.strip_prefix("N:") {
            variants_plus(noun).into_iter().flat_map(|w| [w.clone(), noun_plural(&w)]).collect()
        } else if let Some(verb) = word.strip_prefix("V:") {
            variants_plus(verb).into_iter().flat_map(|w| verb_forms(&w)).collect()
        } else {
            variants_plus(word)
        };
        let mut next = Vec::with_capacity(forms.len() * variants.len());
        for form in &forms {
            for v in &variants {
                let mut f = form.clone();
                f.extend(v.split(' ').map(str::to_string));
                next.push(f);
            }
        }
        forms = next;
    }
    let mut out: Vec<String> =
        forms.into_iter().filter(|f| !f.is_empty()).map(|f| f.join(" ")).collect();
    out.dedup();
    out
}

/// `AL+ZARQAWI` → `AL ZARQAWI` and `AL-ZARQAWI`.
fn variants_plus(word: &str) -> Vec<String> {
    if !word.contains('+') {
        return vec![word.to_string()];
    }
    vec![word.replace('+', " "), word.replace('+', "-")]
}

fn noun_plural(word: &str) -> String {
    match word.strip_suffix('Y') {
        Some(stem) if !stem.ends_with(['A', 'E', 'O', 'U']) => format!("{stem}IES"),
        _ if word.ends_with('S')
            || word.ends_with("SH")
            || word.ends_with("CH")
            || word.ends_with('X') =>
        {
            format!("{word}ES")
        }
        _ => format!("{word}S"),
    }
}

fn verb_forms(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string(), format!("{word}S")];
    if let Some(stem) = word.strip_suffix('E') {
        out.push(format!("{word}D"));
        out.push(format!("{stem}ING"));
    } else {
        out.push(format!("{word}ED"));
        out.push(format!("{word}ING"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::expand;

    #[test]
    fn expansions() {
        assert_eq!(expand("N:TEACHER"), ["TEACHER", "TEACHERS"]);
        assert_eq!(
            expand("ETHNIC V:PURGE"),
            ["ETHNIC PURGE", "ETHNIC PURGES", "ETHNIC PURGED", "ETHNIC PURGING"]
        );
        assert_eq!(expand("PRE+K"), ["PRE K", "PRE-K"]);
        assert_eq!(expand("N:ATROCITY"), ["ATROCITY", "ATROCITIES"]);
        assert_eq!(expand("WAR N:CRIME"), ["WAR CRIME", "WAR CRIMES"]);
    }
}
