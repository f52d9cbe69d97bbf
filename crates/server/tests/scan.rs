//! The real `tapis scan` and `tapis rules` binaries on real files: the repository's Telegram fixtures, text on
//! stdin, packs and broken inputs written to temporary directories. Run from the repository root, so that file
//! names in the output are the relative paths given.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// What a run of `tapis` gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The stdout's JSON lines.
    fn lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
            .collect()
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// Runs `tapis ARGS…` in the repository root with `stdin` as its standard input.
fn tapis(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tapis"))
        .args(args)
        .current_dir(root())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tapis binary runs");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // A thread, so that a large output cannot block the child while the input is still being written.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let run = Run {
        code: output.status.code().expect("tapis exited, not killed"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "tapis panicked: {}", run.stderr);
    run
}

/// `(rule, start, end, text)` of a line's matches (or of a link's).
fn matches(found: &Value) -> Vec<(String, u64, u64, String)> {
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["rule"].as_str().unwrap().to_owned(),
                m["start"].as_u64().unwrap(),
                m["end"].as_u64().unwrap(),
                m["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

/// A pack of one rule, with a test case that passes and, if `failing`, one that fails.
fn pack(id: &str, rule: &str, terms: &str, failing: bool) -> String {
    let mut tests = String::from("{ text = \"ini dependency injection\", matches = true }");
    if failing {
        tests += ", { text = \"tanpa apa pun yang cocok\", matches = true }";
    }
    format!(
        "id = \"{id}\"\nversion = \"1\"\n[[rule]]\nid = \"{rule}\"\ncategory = \"teknologi\"\nseverity = \"low\"\n\
         terms = {terms}\ntests = [{tests}]\n"
    )
}

#[test]
fn free_text_on_stdin_gives_byte_offsets_into_each_message() {
    type Row<'a> = (&'a str, &'a [(&'a str, u64, u64, &'a str)]);
    let rows: &[Row] = &[
        (
            "Daftar 𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍 sekarang, m4xw1n!",
            &[("perjudian.slot-gacor", 7, 44, "𝙎𝙇𝙊𝙏 𝙂𝘼𝘾𝙊𝙍"), ("perjudian.slot-gacor", 55, 61, "m4xw1n")],
        ),
        (
            "السلام عليكم 😀🎰 jual s4bu murah",
            // The drug rule needs a selling word and a drug word near each other, and reports each as evidence.
            &[
                ("narkoba.jual-beli", 33, 37, "jual"),
                ("narkoba.jual-beli", 38, 42, "s4bu"),
                ("narkoba.jual-beli", 43, 48, "murah"),
            ],
        ),
        ("Rapat koordinasi hari Senin\npukul 09.00", &[]),
        ("b.o.k.e.p gratis, klik 👉 sekarang", &[("pornografi.promosi", 0, 9, "b.o.k.e.p")]),
        (
            "siap bai’at daulah",
            &[("terorisme.amaliyah", 5, 20, "bai’at daulah"), ("terorisme.amaliyah", 14, 20, "daulah")],
        ),
    ];
    let input = rows.iter().map(|(text, _)| *text).collect::<Vec<_>>().join("\n\n \n");
    let run = tapis(&["scan"], input.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), rows.len(), "{}", run.stdout);
    for ((text, wanted), line) in rows.iter().zip(&lines) {
        let found = matches(&line["matches"]);
        let wanted: Vec<_> = wanted.iter().map(|(r, s, e, t)| (r.to_string(), *s, *e, t.to_string())).collect();
        assert_eq!(found, wanted, "{text:?}");
        for (_, start, end, slice) in &found {
            assert_eq!(&text[*start as usize..*end as usize], slice, "{text:?}");
        }
        assert!(line["id"].as_str().unwrap().starts_with("txt:"), "{line}");
        assert_eq!(line["file"], "<stdin>");
        assert_eq!(line["links"], serde_json::json!([]));
    }
    assert_eq!(lines[0]["matches"][0]["normalized"], "slot gacor");
    assert_eq!(lines[0]["matches"][0]["folds"], serde_json::json!(["case", "compatibility"]));
    assert_eq!(lines[0]["matches"][0]["signals"], serde_json::json!(["styled-letters"]));
    assert_eq!(lines[0]["matches"][0]["category"], "perjudian");
    assert_eq!(lines[0]["matches"][0]["severity"], "high");
    assert_eq!(lines[1]["max_severity"], "high");
    assert_eq!((&lines[2]["max_severity"], &lines[2]["score"]), (&Value::Null, &serde_json::json!(0)));
    assert!(run.stderr.contains("scanned 1 input: 5 messages, 4 with matches (8 matches)"), "{}", run.stderr);

    // `-` is stdin too; --only-matches leaves out the message without a match.
    let only = tapis(&["scan", "--only-matches", "-"], input.as_bytes());
    assert_eq!(only.code, 0, "{}", only.stderr);
    let ids: Vec<Value> = only.lines().iter().map(|line| line["id"].clone()).collect();
    let all: Vec<Value> = lines.iter().filter(|line| line["score"] != 0).map(|line| line["id"].clone()).collect();
    assert_eq!(ids, all);
}

#[test]
fn a_telegram_json_export_gives_one_line_per_message_in_order() {
    let file = "tests/fixtures/telegram/dependency-injection-in-a-nutshell.result.json";
    // The export's own list, read here without tapis-ingest (29 messages, no service message).
    let export: Value = serde_json::from_str(&std::fs::read_to_string(root().join(file)).unwrap()).unwrap();
    let chat = export["id"].as_i64().unwrap();
    let wanted: Vec<String> = export["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] == "message")
        .map(|m| format!("tg:{chat}:{}", m["id"]))
        .collect();
    assert_eq!(wanted.len(), 29);

    let dir = tempfile::tempdir().unwrap();
    let di = write(dir.path(), "di.toml", &pack("di", "teknologi.di", "[\"dependency injection\"]", false));
    let singleton = write(dir.path(), "singleton.toml", &pack("s", "teknologi.singleton", "[\"singleton\"]", false));
    let run = tapis(&["scan", "--pack", &di, "--pack", &singleton, "--username", "@csharp_indonesia", file], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    let ids: Vec<&str> = lines.iter().map(|line| line["id"].as_str().unwrap()).collect();
    assert_eq!(ids, wanted);

    let by_id = |id: i64| lines.iter().find(|line| line["message_id"] == id).unwrap();
    assert_eq!(
        matches(&by_id(2567)["matches"]),
        [("teknologi.di".to_owned(), 12, 32, "dependency injection".to_owned())]
    );
    assert_eq!(by_id(2567)["link"], "https://t.me/csharp_indonesia/2567");
    assert_eq!(by_id(2567)["chat"], "C# Indonesia");
    assert_eq!(by_id(2567)["file"], file);
    assert_eq!(matches(&by_id(2582)["matches"]), [("teknologi.singleton".to_owned(), 17, 26, "singleton".to_owned())]);
    assert_eq!(by_id(2568)["matches"], serde_json::json!([]));
    assert!(run.stderr.contains("scanned 1 input: 29 messages, "), "{}", run.stderr);

    // Without --pack, the built-in packs: nothing to find in a programming chat.
    let run = tapis(&["scan", "--only-matches", file], b"");
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
}

#[test]
fn html_parts_given_in_reverse_are_read_in_order_with_their_links_scanned() {
    let dir = "tests/fixtures/telegram-html/two-part";
    let (first, second) = (format!("{dir}/messages.html"), format!("{dir}/messages2.html"));
    let run = tapis(&["scan", "--username", "infopromo", &second, &first], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    let ids: Vec<i64> = lines.iter().map(|line| line["message_id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [2, 3, 4, 5, 6, 9, 10, 11]);
    assert!(lines.iter().all(|line| line["file"] == format!("{dir}/")), "{}", run.stdout);

    // The promotion hides its target behind other words: the match is in `links`, with offsets into the href.
    let promo = &lines[1];
    assert_eq!(promo["matches"], serde_json::json!([]));
    assert_eq!(promo["link"], "https://t.me/infopromo/3");
    assert_eq!(promo["max_severity"], "high");
    let link = &promo["links"][0];
    let href = link["href"].as_str().unwrap();
    assert_eq!(href, "https://slot-gacor.example/daftar?ref=1&x=2");
    assert_eq!(matches(&link["matches"]), [("perjudian.slot-gacor".to_owned(), 8, 18, "slot-gacor".to_owned())]);
    assert_eq!(&href[8..18], "slot-gacor");
    assert!(link["anchor_end"].as_u64() > link["anchor_start"].as_u64(), "{link}");
    assert!(run.stderr.contains("8 messages") && run.stderr.contains("skipped 2 service messages"), "{}", run.stderr);

    // One part alone is read as it is.
    let run = tapis(&["scan", &second], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.lines().len(), 3, "{}", run.stdout);
}

#[test]
fn copied_text_gives_one_line_per_copied_message_with_sender_and_date() {
    let file = "tests/fixtures/telegram/plain_copy_paste_stub.txt";
    let headers = std::fs::read_to_string(root().join(file))
        .unwrap()
        .lines()
        .filter(|line| line.ends_with(']') && line.contains(", [25/06/2022 "))
        .count();
    assert_eq!(headers, 18);
    for format in ["auto", "copied-text"] {
        let run = tapis(&["scan", "--input-format", format, file], b"");
        assert_eq!(run.code, 0, "{}", run.stderr);
        let lines = run.lines();
        assert_eq!(lines.len(), headers, "{format}");
        assert_eq!((&lines[0]["sender"], &lines[0]["date"]), (&"dicha?".into(), &"2022-06-25T07:25:00".into()));
    }
    // Read as free text instead, blocks are messages: more of them, without senders.
    let run = tapis(&["scan", "--input-format", "free-text", file], b"");
    let lines = run.lines();
    assert!(lines.len() > headers && lines.iter().all(|line| line["sender"].is_null()), "{}", run.stdout);
}

#[test]
fn the_table_shows_rule_match_and_link_of_each_match() {
    let input = "Info SLOT GACOR hari ini\n\nRapat hari Senin\n\njual s4bu, COD";
    let run = tapis(&["scan", "--format", "table"], input.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("MESSAGE") && lines[0].contains("SEVERITY  RULE"), "{}", run.stdout);
    assert!(!lines[0].contains("LINK"), "no message has a link: {}", run.stdout);
    assert!(lines[1].contains("high") && lines[1].contains("perjudian.slot-gacor  SLOT GACOR"), "{}", run.stdout);
    assert!(lines[3].contains("narkoba.jual-beli") && lines[3].contains("s4bu"), "{}", run.stdout);
    assert_eq!(lines.last(), Some(&"2 of 3 messages matched: 4 matches (4 high)"), "{}", run.stdout);
    // Columns line up.
    let at = lines[0].find("RULE").unwrap();
    assert!(lines[1..lines.len() - 1].iter().all(|line| line[at..].starts_with(|c: char| c != ' ')), "{}", run.stdout);

    let dir = "tests/fixtures/telegram-html/two-part";
    let run = tapis(&["scan", "--format", "table", "--chat-id", "1500000001", &format!("{dir}/messages.html")], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.lines().next().unwrap().ends_with("LINK"), "{}", run.stdout);
    let row = run.stdout.lines().nth(1).unwrap();
    assert!(row.starts_with("tg:1500000001:3 "), "{row}");
    assert!(row.contains("slot-gacor (in link https://slot-gacor.example/daftar?ref=1&x=2)"), "{row}");
    assert!(row.ends_with("https://t.me/c/1500000001/3"), "{row}");

    let run = tapis(&["scan", "--format", "table"], b"Rapat hari Senin");
    assert_eq!((run.code, run.stdout.as_str()), (0, "no matches in 1 message\n"));
}

#[test]
fn a_pack_that_does_not_load_is_named_with_its_rule_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "judi.toml",
        "id = \"judi\"\nversion = \"1\"\n[[rule]]\nid = \"judi.slot\"\ncategory = \"perjudian\"\nseverity = \"urgent\"\n\
         terms = [\"slot\"]\n",
    );
    let good = write(dir.path(), "di.toml", &pack("di", "teknologi.di", "[\"dependency injection\"]", false));
    let again = write(dir.path(), "di2.toml", &pack("di2", "teknologi.di", "[\"injection\"]", false));
    let missing = dir.path().join("missing.toml").display().to_string();
    // (pack arguments, what stderr must say)
    let rows: &[(&[&str], &[&str])] = &[
        (&[&bad], &[&format!("error: {bad}: rule `judi.slot`: severity: unknown variant `urgent`"), "(line 6)"]),
        (&[&good, &missing], &[&format!("error: {missing}: cannot read: no such file")]),
        (&[&good, &again], &[&format!("{again}: rule `teknologi.di`: id: the id is used twice")]),
    ];
    for (packs, wanted) in rows {
        let mut args = vec!["scan"];
        for pack in *packs {
            args.extend(["--pack", pack]);
        }
        for command in [args, [&["rules", "test"][..], packs].concat()] {
            let run = tapis(&command, b"slot gacor");
            if command[0] == "rules" && packs.len() == 2 && packs[1] == again.as_str() {
                // Tested alone, each of the two packs is fine.
                assert_eq!(run.code, 0, "{command:?}: {}", run.stderr);
                continue;
            }
            assert_eq!(run.code, 2, "{command:?}: {}", run.stdout);
            for part in *wanted {
                assert!(run.stderr.contains(part), "{command:?}: {part:?} not in {}", run.stderr);
            }
            if command[0] == "scan" {
                assert_eq!(run.stdout, "", "{command:?}");
            }
        }
    }
}

#[test]
fn inputs_that_cannot_be_read_are_named_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // (file name, content (`None`: no file), what stderr must say after the name)
    let rows: &[(&str, Option<&str>, &str)] = &[
        ("missing.json", None, ": cannot read: no such file"),
        ("empty.json", Some(""), ": the input is empty"),
        ("blank.txt", Some(" \n\n\t\n"), ": the input is empty"),
        (
            "broken.json",
            Some("{\"name\": \"x\",\n \"messages\": [\n  {\"id\": 1,, }]}"),
            ": invalid JSON at line 3, column 12",
        ),
        ("cut.json", Some("{\"name\": \"x\", \"messages\": [{\"id\": 1, \"type\": \"mess"), ": the JSON ends early"),
        ("page.html", Some("<html><body><p>halo</p></body></html>"), ": this is not a Telegram Desktop export"),
        ("list.json", Some("[1, 2, 3]"), ": this is not a Telegram Desktop export"),
    ];
    for (name, content, reason) in rows {
        let path = d.join(name);
        if let Some(content) = content {
            std::fs::write(&path, content).unwrap();
        }
        let path = path.display().to_string();
        let run = tapis(&["scan", &path], b"");
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{name}");
        assert!(run.stderr.contains(&format!("error: {path}{reason}")), "{name}: {}", run.stderr);
    }

    // A directory, and `-` twice.
    let run = tapis(&["scan", &d.display().to_string()], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(": a folder without a Telegram Desktop export"), "{}", run.stderr);
    let run = tapis(&["scan", "-", "-"], b"x");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("only once"), "{}", run.stderr);

    // The other inputs are still scanned, and the run still fails.
    let missing = d.join("missing.json").display().to_string();
    let good = write(d, "good.txt", "slot gacor");
    let run = tapis(&["scan", &missing, &good], b"");
    assert_eq!(run.code, 2);
    assert_eq!(run.lines().len(), 1);
    assert!(run.stderr.contains("scanned 1 of 2 inputs: 1 message"), "{}", run.stderr);

    // Two HTML parts of which one is not an export: ingest names the part.
    let html = d.join("html");
    std::fs::create_dir(&html).unwrap();
    std::fs::copy(root().join("tests/fixtures/telegram-html/two-part/messages.html"), html.join("messages.html"))
        .unwrap();
    let part = write(&html, "messages2.html", "<html><body>halo</body></html>");
    let run = tapis(&["scan", &html.join("messages.html").display().to_string(), &part], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(&format!("error: {part}: this is not a Telegram Desktop export")), "{}", run.stderr);

    let run = tapis(&["scan", "--username", "a b", &good], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--username: not a Telegram username"), "{}", run.stderr);
}

#[test]
fn warnings_go_to_stderr_with_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    std::fs::write(&path, b"jual s\xe4bu murah\n\nslot gacor").unwrap();
    let path = path.display().to_string();
    let run = tapis(&["scan", &path], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.lines().len(), 2);
    assert!(run.stderr.contains(&format!("warning: {path}: 1 byte sequence(s) that are not UTF-8")), "{}", run.stderr);
}

#[test]
fn a_closed_pipe_stops_the_scan_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.txt");
    std::fs::write(&path, "slot gacor maxwin hari ini\n\n".repeat(20_000)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tapis"))
        .args(["scan", &path.display().to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1024];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn rules_test_runs_the_packs_test_cases() {
    let packs: Vec<String> = std::fs::read_dir(root().join("packs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| path.strip_prefix(root()).unwrap().display().to_string())
        .collect();
    assert_eq!(packs.len(), 8, "one pack per category: {packs:?}");
    let run = tapis(&[&["rules", "test"][..], &packs.iter().map(String::as_str).collect::<Vec<_>>()].concat(), b"");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("packs/perjudian.toml: pack `tapis-perjudian` "), "{}", run.stdout);
    assert!(!run.stdout.contains(" 0 tests"), "every pack carries test cases: {}", run.stdout);
    let summary = run.stdout.lines().last().unwrap();
    assert!(summary.starts_with(&format!("{} pack", packs.len())) && summary.ends_with(" 0 failed"), "{summary}");

    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.toml", &pack("good", "teknologi.di", "[\"dependency injection\"]", false));
    let failing = write(dir.path(), "failing.toml", &pack("bad", "teknologi.x", "[\"injection\", \"xx\"]", true));
    let run = tapis(&["rules", "test", &good, &failing], b"");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let wanted = format!(
        "failed: {failing}: rule `teknologi.x`: tests[1]: expected a match in \"tanpa apa pun yang cocok\", found none"
    );
    assert!(run.stdout.contains(&wanted), "{}", run.stdout);
    assert!(run.stdout.contains(&format!("warning: {failing}: rule `teknologi.x`: terms[1]: ")), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("{good}: pack `good` 1: 1 rule, 1 test: 1 passed, 0 failed")),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.lines().last(), Some("2 packs, 2 rules, 3 tests: 2 passed, 1 failed"), "{}", run.stdout);

    let run = tapis(&["rules", "lint", &good, &failing], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().last(), Some("2 packs, 2 rules: 1 warning"), "{}", run.stdout);

    let run = tapis(&["rules", "test"], b"");
    assert_eq!(run.code, 2, "a pack is required: {}", run.stderr);
}

#[test]
fn blocklists_give_each_link_its_status_and_list() {
    let dir = tempfile::tempdir().unwrap();
    let judi = write(dir.path(), "judi.txt", "# TrustPositif\nsitus88.com\nsitus88.com\n\nlocalhost\n");
    let hosts = write(dir.path(), "hosts", "127.0.0.1 localhost\n0.0.0.0 bokep.net\n");
    let text = "Daftar situs88[.]com, m.bokep.net, baru77 dot net, bit.ly/x, t.me/infocuan, WA 0812-3456-7890";
    let run = tapis(
        &["scan", "--blocklist", &format!("judi={judi}"), "--blocklist", &format!("porno={hosts}")],
        text.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("blocklist judi: 1 domains from"), "{}", run.stderr);
    assert!(run.stderr.contains("skipped 1 comment, 1 blank, 1 duplicate, 1 without a dot"), "{}", run.stderr);
    let lines = run.lines();
    let links: Vec<(&str, &str, &str, Value, Value)> = lines[0]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let (start, end) = (l["start"].as_u64().unwrap() as usize, l["end"].as_u64().unwrap() as usize);
            (
                l["kind"].as_str().unwrap(),
                l["value"].as_str().unwrap(),
                &text[start..end],
                l["status"].clone(),
                l["list"].clone(),
            )
        })
        .collect();
    use serde_json::json;
    assert_eq!(
        links,
        [
            ("domain", "situs88.com", "situs88[.]com", json!("blocked"), json!("judi")),
            ("domain", "m.bokep.net", "m.bokep.net", json!("blocked"), json!("porno")),
            ("domain", "baru77.net", "baru77 dot net", json!("new"), Value::Null),
            ("url", "http://bit.ly/x", "bit.ly/x", json!("shortener"), Value::Null),
            ("telegram", "@infocuan", "t.me/infocuan", Value::Null, Value::Null),
            ("phone", "+6281234567890", "0812-3456-7890", Value::Null, Value::Null),
        ]
    );
    assert_eq!(lines[0]["links"][1]["listed"], "bokep.net");

    // A list that is really an HTML page, a missing file, a bad argument: usage errors, nothing scanned.
    let page = write(dir.path(), "page.txt", "<!DOCTYPE html>\n<html><body>503 Service Unavailable</body></html>\n");
    let run = tapis(&["scan", "--blocklist", &format!("judi={page}")], text.as_bytes());
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert!(run.stderr.contains("this is an HTML page, not a list of domains"), "{}", run.stderr);
    let run = tapis(&["scan", "--blocklist", "judi=/nonexistent/judi.txt"], text.as_bytes());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("/nonexistent/judi.txt: cannot read: no such file"), "{}", run.stderr);
    let run = tapis(&["scan", "--blocklist", "judi.txt"], text.as_bytes());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("expected NAME=FILE"), "{}", run.stderr);
}

