//! `csv-kernels completions bash|zsh|fish`: completion scripts built from the tables the CLI
//! already parses with (its command list, the core's `OPTION_NAMES`, `OutputFormat::ALL`,
//! `OnError::name`), so a new command, option or value shows up in completions with no
//! second list to forget. Each shell's text is written by `script`.

mod shells;

use crate::args::COMMANDS;
use csv_kernels::format::OutputFormat;
use csv_kernels::{OnError, OPTION_NAMES};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

impl Shell {
    pub const NAMES: [&'static str; 3] = ["bash", "zsh", "fish"];

    pub fn from_name(name: &str) -> Option<Shell> {
        match name {
            "bash" => Some(Shell::Bash),
            "zsh" => Some(Shell::Zsh),
            "fish" => Some(Shell::Fish),
            _ => None,
        }
    }
}

/// What follows an option on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Nothing: a switch.
    None,
    /// A path.
    File,
    /// Free text (a number, a column, a character): nothing to offer.
    Free,
    /// One of these words.
    Words(Vec<&'static str>),
    /// One of these words, or nothing (`--sniff` alone means `--sniff true`).
    Optional(Vec<&'static str>),
}

/// A `--long` option of a command.
#[derive(Clone, Debug)]
pub struct Flag {
    pub long: String,
    pub value: Value,
    pub doc: &'static str,
}

/// A command, its options, and what its positional argument completes to.
pub struct Spec {
    pub name: &'static str,
    pub doc: &'static str,
    pub flags: Vec<Flag>,
    /// The positional argument's name (empty when there is none) and what it completes to.
    pub argument: &'static str,
    pub positional: Value,
}

/// One line per option for zsh and fish; a test checks that every option has one.
const DOCS: &[(&str, &str)] = &[
    ("input", "read FILE instead of stdin"),
    ("output", "write FILE instead of stdout"),
    ("on-error", "what to do with a bad row"),
    ("delimiter", "field delimiter (tab for tabs)"),
    ("quote", "quote character"),
    ("comment", "lines starting with this character are skipped"),
    ("no-header", "the first row is data"),
    ("crlf", "write CRLF line ends"),
    ("sniff", "also guess the header and say what was decided"),
    ("no-sniff", "take the dialect as given"),
    ("format", "output format"),
    ("max-field-bytes", "largest field in bytes"),
    ("max-record-bytes", "largest record in bytes"),
    ("max-columns", "most columns in a record"),
    (
        "memory-limit",
        "memory for sort, group, distinct, top and joins",
    ),
    ("threads", "threads to use"),
    ("quiet", "no progress bar and no summary line"),
    ("column", "the column whose digits are summed"),
    ("as", "the name of the new column"),
    ("help", "print the help of the command"),
];

fn flag(long: &str, value: Value) -> Flag {
    let doc = DOCS
        .iter()
        .find(|(name, _)| *name == long)
        .map_or("", |d| d.1);
    Flag {
        long: long.to_string(),
        value,
        doc,
    }
}

/// The values an option takes, from the core's own lists where it has them.
fn values(option: &str) -> Value {
    match option {
        "on_error" => Value::Words(
            [OnError::Fail, OnError::Skip, OnError::Null]
                .map(OnError::name)
                .to_vec(),
        ),
        "format" => Value::Words(OutputFormat::ALL.map(OutputFormat::name).to_vec()),
        _ => Value::Free,
    }
}

/// The options `args::io_options` takes for `command`: every core option as a flag, and the
/// CLI's own.
fn io_flags(command: &str) -> Vec<Flag> {
    let mut flags = vec![flag("input", Value::File), flag("output", Value::File)];
    for name in OPTION_NAMES {
        flags.extend(match *name {
            "header" => vec![flag("no-header", Value::None)],
            "crlf" => vec![flag("crlf", Value::None)],
            "sniff" => vec![
                flag("sniff", Value::Optional(vec!["false", "dialect", "true"])),
                flag("no-sniff", Value::None),
            ],
            _ => vec![flag(&name.replace('_', "-"), values(name))],
        });
    }
    if command != "profile" {
        flags.push(flag("threads", Value::Free));
    }
    flags.push(flag("quiet", Value::None));
    flags
}

/// Every command the CLI knows, in `args::COMMANDS` order.
pub fn specs() -> Vec<Spec> {
    COMMANDS
        .iter()
        .map(|&(name, doc)| {
            let (mut flags, argument, positional) = match name {
                "run" => (io_flags(name), "pipeline", Value::Free),
                "digit-factorial-sum" => {
                    let mut flags = io_flags(name);
                    flags.extend([flag("column", Value::Free), flag("as", Value::Free)]);
                    (flags, "", Value::None)
                }
                "profile" => (io_flags(name), "", Value::None),
                "primes" => (vec![], "count", Value::Free),
                "completions" => (vec![], "shell", Value::Words(Shell::NAMES.to_vec())),
                _ => (vec![], "", Value::None),
            };
            if name != "help" {
                flags.push(flag("help", Value::None));
            }
            Spec {
                name,
                doc,
                flags,
                argument,
                positional,
            }
        })
        .collect()
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let specs = specs();
    match shell {
        Shell::Bash => shells::bash(&specs),
        Shell::Zsh => shells::zsh(&specs),
        Shell::Fish => shells::fish(&specs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::{parse, Command};
    use std::ffi::OsString;

    fn parses(words: &[&str]) -> Result<(), String> {
        let args: Vec<OsString> = words.iter().map(OsString::from).collect();
        parse(&args).map(|_| ()).map_err(|u| u.0)
    }

    /// Every option offered is one the parser takes, with every value offered for it.
    #[test]
    fn every_offered_option_and_value_parses() {
        for spec in specs() {
            let base: Vec<&str> = match spec.name {
                "run" => vec!["run", "take 1"],
                "digit-factorial-sum" => vec![spec.name, "--column", "v"],
                _ => vec![spec.name],
            };
            for f in spec.flags.iter().filter(|f| f.long != "help") {
                let long = format!("--{}", f.long);
                let tries: Vec<Vec<&str>> = match &f.value {
                    Value::None => vec![vec![&long]],
                    Value::File | Value::Free => vec![vec![&long, "1"]],
                    Value::Words(w) => w.iter().map(|v| vec![long.as_str(), v]).collect(),
                    Value::Optional(w) => std::iter::once(vec![long.as_str()])
                        .chain(w.iter().map(|v| vec![long.as_str(), v]))
                        .collect(),
                };
                for t in tries {
                    let words: Vec<&str> = base.iter().copied().chain(t).collect();
                    assert_eq!(parses(&words), Ok(()), "{words:?}");
                }
            }
        }
        for shell in Shell::NAMES {
            assert!(matches!(
                parse(&["completions".into(), shell.into()]),
                Ok(Command::Completions(_))
            ));
        }
    }

    /// Every option a command's help names is offered, and every command is known to `parse`.
    #[test]
    fn completions_cover_the_help_and_the_commands() {
        // `help` prints the main usage, which names other commands' options.
        for spec in specs().into_iter().filter(|s| s.name != "help") {
            let args = [OsString::from(spec.name), "--help".into()];
            let Ok(Command::Help(help)) = parse(&args) else {
                panic!("{} --help", spec.name)
            };
            for word in help.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
                if let Some(long) = word.strip_prefix("--").filter(|l| !l.is_empty()) {
                    assert!(
                        spec.flags.iter().any(|f| f.long == long),
                        "{} --{long} is not completed",
                        spec.name
                    );
                }
            }
        }
    }

    /// The value lists match what the core accepts and names in its own error message.
    #[test]
    fn values_match_the_core() {
        for option in ["on_error", "format"] {
            let Value::Words(words) = values(option) else {
                panic!("{option}")
            };
            let mut o = csv_kernels::Options::default();
            let message = o.set(option, "?").unwrap_err().message;
            let (_, listed) = message.split_once("is not ").unwrap();
            let listed: Vec<&str> = listed
                .split([',', ' '])
                .filter(|w| !w.is_empty() && *w != "or")
                .collect();
            assert_eq!(listed, words, "{option}");
        }
    }

    /// Docs go inside quotes and brackets in the zsh and fish scripts: none may break them.
    #[test]
    fn every_option_has_a_plain_doc() {
        for spec in specs() {
            assert!(!spec.doc.contains(['\'', '[', ']', ':', '\\']));
            for f in &spec.flags {
                assert!(!f.doc.is_empty(), "--{} has no doc", f.long);
                assert!(!f.doc.contains(['\'', '[', ']', ':', '\\']), "--{}", f.long);
            }
        }
    }
}
