import type { AppIssue, FlowEndpoints } from '../segment';
import { positiveLimit } from '../../../limits';
import { MAX_APP_BUFFER_BYTES } from './limits';

/**
 * One file's budget for the storage of its application buffers (MAX_APP_BUFFER_BYTES), and each conversation's
 * share of it.
 *
 * Buffers are created and dropped deep inside the protocol modules, on paths the composite cannot see (a module's
 * own bounded map evicting, a conversation given up after a gap). So the budget is not handed to them: the
 * composite makes a conversation's account the *current* one around each synchronous call it makes for that
 * conversation, a buffer that grows charges the current account and remembers it, and when the composite stops
 * owning the conversation it releases the account, returning its bytes whatever the module does with its buffers
 * later. A released account is dead: a buffer letting go of storage charged to it returns nothing, so no byte is
 * returned twice, and no byte stays charged for a buffer a module dropped without a word.
 */

/** Storage charged to one conversation while the composite owns it. */
export class BufferAccount {
  bytes = 0;
  live = true;

  constructor(readonly ledger: BufferLedger) {}
}

const describeFlow = (flow: FlowEndpoints): string => `${flow.proto} ${flow.srcIp}:${flow.srcPort} -> ${flow.dstIp}:${flow.dstPort}`;

export class BufferLedger {
  readonly budget: number;
  /** Storage bytes charged to live accounts. */
  held = 0;
  /** The most `held` has been, for tests and measurements. */
  peak = 0;
  /** Growths refused because they would have taken `held` past `budget`. */
  refusals = 0;
  private lastRefusalOffset = 0;
  private issues: AppIssue[] = [];

  /** `budget` falls back to MAX_APP_BUFFER_BYTES when absent, 0, negative or NaN: nothing switches the budget off. */
  constructor(budget?: number) {
    this.budget = positiveLimit(budget, MAX_APP_BUFFER_BYTES);
  }

  open(): BufferAccount {
    return new BufferAccount(this);
  }

  /** The composite no longer owns the account's conversation: its bytes go back to the file, once. */
  release(account: BufferAccount): void {
    if (!account.live) return;
    this.held -= account.bytes;
    account.bytes = 0;
    account.live = false;
  }

  /**
   * Called by the composite after a call it made for a conversation, with `refusals` as it was before the call. The
   * first refusal of the file becomes an issue at once; later ones are only counted, so a hostile capture that
   * keeps the budget exhausted costs two issues, not one per packet.
   */
  noteRefusals(refusalsBefore: number, offset: number, flow: FlowEndpoints): void {
    if (this.refusals === refusalsBefore) return;
    this.lastRefusalOffset = offset;
    if (refusalsBefore > 0) return;
    this.issues.push({
      offset,
      reason: `application buffers of this file reached their budget of ${this.budget} bytes (MAX_APP_BUFFER_BYTES): the partial message held for ${describeFlow(flow)} was dropped, and partial messages that need more room are dropped too until conversations end and release theirs`,
    });
  }

  /** End of file: how many refusals followed the first one, if any did. */
  noteFinish(): void {
    if (this.refusals <= 1) return;
    this.issues.push({
      offset: this.lastRefusalOffset,
      reason: `${this.refusals - 1} more application buffer growths were refused after the first for the file budget of ${this.budget} bytes (MAX_APP_BUFFER_BYTES); this is the last of them`,
    });
  }

  takeIssues(): readonly AppIssue[] {
    if (this.issues.length === 0) return NO_ISSUES;
    const taken = this.issues;
    this.issues = [];
    return taken;
  }
}

const NO_ISSUES: readonly AppIssue[] = Object.freeze([]);

/** The account charged by buffers that grow now; set only during the composite's calls for one conversation. */
let current: BufferAccount | undefined;

/**
 * Runs a synchronous call for the conversation of `account`, charging it for every buffer that grows meanwhile. The
 * previous account is restored even when the call throws; no other file's parse can run in between, as the call
 * does not yield.
 */
export function chargingTo<T>(account: BufferAccount, call: () => T): T {
  const outer = current;
  current = account;
  try {
    return call();
  } finally {
    current = outer;
  }
}

/** What one growable storage (a StreamBuffer's array) holds of its file's budget: the account it charged, how much. */
export class StorageCharge {
  private account: BufferAccount | undefined;
  private bytes = 0;

  /**
   * The storage is replaced by one of `bytes` (0: let go): the old size goes back to the account that paid it while
   * that account is live, and the new size is charged to the current account, if any (growth outside the
   * composite's calls is not charged). Returns false, changing nothing, when the charge would take the file past
   * its budget.
   */
  resize(bytes: number): boolean {
    const payer = current;
    const previous = this.account;
    const refundable = previous !== undefined && previous.live ? this.bytes : 0;
    if (payer !== undefined && bytes > 0) {
      const ledger = payer.ledger;
      const returned = previous?.ledger === ledger ? refundable : 0;
      if (ledger.held - returned + bytes > ledger.budget) {
        ledger.refusals++;
        return false;
      }
    }
    if (refundable > 0) {
      const account = previous as BufferAccount;
      account.bytes -= refundable;
      account.ledger.held -= refundable;
    }
    this.account = undefined;
    this.bytes = 0;
    if (payer !== undefined && bytes > 0) {
      const ledger = payer.ledger;
      payer.bytes += bytes;
      ledger.held += bytes;
      if (ledger.held > ledger.peak) ledger.peak = ledger.held;
      this.account = payer;
      this.bytes = bytes;
    }
    return true;
  }

  /**
   * True when the storage is charged and its file holds more than half its budget. An empty buffer then lets go of
   * even the small storage it would keep for its next message: thousands of idle conversations (closed ones linger
   * for minutes before the decoder releases them) must not crowd out the partial messages the budget is for.
   */
  get budgetTight(): boolean {
    const account = this.account;
    return account !== undefined && account.live && account.ledger.held * 2 > account.ledger.budget;
  }
}
