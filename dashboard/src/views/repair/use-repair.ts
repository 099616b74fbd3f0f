import { useCallback } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { useMutation, useQuery } from '../../api/use-query.ts';
import type { Ticket } from '../maintenance/types.ts';
import { useTickets } from '../maintenance/use-maintenance.ts';

/** GET /api/assets/:id/card (hub/src/contexts/assets/schema.ts AssetCardSchema): what a QR label opens. */
export interface AssetCard {
  id: string;
  name: string;
  categoryName: string;
  categoryNameZh: string | null;
  model: string | null;
  departmentId: string;
  departmentName: string;
  location: string | null;
  status: string;
  repairLink: string;
}

export function useAssetCard(assetId: string | null) {
  return useQuery(
    assetId ? `assets:card:${assetId}` : null,
    () => api.get<AssetCard>(`/assets/${encodeURIComponent(assetId ?? '')}/card`),
    {
      refetchOnResync: false,
    },
  );
}

/**
 * My own requests, following their changes live. requesterId keeps the list to mine when I may
 * read every ticket (a planner reporting a fault).
 */
export function useMyRequests(userId: number) {
  return useTickets({ requesterId: userId });
}

export interface RepairInput {
  title: string;
  description: string;
  placeText: string;
  assetId: string | null;
  contactPhone: string;
  photos: File[];
}

/** Submits the request, then its photos (multipart to …/tickets/:id/photos). */
export function useSubmitRepair(changed: () => void) {
  return useMutation(async (input: RepairInput) => {
    const ticket = await api.post<Ticket>('/maintenance/tickets', {
      title: input.title,
      description: input.description,
      place: { text: input.placeText },
      ...(input.assetId ? { assetId: input.assetId } : {}),
      ...(input.contactPhone ? { contactPhone: input.contactPhone } : {}),
    });
    let photoError: ApiError | null = null;
    if (input.photos.length > 0) {
      const form = new FormData();
      for (const photo of input.photos) form.append('photos', photo, photo.name);
      try {
        await api.upload(`/maintenance/tickets/${ticket.id}/photos`, form);
      } catch (err) {
        photoError = err instanceof ApiError ? err : new ApiError(0, { code: 'unknown', message: String(err) });
      }
    }
    changed();
    return { ticket, photoError };
  });
}

/** MNT-5: accept with a rating, or reject with what is still wrong. */
export function useAcceptance(changed: () => void) {
  const after = useCallback(
    async <T>(work: Promise<T>) => {
      const result = await work;
      changed();
      return result;
    },
    [changed],
  );
  return {
    accept: useMutation((id: number, rating: number, feedback: string) =>
      after(api.post<Ticket>(`/maintenance/tickets/${id}/accept`, { rating, ...(feedback ? { feedback } : {}) })),
    ),
    reject: useMutation((id: number, reason: string) => after(api.post<Ticket>(`/maintenance/tickets/${id}/reject`, { reason }))),
  };
}
