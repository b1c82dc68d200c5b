//! CAMEO and PLOVER code tables: event names, Goldstein scores, quad classes,
//! the CAMEO to PLOVER mapping, and the parts of actor codes.
//!
//! The tables are data, kept as tab-separated files in the repository's
//! `data/cameo/` (its README gives their provenance and the choices made).
//! [`CameoTables::builtin`] parses the copies embedded in this crate;
//! [`CameoTables::parse`] parses any other set of the same files.
//!
//! # Example
//!
//! ```
//! use dyad_core::cameo::{CameoTables, QuadClass};
//!
//! let tables = CameoTables::builtin();
//! let event = tables.event("036").unwrap();
//! assert_eq!(event.name, "Express intent to meet or negotiate");
//! assert_eq!(event.goldstein, Some(4.0));
//! assert_eq!(event.quad_class, Some(QuadClass::VerbalCooperation));
//! assert_eq!(event.plover.unwrap().event_type, "AGREE");
//! assert_eq!(tables.country("USAGOV"), Some("USA"));
//! assert_eq!(tables.country("IGOUNO"), None);
//! ```

use std::fmt;

use rustc_hash::FxHashMap;

use crate::dict::{Diagnostic, Diagnostics};

/// The text of each table file, as in `data/cameo/`.
#[derive(Clone, Copy, Debug)]
pub struct TableSources<'s> {
    /// `events.tsv`: code, name, GDELT and ICEWS Goldstein values, note.
    pub events: &'s str,
    /// `quad_classes.tsv`: root, quad class.
    pub quad_classes: &'s str,
    /// `plover.tsv`: CAMEO code, PLOVER event type, mode, context, note.
    pub plover: &'s str,
    /// `countries.tsv`: code, name, kind, origin, note.
    pub countries: &'s str,
    /// `types.tsv`: actor type code, name.
    pub types: &'s str,
    /// `groups.tsv`: known-group code, name.
    pub groups: &'s str,
    /// `religions.tsv`: religion code, name.
    pub religions: &'s str,
    /// `ethnic.tsv`: ethnic-group code, name.
    pub ethnic: &'s str,
}

impl TableSources<'static> {
    /// The tables shipped with dyad (embedded at compile time).
    pub const BUILTIN: TableSources<'static> = TableSources {
        events: include_str!("../../../data/cameo/events.tsv"),
        quad_classes: include_str!("../../../data/cameo/quad_classes.tsv"),
        plover: include_str!("../../../data/cameo/plover.tsv"),
        countries: include_str!("../../../data/cameo/countries.tsv"),
        types: include_str!("../../../data/cameo/types.tsv"),
        groups: include_str!("../../../data/cameo/groups.tsv"),
        religions: include_str!("../../../data/cameo/religions.tsv"),
        ethnic: include_str!("../../../data/cameo/ethnic.tsv"),
    };
}

/// The four CAMEO quad classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QuadClass {
    /// 1: verbal cooperation.
    VerbalCooperation = 1,
    /// 2: material cooperation.
    MaterialCooperation = 2,
    /// 3: verbal conflict.
    VerbalConflict = 3,
    /// 4: material conflict.
    MaterialConflict = 4,
}

impl QuadClass {
    /// The class from its number, 1 to 4.
    pub fn from_number(number: u8) -> Option<QuadClass> {
        match number {
            1 => Some(QuadClass::VerbalCooperation),
            2 => Some(QuadClass::MaterialCooperation),
            3 => Some(QuadClass::VerbalConflict),
            4 => Some(QuadClass::MaterialConflict),
            _ => None,
        }
    }

    /// The class's number, 1 to 4 (GDELT's `QuadClass` column).
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The class's name, e.g. `verbal cooperation`.
    pub fn name(self) -> &'static str {
        match self {
            QuadClass::VerbalCooperation => "verbal cooperation",
            QuadClass::MaterialCooperation => "material cooperation",
            QuadClass::VerbalConflict => "verbal conflict",
            QuadClass::MaterialConflict => "material conflict",
        }
    }
}

