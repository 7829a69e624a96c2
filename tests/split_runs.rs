//! A run split into parts and merged (`Job::part`, `Job::merging`: what the Dask door and the
//! parallel runner build on) gives every golden case's expected bytes, however the input's
//! records are split, and every error case its error (kind, line, column); every profile case
//! gives its profile from the parts' merged states.

mod common;

use common::{load_cases, Case, Expected};
use csv_kernels::profile::ProfileState;
use csv_kernels::reader::cuts::Cut;
use csv_kernels::reader::{Flow, Reader};
use csv_kernels::{Error, Job, Options, Pipeline, Profiler, Sniff};

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

/// Where each record starts (`Cut`: byte, line, record number), as far as the input reads,
/// and whether it reads to its end.
fn record_starts(input: &[u8], options: &Options) -> (Vec<Cut>, bool) {
    let mut starts = Vec::new();
    let mut reader = Reader::new(options);
    let mut each = |record: &csv_kernels::reader::Record, _: Option<Error>| {
        starts.push(Cut {
            byte: record.byte,
            line: record.line,
            record: record.number,
        });
        Ok(Flow::Continue)
    };
    let read = reader
        .feed(input, &mut each)
        .and_then(|()| reader.finish(&mut each));
    (starts, read.is_ok())
}

/// The input's first record, and where each part starts: after the first record (with a
/// header) at the record starts `cuts` picks.
fn parts<'a>(case: &'a Case, options: &Options, cuts: &[usize]) -> (&'a [u8], Vec<Cut>) {
    let (starts, _) = record_starts(&case.input, options);
    let first_end = starts.get(1).map_or(case.input.len(), |s| s.byte as usize);
    let (first, body) = match options.header {
        true => (&case.input[..first_end], first_end),
        false => (&case.input[..first_end], 0),
    };
    let rows: Vec<Cut> = starts
        .iter()
        .copied()
        .filter(|s| s.byte as usize >= body && s.byte > 0)
        .collect();
    // The first part starts where the data does (with nothing there, after the first record).
    let start = starts
        .iter()
        .copied()
        .find(|s| s.byte as usize == body)
        .unwrap_or(Cut {
            byte: body as u64,
            line: 1 + first.iter().filter(|&&b| b == b'\n').count() as u64,
            record: 1 + u64::from(options.header),
        });
    let mut bounds = vec![start];
    for &c in cuts {
        if let Some(&at) = rows.get(c) {
            if at.byte > bounds.last().unwrap().byte {
                bounds.push(at);
            }
        }
    }
    (first, bounds)
}

/// The bytes of part `i` of `bounds`.
fn part_bytes<'a>(input: &'a [u8], bounds: &[Cut], i: usize) -> &'a [u8] {
    let end = bounds.get(i + 1).map_or(input.len(), |c| c.byte as usize);
    &input[bounds[i].byte as usize..end]
}

fn split_run(
    case: &Case,
    pipeline: &Pipeline,
    options: Options,
    cuts: &[usize],
) -> Result<Vec<u8>, Error> {
    let (first, bounds) = parts(case, &options, cuts);
    let header = if options.header { first } else { &[][..] };
    let mut parts = Vec::new();
    for (i, at) in bounds.iter().enumerate() {
        let mut job = Job::part(pipeline.clone(), options, i as u64);
        for (name, bytes) in &case.tables {
            job.attach(name, bytes.clone());
        }
        job.push(header, &mut parts)
            .and_then(|()| job.push(part_bytes(&case.input, &bounds, i), &mut parts))
            .and_then(|()| job.finish(&mut parts).map(drop))
            .map_err(|e| at.place(e, header, &options))?;
    }
    let mut merge = Job::merging(pipeline.clone(), options, first)?;
    for (name, bytes) in &case.tables {
        merge.attach(name, bytes.clone());
    }
    let mut out = Vec::new();
    merge.push(&parts, &mut out)?;
    merge.finish(&mut out)?;
    Ok(out)
}

