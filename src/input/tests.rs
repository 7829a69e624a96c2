use super::*;
use crate::error::ErrorKind;
use miniz_oxide::deflate::compress_to_vec;

/// One gzip member of `plain`, with the header fields `flags` asks for.
pub(crate) fn member(plain: &[u8], flags: u8) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3];
    if flags & 4 != 0 {
        out.extend_from_slice(&[3, 0, b'a', b'b', b'c']);
    }
    if flags & 8 != 0 {
        out.extend_from_slice(b"name.csv\0");
    }
    if flags & 16 != 0 {
        out.extend_from_slice(b"a comment\0");
    }
    if flags & 2 != 0 {
        out.extend_from_slice(&[0x12, 0x34]);
    }
    out.extend_from_slice(&compress_to_vec(plain, 6));
    let mut crc = crc32fast::Hasher::new();
    crc.update(plain);
    out.extend_from_slice(&crc.finalize().to_le_bytes());
    out.extend_from_slice(&(plain.len() as u32).to_le_bytes());
    out
}

/// What a decoder hands on for `input` fed in chunks of `size`, with the most bytes of one
/// hand-over, or the error.
fn decode(input: &[u8], size: usize) -> Result<(Vec<u8>, usize)> {
    let mut decoder = Decoder::default();
    let (mut out, mut largest) = (Vec::new(), 0);
    let mut sink = |plain: &[u8]| {
        largest = largest.max(plain.len());
        out.extend_from_slice(plain);
        Ok(true)
    };
    for chunk in input.chunks(size.max(1)) {
        decoder.feed(chunk, &mut sink)?;
    }
    decoder.finish(&mut sink)?;
    Ok((out, largest))
}

const SIZES: [usize; 8] = [usize::MAX, 1, 2, 3, 5, 7, 64, 1000];

fn csv(rows: usize) -> Vec<u8> {
    let mut csv = b"id,name\n".to_vec();
    for i in 0..rows {
        csv.extend_from_slice(format!("{i},\"name {}\"\n", i * 7 % 13).as_bytes());
    }
    csv
}

#[test]
fn plain_input_passes_through_untouched() {
    for input in [
        &b""[..],
        b"\x1f",
        b"\x1f\x8a,b\n",
        b"a,b\n1,2\n",
        b"\x8b\x1f",
    ] {
        for size in SIZES {
            assert_eq!(
                decode(input, size).unwrap().0,
                input,
                "{input:?} in {size}s"
            );
        }
    }
}

#[test]
fn gzip_members_inflate_to_their_bytes_wherever_the_chunks_end() {
    let plain = csv(3000);
    for flags in [0, 2, 4, 8, 16, 2 | 4 | 8 | 16] {
        let gz = member(&plain, flags);
        for size in SIZES {
            assert_eq!(
                decode(&gz, size).unwrap().0,
                plain,
                "flags {flags}, {size}s"
            );
        }
    }
    // Members one after another (cat a.gz b.gz, BGZF) are one input; zero padding after the
    // last one is not data.
    let (a, b) = (csv(10), b"10,x\n11,y\n".to_vec());
    let mut both = [member(&a, 0), member(&b, 8)].concat();
    both.extend_from_slice(&[0; 20]);
    for size in SIZES {
        assert_eq!(
            decode(&both, size).unwrap().0,
            [a.clone(), b.clone()].concat()
        );
    }
}

#[test]
fn a_bomb_is_handed_on_a_block_at_a_time() {
    let zeros = vec![b'0'; 20 << 20];
    let gz = member(&zeros, 0);
    assert!(gz.len() < 100 << 10, "{} compressed bytes", gz.len());
    let (out, largest) = decode(&gz, 256 << 10).unwrap();
    assert_eq!(out.len(), zeros.len());
    assert!(largest <= 64 << 10, "a hand-over of {largest} bytes");
}

#[test]
fn a_consumer_that_stops_stops_the_inflating() {
    let gz = member(&vec![b'1'; 10 << 20], 0);
    let mut decoder = Decoder::default();
    let mut calls = 0;
    let mut sink = |_: &[u8]| {
        calls += 1;
        Ok(calls < 3)
    };
    decoder.feed(&gz, &mut sink).unwrap();
    decoder.feed(&[0xff; 10], &mut sink).unwrap(); // ignored: nothing more is read
    decoder.finish(&mut sink).unwrap();
    assert_eq!(calls, 3);
}

