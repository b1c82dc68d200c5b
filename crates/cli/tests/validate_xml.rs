//! The PETRARCH XML formats: `dyad validate` on a small validation file of
//! our own (`tests/data/petr/validation.xml`, with its dictionaries beside
//! it) and `dyad code --parsed` on it and on batch files. The output must be
//! the same run after run and whatever the number of threads; it is compared
//! with goldens in `tests/data/golden/`.

mod util;

use util::{Dir, check_golden, data_dir, run};

fn petr_dir() -> std::path::PathBuf {
    data_dir().join("petr")
}

fn path_of(name: &str) -> String {
    petr_dir().join(name).to_str().unwrap().to_string()
}

/// `dyad validate` with the fixture's dictionaries.
fn validate(dir: &Dir, extra: &[&str]) -> util::Run {
    let (file, dicts) = (path_of("validation.xml"), petr_dir());
    let mut args = vec!["validate", file.as_str(), "--dictionaries", dicts.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(dir.dyad(&args))
}

#[test]
fn validate_is_deterministic() {
    let dir = Dir::new();
    let first = validate(&dir, &[]);
    first.assert_code(0);
    // PASSIVE-02, "has been blockaded by", is read as passive.
    assert!(first.stdout.ends_with("18 passed, 0 failed\n"), "{}", first.stdout);
    check_golden("validate.txt", &first.stdout);
    let again = validate(&dir, &[]);
    assert_eq!(again.stdout, first.stdout, "a second run prints the same");

    // A copy whose PASSIVE-02 expects the roles the wrong way round fails
    // that record, and --show-failures says so.
    let xml = std::fs::read_to_string(path_of("validation.xml")).unwrap();
    let record = xml.find(r#"id="PASSIVE-02""#).unwrap();
    let (head, tail) = xml.split_at(record);
    let expected = r#"<EventCoding sourcecode="OST" targetcode="MAR" eventcode="191">"#;
    assert!(tail.contains(expected));
    let swapped = format!(
        "{head}{}",
        tail.replacen(
            expected,
            r#"<EventCoding sourcecode="MAR" targetcode="OST" eventcode="191">"#,
            1
        )
    );
    let copy = dir.write("swapped.xml", swapped);
    let dicts = petr_dir();
    let on_copy = |extra: &[&str]| {
        let mut args =
            vec!["validate", copy.to_str().unwrap(), "--dictionaries", dicts.to_str().unwrap()];
        args.extend_from_slice(extra);
        run(dir.dyad(&args))
    };
    let failures = on_copy(&["--show-failures"]);
    failures.assert_code(0);
    assert!(failures.stdout.starts_with("PASSIVE-02 [PASSIVE] Fail\n"), "{}", failures.stdout);
    assert!(failures.stdout.ends_with("17 passed, 1 failed\n"), "{}", failures.stdout);
    check_golden("validate-failures.txt", &failures.stdout);

    // The floor: below it, exit status 1.
    on_copy(&["--min-pass", "17"]).assert_code(0);
    let below = on_copy(&["--min-pass", "18"]);
    below.assert_code(1);
    assert!(below.stderr.contains("below the floor of 18"), "{}", below.stderr);
    validate(&dir, &["--min-pass", "18"]).assert_code(0);

    // Records chosen by prefix.
    let only = validate(&dir, &["--only", "DATE-"]);
    assert!(only.stdout.ends_with("2 passed, 0 failed\n"), "{}", only.stdout);
}

/// `dyad code --parsed FILE --dictionaries <petr dir> ARGS...`.
fn code_parsed(dir: &Dir, file: &str, extra: &[&str]) -> util::Run {
    let (file, dicts) = (path_of(file), petr_dir());
    let mut args =
        vec!["code", "--parsed", file.as_str(), "--dictionaries", dicts.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(dir.dyad(&args))
}

/// Checks what can be checked of pre-parsed records: codes, ids, no span.
fn check_parsed_records(records: &[serde_json::Value]) {
    for r in records {
        let id = r["sentence_id"].as_str().expect("sentence_id");
        // `STORY_N`, numbered from 1; an id without `_` is its own story.
        let (story, n) = id.rsplit_once('_').unwrap_or((id, "1"));
        assert_eq!(r["article_id"], story, "{id}");
        assert!(r["span"].is_null(), "{id}: pre-parsed input has no article text");
        // `sentence_index` is 0-based: WIRE001_1 is sentence 0 of WIRE001.
        let index = r["sentence_index"].as_u64().unwrap();
        assert_eq!(index + 1, n.parse::<u64>().unwrap(), "{id}");
        assert_eq!(
            r["event_id"].as_str().unwrap().rsplit('-').nth(1),
            Some(&*index.to_string()),
            "{id}"
        );
        let code = r["code"].as_str().unwrap();
        assert!(code.len() >= 3 && code.bytes().all(|b| b.is_ascii_digit()), "{id}: {code}");
        assert_eq!(r["root"].as_str().unwrap(), &code[..2]);
    }
}

#[test]
fn code_parsed_batch_and_validation_files() {
    let dir = Dir::new();
    let batch = code_parsed(&dir, "batch.xml", &[]);
    batch.assert_code(0);
    check_parsed_records(&batch.records());
    // The story discard in WIRE002_2 drops the events of WIRE002_1 too.
    assert!(batch.records().iter().all(|r| r["article_id"] != "WIRE002"), "{}", batch.stdout);
    // WIRE002_1 gave events, but the story discard dropped them: it is
    // coded with no events, like WIRE002_2.
    assert!(
        batch.stderr.contains(
            "dyad: 5 records: 3 coded, 2 with no events, 0 rejected; 5 sentences, 4 events"
        ),
        "{}",
        batch.stderr
    );
    check_golden("batch.jsonl", &batch.stdout);

    let validation = code_parsed(&dir, "validation.xml", &[]);
    // ERROR-01's broken parse is rejected; the rest is coded.
    validation.assert_code(1);
    assert!(
        validation.stderr.contains("record ERROR-01: unreadable parse"),
        "{}",
        validation.stderr
    );
    check_parsed_records(&validation.records());
    check_golden("validation.jsonl", &validation.stdout);

    for threads in ["1", "2"] {
        for (file, golden) in [("batch.xml", &batch), ("validation.xml", &validation)] {
            let again = code_parsed(&dir, file, &["--threads", threads]);
            assert_eq!(again.stdout, golden.stdout, "{file} with --threads {threads}");
        }
    }
}

#[test]
fn code_parsed_with_malformed_records() {
    let dir = Dir::new();
    let out = code_parsed(&dir, "broken.xml", &[]);
    // Two records are rejected, each reported with its id; the others are coded.
    out.assert_code(1);
    assert!(out.stderr.contains("record WIRE010_2: unreadable parse"), "{}", out.stderr);
    assert!(out.stderr.contains("record WIRE011_1: malformed XML"), "{}", out.stderr);
    assert!(out.stderr.contains("2 coded, 0 with no events, 2 rejected"), "{}", out.stderr);
    let records = out.records();
    let ids: Vec<&str> = records.iter().map(|r| r["sentence_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["WIRE010_1", "WIRE012_1"]);
    check_parsed_records(&out.records());
}

#[test]
fn parsed_input_that_is_not_xml() {
    let dir = Dir::new();
    dir.write("junk.xml", b"\x00\x01 not xml at all <Sentence");
    dir.write("empty.xml", "");
    let dicts = petr_dir();
    for name in ["junk.xml", "empty.xml", "missing.xml"] {
        let out =
            run(dir.dyad(&["code", "--parsed", name, "--dictionaries", dicts.to_str().unwrap()]));
        assert!(matches!(out.code, Some(0..=2)), "{name}: {:?}\n{}", out.code, out.stderr);
        assert!(out.stdout.is_empty(), "{name}: no events");
    }
}
