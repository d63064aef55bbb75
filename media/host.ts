// The webview's side of the message channel: requests with ids, replies validated on receipt.
import { isHostToWebview, type HostToWebview, type WebviewToHost } from '../src/shared/webviewMessages';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type Reply = Extract<HostToWebview, { requestId: number }>;

export class Host {
  private readonly api = acquireVsCodeApi();
  private nextId = 1;
  private readonly pending = new Map<number, (m: Reply) => void>();

  constructor(onMessage: (m: HostToWebview) => void) {
    window.addEventListener('message', (e: MessageEvent) => {
      const m: unknown = e.data;
      if (!isHostToWebview(m)) {
        console.warn('netscenario: ignored an invalid message', m);
        return;
      }
      if ('requestId' in m) {
        const resolve = this.pending.get(m.requestId);
        this.pending.delete(m.requestId);
        resolve?.(m);
      } else onMessage(m);
    });
  }

  post(msg: WebviewToHost): void {
    this.api.postMessage(msg);
  }

  /** Sends a request and resolves with its reply (requests to an old run never resolve). */
  request<T extends Reply['type']>(msg: DistributiveOmit<Extract<WebviewToHost, { requestId: number }>, 'requestId'>): Promise<Extract<Reply, { type: T }>> {
    const requestId = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(requestId, resolve as (m: Reply) => void);
      this.post({ ...msg, requestId } as WebviewToHost);
    });
  }

  getState<T>(): T | undefined {
    return (this.api.getState() as T | null) ?? undefined;
  }

  setState(state: unknown): void {
    this.api.setState(state);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
