// POSTs of OTLP requests over one undici Agent (keep-alive, timeouts), gzip when configured. Headers are
// passed in per request and never logged: they carry API keys.
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { Agent, request } from 'undici';

const gzip = promisify(gzipCallback);
/** Bound of the response body we keep: enough for a partial-success message or an error status. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Retry-After in ms: delay-seconds or an HTTP date (RFC 9110, section 10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export interface OtlpHttpResult {
  status: number;
  contentType: string;
  retryAfterMs?: number;
  body: Uint8Array;
}

export class OtlpHttp {
  private readonly agent: Agent;

  constructor(private readonly timeoutMs: number, private readonly compress: boolean) {
    this.agent = new Agent({ connections: 4, keepAliveTimeout: 30_000, connectTimeout: timeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  async post(url: string, headers: Record<string, string>, payload: Uint8Array): Promise<OtlpHttpResult> {
    const body = this.compress ? await gzip(payload) : payload;
    const res = await request(url, { method: 'POST', headers, body, dispatcher: this.agent, signal: AbortSignal.timeout(this.timeoutMs) });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const part of res.body) {
      const chunk = Buffer.from(part as Uint8Array);
      if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
      size += chunk.length;
    }
    const type = res.headers['content-type'];
    return {
      status: res.statusCode,
      contentType: (Array.isArray(type) ? type[0] : type) ?? '',
      retryAfterMs: retryAfterMs(res.headers['retry-after'], Date.now()),
      body: Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES),
    };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
