// `netscenario check FILE…`: prints every problem as `file:line:col: severity: message`
// (1-based, like compilers do, so editors and CI annotate the right spot). Exit 0 when no file
// has errors, 2 otherwise or when a file cannot be read.
import { readFileSync } from 'node:fs';
import { analyze } from '../dsl';
import type { Diagnostic } from '../dsl';

const EXIT_ERROR = 2;

export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message}`;
}

export async function main(args: string[]): Promise<number> {
  const files = args.filter((a) => a !== '--');
  const bad = files.find((a) => a.startsWith('-') && a !== '-');
  if (bad) {
    process.stderr.write(`netscenario check: unknown option '${bad}'\nUsage: netscenario check FILE…\n`);
    return EXIT_ERROR;
  }
  if (files.length === 0) {
    process.stderr.write('netscenario check: no file given\nUsage: netscenario check FILE…\n');
    return EXIT_ERROR;
  }
  let errors = 0;
  let warnings = 0;
  let unreadable = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.code === 'EACCES' ? 'permission denied' : err.message;
      process.stderr.write(`${file}: error: cannot read file: ${why}\n`);
      unreadable++;
      continue;
    }
    const { diagnostics } = analyze(text, file);
    for (const d of diagnostics) {
      if (d.severity !== 'error' && d.severity !== 'warning') continue;
      if (d.severity === 'error') errors++;
      else warnings++;
      process.stdout.write(formatDiagnostic(file, d) + '\n');
    }
  }
  if (errors || warnings || unreadable) {
    const parts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
    if (unreadable) parts.push(`${unreadable} unreadable file${unreadable === 1 ? '' : 's'}`);
    process.stderr.write(`${parts.join(', ')}\n`);
  }
  return errors || unreadable ? EXIT_ERROR : 0;
}
