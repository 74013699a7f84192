//! Every command README.md and `docs/*.md` give is run against the built
//! binary, so none goes stale, and every link between them is followed.
//!
//! What counts as a command: in a fenced code block, every line (a line
//! ending in `\` joined with the next; `#` comments skipped) and in the
//! prose every code span, split at `;`, `&&`, `||` and `|`, whose part
//! starts with `kz-residence-bot` (after `VAR=value` settings, as in a
//! cron line after `umask 077;`), or is `cargo run [--release] [-- …]`
//! (the binary with those arguments), or is `docker run … kz-residence-bot
//! …` / `docker exec kz-residence-bot kz-residence-bot …` (the binary in
//! the image or the container). Redirections (`> file`, `< file`) are left
//! out; `$(date +%H)` (written `+\%H` in a crontab) is the hour `07`.
//!
//! How each is checked; every one must exit 0:
//!
//! * **Run as written**, in a scratch directory laid out as the server the
//!   documents describe: `content/` a copy of `examples/content`; `data/`,
//!   `/data` and `/srv/kz/data` a store of the current format with its
//!   erasure log; `/var/backups/kz/kz-07.kzb` a backup of it and
//!   `/var/backups/kz/erasures` its log. An absolute path names a place in
//!   that directory, never on this machine. A code block's commands run in
//!   order in one such directory (the restore that `stats` then reads);
//!   each code span gets its own. This covers `check-content`, `stats`,
//!   `backup`, `restore`, `link`, `console` and `--help` / `--version`
//!   anywhere, with three adjustments: `console` gets `/quit` on standard
//!   input; `link` without `--bot` gets `--bot kz_residence_bot`, since it
//!   would otherwise ask Telegram for the bot's name; and `restore` without
//!   `--replace` runs into a directory emptied first (a new server, or the
//!   scratch directory the documents restore into: into a store it is
//!   refused, as `tests/backup_store.rs` shows).
//! * **Parsed only**, what needs Telegram, a running bot or a container:
//!   the bot itself (`run`, or no mode), `healthcheck`, and every command
//!   given through `docker`. These run with `--help` appended, which clap
//!   answers only once it has accepted every subcommand, flag and value
//!   before it: a mode or a flag that does not exist, or a value it does
//!   not take, fails; a required flag left out does not.
//!
//! Besides: a version line quoted in a code span (`kz-residence-bot 0.1.0
//! (store format …)`) is what `--version` prints; README's test command is
//! the one `.ci/run` runs; and every relative link leads to a file that
//! exists and, with `#anchor`, to a heading in it.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use kz_residence_bot::store;

use crate::store_fixture::Fixture;

const BIN: &str = env!("CARGO_BIN_EXE_kz-residence-bot");

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every Markdown file in docs/, as (name, text).
fn documents() -> Vec<(String, String)> {
    let mut names = vec![PathBuf::from("README.md")];
    let mut guides: Vec<PathBuf> = fs::read_dir(repo().join("docs"))
        .expect("docs/ exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| path.strip_prefix(repo()).unwrap().to_path_buf())
        .collect();
    guides.sort();
    names.extend(guides);
    names
        .into_iter()
        .map(|name| {
            let text = fs::read_to_string(repo().join(&name)).unwrap();
            (name.display().to_string(), text)
        })
        .collect()
}

/// A piece of a document that may hold commands: a code block's line, or
/// a code span in the prose.
struct Snippet {
    /// `file:line`, for the failure message.
    place: String,
    /// Snippets of one code block share a scratch directory.
    group: String,
    text: String,
    fenced: bool,
}

fn snippets(name: &str, text: &str) -> Vec<Snippet> {
    let mut found = Vec::new();
    let mut fence: Option<usize> = None;
    let mut paragraph: Option<(usize, String)> = None;
    let mut continued: Option<(usize, String)> = None;
    let end_paragraph = |paragraph: &mut Option<(usize, String)>, found: &mut Vec<Snippet>| {
        if let Some((start, text)) = paragraph.take() {
            for (i, span) in text.split('`').enumerate() {
                if i % 2 == 1 {
                    found.push(Snippet {
                        place: format!("{name}:{start}"),
                        group: format!("{name}:{start}:{i}"),
                        text: span.to_string(),
                        fenced: false,
                    });
                }
            }
        }
    };
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            fence = match fence {
                None => {
                    end_paragraph(&mut paragraph, &mut found);
                    Some(number)
                }
                Some(_) => None,
            };
            continue;
        }
        if let Some(start) = fence {
            let (first, mut joined) = continued.take().unwrap_or((number, String::new()));
            joined.push_str(trimmed);
            if let Some(unfinished) = joined.strip_suffix('\\') {
                continued = Some((first, format!("{unfinished} ")));
                continue;
            }
            if !joined.starts_with('#') {
                found.push(Snippet {
                    place: format!("{name}:{first}"),
                    group: format!("{name}:{start}"),
                    text: joined,
                    fenced: true,
                });
            }
        } else if trimmed.is_empty() {
            end_paragraph(&mut paragraph, &mut found);
        } else {
            let (_, text) = paragraph.get_or_insert((number, String::new()));
            text.push(' ');
            text.push_str(trimmed);
        }
    }
    end_paragraph(&mut paragraph, &mut found);
    assert!(fence.is_none(), "{name}: a code block is not closed");
    found
}

