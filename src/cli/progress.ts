/**
 * A progress bar on stderr for long inputs (`query --in FILE`, `run` with file sources): bytes
 * read of the total, events per second and the time left, redrawn five times a second
 * (`cli-progress`). Only on a terminal: piped or redirected, stderr gets nothing of it. The
 * package is loaded only then (start-up).
 */
export interface Progress {
  /** bytes read so far, and in all (the files' sizes) */
  bytes(): number;
  total: number;
  /** events (lines) read so far */
  events(): number;
}

export interface Terminal {
  isTTY?: boolean;
  write(s: string): boolean;
}

/** shows the bar until the returned function is called (null: not a terminal, or no total) */
export async function showProgress(p: Progress, out: Terminal = process.stderr): Promise<(() => void) | null> {
  if (!out.isTTY || !(p.total > 0)) return null;
  const { default: bars } = await import('cli-progress');
  const mb = (n: number) => (n / 1048576).toFixed(1);
  const bar = new bars.SingleBar(
    {
      stream: out as NodeJS.WritableStream,
      format: '{bar} {percentage}% | {done}/{size} MB | {eps} events/s | ETA {eta_formatted}',
      clearOnComplete: true,
      hideCursor: false,
      etaBuffer: 25,
      fps: 5,
      noTTYOutput: false,
    },
    bars.Presets.shades_classic,
  );
  const started = performance.now();
  const values = () => {
    const secs = (performance.now() - started) / 1000;
    return { done: mb(p.bytes()), size: mb(p.total), eps: secs > 0 ? Math.round(p.events() / secs).toLocaleString('en') : '0' };
  };
  bar.start(p.total, 0, values());
  const timer = setInterval(() => bar.update(Math.min(p.bytes(), p.total), values()), 200);
  timer.unref();
  return () => {
    clearInterval(timer);
    bar.update(Math.min(p.bytes(), p.total), values());
    bar.stop();
  };
}
