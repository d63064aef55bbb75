// Texts the packet log repeats: each end's `addr:port` and the label of the connection. A run logs
// its first 10,000 packet events, and building these texts anew for each was most of what the
// first milliseconds of a run allocated (about 200 of 400 bytes an event, in intermediate and
// final strings); the nine packets of a connection share them. The caches are direct-mapped, so
// they stay small however many events an event filter is shown.
import type { ConnRecord } from './conntable';

/** Entries of each cache (a power of two). */
const SIZE = 4096;

export class LogTexts {
  /** The `addrId * 65536 + port` of each cached endpoint text, or -1. */
  private readonly endpointKey = new Float64Array(SIZE).fill(-1);
  private readonly endpoints: string[] = new Array<string>(SIZE).fill('');
  /** The connection id of each cached label, or -1. */
  private readonly labelId = new Int32Array(SIZE).fill(-1);
  private readonly labels: string[] = new Array<string>(SIZE).fill('');

  /** `addr:port`, where `addrId` is the AddressIds number of `addr`. */
  endpoint(addr: string, addrId: number, port: number): string {
    const key = addrId * 65536 + port;
    const i = (Math.imul(addrId + 1, 0x9e3779b1) ^ port) & (SIZE - 1);
    if (this.endpointKey[i] !== key) {
      this.endpointKey[i] = key;
      this.endpoints[i] = `${addr}:${port}`;
    }
    return this.endpoints[i];
  }

  /** The connection's `host/app#index`. */
  label(rec: ConnRecord): string {
    const i = rec.id & (SIZE - 1);
    if (this.labelId[i] !== rec.id) {
      this.labelId[i] = rec.id;
      this.labels[i] = rec.label;
    }
    return this.labels[i];
  }
}
