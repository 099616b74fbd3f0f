import { createStore, persisted, useStore } from '../lib/store.ts';

const SOUND_KEY = 'campus.alertSound';

/** Whether new critical alerts also beep (a per-device choice: the control room, not a phone in a meeting). */
export const soundStore = createStore<boolean>(persisted.read(SOUND_KEY) === 'on');

export function setSound(on: boolean): void {
  persisted.write(SOUND_KEY, on ? 'on' : 'off');
  soundStore.set(on);
  // Browsers allow audio only after a user gesture: the toggle is one, so unlock here.
  if (on) void audio()?.resume();
}

export function useSound(): boolean {
  return useStore(soundStore);
}

let context: AudioContext | null = null;
function audio(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  context ??= new AudioContext();
  return context;
}

/** Three short beeps (WebAudio, no sound file to download). */
export function beep(): void {
  if (!soundStore.get()) return;
  const ctx = audio();
  if (!ctx) return;
  const start = ctx.currentTime;
  for (let i = 0; i < 3; i++) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, start + i * 0.25);
    gain.gain.exponentialRampToValueAtTime(0.2, start + i * 0.25 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.25 + 0.18);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start + i * 0.25);
    osc.stop(start + i * 0.25 + 0.2);
  }
}
