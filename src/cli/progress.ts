/**
 * The progress of a long command, the same for every one (build, import, indexing): on a terminal, one line
 * redrawn in place with done/total, rate and time left; elsewhere (logs, CI), nothing until the summary line.
 */
export interface Progress {
  /** Starts or continues a phase (`label` shown before the counts). */
  update(label: string, done: number, total: number): void;
  /** Clears the progress line and prints the final line. */
  finish(summary: string): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** Milliseconds between redraws. */
  interval?: number;
  now?: () => number;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '…';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
}

/** The text of a progress line: `label  done/total  rate/s  ETA`, padded to a steady width. */
export function progressLine(label: string, done: number, total: number, elapsedSeconds: number): string {
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  const left = rate > 0 ? (total - done) / rate : Infinity;
  const width = 20;
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  return `${label} ${bar} ${done}/${total}  ${Math.round(rate)}/s  ~${duration(left)}`;
}

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const interval = options.interval ?? 100;
  const now = options.now ?? (() => performance.now());
  const tty = stream.isTTY === true;
  let phase = '';
  let phaseStart = now();
  let lastDraw = 0;
  let shown = false;
  return {
    update(label, done, total) {
      if (!tty) return;
      const time = now();
      if (label !== phase) {
        phase = label;
        phaseStart = time;
      }
      if (time - lastDraw < interval && done < total) return;
      lastDraw = time;
      stream.write(`\r\x1b[2K${progressLine(label, done, total, (time - phaseStart) / 1000)}`);
      shown = true;
    },
    finish(summary) {
      if (shown) stream.write('\r\x1b[2K');
      stream.write(`${summary}\n`);
    },
  };
}
