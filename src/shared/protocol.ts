// Custom LSP messages between the extension and the language server, typed once here so both
// sides agree. Everything crossing the wire is plain JSON (no Infinity, no Maps).
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
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

/** `netscenario/analysis`: the summary of the checked scenario in a document (the run panel uses it). */
export const AnalysisRequest = new RequestType<AnalysisParams, AnalysisResult, void>('netscenario/analysis');

/** `netscenario/analyzed`: sent after each (debounced) re-check of an open document. */
export const AnalyzedNotification = new NotificationType<AnalysisResult>('netscenario/analyzed');
