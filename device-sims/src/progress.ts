import type { StatsSnapshot } from './stats.ts';
import { formatOffset, MINUTE_MS } from './time.ts';

/**
 * Progress of a long run on the terminal: events sent, acknowledged, failed, the current rate
 * and the simulated time. On a TTY one line is redrawn in place a few times a second; otherwise
 * (CI logs, files, docker logs) a plain line is printed every `plainEveryMs`.
 */

export interface ProgressOptions {
  snapshot: () => StatsSnapshot;
  stream?: NodeJS.WriteStream;
  /** Defaults to whether the stream is a TTY. */
  tty?: boolean;
  /** A prefix, or a function giving it at each redraw (e.g. counts kept elsewhere). */
  label?: string | (() => string);
  utcOffsetMin?: number;
  /** TTY redraw interval. */
  everyMs?: number;
  /** Interval of plain lines. */
  plainEveryMs?: number;
}

export interface ProgressDisplay {
  /** Stops redrawing and leaves the last line in place. */
  stop(): void;
}

const number = new Intl.NumberFormat('en-US');

/** One progress line, e.g. `sims | 07:31:05 +08:00 | sent 12,345 ok 12,300 err 0 | 84/s | gate 123 …`. */
export function formatProgress(
  current: StatsSnapshot,
  rate: number,
  options: { label?: string; utcOffsetMin?: number } = {},
): string {
  const parts = [options.label ?? 'sims'];
  if (current.simTime > 0) {
    const offset = options.utcOffsetMin ?? 480;
    const local = new Date(current.simTime + offset * MINUTE_MS).toISOString().replace('T', ' ').slice(0, 19);
    parts.push(`sim ${local} ${formatOffset(offset)}`);
  }
  parts.push(
    `sent ${number.format(current.sent)} ok ${number.format(current.acked)} err ${number.format(current.failed)}` +
      (current.skipped > 0 ? ` skip ${number.format(current.skipped)}` : ''),
  );
  parts.push(`${rate >= 100 ? Math.round(rate) : rate.toFixed(1)}/s`);
  const kinds = current.sentByKind;
  parts.push(
    `gate ${number.format(kinds.gate)} order ${number.format(kinds.terminal)} scale ${number.format(kinds.scale)} telemetry ${number.format(kinds.sensor)}` +
      (kinds.raw > 0 ? ` bad ${number.format(kinds.raw)}` : ''),
  );
  if (current.lastError && current.failed > 0) parts.push(`last error: ${current.lastError.slice(0, 80)}`);
  return parts.join(' | ');
}

export function startProgress(options: ProgressOptions): ProgressDisplay {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? Boolean(stream.isTTY);
  const every = tty ? (options.everyMs ?? 250) : (options.plainEveryMs ?? 10_000);
  let previous = options.snapshot();
  let rate = 0;
  const draw = () => {
    const current = options.snapshot();
    const seconds = Math.max(0.001, (current.elapsedMs - previous.elapsedMs) / 1000);
    // A smoothed rate: steady on a TTY, still honest over a 10-s plain interval.
    const instant = (current.sent - previous.sent) / seconds;
    rate = tty ? rate * 0.7 + instant * 0.3 : instant;
    previous = current;
    const label = typeof options.label === 'function' ? options.label() : options.label;
    const line = formatProgress(current, rate, {
      ...(label === undefined ? {} : { label }),
      ...(options.utcOffsetMin === undefined ? {} : { utcOffsetMin: options.utcOffsetMin }),
    });
    if (tty) stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, (stream.columns || 160) - 1))}`);
    else stream.write(`${line}\n`);
  };
  const timer = setInterval(draw, every);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      draw();
      if (tty) stream.write('\n');
    },
  };
}
