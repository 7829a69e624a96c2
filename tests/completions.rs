//! `csv-kernels completions SHELL`: each script loaded into its real shell and driven the way
//! the shell drives it. Bash, zsh and fish are all required: scripts/setup.sh installs zsh and
//! fish, and a missing shell fails these tests (nothing is skipped).
#![cfg(unix)]

use csv_kernels::format::OutputFormat;
use csv_kernels::OPTION_NAMES;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

const BIN: &str = env!("CARGO_BIN_EXE_csv-kernels");
const SHELLS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/shells");

fn script(shell: &str) -> String {
    let out = Command::new(BIN)
        .args(["completions", shell])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
    String::from_utf8(out.stdout).unwrap()
}

fn bash(code: &str) -> String {
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", code])
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "{code}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// What the bash completion offers for `line`, the cursor at its end (a trailing space
/// starts a new, empty word).
fn complete(line: &str) -> Vec<String> {
    let mut words: Vec<&str> = line.split_whitespace().collect();
    if line.ends_with(' ') {
        words.push("");
    }
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let code = format!(
        "source <('{BIN}' completions bash)\n\
         COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}\n\
         _csv_kernels\n\
         for w in \"${{COMPREPLY[@]}}\"; do printf '%s\\n' \"$w\"; done",
        quoted.join(" "),
        words.len() - 1
    );
    bash(&code).lines().map(String::from).collect()
}

fn words(list: &str) -> Vec<String> {
    list.split_whitespace().map(String::from).collect()
}

#[test]
fn bash_registers_the_function() {
    let code = format!("source <('{BIN}' completions bash); complete -p csv-kernels");
    assert_eq!(bash(&code), "complete -F _csv_kernels csv-kernels\n");
}

#[test]
fn bash_completes_commands_options_and_values() {
    let cases: &[(&str, &str)] = &[
        (
            "csv-kernels ",
            "run digit-factorial-sum primes profile completions help --help --version",
        ),
        ("csv-kernels pro", "profile"),
        ("csv-kernels run x --on-error ", "fail skip null"),
        ("csv-kernels run x --on-error s", "skip"),
        ("csv-kernels run x --sniff ", "false dialect true"),
        // --sniff may stand alone: an option can follow it.
        ("csv-kernels run x --sniff --qu", "--quiet --quote"),
        ("csv-kernels run x --thr", "--threads"),
        ("csv-kernels run x --max-columns ", ""),
        // A pipeline is free text: nothing to offer on an empty word.
        ("csv-kernels run ", ""),
        ("csv-kernels profile --thr", ""),
        ("csv-kernels profile --q", "--quiet --quote"),
        (
            "csv-kernels digit-factorial-sum --c",
            "--crlf --column --comment",
        ),
        ("csv-kernels completions ", "bash zsh fish"),
        ("csv-kernels completions z", "zsh"),
        ("csv-kernels completions zsh ", ""),
        ("csv-kernels primes ", ""),
    ];
    for (line, want) in cases {
        let mut got = complete(line);
        let mut want = words(want);
        got.sort();
        want.sort();
        assert_eq!(got, want, "{line:?}");
    }
}

/// The lists come from the core: every option and every format, whatever they become.
#[test]
fn bash_offers_every_core_option_and_format() {
    let offered = complete("csv-kernels run x --");
    for name in OPTION_NAMES {
        let flag = match *name {
            "header" => "--no-header".to_string(),
            other => format!("--{}", other.replace('_', "-")),
        };
        assert!(offered.contains(&flag), "{flag} not in {offered:?}");
    }
    for extra in [
        "--input",
        "--output",
        "--threads",
        "--quiet",
        "--no-sniff",
        "--help",
    ] {
        assert!(offered.iter().any(|o| o == extra), "{extra}");
    }
    let formats: Vec<String> = OutputFormat::ALL
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    assert_eq!(complete("csv-kernels run x --format "), formats);
}

#[test]
fn bash_completes_paths_after_input_and_output() {
    let dir = std::env::temp_dir().join(format!("csv-kernels-compl-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("data.csv"), "a\n").unwrap();
    let prefix = dir.to_str().unwrap();
    for option in ["--input", "--output"] {
        let mut got = complete(&format!("csv-kernels profile {option} {prefix}/"));
        got.sort();
        assert_eq!(got, [format!("{prefix}/data.csv"), format!("{prefix}/sub")]);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A fresh, empty folder under the system's temporary folder (tests run in parallel: each
/// call has its own).
fn temp_dir(name: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("csv-kernels-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs a shell that must be installed: a missing one fails the test.
fn run_shell(mut command: Command) -> String {
    let shell = command.get_program().to_string_lossy().into_owned();
    // Nothing from the person running the tests: no rc files, no history, no settings.
    let home = temp_dir(&format!("{shell}-home"));
    command
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"));
    // The binary on PATH, as installed: fish loads a command's completions only for a command
    // it can find.
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![bin_dir.to_path_buf()];
    dirs.extend(std::env::split_paths(&path));
    command.env("PATH", std::env::join_paths(dirs).unwrap());
    let out = command.output().unwrap_or_else(|e| {
        panic!("{shell} does not run ({e}): it is required, scripts/setup.sh installs it")
    });
    std::fs::remove_dir_all(&home).unwrap();
    assert!(out.status.success(), "{shell}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// How the zsh script is loaded: installed as `_csv-kernels` in a folder on `$fpath` (what
/// `csv-kernels completions --help` says), or sourced after `compinit` (what the README adds).
#[derive(Clone, Copy, Debug)]
enum ZshLoad {
    Fpath,
    Source,
}

/// What zsh's completion system offers for each line (the cursor at its end), in offering
/// order: the lines are typed into an interactive zsh and completed with Tab
/// (tests/shells/zsh-complete.zsh).
fn zsh_complete(load: ZshLoad, lines: &[&str]) -> Vec<Vec<String>> {
    let dir = temp_dir(&format!("zsh-{load:?}"));
    let script_path = dir.join("_csv-kernels");
    std::fs::write(&script_path, script("zsh")).unwrap();
    let out = dir.join("offered");
    let mut command = Command::new("zsh");
    command
        .arg("-f")
        .arg(Path::new(SHELLS_DIR).join("zsh-complete.zsh"))
        .args(lines)
        .env("ZC_INIT", Path::new(SHELLS_DIR).join("zsh-widget.zsh"))
        .env("ZC_OUT", &out)
        .env("ZC_SCRIPT_DIR", &dir)
        .env("ZC_SCRIPT", &script_path)
        .env(
            "ZC_LOAD",
            match load {
                ZshLoad::Fpath => "fpath",
                ZshLoad::Source => "source",
            },
        )
        .env("TERM", "xterm");
    assert_eq!(run_shell(command), "");
    let offered = (1..=lines.len())
        .map(|n| {
            let text = std::fs::read_to_string(format!("{}.{n}", out.display())).unwrap();
            text.lines()
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect()
        })
        .collect();
    std::fs::remove_dir_all(&dir).unwrap();
    offered
}

/// What fish offers for each line (`complete --do-complete`), as (word, description) pairs in
/// fish's order, the script installed as `csv-kernels.fish` in a folder on
/// `$fish_complete_path` (where fish autoloads it from).
fn fish_complete(lines: &[&str]) -> Vec<Vec<(String, String)>> {
    let dir = temp_dir("fish-completions");
    std::fs::write(dir.join("csv-kernels.fish"), script("fish")).unwrap();
    let mut command = Command::new("fish");
    command
        .args(["--no-config", "-c"])
        .arg(
            "set -p fish_complete_path $argv[1]\n\
             for line in $argv[2..]; complete --do-complete=$line; echo '<end>'; end",
        )
        .arg(&dir)
        .args(lines);
    let text = run_shell(command);
    std::fs::remove_dir_all(&dir).unwrap();
    // One block per line, each ended by <end> (an empty block: nothing offered).
    let offered: Vec<Vec<(String, String)>> = text
        .split_terminator("<end>\n")
        .map(|block| {
            block
                .lines()
                .map(|l| match l.split_once('\t') {
                    Some((word, description)) => (word.to_string(), description.to_string()),
                    None => (l.to_string(), String::new()),
                })
                .collect()
        })
        .collect();
    assert_eq!(offered.len(), lines.len(), "{text:?}");
    offered
}

fn sorted(mut words: Vec<String>) -> Vec<String> {
    words.sort();
    words
}

/// Lines every shell completes alike (bash's own table above has a few more): the same words
/// in zsh and fish.
const SHARED: &[(&str, &str)] = &[
    ("csv-kernels pro", "profile"),
    ("csv-kernels run x --on-error ", "fail skip null"),
    ("csv-kernels run x --on-error s", "skip"),
    ("csv-kernels run x --sniff ", "false dialect true"),
    ("csv-kernels run x --sniff --qu", "--quiet --quote"),
    ("csv-kernels run x --thr", "--threads"),
    ("csv-kernels run x --max-columns ", ""),
    ("csv-kernels run ", ""),
    ("csv-kernels profile --thr", ""),
    ("csv-kernels profile --q", "--quiet --quote"),
    ("csv-kernels digit-factorial-sum --c", "--crlf --column --comment"),
    ("csv-kernels completions ", "bash zsh fish"),
    ("csv-kernels completions z", "zsh"),
    ("csv-kernels primes ", ""),
    // Every option of run, from the same specs as bash's.
    (
        "csv-kernels run x --",
        "--input --output --delimiter --quote --comment --no-header --crlf --on-error --max-field-bytes \
         --max-record-bytes --max-columns --sniff --no-sniff --format --memory-limit --threads \
         --quiet --help",
    ),
];

/// zsh and fish parse their scripts (`-n`: read, do not run).
#[test]
fn zsh_and_fish_scripts_parse() {
    for shell in ["zsh", "fish"] {
        let dir = temp_dir(&format!("{shell}-parse"));
        let path = dir.join("script");
        std::fs::write(&path, script(shell)).unwrap();
        let mut command = Command::new(shell);
        command.arg("-n").arg(&path);
        assert_eq!(run_shell(command), "", "{shell}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// zsh, installed on `$fpath` or sourced after compinit, offers the same words as bash.
#[test]
fn zsh_completes_commands_options_and_values() {
    let mut lines: Vec<&str> = SHARED.iter().map(|(line, _)| *line).collect();
    // zsh's own ways: an empty word offers the commands only (options once a `-` is typed),
    // and after the one shell argument the options are what is left to offer.
    let own: &[(&str, &str)] = &[
        (
            "csv-kernels ",
            "run digit-factorial-sum primes profile completions help",
        ),
        ("csv-kernels -", "--help --version -h -V"),
        ("csv-kernels completions zsh ", "--help"),
        ("csv-kernels run x --format ", "csv tsv ndjson json arrow"),
    ];
    lines.extend(own.iter().map(|(line, _)| *line));
    let want: Vec<&str> = SHARED.iter().chain(own).map(|(_, want)| *want).collect();
    for load in [ZshLoad::Fpath, ZshLoad::Source] {
        let offered = zsh_complete(load, &lines);
        for ((line, want), got) in lines.iter().zip(&want).zip(offered) {
            assert_eq!(sorted(got), sorted(words(want)), "zsh ({load:?}): {line:?}");
        }
    }
}

/// zsh completes paths after --input and --output (the words are the names in the folder).
#[test]
fn zsh_completes_paths_after_input_and_output() {
    let dir = temp_dir("zsh-paths");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("data.csv"), "a\n").unwrap();
    let prefix = dir.to_str().unwrap();
    let lines = [
        format!("csv-kernels profile --input {prefix}/"),
        format!("csv-kernels run x --output {prefix}/d"),
    ];
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let offered = zsh_complete(ZshLoad::Fpath, &lines);
    assert_eq!(sorted(offered[0].clone()), ["data.csv", "sub"]);
    assert_eq!(offered[1], ["data.csv"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// fish, autoloading the installed script, offers the same words as bash, with the
/// descriptions of the commands and options.
#[test]
fn fish_completes_commands_options_and_values() {
    let mut lines: Vec<&str> = SHARED.iter().map(|(line, _)| *line).collect();
    let own: &[(&str, &str)] = &[
        (
            "csv-kernels ",
            "run digit-factorial-sum primes profile completions help",
        ),
        ("csv-kernels -", "--help --version -h -V"),
        ("csv-kernels run x --format ", "csv tsv ndjson json arrow"),
        // After the one shell argument, no shell again (as in bash).
        ("csv-kernels completions zsh ", ""),
    ];
    lines.extend(own.iter().map(|(line, _)| *line));
    let want: Vec<&str> = SHARED.iter().chain(own).map(|(_, want)| *want).collect();
    let offered = fish_complete(&lines);
    for ((line, want), got) in lines.iter().zip(&want).zip(&offered) {
        let got: Vec<String> = got.iter().map(|(word, _)| word.clone()).collect();
        assert_eq!(sorted(got), sorted(words(want)), "fish: {line:?}");
    }
    let described = |line: &str, word: &str| -> String {
        let at = lines.iter().position(|l| *l == line).unwrap();
        offered[at]
            .iter()
            .find(|(w, _)| w == word)
            .map(|(_, d)| d.clone())
            .unwrap_or_else(|| panic!("{line:?}: no {word}"))
    };
    assert_eq!(
        described("csv-kernels ", "profile"),
        "print a JSON column profile"
    );
    assert_eq!(described("csv-kernels -", "--version"), "print the version");
    assert_eq!(
        described("csv-kernels run x --on-error ", "skip"),
        "what to do with a bad row"
    );
    assert_eq!(
        described("csv-kernels run x --", "--threads"),
        "threads to use"
    );
    assert_eq!(
        described("csv-kernels digit-factorial-sum --c", "--column"),
        "the column whose digits are summed"
    );
}

/// fish completes paths after --input and --output, and only there.
#[test]
fn fish_completes_paths_after_input_and_output() {
    let dir = temp_dir("fish-paths");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("data.csv"), "a\n").unwrap();
    let prefix = dir.to_str().unwrap();
    let lines = [
        format!("csv-kernels profile --input {prefix}/"),
        format!("csv-kernels run x --output {prefix}/d"),
        format!("csv-kernels run {prefix}/"),
    ];
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let offered = fish_complete(&lines);
    let names = |n: usize| -> Vec<String> {
        sorted(offered[n].iter().map(|(word, _)| word.clone()).collect())
    };
    assert_eq!(
        names(0),
        [format!("{prefix}/data.csv"), format!("{prefix}/sub/")]
    );
    assert_eq!(names(1), [format!("{prefix}/data.csv")]);
    // A pipeline is free text, not a file name.
    assert_eq!(names(2), Vec::<String>::new());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// What the shells read: each option of `run` with its description and values, from the same
/// specs as bash's.
#[test]
fn zsh_and_fish_scripts_name_every_option() {
    let zsh = script("zsh");
    let fish = script("fish");
    assert!(zsh.starts_with("#compdef csv-kernels\n"));
    assert!(zsh.contains("'--on-error[what to do with a bad row]:value:(fail skip null)'"));
    assert!(zsh.contains(
        "'--sniff[also guess the header and say what was decided]::value:(false dialect true)'"
    ));
    assert!(zsh.contains("'--input[read FILE instead of stdin]:file:_files'"));
    assert!(zsh.contains("                completions)\n                    _arguments \\\n                        '--help[print the help of the command]' \\\n                        '1:shell:(bash zsh fish)' ;;\n"));
    assert!(fish.contains(
        "complete -c csv-kernels -n '__fish_seen_subcommand_from run' -l on-error -x -a 'fail skip null' -d 'what to do with a bad row'\n"
    ));
    assert!(fish.contains("complete -c csv-kernels -n __fish_use_subcommand -a profile -d 'print a JSON column profile'\n"));
    for line in complete("csv-kernels run x --") {
        let long = line.trim_start_matches('-');
        assert!(zsh.contains(&format!("'--{long}[")), "zsh: {line}");
        assert!(
            fish.contains(&format!("'__fish_seen_subcommand_from run' -l {long} ")),
            "fish: {line}"
        );
    }
}

#[test]
fn completions_usage() {
    let run = |args: &[&str]| Command::new(BIN).args(args).output().unwrap();
    let bad = run(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(bad.stderr).unwrap(),
        "error: completions: unknown shell 'tcsh' (shells: bash, zsh, fish)\n"
    );
    let none = run(&["completions"]);
    assert_eq!(none.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(none.stderr).unwrap(),
        "error: completions: expected one SHELL (bash, zsh or fish)\n"
    );
    let help = run(&["completions", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.starts_with("Usage: csv-kernels completions bash|zsh|fish\n"));
    let unknown = run(&["frobnicate"]);
    assert_eq!(
        String::from_utf8(unknown.stderr).unwrap(),
        "error: unknown command 'frobnicate' (commands: run, digit-factorial-sum, primes, profile, completions)\n"
    );
}
