// Type-checked (never run) by `tsc --noEmit -p tests/js`: the generated declarations must
// describe the package as its users see it. `@ts-expect-error` lines prove the types are not
// `any`: tsc fails if those lines ever stop being errors.
import init, {
  CsvError,
  CsvOptions,
  Job,
  JobStats,
  Profile,
  Profiler,
  FunctionName,
  Registry,
  Sniffed,
  StepName,
  digitFactorialSum,
  firstN,
  profile,
  profileJson,
  registry,
  run,
  sniff,
} from '../../www/pkg/csv_kernels_web.js';

export async function usage(csv: Uint8Array): Promise<number> {
  await init();
  const primes: Uint32Array = firstN(10);
  const sum: number = digitFactorialSum('145');
  const options: CsvOptions = { delimiter: ';', onError: 'skip', header: false, maxFieldBytes: 1024 };
  const out: Uint8Array = run('derive dfs = digit_factorial_sum(value)', csv, options);

  const job = new Job('limit 10', { onError: 'null' });
  const first: Uint8Array = job.push(csv);
  const view: Uint8Array = job.pushView(csv);
  const last: Uint8Array = job.finish();
  const stats: JobStats = job.stats;
  const done: boolean = job.isDone;
  job.free();

  const p: Profile = profile(csv);
  const names: string[] = p.columns.map((c) => c.name);
  const counts: number[] | undefined = p.columns[0]?.histogram?.counts;
  const version: number = p.version;
  const frequent: string | undefined = p.columns[0]?.topValues?.[0]?.value;
  const middle: number | string | undefined = p.columns[0]?.median;
  const text: string = profileJson(csv, options);
  const streamed = new Profiler();
  streamed.push(csv);
  const again: Profile = streamed.finish();

  const dialect: Sniffed = sniff(csv);
  const sniffing: CsvOptions = { sniff: "dialect" };
  const quote: string | null = dialect.quote;
  const json: Uint8Array = run('', csv, { delimiter: dialect.delimiter, header: dialect.header, format: 'ndjson' });
  const language: Registry = registry();
  const maxArgs: number | null = language.functions[0]?.maxArgs ?? null;
  // The language's names are literal types written from the core's registry.
  const lower: FunctionName = 'lower';
  const take: StepName = language.steps[0]?.name ?? 'take';
  // @ts-expect-error a misspelt function is not a FunctionName
  const misspelt: FunctionName = 'lowr';
  const steps: string[] = language.steps.map((s) => `${s.syntax}: ${s.doc}`);
  const dates: (string | number | undefined)[] = p.columns.filter((c) => c.type === 'date').map((c) => c.min);

  try {
    run('limit 1', csv);
  } catch (e) {
    const error = e as CsvError;
    const spec: boolean = error.isSpecError;
    const where: string = `${error.kind} at line ${error.line}, column ${error.column}${spec ? ' of the spec' : ''}`;
    console.log(where);
  }

  // @ts-expect-error the pipeline is a string
  run(42, csv);
  // @ts-expect-error onError takes fail, skip or null
  run('', csv, { onError: 'ignore' });
  // @ts-expect-error format is one of csv, tsv, ndjson, json
  run('', csv, { format: 'xml' });
  // @ts-expect-error a sniffed quote may be null
  const notNull: string = sniff(csv).quote;
  // @ts-expect-error stats are numbers
  const wrong: string = job.stats.rowsIn;

  return primes.length + sum + out.length + first.length + view.length + last.length + stats.rowsIn + Number(done) +
    names.length + (counts?.length ?? 0) + text.length + again.rows + wrong.length +
    (quote ?? "").length + Object.keys(sniffing).length + json.length + (maxArgs ?? 0) + steps.length + dates.length + notNull.length;
}
