//! The table of the language's steps: each step's name, other words for it, syntax, doc and
//! parser. It reserves the words; the CLI help, the page's builder and the bindings read it as
//! data.

use super::ast::Step;
use super::cursor::Cursor;
use super::parse;
use crate::error::Result;

/// Parses a step's text after its word (the word as written, and whether it was an alias).
pub(crate) type StepParser = fn(&mut Cursor, &str, bool) -> Result<Step>;

/// One step of the pipeline language.
#[derive(Clone, Copy, Debug)]
pub struct StepInfo {
    pub name: &'static str,
    /// Other words for the same step (v1's `where` and `limit`).
    pub aliases: &'static [&'static str],
    pub syntax: &'static str,
    pub doc: &'static str,
    /// Streaming steps see one row at a time; blocking ones read all input first (held to
    /// each step's [`Role`](super::Role) by a test).
    pub streaming: bool,
    pub(crate) parse: StepParser,
}

impl PartialEq for StepInfo {
    fn eq(&self, other: &StepInfo) -> bool {
        self.name == other.name
    }
}

impl Eq for StepInfo {}

const fn step(
    name: &'static str,
    syntax: &'static str,
    doc: &'static str,
    parse: StepParser,
) -> StepInfo {
    StepInfo {
        name,
        aliases: &[],
        syntax,
        doc,
        streaming: true,
        parse,
    }
}

const fn blocking(
    name: &'static str,
    syntax: &'static str,
    doc: &'static str,
    parse: StepParser,
) -> StepInfo {
    StepInfo {
        streaming: false,
        ..step(name, syntax, doc, parse)
    }
}

pub static STEPS: &[StepInfo] = &[
    step(
        "select",
        "select item (\",\" item)*   item := expr [as name]",
        "keep these columns or expressions, in this order",
        parse::select,
    ),
    step(
        "drop",
        "drop col (\",\" col)*",
        "remove columns",
        parse::drop,
    ),
    step(
        "rename",
        "rename col as name (\",\" col as name)*",
        "give columns new names",
        parse::rename,
    ),
    StepInfo {
        aliases: &["where"],
        ..step(
            "filter",
            "filter expr",
            "keep the rows where expr is true",
            parse::filter,
        )
    },
    step(
        "derive",
        "derive name = expr (\",\" name = expr)*",
        "add computed columns",
        parse::derive,
    ),
    StepInfo {
        aliases: &["limit"],
        ..step(
            "take",
            "take integer",
            "stop after this many rows",
            parse::take,
        )
    },
    step(
        "cast",
        "cast col as type (\",\" col as type)*",
        "convert columns to int, float, text, bool, date or datetime",
        parse::cast,
    ),
    blocking(
        "sort",
        "sort [-]expr (\",\" [-]expr)*",
        "order rows by keys (- for descending); stable, nulls last",
        parse::sort,
    ),
    blocking(
        "group",
        "group col (\",\" col)* aggregate name = agg(...) (\",\" ...)*",
        "one row per group, in order of first appearance",
        parse::group,
    ),
    blocking(
        "aggregate",
        "aggregate name = agg(...) (\",\" name = agg(...))*",
        "one row for the whole input",
        parse::aggregate_all,
    ),
    blocking(
        "distinct",
        "distinct [col (\",\" col)*]",
        "keep the first row of each kind (whole rows without columns)",
        parse::distinct,
    ),
    blocking(
        "top",
        "top integer by [-]expr (\",\" [-]expr)*",
        "the first rows by keys, as sort | take would give",
        parse::top,
    ),
    step(
        "join",
        "join [left] (path-or-name) on col [= col]",
        "add the matching rows' columns of a second input held in memory",
        parse::join,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;

    /// One spec per step word: each parses through its entry to a step whose role agrees with
    /// the entry's `streaming` flag, and every entry has an example.
    #[test]
    fn streaming_flags_agree_with_the_steps_roles() {
        let examples = [
            ("select", "select a"),
            ("drop", "drop a"),
            ("rename", "rename a as b"),
            ("filter", "filter a > 1"),
            ("derive", "derive b = a + 1"),
            ("take", "take 2"),
            ("cast", "cast a as int"),
            ("sort", "sort a"),
            ("group", "group a aggregate n = count()"),
            ("aggregate", "aggregate n = count()"),
            ("distinct", "distinct a"),
            ("top", "top 2 by a"),
            ("join", "join (t) on a"),
        ];
        let mut names: Vec<&str> = STEPS.iter().map(|s| s.name).collect();
        let mut covered: Vec<&str> = examples.iter().map(|(name, _)| *name).collect();
        names.sort_unstable();
        covered.sort_unstable();
        assert_eq!(names, covered, "every step needs an example here");
        for (name, spec) in examples {
            let info = step_named(name).unwrap();
            let steps = Pipeline::parse(spec).unwrap().steps;
            assert_eq!(steps.len(), 1, "{spec}");
            assert_eq!(steps[0].to_string(), spec, "{spec} prints back as written");
            let role = steps[0].role();
            assert_eq!(info.streaming, !role.is_blocking(), "{name}: {role:?}");
        }
    }

    #[test]
    fn aliases_parse_as_their_step() {
        for info in STEPS {
            for alias in info.aliases {
                assert_eq!(step_named(alias), Some(info));
            }
        }
        let p = Pipeline::parse("where a > 1 | limit 3").unwrap();
        assert_eq!(p.to_string(), "where a > 1 | limit 3");
        assert_eq!(p.steps[0].role(), crate::lang::Role::PerRow);
        assert_eq!(p.steps[1].role(), crate::lang::Role::Limit);
    }
}
