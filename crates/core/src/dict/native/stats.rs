//! Coverage counts of a dictionary set (`dyad dict stats`).

use rustc_hash::FxHashSet;

use super::cameo_tables::{COUNTRY_BLOCKS, EVENT_CODES, GROUP_BLOCKS, is_event_code};
use crate::dict::{CodeId, Dictionaries, VerbCode, When};

/// Region codes of the CAMEO country table (not countries).
const REGIONS: &[&str] = &[
    "AFR", "ASA", "BLK", "CRB", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR", "LAM",
    "MEA", "MDT", "NAF", "NMR", "PGS", "SCN", "SAM", "SAS", "SEA", "SAF", "WAF", "WST", "BAG",
];

/// Blocks that mark an armed or political non-state group.
const GROUP_ROLES: &[&str] = &["REB", "INS", "SEP", "UAF", "IMG", "OPP", "RAD", "CRM"];

impl Dictionaries {
    /// Coverage counts, as `(what, count)` pairs in a fixed order: countries
    /// and territories with a code of their own, organisations, armed and
    /// political groups, office holders, agents, verbs, patterns, the CAMEO
    /// event codes some verb or pattern can give, and so on.
    pub fn coverage(&self) -> Vec<(&'static str, usize)> {
        let code = |id: CodeId| self.codes.text(id);
        let mut countries: FxHashSet<&str> = FxHashSet::default();
        let (mut n_orgs, mut n_groups, mut n_holders, mut n_terms) = (0, 0, 0, 0);
        for record in &self.actor_records {
            let mut org = false;
            let mut group = false;
            for rule in &record.rules {
                let c = code(rule.code);
                if c.len() == 3 && COUNTRY_BLOCKS.binary_search(&c).is_ok() && !REGIONS.contains(&c)
                {
                    countries.insert(c);
                }
                let blocks: Vec<&str> = code_blocks(c).collect();
                if blocks.first().is_some_and(|b| matches!(*b, "IGO" | "NGO" | "MNC")) {
                    org = true;
                }
                if blocks.iter().any(|b| GROUP_ROLES.contains(b)) {
                    group = true;
                }
            }
            n_orgs += usize::from(org);
            n_groups += usize::from(group && !org);
            let dated = record.rules.iter().filter(|r| r.when != When::Always).count();
            n_holders += usize::from(dated > 0);
            n_terms += dated;
        }
        let agent_codes: FxHashSet<CodeId> = self.agent_codes.iter().map(|a| a.code).collect();
        let (mut n_single, mut n_multi) = (0, 0);
        for form in self.verbs.forms.values() {
            n_single += usize::from(form.single.is_some());
            n_multi += form.multi.len();
        }
        let n_reachable = self
            .reachable_codes()
            .iter()
            .filter(|c| {
                let t = self.codes.text(**c);
                t.len() > 2 && is_event_code(t)
            })
            .count();
        vec![
            ("countries and territories", countries.len()),
            ("actor records", self.actor_records.len()),
            ("actor phrases", self.actors.len()),
            ("organisations (IGO, NGO, MNC)", n_orgs),
            ("armed and political groups", n_groups),
            ("CAMEO known groups covered", self.known_groups_covered().len()),
            ("office holders (actors with dated codes)", n_holders),
            ("dated codes (terms of office)", n_terms),
            ("agent phrases", self.agents.len()),
            ("agent codes", agent_codes.len()),
            ("verb classes", self.verbs.classes.len()),
            ("verb forms", n_single),
            ("multi-word verb forms", n_multi),
            ("synsets", self.verbs.synsets.len()),
            ("verb patterns", self.verbs.n_patterns()),
            ("CAMEO event codes reachable", n_reachable),
            (
                "CAMEO event codes in the codebook (roots left out)",
                EVENT_CODES.iter().filter(|c| c.len() > 2).count(),
            ),
            ("discards", self.discards.len()),
            ("issue phrases", self.issues.len()),
        ]
    }

