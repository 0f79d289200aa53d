import { latin1 } from '../stream-buffer';

/** What ssl.log keeps of a ClientHello or ServerHello (RFC 8446 section 4.1.2/4.1.3, RFC 5246 section 7.4.1). */
export interface Hello {
  type: 'client' | 'server';
  /** legacy_version, replaced by supported_versions (RFC 8446 section 4.2.1) when a server selects TLS 1.3. */
  version: number;
  /** ServerHello: the chosen suite. */
  cipher?: number;
  /** ClientHello: server_name (RFC 6066 section 3). */
  serverName?: string;
  /** ALPN (RFC 7301): the client's offers, or the one protocol the server chose. */
  alpn: string[];
}

export const HANDSHAKE_CLIENT_HELLO = 1;
export const HANDSHAKE_SERVER_HELLO = 2;
const EXTENSION_SERVER_NAME = 0;
const EXTENSION_ALPN = 16;
const EXTENSION_SUPPORTED_VERSIONS = 43;

class Reader {
  constructor(
    private readonly bytes: Uint8Array,
    public at = 0,
    private readonly end = bytes.length,
  ) {}
  has(count: number): boolean {
    return this.at + count <= this.end;
  }
  u8(): number {
    if (!this.has(1)) throw new RangeError('truncated');
    return this.bytes[this.at++];
  }
  u16(): number {
    return (this.u8() << 8) | this.u8();
  }
  /** A length-prefixed vector, returned as a reader over its contents. */
  vector(lengthBytes: 1 | 2): Reader {
    const length = lengthBytes === 1 ? this.u8() : this.u16();
    if (!this.has(length)) throw new RangeError('truncated');
    const inner = new Reader(this.bytes, this.at, this.at + length);
    this.at += length;
    return inner;
  }
  rest(): Uint8Array {
    return this.bytes.subarray(this.at, this.end);
  }
  get remaining(): number {
    return this.end - this.at;
  }
}

function readExtensions(reader: Reader, hello: Hello): void {
  if (reader.remaining < 2) return;
  const extensions = reader.vector(2);
  while (extensions.remaining >= 4) {
    const type = extensions.u16();
    const data = extensions.vector(2);
    if (type === EXTENSION_SERVER_NAME && hello.type === 'client') {
      const list = data.vector(2);
      while (list.remaining >= 3) {
        const nameType = list.u8();
        const name = list.vector(2);
        if (nameType === 0) hello.serverName = latin1(name.rest());
      }
    } else if (type === EXTENSION_ALPN) {
      const list = data.vector(2);
      while (list.remaining >= 1) hello.alpn.push(latin1(list.vector(1).rest()));
    } else if (type === EXTENSION_SUPPORTED_VERSIONS && hello.type === 'server' && data.remaining === 2) {
      hello.version = data.u16();
    }
  }
}

/** Parses the body of a hello handshake message; undefined when it is truncated or malformed. */
export function parseHello(type: number, body: Uint8Array): Hello | undefined {
  try {
    const reader = new Reader(body);
    const hello: Hello = { type: type === HANDSHAKE_CLIENT_HELLO ? 'client' : 'server', version: reader.u16(), alpn: [] };
    reader.at += 32; // random
    reader.vector(1); // legacy_session_id
    if (hello.type === 'client') {
      reader.vector(2); // cipher_suites
      reader.vector(1); // legacy_compression_methods
    } else {
      hello.cipher = reader.u16();
      reader.u8(); // legacy_compression_method
    }
    readExtensions(reader, hello);
    return hello;
  } catch {
    return undefined;
  }
}