impl fmt::Display for QuadClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What the CAMEO to PLOVER mapping says about an event code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plover<'t> {
    /// PLOVER event type, e.g. `AGREE`, `ASSAULT`.
    pub event_type: &'t str,
    /// PLOVER mode, e.g. `visit` for CAMEO 042, where the mapping gives one.
    pub mode: Option<&'t str>,
    /// PLOVER contexts, e.g. `["military", "legal"]`; may be empty.
    pub context: &'t [Box<str>],
    /// True when the code has no row of its own and the event type is its
    /// parent code's (mode and context are then left out).
    pub inherited: bool,
}

/// Everything the tables say about one CAMEO event code.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EventInfo<'t> {
    /// The code, e.g. `036`.
    pub code: &'t str,
    /// The CAMEO name, e.g. `Express intent to meet or negotiate`.
    pub name: &'t str,
    /// The root code, the first two digits (`03`).
    pub root: &'t str,
    /// Goldstein score as GDELT publishes it, else the ICEWS value.
    pub goldstein: Option<f32>,
    /// Goldstein score as ICEWS publishes it.
    pub goldstein_icews: Option<f32>,
    /// Quad class, from the root.
    pub quad_class: Option<QuadClass>,
    /// PLOVER event type and mode, where the mapping gives one.
    pub plover: Option<Plover<'t>>,
}

/// What kind of place a country-table code names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CountryKind {
    /// A current country or territory.
    Country,
    /// A region (`AFR`, `MEA`, `WST`, `GZS`).
    Region,
    /// A former state (`SUN`, `YUG`).
    Historical,
}

/// A country or region code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CountryInfo<'t> {
    /// The three-letter code.
    pub code: &'t str,
    /// Its name.
    pub name: &'t str,
    /// Country, region or former state.
    pub kind: CountryKind,
}

/// The parts of an actor code such as `USAGOVREB` or `IGOUNO`, in the shape of
/// GDELT's actor columns. All parts are slices of the code given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActorParts<'c> {
    /// Country or region code (first three letters only).
    pub country: Option<&'c str>,
    /// Known group (`UNO`, `ALQ`), the first one found.
    pub known_group: Option<&'c str>,
    /// Ethnic-group code, the first one found.
    pub ethnic: Option<&'c str>,
    /// Up to two religion codes.
    pub religion: [Option<&'c str>; 2],
    /// Up to three type or role codes (`GOV`, `REB`, `IGO`).
    pub types: [Option<&'c str>; 3],
}

struct EventRow {
    code: Box<str>,
    name: Box<str>,
    goldstein_gdelt: Option<f32>,
    goldstein_icews: Option<f32>,
}

struct PloverRow {
    event_type: Box<str>,
    mode: Option<Box<str>>,
    context: Vec<Box<str>>,
}

struct CountryRow {
    name: Box<str>,
    kind: CountryKind,
}

/// The CAMEO and PLOVER tables, parsed. Lookups never allocate.
pub struct CameoTables {
    events: Vec<EventRow>,
    event_idx: FxHashMap<Box<str>, usize>,
    /// Quad class by root number (index 0 unused).
    quad_classes: [Option<QuadClass>; 21],
    plover: FxHashMap<Box<str>, PloverRow>,
    countries: FxHashMap<Box<str>, CountryRow>,
    types: FxHashMap<Box<str>, Box<str>>,
    groups: FxHashMap<Box<str>, Box<str>>,
    religions: FxHashMap<Box<str>, Box<str>>,
    ethnic: FxHashMap<Box<str>, Box<str>>,
}

impl fmt::Debug for CameoTables {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CameoTables")
            .field("events", &self.events.len())
            .field("plover", &self.plover.len())
            .field("countries", &self.countries.len())
            .field("types", &self.types.len())
            .field("groups", &self.groups.len())
            .finish_non_exhaustive()
    }
}

impl CameoTables {
    /// The tables shipped with dyad ([`TableSources::BUILTIN`]).
    ///
    /// The embedded files are checked by this module's tests, so their
    /// diagnostics (always none) are dropped.
    pub fn builtin() -> CameoTables {
        CameoTables::parse(&TableSources::BUILTIN).0
    }

