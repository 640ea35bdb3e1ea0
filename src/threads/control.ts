// The small request/response protocol between the supervisor and a dedicated thread (writer, tracker,
// poller, http). Data never travels here: only lifecycle calls such as "drain" and "stop".

export interface ControlCall {
  t: 'call';
  id: number;
  method: string;
  args: unknown;
}

export interface ControlReply {
  t: 'reply';
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** Posted once by a thread when its init() resolved (or failed: then `error` is set and the thread exits). */
export interface ControlReady {
  t: 'ready';
  error?: string;
}

/** Posted by a thread dying of an uncaught error, after its crash handler ran (src/threads/thread-entry.ts). */
export interface ControlCrashed {
  t: 'crashed';
  error: string;
  /** What the crash handler returned (a writer: its final delivery stats). */
  final?: unknown;
}

export type ControlMessage = ControlCall | ControlReply | ControlReady | ControlCrashed;

export function isControlMessage(value: unknown): value is ControlMessage {
  if (typeof value !== 'object' || value === null) return false;
  const t = (value as { t?: unknown }).t;
  return t === 'call' || t === 'reply' || t === 'ready' || t === 'crashed';
}
