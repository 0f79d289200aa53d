import type { Flow } from './flow';
import { CLOSED_FLOW_LINGER_SECONDS, FLOW_IDLE_SECONDS, MAX_OPEN_FLOWS } from './limits';
import { secondsBetween, type CaptureTime } from './timestamp';

/** The links a flow carries for the table's activity lists. */
export interface ListedFlow {
  older?: Flow;
  newer?: Flow;
  list?: ActivityList;
}

/**
 * Flows in order of last activity, oldest first, as a doubly linked list. A Map re-inserted on every packet would
 * keep the order too, but V8's Map iterators step over every deleted slot, which makes "the oldest" cost O(flows)
 * under eviction; the list keeps both moves O(1).
 */
class ActivityList {
  oldest?: Flow;
  newest?: Flow;

  append(flow: Flow): void {
    flow.list = this;
    flow.older = this.newest;
    flow.newer = undefined;
    if (this.newest) this.newest.newer = flow;
    else this.oldest = flow;
    this.newest = flow;
  }

  unlink(flow: Flow): void {
    if (flow.older) flow.older.newer = flow.newer;
    else this.oldest = flow.newer;
    if (flow.newer) flow.newer.older = flow.older;
    else this.newest = flow.older;
    flow.older = flow.newer = flow.list = undefined;
  }
}

/**
 * The conversations in progress, by key, and in two activity lists: open flows, and ended TCP flows waiting out
 * their shorter linger. Expiry and eviction only ever look at the oldest ends.
 */
export class FlowTable {
  private byKey = new Map<string, Flow>();
  private open = new ActivityList();
  private ending = new ActivityList();

  constructor(private readonly maxFlows = MAX_OPEN_FLOWS) {}

  get(key: string): Flow | undefined {
    return this.byKey.get(key);
  }

  /** Records activity on `flow` (new or known); returns the flows evicted to stay within the limit. */
  touch(flow: Flow): Flow[] {
    if (flow.list) flow.list.unlink(flow);
    else this.byKey.set(flow.key, flow);
    (flow.ended ? this.ending : this.open).append(flow);
    if (this.byKey.size <= this.maxFlows) return NONE;
    const evicted: Flow[] = [];
    while (this.byKey.size > this.maxFlows) {
      // Ended flows go first (they only wait for stragglers), then the least recently active open one.
      const oldest = this.ending.oldest ?? this.open.oldest;
      if (!oldest) break;
      this.remove(oldest);
      evicted.push(oldest);
    }
    return evicted;
  }

  /** Flows silent past their timeout at capture time `now`. */
  expire(now: CaptureTime): Flow[] {
    let expired: Flow[] = NONE;
    for (const [list, timeout] of [[this.ending, CLOSED_FLOW_LINGER_SECONDS], [this.open, FLOW_IDLE_SECONDS]] as const) {
      for (let flow = list.oldest; flow; flow = list.oldest) {
        const last = flow.last.time;
        // A flow without time (Simple Packet Blocks) never times out; it waits for eviction or the end of the file.
        if (last === null || secondsBetween(last, now) <= timeout) break;
        this.remove(flow);
        if (expired === NONE) expired = [];
        expired.push(flow);
      }
    }
    return expired;
  }

  /** Everything left, at the end of the file. */
  drain(): Flow[] {
    const all = [...this.byKey.values()];
    for (const flow of all) this.remove(flow);
    return all;
  }

  private remove(flow: Flow): void {
    flow.list?.unlink(flow);
    this.byKey.delete(flow.key);
  }
}

const NONE: Flow[] = [];