/// A profile of the parts' states merged, as the folder runner and Dask profile.
fn split_profile(case: &Case, options: Options, cuts: &[usize]) -> Result<Vec<u8>, Error> {
    let (first, bounds) = parts(case, &options, cuts);
    let header = if options.header { first } else { &[][..] };
    let mut whole: Option<ProfileState> = None;
    for (i, at) in bounds.iter().enumerate() {
        let mut profiler = Profiler::new(options);
        let state = profiler
            .push(header)
            .and_then(|()| profiler.push(part_bytes(&case.input, &bounds, i)))
            .and_then(|()| profiler.finish_state())
            .map_err(|e| at.place(e, header, &options))?;
        match &mut whole {
            Some(whole) => whole.merge(&state)?,
            None => whole = Some(state),
        }
    }
    let profile = whole.expect("at least one part").finish();
    Ok((profile.to_json() + "\n").into_bytes())
}

const CUTS: [&[usize]; 5] = [&[], &[0], &[1], &[0, 1, 2, 3, 4, 5, 6, 7], &[2, 5]];

/// Cases a split run cannot match, by name, with the reason.
const EXCLUDED: &[(&str, &str)] = &[
    ("gzip-input", COMPRESSED),
    ("gzip-multi-member", COMPRESSED),
    ("gzip-truncated", COMPRESSED),
    ("gzip-profile", COMPRESSED),
    ("gzip-take", COMPRESSED),
    ("gzip-bom-crlf", COMPRESSED),
];

const COMPRESSED: &str =
    "a compressed input is not cut into parts (`cuts` refuses it): it runs as one job";

#[test]
fn split_runs_give_every_case_its_bytes_or_its_error() {
    let mut checked = std::collections::BTreeMap::new();
    let mut failures = Vec::new();
    let cases = load_cases();
    for case in &cases {
        if EXCLUDED.iter().any(|(name, _)| *name == case.name) {
            continue;
        }
        let options = options(case);
        let (_, reads_to_end) = record_starts(&case.input, &options);
        // A whole run stopped by a `take` never sees a bad record later on; a split run reads
        // every part (the one documented difference).
        if matches!(case.expected, Expected::Output(_)) && !reads_to_end {
            continue;
        }
        let pipeline = case.pipeline.as_deref().map(Pipeline::parse).transpose();
        *checked.entry(kind_of(case)).or_insert(0) += 1;
        for cuts in CUTS {
            let got = match &pipeline {
                // A spec error comes before any part is cut: the error of every split.
                Err(e) => Err(e.clone()),
                Ok(Some(pipeline)) => split_run(case, pipeline, options, cuts),
                Ok(None) => split_profile(case, options, cuts),
            };
            let problem = match (&case.expected, &got) {
                (Expected::Output(want), Ok(out)) => (out != want).then(|| {
                    format!(
                        "got  {:?}\n  want {:?}",
                        String::from_utf8_lossy(out),
                        String::from_utf8_lossy(want)
                    )
                }),
                (Expected::Error { kind, line, column }, Err(e)) => {
                    let got = (e.kind.name(), e.position.line, e.position.column);
                    (got != (kind.as_str(), *line, *column))
                        .then(|| format!("error {got:?}, want {kind} {line} {column} ({e})"))
                }
                (Expected::Output(_), Err(e)) => Some(format!("unexpected error: {e}")),
                (Expected::Error { kind, .. }, Ok(out)) => Some(format!(
                    "want {kind}, got {:?}",
                    String::from_utf8_lossy(out)
                )),
            };
            if let Some(problem) = problem {
                failures.push(format!("{} cut at {cuts:?}: {problem}", case.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every case of each kind but the ones left out above, by name or by the reason given.
    let mut all = std::collections::BTreeMap::new();
    for case in &cases {
        *all.entry(kind_of(case)).or_insert(0) += 1;
    }
    for (name, _) in EXCLUDED {
        let case = cases
            .iter()
            .find(|c| c.name == *name)
            .expect("an excluded case exists");
        assert!(
            case.input.starts_with(&[0x1f, 0x8b]),
            "{name} is compressed"
        );
        *all.get_mut(kind_of(case)).unwrap() -= 1;
    }
    eprintln!("split runs checked (of all but the excluded): {checked:?} ({all:?})");
    assert_eq!(
        checked.get("profile"),
        all.get("profile"),
        "every profile case"
    );
    assert_eq!(checked.get("error"), all.get("error"), "every error case");
}

fn kind_of(case: &Case) -> &'static str {
    match (&case.pipeline, &case.expected) {
        (None, _) => "profile",
        (Some(_), Expected::Error { .. }) => "error",
        (Some(_), Expected::Output(_)) => "output",
    }
}
