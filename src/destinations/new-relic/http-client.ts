// gzip-compressed JSON POSTs to the New Relic Metric and Event APIs over one undici Agent (keep-alive,
// timeouts). Headers are passed in per request and never logged: they carry the Api-Key.
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { Agent, request } from 'undici';

const gzip = promisify(gzipCallback);
const MAX_ERROR_BODY = 2048;

export interface PostResult {
  status: number;
  /** From Retry-After (seconds or an HTTP date), when present. */
  retryAfterMs?: number;
  /** Start of the response body, for error messages. */
  text: string;
}

export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class NewRelicHttp {
  private readonly agent: Agent;

  constructor(private readonly timeoutMs: number) {
    this.agent = new Agent({ connections: 4, keepAliveTimeout: 30_000, connectTimeout: timeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  async post(url: string, headers: Record<string, string>, json: string): Promise<PostResult> {
    const body = await gzip(Buffer.from(json, 'utf8'));
    const res = await request(url, {
      method: 'POST',
      headers,
      body,
      dispatcher: this.agent,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    let text = '';
    for await (const part of res.body) {
      if (text.length < MAX_ERROR_BODY) text += Buffer.from(part as Uint8Array).toString('utf8');
    }
    return { status: res.statusCode, retryAfterMs: parseRetryAfter(res.headers['retry-after'], Date.now()), text: text.slice(0, MAX_ERROR_BODY) };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
