//! `dyad code` on bad input and in bad conditions: invalid UTF-8, binary and
//! empty files, a 100 MB line, malformed JSON lines, unreadable files, a
//! closed pipe, interrupted runs and unwritable outputs, a named pipe as
//! output, thread counts, exit
//! statuses. Whatever happens, dyad never panics (every run checks that
//! standard error holds no panic message).

mod util;

use std::io::{BufRead, BufReader, Read};
use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use util::{ArticleText, Dir, check_records, dicts_dir, run, run_with_stdin};

/// `dyad code --dictionaries <test dicts> ARGS...` in `dir`.
fn code(dir: &Dir, args: &[&str]) -> std::process::Command {
    let dicts = dicts_dir();
    let mut all = vec!["code", "--dictionaries", dicts.to_str().unwrap()];
    all.extend_from_slice(args);
    dir.dyad(&all)
}

/// Sentences the test dictionaries code, one event each.
const CODED: [&str; 4] = [
    "France criticized Germany on Monday.",
    "Russia accused Ukraine of shelling a power plant.",
    "Poland condemned Russia over the border incident.",
    "Brazil promised Ukraine new aid.",
];

/// `n` JSON Lines articles of three coded sentences each.
fn many_articles(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let text = format!(
            "{} {}\\n\\n{} Officials met on day {i}.",
            CODED[i % 4],
            CODED[(i + 1) % 4],
            CODED[(i + 2) % 4]
        );
        out.push_str(&format!(
            "{{\"id\":\"a{i}\",\"url\":\"https://example.org/{i}\",\"date\":\"2023-01-{:02}\",\"text\":\"{text}\"}}\n",
            1 + i % 28
        ));
    }
    out
}

/// `SOURCE TARGET CODE` of each record.
fn triples(records: &[serde_json::Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r["source"].as_str().unwrap(),
                r["target"].as_str().unwrap(),
                r["code"].as_str().unwrap()
            )
        })
        .collect()
}

