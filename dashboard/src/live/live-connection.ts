import { io, type Socket } from 'socket.io-client';
import { createStore, useStore } from '../lib/store.ts';
import { LIVE_EVENTS, type LiveEvent, type LiveMessage, LiveSequencer, type ResumeAck } from './sequencer.ts';

export type LiveState = 'idle' | 'connecting' | 'live' | 'resyncing' | 'offline';

export interface LiveStatus {
  state: LiveState;
  rooms: string[];
  /** When the channel was last live (to say "offline since …"). */
  since: number | null;
  lastSeq: number | null;
}

export const liveStatusStore = createStore<LiveStatus>({ state: 'idle', rooms: [], since: null, lastSeq: null });

export function useLiveStatus(): LiveStatus {
  return useStore(liveStatusStore);
}

type BatchListener = (batch: unknown[]) => void;
const listeners = new Map<LiveEvent, Set<BatchListener>>();
const resyncListeners = new Set<() => void>();

/**
 * Receives every message of `event` that arrived in one animation frame, as one batch:
 * at 1,000 swipes/s a view renders once per frame, not once per message.
 */
export function subscribeLive(event: LiveEvent, listener: BatchListener): () => void {
  let set = listeners.get(event);
  if (!set) {
    set = new Set();
    listeners.set(event, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

/** Called when messages were lost (gap after a reconnect, or a restarted hub): re-read over REST. */
export function onResync(listener: () => void): () => void {
  resyncListeners.add(listener);
  return () => resyncListeners.delete(listener);
}

// ── coalescing: one flush per frame (or per 250 ms when the tab is hidden and frames stop) ──
let pending: LiveMessage[] = [];
let scheduled = false;
const FLUSH_FALLBACK_MS = 250;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    flush();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
  setTimeout(run, FLUSH_FALLBACK_MS);
}

function flush(): void {
  scheduled = false;
  const messages = pending;
  pending = [];
  const byEvent = new Map<LiveEvent, unknown[]>();
  for (const m of messages) {
    const batch = byEvent.get(m.event);
    if (batch) batch.push(m.data);
    else byEvent.set(m.event, [m.data]);
  }
  for (const [event, batch] of byEvent) {
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(batch);
      } catch (err) {
        console.error('live listener failed', event, err);
      }
    }
  }
  liveStatusStore.set((s) => (s.lastSeq === sequencer.lastSeq ? s : { ...s, lastSeq: sequencer.lastSeq }));
}

function enqueue(messages: LiveMessage[]): void {
  if (messages.length === 0) return;
  pending.push(...messages);
  schedule();
}

/** Delivers messages as if they had arrived on the socket (ordered and deduplicated already): component tests use it. */
export function deliverLive(messages: LiveMessage[]): void {
  enqueue(messages);
}

function resync(): void {
  for (const listener of [...resyncListeners]) listener();
}

// ── the one connection ──
let socket: Socket | null = null;
let sequencer = new LiveSequencer();
const RESUME_TIMEOUT_MS = 5000;

function setState(state: LiveState, extra: Partial<LiveStatus> = {}): void {
  liveStatusStore.set((s) => ({
    ...s,
    ...extra,
    state,
    since: state === 'live' ? Date.now() : s.since,
  }));
}

/**
 * Opens the live channel for a session token (socket.io at /live). socket.io reconnects by
 * itself with back-off; each reconnect gets a `hello` and resumes from the last seq applied.
 * @param onUnauthorized called when the hub refuses the token (session ended).
 */
export function connectLive(token: string, onUnauthorized: () => void): void {
  disconnectLive();
  sequencer = new LiveSequencer();
  setState('connecting');
  const s = io({
    path: '/live',
    auth: { token },
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  socket = s;
  s.on('hello', (hello: { seq: number; rooms: string[] }) => {
    const { resumeFrom, resync: lost } = sequencer.hello(hello.seq);
    if (lost) resync();
    if (resumeFrom === null) {
      setState('live', { rooms: hello.rooms });
      return;
    }
    setState('resyncing', { rooms: hello.rooms });
    s.timeout(RESUME_TIMEOUT_MS).emit('resume', resumeFrom, (err: Error | null, ack: ResumeAck) => {
      const result = err ? sequencer.resumeFailed() : sequencer.resumed(ack);
      enqueue(result.deliver);
      if (result.resync) resync();
      if (socket === s && s.connected) setState('live');
    });
  });
  for (const event of LIVE_EVENTS) {
    s.on(event, (message: { seq: number; data: unknown }) => {
      enqueue(sequencer.receive({ seq: message.seq, event, data: message.data }));
    });
  }
  s.on('disconnect', () => setState('offline'));
  s.on('connect_error', (err: Error) => {
    setState('offline');
    if (err.message === 'unauthorized') onUnauthorized();
  });
}

export function disconnectLive(): void {
  if (!socket) return;
  socket.removeAllListeners();
  socket.disconnect();
  socket = null;
  setState('idle');
}