    /// The CAMEO event codes that no verb or pattern gives, in code order.
    /// The two-digit roots (`01` to `20`) are categories, not codes events
    /// are given (their residual codes `010` to `200` are), so they are not
    /// listed.
    pub fn unreachable_event_codes(&self) -> Vec<&'static str> {
        let reachable: FxHashSet<&str> =
            self.reachable_codes().iter().map(|c| self.codes.text(*c)).collect();
        EVENT_CODES.iter().copied().filter(|c| c.len() > 2 && !reachable.contains(*c)).collect()
    }

    /// Codes some verb gives, or some pattern of a class that has verbs.
    fn reachable_codes(&self) -> FxHashSet<CodeId> {
        let mut reachable = FxHashSet::default();
        let mut add = |c: VerbCode| {
            let ids = match c {
                VerbCode::Null => [None, None],
                VerbCode::Code(a) => [Some(a), None],
                VerbCode::Pair(a, b) | VerbCode::Voice(a, b) => [a, b],
            };
            reachable.extend(ids.into_iter().flatten());
        };
        let mut has_verbs = vec![false; self.verbs.classes.len()];
        for form in self.verbs.forms.values() {
            for s in form.single.iter().chain(form.multi.iter().map(|m| &m.sense)) {
                has_verbs[s.class as usize] = true;
                add(s.code);
            }
        }
        for (class, _) in self.verbs.classes.iter().zip(&has_verbs).filter(|(_, h)| **h) {
            for p in &class.patterns {
                add(p.code);
            }
        }
        reachable
    }

    /// The CAMEO known-group codes (`NAT`, `ALQ`, ...) that no actor code
    /// contains as one of its blocks, in code order.
    pub fn uncovered_known_groups(&self) -> Vec<&'static str> {
        let covered = self.known_groups_covered();
        GROUP_BLOCKS.iter().copied().filter(|g| !covered.contains(g)).collect()
    }

    /// The known-group codes some actor code contains as one of its blocks.
    fn known_groups_covered(&self) -> FxHashSet<&str> {
        let mut covered = FxHashSet::default();
        for record in &self.actor_records {
            for rule in &record.rules {
                covered.extend(
                    code_blocks(self.codes.text(rule.code))
                        .filter(|b| GROUP_BLOCKS.binary_search(b).is_ok()),
                );
            }
        }
        covered
    }
}

/// The three-letter blocks of an actor code (a short tail is left out).
fn code_blocks(code: &str) -> impl Iterator<Item = &str> {
    (0..code.len() / 3).filter_map(|i| code.get(i * 3..i * 3 + 3))
}

#[cfg(test)]
mod tests {
    use super::super::tests::build;

    #[test]
    fn counts() {
        let (d, diags) = build(&[
            (
                "a.txt",
                "dyad actors\nRussia = RUS\nMoscow = RUSGOV\nNATO = IGOWSTNAT\nTaliban = AFGINSTAL\nPutin\n  = RUSGOV 2000..2008\n  = RUSELI\n",
            ),
            (
                "v.txt",
                "dyad verbs\nclass MEET = 040\n  meet {meets met meeting}\n  sit down {sits sat sitting}\n  - * talks = 043\nclass NONE\n  - * x = 044\n",
            ),
        ]);
        assert!(diags.is_empty(), "{diags:?}");
        let c = d.coverage();
        let get = |k: &str| c.iter().find(|(name, _)| *name == k).map(|(_, n)| *n);
        assert_eq!(get("countries and territories"), Some(1));
        assert_eq!(get("organisations (IGO, NGO, MNC)"), Some(1));
        assert_eq!(get("armed and political groups"), Some(1));
        assert_eq!(get("CAMEO known groups covered"), Some(2));
        assert_eq!(get("office holders (actors with dated codes)"), Some(1));
        assert_eq!(get("verb forms"), Some(4));
        assert_eq!(get("multi-word verb forms"), Some(4));
        assert_eq!(get("verb patterns"), Some(2));
        assert_eq!(get("CAMEO event codes reachable"), Some(2));
        let missing = d.unreachable_event_codes();
        assert!(missing.contains(&"044") && !missing.contains(&"043") && missing.len() == 290);
        let groups = d.uncovered_known_groups();
        assert!(!groups.contains(&"NAT") && !groups.contains(&"TAL"));
        assert!(groups.contains(&"HMS") && groups.contains(&"AAM") && groups.contains(&"XFM"));
        assert_eq!(groups.len() + 2, super::GROUP_BLOCKS.len());
    }
}
