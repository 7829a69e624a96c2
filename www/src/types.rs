//! TypeScript shapes of the plain JS objects that cross the boundary. The Rust side only sees
//! them as opaque `JsValue`s; these declarations make `tsc` check callers.

use wasm_bindgen::prelude::*;

/// `StepName`, `FunctionName` and `AggregateName`, written by build.rs from the registry.
#[wasm_bindgen(typescript_custom_section)]
const TS_REGISTRY_NAMES: &'static str = include_str!(concat!(env!("OUT_DIR"), "/registry.d.ts"));

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Run options; names may be camelCase, snake_case or kebab-case. */
export interface CsvOptions {
  delimiter?: string;
  quote?: string;
  /** Skip the lines that start with this character, e.g. '#' (an empty string for none,
   * the default; a full `sniff` finds such comment lines). */
  comment?: string;
  header?: boolean;
  crlf?: boolean;
  onError?: "fail" | "skip" | "null";
  maxFieldBytes?: number;
  maxRecordBytes?: number;
  maxColumns?: number;
  /** Guess from the first 64 KB (see `sniff`): true the delimiter, quote, header and
   * comment lines; "dialect" the delimiter and quote only. */
  sniff?: boolean | "dialect";
  /** Output format; json and ndjson type values by the column's expression type, and arrow
   * (the Arrow IPC stream format: `tableFromIPC` of apache-arrow reads it) types its columns. */
  format?: "csv" | "tsv" | "ndjson" | "json" | "arrow";
  /** Memory for sort, group, distinct, top and joins: bytes, or "64MiB" / "1GiB" (default
   * 64 MiB in wasm, which cannot spill: past it a step fails with kind memory_limit). */
  memoryLimit?: number | string;
  /** The second inputs of `join (name)` steps, by name. */
  tables?: { [name: string]: Uint8Array | string };
  [name: string]: string | number | boolean | undefined | { [name: string]: Uint8Array | string };
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

/** Counts of values in [start + i * width, start + (i + 1) * width); for dates, in days since 1970-01-01. */
export interface Histogram {
  start: number;
  width: number;
  counts: number[];
}

/** One of a column's most frequent values. */
export interface TopValue {
  value: string;
  count: number;
}

export interface ColumnProfile {
  name: string;
  type: "integer" | "float" | "boolean" | "date" | "datetime" | "text" | "empty";
  count: number;
  nulls: number;
  /** Distinct non-empty cells, compared as text. */
  distinct: number;
  /** Present (true) past 10,000 distinct values: distinct, quartiles and topValues are estimates. */
  approximate?: boolean;
  /** A number for numeric columns; ISO text ("2024-01-31", "2024-01-31 08:30:00") for dates. */
  min?: number | string;
  max?: number | string;
  /** The strftime-style format the column's dates were read with, e.g. "%d/%m/%Y". */
  dateFormat?: string;
  /** Present (true) when every value read the same day-first and month-first. */
  dateOrderAmbiguous?: boolean;
  /** Numbers and dates (ISO text for dates), as min and max. */
  mean?: number | string;
  /** The sample standard deviation; in days for dates. */
  stddev?: number;
  q1?: number | string;
  median?: number | string;
  q3?: number | string;
  minLength?: number;
  maxLength?: number;
  /** Text and boolean columns: the ten most frequent values, most frequent first. */
  topValues?: TopValue[];
  /** Numbers, and dates in days since 1970-01-01. */
  histogram?: Histogram;
}

/** The profile of an input: the shape of `csv-kernels profile` JSON with camelCase keys
 * (`profileJson` gives that JSON text itself, snake_case). */
export interface Profile {
  /** The profile format's version: 2. */
  version: number;
  rows: number;
  rowsSkipped: number;
  columns: ColumnProfile[];
}

/** A sniffed dialect; `delimiter`, `quote` and `header` work as `CsvOptions` as they are. */
export interface Sniffed {
  delimiter: string;
  /** null when no field in the sample is quoted. */
  quote: string | null;
  header: boolean;
  /** Fields in the most common row shape of the sample. */
  columns: number;
  /** Rows in the sample (blank lines not counted). */
  rows: number;
  /** What decided each part, for people. */
  reason: string;
  /** "ascii", "utf-8", "utf-8-bom", "utf-16le", "utf-16be" or "unknown" (bytes kept as they are). */
  encoding: "ascii" | "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "unknown";
  /** Data rows of the whole input, estimated from the sample; null without `totalBytes`. */
  rowsEstimate: number | null;
}

export interface StepInfo {
  name: StepName;
  /** Other words for the same step (v1's `where` for filter, `limit` for take). */
  aliases: StepName[];
  syntax: string;
  doc: string;
  /** Sees one row at a time (false: reads all input first). */
  streaming: boolean;
}

export interface FunctionParam {
  name: string;
  /** "any" | "text" | "number" | "int" | "bool" | "date|datetime" */
  type: string;
  optional: boolean;
}

export interface FunctionInfo {
  name: FunctionName;
  params: FunctionParam[];
  minArgs: number;
  /** null for a variadic function. */
  maxArgs: number | null;
  variadic: boolean;
  /** e.g. "substr(x: text, start: int[, len: int]) -> text" */
  signature: string;
  doc: string;
}

export interface AggregateInfo {
  name: AggregateName;
  params: string[];
  doc: string;
}

/** The pipeline language as data, from the core's one registry. */
export interface Registry {
  steps: StepInfo[];
  functions: FunctionInfo[];
  aggregates: AggregateInfo[];
  types: string[];
  formats: string[];
  /** Option names `CsvOptions` takes (snake_case; camelCase and kebab-case work too). */
  options: string[];
}

/** What every function here throws (an `Error` named "CsvError"). */
export interface CsvError extends Error {
  kind: string;
  /** An error in the pipeline spec: line and column point into the spec text. */
  isSpecError: boolean;
  /** Confined to one record: `onError: "skip" | "null"` may step over it. */
  isRowError: boolean;
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

    #[wasm_bindgen(typescript_type = "Sniffed")]
    pub type Sniffed;

    #[wasm_bindgen(typescript_type = "Registry")]
    pub type Registry;

    #[wasm_bindgen(typescript_type = "string[][]")]
    pub type Rows;
}