#[test]
fn domains_prints_the_new_domains_one_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let judi = write(dir.path(), "judi.txt", "situs88.com\nxn--bcher-kva.de\n");
    let first = write(
        dir.path(),
        "first.txt",
        "Main di situs88.com atau www.situs88.com, atau baru77[.]net/daftar\n\nKlik s.id/promo dan bücher.de",
    );
    let second = write(dir.path(), "second.txt", "Cek hxxps://gacor-baru.co.id dan baru77.net lagi, WA 081234567890");
    let run = tapis(&["domains", "--blocklist", &format!("judi={judi}"), &first, &second], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "baru77.net\ngacor-baru.co.id\n");
    assert!(
        run.stderr.contains("domains: 2 new, 3 blocked, 1 link shorteners; in 3 messages of 2 of 2 inputs"),
        "{}",
        run.stderr
    );

    // Without a list, every domain but the shortener is new; an unreadable input is named, the others read.
    let run = tapis(&["domains", &first, "/nonexistent/x.json"], b"");
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "baru77.net\nsitus88.com\nwww.situs88.com\nxn--bcher-kva.de\n");
    assert!(run.stderr.contains("/nonexistent/x.json: cannot read: no such file"), "{}", run.stderr);
}

#[test]
fn domains_of_real_chats_are_their_links_not_their_code() {
    let mut files: Vec<String> = std::fs::read_dir(root().join("tests/fixtures/telegram"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".result.json"))
        .map(|name| format!("tests/fixtures/telegram/{name}"))
        .collect();
    files.sort();
    let mut args = vec!["domains"];
    args.extend(files.iter().map(String::as_str));
    let run = tapis(&args, b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Property accesses in code (`item.Name`, `x.Id`, `Logging.LogLevel.Microsoft`) are not domains.
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [
            "asp.net",
            "cloud.google.com",
            "docs.microsoft.com",
            "github.com",
            "howtoprofessionallysay.akashrajpurohit.com",
            "kubernetes-sigs.github.io",
            "markheath.net",
            "pastebin.com",
            "serverfault.com",
            "stackoverflow.com",
            "svatasimara.medium.com",
            "webmasters.stackexchange.com",
            "www.npmjs.com",
        ]
    );
}

