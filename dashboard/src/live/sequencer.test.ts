import { describe, expect, it } from 'vitest';
import { type LiveMessage, LiveSequencer } from './sequencer.ts';

const m = (seq: number): LiveMessage => ({ seq, event: 'swipes', data: [seq] });

describe('live sequencer (resume / gap)', () => {
  it('starts from the server seq and delivers each message once, in order', () => {
    const s = new LiveSequencer();
    expect(s.hello(10)).toEqual({ resumeFrom: null, resync: false });
    expect(s.receive(m(11)).map((x) => x.seq)).toEqual([11]);
    expect(s.receive(m(11))).toEqual([]);
    expect(s.receive(m(12)).map((x) => x.seq)).toEqual([12]);
  });

  it('on reconnect resumes from the last seq; live messages during the resume come after the missed ones', () => {
    const s = new LiveSequencer();
    s.hello(0);
    s.receive(m(1));
    s.receive(m(2));
    expect(s.hello(6)).toEqual({ resumeFrom: 2, resync: false });
    expect(s.receive(m(7))).toEqual([]); // buffered while resuming
    const result = s.resumed({
      gap: false,
      seq: 7,
      messages: [3, 4, 5, 6, 7].map((seq) => ({ seq, event: 'swipes', data: [seq] })),
    });
    expect(result.resync).toBe(false);
    expect(result.deliver.map((x) => x.seq)).toEqual([3, 4, 5, 6, 7]);
    expect(s.receive(m(8)).map((x) => x.seq)).toEqual([8]);
  });

  it('asks for a resync when the journal no longer holds what was missed', () => {
    const s = new LiveSequencer();
    s.hello(0);
    s.receive(m(1));
    s.hello(9000);
    const result = s.resumed({ gap: true, seq: 9000, messages: [{ seq: 8999, event: 'alert', data: {} }] });
    expect(result.resync).toBe(true);
    expect(result.deliver.map((x) => x.seq)).toEqual([8999]);
  });

  it('treats a restarted hub (seq went backwards) as a gap', () => {
    const s = new LiveSequencer();
    s.hello(0);
    s.receive(m(50));
    expect(s.hello(3)).toEqual({ resumeFrom: null, resync: true });
    expect(s.receive(m(4)).map((x) => x.seq)).toEqual([4]);
  });

  it('a failed resume is a gap too, and releases what was buffered', () => {
    const s = new LiveSequencer();
    s.hello(0);
    s.hello(5);
    s.receive(m(6));
    const result = s.resumeFailed();
    expect(result).toEqual({ deliver: [m(6)], resync: true });
  });

  it('ignores events the dashboard does not know', () => {
    const s = new LiveSequencer();
    s.hello(0);
    s.hello(2);
    const result = s.resumed({
      gap: false,
      seq: 2,
      messages: [
        { seq: 1, event: 'something.new', data: null },
        { seq: 2, event: 'alert', data: {} },
      ],
    });
    expect(result.deliver.map((x) => x.event)).toEqual(['alert']);
  });
});
