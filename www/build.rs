//! Embeds the golden cases (../tests/cases) into the wasm test suites, which cannot read files
//! at run time in a browser or a worker: one `RawCase` per folder, one test per case. And writes
//! the TypeScript names of the language's steps, functions and aggregates from the core's
//! registry, so the package's declarations list exactly what the parser accepts.

use std::env;
use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("../tests/cases");
    let root = root.canonicalize().expect("tests/cases exists beside www/");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();

    let mut cases = String::from("pub const CASES: &[RawCase] = &[\n");
    let mut tests = String::new();
    for (index, dir) in dirs.iter().enumerate() {
        let name = dir.file_name().unwrap().to_str().unwrap();
        let bytes = |file: &str| optional(dir, file, "include_bytes");
        let text = |file: &str| optional(dir, file, "include_str");
        writeln!(
            cases,
            "    RawCase {{ name: {name:?}, input: include_bytes!({input:?}), pipeline: {}, \
             options: {}, expected_csv: {}, expected_json: {}, expected_error: {}, \
             expected_stats: {}, tables: &[{}] }},",
            text("pipeline.txt"),
            text("options.txt"),
            bytes("expected.csv"),
            text("expected.json"),
            text("expected-error.txt"),
            text("expected-stats.txt"),
            tables(dir),
            input = dir.join("input.csv"),
        )
        .unwrap();
        let function = name.replace('-', "_");
        writeln!(
            tests,
            "#[wasm_bindgen_test::wasm_bindgen_test]\nfn case_{function}() {{ \
             shared::golden::check(&shared::golden::CASES[{index}]); }}"
        )
        .unwrap();
    }
    cases.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    fs::write(out.join("golden_cases.rs"), cases).unwrap();
    fs::write(out.join("golden_tests.rs"), tests).unwrap();
    fs::write(out.join("registry.d.ts"), registry_types()).unwrap();
}

/// Every other `*.csv` file of a case: the second inputs of its joins, named by file name.
fn tables(dir: &std::path::Path) -> String {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv") && n != "input.csv" && n != "expected.csv")
        .collect();
    names.sort();
    names
        .iter()
        .map(|n| format!("({n:?}, include_bytes!({:?}))", dir.join(n)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `export type StepName = "select" | ...` and the same for functions and aggregates.
fn registry_types() -> String {
    use csv_kernels::registry;
    let union = |names: Vec<&str>| {
        let mut names = names;
        names.dedup();
        names
            .iter()
            .map(|n| format!("{n:?}"))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let steps = registry::steps()
        .iter()
        .flat_map(|s| std::iter::once(s.name).chain(s.aliases.iter().copied()))
        .collect();
    let functions = registry::functions().iter().map(|f| f.name).collect();
    let aggregates = registry::aggregates().iter().map(|a| a.name()).collect();
    format!(
        "\n/** A step word of the pipeline language (aliases included), from the core's registry. */\n\
         export type StepName = {};\n\
         /** A function of the pipeline language, from the core's registry. */\n\
         export type FunctionName = {};\n\
         /** An aggregate of the group and aggregate steps, from the core's registry. */\n\
         export type AggregateName = {};\n",
        union(steps),
        union(functions),
        union(aggregates)
    )
}

fn optional(dir: &Path, file: &str, macro_name: &str) -> String {
    let path = dir.join(file);
    if path.exists() {
        format!("Some({macro_name}!({path:?}))")
    } else {
        "None".into()
    }
}
