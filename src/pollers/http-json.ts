import { request, type Dispatcher } from 'undici';
import { httpStatusError, invalidBodyError, timeoutError, transportErrorDetails } from './poll-error.js';

// One GET that must return JSON. Every failure leaves as a PollError carrying the tracker's fields; nothing
// here logs or counts, so the callers decide what a failure means for their source.

export interface JsonGetOptions {
  dispatcher: Dispatcher;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Bodies larger than this are refused (a runaway response must not exhaust the poller's memory). */
  maxBodyBytes?: number;
  /**
   * Called when the request failed before a response: may return the underlying error (a TLS alert found by
   * a probe) to report instead of the transport's generic one.
   */
  explain?: (err: unknown) => Promise<unknown | undefined>;
}

export interface JsonResponse {
  status: number;
  body: unknown;
  /** Bytes of the body as received. */
  bytes: number;
}

const DEFAULT_MAX_BODY = 64 * 1024 * 1024;

/** A short, single-line description of a non-JSON body, for the error message (e.g. an HTML page title). */
export function describeBody(text: string, contentType: string): string {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<') || contentType.includes('html')) {
    const title = /<title[^>]*>([^<]{0,120})/i.exec(trimmed)?.[1]?.trim();
    return `expected JSON, got HTML${title ? ` ("${title}")` : ''} — a login page or a proxy in between?`;
  }
  if (trimmed === '') return 'expected JSON, got an empty body';
  return `expected JSON, got ${contentType || 'an untyped body'} starting with ${JSON.stringify(trimmed.slice(0, 40))}`;
}

async function readText(body: Dispatcher.ResponseData['body'], max: number): Promise<{ text: string; bytes: number } | undefined> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += (chunk as Buffer).length;
    if (bytes > max) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), bytes };
}

/**
 * GET `url` and parse its JSON body. Only 200 is data (Butler SOS logged other 2xx as errors); non-2xx, other
 * 2xx, transport errors, the timeout and non-JSON bodies reject with a PollError.
 */
export async function getJson(url: URL, options: JsonGetOptions): Promise<JsonResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        method: 'GET',
        dispatcher: options.dispatcher,
        headers: options.headers,
        signal: controller.signal,
      });
    } catch (err) {
      if (controller.signal.aborted) throw timeoutError(url, options.timeoutMs);
      const better = options.explain ? await options.explain(err).catch(() => undefined) : undefined;
      throw transportErrorDetails(better ?? err, url, options.timeoutMs);
    }
    let read: { text: string; bytes: number } | undefined;
    try {
      read = await readText(res.body, options.maxBodyBytes ?? DEFAULT_MAX_BODY);
    } catch (err) {
      if (controller.signal.aborted) throw timeoutError(url, options.timeoutMs);
      throw transportErrorDetails(err, url, options.timeoutMs);
    }
    if (read === undefined) throw invalidBodyError(url, options.timeoutMs, 'body larger than the allowed maximum', res.statusCode);
    const contentType = String(res.headers['content-type'] ?? '');
    if (res.statusCode < 200 || res.statusCode > 299) {
      const snippet = read.text.trimStart().startsWith('<') ? describeBody(read.text, contentType) : read.text.slice(0, 200).replace(/\s+/g, ' ');
      throw httpStatusError(url, options.timeoutMs, res.statusCode, snippet);
    }
    if (res.statusCode !== 200) throw invalidBodyError(url, options.timeoutMs, `unexpected HTTP ${res.statusCode}`, res.statusCode);
    let body: unknown;
    try {
      body = JSON.parse(read.text);
    } catch {
      throw invalidBodyError(url, options.timeoutMs, describeBody(read.text, contentType), res.statusCode);
    }
    return { status: res.statusCode, body, bytes: read.bytes };
  } finally {
    clearTimeout(timer);
  }
}
