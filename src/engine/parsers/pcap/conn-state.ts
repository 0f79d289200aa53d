import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from './packet';

/** Zeek's TCP endpoint states (analyzer/protocol/tcp/TCP_Endpoint.h), which conn_state is derived from. */
export const enum Endpoint {
  Inactive,
  SynSent,
  SynAckSent,
  Partial,
  Established,
  Closed,
  Reset,
}

/** History groups (Zeek's HIST_* masks): S and H share one, as do the letters Zeek records once per direction. */
export const enum HistoryGroup {
  Syn = 1,
  Fin = 2,
  Rst = 4,
  Ack = 8,
  Data = 16,
  FinRst = 32,
  MultiFlag = 64,
}

/** Groups whose letter Zeek records again when it comes with a different sequence number (a new SYN, FIN or RST). */
const MARKED_GROUPS = [HistoryGroup.Syn, HistoryGroup.Fin, HistoryGroup.Rst];

/**
 * The history letters of Zeek's conn.log: upper case from the originator, lower case from the responder. A group's
 * letter is recorded the first time the group is seen in a direction (Connection::CheckHistory); S/H, F and R again
 * for a new sequence number; C, G, T and W again each time their count reaches 10, 100, 1000 ... (Zeek's `history`
 * documentation).
 */
export class History {
  text = '';
  private seen = 0;
  private markers: number[] | undefined;
  private counts: Record<string, number> | undefined;

  /** Records `letter` for `group` unless the group was seen before; returns whether it had been. */
  check(group: HistoryGroup, letter: string, fromOriginator: boolean): boolean {
    const mask = fromOriginator ? group : group << 16;
    if (this.seen & mask) return true;
    this.seen |= mask;
    this.text += directed(letter, fromOriginator);
    return false;
  }

  /** A SYN, FIN or RST: recorded again when `marker` (its sequence number) differs from the group's last one. */
  checkMarked(group: HistoryGroup, letter: string, fromOriginator: boolean, marker: number): void {
    const slot = MARKED_GROUPS.indexOf(group) * 2 + (fromOriginator ? 0 : 1);
    const markers = (this.markers ??= new Array<number>(MARKED_GROUPS.length * 2).fill(Number.NaN));
    if (this.check(group, letter, fromOriginator) && markers[slot] !== marker) this.text += directed(letter, fromOriginator);
    markers[slot] = marker;
  }

  /** C, G, T, W: recorded at the 1st, 10th, 100th ... occurrence in a direction. */
  count(letter: string, fromOriginator: boolean): void {
    const code = directed(letter, fromOriginator);
    const counts = (this.counts ??= {});
    const count = (counts[code] ?? 0) + 1;
    counts[code] = count;
    if (isPowerOfTen(count)) this.text += code;
  }
}

/** Upper case from the originator, lower case from the responder. */
function directed(letter: string, fromOriginator: boolean): string {
  return fromOriginator ? letter : letter.toLowerCase();
}

function isPowerOfTen(count: number): boolean {
  for (let power = 1; power <= count; power *= 10) if (power === count) return true;
  return false;
}

/**
 * The TCP state of both endpoints of one conversation, moved by each segment as Zeek's TCP analyzer moves them
 * (TCP_Analyzer::UpdateStateMachine and its Update*State functions; the SYN/SYN-ACK role flip is left out, since the
 * initiator here is always the first packet's source).
 */
export class TcpConnState {
  orig = Endpoint.Inactive;
  resp = Endpoint.Inactive;
  private origBefore = Endpoint.Inactive;
  private respBefore = Endpoint.Inactive;

  segment(fromOriginator: boolean, flags: number, payloadLength: number): void {
    const syn = (flags & TCP_SYN) !== 0;
    const ack = (flags & TCP_ACK) !== 0;
    const fin = (flags & TCP_FIN) !== 0;
    const rst = (flags & TCP_RST) !== 0;
    const self = this.get(fromOriginator);
    const peer = this.get(!fromOriginator);
    switch (self) {
      case Endpoint.Inactive:
        if (syn) {
          if (fromOriginator) this.set(true, ack ? Endpoint.SynAckSent : Endpoint.SynSent);
          else {
            if (peer === Endpoint.SynSent) this.set(true, Endpoint.Established);
            this.set(false, Endpoint.Established);
          }
        }
        if (fin) this.set(fromOriginator, Endpoint.Closed);
        if (rst) this.set(fromOriginator, Endpoint.Reset);
        if (this.get(fromOriginator) === Endpoint.Inactive) {
          // Some stacks acknowledge a SYN before answering it: that ACK does not make a partial connection.
          if (!fromOriginator && payloadLength === 0 && this.orig === Endpoint.SynSent) break;
          // A SYN-ACK then an ACK: the SYN was missed, the connection is established all the same.
          this.set(fromOriginator, ack && peer === Endpoint.Established ? Endpoint.Established : Endpoint.Partial);
        }
        break;
      case Endpoint.SynSent:
      case Endpoint.SynAckSent:
        if (fin) this.set(fromOriginator, Endpoint.Closed);
        if (rst) this.set(fromOriginator, Endpoint.Reset);
        break;
      case Endpoint.Established:
      case Endpoint.Partial:
        if (syn && self === Endpoint.Partial && peer === Endpoint.Inactive && !ack) this.set(fromOriginator, Endpoint.SynSent);
        if (fin && !rst) {
          this.set(fromOriginator, Endpoint.Closed);
          // The peer sent a FIN and then a RST: that was a normal close after all.
          if (peer === Endpoint.Reset && this.before(!fromOriginator) === Endpoint.Closed) this.set(!fromOriginator, Endpoint.Closed);
        }
        if (rst) this.set(fromOriginator, Endpoint.Reset);
        break;
      case Endpoint.Closed:
        if (rst && peer !== Endpoint.Closed) this.set(fromOriginator, Endpoint.Reset);
        break;
      case Endpoint.Reset:
        break;
    }
  }

