// Reads YAML text into plain data; every syntax error becomes one problem with its line and column.

import { LineCounter, parseDocument } from 'yaml';

export interface YamlResult {
  data: unknown;
  problems: string[];
}

export function parseYamlText(text: string, sourceName: string): YamlResult {
  // prettyErrors off: we want the one-line message and place, not yaml's multi-line source excerpt.
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  const problems = doc.errors.map((err) => {
    const pos = lines.linePos(err.pos[0]);
    const where = `${sourceName}:${pos.line}:${pos.col}`;
    return `${where}: YAML syntax error: ${firstLine(err.message)}`;
  });
  if (problems.length > 0) return { data: undefined, problems };
  try {
    return { data: doc.toJS({ maxAliasCount: 1000 }), problems };
  } catch (err) {
    return { data: undefined, problems: [`${sourceName}: YAML error: ${firstLine((err as Error).message)}`] };
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
