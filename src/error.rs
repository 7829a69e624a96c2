//! One error type for every door: a stable `kind`, a position, and a human message.

use std::fmt;

/// What went wrong. The snake_case name (see [`ErrorKind::name`]) is stable: golden cases,
/// JS `error.kind` and Python `CsvError.kind` all carry it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    // Pipeline spec errors: the position is a line and column in the spec text.
    SpecSyntax,
    UnknownKernel,
    UnknownColumn,
    DuplicateColumn,
    /// A function called with the wrong number of arguments.
    WrongArity,
    /// An expression whose operand types can never fit (`-true`, `year(1.5)`).
    TypeMismatch,
    // Structural input errors: the stream cannot continue after them.
    UnclosedQuote,
    InvalidQuote,
    FieldTooLong,
    RecordTooLong,
    TooManyColumns,
    EmptyInput,
    /// A compressed input whose stream is corrupt or ends early (the position is a byte of
    /// the compressed input).
    CorruptInput,
    // Row errors: one record is bad; `on_error = skip | null` may carry on past them.
    RaggedRow,
    InvalidUtf8,
    NulByte,
    InvalidNumber,
    /// A cell that an expression must read as a date, datetime or bool and cannot.
    InvalidValue,
    /// Integer overflow or a value outside a function's domain (`sqrt(-1)`, `ln(0)`).
    OutOfRange,
    // Everything else.
    InvalidOption,
    TooManyPrimes,
    /// A serialized aggregate state that cannot be read (wrong version, truncated, corrupt).
    InvalidState,
    /// A step needs more memory than the memory limit and cannot spill (wasm, a join's
    /// second input).
    MemoryLimit,
    /// Files read as one input (a folder, a glob) whose headers differ.
    HeaderMismatch,
    JobFailed,
}

impl ErrorKind {
    /// The stable snake_case name of this kind.
    pub fn name(self) -> &'static str {
        use ErrorKind::*;
        match self {
            SpecSyntax => "spec_syntax",
            UnknownKernel => "unknown_kernel",
            UnknownColumn => "unknown_column",
            DuplicateColumn => "duplicate_column",
            WrongArity => "wrong_arity",
            TypeMismatch => "type_mismatch",
            UnclosedQuote => "unclosed_quote",
            InvalidQuote => "invalid_quote",
            FieldTooLong => "field_too_long",
            RecordTooLong => "record_too_long",
            TooManyColumns => "too_many_columns",
            EmptyInput => "empty_input",
            CorruptInput => "corrupt_input",
            RaggedRow => "ragged_row",
            InvalidUtf8 => "invalid_utf8",
            NulByte => "nul_byte",
            InvalidNumber => "invalid_number",
            InvalidValue => "invalid_value",
            OutOfRange => "out_of_range",
            InvalidOption => "invalid_option",
            TooManyPrimes => "too_many_primes",
            InvalidState => "invalid_state",
            MemoryLimit => "memory_limit",
            HeaderMismatch => "header_mismatch",
            JobFailed => "job_failed",
        }
    }

    /// True for errors confined to one record, which `on_error = skip | null` may step over.
    pub fn is_row_error(self) -> bool {
        use ErrorKind::*;
        matches!(
            self,
            RaggedRow | InvalidUtf8 | NulByte | InvalidNumber | InvalidValue | OutOfRange
        )
    }

    /// True for errors in the pipeline spec (their position points into the spec text).
    pub fn is_spec_error(self) -> bool {
        use ErrorKind::*;
        matches!(
            self,
            SpecSyntax
                | UnknownKernel
                | UnknownColumn
                | DuplicateColumn
                | WrongArity
                | TypeMismatch
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where an error happened. All numbers are 1-based; 0 means "not applicable".
///
/// For input errors `line` is the physical line of the input, `column` the CSV column (field
/// number), `record` the record number (the header is record 1) and `byte` the byte offset of
/// the record's start. For spec errors `line`/`column` point at a character of the spec text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    pub line: u64,
    pub column: u64,
    pub record: u64,
    pub byte: u64,
}

/// The error every fallible function of this crate returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub position: Position,
    pub message: String,
    /// The file the position is in, when the input is many files (a folder or a glob);
    /// `None` for one input, where the position alone says where.
    pub file: Option<String>,
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(kind: ErrorKind, position: Position, message: impl Into<String>) -> Error {
        Error {
            kind,
            position,
            message: message.into(),
            file: None,
        }
    }

    /// This error with the file its position is in.
    pub fn in_file(mut self, file: impl Into<String>) -> Error {
        self.file = Some(file.into());
        self
    }

    /// An error with no position (options, limits of a kernel call).
    pub fn plain(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error::new(kind, Position::default(), message)
    }
}

/// `[FILE: ]line L, column C: kind: message` — the CLI prefixes it with `error: `.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        let p = self.position;
        if p.line > 0 {
            write!(f, "line {}, column {}: ", p.line, p.column)?;
        }
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for Error {}
