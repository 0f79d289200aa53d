import type { FlowEndpoints } from '../segment';

/** The conversation's endpoints with the client (the side that sends requests) as the source. */
export function clientFlow(flow: FlowEndpoints, clientIsInitiator: boolean): FlowEndpoints {
  if (clientIsInitiator) return flow;
  return { proto: flow.proto, srcIp: flow.dstIp, srcPort: flow.dstPort, dstIp: flow.srcIp, dstPort: flow.srcPort };
}

export function usesPort(flow: FlowEndpoints, ports: ReadonlySet<number>): boolean {
  return ports.has(flow.srcPort) || ports.has(flow.dstPort);
}

/** Seconds between two ISO timestamps, or undefined when either is missing. */
export function secondsBetween(from: string | null, to: string | null): number | undefined {
  if (!from || !to) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/** A map that forgets its oldest entry when it reaches `max`, handing the forgotten value to `evicted`. */
export function putBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number, evicted?: (value: V) => void): void {
  map.delete(key);
  if (map.size >= max) {
    const oldest = map.entries().next().value;
    if (oldest !== undefined) {
      map.delete(oldest[0]);
      evicted?.(oldest[1]);
    }
  }
  map.set(key, value);
}
