import type { AuditReply } from '../../audit/responses.js';
import { STATUS_TEXT, type HttpServerHandle } from '../types.js';
import type { UwsApp, UwsModule, UwsRequest, UwsResponse } from '../uws-loader.js';
import { listenUws } from '../uws-listen.js';
import type { AuditRequestHead, AuditServerOptions } from './types.js';

// The audit API on uWebSockets.js (SSLApp with auditEvents.tls). Bodies arrive in chunks through onData; the
// chunk's memory is only valid inside the callback, so each is copied, and a body over maxBodyBytes is
// answered 413 without reading further.

interface UwsBodyResponse extends UwsResponse {
  onData(handler: (chunk: ArrayBuffer, isLast: boolean) => void): UwsResponse;
  close(): UwsResponse;
}

interface UwsTlsModule extends UwsModule {
  SSLApp(options: { cert_file_name: string; key_file_name: string; ca_file_name?: string; passphrase?: string }): UwsApp;
}

const STATUS: Record<number, string> = { ...STATUS_TEXT, 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity' };

function head(res: UwsResponse, req: UwsRequest): AuditRequestHead {
  return {
    method: req.getMethod().toUpperCase(),
    path: req.getUrl(),
    ip: Buffer.from(res.getRemoteAddressAsText()).toString(),
    origin: req.getHeader('origin'),
    authorization: req.getHeader('authorization'),
    auditQsVersion: req.getHeader('x-audit-qs-version'),
    contentType: req.getHeader('content-type'),
    requestHeaders: req.getHeader('access-control-request-headers'),
  };
}

function send(res: UwsResponse, reply: AuditReply): void {
  res.cork(() => {
    res.writeStatus(`${reply.status} ${STATUS[reply.status] ?? ''}`.trimEnd());
    for (const [key, value] of Object.entries(reply.headers)) res.writeHeader(key, String(value));
    res.end(reply.body);
  });
}

export function startUwsAuditServer(uws: UwsModule, opts: AuditServerOptions): Promise<HttpServerHandle> {
  const app = opts.tls
    ? (uws as UwsTlsModule).SSLApp({
        cert_file_name: opts.tls.cert,
        key_file_name: opts.tls.key,
        ...(opts.tls.ca ? { ca_file_name: opts.tls.ca } : {}),
        ...(opts.tls.passphrase ? { passphrase: opts.tls.passphrase } : {}),
      })
    : uws.App();
  app.any('/*', (response, req) => {
    const res = response as UwsBodyResponse;
    const info = head(res, req);
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    const declared = Number(req.getHeader('content-length') || 0);
    if (info.method === 'GET' || info.method === 'OPTIONS' || info.method === 'HEAD') {
      send(res, opts.handle({ ...info, body: Buffer.alloc(0) }));
      return;
    }
    if (declared > opts.maxBodyBytes) {
      send(res, opts.handle({ ...info, body: null }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    res.onData((chunk, isLast) => {
      if (done || aborted) return;
      size += chunk.byteLength;
      if (size > opts.maxBodyBytes) {
        done = true;
        send(res, opts.handle({ ...info, body: null }));
        return;
      }
      chunks.push(Buffer.from(new Uint8Array(chunk)));
      if (isLast) {
        done = true;
        send(res, opts.handle({ ...info, body: Buffer.concat(chunks, size) }));
      }
    });
  });
  return listenUws(uws, app, opts.host, opts.port, () => new Error(`auditEvents.port: cannot listen on ${opts.host}:${opts.port} (address in use, not available, or TLS files unusable)`));
}
