// Custom LSP messages between the extension and the language server, typed once here so both
// sides agree. Everything crossing the wire is plain JSON (no Infinity, no Maps). The message
// descriptors are plain objects, not vscode-jsonrpc RequestTypes: the client and server libraries
// each bundle their own vscode-jsonrpc version, whose classes do not mix.
import type { KernelProfile, Range } from '../dsl/model';

export interface AnalysisParams {
  /** Document URI as the client knows it (file: or untitled:). */
  uri: string;
}

export interface AppSummary {
  name: string;
  /** `listen tcp 8080`, `udp bind 5000`, `connect tcp server:8080 ×25` … one line each. */
  sockets: string[];
  range: Range;
}

export interface HostSummary {
  name: string;
  addresses: string[];
  /** Sysctls the scenario sets, with the value it sets. */
  overrides: Record<string, number | number[]>;
  apps: AppSummary[];
  range: Range;
}

export interface ScenarioSummary {
  name: string;
  kernel: KernelProfile;
  durationUs: number;
  seed: number;
  sampleUs: number;
  hosts: HostSummary[];
  links: number;
  nats: number;
  drops: number;
  events: number;
  expects: number;
}

export interface AnalysisResult {
  uri: string;
  /** Version of the document that was analysed (null for a file the server read from disk). */
  version: number | null;
  errors: number;
  warnings: number;
  /** The checked scenario, or null while the document has errors the checker cannot get past. */
  scenario: ScenarioSummary | null;
}

/** A method name with its parameter and result types (`params`/`result` are never set: types only). */
export interface RequestSpec<P, R> {
  readonly method: string;
  readonly params?: P;
  readonly result?: R;
}
export type ParamsOf<T> = T extends { params?: infer P } ? P : never;
export type ResultOf<T> = T extends { result?: infer R } ? R : never;

/** `netscenario/analysis`: the summary of the checked scenario in a document (the run panel uses it). */
export const AnalysisRequest: RequestSpec<AnalysisParams, AnalysisResult> = { method: 'netscenario/analysis' };
