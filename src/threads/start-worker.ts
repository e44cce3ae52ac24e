import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running `entry`, given by its compiled name (`….js`, beside the calling module). Under
 * tsx (tests, benchmarks) the sources are `.ts` files, and tsx does not follow into worker threads by
 * itself: a small bootstrap registers it first.
 */
export function startWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(entry, options);
  const source = entry.href.replace(/\.js$/, '.ts');
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
