// The environment the shipped launchers give the collector process: the Dockerfile (and so the Kubernetes and
// compose deployments, which run that image), the systemd unit, and `npm run bench` by default. Both settings
// act before any of the collector's code runs, so no configuration key can carry them (docs/tuning.md "Memory").
// test/unit/deploy/launch-env.test.ts checks that each launcher sets exactly these values.

/**
 * - `NODE_OPTIONS=--max-semi-space-size=2`: the main thread's young generation (2 MB semi-spaces instead of V8's
 *   16 MB, which the datagram receive path grows to). Worker threads are not capped by it: the main thread resets
 *   the flag before they start (src/threads/v8-tuning.ts), so they keep `threads.workerYoungGenerationMb`.
 * - `MALLOC_MMAP_THRESHOLD_=131072`: glibc serves every allocation of 128 KiB or more (batch bodies, message
 *   buffers) from its own mapping, returned to the OS when freed, instead of raising the threshold as it goes
 *   and keeping freed blocks in the threads' malloc arenas.
 */
export const LAUNCH_ENV: Readonly<Record<'NODE_OPTIONS' | 'MALLOC_MMAP_THRESHOLD_', string>> = {
  NODE_OPTIONS: '--max-semi-space-size=2',
  MALLOC_MMAP_THRESHOLD_: '131072',
};

/** `env` with LAUNCH_ENV applied; NODE_OPTIONS already in `env` are kept after ours (they win where they clash). */
export function withLaunchEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const own = env.NODE_OPTIONS?.trim();
  return {
    ...env,
    MALLOC_MMAP_THRESHOLD_: env.MALLOC_MMAP_THRESHOLD_ ?? LAUNCH_ENV.MALLOC_MMAP_THRESHOLD_,
    NODE_OPTIONS: own ? `${LAUNCH_ENV.NODE_OPTIONS} ${own}` : LAUNCH_ENV.NODE_OPTIONS,
  };
}