    /// Parses a set of table files. A bad row is skipped and reported; it
    /// never stops the parse.
    pub fn parse(sources: &TableSources<'_>) -> (CameoTables, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut tables = CameoTables {
            events: Vec::new(),
            event_idx: FxHashMap::default(),
            quad_classes: [None; 21],
            plover: FxHashMap::default(),
            countries: FxHashMap::default(),
            types: FxHashMap::default(),
            groups: FxHashMap::default(),
            religions: FxHashMap::default(),
            ethnic: FxHashMap::default(),
        };

        let mut diag = Diagnostics { file: "events.tsv", out: &mut diagnostics };
        for (line, cells) in rows(sources.events, 5, &mut diag) {
            let code = cells[0];
            if !is_event_code(code) {
                diag.error(line, format!("bad event code '{code}'"));
                continue;
            }
            let goldstein_gdelt = parse_score(cells[2], line, &mut diag);
            let goldstein_icews = parse_score(cells[3], line, &mut diag);
            if tables.event_idx.contains_key(code) {
                diag.warning(line, format!("duplicate event code '{code}'"));
                continue;
            }
            tables.event_idx.insert(code.into(), tables.events.len());
            tables.events.push(EventRow {
                code: code.into(),
                name: cells[1].into(),
                goldstein_gdelt,
                goldstein_icews,
            });
        }

        let mut diag = Diagnostics { file: "quad_classes.tsv", out: &mut diagnostics };
        for (line, cells) in rows(sources.quad_classes, 2, &mut diag) {
            let root = root_number(cells[0]).filter(|_| cells[0].len() == 2);
            let class = cells[1].parse::<u8>().ok().and_then(QuadClass::from_number);
            match (root, class) {
                (Some(root), Some(class)) => tables.quad_classes[root] = Some(class),
                _ => diag.error(line, format!("bad quad class row '{}\t{}'", cells[0], cells[1])),
            }
        }

        let mut diag = Diagnostics { file: "plover.tsv", out: &mut diagnostics };
        for (line, cells) in rows(sources.plover, 5, &mut diag) {
            let code = cells[0];
            if !is_event_code(code) || cells[1].is_empty() {
                diag.error(line, format!("bad PLOVER row for '{code}'"));
                continue;
            }
            if tables.plover.contains_key(code) {
                diag.warning(line, format!("duplicate PLOVER row for '{code}'"));
                continue;
            }
            let row = PloverRow {
                event_type: cells[1].into(),
                mode: (!cells[2].is_empty()).then(|| cells[2].into()),
                context: cells[3]
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(Into::into)
                    .collect(),
            };
            tables.plover.insert(code.into(), row);
        }

        let mut diag = Diagnostics { file: "countries.tsv", out: &mut diagnostics };
        for (line, cells) in rows(sources.countries, 5, &mut diag) {
            let kind = match cells[2] {
                "country" => CountryKind::Country,
                "region" => CountryKind::Region,
                "historical" => CountryKind::Historical,
                other => {
                    diag.error(line, format!("unknown country kind '{other}'"));
                    continue;
                }
            };
            if !is_actor_triple(cells[0]) {
                diag.error(line, format!("bad country code '{}'", cells[0]));
                continue;
            }
            if tables.countries.contains_key(cells[0]) {
                diag.warning(line, format!("duplicate country code '{}'", cells[0]));
                continue;
            }
            tables.countries.insert(cells[0].into(), CountryRow { name: cells[1].into(), kind });
        }

