//! Run options, settable by name so every door (CLI flags, JS objects, Python keywords,
//! golden-case `options.txt`) goes through one parser: [`Options::set`].

use crate::error::{Error, ErrorKind, Result};
use crate::format::OutputFormat;

/// What to do with a row-level error (see [`ErrorKind::is_row_error`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OnError {
    /// Stop at the first bad row.
    #[default]
    Fail,
    /// Drop the row and count it.
    Skip,
    /// Leave the failing kernel cell empty and count it; other row errors skip the row.
    Null,
}

impl OnError {
    pub fn name(self) -> &'static str {
        match self {
            OnError::Fail => "fail",
            OnError::Skip => "skip",
            OnError::Null => "null",
        }
    }
}

/// What sniffing decides (`sniff` = `false`, `dialect` or `true`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sniff {
    /// Delimiter, quote and header are as given.
    #[default]
    Off,
    /// The delimiter and the quote are guessed; the header is as given. The CLI does this when
    /// no `--delimiter` is given.
    Dialect,
    /// The delimiter, the quote and whether the first row is a header are guessed.
    Full,
}

/// Bounds that keep memory flat whatever the input: exceeding one is an error, not a bigger
/// allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_field_bytes: usize,
    pub max_record_bytes: usize,
    pub max_columns: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_field_bytes: 16 << 20,
            max_record_bytes: 64 << 20,
            max_columns: 16_384,
        }
    }
}

/// How to read and write CSV, and what to do with bad rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub delimiter: u8,
    pub quote: u8,
    /// The first record names the columns. Without a header, columns are referred to as `#1`, `#2`...
    pub header: bool,
    /// Write `\r\n` line ends instead of `\n`.
    pub crlf: bool,
    pub on_error: OnError,
    pub limits: Limits,
    /// Whether to guess the dialect from the first 64 KB ([`crate::sniff::sniff`]) instead of
    /// taking the options above as given.
    pub sniff: Sniff,
    /// How output is written: CSV (the default), TSV, NDJSON or one JSON array.
    pub format: OutputFormat,
    /// The bytes the blocking steps (sort, group, distinct, top) and joins may hold in memory
    /// ([`crate::ops::DEFAULT_MEMORY_LIMIT`] unless set), shared among them.
    pub memory_limit: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            delimiter: b',',
            quote: b'"',
            header: true,
            crlf: false,
            on_error: OnError::Fail,
            limits: Limits::default(),
            sniff: Sniff::Off,
            format: OutputFormat::Csv,
            memory_limit: crate::ops::DEFAULT_MEMORY_LIMIT,
        }
    }
}

/// The option names [`Options::set`] accepts (camelCase spellings are accepted too).
pub const OPTION_NAMES: &[&str] = &[
    "delimiter",
    "quote",
    "header",
    "crlf",
    "on_error",
    "max_field_bytes",
    "max_record_bytes",
    "max_columns",
    "sniff",
    "format",
    "memory_limit",
];

