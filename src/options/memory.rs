//! The memory limit: its default and the `--memory-limit` size syntax.

use crate::{Error, ErrorKind, Result};

/// The budget when none is given: 256 MiB natively, where steps spill to disk past it; 64 MiB
/// in wasm, which cannot spill, so a Cloudflare Worker (128 MB in all) or a browser tab keeps
/// room for its input and output buffers.
pub const DEFAULT_MEMORY_LIMIT: usize = if cfg!(target_arch = "wasm32") {
    64 << 20
} else {
    256 << 20
};

/// A size as written back to the user: the largest binary unit that divides it.
pub(crate) fn show_size(bytes: usize) -> String {
    for (unit, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
        if bytes >= size && bytes.is_multiple_of(size) {
            return format!("{} {unit}", bytes / size);
        }
    }
    format!("{bytes} bytes")
}

/// Reads a `--memory-limit` size: plain bytes (`1000000`) or a whole number with a binary
/// suffix `KiB`, `MiB` or `GiB` (`64MiB`, `64 MiB`; the suffix in any case). Zero is refused:
/// a step needs room for at least one row.
pub fn parse_memory_limit(text: &str) -> Result<usize> {
    let bad = |why: &str| {
        Error::plain(
            ErrorKind::InvalidOption,
            format!("memory limit '{text}': {why} (e.g. 64MiB, 1GiB or a number of bytes)"),
        )
    };
    let trimmed = text.trim();
    let digits_end = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (digits, suffix) = trimmed.split_at(digits_end);
    if digits.is_empty() {
        return Err(bad("not a size"));
    }
    let shift = match suffix.trim_start().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "kib" => 10,
        "mib" => 20,
        "gib" => 30,
        _ => return Err(bad("unknown unit")),
    };
    let number: usize = digits.parse().map_err(|_| bad("too large"))?;
    let bytes = number
        .checked_mul(1usize << shift)
        .ok_or_else(|| bad("too large"))?;
    if bytes == 0 {
        return Err(bad("must be more than zero"));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_memory_limit("64MiB"), Ok(64 << 20));
        assert_eq!(parse_memory_limit(" 64 mib "), Ok(64 << 20));
        assert_eq!(parse_memory_limit("1000000"), Ok(1_000_000));
        assert_eq!(parse_memory_limit("3KiB"), Ok(3072));
        assert_eq!(parse_memory_limit("2GiB"), Ok(2 << 30));
        assert_eq!(parse_memory_limit("10b"), Ok(10));
        for bad in [
            "",
            "MiB",
            "64MB",
            "1.5GiB",
            "-1",
            "0",
            "0KiB",
            "99999999999999999999",
        ] {
            let e = parse_memory_limit(bad).unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidOption, "{bad:?}");
        }
    }
}
