import type { AppDissector, AppEvent, AppIssue, ArpPacket, FlowEndpoints, ProtocolModule, StreamPayload } from '../segment';
import { ArpTracker } from './arp';
import { BufferLedger, chargingTo, type BufferAccount } from './buffer-ledger';
import { putBounded } from './flow';
import { MAX_CLAIM_ATTEMPTS, MAX_TRACKED_FLOWS } from './limits';

/**
 * A module that can tell its protocol from the bytes alone. The composite asks every module's content test before
 * any module's port test, so HTTP on port 53 or TLS on port 8080 goes to the right dissector.
 */
export interface ContentAwareModule extends ProtocolModule {
  claimsByContent(first: Uint8Array, flow: FlowEndpoints, fromInitiator: boolean): boolean;
}

interface ClaimedFlow {
  module: ProtocolModule;
  dissector: AppDissector;
  /** The conversation's share of the file's buffer budget, released when the composite stops owning it. */
  account: BufferAccount;
}

interface UnclaimedFlow {
  attempts: number;
}

type FlowOwner = ClaimedFlow | UnclaimedFlow;

const isClaimed = (owner: FlowOwner): owner is ClaimedFlow => 'module' in owner;

function contentTest(module: ProtocolModule): ProtocolModule['claims'] {
  const aware = module as Partial<ContentAwareModule>;
  return typeof aware.claimsByContent === 'function' ? aware.claimsByContent.bind(module) : module.claims.bind(module);
}

export interface CompositeOptions {
  /** The file's buffer budget (MAX_APP_BUFFER_BYTES unless a test lowers it). */
  bufferBytes?: number;
}

export interface CompositeDissector extends AppDissector {
  /** The file's buffer budget and what its conversations hold of it. */
  readonly buffers: BufferLedger;
  /** The buffer budget's issues: its first refusal, and at the end of the file the count of later ones. */
  takeIssues(): readonly AppIssue[];
}

/**
 * The per-file dissector the capture decoder talks to: gives each conversation to the first module that claims it
 * (content tests first, then port tests, in module order), then feeds that module the conversation's payloads.
 * A module that throws on a payload loses the conversation, not the file: the error goes on to the decoder, which
 * reports it as an issue with the packet's offset, so a dissector bug or a message it refused is never silent.
 * Every buffer a module grows while fed a conversation is charged to that conversation's account in the file's
 * buffer budget (buffer-ledger.ts); the account is released whenever the conversation stops being owned here.
 */
export function createCompositeDissector(modules: readonly ProtocolModule[], options: CompositeOptions = {}): CompositeDissector {
  const buffers = new BufferLedger(options.bufferBytes);
  const dissectors = new Map<ProtocolModule, AppDissector>();
  const owners = new Map<string, FlowOwner>();
  // Service names outlive the conversation state: the decoder may write a conversation's conn record after closing it.
  const services = new Map<string, string>();
  const arp = new ArpTracker();
  /** Records of conversations evicted during a call that then threw: handed out by the next call. */
  let carried: AppEvent[] = [];
  const withCarried = (events: AppEvent[]): AppEvent[] => {
    if (carried.length === 0) return events;
    const all = [...carried, ...events];
    carried = [];
    return all;
  };

  const noteService = (flowKey: string, owner: ClaimedFlow): string => {
    const name = safely(() => owner.dissector.serviceOf(flowKey), undefined) ?? owner.module.name;
    putBounded(services, flowKey, name, MAX_TRACKED_FLOWS);
    return name;
  };

  const dissectorOf = (module: ProtocolModule): AppDissector => {
    let dissector = dissectors.get(module);
    if (!dissector) {
      dissector = module.create();
      dissectors.set(module, dissector);
    }
    return dissector;
  };

  const choose = (chunk: StreamPayload): ProtocolModule | undefined => {
    const { payload, flow, fromInitiator } = chunk;
    for (const module of modules) if (safely(() => contentTest(module)(payload, flow, fromInitiator), false)) return module;
    for (const module of modules) if (safely(() => module.claims(payload, flow, fromInitiator), false)) return module;
    return undefined;
  };

  /** Forgets a conversation; returns what its module still had complete enough to report. */
  const release = (flowKey: string): AppEvent[] => {
    const owner = owners.get(flowKey);
    owners.delete(flowKey);
    if (!owner || !isClaimed(owner)) return [];
    buffers.release(owner.account);
    noteService(flowKey, owner);
    return safely(() => owner.dissector.closeFlow(flowKey), []);
  };

  const remember = (flowKey: string, owner: FlowOwner): void => {
    if (!owners.has(flowKey) && owners.size >= MAX_TRACKED_FLOWS) {
      const oldest = owners.keys().next().value;
      if (oldest !== undefined) carried.push(...release(oldest));
    }
    owners.set(flowKey, owner);
  };

  /**
   * Feeds a claimed conversation; when its module throws, the conversation is given up and the error passed on.
   * The module is told the conversation is closed, so the state it keeps for it goes too: the composite no longer
   * owns the conversation for the module and would otherwise never release it.
   */
  const feed = (chunk: StreamPayload, claimed: ClaimedFlow): AppEvent[] => {
    const refusalsBefore = buffers.refusals;
    try {
      return withCarried(chargingTo(claimed.account, () => claimed.dissector.payload(chunk)));
    } catch (thrown) {
      buffers.release(claimed.account);
      owners.set(chunk.flowKey, { attempts: MAX_CLAIM_ATTEMPTS });
      carried.push(...safely(() => claimed.dissector.closeFlow(chunk.flowKey), []));
      throw thrown;
    } finally {
      buffers.noteRefusals(refusalsBefore, chunk.packet.offset, chunk.flow);
    }
  };

  return {
    buffers,
    payload(chunk) {
      const owner = owners.get(chunk.flowKey);
      if (owner && isClaimed(owner)) return feed(chunk, owner);
      if (chunk.payload.length === 0) return withCarried([]);
      const attempts = owner ? owner.attempts : 0;
      if (attempts >= MAX_CLAIM_ATTEMPTS) return withCarried([]);
      const module = choose(chunk);
      if (!module) {
        remember(chunk.flowKey, { attempts: attempts + 1 });
        return withCarried([]);
      }
      const claimed: ClaimedFlow = { module, dissector: dissectorOf(module), account: buffers.open() };
      remember(chunk.flowKey, claimed);
      noteService(chunk.flowKey, claimed);
      return feed(chunk, claimed);
    },
    arp(packet: ArpPacket) {
      return withCarried(arp.observe(packet));
    },
    closeFlow(flowKey) {
      return withCarried(release(flowKey));
    },
    finish() {
      const events: AppEvent[] = withCarried([]);
      for (const [flowKey, owner] of owners) {
        if (!isClaimed(owner)) continue;
        noteService(flowKey, owner);
        buffers.release(owner.account);
      }
      for (const dissector of dissectors.values()) events.push(...safely(() => dissector.finish(), []));
      owners.clear();
      buffers.noteFinish();
      return events;
    },
    takeIssues() {
      return buffers.takeIssues();
    },
    serviceOf(flowKey) {
      const owner = owners.get(flowKey);
      return owner && isClaimed(owner) ? noteService(flowKey, owner) : services.get(flowKey);
    },
  };
}

function safely<T, F>(run: () => T, fallback: F): T | F {
  try {
    return run();
  } catch {
    return fallback;
  }
}
