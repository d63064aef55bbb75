// A re-analysis of a large scenario allocates more than V8's default young generation holds, so a
// scavenge would land inside it and copy the tree and model built so far (on a 10,000-line file
// that pause is a third of the analysis). The server empties the young generation while it is idle
// instead, once the diagnostics are out: the next analysis then starts with room for all it makes.

/** V8's collector as `--expose-gc` installs it (SERVER_EXEC_ARGV passes that flag). */
export type Collector = (options: { type: 'minor' }) => void;

/**
 * Long enough for the diagnostics to leave first; shorter than the default edit debounce (150 ms),
 * so it runs before the next analysis. With a debounce set below it, it runs later and does no harm.
 */
export const IDLE_COLLECTION_DELAY_MS = 20;

/**
 * A function to call after each analysis: it runs one minor collection once the server has been
 * idle for `delayMs`, however many analyses asked. Without a collector (a server started without
 * the flags) it does nothing.
 */
export function idleCollection(collect: Collector | undefined, delayMs = IDLE_COLLECTION_DELAY_MS): () => void {
  if (!collect) return () => {};
  let timer: NodeJS.Timeout | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(() => collect({ type: 'minor' }), delayMs);
    // A pending collection must not keep a server whose client has gone from exiting.
    timer.unref();
  };
}