  /** Both sides closed or either reset: the conversation is over. */
  get ended(): boolean {
    return this.orig === Endpoint.Reset || this.resp === Endpoint.Reset || (this.orig === Endpoint.Closed && this.resp === Endpoint.Closed);
  }

  private get(originator: boolean): Endpoint {
    return originator ? this.orig : this.resp;
  }

  private before(originator: boolean): Endpoint {
    return originator ? this.origBefore : this.respBefore;
  }

  private set(originator: boolean, state: Endpoint): void {
    if (originator) {
      if (this.orig !== state) this.origBefore = this.orig;
      this.orig = state;
    } else {
      if (this.resp !== state) this.respBefore = this.resp;
      this.resp = state;
    }
  }
}

const inactive = (state: Endpoint): boolean => state === Endpoint.Inactive || state === Endpoint.Partial;

/** Zeek's `conn_state` (base/protocols/conn/main.zeek, function conn_state) for a TCP conversation. */
export function tcpConnState(state: TcpConnState, history: string, origPayload: number, respPayload: number): string {
  const os = state.orig;
  const rs = state.resp;
  if (rs === Endpoint.Reset) {
    if (os === Endpoint.SynSent || os === Endpoint.SynAckSent || (os === Endpoint.Reset && origPayload === 0 && respPayload === 0)) return 'REJ';
    return inactive(os) ? 'RSTRH' : 'RSTR';
  }
  if (os === Endpoint.Reset) {
    if (inactive(rs)) return /^\^?S[^HAFGIQ]*R/.test(history) ? 'RSTOS0' : 'OTH';
    return 'RSTO';
  }
  if (rs === Endpoint.Closed && os === Endpoint.Closed) return 'SF';
  if (os === Endpoint.Closed) return inactive(rs) ? 'SH' : 'S2';
  if (rs === Endpoint.Closed) return inactive(os) ? 'SHR' : 'S3';
  if (os === Endpoint.SynSent && rs === Endpoint.Inactive) return 'S0';
  if (os === Endpoint.Established && rs === Endpoint.Established) return 'S1';
  return 'OTH';
}

/** Zeek's `conn_state` for UDP: the originator always spoke; SF when the responder answered, S0 when not. */
export function udpConnState(responderSpoke: boolean): string {
  return responderSpoke ? 'SF' : 'S0';
}

/** The history letters one TCP segment adds (Zeek's update_history and update_window, TCP.cc). */
export function tcpHistoryLetters(history: History, state: TcpConnState, fromOriginator: boolean, segment: TcpSegment, retransmission: boolean): void {
  const { flags, seq, payloadLength, window } = segment;
  const syn = (flags & TCP_SYN) !== 0;
  const fin = (flags & TCP_FIN) !== 0;
  const rst = (flags & TCP_RST) !== 0;
  const controls = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
  if (controls > 1) {
    if (fin && rst) history.check(HistoryGroup.FinRst, 'I', fromOriginator);
    else history.check(HistoryGroup.MultiFlag, 'Q', fromOriginator);
  } else if (syn) {
    history.checkMarked(HistoryGroup.Syn, flags & TCP_ACK ? 'H' : 'S', fromOriginator, seq);
  } else if (fin) {
    // A FIN's sequence number comes after the data it carries.
    history.checkMarked(HistoryGroup.Fin, 'F', fromOriginator, (seq + payloadLength) >>> 0);
  } else if (rst) {
    history.checkMarked(HistoryGroup.Rst, 'R', fromOriginator, seq);
  } else if (payloadLength > 0) {
    history.check(HistoryGroup.Data, 'D', fromOriginator);
  } else if (flags & TCP_ACK) {
    history.check(HistoryGroup.Ack, 'A', fromOriginator);
  }
  if (retransmission) history.count('T', fromOriginator);
  // Zero windows matter unless they come with or after a RST, or after the peer's FIN.
  const self = fromOriginator ? state.orig : state.resp;
  const peer = fromOriginator ? state.resp : state.orig;
  if (window === 0 && !rst && peer !== Endpoint.Closed && self !== Endpoint.Reset) history.count('W', fromOriginator);
}
