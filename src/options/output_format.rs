//! The output format a run writes, as an option; the writers are in [`crate::format`].

/// The output formats `Options::set("format", ..)` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// CSV with the run's delimiter, quote and line end.
    #[default]
    Csv,
    /// CSV with a tab delimiter (fields holding a tab, quote or line end are quoted).
    Tsv,
    /// One JSON object per line.
    Ndjson,
    /// One JSON array of objects, one object per line.
    Json,
    /// The Arrow IPC stream format, typed by each column's expression type ([`crate::format::arrow`]).
    Arrow,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 5] = [
        OutputFormat::Csv,
        OutputFormat::Tsv,
        OutputFormat::Ndjson,
        OutputFormat::Json,
        OutputFormat::Arrow,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Csv => "csv",
            OutputFormat::Tsv => "tsv",
            OutputFormat::Ndjson => "ndjson",
            OutputFormat::Json => "json",
            OutputFormat::Arrow => "arrow",
        }
    }

    pub fn from_name(name: &str) -> Option<OutputFormat> {
        OutputFormat::ALL.into_iter().find(|f| f.name() == name)
    }
}
