import { useCallback } from 'react';
import { api } from '../../api/client.ts';
import { useMutation } from '../../api/use-query.ts';

export interface ReinspectionInput {
  passed: boolean;
  note: string;
  /** A failed re-inspection sets a new deadline (an instant). */
  deadline?: string;
  /** "After" photos of the rectification: the hub closes a check only once it has one. */
  photos: readonly File[];
}

/**
 * DRM-7: the re-inspection of a rectification (POST /dorms/safety-checks/:id/reinspection),
 * after uploading the "after" photos it needs (…/photos?phase=after). `changed` re-reads the queue.
 */
export function useReinspect(changed: () => void) {
  const run = useCallback(
    async (id: number, input: ReinspectionInput) => {
      if (input.photos.length > 0) {
        const form = new FormData();
        for (const photo of input.photos) form.append('photos', photo, photo.name);
        await api.upload(`/dorms/safety-checks/${id}/photos?phase=after`, form);
      }
      const result = await api.post<unknown>(`/dorms/safety-checks/${id}/reinspection`, {
        passed: input.passed,
        note: input.note,
        ...(input.deadline ? { deadline: input.deadline } : {}),
      });
      changed();
      return result;
    },
    [changed],
  );
  return useMutation(run);
}
