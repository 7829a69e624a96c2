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

/// One test per target, each replaying that target's inputs.
macro_rules! replay_tests {
    ($($test:ident: $target:ident),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                replay(stringify!($target), targets::$target);
            }
        )*
    };
}

replay_tests! {
    reader_corpus: reader,
    pipeline_corpus: pipeline,
    job_corpus: job,
    parallel_corpus: parallel,
    expr_corpus: expr,
    agg_corpus: agg,
}