impl Options {
    /// Sets one option from its textual form, e.g. `set("on_error", "skip")`,
    /// `set("delimiter", "\\t")`, `set("header", "false")`.
    ///
    /// ```
    /// let mut o = csv_kernels::Options::default();
    /// o.set("delimiter", ";").unwrap();
    /// o.set("maxFieldBytes", "1024").unwrap();
    /// assert_eq!((o.delimiter, o.limits.max_field_bytes), (b';', 1024));
    /// assert!(o.set("on_error", "ignore").is_err());
    /// o.set("format", "ndjson").unwrap();
    /// assert_eq!(o.format, csv_kernels::format::OutputFormat::Ndjson);
    /// ```
    pub fn set(&mut self, name: &str, value: &str) -> Result<()> {
        match normalize(name).as_str() {
            "delimiter" => self.delimiter = single_byte(name, value)?,
            "quote" => self.quote = single_byte(name, value)?,
            "header" => self.header = boolean(name, value)?,
            "crlf" => self.crlf = boolean(name, value)?,
            "on_error" => {
                self.on_error = match value {
                    "fail" => OnError::Fail,
                    "skip" => OnError::Skip,
                    "null" => OnError::Null,
                    _ => return Err(invalid(name, value, "fail, skip or null")),
                }
            }
            "max_field_bytes" => self.limits.max_field_bytes = count(name, value)?,
            "max_record_bytes" => self.limits.max_record_bytes = count(name, value)?,
            "max_columns" => self.limits.max_columns = count(name, value)?,
            "sniff" => {
                self.sniff = match value {
                    "dialect" => Sniff::Dialect,
                    _ if boolean(name, value)? => Sniff::Full,
                    _ => Sniff::Off,
                }
            }
            "memory_limit" => self.memory_limit = crate::ops::parse_memory_limit(value)?,
            "format" => {
                self.format = OutputFormat::from_name(value)
                    .ok_or_else(|| invalid(name, value, "csv, tsv, ndjson, json or arrow"))?
            }
            _ => {
                return Err(Error::plain(
                    ErrorKind::InvalidOption,
                    format!(
                        "unknown option '{name}' (known: {})",
                        OPTION_NAMES.join(", ")
                    ),
                ))
            }
        }
        if self.delimiter == self.quote {
            return Err(Error::plain(
                ErrorKind::InvalidOption,
                "delimiter and quote must differ",
            ));
        }
        Ok(())
    }
}

/// `onError`, `on-error` and `on_error` all name the same option.
fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else if c == '-' {
            out.push('_');
        } else {
            out.push(c);
        }
    }
    out
}

fn invalid(name: &str, value: &str, expected: &str) -> Error {
    Error::plain(
        ErrorKind::InvalidOption,
        format!("option {name}: '{value}' is not {expected}"),
    )
}

fn single_byte(name: &str, value: &str) -> Result<u8> {
    let byte = match value {
        "\\t" | "tab" | "\t" => b'\t',
        _ if value.len() == 1 => value.as_bytes()[0],
        _ => return Err(invalid(name, value, "a single ASCII character")),
    };
    if !byte.is_ascii() || byte == b'\n' || byte == b'\r' || byte == 0 {
        return Err(invalid(
            name,
            value,
            "a single ASCII character other than CR, LF or NUL",
        ));
    }
    Ok(byte)
}

fn boolean(name: &str, value: &str) -> Result<bool> {
    match value {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(invalid(name, value, "true or false")),
    }
}

fn count(name: &str, value: &str) -> Result<usize> {
    match value.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(invalid(name, value, "a positive integer")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_settable() {
        let values = [
            ("delimiter", ";"),
            ("quote", "'"),
            ("header", "false"),
            ("crlf", "true"),
            ("on_error", "skip"),
            ("max_field_bytes", "10"),
            ("max_record_bytes", "20"),
            ("max_columns", "3"),
            ("sniff", "true"),
            ("format", "json"),
            ("memory_limit", "64MiB"),
        ];
        assert_eq!(values.len(), OPTION_NAMES.len());
        let mut o = Options::default();
        for (name, value) in values {
            assert!(OPTION_NAMES.contains(&name));
            o.set(name, value).unwrap();
        }
        assert_eq!(o.sniff, Sniff::Full);
        assert_eq!(o.format, OutputFormat::Json);
        assert_eq!(o.memory_limit, 64 << 20);
        assert_eq!(
            (o.delimiter, o.quote, o.header, o.crlf),
            (b';', b'\'', false, true)
        );
    }

    #[test]
    fn sniff_and_format_reject_bad_values() {
        let mut o = Options::default();
        assert_eq!(o.sniff, Sniff::Off);
        o.set("sniff", "dialect").unwrap();
        assert_eq!(o.sniff, Sniff::Dialect);
        assert_eq!(o.format, OutputFormat::Csv);
        assert!(o.set("sniff", "maybe").is_err());
        assert!(o.set("format", "xlsx").is_err());
        o.set("format", "tsv").unwrap();
        o.set("format", "ndjson").unwrap();
        assert_eq!(o.format, OutputFormat::Ndjson);
    }
}
