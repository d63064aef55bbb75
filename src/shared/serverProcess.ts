// How the language server process is started, shared by the extension and the tests/benchmarks
// that spawn dist/server.js, so what is measured is what users run.

/**
 * A 32 MiB young generation from the start: one re-analysis of a 10,000-line scenario allocates
 * about 13 MB and keeps 7 MB (tree and model) alive until the next, and both fit, so no scavenge
 * lands inside an analysis as long as the young generation is empty when it starts. The server
 * empties it while idle (server/idleCollection.ts), with the collector `--expose-gc` gives it.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=32', '--min-semi-space-size=32', '--expose-gc'];
