//! `dyad code` on small committed articles in each input format, compared
//! with golden outputs in `tests/data/golden/`, with the record invariants
//! checked on every event.
//!
//! The articles (`tests/data/articles/`) are coded with the test
//! dictionaries (`tests/data/dicts/`, PETRARCH formats), so these goldens do
//! not move when the built-in dictionaries change; `builtin_dictionaries`
//! is the one test on the built-in set, and it normalises the dictionary
//! fingerprint (`coder.dictionaries`), which changes with every dictionary
//! edit. Goldens do move when the front-end (sentence splitter, tagger,
//! parser) changes: read the diff, then `DYAD_BLESS=1 cargo test -p dyad
//! --test code_golden`.

mod util;

use util::{ArticleText, Dir, check_golden, check_records, dicts_dir, run, run_with_stdin};

/// `dyad code --dictionaries <test dicts> ARGS...` in `dir`.
fn code(dir: &Dir, args: &[&str]) -> std::process::Command {
    let dicts = dicts_dir();
    let mut all = vec!["code", "--dictionaries", dicts.to_str().unwrap()];
    all.extend_from_slice(args);
    dir.dyad(&all)
}

/// The texts of the JSON Lines articles, by id.
fn jsonl_texts(path: &std::path::Path) -> std::collections::HashMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap();
    util::parse_records(&text)
        .into_iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r["text"].as_str().unwrap().to_string()))
        .collect()
}

