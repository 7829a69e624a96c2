//! `csv-kernels completions SHELL`: each script loaded into its real shell and driven the way
//! the shell drives it. Bash is on every machine of this project's kind; zsh and fish are
//! checked when installed and otherwise said to be skipped.
#![cfg(unix)]

use csv_kernels::format::OutputFormat;
use csv_kernels::OPTION_NAMES;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_csv-kernels");

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
        ("csv-kernels digit-factorial-sum --c", "--crlf --column"),
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

/// zsh and fish parse their scripts when they are installed (`-n`: read, do not run).
#[test]
fn zsh_and_fish_scripts_parse_where_installed() {
    for shell in ["zsh", "fish"] {
        let path = std::env::temp_dir().join(format!("csv-kernels-{shell}-{}", std::process::id()));
        std::fs::write(&path, script(shell)).unwrap();
        match Command::new(shell).arg("-n").arg(&path).output() {
            Ok(out) => assert!(out.status.success(), "{shell}: {out:?}"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                eprintln!("{shell} is not installed: its script was not parsed")
            }
            Err(e) => panic!("{shell}: {e}"),
        }
        std::fs::remove_file(&path).unwrap();
    }
}

/// Without the shells, what they would read: each option of `run` with its description
/// and values, from the same specs as bash's.
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
