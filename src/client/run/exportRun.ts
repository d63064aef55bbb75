// The run as files: JSON is the RunResult itself (what `netscenario run --json` prints); CSV is
// the timeline, one row per sample and one column per series, as spreadsheets expect.
import type { RunResult } from '../../engine/result';

export function runToJson(result: RunResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV lines of the timeline, produced lazily so a million-sample run is never one huge string. */
export function* timelineCsv(result: RunResult): Generator<string> {
  const { t, series } = result.timeline;
  yield `${['t_ms', ...series.map((s) => s.id)].map(csvField).join(',')}\n`;
  const rows: string[] = [];
  for (let i = 0; i < t.length; i++) {
    let line = String(t[i]);
    for (const s of series) line += `,${s.values[i] ?? ''}`;
    rows.push(line);
    if (rows.length === 10_000) {
      yield `${rows.join('\n')}\n`;
      rows.length = 0;
    }
  }
  if (rows.length) yield `${rows.join('\n')}\n`;
}
