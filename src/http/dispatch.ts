import { REQUEST_HEADERS, type HttpReply, type HttpRequestInfo, type HttpServerOptions, type RequestHeader, type Routes } from './types.js';

// Request → reply, shared by both engines so they answer identically.

const json = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): HttpReply => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

/** Builds the request description both engines hand to `answer`. */
export function requestInfo(method: string, url: string, header: (name: RequestHeader) => string, remoteAddress: string): HttpRequestInfo {
  const q = url.indexOf('?');
  const headers = {} as Record<RequestHeader, string>;
  for (const name of REQUEST_HEADERS) headers[name] = header(name) ?? '';
  return { method: method.toUpperCase(), path: q < 0 ? url : url.slice(0, q), query: q < 0 ? '' : url.slice(q + 1), headers, remoteAddress };
}

/** Answers one request: guard, then the route (or the 404 reply); never rejects (a failing handler is a 500 naming the path). */
export async function answer(opts: Pick<HttpServerOptions, 'routes' | 'guard' | 'notFound'>, req: HttpRequestInfo): Promise<HttpReply> {
  try {
    const blocked = opts.guard?.(req);
    if (blocked) return blocked;
    const handler = opts.routes.get(req.path);
    if (!handler) return opts.notFound ? await opts.notFound(req) : json(404, { statusCode: 404, error: 'Not Found', message: `no route ${req.path}` });
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { statusCode: 405, error: 'Method Not Allowed' }, { Allow: 'GET, HEAD' });
    return await handler(req);
  } catch (err) {
    return json(500, { statusCode: 500, error: 'Internal Server Error', message: `${req.path}: ${(err as Error).message}` });
  }
}

/** Answers one request from its method and URL alone (no headers, no guard). */
export function dispatch(routes: Routes, method: string, url: string): Promise<HttpReply> {
  return answer({ routes }, requestInfo(method, url, () => '', ''));
}

export { json as jsonReply };
