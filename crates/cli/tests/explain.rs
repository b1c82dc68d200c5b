//! `dyad explain`: one sentence, its parse, actors and verbs with the
//! dictionary lines behind them, and why events were or were not made.

mod util;

use util::{Dir, data_dir, run};

fn explain(dir: &Dir, args: &[&str]) -> util::Run {
    let dicts = data_dir().join("petr");
    let mut all = vec!["explain"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--dictionaries", dicts.to_str().unwrap()]);
    run(dir.dyad(&all))
}

#[test]
fn an_event_with_its_dictionary_lines() {
    let dir = Dir::new();
    let out =
        explain(&dir, &["The Valdorian prime minister met Ostravia.", "--date", "2012-03-05"]);
    out.assert_code(0);
    let text = &out.stdout;
    for want in [
        "date: 2012-03-05",
        "== sentence 0: The Valdorian prime minister met Ostravia.",
        "linear form: (ROOT (S (NE VALGOV THE VALDORIAN PRIME MINISTER ~NE (VP1 (VBD MET",
        "\"The Valdorian prime minister\" → VALGOV",
        "actor  petr.actors.txt:3  +VALDORIAN",
        "agent  petr.agents.txt:4  PRIME_MINISTER [~GOV]",
        "\"met\": code 040; 1 event",
        "verb     petr.verbs.txt:8  MEET {MET MEETS MEETING}",
        "VALGOV OST 040",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // A dated code: Ivo Brandt was a rebel until 2009, then in government.
    let rebel = explain(&dir, &["Ivo Brandt met Ostravia.", "--date", "2009-06-01"]);
    assert!(rebel.stdout.contains("\"Ivo Brandt\" → VALREB"), "{}", rebel.stdout);
    assert!(rebel.stdout.contains("actor  petr.actors.txt:8  IVO_BRANDT"), "{}", rebel.stdout);
    let minister = explain(&dir, &["Ivo Brandt met Ostravia.", "--date", "2011-06-01"]);
    assert!(minister.stdout.contains("VALGOV OST 040"), "{}", minister.stdout);
}

#[test]
fn why_there_is_no_event() {
    let dir = Dir::new();
    let negated = explain(&dir, &["Ostravia did not meet Marentia."]);
    negated.assert_code(0);
    assert!(negated.stdout.contains("\"meet\": code 040; negated: no event"), "{}", negated.stdout);
    assert!(negated.stdout.contains("events: none"), "{}", negated.stdout);
    let unknown = explain(&dir, &["Ostravia praised Marentia."]);
    assert!(
        unknown.stdout.contains("\"praised\": not a verb of the dictionaries"),
        "{}",
        unknown.stdout
    );
}

#[test]
fn a_given_parse_and_bad_arguments() {
    let dir = Dir::new();
    let parse = "(ROOT (S (NP (NNP Marentia)) (VP (VBZ has) (VP (VBN been) (VP (VBN blockaded) \
                 (PP (IN by) (NP (NNP Ostravia)))))) (. .)))";
    let out = explain(&dir, &["ignored", "--parse", parse]);
    out.assert_code(0);
    assert!(out.stdout.contains("(passive: source and target swapped)"), "{}", out.stdout);
    assert!(out.stdout.contains("OST MAR 191"), "{}", out.stdout);
    let bad = explain(&dir, &["x", "--date", "yesterday"]);
    bad.assert_code(2);
    assert!(bad.stderr.contains("--date yesterday"), "{}", bad.stderr);
    let broken = explain(&dir, &["x", "--parse", "(ROOT (S"]);
    broken.assert_code(2);
    assert!(broken.stderr.contains("--parse"), "{}", broken.stderr);
}
