import type { HttpReply, Routes } from './types.js';

// Request → reply, shared by both engines so they answer identically.

const json = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): HttpReply => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

/** Answers one request; never rejects (a failing handler becomes a 500 naming the path). */
export async function dispatch(routes: Routes, method: string, url: string): Promise<HttpReply> {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const handler = routes.get(path);
  if (!handler) return json(404, { statusCode: 404, error: 'Not Found', message: `no route ${path}` });
  const m = method.toUpperCase();
  if (m !== 'GET' && m !== 'HEAD') return json(405, { statusCode: 405, error: 'Method Not Allowed' }, { Allow: 'GET, HEAD' });
  try {
    return await handler();
  } catch (err) {
    return json(500, { statusCode: 500, error: 'Internal Server Error', message: `${path}: ${(err as Error).message}` });
  }
}

export { json as jsonReply };
