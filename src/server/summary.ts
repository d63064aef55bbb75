// The `netscenario/analysis` answer: counts and a plain-JSON summary of the checked scenario.
import type { AnalysisResult, ScenarioSummary } from '../shared/protocol';
import type { DocumentAnalysis } from './analysis';
import { appSockets } from './docs';

export function analysisResult(a: DocumentAnalysis): AnalysisResult {
  const count = (severity: string) => a.diagnostics.filter((d) => d.severity === severity).length;
  return { uri: a.uri, version: a.version, errors: count('error'), warnings: count('warning'), scenario: summarize(a) };
}

function summarize(a: DocumentAnalysis): ScenarioSummary | null {
  const s = a.scenario;
  if (!s) return null;
  return {
    name: s.name,
    kernel: s.kernel,
    durationUs: s.durationUs,
    seed: s.seed,
    sampleUs: s.sampleUs,
    hosts: s.hosts.map((h) => ({
      name: h.name,
      addresses: h.addresses,
      overrides: Object.fromEntries(h.overridden.map((n) => [n, h.sysctls[n]])),
      apps: h.apps.map((app) => ({ name: app.name, sockets: appSockets(app), range: app.range })),
      range: h.range,
    })),
    links: s.links.length,
    nats: s.nats.length,
    drops: s.drops.length,
    events: s.events.length,
    expects: s.expects.length,
  };
}
