// The single executable's entry (Node's SEA main script, CommonJS, may only require built-ins). The collector
// itself is ordinary bundled JavaScript shipped as SEA assets: it is written to a private temporary directory
// (mkdtemp, mode 0700, removed at exit) and loaded from there, because worker threads, Piscina's worker and
// the parse tasks are started from files. Layout of that directory (deploy/sea/package.mjs builds it):
//   src/main.js  src/worker.js (Piscina's)  workers/*.js  lib/ (pino's transport threads)
//   src/http/web-console/static/  config/default.yaml  package.json
'use strict';
const sea = require('node:sea');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');

const manifest = JSON.parse(sea.getAsset('manifest.json', 'utf8'));
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'butler-sos-'));
for (const file of manifest.files) {
  const target = path.join(root, ...file.split('/'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, Buffer.from(sea.getAsset(file)));
}
process.on('exit', () => {
  try {
    fs.rmSync(root, { recursive: true, force: true });
  } catch {
    // best effort: the OS cleans its temp directory too
  }
});
createRequire(path.join(root, 'launcher.cjs'))('./src/main.js');