        for (file, text, map) in [
            ("types.tsv", sources.types, &mut tables.types),
            ("groups.tsv", sources.groups, &mut tables.groups),
            ("religions.tsv", sources.religions, &mut tables.religions),
            ("ethnic.tsv", sources.ethnic, &mut tables.ethnic),
        ] {
            let mut diag = Diagnostics { file, out: &mut diagnostics };
            for (line, cells) in rows(text, 2, &mut diag) {
                if !is_actor_triple(cells[0]) {
                    diag.error(line, format!("bad code '{}'", cells[0]));
                    continue;
                }
                if map.contains_key(cells[0]) {
                    diag.warning(line, format!("duplicate code '{}'", cells[0]));
                    continue;
                }
                map.insert(cells[0].into(), cells[1].into());
            }
        }
        (tables, diagnostics)
    }

    /// Everything known about an event code, or `None` when the code is not
    /// in the event table.
    pub fn event(&self, code: &str) -> Option<EventInfo<'_>> {
        let row = &self.events[*self.event_idx.get(code)?];
        Some(self.info(row))
    }

    fn info<'t>(&'t self, row: &'t EventRow) -> EventInfo<'t> {
        EventInfo {
            code: &row.code,
            name: &row.name,
            root: &row.code[..2],
            goldstein: row.goldstein_gdelt.or(row.goldstein_icews),
            goldstein_icews: row.goldstein_icews,
            quad_class: self.quad_class(&row.code),
            plover: self.plover(&row.code),
        }
    }

    /// Every event code in table order (by root, then code).
    pub fn events(&self) -> impl Iterator<Item = EventInfo<'_>> + '_ {
        self.events.iter().map(|row| self.info(row))
    }

    /// The CAMEO name of an event code.
    pub fn name(&self, code: &str) -> Option<&str> {
        Some(&self.events[*self.event_idx.get(code)?].name)
    }

    /// The Goldstein score of an event code (GDELT's value, else ICEWS's).
    pub fn goldstein(&self, code: &str) -> Option<f32> {
        let row = &self.events[*self.event_idx.get(code)?];
        row.goldstein_gdelt.or(row.goldstein_icews)
    }

    /// The root code of an event code: its first two digits when they name a
    /// root from `01` to `20` (`0362` → `03`). Works for codes missing from
    /// the event table too.
    pub fn root(code: &str) -> Option<&str> {
        root_number(code).map(|_| &code[..2])
    }

    /// The quad class of an event code, from its root.
    pub fn quad_class(&self, code: &str) -> Option<QuadClass> {
        self.quad_classes[root_number(code)?]
    }

    /// The PLOVER event type, mode and context of an event code. A code with
    /// no row of its own takes its parent's event type (`1834` → `183`,
    /// `155` → `15`), marked [`Plover::inherited`].
    pub fn plover(&self, code: &str) -> Option<Plover<'_>> {
        if let Some(row) = self.plover.get(code) {
            return Some(Plover {
                event_type: &row.event_type,
                mode: row.mode.as_deref(),
                context: &row.context,
                inherited: false,
            });
        }
        let mut parent = code.get(..code.len().checked_sub(1)?)?;
        while parent.len() >= 2 {
            if let Some(row) = self.plover.get(parent) {
                return Some(Plover {
                    event_type: &row.event_type,
                    mode: None,
                    context: &[],
                    inherited: true,
                });
            }
            parent = &parent[..parent.len() - 1];
        }
        None
    }

    /// The country or region part of an actor code: its first three letters
    /// when they are in the country table (`USAGOV` → `USA`, `AFRREB` →
    /// `AFR`); `None` for `IGOUNO`, `---GOV`, `NGO`.
    pub fn country<'c>(&self, actor_code: &'c str) -> Option<&'c str> {
        let head = actor_code.get(..3)?;
        self.countries.contains_key(head).then_some(head)
    }

    /// A country or region code's entry.
    pub fn country_info(&self, code: &str) -> Option<CountryInfo<'_>> {
        let (code, row) = self.countries.get_key_value(code)?;
        Some(CountryInfo { code, name: &row.name, kind: row.kind })
    }

    /// The name of an actor type or role code (`GOV` → `Government`).
    pub fn type_name(&self, code: &str) -> Option<&str> {
        self.types.get(code).map(|n| &**n)
    }

    /// The name of a known-group code (`ALQ` → `Al Qaeda`).
    pub fn group_name(&self, code: &str) -> Option<&str> {
        self.groups.get(code).map(|n| &**n)
    }

    /// The name of a religion code (`CHR` → `Christianity`).
    pub fn religion_name(&self, code: &str) -> Option<&str> {
        self.religions.get(code).map(|n| &**n)
    }

    /// The name of an ethnic-group code (`kur`); codes are lower case.
    pub fn ethnic_name(&self, code: &str) -> Option<&str> {
        self.ethnic.get(code).map(|n| &**n)
    }

    /// Splits an actor code into three-letter parts and names each by the
    /// tables: the first part may be a country or region; the others (and a
    /// first part that is not a country) are looked up as known groups,
    /// types, religions and ethnic groups, in that order. Unknown parts and
    /// a trailing part shorter than three letters are ignored.
    ///
    /// ```
    /// let tables = dyad_core::cameo::CameoTables::builtin();
    /// let parts = tables.actor_parts("IGOUNOKID");
    /// assert_eq!(parts.country, None);
    /// assert_eq!(parts.types[0], Some("IGO"));
    /// assert_eq!(parts.known_group, Some("UNO"));
    /// ```
    pub fn actor_parts<'c>(&self, actor_code: &'c str) -> ActorParts<'c> {
        let mut parts = ActorParts::default();
        let mut n_types = 0;
        let mut n_religions = 0;
        let mut start = 0;
        while let Some(triple) = actor_code.get(start..start + 3) {
            let first = start == 0;
            start += 3;
            if first && triple == "---" {
                continue;
            }
            if first && self.countries.contains_key(triple) {
                parts.country = Some(triple);
            } else if self.groups.contains_key(triple) && parts.known_group.is_none() {
                parts.known_group = Some(triple);
            } else if self.types.contains_key(triple) {
                if n_types < 3 {
                    parts.types[n_types] = Some(triple);
                    n_types += 1;
                }
            } else if self.religions.contains_key(triple) {
                if n_religions < 2 {
                    parts.religion[n_religions] = Some(triple);
                    n_religions += 1;
                }
            } else if parts.ethnic.is_none() && self.ethnic_name(triple).is_some() {
                parts.ethnic = Some(triple);
            }
        }
        parts
    }
}

