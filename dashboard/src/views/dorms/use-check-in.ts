import { api } from '../../api/client.ts';
import { useMutation, useQuery } from '../../api/use-query.ts';
import type { Condition, FacilityItem } from './api-types.ts';

export interface CheckInInput {
  personNo: string;
  idLast4: string;
  /** Items left out are recorded in good order by the hub. */
  items: Array<{ itemId: number; condition: Condition; note?: string }>;
  cardId?: string;
}

/** The facility register of the resident's room, for the condition report (GET /dorms/rooms/:id). */
export function useRoomFacilities(roomId: string | null) {
  return useQuery(
    roomId ? `dorms:room:${roomId}` : null,
    async () => (await api.get<{ facilities: FacilityItem[] }>(`/dorms/rooms/${encodeURIComponent(roomId ?? '')}`)).facilities,
    { refetchOnResync: false },
  );
}

/** DRM-2: check in an allocated resident (POST /dorms/check-ins); `changed` re-reads the queue. */
export function useCheckIn(changed: () => void) {
  return useMutation(async (input: CheckInInput) => {
    const result = await api.post<unknown>('/dorms/check-ins', input);
    changed();
    return result;
  });
}
