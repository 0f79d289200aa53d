import type { EventFields } from '../../../../events';

/**
 * MS-SMB2 2.2.42 SMB2 COMPRESSION_TRANSFORM_HEADER (`\xFCSMB`, SMB 3.1.1): OriginalCompressedSegmentSize (4),
 * CompressionAlgorithm (2), Flags (2), Offset (4), then the compressed data. Unchained (Flags 0), the decompressed
 * message is Offset bytes copied as they are plus the decompressed rest, so Offset cannot exceed the data and
 * Offset + OriginalCompressedSegmentSize must fit 32 bits; CVE-2020-0796 (SMBGhost) overflows exactly that sum.
 */
const TRANSFORM_HEADER_BYTES = 16;
const FLAG_CHAINED = 0x0001;

export interface CompressionTransform {
  invalid: boolean;
  fields: EventFields;
}

export function compressionTransform(message: Uint8Array): CompressionTransform {
  if (message.length < TRANSFORM_HEADER_BYTES) return { invalid: false, fields: {} };
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const originalSize = view.getUint32(4, true);
  const algorithm = view.getUint16(8, true);
  const flags = view.getUint16(10, true);
  const offset = view.getUint32(12, true);
  const compressedBytes = message.length - TRANSFORM_HEADER_BYTES;
  const invalid = (flags & FLAG_CHAINED) === 0 && (offset > compressedBytes || originalSize + offset > 0xffffffff);
  return {
    invalid,
    fields: { compression_original_size: originalSize, compression_offset: offset, compression_algorithm: algorithm, compressed_bytes: compressedBytes },
  };
}
