//! Output formats (csv, tsv, ndjson, json) behind one trait.
