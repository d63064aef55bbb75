// Evaluating `expect` lines against the simulation's state, at the end or at their `at` time.
import type { Expectation } from '../dsl/model';
import type { ExpectationResult } from './result';
import type { Sim } from './sim';
import { appMetric, connectionField, formatUs } from './inspect';

const TIME_FIELDS = new Set(['connect_time']);

export function evaluate(sim: Sim, e: Expectation): ExpectationResult {
  const r = (passed: boolean, actual: string): ExpectationResult => ({ line: e.line, text: e.text, passed, actual });
  const s = e.subject;
  const h = sim.hostByName.get(s.host);
  if (!h) return r(false, `no host ${s.host}`);
  if (s.kind === 'counter') {
    const v = h.mib.get(s.counter);
    if (v === undefined) return r(false, `${s.counter} does not exist on ${sim.kernel}`);
    return r(compare(v, e), String(v));
  }
  const app = h.apps.find((a) => a.name === s.app);
  if (!app) return r(false, `no app ${s.host}.${s.app}`);
  if (s.kind === 'app') {
    const v = appMetric(app, s.metric);
    if (v === null) return r(false, `no ${s.metric} for ${s.host}.${s.app}`);
    return r(compare(v, e), String(v));
  }
  const time = TIME_FIELDS.has(s.field);
  if (s.to >= app.conns.length) {
    return r(false, `${s.app} made ${app.conns.length} connection${app.conns.length === 1 ? '' : 's'} by then`);
  }
  const seen: string[] = [];
  for (let i = s.from; i <= s.to; i++) {
    const v = connectionField(app.conns[i], s.field);
    const text = v === null ? 'none' : typeof v === 'number' && time ? formatUs(v) : String(v);
    if (!compare(v, e)) return r(false, s.from === s.to ? text : `${s.app}[${i}].${s.field} = ${text}`);
    if (!seen.includes(text)) seen.push(text);
  }
  return r(true, seen.length <= 3 ? seen.join(', ') : `${seen.length} different values`);
}

function compare(actual: number | string | null, e: Expectation): boolean {
  const want = e.value;
  if (actual === null) return e.op === '!=';
  if (want.kind === 'word') {
    let a = String(actual);
    // accepted == true / false
    if (typeof actual === 'number' && (want.value === 'true' || want.value === 'false')) a = actual ? 'true' : 'false';
    const eq = a.toLowerCase() === want.value.toLowerCase();
    return e.op === '!=' ? !eq : e.op === '==' ? eq : false;
  }
  if (typeof actual !== 'number') return e.op === '!=';
  const b = want.value;
  const tol = e.tolerance;
  switch (e.op) {
    case '==':
      return Math.abs(actual - b) <= tol;
    case '!=':
      return Math.abs(actual - b) > tol;
    case '<':
      return actual < b + tol;
    case '<=':
      return actual <= b + tol;
    case '>':
      return actual > b - tol;
    case '>=':
      return actual >= b - tol;
  }
}