fn ids(run: &util::Run) -> Vec<String> {
    run.records().iter().map(|r| r["article_id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn invalid_utf8_is_decoded_lossily() {
    let dir = Dir::new();
    dir.write("latin1.txt", b"Caf\xe9 talks: France criticized Germany on Monday.\n");
    dir.write(
        "latin1.jsonl",
        b"{\"id\":\"j1\",\"date\":\"2023-01-02\",\"text\":\"Caf\xe9 talks: Poland condemned Russia.\"}\n\
          {\"id\":\"j2\",\"text\":\"The weather was mild.\"}\n",
    );
    let out = run(code(&dir, &["--date", "2023-01-03", "latin1.txt", "latin1.jsonl"]));
    out.assert_code(0);
    let records = out.records();
    assert_eq!(ids(&out), ["latin1.txt", "j1"]);
    for r in &records {
        assert!(r["sentence"].as_str().unwrap().contains('\u{fffd}'), "{r}");
    }
    let text =
        String::from_utf8_lossy(&std::fs::read(dir.join("latin1.txt")).unwrap()).into_owned();
    check_records(
        &records,
        &|id| (id == "latin1.txt").then(|| ArticleText::Exact(text.clone())),
        &[],
    );
    // Lossy decoding is reported, naming the file (and the line of a JSON
    // Lines record); the articles are still coded.
    for want in [
        "dyad: warning: latin1.txt: invalid UTF-8 decoded lossily\n",
        "dyad: warning: latin1.jsonl:1: invalid UTF-8 decoded lossily\n",
    ] {
        assert!(out.stderr.contains(want), "expected `{want}` in:\n{}", out.stderr);
    }
    assert_eq!(out.stderr.matches("UTF-8").count(), 2, "{}", out.stderr);
    assert!(out.stderr.contains("3 articles: 2 coded, 1 with no events"), "{}", out.stderr);
}

#[test]
fn binary_and_empty_files_are_rejected() {
    let dir = Dir::new();
    dir.write("program", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00");
    dir.write("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    dir.write("empty.txt", b"");
    dir.write("blank.txt", b"  \n\n\t \r\n");
    dir.write("empty.html", b"<html><head><script>x()</script></head><body></body></html>");
    dir.write("good.txt", "France criticized Germany on Monday.\n");
    let out = run(code(
        &dir,
        &[
            "--date",
            "2023-01-03",
            "program",
            "picture.txt",
            "empty.txt",
            "blank.txt",
            "empty.html",
            "good.txt",
        ],
    ));
    out.assert_code(1);
    for line in [
        "dyad: rejected: program: binary file",
        "dyad: rejected: picture.txt: binary file",
        "dyad: rejected: empty.txt: empty file",
        "dyad: rejected: blank.txt: empty file",
        "dyad: rejected: empty.html: empty file",
        "dyad: 6 articles: 1 coded, 0 with no events, 5 rejected",
    ] {
        assert!(out.stderr.contains(line), "expected `{line}` in:\n{}", out.stderr);
    }
    assert_eq!(ids(&out), ["good.txt"]);

    // Inputs with no articles at all are not errors.
    dir.write("none.jsonl", b"");
    std::fs::create_dir(dir.join("nothing")).unwrap();
    let out = run(code(&dir, &["none.jsonl", "nothing"]));
    out.assert_code(0);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("dyad: 0 articles"), "{}", out.stderr);
}

#[test]
fn a_100_mb_line() {
    let dir = Dir::new();
    // 100 MB of long "words", between two sentences that must be coded.
    let filler = format!("X{} ", "x".repeat(998)).repeat(100_000);
    let line = format!("France criticized Germany on Monday. {filler}. Germany criticized France.");
    assert!(line.len() > 100_000_000);
    let n_chars = line.len();
    dir.write("long-line.txt", &line);
    drop(line);
    let started = Instant::now();
    let out = run(code(&dir, &["--date", "2023-01-03", "long-line.txt"]));
    eprintln!("100 MB text line: {:.1}s", started.elapsed().as_secs_f64());
    out.assert_code(0);
    let records = out.records();
    assert_eq!(triples(&records), ["FRA DEU 111", "DEU FRA 111"]);
    assert_eq!(records[1]["span"]["end"].as_u64(), Some(n_chars as u64));
    // Spans checked against the text (without printing 100 MB on failure).
    let text = std::fs::read_to_string(dir.join("long-line.txt")).unwrap();
    for r in &records {
        let (start, end) =
            (r["span"]["start"].as_u64().unwrap(), r["span"]["end"].as_u64().unwrap());
        let sentence = r["sentence"].as_str().unwrap();
        let sliced = text.get(start as usize..end as usize);
        assert!(sliced == Some(sentence), "span {start}..{end} does not slice the sentence");
    }
    drop(text);

    // JSON Lines: a 100 MB record that is not valid JSON (its string never
    // closes) is rejected with its line number; a 100 MB valid record and
    // the short records around them are coded.
    let mut jsonl = String::with_capacity(201_000_000);
    jsonl.push_str(
        "{\"id\":\"first\",\"date\":\"2023-01-02\",\"text\":\"France criticized Germany.\"}\n",
    );
    jsonl.push_str("{\"id\":\"broken\",\"text\":\"");
    jsonl.push_str(&filler);
    jsonl.push('\n');
    jsonl.push_str("{\"id\":\"big\",\"date\":\"2023-01-02\",\"text\":\"Poland condemned Russia. ");
    jsonl.push_str(&filler);
    jsonl.push_str(". Russia condemned Poland.\"}\n");
    jsonl.push_str(
        "{\"id\":\"last\",\"date\":\"2023-01-02\",\"text\":\"Germany criticized France.\"}\n",
    );
    drop(filler);
    dir.write("long-lines.jsonl", &jsonl);
    drop(jsonl);
    let started = Instant::now();
    let out = run(code(&dir, &["long-lines.jsonl"]));
    eprintln!("200 MB of JSON Lines: {:.1}s", started.elapsed().as_secs_f64());
    out.assert_code(1);
    assert!(out.stderr.contains("long-lines.jsonl:2: bad JSON record"), "{}", out.stderr);
    assert_eq!(ids(&out), ["first", "big", "big", "last"]);
}

#[test]
fn malformed_json_lines_are_rejected_one_by_one() {
    let dir = Dir::new();
    let lines = [
        r#"{"id":"g1","date":"2023-01-02","text":"France criticized Germany on Monday."}"#,
        r#"{"id": "x", "text": "#,
        "not json at all",
        r#"{"id":"y","text":5}"#,
        r#"{"id":"z","text":"Poland condemned Russia.""#,
        "",
        r#"["a","b"]"#,
        r#"{"id":"g2","date":"2023-01-02","text":"Germany criticized France on Monday."}"#,
        r#"{"id":"g3","text":"Russia accused Ukraine of bombing a school.","extra":{"nested":[1,2]}}"#,
    ];
    dir.write("mixed.jsonl", lines.join("\n") + "\n");
    let out = run(code(&dir, &["mixed.jsonl"]));
    out.assert_code(1);
    for n in [2, 3, 4, 5] {
        let want = format!("dyad: rejected: mixed.jsonl:{n}: bad JSON record");
        assert!(out.stderr.contains(&want), "expected `{want}` in:\n{}", out.stderr);
    }
    assert!(!out.stderr.contains("mixed.jsonl:6:"), "a blank line is skipped\n{}", out.stderr);
    // Valid JSON that is not an object (a two-string array would otherwise
    // be read as an article with id "a" and URL "b").
    let want = "dyad: rejected: mixed.jsonl:7: not a JSON object";
    assert!(out.stderr.contains(want), "expected `{want}` in:\n{}", out.stderr);
    assert!(
        out.stderr.contains("8 articles: 3 coded, 0 with no events, 5 rejected"),
        "{}",
        out.stderr
    );
    assert_eq!(ids(&out), ["g1", "g2", "g3"]);
    let g3 = &out.records()[2];
    assert_eq!(g3["date_source"], "unknown");
}

#[test]
fn unreadable_files() {
    let dir = Dir::new();
    dir.write("good.txt", "France criticized Germany on Monday.\n");
    let secret = dir.write("secret.txt", "Poland condemned Russia on Monday.\n");
    let locked = dir.join("locked");
    std::fs::create_dir(&locked).unwrap();
    dir.write("locked/inside.txt", "Germany criticized France.\n");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = run(code(&dir, &["--date", "2023-01-03", "secret.txt", "locked", "good.txt"]));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if util::permissions_are_bypassed(&dir) {
        // Running as root: permissions do not stop reading. The run must
        // still work.
        eprintln!("unreadable_files: permissions are bypassed here (root); checked less");
        out.assert_code(0);
        assert_eq!(ids(&out).len(), 3);
        return;
    }
    out.assert_code(1);
    assert!(out.stderr.contains("secret.txt: Permission denied"), "{}", out.stderr);
    assert!(out.stderr.contains("locked: Permission denied"), "{}", out.stderr);
    assert_eq!(ids(&out), ["good.txt"]);
}

#[test]
fn missing_inputs_are_rejected_and_the_rest_coded() {
    let dir = Dir::new();
    dir.write("good.txt", "France criticized Germany on Monday.\n");
    let out = run(code(&dir, &["--date", "2023-01-03", "no-such-file.txt", "good.txt"]));
    out.assert_code(1);
    assert!(out.stderr.contains("no-such-file.txt: No such file or directory"), "{}", out.stderr);
    assert_eq!(ids(&out), ["good.txt"]);
}

#[test]
fn broken_pipe() {
    let dir = Dir::new();
    dir.write("big.jsonl", many_articles(3000));
    for format in ["jsonl", "csv", "tsv"] {
        let mut child = code(&dir, &["--format", format, "big.jsonl"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Like `| head -1`: read one line, then close the pipe.
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let status = child.wait().unwrap();
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        // A closed pipe ends the run quietly, whatever the format.
        assert_eq!(status.code(), Some(0), "{format}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{format}: {stderr}");
    }
}

/// Temporary output files left in a directory.
fn leftovers(dir: &Dir) -> Vec<String> {
    dir.entries(".").into_iter().filter(|n| n.starts_with(".dyad-")).collect()
}

/// Starts a long run writing `out.jsonl`, waits until it has written part of
/// its output, then sends `signal`. Returns how the run ended, or `None`
/// when it finished before it could be interrupted.
fn interrupt_mid_run(dir: &Dir, signal: &str) -> Option<std::process::ExitStatus> {
    let mut child =
        code(dir, &["-q", "big.jsonl", "-o", "out.jsonl"]).stderr(Stdio::piped()).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let partial = leftovers(dir)
            .iter()
            .any(|n| std::fs::metadata(dir.join(n)).is_ok_and(|m| m.len() > 0));
        if partial {
            break;
        }
        if child.try_wait().unwrap().is_some() || Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let status = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!status.success(), "the run was interrupted");
    Some(status)
}

#[test]
fn output_is_atomic_when_a_run_is_killed() {
    let dir = Dir::new();
    dir.write("big.jsonl", many_articles(20_000));
    // SIGTERM and SIGINT (Ctrl-C) exit with 128 plus the signal's number;
    // SIGKILL cannot be caught.
    for (signal, code) in [("-TERM", Some(143)), ("-INT", Some(130)), ("-KILL", None)] {
        dir.write("out.jsonl", "the previous output\n");
        let Some(status) = interrupt_mid_run(&dir, signal) else {
            eprintln!("the run ended before it could be interrupted; nothing checked");
            return;
        };
        assert_eq!(status.code(), code, "{signal}: {status:?}");
        // The destination is untouched: never half-written.
        assert_eq!(
            std::fs::read_to_string(dir.join("out.jsonl")).unwrap(),
            "the previous output\n",
            "{signal}"
        );
        // dyad removes its temporary file, except after SIGKILL, which
        // nothing can catch.
        let left = leftovers(&dir);
        if signal == "-KILL" {
            assert_eq!(left.len(), 1, "{signal}: {left:?}");
            std::fs::remove_file(dir.join(&left[0])).unwrap();
        } else {
            assert_eq!(left, Vec::<String>::new(), "{signal}");
        }
    }
}

#[test]
fn unwritable_outputs_leave_nothing_behind() {
    let dir = Dir::new();
    dir.write("good.txt", "France criticized Germany on Monday.\n");
    // A directory that does not exist: the run cannot start.
    let out = run(code(&dir, &["good.txt", "-o", "missing/out.jsonl"]));
    out.assert_code(2);
    assert!(out.stderr.contains("creating a temporary file in missing"), "{}", out.stderr);
    assert!(!dir.join("missing").exists());
    // The output path is a directory: the rename fails at the end, and the
    // temporary file goes.
    std::fs::create_dir(dir.join("taken")).unwrap();
    let out = run(code(&dir, &["good.txt", "-o", "taken"]));
    out.assert_code(2);
    assert!(out.stderr.contains("writing taken"), "{}", out.stderr);
    assert!(dir.join("taken").is_dir());
    assert_eq!(dir.entries("taken"), Vec::<String>::new());
    assert_eq!(leftovers(&dir), Vec::<String>::new());
    // A read-only directory.
    let ro = dir.join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = run(code(&dir, &["good.txt", "-o", "ro/out.jsonl"]));
    let bypassed = util::permissions_are_bypassed(&dir);
    let entries = dir.entries("ro");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    if bypassed {
        eprintln!("unwritable_outputs: permissions are bypassed here (root); checked less");
        out.assert_code(0);
        assert_eq!(entries, ["out.jsonl"]);
    } else {
        out.assert_code(2);
        assert_eq!(entries, Vec::<String>::new());
    }
}

#[test]
fn a_named_pipe_output_stays_a_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let dir = Dir::new();
    dir.write("good.txt", "France criticized Germany on Monday.\n");
    let made = std::process::Command::new("mkfifo").arg(dir.join("pipe")).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("no mkfifo here; skipped");
        return;
    }
    // A reader on the pipe, as `dyad code ... -o pipe | ...` would have.
    let path = dir.join("pipe");
    let reader = std::thread::spawn(move || std::fs::read_to_string(path).unwrap());
    let out = run(code(&dir, &["good.txt", "-o", "pipe"]));
    out.assert_code(0);
    // Written through, not renamed over: it is still a pipe (checked before
    // waiting for the reader, which a replaced pipe would leave waiting).
    let kind = std::fs::symlink_metadata(dir.join("pipe")).unwrap().file_type();
    assert!(kind.is_fifo());
    let read = reader.join().unwrap();
    assert_eq!(read.lines().count(), 1, "{read}");
    assert!(read.contains("\"FRA\""), "{read}");
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

#[test]
fn output_file_permissions() {
    let dir = Dir::new();
    dir.write("good.txt", "France criticized Germany on Monday.\n");
    let dicts = dicts_dir();
    // 0o666 less the umask, as any file a program creates (not the
    // temporary file's 0o600).
    for (umask, want) in [("022", 0o644), ("027", 0o640)] {
        let script = format!(
            "umask {umask}; exec \"$0\" code --dictionaries '{}' good.txt -o out.jsonl",
            dicts.display()
        );
        let out = run({
            let mut cmd = std::process::Command::new("sh");
            cmd.current_dir(dir.path()).args(["-c", &script, env!("CARGO_BIN_EXE_dyad")]);
            cmd
        });
        out.assert_code(0);
        let mode = std::fs::metadata(dir.join("out.jsonl")).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, want, "umask {umask}: mode {mode:o}");
    }
}

#[test]
fn output_does_not_depend_on_threads() {
    let dir = Dir::new();
    // Many chunks of articles, coded out of order by several workers and
    // written back in order.
    dir.write("many.jsonl", many_articles(700));
    let one = run(code(&dir, &["--threads", "1", "many.jsonl"]));
    one.assert_code(0);
    for threads in ["2", "5"] {
        let more = run(code(&dir, &["--threads", threads, "many.jsonl"]));
        more.assert_code(0);
        assert!(one.stdout == more.stdout, "output differs between --threads 1 and {threads}");
    }
    let all_cores = run(code(&dir, &["many.jsonl"]));
    assert!(all_cores.stdout == one.stdout, "output differs with the default thread count");
    let records = one.records();
    assert_eq!(records.len(), 700 * 3);
    // Input order: article a0 first, a699 last.
    assert_eq!(records[0]["article_id"], "a0");
    assert_eq!(records[records.len() - 1]["article_id"], "a699");
    let texts: std::collections::HashMap<String, String> =
        util::parse_records(&std::fs::read_to_string(dir.join("many.jsonl")).unwrap())
            .into_iter()
            .map(|r| {
                (r["id"].as_str().unwrap().to_string(), r["text"].as_str().unwrap().to_string())
            })
            .collect();
    check_records(&records, &|id| texts.get(id).map(|t| ArticleText::Exact(t.clone())), &[]);
    // And to a file.
    run(code(&dir, &["--threads", "2", "many.jsonl", "-o", "out.jsonl"])).assert_code(0);
    assert!(std::fs::read_to_string(dir.join("out.jsonl")).unwrap() == one.stdout);
}

#[test]
fn exit_statuses() {
    let dir = Dir::new();
    dir.write("good.txt", "France criticized Germany on Monday.\n");
    dir.write("bin.dat", b"\x00\x01\x02\x03");
    // 0: everything coded (or coded with no events).
    run(code(&dir, &["good.txt"])).assert_code(0);
    dir.write("quiet.txt", "The weather was mild.\n");
    run(code(&dir, &["quiet.txt"])).assert_code(0);
    // 1: some input rejected.
    run(code(&dir, &["good.txt", "bin.dat"])).assert_code(1);
    // 2: the run could not start.
    let cases: [&[&str]; 5] = [
        &["code", "--date", "2023-02-30", "good.txt"],
        &["code", "--date", "yesterday", "good.txt"],
        &["code", "--dictionaries", "no-such-dir", "good.txt"],
        &["code", "--format", "xml", "good.txt"],
        &["code"],
    ];
    for args in cases {
        let out = run(dir.dyad(args));
        out.assert_code(2);
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}: says why");
    }
    // A dictionary directory that is not one.
    std::fs::create_dir(dir.join("not-dicts")).unwrap();
    let out = run(dir.dyad(&["code", "--dictionaries", "not-dicts", "good.txt"]));
    out.assert_code(2);
    // -q: no run report.
    let out = run(code(&dir, &["-q", "good.txt"]));
    out.assert_code(0);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

/// A small deterministic pseudo-random generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn no_panics_on_odd_text() {
    let dir = Dir::new();
    let odd: &[&str] = &[
        "...",
        "(((((((((( France criticized Germany ))))))))))",
        "France criticized Germany,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,.",
        "\u{202e}France criticized Germany\u{202c}. مصر انتقدت إسرائيل. 中国批评了日本。",
        "👍👍 France 🇫🇷 criticized Germany 🇩🇪 on Monday 🙂.",
        "France\u{0}criticized Germany.",
        "Mr. Dr. U.S. Gen. Lt. Col. Sen. Rep. Jan. Feb. No. St. Ave. e.g. i.e.",
        "- - - - -\n* * *\n### ###\n> > >",
        "FRANCE CRITICIZED GERMANY ON MONDAY.",
        "france criticized germany on monday",
        "'France' \"criticized\" `Germany` «on» ‹Monday›.",
        "On Monday, on Tuesday and on Sunday and Monday last week in February on Sept. 4 yesterday.",
        "France criticized Germany. \u{feff}Germany criticized France.",
        "\t\t\tFrance\tcriticized\tGermany\t.\r\n\r\n\r\n",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let words: Vec<&str> =
        "France Germany criticized met accused the and of , . ( ) Russia was by \
         on Monday 's \" - — Ukraine not Kyiv to negotiate urged police troops é 1999 % & ; :"
            .split_whitespace()
            .collect();
    let mut jsonl = String::new();
    for (i, text) in odd.iter().enumerate() {
        dir.write(&format!("odd/{i:02}.txt"), text);
        jsonl.push_str(&serde_json::json!({"id": format!("odd{i}"), "text": text}).to_string());
        jsonl.push('\n');
    }
    for i in 0..300 {
        let n = 1 + rng.next() % 60;
        let text: Vec<&str> = (0..n).map(|_| rng.pick(&words)).collect();
        let text = text.join(if i % 3 == 0 { "" } else { " " });
        jsonl.push_str(&serde_json::json!({"id": format!("r{i}"), "text": text}).to_string());
        jsonl.push('\n');
    }
    dir.write("random.jsonl", &jsonl);
    for args in [&["odd"][..], &["random.jsonl"][..]] {
        let out = run(code(&dir, args));
        assert!(matches!(out.code, Some(0 | 1)), "{args:?}: {:?}\n{}", out.code, out.stderr);
        let texts: std::collections::HashMap<String, String> = util::parse_records(&jsonl)
            .into_iter()
            .map(|r| (r["id"].as_str().unwrap().to_string(), r["text"].as_str().unwrap().into()))
            .collect();
        check_records(
            &out.records(),
            &|id| texts.get(id).map(|t| ArticleText::Exact(t.clone())),
            &[],
        );
    }
    // The same with the built-in dictionaries.
    let out = run(dir.dyad(&["code", "random.jsonl"]));
    assert!(matches!(out.code, Some(0 | 1)), "{:?}\n{}", out.code, out.stderr);
    let out = run_with_stdin(dir.dyad(&["code", "-"]), odd.join("\n\n").as_bytes());
    assert!(matches!(out.code, Some(0 | 1)), "{:?}\n{}", out.code, out.stderr);
    // `dyad parse` reads invalid UTF-8 lossily too, and says so.
    let out =
        run_with_stdin(dir.dyad(&["parse", "-"]), b"Caf\xe9 talks: France criticized Germany.");
    out.assert_code(0);
    assert!(out.stderr.contains("invalid UTF-8 decoded lossily"), "{}", out.stderr);
    assert!(out.stdout.contains("\tcriticized\tcriticize\t"), "{}", out.stdout);
}
