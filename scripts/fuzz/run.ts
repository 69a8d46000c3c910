import { parseFuzzArgs, UsageError, type FuzzOptions } from './args';
import { formatReport, summarise } from './report';
import { runFuzz } from './watchdog';

/**
 * `npm run fuzz`: generated documents and model files through parse → analyse → compile → one training step →
 * save → open, each case checked for a valid or coded outcome, its time and memory, the built-in prototypes and
 * tfjs' tensor count. Prints counts per outcome and error code, and every failure with its seed, case index and
 * reproducer file; exits 1 when a failure is not one of the known ones in tests/fixtures/fuzz/pending.json.
 */
async function main(): Promise<number> {
  let options: FuzzOptions;
  try {
    options = parseFuzzArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const started = Date.now();
  const say = options.json ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
  say(`fuzz: seed ${options.seed}, ${options.only !== undefined ? `case ${options.only}` : `${options.budgetMs === Infinity ? 'no time limit' : `${options.budgetMs / 1000} s`}${options.cases === Infinity ? '' : `, at most ${options.cases} cases`}`}, ${options.backend} backend`);
  const { reports, failures, faults } = await runFuzz(options, say);
  const summary = summarise(options, reports, failures, Date.now() - started);
  process.stdout.write(options.json ? `${JSON.stringify({ ...summary, faults })}\n` : formatReport(summary));
  for (const fault of faults) process.stderr.write(`${fault}\n`);
  if (!reports.length) process.stderr.write('No case ran.\n');
  return summary.newFailures > 0 || faults.length > 0 || !reports.length ? 1 : 0;
}

process.exitCode = await main();
