// UTF-8 decoding of one datagram, as Butler SOS's `Buffer.toString()` (docs/inputs.md#parsing-rules-worth-knowing):
// invalid sequences become U+FFFD, never an exception. The bytes usually are a view into the SharedArrayBuffer ring.
import { Buffer } from 'node:buffer';

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

// The WHATWG spec allows shared buffers in TextDecoder.decode, but a runtime that refuses them would throw on
// every datagram; find out once and fall back to Buffer (native, also fast for ASCII) if so.
const decoderTakesShared = ((): boolean => {
  try {
    decoder.decode(new Uint8Array(new SharedArrayBuffer(1)));
    return true;
  } catch {
    return false;
  }
})();

export function decodeDatagram(bytes: Uint8Array): string {
  if (bytes.byteLength === 0) return '';
  if (decoderTakesShared) return decoder.decode(bytes);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
