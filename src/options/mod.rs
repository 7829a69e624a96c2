//! Run options, settable by name so every door goes through one parser: text (CLI flags, query
//! strings, golden-case `options.txt`) with [`Options::set`], typed values (JS objects, Python
//! keywords) with [`Options::set_value`]. Either way the core alone decides names, accepted
//! values and the error for a bad one.

pub(crate) mod memory;
mod output_format;

pub use output_format::OutputFormat;

use crate::error::{Error, ErrorKind, Result};

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
    /// Lines starting with this byte are comments, skipped wherever a record could start
    /// (`None`: no comments, the default).
    pub comment: Option<u8>,
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
    /// ([`memory::DEFAULT_MEMORY_LIMIT`] unless set), shared among them.
    pub memory_limit: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            delimiter: b',',
            quote: b'"',
            comment: None,
            header: true,
            crlf: false,
            on_error: OnError::Fail,
            limits: Limits::default(),
            sniff: Sniff::Off,
            format: OutputFormat::Csv,
            memory_limit: memory::DEFAULT_MEMORY_LIMIT,
        }
    }
}

/// The option names [`Options::set`] accepts (camelCase spellings are accepted too).
pub const OPTION_NAMES: &[&str] = &[
    "delimiter",
    "quote",
    "comment",
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

/// One option value as a door holds it: the door only says which kind of value it has, the core
/// decides what each option accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptionValue<'a> {
    Text(&'a str),
    Bool(bool),
    Int(i64),
    /// A JS number: an integral one under 1e15 counts as an [`OptionValue::Int`].
    Number(f64),
}

impl OptionValue<'_> {
    /// Whole numbers a door holds as floats (JS) act as integers, as their decimal text would.
    fn settle(self) -> Self {
        match self {
            OptionValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                OptionValue::Int(n as i64)
            }
            other => other,
        }
    }
}