fn file_text(dir: &Dir, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// Boilerplate of the plain-text article that must never give an event.
const TEXT_BOILERPLATE: &[&str] = &[
    "By Claire Dubois",
    "Photo:",
    "Macron meets Scholz",
    "(Reuters)",
    "Related articles",
    "Germany criticizes France",
    "Russia expels Polish diplomats",
];

#[test]
fn text_article() {
    let dir = Dir::with_articles();
    let name = "border-talks-2023-03-07.txt";
    let out = run(code(&dir, &[name]));
    out.assert_code(0);
    assert!(
        out.stderr.contains(
            "dyad: 1 articles: 1 coded, 0 with no events, 0 rejected; 5 sentences, 3 events"
        ),
        "run report:\n{}",
        out.stderr
    );
    let text = file_text(&dir, name);
    check_records(
        &out.records(),
        &|id| (id == name).then(|| ArticleText::Exact(text.clone())),
        TEXT_BOILERPLATE,
    );
    // The dateline's date (March 7) takes its year from the file name.
    assert!(out.records().iter().all(|r| r["article_date"] == "2023-03-07"));
    check_golden("border-talks.jsonl", &out.stdout);

    // The same to a file: identical bytes, nothing else left in the directory.
    let before = dir.entries(".");
    run(code(&dir, &[name, "-o", "events.jsonl"])).assert_code(0);
    assert_eq!(std::fs::read_to_string(dir.join("events.jsonl")).unwrap(), out.stdout);
    let mut expected = before;
    expected.push("events.jsonl".into());
    expected.sort();
    assert_eq!(dir.entries("."), expected, "only the output file is added");
}

#[test]
fn html_article() {
    let dir = Dir::with_articles();
    let name = "ceasefire.html";
    let out = run(code(&dir, &[name]));
    out.assert_code(0);
    let page = file_text(&dir, name);
    check_records(
        &out.records(),
        &|id| (id == name).then(|| ArticleText::Html(page.clone())),
        &[
            "Home",
            "By Marta Silva",
            "Palais des Nations",
            "AFP/Pierre Roux",
            "France condemns Russia over grain deal",
            "Poland detains Russian spies",
            "our archive shows",
            "All rights reserved",
        ],
    );
    for r in out.records() {
        assert_eq!(r["url"], "https://news.example.org/world/ceasefire-talks-geneva");
        assert_eq!(r["article_date"], "2023-05-12");
    }
    // "..., and Brazil promised Ukraine humanitarian aid for refugees &
    // displaced families." gives BRA UKR 030: a clause opened by ", and" is
    // not deleted as a final comma clause.
    // "Swiss diplomats hosted Russian and Ukrainian envoys" gives CHE RUS
    // only: the second adjective's actor is not read.
    check_golden("ceasefire.jsonl", &out.stdout);
}

#[test]
fn json_lines_articles() {
    let dir = Dir::with_articles();
    let out = run(code(&dir, &["wire.jsonl"]));
    out.assert_code(0);
    assert!(
        out.stderr.contains("dyad: 4 articles: 3 coded, 1 with no events, 0 rejected"),
        "{}",
        out.stderr
    );
    let texts = jsonl_texts(&dir.join("wire.jsonl"));
    check_records(
        &out.records(),
        &|id| texts.get(id).map(|t| ArticleText::Exact(t.clone())),
        &[
            "Reporting by",
            "Editing by",
            "Related articles",
            "Russia criticizes Poland over border",
            "Poland accuses Russia of bombing",
        ],
    );
    // Character offsets, not bytes: the dateline and the sentence before
    // hold multi-byte characters.
    let records = out.records();
    let zurich = records.iter().find(|r| r["article_id"] == "wire-001").unwrap();
    assert_eq!(zurich["span"]["start"], 32);
    // "Türkiye urged Ukraine and Russia to negotiate." gives TUR UKR and
    // TUR RUS: a pattern's `+` binds the whole compound.
    check_golden("wire.jsonl", &out.stdout);
}

#[test]
fn directory_walked_in_name_order() {
    let dir = Dir::with_articles();
    let out = run(code(&dir, &["dir"]));
    out.assert_code(0);
    // Two articles: dir/a-2023-04-18.txt and dir/regional/b.html; the hidden
    // file is skipped.
    assert!(out.stderr.contains("dyad: 2 articles: 2 coded"), "{}", out.stderr);
    let text = file_text(&dir, "dir/a-2023-04-18.txt");
    let page = file_text(&dir, "dir/regional/b.html");
    check_records(
        &out.records(),
        &|id| match id {
            "a-2023-04-18.txt" => Some(ArticleText::Exact(text.clone())),
            "b.html" => Some(ArticleText::Html(page.clone())),
            _ => panic!("unexpected article {id}"),
        },
        &["hidden", "Caption", "training target"],
    );
    // "Germany condemned the strike and France pledged support to Ukraine."
    // gives DEU FRA 111 and DEU UKR 030 where FRA UKR 030 is right: the
    // parser reads "the strike and France" as one coordinated object (a
    // front-end accuracy problem, recorded here as it is).
    check_golden("dir.jsonl", &out.stdout);
}

#[test]
fn standard_input() {
    let dir = Dir::with_articles();
    let article = std::fs::read(dir.join("stdin-article.txt")).unwrap();
    let out = run_with_stdin(code(&dir, &["-"]), &article);
    out.assert_code(0);
    let text = String::from_utf8(article).unwrap();
    check_records(
        &out.records(),
        &|id| (id == "-").then(|| ArticleText::Exact(text.clone())),
        &["Brussels (AFP)"],
    );
    // No date anywhere: events are still coded, with an unknown date.
    for r in out.records() {
        assert_eq!(r["date_source"], "unknown");
        assert!(r["article_date"].is_null());
    }
    // "France urged Russia to release him, and Germany met French officials
    // in Berlin." gives DEU FRA 040 too: the clause after ", and" is kept.
    check_golden("stdin.jsonl", &out.stdout);

    // JSON Lines on standard input read as records, as from the file.
    let records = std::fs::read(dir.join("wire.jsonl")).unwrap();
    let piped = run_with_stdin(code(&dir, &["-"]), &records);
    piped.assert_code(0);
    let from_file = run(code(&dir, &["wire.jsonl"]));
    assert_eq!(piped.stdout, from_file.stdout);
}

#[test]
fn several_inputs_keep_their_order() {
    let dir = Dir::with_articles();
    let alone: Vec<String> = ["border-talks-2023-03-07.txt", "wire.jsonl", "dir", "ceasefire.html"]
        .iter()
        .map(|p| run(code(&dir, &[p])).stdout)
        .collect();
    for threads in ["1", "2"] {
        let all = run(code(
            &dir,
            &[
                "--threads",
                threads,
                "border-talks-2023-03-07.txt",
                "wire.jsonl",
                "dir",
                "ceasefire.html",
            ],
        ));
        all.assert_code(0);
        assert_eq!(all.stdout, alone.concat(), "--threads {threads}");
    }
}

#[test]
fn csv_and_tsv() {
    let dir = Dir::with_articles();
    let csv = run(code(&dir, &["--format", "csv", "wire.jsonl"]));
    csv.assert_code(0);
    let header = csv.stdout.lines().next().unwrap();
    for column in ["GLOBALEVENTID", "SQLDATE", "Actor1Code", "EventCode", "EventRootCode"] {
        assert!(header.split(',').any(|c| c == column), "CSV column {column}: {header}");
    }
    check_golden("wire.csv", &csv.stdout);
    let tsv = run(code(&dir, &["--format", "tsv", "wire.jsonl"]));
    tsv.assert_code(0);
    assert_eq!(tsv.stdout.lines().count(), csv.stdout.lines().count());
    check_golden("wire.tsv", &tsv.stdout);
    // The format follows the output file's extension.
    run(code(&dir, &["wire.jsonl", "-o", "out.csv"])).assert_code(0);
    assert_eq!(std::fs::read_to_string(dir.join("out.csv")).unwrap(), csv.stdout);
}

#[test]
fn parquet_is_deterministic() {
    let dir = Dir::with_articles();
    run(code(&dir, &["--threads", "1", "wire.jsonl", "dir", "-o", "one.parquet"])).assert_code(0);
    run(code(&dir, &["--threads", "2", "wire.jsonl", "dir", "-o", "two.parquet"])).assert_code(0);
    let one = std::fs::read(dir.join("one.parquet")).unwrap();
    let two = std::fs::read(dir.join("two.parquet")).unwrap();
    assert!(one.starts_with(b"PAR1") && one.ends_with(b"PAR1"), "a Parquet file");
    assert!(one == two, "Parquet output differs between --threads 1 and 2");
}

#[test]
fn builtin_dictionaries() {
    let dir = Dir::with_articles();
    let name = "border-talks-2023-03-07.txt";
    let out = run(dir.dyad(&["code", name]));
    out.assert_code(0);
    let text = file_text(&dir, name);
    let records = out.records();
    check_records(
        &records,
        &|id| (id == name).then(|| ArticleText::Exact(text.clone())),
        TEXT_BOILERPLATE,
    );
    assert!(!records.is_empty(), "the built-in dictionaries code this article");
    check_golden("builtin-border-talks.jsonl", &util::normalise_fingerprint(&out.stdout));
}
