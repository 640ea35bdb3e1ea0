// What a crash dump or a fatal log line may show of an error: the secret patterns of Butler SOS's redactor
// are masked, and absolute paths (user names, install folders) are cut to the part inside the application.

const SECRET_KEY = String.raw`password|passwd|pwd|secret|credential|token|api[_-]?key|api[_-]?token|access[_-]?key|auth|passphrase|client[_-]?secret`;

const RULES: Array<[RegExp, string]> = [
  // scheme://user:pass@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, '$1[REDACTED]@'],
  // Authorization: Bearer abc…
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 [REDACTED]'],
  // "apiKey": "value" in JSON text
  [new RegExp(String.raw`("[^"]*(?:${SECRET_KEY})[^"]*"\s*:\s*)"(?:[^"\\]|\\.)*"`, 'gi'), '$1"[REDACTED]"'],
  // password=value, token: value
  [new RegExp(String.raw`\b([A-Za-z0-9_-]*(?:${SECRET_KEY})[A-Za-z0-9_-]*)\s*[=:]\s*(?!\[REDACTED\])("[^"]*"|'[^']*'|[^\s,;&"']+)`, 'gi'), '$1=[REDACTED]'],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

// An absolute path (POSIX, Windows or file:// URL) up to the line:column suffix of a stack frame.
// Only at the start of a token or after "(", so `scheme://host` and `node:internal/…` are left alone.
const ABSOLUTE_PATH = /(?<=^|[\s(])(?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^\s()'"]*?(?=:\d+:\d+|[\s()'"]|$)/gm;
const KEEP_FROM = [/[\\/]node_modules[\\/]/, /[\\/]dist[\\/]/, /[\\/](?:src|workers)[\\/]/];

function shortenPath(path: string): string {
  for (const marker of KEEP_FROM) {
    const all = [...path.matchAll(new RegExp(marker.source, 'g'))];
    const last = all.at(-1);
    if (last?.index === undefined) continue;
    // node_modules/… keeps the package name; dist/ is dropped so frames read src/… and workers/….
    const start = marker === KEEP_FROM[1] ? last.index + last[0].length : last.index + 1;
    return path.slice(start);
  }
  return '[path]';
}

/** A stack (or message) with secrets masked and absolute paths shortened. */
export function sanitizeStack(stack: string): string {
  return redactSecrets(stack).replace(ABSOLUTE_PATH, shortenPath);
}