/// Free text with one campaign keyed by a brand in two disguises and a phone in two forms, one template (two
/// greetings that differ by a number) and a message of its own.
const CAMPAIGN_TEXT: &str = "Main di 𝙋𝙐𝙇𝘼𝙐𝙒𝙄𝙉 sekarang, WA 0812-3456-7890\n\n\
    P͓̽U͓̽L͓̽A͓̽U͓̽W͓̽I͓̽N͓̽ gacor, hubungi wa.me/6281234567890\n\n\
    Nonton di youtube.com dulu ah\n\n\
    Selamat datang di grup diskusi warga kampung kami yang ramah 1\n\n\
    Selamat datang di grup diskusi warga kampung kami yang ramah 2\n";

#[test]
fn scan_campaigns_gives_each_line_its_keys_after_grouping_the_whole_run() {
    let run = tapis(&["scan", "--campaigns"], CAMPAIGN_TEXT.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let campaigns: Vec<Vec<String>> = run
        .lines()
        .iter()
        .map(|line| line["campaigns"].as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_owned()).collect())
        .collect();
    assert_eq!(campaigns.len(), 5);
    assert_eq!(campaigns[0], ["brand:pulauwin", "phone:+6281234567890"]);
    assert_eq!(campaigns[1], campaigns[0]);
    assert!(campaigns[2].is_empty(), "a platform's domain is no key: {:?}", campaigns[2]);
    assert_eq!(campaigns[3].len(), 1);
    assert!(campaigns[3][0].starts_with("template:") && campaigns[3][0].len() == "template:".len() + 16);
    assert_eq!(campaigns[4], campaigns[3]);

    // Leaving out the lines without a match does not shift the keys; without the flag there is no field.
    let run = tapis(&["scan", "--campaigns", "--only-matches"], CAMPAIGN_TEXT.as_bytes());
    let lines = run.lines();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l["campaigns"] == serde_json::json!(["brand:pulauwin", "phone:+6281234567890"])));
    let run = tapis(&["scan"], CAMPAIGN_TEXT.as_bytes());
    assert!(run.lines().iter().all(|l| l.get("campaigns").is_none()));
}

