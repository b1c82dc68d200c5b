//! CAMEO codes for a verb that governs another: an appeal (02), intent (03),
//! demand (10), rejection (12) or threat (13) whose object is an action.
//!
//! "Russia called on Ukraine to release the prisoners" is not a release: it
//! is an appeal for a release, CAMEO 0253. The codebook gives each of these
//! five families sub-codes that mirror the cooperative and conflictual roots
//! (material cooperation 06, diplomatic cooperation 05, aid 07, yielding 08,
//! meeting 04, mediation 045; reducing relations 16, force 18 to 20, ...).
//! [`combine`] maps the governed action's code into the governing family,
//! as specifically as the codebook allows.

/// The slot a governed action takes inside an appeal, intent, demand or
/// rejection family, with its sub-code digit where the family has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    /// Material cooperation (061 to 064).
    Material(Option<u8>),
    /// Diplomatic cooperation (05x).
    Diplomatic,
    /// Aid (071 to 075).
    Aid(Option<u8>),
    /// Political reform (083x).
    Reform(Option<u8>),
    /// Yielding (081, 082, 084 to 087).
    Yield(Option<u8>),
    /// Meeting or negotiating (04x but 045).
    Meet,
    /// Mediating (045).
    Mediate,
}

/// The digit after the root of a 3-digit code, as a number (`"0613"` → 1).
fn third(code: &str) -> Option<u8> {
    code.as_bytes().get(2).filter(|b| b.is_ascii_digit()).map(|b| b - b'0')
}

/// The fourth digit, if any (`"0831"` → 1).
fn fourth(code: &str) -> Option<u8> {
    code.as_bytes().get(3).filter(|b| b.is_ascii_digit()).map(|b| b - b'0')
}

fn slot(inner: &str) -> Option<Slot> {
    let root = inner.get(..2)?;
    let sub = third(inner).filter(|&d| d != 0);
    Some(match root {
        "06" => Slot::Material(sub.filter(|&d| d <= 4)),
        "05" => Slot::Diplomatic,
        "07" => Slot::Aid(sub.map(|d| d.min(4))),
        "04" if sub == Some(5) => Slot::Mediate,
        "04" => Slot::Meet,
        "08" => match sub {
            Some(3) => Slot::Reform(fourth(inner).filter(|&d| (1..=4).contains(&d))),
            Some(1) => Slot::Yield(Some(1)),
            Some(2) => Slot::Yield(Some(2)),
            Some(4) => Slot::Yield(Some(3)),
            Some(5) => Slot::Yield(Some(4)),
            Some(6) => Slot::Yield(Some(5)),
            Some(7) => Slot::Yield(Some(6)),
            _ => Slot::Yield(None),
        },
        _ => return None,
    })
}

/// The code of `slot` in `family` (02, 03, 10 or 12), with its sub-code
/// digit when there is one; `None` when the family has no code for it.
fn family_code(family: &str, slot: Slot) -> Option<String> {
    // The slot's third digit (or, for 12, its whole three-digit code), and
    // the sub-code digit.
    let (three, sub) = match (family, slot) {
        ("12", Slot::Material(d)) => ("121", d.filter(|&d| d <= 3)),
        ("12", Slot::Diplomatic) => return None,
        ("12", Slot::Aid(d)) => ("122", d),
        ("12", Slot::Reform(d)) => ("123", d),
        ("12", Slot::Yield(d)) => ("124", d),
        ("12", Slot::Meet) => ("125", None),
        ("12", Slot::Mediate) => ("126", None),
        (_, Slot::Material(d)) => ("1", d),
        (_, Slot::Diplomatic) => ("2", None),
        (_, Slot::Aid(d)) => ("3", d),
        (_, Slot::Reform(d)) => ("4", d),
        (_, Slot::Yield(d)) => ("5", d),
        (_, Slot::Meet) => ("6", None),
        // 03 has both "accept mediation" (038) and "mediate" (039).
        ("03", Slot::Mediate) => ("9", None),
        (_, Slot::Mediate) => ("8", None),
    };
    let three = if three.len() == 3 { three.to_string() } else { format!("{family}{three}") };
    Some(match sub {
        Some(d) => format!("{three}{d}"),
        None => three,
    })
}

