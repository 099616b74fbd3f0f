// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale, useT } from '../../i18n/i18n.ts';
import { messages } from './messages.ts';
import { ReinspectForm } from './reinspect-form.tsx';
import { type ReinspectionInput, useReinspect } from './use-dorm-actions.ts';

const mutation = () => ({
  run: vi.fn(async (_id: number, _input: ReinspectionInput): Promise<unknown> => ({})),
  pending: false,
  error: null,
  reset: vi.fn(),
});

function Form({ reinspect }: { reinspect: ReturnType<typeof mutation> }) {
  const t = useT(messages);
  return <ReinspectForm checkId={9} room="3-402" reinspect={reinspect} t={t} />;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  act(() => setLocale('en'));
});

describe('DRM-7 recording a re-inspection', () => {
  it('closes a finding with the note and the "after" photos', async () => {
    const reinspect = mutation();
    render(<Form reinspect={reinspect} />);
    fireEvent.click(screen.getByText('Record the re-inspection…'));
    const submit = screen.getByRole('button', { name: 'Close the finding' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('What the re-inspection found'), { target: { value: 'Heater removed' } });
    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'after.jpg', { type: 'image/jpeg' });
    fireEvent.change(screen.getByLabelText(/"After" photos/), { target: { files: [photo] } });
    await act(async () => fireEvent.click(submit));
    expect(reinspect.run).toHaveBeenCalledWith(9, { passed: true, note: 'Heater removed', photos: [photo] });
  });

  it('needs a new deadline when the finding is not put right, in Chinese too', async () => {
    act(() => setLocale('zh'));
    const reinspect = mutation();
    render(<Form reinspect={reinspect} />);
    fireEvent.click(screen.getByText('登记复查结果…'));
    fireEvent.click(screen.getByLabelText('未整改：设定新的期限'));
    fireEvent.change(screen.getByLabelText('复查情况说明'), { target: { value: '仍有电热毯' } });
    const submit = screen.getByRole('button', { name: '设定新期限' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('新的整改期限'), { target: { value: '2030-03-05T18:00' } });
    await act(async () => fireEvent.click(submit));
    expect(reinspect.run).toHaveBeenCalledWith(9, {
      passed: false,
      note: '仍有电热毯',
      photos: [],
      deadline: new Date('2030-03-05T18:00').toISOString(),
    });
  });

  it('uploads the photos before asking to close, then re-reads the queue', async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        calls.push(`${init.method} ${url}`);
        return new Response('{}', { status: url.includes('photos') ? 201 : 200 });
      }),
    );
    const changed = vi.fn();
    const { result } = renderHook(() => useReinspect(changed));
    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'after.jpg', { type: 'image/jpeg' });
    await act(async () => {
      await result.current.run(9, { passed: true, note: 'Fixed', photos: [photo] });
    });
    expect(calls).toEqual(['POST /api/dorms/safety-checks/9/photos?phase=after', 'POST /api/dorms/safety-checks/9/reinspection']);
    expect(changed).toHaveBeenCalledTimes(1);
  });
});