/// The data rows of a table: comment lines (`#`) and the header skipped,
/// each row split into exactly `n_cells` cells (missing trailing cells are
/// empty; rows with too many cells are reported and skipped).
fn rows<'s>(text: &'s str, n_cells: usize, diag: &mut Diagnostics<'_>) -> Vec<(u32, [&'s str; 5])> {
    let mut out = Vec::new();
    let mut seen_header = false;
    for (idx, raw) in text.lines().enumerate() {
        let line = idx as u32 + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.starts_with('#') || raw.trim().is_empty() {
            continue;
        }
        if !seen_header {
            seen_header = true;
            continue;
        }
        let mut cells = [""; 5];
        let mut too_many = false;
        for (n, cell) in raw.split('\t').enumerate() {
            if n == n_cells {
                too_many = true;
                break;
            }
            cells[n] = cell.trim();
        }
        if too_many {
            diag.error(line, format!("more than {n_cells} cells"));
            continue;
        }
        if cells[0].is_empty() {
            diag.error(line, "empty code");
            continue;
        }
        out.push((line, cells));
    }
    out
}

fn parse_score(cell: &str, line: u32, diag: &mut Diagnostics<'_>) -> Option<f32> {
    if cell.is_empty() {
        return None;
    }
    match cell.parse::<f32>() {
        Ok(v) if (-10.0..=10.0).contains(&v) => Some(v),
        _ => {
            diag.error(line, format!("bad Goldstein score '{cell}'"));
            None
        }
    }
}

/// True for 2- to 4-digit codes starting with a root from 01 to 20.
fn is_event_code(code: &str) -> bool {
    (2..=4).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_digit())
        && root_number(code).is_some()
}

fn is_actor_triple(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic())
}

