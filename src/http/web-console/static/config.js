// Config page: the running configuration as a collapsible tree (native <details>) and as highlighted YAML.
'use strict';
(function () {
  const data = JSON.parse(document.getElementById('config-data').textContent);
  const MASK = '**********';

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function scalar(v) {
    if (v === null || v === undefined) return el('span', 'z', 'null');
    if (typeof v === 'string') return el('span', 's', JSON.stringify(v));
    if (typeof v === 'number') return el('span', 'n', String(v));
    if (typeof v === 'boolean') return el('span', 'b', String(v));
    return el('span', '', String(v));
  }

  function node(key, value, depth) {
    if (value !== null && typeof value === 'object') {
      const d = el('details');
      d.open = depth < 1;
      const s = el('summary');
      s.append(el('span', 'k', key), el('span', 'count', Array.isArray(value) ? ` [${value.length}]` : ` {${Object.keys(value).length}}`));
      d.append(s);
      const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
      for (const [k, v] of entries) d.append(node(k, v, depth + 1));
      return d;
    }
    const leaf = el('div', 'leaf');
    leaf.append(el('span', 'k', key), document.createTextNode(': '), scalar(value));
    return leaf;
  }

  document.getElementById('tree').append(node('Butler-SOS', data.config, 0));
  document.getElementById('expand').onclick = () => document.querySelectorAll('#tree details').forEach((d) => (d.open = true));
  document.getElementById('collapse').onclick = () => document.querySelectorAll('#tree details').forEach((d, i) => (d.open = i === 0));
  document.getElementById('masked').textContent = data.obfuscated ? 'secrets masked' : 'NOT masked: secrets shown';
  if (!data.obfuscated) document.getElementById('masked').classList.add('bad');

  // YAML highlighting, line by line: comments, keys, list dashes, and the scalar after them.
  function valueSpan(text) {
    const t = text.trim();
    let cls = 'str';
    if (/^(true|false|null|~)$/.test(t)) cls = 'bool';
    else if (/^-?\d+(\.\d+)?$/.test(t)) cls = 'num';
    if (t.includes(MASK)) cls = 'mask';
    return el('span', cls, text);
  }
  const yaml = document.getElementById('yaml');
  for (const line of data.yaml.split('\n')) {
    const m = /^(\s*)(- )?([^\s#'"][^:#]*?|"[^"]*"|'[^']*')?(:)(\s.*|)$/.exec(line);
    if (/^\s*#/.test(line)) yaml.append(el('span', 'com', line));
    else if (m) {
      yaml.append(m[1] + (m[2] || ''), el('span', 'key', m[3] || ''), m[4]);
      if (m[5]) yaml.append(valueSpan(m[5]));
    } else {
      const li = /^(\s*- )(.*)$/.exec(line);
      if (li) yaml.append(li[1], valueSpan(li[2]));
      else yaml.append(valueSpan(line));
    }
    yaml.append('\n');
  }

  document.getElementById('download').onclick = () => {
    const url = URL.createObjectURL(new Blob([data.yaml], { type: 'application/yaml' }));
    const a = el('a');
    a.href = url;
    a.download = 'butler-sos-config.yaml';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
})();