/// The threat (13) of the action `inner`.
fn threat(inner: &str) -> Option<&'static str> {
    let root = inner.get(..2)?;
    let sub = third(inner);
    Some(match (root, sub) {
        ("18", _) => "1383",
        ("19", Some(1)) => "1381",
        ("19", Some(2)) => "1382",
        ("19", _) => "1384",
        ("20", Some(4)) => "1385",
        ("20", _) | ("15", _) => "138",
        ("16", Some(1)) => "1313",
        ("16", Some(2)) => "1311",
        ("16", Some(3)) => "1312",
        ("16", Some(4)) => "134",
        ("16", Some(5)) => "135",
        ("16", Some(6)) => "136",
        ("16", _) => "131",
        ("17", _) => "137",
        ("14", _) => "133",
        _ => return None,
    })
}

/// The code of the governing family `governor` (its code; only the root
/// counts) applied to the action `inner`, most specific first: the caller
/// falls back along the returned list to the first code its tables know.
/// Empty when the governor is not an appeal, intent, demand, rejection or
/// threat, or the action has no place in its family.
pub(crate) fn combine(governor: &str, inner: &str) -> Vec<String> {
    let Some(family) = governor.get(..2) else { return Vec::new() };
    let best = match family {
        "13" => threat(inner).map(str::to_string),
        "02" | "03" | "10" | "12" => slot(inner).and_then(|s| family_code(family, s)),
        _ => None,
    };
    // An intent to use force is a threat.
    let best = best.or_else(|| {
        let force = matches!(inner.get(..2), Some("18" | "19" | "20"));
        (family == "03" && force).then(|| threat(inner).unwrap_or("138").to_string())
    });
    let Some(best) = best else { return Vec::new() };
    let mut out = vec![best.clone()];
    if best.len() == 4 {
        out.push(best[..3].to_string());
    }
    out
}

/// Every code [`combine`] can return, for the dictionaries to know them
/// all.
pub(crate) fn producible_codes() -> Vec<String> {
    let mut inner = Vec::new();
    for root in 4..=20u8 {
        inner.push(format!("{root:02}0"));
        for third in 1..=9u8 {
            inner.push(format!("{root:02}{third}"));
            for fourth in 1..=9u8 {
                inner.push(format!("{root:02}{third}{fourth}"));
            }
        }
    }
    let mut out: Vec<String> = ["020", "030", "100", "120", "130"]
        .iter()
        .flat_map(|family| inner.iter().flat_map(move |code| combine(family, code)))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::{combine, producible_codes};

    #[test]
    fn producible_codes_are_cameo_shaped() {
        let codes = producible_codes();
        assert!(codes.contains(&"0253".to_string()) && codes.contains(&"1385".to_string()));
        assert!(!codes.contains(&"0215".to_string()) && !codes.contains(&"1214".to_string()));
        assert!(codes.iter().all(|c| c.len() == 3 || c.len() == 4));
    }

    fn first(governor: &str, inner: &str) -> Option<String> {
        combine(governor, inner).into_iter().next()
    }

    #[test]
    fn appeals() {
        assert_eq!(first("025", "0841").as_deref(), Some("0253"));
        assert_eq!(first("020", "040").as_deref(), Some("026"));
        assert_eq!(first("020", "062").as_deref(), Some("0212"));
        assert_eq!(first("020", "073").as_deref(), Some("0233"));
        assert_eq!(first("020", "0871").as_deref(), Some("0256"));
        assert_eq!(first("020", "0832").as_deref(), Some("0242"));
        assert_eq!(first("020", "045").as_deref(), Some("028"));
        assert_eq!(first("020", "190"), None);
    }

    #[test]
    fn intents_demands_rejections() {
        assert_eq!(first("030", "040").as_deref(), Some("036"));
        assert_eq!(first("030", "045").as_deref(), Some("039"));
        assert_eq!(first("030", "190").as_deref(), Some("1384"));
        assert_eq!(first("100", "0841").as_deref(), Some("1053"));
        assert_eq!(first("100", "051").as_deref(), Some("102"));
        assert_eq!(first("120", "064").as_deref(), Some("121"));
        assert_eq!(first("120", "040").as_deref(), Some("125"));
        assert_eq!(first("120", "051"), None);
        assert_eq!(first("120", "0841").as_deref(), Some("1243"));
    }

    #[test]
    fn threats() {
        assert_eq!(first("130", "190").as_deref(), Some("1384"));
        assert_eq!(first("138", "191").as_deref(), Some("1381"));
        assert_eq!(first("130", "163").as_deref(), Some("1312"));
        assert_eq!(first("130", "204").as_deref(), Some("1385"));
        assert_eq!(first("130", "173").as_deref(), Some("137"));
        assert_eq!(first("130", "040"), None);
    }

    #[test]
    fn fallback_to_three_digits() {
        assert_eq!(combine("020", "0841"), ["0253", "025"]);
        assert_eq!(combine("010", "040"), Vec::<String>::new());
    }
}