/// A line split into simple commands, as a shell would (near enough for
/// the documents): quotes taken off, `$(…)` kept in one word, `\%` read as
/// `%`, redirection operators kept as words of their own.
fn simple_commands(line: &str) -> Vec<Vec<String>> {
    let mut commands = vec![];
    let mut words: Vec<String> = vec![];
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut depth = 0;
    let mut chars = line.chars().peekable();
    let end_word = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(std::mem::take(word).replace("$(date +%H)", "07"));
        }
    };
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => quote = Some(c),
            (None, '\\') => word.extend(chars.next()),
            (None, '(') if word.ends_with('$') => {
                depth += 1;
                word.push(c);
            }
            (None, ')') if depth > 0 => {
                depth -= 1;
                word.push(c);
            }
            (None, c) if depth > 0 => word.push(c),
            (None, c) if c.is_whitespace() => end_word(&mut word, &mut words),
            (None, ';' | '|' | '&') => {
                end_word(&mut word, &mut words);
                commands.push(std::mem::take(&mut words));
            }
            (None, '>' | '<') => {
                end_word(&mut word, &mut words);
                words.push(c.to_string());
            }
            (None, c) => word.push(c),
        }
    }
    end_word(&mut word, &mut words);
    commands.push(words);
    commands.retain(|words| !words.is_empty());
    commands
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Through {
    /// The binary itself, or `cargo run`.
    Binary,
    /// `docker run` or `docker exec`: the binary in a container.
    Docker,
}

