import { api } from '../../api/client.ts';
import { useQuery } from '../../api/use-query.ts';

interface Category {
  id: string;
  name: string;
}

/** Fetching lives in a hook (STYLE 15): the component only renders what this returns. */
export function useCategories() {
  return useQuery('assets:categories', () => api.get<{ items: Category[] }>('/assets/categories'));
}
