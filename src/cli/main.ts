// `netscenario` command line: dispatches to subcommands listed in COMMANDS. A subcommand is a
// module exporting `main(args): Promise<number>` (the exit code); add one with one line below.
import { version } from '../../package.json';

export type CommandMain = (args: string[]) => Promise<number>;

interface CommandEntry {
  name: string;
  usage: string;
  summary: string;
  load: () => Promise<{ main: CommandMain }>;
}

const COMMANDS: CommandEntry[] = [
  { name: 'check', usage: 'check FILE…', summary: 'check scenario files; print file:line:col: severity: message; exit 2 on errors', load: () => import('./check') },
  { name: 'run', usage: 'run FILE [--json] [--until T] [--seed N] [--events N]', summary: 'run a scenario in the simulated kernel; exit 1 when an expectation fails, 2 on errors', load: () => import('./run') },
];

/** Exit status for bad usage and for files with errors. */
export const EXIT_ERROR = 2;

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    `netscenario ${version} — reproduce and diagnose Linux socket problems`,
    '',
    'Usage: netscenario COMMAND [ARGS…]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --help, -h     show this help',
    '  --version, -v  print the version',
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(usage());
    return first === undefined ? EXIT_ERROR : 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === first);
  if (!cmd) {
    process.stderr.write(`netscenario: unknown command '${first}'\n\n${usage()}`);
    return EXIT_ERROR;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`Usage: netscenario ${cmd.usage}\n\n${cmd.summary}\n`);
    return 0;
  }
  return (await cmd.load()).main(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A bug must still end in one readable line, never a stack trace.
    process.stderr.write(`netscenario: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = EXIT_ERROR;
  },
);
