//! How many data rows a whole input holds, estimated from its sniffed sample: the page shows
//! it the moment a file is dropped, long before a run has counted them.

use super::{sample_of, Sniffed};

/// The data rows (the header excluded) of an input of `total_bytes` whose first bytes are
/// `data` and were sniffed as `sniffed`: exact when the sample is the whole input, otherwise
/// the sample's rows scaled by size (rows are assumed to be as long on average as the
/// sample's; a quoted field holding line ends is counted once, as the sniffer counts it).
pub fn estimate_rows(sniffed: &Sniffed, data: &[u8], total_bytes: u64) -> u64 {
    let rows = sniffed.rows.saturating_sub(usize::from(sniffed.header)) as u64;
    let sample = sample_of(data);
    let bom = data.len() - data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data).len();
    let read = (sample.len() + bom) as u64;
    if read >= total_bytes || sample.is_empty() {
        return rows;
    }
    // Rounded to the nearest row; u128 so a huge file cannot overflow the product.
    ((u128::from(rows) * u128::from(total_bytes) + u128::from(read) / 2) / u128::from(read)) as u64
}

#[cfg(test)]
mod tests {
    use super::estimate_rows;
    use crate::sniff::{sniff, SAMPLE_BYTES};

    #[test]
    fn exact_for_a_whole_input() {
        let data = b"id;value\n1;145\n2;7\n3;8\n";
        assert_eq!(estimate_rows(&sniff(data), data, data.len() as u64), 3);
        let headerless = b"1;145\n2;7\n";
        assert_eq!(estimate_rows(&sniff(headerless), headerless, 10), 2);
        assert_eq!(estimate_rows(&sniff(b""), b"", 0), 0);
    }

    #[test]
    fn scaled_by_size_past_the_sample() {
        // 10-byte rows after a 9-byte header.
        let mut data = b"id,value\n".to_vec();
        while data.len() < 2 * SAMPLE_BYTES {
            data.extend_from_slice(b"1234,6789\n");
        }
        let sniffed = sniff(&data);
        // The first 65,536 bytes end 7 bytes into a row; the last line end before them is at
        // 9 + 6552 * 10 - 1 = 65,528, where the sample stops: 6552 data rows in 65,528 bytes.
        // 6552 * 10,000,000 / 65,528 = 999,877.9.
        assert_eq!(estimate_rows(&sniffed, &data, 10_000_000), 999_878);
    }
}
