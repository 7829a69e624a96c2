//! Sniffing a CSV dialect (delimiter, quote, header) from the first bytes of an input.
