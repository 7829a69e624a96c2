//! The text encoding of an input's first bytes, as far as a reader of CSV needs to know it.
//! The core reads bytes as UTF-8 (a UTF-8 byte order mark is dropped); this names what the
//! input appears to be, so a person can tell why an accented name looks wrong.

/// The encoding of `data`'s first [`super::SAMPLE_BYTES`]:
/// - `"ascii"`: no byte above 0x7F (also UTF-8, and most single-byte encodings),
/// - `"utf-8"`: valid UTF-8 (a sequence cut by the end of the sample counts as valid),
/// - `"utf-8-bom"`: valid UTF-8 after a byte order mark,
/// - `"utf-16le"` / `"utf-16be"`: a UTF-16 byte order mark (the core does not decode these),
/// - `"unknown"`: none of those, e.g. Latin-1; the bytes pass through as they are.
pub fn encoding(data: &[u8]) -> &'static str {
    let sample = &data[..data.len().min(super::SAMPLE_BYTES)];
    if sample.starts_with(b"\xFF\xFE") {
        return "utf-16le";
    }
    if sample.starts_with(b"\xFE\xFF") {
        return "utf-16be";
    }
    let (body, bom) = match sample.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (sample, false),
    };
    let valid = match std::str::from_utf8(body) {
        Ok(_) => true,
        // `error_len() == None`: the bytes end inside a sequence, which a cut sample may do.
        Err(error) => error.error_len().is_none() && data.len() > sample.len(),
    };
    match (valid, bom) {
        (true, true) => "utf-8-bom",
        (true, false) if body.is_ascii() => "ascii",
        (true, false) => "utf-8",
        (false, _) => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::encoding;
    use crate::sniff::SAMPLE_BYTES;

    #[test]
    fn names_each_encoding() {
        assert_eq!(encoding(b""), "ascii");
        assert_eq!(encoding(b"id,name\n1,Ada\n"), "ascii");
        assert_eq!(encoding("id,city\n1,Zürich\n".as_bytes()), "utf-8");
        assert_eq!(encoding(b"\xEF\xBB\xBFid\n1\n"), "utf-8-bom");
        assert_eq!(encoding(b"\xFF\xFEi\x00d\x00"), "utf-16le");
        assert_eq!(encoding(b"\xFE\xFF\x00i\x00d"), "utf-16be");
        assert_eq!(encoding(b"id,city\n1,Z\xFCrich\n"), "unknown"); // Latin-1 ü
    }

    #[test]
    fn a_character_cut_by_the_sample_end_is_still_utf8() {
        // "é" (C3 A9) straddles the sample's end: only its first byte is in the sample.
        let mut data = vec![b'a'; SAMPLE_BYTES - 1];
        data.extend_from_slice("é\n".as_bytes());
        assert_eq!(encoding(&data), "utf-8");
        // The same lone lead byte at the true end of the input is not UTF-8.
        assert_eq!(encoding(&data[..SAMPLE_BYTES]), "unknown");
    }
}
