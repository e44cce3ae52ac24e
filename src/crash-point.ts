/**
 * Named points where a write path is between two steps that must both happen (a work tree moved, its
 * branch not yet; commits on the branch, the apply not yet recorded). The hardening tests start a real
 * server with `FEUILLET_CRASH_AT=<name>` to kill it there with SIGKILL, as a power cut or the OOM killer
 * would, and check what start-up repairs: waiting for a kill to land between two steps by timing alone
 * would make those tests flaky. Without the variable, a crash point costs one comparison.
 */
const armed = process.env.FEUILLET_CRASH_AT;

export type CrashPoint =
  | 'advance:work-tree-moved'
  | 'apply:branch-moved'
  // A first search index written by its thread: some pages in the new file, then all of them but not moved in.
  | 'search:first-index-begun'
  | 'search:first-index-written';

export function crashPoint(name: CrashPoint): void {
  if (armed === name) process.kill(process.pid, 'SIGKILL');
}
