import { ApiError, NETWORK_ERROR, type Query, withQuery } from '../../api/client.ts';
import { authStore } from '../../auth/auth-store.ts';

/**
 * A binary answer of the API (QR PNG, CSV). The hub authenticates with the bearer token only (no
 * cookie, no signed URL), so an <img src> or a plain link cannot fetch these: they are fetched
 * with the token and handed to the page as object URLs. The shell's JSON client reads text.
 * @throws ApiError with the hub's code and message, or `network`.
 */
export async function fetchBlob(path: string, query?: Query): Promise<Blob> {
  const token = authStore.get().token;
  let response: Response;
  try {
    response = await fetch(withQuery(`/api${path}`, query), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError(0, { code: NETWORK_ERROR, message: 'network' });
  }
  if (!response.ok) {
    let body: { code?: unknown; message?: unknown } = {};
    try {
      body = (await response.json()) as { code?: unknown; message?: unknown };
    } catch {
      // Not JSON: the status says enough.
    }
    throw new ApiError(response.status, {
      code: typeof body.code === 'string' ? body.code : `http_${response.status}`,
      message: typeof body.message === 'string' ? body.message : response.statusText || String(response.status),
    });
  }
  return response.blob();
}

/** Saves a blob under a file name through a temporary link (works with keyboard activation too). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