/// The value as error messages quote it (and as options that take text read it).
impl std::fmt::Display for OptionValue<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.settle() {
            OptionValue::Text(text) => f.write_str(text),
            OptionValue::Bool(flag) => write!(f, "{flag}"),
            OptionValue::Int(n) => write!(f, "{n}"),
            OptionValue::Number(n) => write!(f, "{n}"),
        }
    }
}

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
        self.set_value(name, OptionValue::Text(value))
    }

    /// Sets one option from a typed value: booleans and counts are taken as they are, and
    /// anything else reads as its text, so `set_value("header", Bool(false))` and
    /// `set("header", "false")` agree, errors included.
    ///
    /// ```
    /// use csv_kernels::{OptionValue, Options};
    /// let mut o = Options::default();
    /// o.set_value("header", OptionValue::Bool(false)).unwrap();
    /// o.set_value("maxColumns", OptionValue::Number(8.0)).unwrap();
    /// assert_eq!((o.header, o.limits.max_columns), (false, 8));
    /// let e = o.set_value("max_columns", OptionValue::Number(1.5)).unwrap_err();
    /// assert_eq!(e.message, "option max_columns: '1.5' is not a positive integer");
    /// ```
    pub fn set_value(&mut self, name: &str, value: OptionValue<'_>) -> Result<()> {
        let value = value.settle();
        let text = value.to_string();
        let value_text = text.as_str();
        match normalize(name).as_str() {
            "delimiter" => self.delimiter = single_byte(name, value_text)?,
            "quote" => self.quote = single_byte(name, value_text)?,
            "comment" if value_text.is_empty() => self.comment = None,
            "comment" => self.comment = Some(single_byte(name, value_text)?),
            "header" => self.header = boolean(name, value)?,
            "crlf" => self.crlf = boolean(name, value)?,
            "on_error" => {
                self.on_error = match value_text {
                    "fail" => OnError::Fail,
                    "skip" => OnError::Skip,
                    "null" => OnError::Null,
                    _ => return Err(invalid(name, value_text, "fail, skip or null")),
                }
            }
            "max_field_bytes" => self.limits.max_field_bytes = count(name, value)?,
            "max_record_bytes" => self.limits.max_record_bytes = count(name, value)?,
            "max_columns" => self.limits.max_columns = count(name, value)?,
            "sniff" => {
                self.sniff = match value_text {
                    "dialect" => Sniff::Dialect,
                    _ if boolean(name, value)? => Sniff::Full,
                    _ => Sniff::Off,
                }
            }
            "memory_limit" => self.memory_limit = memory::parse_memory_limit(value_text)?,
            "format" => {
                self.format = OutputFormat::from_name(value_text)
                    .ok_or_else(|| invalid(name, value_text, "csv, tsv, ndjson, json or arrow"))?
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
        if self
            .comment
            .is_some_and(|c| c == self.delimiter || c == self.quote)
        {
            return Err(Error::plain(
                ErrorKind::InvalidOption,
                "the comment character must differ from the delimiter and the quote",
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

fn boolean(name: &str, value: OptionValue<'_>) -> Result<bool> {
    match value {
        OptionValue::Bool(flag) => Ok(flag),
        OptionValue::Int(1) | OptionValue::Text("true" | "1" | "yes") => Ok(true),
        OptionValue::Int(0) | OptionValue::Text("false" | "0" | "no") => Ok(false),
        _ => Err(invalid(name, &value.to_string(), "true or false")),
    }
}

fn count(name: &str, value: OptionValue<'_>) -> Result<usize> {
    let n = match value {
        OptionValue::Int(n) => usize::try_from(n).ok(),
        OptionValue::Text(text) => text.parse::<usize>().ok(),
        // A float past 1e15 reads as its decimal text, as it always has.
        OptionValue::Number(_) => value.to_string().parse::<usize>().ok(),
        OptionValue::Bool(_) => None,
    };
    match n {
        Some(n) if n > 0 => Ok(n),
        _ => Err(invalid(name, &value.to_string(), "a positive integer")),
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
            ("comment", "#"),
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
        assert_eq!(o.comment, Some(b'#'));
        o.set("comment", "").unwrap();
        assert_eq!(o.comment, None);
        let e = o.set("comment", ";").unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidOption);
    }

    /// A typed value and its text give the same options or the same error, message included.
    #[test]
    fn typed_values_agree_with_their_text() {
        use OptionValue::{Bool, Int, Number, Text};
        let cases: &[(&str, OptionValue, &str)] = &[
            ("header", Bool(false), "false"),
            ("header", Int(1), "1"),
            ("header", Int(2), "2"),
            ("crlf", Number(1.0), "1"),
            ("crlf", Number(0.5), "0.5"),
            ("sniff", Bool(true), "true"),
            ("sniff", Text("dialect"), "dialect"),
            ("max_columns", Int(8), "8"),
            ("maxColumns", Number(8.0), "8"),
            ("max_columns", Int(0), "0"),
            ("max_columns", Int(-3), "-3"),
            ("max_columns", Number(1.5), "1.5"),
            ("max_columns", Number(f64::NAN), "NaN"),
            ("max_field_bytes", Number(1e15), "1000000000000000"),
            ("max_record_bytes", Bool(true), "true"),
            ("memory_limit", Int(4096), "4096"),
            ("memory_limit", Number(-1.0), "-1"),
            ("delimiter", Int(5), "5"),
            ("quote", Bool(true), "true"),
            ("on_error", Int(1), "1"),
            ("format", Bool(false), "false"),
            ("nope", Bool(false), "false"),
        ];
        for &(name, typed, text) in cases {
            let (mut a, mut b) = (Options::default(), Options::default());
            let (from_typed, from_text) = (a.set_value(name, typed), b.set(name, text));
            assert_eq!(from_typed, from_text, "{name} = {typed:?}");
            assert_eq!(a, b, "{name} = {typed:?}");
        }
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
