// How the language server process is started, shared by the extension and the tests/benchmarks
// that spawn dist/server.js, so what is measured is what users run.

/**
 * A 32 MiB young generation: one re-analysis of a large scenario allocates a syntax tree and a
 * model that survive it, and with V8's default semi-space they are copied by scavenge after
 * scavenge. Measured on a generated 10,000-line file: parse + check CPU time halves.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=32'];
