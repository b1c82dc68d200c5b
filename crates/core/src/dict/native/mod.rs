//! dyad's own dictionary format: plain text, one file per kind, every line
//! traceable. `docs/dictionaries.md` is the full description; in short:
//!
//! ```text
//! dyad actors                      # the first line names the kind
//! Russia = RUS                     # a phrase starts a record...
//!   + Russian Federation           # ...synonyms follow, indented
//!   + Russian(s)                   # (a|b) and (s) give alternatives
//! Vladimir Putin
//!   + Putin
//!   = RUSGOV 2000-05-07..2008-05-07  # dated codes, both ends included
//!   = RUSGOV 2012-05-07..
//!   = RUSELI                       # the code when no date matches
//! ```
//!
//! ```text
//! dyad verbs
//! synset &CURRENCY
//!   dollar(s)
//! class MEET = 040                 # a verb class and its default code
//!   meet {meets met meeting}       # irregular forms listed in braces
//!   sit down {sits sat sitting}    # a multi-word verb (first word inflects)
//!   - * with_+ = 040               # a pattern around the verb `*`
//!   - $ * ^ + = 036 passive 037    # active/passive codes
//! ```
//!
//! Agents (`troop(s) = ~MIL`), discards (`sentence baseball*`,
//! `story world cup`) and issues (`massacre(s) = ATROCITY`,
//! `ignore saturday night massacre`) are one line per entry.
//!
//! Each file is compiled into the same [`Dictionaries`] as the PETRARCH
//! formats; [`Dictionaries::to_native`] writes any compiled set back in this
//! format (this is `dyad dict import`).

pub(crate) mod cameo_tables;
mod dump;
mod lint;
mod people;
mod stats;
mod syntax;
mod verbs;
mod write;

use super::verbs::VerbBuilder;
use super::{Diagnostics, Dictionaries};

use super::DictionariesBuilder;

/// The kinds of dictionary file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Actors,
    Agents,
    Verbs,
    Discards,
    Issues,
}

impl Kind {
    pub(crate) const ALL: [Kind; 5] =
        [Kind::Verbs, Kind::Actors, Kind::Agents, Kind::Discards, Kind::Issues];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Actors => "actors",
            Kind::Agents => "agents",
            Kind::Verbs => "verbs",
            Kind::Discards => "discards",
            Kind::Issues => "issues",
        }
    }
}

impl DictionariesBuilder {
    /// The kind a file in dyad's format declares in its header line
    /// (`dyad actors` gives `actors`); `None` for any other file, such as a
    /// PETRARCH dictionary.
    pub fn native_kind(text: &str) -> Option<&'static str> {
        let first = syntax::lines(text).into_iter().next()?;
        header_kind(first.text).map(Kind::name)
    }
}

fn header_kind(line: &str) -> Option<Kind> {
    let mut words = line.split_whitespace();
    if words.next() != Some("dyad") {
        return None;
    }
    let kind = words.next()?;
    if words.next().is_some() {
        return None;
    }
    Kind::ALL.into_iter().find(|k| k.name() == kind)
}

/// Reads one file in dyad's format into the dictionaries being built.
pub(crate) fn read(
    text: &str,
    file: u16,
    dicts: &mut Dictionaries,
    verbs: &mut VerbBuilder,
    diag: &mut Diagnostics<'_>,
) {
    let lines = syntax::lines(text);
    let Some(first) = lines.first() else {
        diag.error(0, "empty file: a dictionary starts with a line `dyad <kind>`");
        return;
    };
    let Some(kind) = header_kind(first.text) else {
        diag.error(
            first.number,
            "the first line must be `dyad actors`, `dyad agents`, `dyad verbs`, `dyad discards` or `dyad issues`",
        );
        return;
    };
    let body = &lines[1..];
    match kind {
        Kind::Actors => people::read_actors(body, file, dicts, diag),
        Kind::Agents => people::read_agents(body, file, dicts, diag),
        Kind::Verbs => verbs::read(body, file, dicts, verbs, diag),
        Kind::Discards => people::read_discards(body, file, dicts, diag),
        Kind::Issues => people::read_issues(body, file, dicts, diag),
    }
}

#[cfg(test)]
mod tests {
    use crate::dict::{Dictionaries, DictionariesBuilder};

    /// Compiles native files; returns the dictionaries and the diagnostics
    /// as text.
    pub(crate) fn build(files: &[(&str, &str)]) -> (Dictionaries, Vec<String>) {
        let mut b = DictionariesBuilder::new();
        for (name, text) in files {
            b.native(name, text);
        }
        let (d, diags) = b.build();
        (d, diags.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn headers() {
        assert_eq!(
            crate::dict::DictionariesBuilder::native_kind("# c\n\ndyad verbs\n"),
            Some("verbs")
        );
        assert_eq!(crate::dict::DictionariesBuilder::native_kind("--- MEET [040] ---\n"), None);
        let (_, diags) =
            build(&[("a.txt", "ARNOR [ARN]\n"), ("b.txt", ""), ("c.txt", "dyad nouns\n")]);
        assert_eq!(
            diags,
            [
                "a.txt:1: error: the first line must be `dyad actors`, `dyad agents`, `dyad verbs`, `dyad discards` or `dyad issues`",
                "b.txt:0: error: empty file: a dictionary starts with a line `dyad <kind>`",
                "c.txt:1: error: the first line must be `dyad actors`, `dyad agents`, `dyad verbs`, `dyad discards` or `dyad issues`",
            ]
        );
    }
}