fn corrupt(input: &[u8]) -> (u64, String) {
    let mut seen = None;
    for size in SIZES {
        let e = decode(input, size).unwrap_err();
        assert_eq!(e.kind, ErrorKind::CorruptInput, "{e}");
        // Where the stream went wrong does not depend on where the chunks end.
        let got = (e.position.byte, e.message.clone());
        assert_eq!(seen.get_or_insert(got.clone()), &got, "in chunks of {size}");
    }
    seen.unwrap()
}

#[test]
fn corrupt_and_truncated_streams_are_errors_at_a_byte() {
    let plain = csv(200);
    let gz = member(&plain, 8);
    for cut in [2, 5, 12, 40, gz.len() - 8, gz.len() - 1] {
        let (byte, message) = corrupt(&gz[..cut]);
        assert_eq!(byte, cut as u64, "cut at {cut}");
        assert!(message.contains("truncated"), "{message}");
    }
    let mut bad_crc = gz.clone();
    let at = bad_crc.len() - 8;
    bad_crc[at] ^= 1;
    let (byte, message) = corrupt(&bad_crc);
    assert_eq!(
        (byte, message.contains("CRC-32")),
        (at as u64, true),
        "{message}"
    );
    let mut bad_length = gz.clone();
    let at = bad_length.len() - 4;
    bad_length[at] ^= 1;
    assert!(corrupt(&bad_length).1.contains("length"));
    let mut garbage = gz.clone();
    garbage.extend_from_slice(b"id,name\n");
    let (byte, message) = corrupt(&garbage);
    assert_eq!(
        (byte, message.contains("not another member")),
        (gz.len() as u64, true)
    );
    // Zero padding then something else: the error is at the first byte that is not padding,
    // however the chunks end (the fuzzer found it at the padding's start in a whole input).
    let mut padded = gz.clone();
    padded.extend_from_slice(&[0; 30]);
    padded.extend_from_slice(b"x");
    assert_eq!(corrupt(&padded).0, gz.len() as u64 + 30);
    // Deflate data that cannot be: a block of the reserved type 3.
    let mut bad_data = gz[..19].to_vec();
    bad_data.extend_from_slice(&[0xff; 64]);
    assert!(corrupt(&bad_data).1.contains("deflate data is corrupt"));
    let mut not_deflate = gz.clone();
    not_deflate[2] = 7;
    assert_eq!(
        corrupt(&not_deflate),
        (
            0,
            "a gzip member is not deflate-compressed (at byte 0 of the compressed input)".into()
        )
    );
}

/// Every way a job is run reads a gzip input as its plain bytes: a job pushed in chunks, the
/// parallel reader (which runs a compressed input as one job: it cannot cut it), a profile.
#[test]
fn runs_read_a_gzip_input_as_its_plain_bytes() {
    use crate::{Job, Options, Pipeline};
    let plain = csv(5000);
    let gz = member(&plain, 8);
    let spec = "derive d = digit_factorial_sum(id) | where d > 100";
    let (want, want_stats) = crate::run(spec, &plain, &Options::default()).unwrap();
    for size in SIZES {
        let mut job = Job::new(spec, Options::default()).unwrap();
        let mut out = Vec::new();
        for chunk in gz.chunks(size.min(gz.len())) {
            job.push(chunk, &mut out).unwrap();
        }
        let stats = job.finish(&mut out).unwrap();
        assert_eq!(out, want, "chunks of {size}");
        assert_eq!(
            (stats.rows_in, stats.rows_out),
            (want_stats.rows_in, want_stats.rows_out)
        );
        assert_eq!(job.compression(), Some(Compression::Gzip));
    }
    let pipeline = Pipeline::parse(spec).unwrap();
    let (out, _) =
        crate::run::parallel::run_ranges(&pipeline, &gz, &Options::default(), 2).unwrap();
    assert_eq!(out, want);
    let profile = crate::profile(&gz, &Options::default()).unwrap();
    assert_eq!(
        profile,
        crate::profile(&plain, &Options::default()).unwrap()
    );
    // A corrupt stream fails the job, and every later call, with its error.
    let mut job = Job::new(spec, Options::default()).unwrap();
    let mut out = Vec::new();
    let e = job
        .push(&gz[..gz.len() - 3], &mut out)
        .and_then(|()| job.finish(&mut out).map(drop));
    assert_eq!(e.unwrap_err().kind, ErrorKind::CorruptInput);
    assert_eq!(
        job.finish(&mut out).unwrap_err().kind,
        ErrorKind::CorruptInput
    );
}
