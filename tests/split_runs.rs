//! A run split into parts and merged (`Job::part`, `Job::merging`: what the Dask door and the
//! parallel runner build on) gives every golden case's expected bytes, however the input's
//! records are split.

mod common;

use common::{load_cases, Case, Expected};
use csv_kernels::reader::{Flow, Reader};
use csv_kernels::{Error, Job, Options, Pipeline, Sniff};

fn options(case: &Case) -> Options {
    let mut o = Options::default();
    for (k, v) in &case.options {
        o.set(k, v).unwrap();
    }
    // The dialect is decided once, before the split, as a split run's caller does; the
    // sniffing asked for stays set for the joins' second inputs.
    let asked = o.sniff;
    if asked != Sniff::Off {
        csv_kernels::sniff::resolve(&mut o, &case.input);
    }
    Options { sniff: asked, ..o }
}

/// The byte offset where each record starts, or `None` when the input does not read to its
/// end: a whole run stopped by a `take` never sees the bad part, but a split run reads every
/// part (the one documented difference).
fn record_starts(input: &[u8], options: &Options) -> Option<Vec<usize>> {
    let mut starts = Vec::new();
    let mut reader = Reader::new(options);
    let mut each = |record: &csv_kernels::reader::Record, _: Option<Error>| {
        starts.push(record.byte as usize);
        Ok(Flow::Continue)
    };
    let read = reader
        .feed(input, &mut each)
        .and_then(|()| reader.finish(&mut each));
    read.ok().map(|()| starts)
}

fn split_run(
    case: &Case,
    pipeline: &Pipeline,
    options: Options,
    cuts: &[usize],
) -> Result<Vec<u8>, Error> {
    let starts = record_starts(&case.input, &options).expect("checked by the caller");
    let (header, body_start) = match (options.header, starts.get(1)) {
        (true, Some(&second)) => (&case.input[..second], second),
        (true, None) => (&case.input[..], case.input.len()),
        (false, _) => (
            &case.input[..starts.get(1).copied().unwrap_or(case.input.len())],
            0,
        ),
    };
    // Part boundaries: record starts after the header, picked by `cuts`.
    let rows: Vec<usize> = starts
        .iter()
        .copied()
        .filter(|&s| s >= body_start && s > 0)
        .collect();
    let mut bounds = vec![body_start];
    for &c in cuts {
        if let Some(&at) = rows.get(c) {
            if at > *bounds.last().unwrap() {
                bounds.push(at);
            }
        }
    }
    bounds.push(case.input.len());
    let mut parts = Vec::new();
    for (i, pair) in bounds.windows(2).enumerate() {
        let mut job = Job::part(pipeline.clone(), options, i as u64);
        for (name, bytes) in &case.tables {
            job.attach(name, bytes.clone());
        }
        if options.header {
            job.push(header, &mut parts)?;
        }
        job.push(&case.input[pair[0]..pair[1]], &mut parts)?;
        job.finish(&mut parts)?;
    }
    let mut merge = Job::merging(pipeline.clone(), options, header)?;
    for (name, bytes) in &case.tables {
        merge.attach(name, bytes.clone());
    }
    let mut out = Vec::new();
    merge.push(&parts, &mut out)?;
    merge.finish(&mut out)?;
    Ok(out)
}

#[test]
fn split_runs_give_every_case_its_bytes() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in load_cases() {
        let (Some(spec), Expected::Output(want)) = (&case.pipeline, &case.expected) else {
            continue; // profile cases, and errors (a part reports its own positions)
        };
        let pipeline = Pipeline::parse(spec).unwrap();
        let options = options(&case);
        if case.input.starts_with(b"\xEF\xBB\xBF") || case.input.is_empty() {
            continue; // a BOM or nothing: no records to split
        }
        if record_starts(&case.input, &options).is_none() {
            continue;
        }
        for cuts in [
            vec![],
            vec![0],
            vec![1],
            vec![0, 1, 2, 3, 4, 5, 6, 7],
            vec![2, 5],
        ] {
            checked += 1;
            match split_run(&case, &pipeline, options, &cuts) {
                Ok(out) if &out == want => {}
                Ok(out) => failures.push(format!(
                    "{} cut at {cuts:?}:\n  got  {:?}\n  want {:?}",
                    case.name,
                    String::from_utf8_lossy(&out),
                    String::from_utf8_lossy(want)
                )),
                Err(e) => failures.push(format!("{} cut at {cuts:?}: {e}", case.name)),
            }
        }
    }
    assert!(checked > 500, "only {checked} split runs");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