#[test]
fn scan_campaigns_of_exports_take_hidden_links_chats_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let message = |id: u32, date: &str, unix: u64, text: &str| {
        format!(
            r#"{{"id": {id}, "type": "message", "date": "{date}", "date_unixtime": "{unix}", "from": "Admin",
                "from_id": "user1", "text": [{text:?}, {{"type": "text_link", "text": "di sini",
                "href": "https://situs88.com/daftar"}}]}}"#
        )
    };
    let export = |id: i64, name: &str, messages: &[String]| {
        format!(r#"{{"name": "{name}", "type": "public_channel", "id": {id}, "messages": [{}]}}"#, messages.join(","))
    };
    let first = write(
        dir.path(),
        "first.json",
        &export(
            1,
            "Kanal A",
            &[
                message(1, "2025-03-01T08:00:00", 1_740_816_000, "Promo hari ini, klik "),
                message(2, "2025-03-04T08:00:00", 1_741_075_200, "Daftar "),
            ],
        ),
    );
    let second = write(
        dir.path(),
        "second.json",
        &export(2, "Kanal B", &[message(7, "2025-02-20T08:00:00", 1_740_038_400, "Gas ")]),
    );
    let run = tapis(&["scan", "--campaigns", &first, &second], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in run.lines() {
        assert_eq!(line["campaigns"], serde_json::json!(["domain:situs88.com"]), "{line}");
    }
    let run = tapis(&["scan", "--campaigns", "--format", "table", &first, &second], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("#  MESSAGES  CHATS  FIRST       LAST        CAMPAIGN\n1         3      2  2025-02-20  2025-03-04  domain:situs88.com\nthe 1 largest of 1 campaigns\n"),
        "{}",
        run.stdout
    );

    // The real exports of the repository: a line each, each with its keys.
    let run = tapis(&["scan", "--campaigns", "tests/fixtures/import/promo-channel.result.json"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), 4);
    assert!(lines.iter().all(|l| l["campaigns"].is_array()));
}

#[test]
fn campaigns_writes_a_watchlist_that_tests_pass_on_and_scan_loads() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "promo.txt", CAMPAIGN_TEXT);
    let watchlist = dir.path().join("watchlist.toml").display().to_string();
    let run = tapis(&["campaigns", "--top", "5", "--watchlist-out", &watchlist, "--date", "2026-12-06", &input], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("brand:pulauwin phone:+6281234567890"), "{}", run.stdout);
    assert!(run.stdout.contains("template:"), "{}", run.stdout);
    assert!(run.stderr.contains("watchlist: 2 keys of the 2 largest campaigns"), "{}", run.stderr);
    let toml = std::fs::read_to_string(&watchlist).unwrap();
    assert!(toml.contains("name = \"Daftar pantau\""), "{toml}");
    assert!(toml.contains("dipelajari dari keputusan pada 2026-12-06 (2 pesan)"), "{toml}");
    assert!(!toml.contains("template"), "a template is no rule: {toml}");

    let run = tapis(&["rules", "test", &watchlist], b"");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    // Loaded like any pack: the brand in another disguise and the number in another form, and nothing else.
    let run = tapis(
        &["scan", "--pack", &watchlist],
        "Cuan di 🅿🆄🅻🅰🆄🆆🅸🅽 terus\n\nWA +62 812-3456-7890 ya\n\nRapat RT hari Sabtu".as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rules: Vec<Vec<String>> =
        run.lines().iter().map(|l| matches(&l["matches"]).into_iter().map(|(rule, ..)| rule).collect()).collect();
    assert_eq!(rules, [vec!["pantau.brand-pulauwin"], vec!["pantau.phone-6281234567890"], vec![]]);

    // A bad date is a usage error.
    let run = tapis(&["campaigns", "--date", "6/12/2026", &input], b"");
    assert_eq!(run.code, 2);
}

