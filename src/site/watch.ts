import { GitRepository } from '../git/index.js';

/**
 * Calls `onMove` each time the branch points at another commit. Reading the ref files costs microseconds
 * (see git/refs.ts), so polling once a second is cheaper and surer than watching the many places a ref can
 * be written (loose ref, packed-refs, a push into a bare repository). Returns a function that stops it
 * (resolved once its git process has exited).
 */
export async function watchBranch(dir: string, ref: string | undefined, onMove: (commit: string) => Promise<void>, interval = 1000): Promise<() => Promise<void>> {
  const repo = await GitRepository.open(dir);
  let last = await repo.resolve(ref ?? 'HEAD').catch(() => '');
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    repo
      .resolve(ref ?? 'HEAD')
      .then(async (commit) => {
        if (commit === last) return;
        last = commit;
        await onMove(commit);
      })
      .catch(() => undefined) // a branch being rewritten can be briefly unreadable: try again next time
      .finally(() => (running = false));
  }, interval);
  return () => {
    clearInterval(timer);
    return repo.close();
  };
}
