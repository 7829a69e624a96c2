//! The table of the language's steps: each step's name, other words for it, syntax and doc.
//! It reserves the words; the CLI help, the page's builder and the bindings read it as data.

/// One step of the pipeline language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepInfo {
    pub name: &'static str,
    /// Other words for the same step (v1's `where` and `limit`).
    pub aliases: &'static [&'static str],
    pub syntax: &'static str,
    pub doc: &'static str,
    /// Streaming steps see one row at a time; blocking ones read all input first.
    pub streaming: bool,
}

const fn step(name: &'static str, syntax: &'static str, doc: &'static str) -> StepInfo {
    StepInfo {
        name,
        aliases: &[],
        syntax,
        doc,
        streaming: true,
    }
}

const fn blocking(name: &'static str, syntax: &'static str, doc: &'static str) -> StepInfo {
    StepInfo {
        streaming: false,
        ..step(name, syntax, doc)
    }
}

pub static STEPS: &[StepInfo] = &[
    step(
        "select",
        "select item (\",\" item)*   item := expr [as name]",
        "keep these columns or expressions, in this order",
    ),
    step("drop", "drop col (\",\" col)*", "remove columns"),
    step(
        "rename",
        "rename col as name (\",\" col as name)*",
        "give columns new names",
    ),
    StepInfo {
        aliases: &["where"],
        ..step("filter", "filter expr", "keep the rows where expr is true")
    },
    step(
        "derive",
        "derive name = expr (\",\" name = expr)*",
        "add computed columns",
    ),
    StepInfo {
        aliases: &["limit"],
        ..step("take", "take integer", "stop after this many rows")
    },
    step(
        "cast",
        "cast col as type (\",\" col as type)*",
        "convert columns to int, float, text, bool, date or datetime",
    ),
    blocking(
        "sort",
        "sort [-]expr (\",\" [-]expr)*",
        "order rows by keys (- for descending); stable, nulls last",
    ),
    blocking(
        "group",
        "group col (\",\" col)* aggregate name = agg(...) (\",\" ...)*",
        "one row per group, in order of first appearance",
    ),
    blocking(
        "aggregate",
        "aggregate name = agg(...) (\",\" name = agg(...))*",
        "one row for the whole input",
    ),
    blocking(
        "distinct",
        "distinct [col (\",\" col)*]",
        "keep the first row of each kind (whole rows without columns)",
    ),
    blocking(
        "top",
        "top integer by [-]expr (\",\" [-]expr)*",
        "the first rows by keys, as sort | take would give",
    ),
    step(
        "join",
        "join [left] (path-or-name) on col [= col]",
        "add the matching rows' columns of a second input held in memory",
    ),
];

pub fn steps() -> &'static [StepInfo] {
    STEPS
}

/// The step a word names (an alias included).
pub fn step_named(word: &str) -> Option<&'static StepInfo> {
    STEPS
        .iter()
        .find(|s| s.name == word || s.aliases.contains(&word))
}