/// The binary's arguments, if this simple command runs it.
fn binary_arguments(words: &[String]) -> Option<(Vec<String>, Through)> {
    let mut words: Vec<&str> = words.iter().map(String::as_str).collect();
    // Redirections go with their target.
    while let Some(at) = words.iter().position(|w| *w == ">" || *w == "<") {
        words.drain(at..(at + 2).min(words.len()));
    }
    let setting = |w: &&str| {
        w.split_once('=').is_some_and(|(name, _)| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
    };
    let start = words.iter().position(|w| !setting(w))?;
    let words = &words[start..];
    let rest = |from: usize| words[from..].iter().map(|w| w.to_string()).collect();
    match words {
        ["kz-residence-bot", ..] => Some((rest(1), Through::Binary)),
        ["cargo", "run", options @ ..] => {
            let ours = options
                .iter()
                .take_while(|w| **w != "--")
                .all(|w| *w == "--release" || *w == "--locked");
            let args = match words.iter().position(|w| *w == "--") {
                Some(at) => rest(at + 1),
                None => vec![],
            };
            ours.then_some((args, Through::Binary))
        }
        ["docker", verb @ ("run" | "exec"), ..] => {
            // The options that take a value, as the documents use them.
            let valued = ["-e", "-v", "-p", "--name", "--restart", "-u", "-w"];
            let mut at = 2;
            while at < words.len() && words[at].starts_with('-') {
                at += if valued.contains(&words[at]) { 2 } else { 1 };
            }
            // `run IMAGE ARGS` runs the image's entry point, the binary;
            // `exec CONTAINER COMMAND ARGS` runs the command named.
            if *verb == "exec" {
                at += 1;
            }
            (words.get(at) == Some(&"kz-residence-bot")).then(|| (rest(at + 1), Through::Docker))
        }
        _ => None,
    }
}

/// A scratch directory laid out as the server the documents describe (see
/// the top of this file), made once and copied for each group.
struct Server {
    template: tempfile::TempDir,
}

impl Server {
    fn new() -> Server {
        let template = tempfile::tempdir().unwrap();
        let root = template.path();
        copy_dir(&repo().join("examples/content"), &root.join("content"));
        let store = root.join("srv/kz/data");
        Fixture::load(store::FORMAT).write_store(&store);
        assert!(
            store.join(store::erasures::FILE).exists(),
            "the fixture keeps an erasure log"
        );
        // `data/` (the default) and `/data` (Docker's) are one place here.
        copy_dir(&store, &root.join("data"));
        let backups = root.join("var/backups/kz");
        fs::create_dir_all(&backups).unwrap();
        let made = Command::new(BIN)
            .arg("backup")
            .arg(backups.join("kz-07.kzb"))
            .arg("--data-dir")
            .arg(&store)
            .env_clear()
            .output()
            .unwrap();
        assert!(made.status.success(), "the backup to restore: {made:?}");
        fs::copy(
            store.join(store::erasures::FILE),
            backups.join(store::erasures::FILE),
        )
        .unwrap();
        Server { template }
    }

    /// A fresh copy, laid out as above.
    fn copy(&self) -> tempfile::TempDir {
        let scratch = tempfile::tempdir().unwrap();
        copy_dir(self.template.path(), scratch.path());
        scratch
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// What the test makes of one command found in a document.
struct Check {
    args: Vec<String>,
    stdin: &'static str,
    /// Only parsed (`--help` appended), not run.
    parsed_only: bool,
}

fn check_for(args: &[String], through: Through, root: &Path) -> Check {
    let mut args: Vec<String> = args
        .iter()
        .map(|arg| match arg.strip_prefix('/') {
            Some(inside) => root.join(inside).display().to_string(),
            None => arg.clone(),
        })
        .collect();
    let has = |args: &[String], flag: &str| args.iter().any(|a| a == flag);
    let mode = args.iter().find(|a| !a.starts_with('-')).cloned();
    if has(&args, "--help") || has(&args, "--version") {
        return Check {
            args,
            stdin: "",
            parsed_only: false,
        };
    }
    let needs_telegram = matches!(mode.as_deref(), None | Some("run" | "healthcheck"));
    if through == Through::Docker || needs_telegram {
        args.push("--help".into());
        return Check {
            args,
            stdin: "",
            parsed_only: true,
        };
    }
    let mut stdin = "";
    match mode.as_deref() {
        Some("console") => stdin = "/quit\n",
        Some("link") if !has(&args, "--bot") => {
            args.extend(["--bot".into(), "kz_residence_bot".into()]);
        }
        Some("restore") if !has(&args, "--replace") => {
            let at = args.iter().position(|a| a == "--data-dir");
            if let Some(dir) = at.and_then(|at| args.get(at + 1)) {
                fs::remove_dir_all(dir).ok();
            }
        }
        _ => {}
    }
    Check {
        args,
        stdin,
        parsed_only: false,
    }
}

fn run(args: &[String], stdin: &str, root: &Path) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(root)
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn version() -> String {
    let output = run(&["--version".into()], "", repo());
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

#[test]
fn every_command_in_the_documents_runs() {
    let server = Server::new();
    let version = version();
    let mut failures = vec![];
    let mut modes = BTreeSet::new();
    let mut ran = 0;
    let mut parsed = 0;
    let mut scratch: Option<(String, tempfile::TempDir)> = None;
    for (name, text) in documents() {
        for snippet in snippets(&name, &text) {
            for words in simple_commands(&snippet.text) {
                let Some((args, through)) = binary_arguments(&words) else {
                    continue;
                };
                if !snippet.fenced
                    && args
                        .first()
                        .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()))
                {
                    // A version line quoted, not a command.
                    if snippet.text != version {
                        failures.push(format!(
                            "{}: `{}` is not what --version prints: `{version}`",
                            snippet.place, snippet.text
                        ));
                    }
                    continue;
                }
                if scratch
                    .as_ref()
                    .is_none_or(|(group, _)| *group != snippet.group)
                {
                    scratch = Some((snippet.group.clone(), server.copy()));
                }
                let root = scratch.as_ref().unwrap().1.path();
                let check = check_for(&args, through, root);
                modes.insert(
                    args.iter()
                        .find(|a| !a.starts_with('-'))
                        .cloned()
                        .unwrap_or_else(|| "run".into()),
                );
                for flag in ["--help", "--version"] {
                    if args.iter().any(|a| a == flag) {
                        modes.insert(flag.to_string());
                    }
                }
                let output = run(&check.args, check.stdin, root);
                if check.parsed_only {
                    parsed += 1;
                } else {
                    ran += 1;
                }
                if !output.status.success() {
                    failures.push(format!(
                        "{}: `{}`\n  {} {:?}\n  exit: {:?}\n  stdout: {}\n  stderr: {}",
                        snippet.place,
                        snippet.text,
                        if check.parsed_only { "parsed" } else { "ran" },
                        check.args,
                        output.status.code(),
                        String::from_utf8_lossy(&output.stdout).trim(),
                        String::from_utf8_lossy(&output.stderr).trim(),
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The documents name every mode, so each was checked at least once.
    for mode in [
        "run",
        "console",
        "check-content",
        "stats",
        "link",
        "healthcheck",
        "backup",
        "restore",
        "--help",
        "--version",
    ] {
        assert!(modes.contains(mode), "no command with {mode}: {modes:?}");
    }
    assert!(ran >= 15 && parsed >= 5, "ran {ran}, parsed {parsed}");
}

/// The test targets `Cargo.toml` declares (`[[test]]`).
fn test_targets() -> BTreeSet<String> {
    let manifest: toml::Table =
        toml::from_str(&fs::read_to_string(repo().join("Cargo.toml")).unwrap()).unwrap();
    manifest
        .get("test")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|target| target.get("name")?.as_str().map(String::from))
        .collect()
}

/// The path of every integration test, as the test binary names it
/// (`robustness::the_data_directory_is_owner_only`): each file in
/// `tests/` is a module of `tests/main.rs`.
fn test_paths() -> Vec<String> {
    let mut paths = vec![];
    for entry in fs::read_dir(repo().join("tests")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let module = path.file_stem().unwrap().to_str().unwrap().to_string();
        let text = fs::read_to_string(&path).unwrap();
        let mut marked = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with("#[test]") || line.starts_with("#[tokio::test") {
                marked = true;
            } else if marked && let Some(rest) = line.split_once("fn ").map(|(_, r)| r) {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                paths.push(if module == "main" {
                    name
                } else {
                    format!("{module}::{name}")
                });
                marked = false;
            }
        }
    }
    paths
}

/// Every `cargo test` command in README.md, `docs/*.md` and `.ci/run`
/// names test targets that `Cargo.toml` declares and a filter that some
/// test's path contains: one left naming a file or a test that has gone
/// would run nothing, and pass.
#[test]
fn every_test_command_names_tests_that_exist() {
    let targets = test_targets();
    let paths = test_paths();
    let ci = fs::read_to_string(repo().join(".ci/run")).unwrap();
    let mut texts = documents();
    texts.push((
        ".ci/run".into(),
        ci.lines()
            .filter(|line| !line.trim_start().starts_with('#'))
            .map(|line| format!("```\n{line}\n```\n"))
            .collect(),
    ));
    let mut failures = vec![];
    let mut commands = 0;
    let mut filtered = 0;
    for (name, text) in texts {
        for snippet in snippets(&name, &text) {
            for words in simple_commands(&snippet.text) {
                let words: Vec<&str> = words
                    .iter()
                    .map(String::as_str)
                    .skip_while(|w| w.contains('=') && !w.starts_with('-'))
                    .collect();
                let ["cargo", "test", options @ ..] = words.as_slice() else {
                    continue;
                };
                commands += 1;
                let mut options = options.iter().take_while(|w| **w != "--");
                let mut target = None;
                let mut filter = None;
                while let Some(word) = options.next() {
                    match *word {
                        "--test" => {
                            let named = options.next().copied().unwrap_or_default();
                            if !targets.contains(named) {
                                failures.push(format!(
                                    "{}: `{}`: no test target {named:?} in Cargo.toml: {targets:?}",
                                    snippet.place, snippet.text
                                ));
                            }
                            target = Some(named);
                        }
                        word if word.starts_with('-') => {}
                        word => filter = Some(word),
                    }
                }
                if let Some(filter) = filter
                    && target.is_none_or(|t| t == "main")
                {
                    filtered += 1;
                    if !paths.iter().any(|path| path.contains(filter)) {
                        failures.push(format!(
                            "{}: `{}`: no test's path contains {filter:?}",
                            snippet.place, snippet.text
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        commands >= 3 && filtered >= 2,
        "{commands} test commands read, {filtered} with a filter"
    );
    assert!(
        paths.len() >= 300 && paths.iter().any(|p| p.starts_with("crash_safety::")),
        "{} tests found",
        paths.len()
    );
}

#[test]
fn readme_gives_the_test_command_ci_runs() {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let tests: Vec<String> = snippets("README.md", &readme)
        .into_iter()
        .filter(|s| s.fenced && s.text.starts_with("cargo test"))
        .map(|s| s.text)
        .collect();
    assert_eq!(tests.len(), 1, "one test command in README: {tests:?}");
    let ci = fs::read_to_string(repo().join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|line| line.trim() == tests[0]),
        "`{}` is not a line of .ci/run",
        tests[0]
    );
}

/// A heading's anchor as GitHub makes it: lower case, spaces to `-`,
/// punctuation other than `-` and `_` dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn anchors(text: &str) -> BTreeSet<String> {
    let mut fence = false;
    let mut found = BTreeSet::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
        } else if !fence && line.starts_with('#') {
            let heading = line.trim_start_matches('#');
            assert!(
                found.insert(anchor(heading)),
                "two headings make the anchor {}",
                anchor(heading)
            );
        }
    }
    found
}

#[test]
fn every_link_between_the_documents_leads_somewhere() {
    let mut failures = vec![];
    let mut followed = 0;
    for (name, text) in documents() {
        let dir = Path::new(&name).parent().unwrap().to_path_buf();
        for (i, piece) in text.split("](").enumerate().skip(1) {
            let target = &piece[..piece.find(')').expect("a link closes")];
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
            let path = if file.is_empty() {
                PathBuf::from(&name)
            } else {
                dir.join(file)
            };
            followed += 1;
            let Ok(linked) = fs::read_to_string(repo().join(&path)) else {
                failures.push(format!("{name}, link {i}: {target}: no such file"));
                continue;
            };
            if !fragment.is_empty() && !anchors(&linked).contains(fragment) {
                failures.push(format!(
                    "{name}, link {i}: {target}: no heading makes #{fragment}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(followed >= 30, "only {followed} links followed");
}

#[test]
fn the_reading_of_commands_is_as_a_shell_would() {
    let cron = "0 * * * *  kzbot  umask 077; kz-residence-bot backup /var/backups/kz/kz-$(date +\\%H).kzb --data-dir /srv/kz/data";
    let commands = simple_commands(cron);
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert_eq!(
        binary_arguments(&commands[1]),
        Some((
            [
                "backup",
                "/var/backups/kz/kz-07.kzb",
                "--data-dir",
                "/srv/kz/data"
            ]
            .map(String::from)
            .to_vec(),
            Through::Binary
        ))
    );
    assert_eq!(binary_arguments(&commands[0]), None);
    let docker = "docker run --rm -i -v kz-residence-data:/data kz-residence-bot restore - --data-dir /data --replace < kz-07.kzb";
    assert_eq!(
        binary_arguments(&simple_commands(docker)[0]),
        Some((
            ["restore", "-", "--data-dir", "/data", "--replace"]
                .map(String::from)
                .to_vec(),
            Through::Docker
        ))
    );
    let exec =
        "umask 077; docker exec kz-residence-bot cat /data/erasures > /var/backups/kz/erasures";
    assert_eq!(binary_arguments(&simple_commands(exec)[1]), None);
    let token = "TELOXIDE_TOKEN=123456789:AAH... cargo run --release";
    assert_eq!(
        binary_arguments(&simple_commands(token)[0]),
        Some((vec![], Through::Binary))
    );
    let example = "cargo run --release --example store_memory";
    assert_eq!(binary_arguments(&simple_commands(example)[0]), None);
}
