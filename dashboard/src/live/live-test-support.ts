import { act, cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { authStore, type Me } from '../auth/auth-store.ts';

/** Lets pending promises and zero-delay timers run, inside React's act. */
export const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));

/** Live messages are handed over once per animation frame (250 ms at the latest). */
export const frame = () => act(async () => new Promise((resolve) => setTimeout(resolve, 300)));

/** Signs `me` in before each test; after each, clears the DOM, timers, stubs and the session. */
export function signedInDuringEachTest(me: Me): void {
  beforeEach(() => {
    authStore.set({ token: 'token', expiresAt: null, me, ended: null });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    authStore.set({ token: null, expiresAt: null, me: null, ended: null });
  });
}