/// The root number (1 to 20) of a code's first two digits.
fn root_number(code: &str) -> Option<usize> {
    let b = code.as_bytes();
    if b.len() < 2 || !b[0].is_ascii_digit() || !b[1].is_ascii_digit() {
        return None;
    }
    let n = usize::from(b[0] - b'0') * 10 + usize::from(b[1] - b'0');
    (1..=20).contains(&n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables() -> CameoTables {
        let (tables, diagnostics) = CameoTables::parse(&TableSources::BUILTIN);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        tables
    }

    #[test]
    fn builtin_tables_parse_cleanly() {
        let t = tables();
        assert_eq!(t.events.len(), 317);
        assert_eq!(t.plover.len(), 274);
        assert_eq!(t.countries.len(), 274);
        assert_eq!(t.types.len(), 39);
        assert_eq!(t.groups.len(), 115);
        assert_eq!(t.religions.len(), 31);
        assert_eq!(t.ethnic.len(), 641);
        assert!(t.quad_classes[1..].iter().all(Option::is_some));
    }

    #[test]
    fn every_code_has_a_name_root_and_quad_class() {
        let t = tables();
        for event in t.events() {
            assert!(!event.name.is_empty(), "{}", event.code);
            assert_eq!(event.root, &event.code[..2]);
            assert!(event.quad_class.is_some(), "{}", event.code);
            assert!(t.event(event.root).is_some(), "root of {} missing", event.code);
            if event.code.len() == 4 {
                assert!(t.event(&event.code[..3]).is_some(), "parent of {}", event.code);
            }
        }
        let n_with_goldstein = t.events().filter(|e| e.goldstein.is_some()).count();
        // 155, 176, 1834, 1951 and 1952 have no published value.
        assert_eq!(n_with_goldstein, 312);
    }

    /// Code, name, Goldstein, quad class, PLOVER type, mode.
    type Case<'a> = (&'a str, &'a str, Option<f32>, u8, Option<&'a str>, Option<&'a str>);

    #[test]
    fn event_lookups() {
        let t = tables();
        #[rustfmt::skip]
        let cases: &[Case<'_>] = &[
            ("036", "Express intent to meet or negotiate", Some(4.0), 1, Some("AGREE"), None),
            ("010", "Make statement, not specified below", Some(0.0), 1, None, None),
            ("01", "MAKE PUBLIC STATEMENT", Some(0.0), 1, None, None),
            ("042", "Make a visit", Some(1.9), 1, Some("CONSULT"), Some("visit")),
            ("057", "Sign formal agreement", Some(8.0), 1, Some("SUPPORT"), None),
            ("0841", "Return, release person(s)", Some(7.0), 2, Some("RETREAT"), Some("release")),
            ("106", "Demand meeting, negotiation", Some(-5.0), 3, Some("REQUEST"), Some("meet")),
            ("1213", "Reject judicial cooperation", Some(-4.0), 3, Some("REJECT"), Some("assist")),
            ("128", "Defy norms, law", Some(-5.0), 3, Some("REJECT"), Some("yield")),
            ("145", "Protest violently, riot, not specified below", Some(-7.5), 4, Some("PROTEST"), Some("riot")),
            ("173", "Arrest, detain, or charge with legal action", Some(-5.0), 4, Some("COERCE"), Some("arrest")),
            ("175", "Use tactics of violent repression", Some(-9.0), 4, Some("ASSAULT"), None),
            ("190", "Use conventional military force, not specified below", Some(-10.0), 4, Some("ASSAULT"), None),
            ("1834", "Carry out location bombing", None, 4, Some("ASSAULT"), None),
            ("2042", "Detonate nuclear weapons", Some(-10.0), 4, Some("ASSAULT"), Some("unconventional")),
        ];
        for &(code, name, goldstein, quad, plover, mode) in cases {
            let e = t.event(code).unwrap_or_else(|| panic!("{code} missing"));
            assert_eq!(e.name, name, "{code}");
            assert_eq!(e.goldstein, goldstein, "{code}");
            assert_eq!(e.quad_class.map(QuadClass::number), Some(quad), "{code}");
            assert_eq!(e.plover.map(|p| p.event_type), plover, "{code}");
            assert_eq!(e.plover.and_then(|p| p.mode), mode, "{code}");
            assert_eq!(t.name(code), Some(name));
            assert_eq!(t.goldstein(code), goldstein);
        }
    }

    #[test]
    fn quad_class_follows_the_root() {
        let t = tables();
        for (root, quad) in
            [("01", 1), ("05", 1), ("06", 2), ("08", 2), ("09", 3), ("13", 3), ("14", 4), ("20", 4)]
        {
            assert_eq!(t.quad_class(root).map(QuadClass::number), Some(quad), "{root}");
        }
        // Codes missing from the table still have a root and a quad class.
        assert_eq!(CameoTables::root("0399"), Some("03"));
        assert_eq!(t.quad_class("0399"), Some(QuadClass::VerbalCooperation));
        for bad in ["", "0", "00", "21", "x1", "---"] {
            assert_eq!(CameoTables::root(bad), None, "{bad}");
            assert_eq!(t.quad_class(bad), None, "{bad}");
        }
        assert!(t.event("999").is_none());
        assert_eq!(QuadClass::MaterialConflict.to_string(), "material conflict");
    }

    #[test]
    fn plover_context_and_inheritance() {
        let t = tables();
        let p = t.plover("094").unwrap();
        assert_eq!(p.event_type, "ACCUSE");
        assert_eq!(p.mode, Some("investigate"));
        assert_eq!(p.context.iter().map(|c| &**c).collect::<Vec<_>>(), ["military", "legal"]);
        assert!(!p.inherited);
        let p = t.plover("155").unwrap();
        assert_eq!((p.event_type, p.mode, p.inherited), ("MOBILIZE", None, true));
        let p = t.plover("1834").unwrap();
        assert_eq!((p.event_type, p.mode, p.inherited), ("ASSAULT", None, true));
        assert_eq!(t.plover("0211"), None);
        assert_eq!(t.plover("01"), None);
        assert_eq!(t.plover(""), None);
    }

    #[test]
    fn actor_countries_and_parts() {
        let t = tables();
        for (code, country) in [
            ("USAGOV", Some("USA")),
            ("USA", Some("USA")),
            ("RUSMIL", Some("RUS")),
            ("ROUGOV", Some("ROU")),
            ("SSDREB", Some("SSD")),
            ("AFRREB", Some("AFR")),
            ("PSEGOV", Some("PSE")),
            ("IGOUNO", None),
            ("NGO", None),
            ("---GOV", None),
            ("GOV", None),
            ("US", None),
            ("", None),
            ("ÜSAGOV", None),
        ] {
            assert_eq!(t.country(code), country, "{code}");
        }
        assert_eq!(t.country_info("SUN").unwrap().kind, CountryKind::Historical);
        assert_eq!(t.country_info("COL").unwrap().name, "Colombia");
        assert_eq!(t.country_info("MEA").unwrap().kind, CountryKind::Region);

        let p = t.actor_parts("USAGOVREB");
        assert_eq!(p.country, Some("USA"));
        assert_eq!(p.types, [Some("GOV"), Some("REB"), None]);
        let p = t.actor_parts("---MIL");
        assert_eq!((p.country, p.types[0]), (None, Some("MIL")));
        let p = t.actor_parts("SYRCHRxx");
        assert_eq!((p.country, p.religion[0], p.types[0]), (Some("SYR"), Some("CHR"), None));
        let p = t.actor_parts("IRQkur");
        assert_eq!(p.ethnic, Some("kur"));
        let p = t.actor_parts("NGOAMN");
        assert_eq!((p.types[0], p.known_group), (Some("NGO"), Some("AMN")));
        assert_eq!(t.actor_parts("日本語"), ActorParts::default());
        assert_eq!(t.type_name("GOV"), Some("Government"));
        assert_eq!(t.group_name("ALQ"), Some("Al Qaeda"));
        assert_eq!(t.religion_name("CHR"), Some("Christianity"));
    }

    #[test]
    fn bad_rows_are_reported_and_skipped() {
        let sources = TableSources {
            events: "# c\ncode\tname\tg\ti\tnote\n036\tMeet\t4\t4\t\n36\tx\t\t\t\n040\tConsult\tlots\t1\n",
            quad_classes: "root\tquad\n03\t1\n04\t9\n",
            plover: "cameo\ttype\tmode\tcontext\tnote\n036\tAGREE\t\t\t\t\textra\n",
            countries: "code\tname\tkind\n",
            types: "code\tname\nGOV\tGovernment\nGOV\tAgain\n",
            groups: "",
            religions: "code\tname\n",
            ethnic: "code\tname\n",
        };
        let (t, diagnostics) = CameoTables::parse(&sources);
        let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "events.tsv:4: error: bad event code '36'",
                "events.tsv:5: error: bad Goldstein score 'lots'",
                "quad_classes.tsv:3: error: bad quad class row '04\t9'",
                "plover.tsv:2: error: more than 5 cells",
                "types.tsv:3: warning: duplicate code 'GOV'",
            ]
        );
        assert_eq!(t.event("036").unwrap().quad_class, Some(QuadClass::VerbalCooperation));
        assert_eq!(t.event("040").unwrap().goldstein, Some(1.0));
        assert_eq!(t.event("040").unwrap().quad_class, None);
        assert_eq!(t.type_name("GOV"), Some("Government"));
    }
}
