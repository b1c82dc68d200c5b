//! dyad's built-in dictionaries: the files under `dictionaries/` at the
//! repository root, written in dyad's own format (`docs/dictionaries.md`),
//! checked and compiled when this crate is built, and embedded in the binary
//! as a dictionary cache. Loading them costs what loading a cache costs.
//!
//! # Example
//!
//! ```
//! let dicts = dyad_builtin::dictionaries();
//! assert!(!dicts.discards().is_empty());
//! assert!(dyad_builtin::diagnostics().is_empty());
//! ```
#![deny(missing_docs)]

use dyad_core::dict::{Diagnostic, Dictionaries, Severity};

/// The compiled cache, written by the build script.
static CACHE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.dict"));

/// What compiling the files said (warnings only: errors fail the build), as
/// `file \t line \t message` lines.
static DIAGNOSTICS: &str = include_str!(concat!(env!("OUT_DIR"), "/diagnostics.tsv"));

/// The built-in dictionaries.
///
/// # Panics
///
/// Never in practice: the cache is written by this crate's own build script
/// with the same version of `dyad-core`.
pub fn dictionaries() -> Dictionaries {
    Dictionaries::from_cache_bytes(CACHE)
        .expect("the built-in dictionary cache is written at build time")
}

/// The built-in dictionaries in their binary cache form.
pub fn cache_bytes() -> &'static [u8] {
    CACHE
}

/// The warnings the build found in the built-in dictionary files.
pub fn diagnostics() -> Vec<Diagnostic> {
    DIAGNOSTICS
        .lines()
        .filter_map(|l| {
            let mut parts = l.splitn(3, '\t');
            let file = parts.next()?.to_string();
            let line = parts.next()?.parse().ok()?;
            let message = parts.next()?.to_string();
            Some(Diagnostic { file, line, message, severity: Severity::Warning })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    /// The built-in set has no warnings, from reading or from `lint`.
    #[test]
    fn clean() {
        let dicts = super::dictionaries();
        let mut all: Vec<String> = super::diagnostics().iter().map(|d| d.to_string()).collect();
        all.extend(dicts.lint().iter().map(|d| d.to_string()));
        assert!(all.is_empty(), "{} diagnostics:\n{}", all.len(), all.join("\n"));
    }

    /// Every CAMEO event code (the roots `01` to `20` aside) is given by
    /// some verb or pattern.
    #[test]
    fn every_cameo_code_is_reachable() {
        let missing = super::dictionaries().unreachable_event_codes();
        assert!(missing.is_empty(), "{} codes unreachable: {}", missing.len(), missing.join(" "));
    }

    /// Parsed news sentences coded with the built-in dictionaries.
    #[test]
    fn codes_news_sentences() {
        use dyad_core::coder::Coder;
        use dyad_core::date::Date;
        use dyad_core::tree::Tree;

        let dicts = super::dictionaries();
        let mut coder = Coder::new(&dicts);
        let cases = [
            (
                "(ROOT (S (NP (NNP Russia)) (VP (VBD imposed) (NP (JJ new) (NNS sanctions)) (PP (IN on) (NP (NNP Ukraine)))) (. .)))",
                "RUS UKR 163",
            ),
            (
                "(ROOT (S (NP (NNP Israel)) (VP (VBD lifted) (NP (DT the) (NN siege)) (PP (IN of) (NP (NNP Gaza)))) (. .)))",
                "ISR PSE 0872",
            ),
            (
                "(ROOT (S (NP (NNP Obama)) (VP (VBD held) (NP (NNS talks)) (PP (IN with) (NP (NNP Putin)))) (. .)))",
                "USAGOV RUSGOV 046",
            ),
            (
                "(ROOT (S (NP (NNP France)) (VP (VBD called) (PRT (RP on)) (NP (NNP Iran)) (S (VP (TO to) (VP (VB release) (NP (DT the) (NNS hostages)))))) (. .)))",
                "FRA IRN 0253",
            ),
            (
                "(ROOT (S (NP (JJ Syrian) (NNS troops)) (VP (VBD opened) (NP (NN fire)) (PP (IN on) (NP (JJ Turkish) (NNS protesters)))) (. .)))",
                "SYRMIL TUROPP 193",
            ),
            (
                "(ROOT (S (NP (NNP Hamas)) (VP (VBD declared) (NP (DT a) (NN ceasefire)) (PP (IN with) (NP (NNP Israel)))) (. .)))",
                "PSEREBHMS ISR 0871",
            ),
        ];
        for (parse, want) in cases {
            let tree = Tree::from_ptb(parse).expect("parse");
            let result = coder.code_tree(&tree, Date::from_ymd(2010, 6, 1));
            let got: Vec<String> =
                result.events.iter().map(|e| result.describe(e, &dicts)).collect();
            assert_eq!(got, [want], "{parse}");
        }
    }
}
