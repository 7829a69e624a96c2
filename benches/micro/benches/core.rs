//! Micro-benchmarks of the core's hot paths: the kernels, the reader/writer through a job,
//! and the profiler. Throughput is reported per input byte.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use csv_kernels::{digit_factorial_sum, first_n, is_prime, profile, run, Options};
use csv_kernels_micro::integers_csv;
use std::hint::black_box;

fn kernels(c: &mut Criterion) {
    c.bench_function("digit_factorial_sum(12 digits)", |b| {
        b.iter(|| digit_factorial_sum(black_box(b"123456789012")))
    });
    c.bench_function("is_prime(2^61-1)", |b| {
        b.iter(|| is_prime(black_box(2_305_843_009_213_693_951)))
    });
    let mut g = c.benchmark_group("first_n");
    for count in [5_000, 1_000_000] {
        g.bench_function(count.to_string(), |b| b.iter(|| first_n(black_box(count))));
    }
    g.finish();
}

fn streaming(c: &mut Criterion) {
    let input = integers_csv(200_000);
    let options = Options::default();
    let mut g = c.benchmark_group("engine (200k rows)");
    g.throughput(Throughput::Bytes(input.len() as u64));
    g.bench_function("identity", |b| {
        b.iter(|| run("", black_box(&input), &options))
    });
    g.bench_function("seed job", |b| {
        b.iter(|| {
            run(
                "derive digit_factorial_sum = digit_factorial_sum(value)",
                black_box(&input),
                &options,
            )
        })
    });
    g.bench_function("profile", |b| {
        b.iter(|| profile(black_box(&input), &options))
    });
    g.finish();
}

criterion_group!(benches, kernels, streaming);
criterion_main!(benches);
