// `npm run bench`: every benchmark of bench/, one after the other (they would disturb each other's
// figures if run together). `npm run bench -- server search` runs only those named.
import { existsSync } from 'node:fs';

/** Each module exports `run(): Promise<void>` and prints its own figures. */
const BENCHMARKS = ['server', 'build', 'search', 'mail', 'edit', 'large-files', 'large-mail', 'new-commit', 'instances'] as const;

interface Benchmark {
  run(): Promise<void>;
}

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (known: ${BENCHMARKS.join(', ')})`);
  process.exit(2);
}

const skipped: string[] = [];
let failed = false;
for (const name of asked.length > 0 ? asked : BENCHMARKS) {
  // A module not written yet is skipped; one that exists but fails to load is an error, not a skip.
  if (!existsSync(new URL(`./${name}.ts`, import.meta.url))) {
    skipped.push(name);
    continue;
  }
  try {
    const module = (await import(`./${name}.js`)) as Partial<Benchmark>;
    if (typeof module.run !== 'function') throw new Error(`bench/${name}.ts exports no run()`);
    await module.run();
  } catch (error) {
    failed = true;
    console.error(`bench/${name}.ts failed:`, error);
  }
}
if (skipped.length > 0) console.log(`\nnot written yet, skipped: ${skipped.map((name) => `bench/${name}.ts`).join(', ')}`);
process.exitCode = failed ? 1 : 0;
