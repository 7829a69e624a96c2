//! Replays the committed seeds (corpus/<target>/) and every crash reproducer kept in
//! regressions/<target>/ through the fuzz checks, without libFuzzer: a quick `cargo test`
//! that a fixed crash stays fixed.

use csv_kernels_fuzz::targets;
use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable directory").path();
            let data = std::fs::read(&path).expect("a readable file");
            // A panic names the file, so a failure is easy to rerun under the fuzzer.
            eprintln!("{}", path.display());
            check(&data);
            count += 1;
        }
    }
    assert!(count > 0, "no inputs for {target}");
}

#[test]
fn reader_corpus() {
    replay("reader", targets::reader);
}

#[test]
fn pipeline_corpus() {
    replay("pipeline", targets::pipeline);
}

#[test]
fn job_corpus() {
    replay("job", targets::job);
}

#[test]
fn parallel_corpus() {
    replay("parallel", targets::parallel);
}

#[test]
fn expr_corpus() {
    replay("expr", targets::expr);
}
