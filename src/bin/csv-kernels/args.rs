//! Command-line parsing, by hand: four subcommands do not need a parser dependency, and the
//! binary stays small for wasm32-wasip1.

use crate::completions::Shell;
use csv_kernels::{Options, Pipeline, Sniff, OPTION_NAMES};
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

pub enum Command {
    Run {
        pipeline: Pipeline,
        io: Io,
    },
    Profile {
        io: Io,
    },
    Primes {
        count: usize,
    },
    /// Asked-for help: printed on stdout, exit 0.
    Help(String),
    /// No command at all: the usage goes to stderr with exit 2, so a script that forgot its
    /// arguments fails instead of silently "succeeding" with help text on stdout.
    UsageOnly(&'static str),
    Version,
    /// `completions SHELL`: the completion script on stdout.
    Completions(Shell),
}

/// The commands, with the line each gets in shell completions; `parse` knows each by name.
pub const COMMANDS: &[(&str, &str)] = &[
    ("run", "run a pipeline over CSV"),
    (
        "digit-factorial-sum",
        "append the digit factorial sum of a column",
    ),
    ("primes", "print the first N primes"),
    ("profile", "print a JSON column profile"),
    ("completions", "print a shell completion script"),
    ("help", "print the usage"),
];

/// Paths stay as the OS gave them (on Linux a file name may hold any byte but `/` and NUL);
/// every other argument must be UTF-8.
#[derive(Default)]
pub struct Io {
    pub input: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub options: Options,
    /// `--threads N`; `None`: every core.
    pub threads: Option<usize>,
    /// `--sniff` was asked for: say on stderr what it decided.
    pub report_sniff: bool,
    /// `--quiet`: no progress bar and no summary line; errors are still said.
    pub quiet: bool,
}

pub const MAIN_HELP: &str = "\
csv-kernels: CSV data kernels, the same bytes in every runtime

Usage:
  csv-kernels run PIPELINE [OPTIONS]                 run a pipeline over CSV
  csv-kernels digit-factorial-sum --column COL [--as NAME] [OPTIONS]
  csv-kernels primes N                               the first N primes, one per line
  csv-kernels profile [OPTIONS]                      JSON column profile
  csv-kernels completions bash|zsh|fish              shell completion script

Reads stdin and writes stdout unless --input/--output are given. `csv-kernels COMMAND --help`
describes each command. Exit status: 0 ok, 2 bad input or usage, 1 I/O or internal error.
When stderr is a terminal, long runs show a progress bar there and every run ends with a
summary line (--quiet: neither).
";

pub const RUN_HELP: &str = "\
Usage: csv-kernels run PIPELINE [OPTIONS]

Runs PIPELINE, steps joined by '|' or line ends, e.g.
  'filter value > 100 | derive dfs = digit_factorial_sum(value), half = value / 2 | take 10'
Operators, tightest first: * / // %, + -, ?? (coalesce), = != < <= > >= contains, not, and, or.
The language (steps, functions, aggregates) is listed after the options.

Options:
  --input FILE          read FILE instead of stdin; a folder (its *.csv files in name order)
                        or a glob ('data/*.csv': * ? [...]) reads the files as one input,
                        the header once (their headers must be the same)
  --output FILE         write FILE instead of stdout
  --on-error POLICY     fail (default: stop at the first bad row), skip (drop and count the
                        row), null (leave the failing kernel cell empty and count it)
  --delimiter C         field delimiter (default: sniffed from the first 64 KB among , ; tab |
                        and others, else ','; 'tab' or '\\t' for tabs)
  --sniff               also guess the quote and whether the first row is a header, and say
                        what was decided on stderr (--no-sniff: take the defaults as given)
  --format F            csv (default), tsv, ndjson or json (typed values), or arrow (the
                        Arrow IPC stream format, typed by each column's expression type)
  --quote C             quote character (default '\"')
  --comment C           skip the lines that start with C (e.g. '#'; --sniff finds '#' lines)
  --no-header           the first row is data; refer to columns as #1, #2, ...
  --crlf                write CRLF line ends (default LF)
  --max-field-bytes N   limits that turn runaway input into a clear error
  --max-record-bytes N
  --max-columns N
  --threads N           threads to use (default: every core); the output is the same
  --memory-limit SIZE   memory for sort, group, distinct, top and joins, e.g. 64MiB or 1GiB
                        (default 256MiB); past it they spill to temporary files
  --quiet               no progress bar and no summary line on stderr
";

pub const DFS_HELP: &str = "\
Usage: csv-kernels digit-factorial-sum --column COL [--as NAME] [OPTIONS]

Appends NAME (default digit_factorial_sum), the sum of the factorials of the digits of COL:
the same as `csv-kernels run 'derive NAME = digit_factorial_sum(COL)'`. Takes the options of
`run` (see `csv-kernels run --help`).
";

pub const PRIMES_HELP: &str = "\
Usage: csv-kernels primes N

Prints the first N primes, one per line (N up to 203280221, the primes below 2^32).
";

pub const PROFILE_HELP: &str = "\
Usage: csv-kernels profile [--input FILE|FOLDER|GLOB] [--output FILE] [--delimiter C] [--no-header] [--on-error fail|skip] [--quiet]

Prints a JSON profile of the input (format version 2): per column the inferred type
(integer, float, boolean, date, datetime, text, empty), non-empty cells, nulls, distinct
values (exact up to 10,000, then estimated), min/max length in characters; for numbers and
dates min, max, mean, stddev, quartiles (q1, median, q3) and a histogram; for text and
booleans the ten most frequent values with their counts.
";

pub const COMPLETIONS_HELP: &str = "\
Usage: csv-kernels completions bash|zsh|fish

Prints a completion script for the shell: commands, options and their values. Load it with
  bash: source <(csv-kernels completions bash)     (e.g. in ~/.bashrc)
  zsh:  csv-kernels completions zsh > ~/.zfunc/_csv-kernels   (a folder on $fpath)
  fish: csv-kernels completions fish > ~/.config/fish/completions/csv-kernels.fish
";

/// A usage error: the message and the help text to point at.
pub struct Usage(pub String);

/// An argument that must be text but is not UTF-8 (shown with `\xNN` escapes, on one line).
fn not_utf8(arg: &OsStr) -> Usage {
    Usage(format!("argument {arg:?} is not valid UTF-8"))
}

fn text(arg: &OsStr) -> Result<&str, Usage> {
    arg.to_str().ok_or_else(|| not_utf8(arg))
}

pub fn parse(args: &[OsString]) -> Result<Command, Usage> {
    let Some((command, rest)) = args.split_first() else {
        return Ok(Command::UsageOnly(MAIN_HELP));
    };
    match text(command)? {
        "-h" | "--help" | "help" => Ok(Command::Help(MAIN_HELP.into())),
        "-V" | "--version" => Ok(Command::Version),
        "run" => {
            if wants_help(rest) {
                return Ok(Command::Help(format!(
                    "{RUN_HELP}\n{}",
                    csv_kernels::registry::reference()
                )));
            }
            let (positional, io) = io_options(rest, "run")?;
            match positional.as_slice() {
                // A spec error is reported like any usage error: one line, exit 2, with the
                // spec's line and column.
                [spec] => Ok(Command::Run {
                    pipeline: Pipeline::parse(spec).map_err(|e| Usage(e.to_string()))?,
                    io,
                }),
                [] => Err(Usage(
                    "run: missing PIPELINE (see csv-kernels run --help)".into(),
                )),
                _ => Err(Usage(
                    "run: expected one PIPELINE argument; quote it".into(),
                )),
            }
        }
        "digit-factorial-sum" => {
            if wants_help(rest) {
                return Ok(Command::Help(DFS_HELP.into()));
            }
            let (positional, io) = io_options(rest, "digit-factorial-sum")?;
            let (positional, column) = take_flag(positional, "--column")?;
            let (positional, name) = take_flag(positional, "--as")?;
            let name = name.unwrap_or_else(|| "digit_factorial_sum".into());
            if let Some(extra) = positional.first() {
                return Err(Usage(format!(
                    "digit-factorial-sum: unexpected argument '{extra}'"
                )));
            }
            let column = column
                .ok_or_else(|| Usage("digit-factorial-sum: --column COL is required".into()))?;
            let pipeline = Pipeline::seed(&column, &name);
            Ok(Command::Run { pipeline, io })
        }
        "primes" => {
            if wants_help(rest) {
                return Ok(Command::Help(PRIMES_HELP.into()));
            }
            match rest {
                [n] => text(n)?
                    .parse()
                    .map(|count| Command::Primes { count })
                    .map_err(|_| Usage(format!("primes: '{}' is not a whole number", n.display()))),
                _ => Err(Usage("primes: expected exactly one argument N".into())),
            }
        }
        "profile" => {
            if wants_help(rest) {
                return Ok(Command::Help(PROFILE_HELP.into()));
            }
            let (positional, io) = io_options(rest, "profile")?;
            match positional.first() {
                Some(extra) => Err(Usage(format!("profile: unexpected argument '{extra}'"))),
                None => Ok(Command::Profile { io }),
            }
        }
        "completions" => {
            if wants_help(rest) {
                return Ok(Command::Help(COMPLETIONS_HELP.into()));
            }
            match rest {
                [shell] => Shell::from_name(text(shell)?)
                    .map(Command::Completions)
                    .ok_or_else(|| {
                        Usage(format!(
                            "completions: unknown shell '{}' (shells: {})",
                            shell.display(),
                            Shell::NAMES.join(", ")
                        ))
                    }),
                _ => Err(Usage(
                    "completions: expected one SHELL (bash, zsh or fish)".into(),
                )),
            }
        }
        other => Err(Usage(format!(
            "unknown command '{other}' (commands: {})",
            COMMANDS
                .iter()
                .map(|(name, _)| *name)
                .filter(|name| *name != "help")
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn wants_help(args: &[OsString]) -> bool {
    args.iter().any(|a| a == "--help" || a == "-h")
}

/// Pulls `--flag VALUE` out of `args`.
fn take_flag(args: Vec<String>, flag: &str) -> Result<(Vec<String>, Option<String>), Usage> {
    let mut rest = Vec::new();
    let mut value = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if a == flag {
            value = Some(
                it.next()
                    .ok_or_else(|| Usage(format!("{flag} needs a value")))?,
            );
        } else {
            rest.push(a);
        }
    }
    Ok((rest, value))
}

/// Parses the I/O and CSV options shared by run, digit-factorial-sum and profile.
/// Returns the other arguments (digit-factorial-sum's own flags stay among them).
fn io_options(args: &[OsString], command: &str) -> Result<(Vec<String>, Io), Usage> {
    let mut io = Io::default();
    let mut positional = Vec::new();
    // `Some(report)` once --sniff/--no-sniff is given; without them and without --delimiter,
    // the delimiter and quote are sniffed (the header stays as given).
    let mut sniff: Option<bool> = None;
    let mut delimiter_given = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let arg = text(arg)?;
        let Some(flag) = arg.strip_prefix("--") else {
            positional.push(arg.to_string());
            continue;
        };
        match flag {
            "no-header" => io.options.header = false,
            "crlf" => io.options.crlf = true,
            "quiet" => io.quiet = true,
            // `--sniff` alone, or with a value as every option can be written (`--sniff dialect`).
            "sniff" => {
                let value = it.clone().next().and_then(|v| v.to_str());
                let value = match value {
                    Some(v @ ("true" | "false" | "dialect")) => {
                        it.next();
                        v
                    }
                    _ => "true",
                };
                sniff = Some(value == "true");
                io.options.sniff = match value {
                    "true" => Sniff::Full,
                    "dialect" => Sniff::Dialect,
                    _ => Sniff::Off,
                };
            }
            "no-sniff" => {
                sniff = Some(false);
                io.options.sniff = Sniff::Off;
            }
            "column" | "as" if command == "digit-factorial-sum" => {
                positional.push(arg.to_string());
                if let Some(v) = it.next() {
                    positional.push(text(v)?.to_string());
                }
            }
            _ => {
                let value = it
                    .next()
                    .ok_or_else(|| Usage(format!("{command}: --{flag} needs a value")))?;
                delimiter_given |= flag == "delimiter";
                match flag {
                    "input" => io.input = Some(value.into()),
                    "output" => io.output = Some(value.into()),
                    "threads" if command != "profile" => {
                        io.threads = Some(
                            text(value)?
                                .parse()
                                .ok()
                                .filter(|&n: &usize| n >= 1)
                                .ok_or_else(|| {
                                    Usage(format!("{command}: --threads needs a whole number >= 1"))
                                })?,
                        )
                    }
                    _ if OPTION_NAMES.contains(&flag.replace('-', "_").as_str())
                        && !matches!(flag, "header" | "crlf") =>
                    {
                        io.options
                            .set(flag, text(value)?)
                            .map_err(|e| Usage(format!("{command}: {}", e.message)))?
                    }
                    _ => {
                        return Err(Usage(format!(
                            "{command}: unknown option --{flag} (see csv-kernels {command} --help)"
                        )))
                    }
                }
            }
        }
    }
    match sniff {
        None if !delimiter_given && command != "profile" => io.options.sniff = Sniff::Dialect,
        None => {}
        Some(report) => io.report_sniff = report,
    }
    Ok((positional, io))
}