/// The hash and quality of two of tapis-media's reference vectors (`crates/media/tests/vectors/vectors.tsv`,
/// computed by Meta's C++ reference through PyPI's pdqhash).
const TILES_JPG: (&str, &str, u64) = (
    "crates/media/tests/vectors/tiles_200x150.jpg",
    "a535c87fb3ac41965cdbdb80ba8eb61ca7753634c5a0c9c38575c94bbb8cc181",
    100,
);
const SHAPES_PNG: (&str, &str, u64) = (
    "crates/media/tests/vectors/shapes_256x256.png",
    "b669c4ccc2ab4b542f4625ce64bbbc369e1632dbe079f1399d4423a10dd1dc56",
    100,
);

/// An export folder with a photo, a missing photo, a sticker's thumbnail, a path that tries to leave the folder,
/// a video left out of the export and a text; the photo is in a hash list, one bit away.
#[test]
fn an_export_folder_s_images_are_hashed_and_matched_against_hash_lists() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("ChatExport_2026-11-01");
    std::fs::create_dir_all(export.join("photos")).unwrap();
    std::fs::create_dir_all(export.join("stickers")).unwrap();
    std::fs::copy(root().join(TILES_JPG.0), export.join("photos/photo_1@01-11-2026_10-00-00.jpg")).unwrap();
    std::fs::copy(root().join(SHAPES_PNG.0), export.join("stickers/sticker (2).webp_thumb.jpg")).unwrap();
    std::fs::copy(root().join(SHAPES_PNG.0), dir.path().join("secret.jpg")).unwrap();
    let message = |id: u32, media: &str| {
        format!(
            r#"{{"id": {id}, "type": "message", "date": "2026-11-01T10:00:00", "date_unixtime": "1793502000",
               "from": "Kanal", "from_id": "channel1500000001", {media} "text": "selamat pagi semua"}}"#
        )
    };
    let messages = [
        message(1, r#""photo": "photos/photo_1@01-11-2026_10-00-00.jpg", "width": 200, "height": 150,"#),
        message(2, r#""photo": "photos/photo_2@01-11-2026_10-05-00.jpg","#),
        message(
            3,
            r#""file": "stickers/sticker (2).webp", "thumbnail": "stickers/sticker (2).webp_thumb.jpg",
               "media_type": "sticker","#,
        ),
        message(4, r#""photo": "../secret.jpg","#),
        message(
            5,
            r#""file": "(File not included. Change data exporting settings to download.)",
               "media_type": "video_file", "mime_type": "video/mp4","#,
        ),
        message(6, ""),
    ];
    let json = format!(
        r#"{{"name": "Kanal", "type": "public_channel", "id": 1500000001, "messages": [{}]}}"#,
        messages.join(",")
    );
    std::fs::write(export.join("result.json"), json).unwrap();
    // The photo's hash with its last bit flipped, an unrelated hash, and a malformed line.
    let near = format!("{}0", &TILES_JPG.1[..63]);
    let list = format!("# judi\n{near}\tbanner slot\tKomdigi\n{}\nbukan hash\n", "0f".repeat(32));
    let list = write(dir.path(), "judi.pdq", &list);
    let folder = export.display().to_string();

    let run = tapis(&["scan", "--hashlist", &format!("judi={list}"), &folder], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), 6, "{}", run.stdout);
    let image = |n: usize| lines[n].get("images").map(|images| images[0].clone());
    assert_eq!(
        image(0).unwrap(),
        serde_json::json!({"kind": "photo", "path": "photos/photo_1@01-11-2026_10-00-00.jpg", "pdq": TILES_JPG.1,
            "quality": TILES_JPG.2, "width": 200, "height": 150,
            "matches": [{"list": "judi", "label": "banner slot", "source": "Komdigi", "distance": 1}]})
    );
    assert_eq!(
        image(1).unwrap(),
        serde_json::json!({"kind": "photo", "path": "photos/photo_2@01-11-2026_10-05-00.jpg", "matches": [],
            "missing": true, "error": "missing"})
    );
    let sticker = image(2).unwrap();
    assert_eq!(
        (&sticker["kind"], &sticker["pdq"], &sticker["matches"]),
        (&"sticker".into(), &SHAPES_PNG.1.into(), &serde_json::json!([]))
    );
    for n in [3, 4, 5] {
        assert_eq!(image(n), None, "message {}: no image to read", n + 1);
    }
    assert!(run.stderr.contains("hash list judi: 2 hashes from"), "{}", run.stderr);
    assert!(run.stderr.contains("skipped 1 comment, 1 malformed"), "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: ")
            && run.stderr.contains(": message tg:1500000001:2: photos/photo_2@01-11-2026_10-05-00.jpg is missing"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("6 messages, 1 with matches (0 matches)"), "the listed photo matches: {}", run.stderr);
    assert!(
        run.stderr.contains("hashed 2 images (1 match in the hash lists), 1 image missing from the export"),
        "{}",
        run.stderr
    );

    // result.json given itself reads the same folder; the table shows the list's match; --only-matches keeps it.
    let json_path = export.join("result.json").display().to_string();
    let table = tapis(&["scan", "--format", "table", "--hashlist", &format!("judi={list}"), &json_path], b"");
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains("hashlist:judi"), "{}", table.stdout);
    assert!(table.stdout.contains("photos/photo_1@01-11-2026_10-00-00.jpg (banner slot, 1 bits)"), "{}", table.stdout);
    assert!(table.stdout.contains("1 of 6 messages matched"), "{}", table.stdout);
    let only = tapis(&["scan", "--only-matches", "--hashlist", &format!("judi={list}"), &json_path], b"");
    assert_eq!(only.lines().len(), 1, "{}", only.stdout);

    // A stricter threshold leaves the photo unmatched; --no-images reads no image at all.
    let strict = tapis(&["scan", "--hash-threshold", "0", "--hashlist", &format!("judi={list}"), &folder], b"");
    assert_eq!(strict.lines()[0]["images"][0]["matches"], serde_json::json!([]));
    let none = tapis(&["scan", "--no-images", &folder], b"");
    assert!(none.lines().iter().all(|line| line.get("images").is_none()), "{}", none.stdout);
    assert!(!none.stderr.contains("missing"), "{}", none.stderr);
    let bad = tapis(&["scan", "--hash-threshold", "257", &folder], b"");
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}
