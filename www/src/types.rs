//! TypeScript shapes of the plain JS objects that cross the boundary. The Rust side only sees
//! them as opaque `JsValue`s; these declarations make `tsc` check callers.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Run options; names may be camelCase, snake_case or kebab-case. */
export interface CsvOptions {
  delimiter?: string;
  quote?: string;
  header?: boolean;
  crlf?: boolean;
  onError?: "fail" | "skip" | "null";
  maxFieldBytes?: number;
  maxRecordBytes?: number;
  maxColumns?: number;
  [name: string]: string | number | boolean | undefined;
}

/** Counters of a Job so far. */
export interface JobStats {
  rowsIn: number;
  rowsOut: number;
  rowsSkipped: number;
  cellsNulled: number;
  bytesIn: number;
  bytesOut: number;
}

export interface Histogram {
  start: number;
  width: number;
  counts: number[];
}

export interface ColumnProfile {
  name: string;
  type: "integer" | "float" | "boolean" | "text" | "empty";
  count: number;
  nulls: number;
  min?: number;
  max?: number;
  mean?: number;
  min_length?: number;
  max_length?: number;
  histogram?: Histogram;
}

/** The profile of an input: the same shape as `csv-kernels profile` JSON. */
export interface Profile {
  rows: number;
  rows_skipped: number;
  columns: ColumnProfile[];
}

/** What every function here throws (an `Error` named "CsvError"). */
export interface CsvError extends Error {
  kind: string;
  line: number;
  column: number;
  record: number;
  byte: number;
  /** From `Job.push`/`finish`: the output rows completed before the error in that call. */
  output?: Uint8Array;
}
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "CsvOptions")]
    pub type CsvOptions;

    #[wasm_bindgen(typescript_type = "JobStats")]
    pub type JobStats;

    #[wasm_bindgen(typescript_type = "Profile")]
    pub type ProfileObject;

    #[wasm_bindgen(typescript_type = "string[][]")]
    pub type Rows;
}
