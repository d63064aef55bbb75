// The words the language itself defines: keywords, value words, kernel profiles, sysctl and
// counter names. The lexer seeds its word table with these very strings, which are literals in
// the source and so internalised by V8: the checker's many `text === 'host'` tests and keyword
// lookups then compare pointers instead of characters.
import { SYSCTLS } from './catalogue/sysctls';
import { COUNTERS } from './catalogue/counters';
import { APP_METRICS, CONNECTION_FIELDS, ERRNOS, EVENT_ACTIONS, KEYWORDS, OUTCOMES, PACKET_KINDS, SOCKET_STATES } from './keywords';
import { KERNEL_PROFILES } from './model';
import { UNIT_SPELLINGS } from './units';

/** Words the checker compares with that no table above lists. */
const OTHER_WORDS = ['tcp', 'udp', 'bind', 'send', 'all', 'off', 'none', 'and', 'true', 'false', 'at'] as const;

export const VOCABULARY: readonly string[] = [
  ...KEYWORDS.map((k) => k.name),
  ...KEYWORDS.flatMap((k) => k.values ?? []),
  ...PACKET_KINDS,
  ...APP_METRICS,
  ...CONNECTION_FIELDS,
  ...OUTCOMES,
  ...ERRNOS,
  ...SOCKET_STATES,
  ...EVENT_ACTIONS,
  ...KERNEL_PROFILES,
  ...OTHER_WORDS,
  ...SYSCTLS.map((s) => s.name),
  ...COUNTERS.map((c) => c.name),
  ...UNIT_SPELLINGS,
];
