/**
 * A start-up failure the admin can act on from its message alone (a port in use, a certificate that does not
 * load): logged as one line, without a stack. Anything else that breaks the start is a bug and keeps its stack.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}
