import { navigate } from '../app/router.ts';
import { authStore, signOut } from '../auth/auth-store.ts';

/** The hub's error body (hub/src/plugins/error-handler.ts): a stable code, a message, the field at fault. */
export interface ErrorBody {
  code: string;
  message: string;
  field?: string;
}

/** A failed API call, typed: views show `message` next to `field` when there is one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.field = body.field;
  }
}

/** The network itself failed (hub down, Wi-Fi gone): distinct from an answer with an error. */
export const NETWORK_ERROR = 'network';

export type Query = Readonly<Record<string, string | number | boolean | undefined | null>>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = authStore.get().token;
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  } catch {
    throw new ApiError(0, { code: NETWORK_ERROR, message: 'network' });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (response.ok) return parsed as T;
  const error = isErrorBody(parsed)
    ? parsed
    : { code: `http_${response.status}`, message: response.statusText || String(response.status) };
  if (response.status === 401 && token) {
    // The session ended (expired, password changed elsewhere, user deactivated): back to sign-in.
    signOut('expired');
  } else if (response.status === 403 && error.code === 'password_change_required') {
    navigate('/password');
  }
  throw new ApiError(response.status, error);
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).code === 'string';
}

/** The hub's REST API under /api, with the signed-in user's bearer token. */
export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', `/api${path}`, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', `/api${path}`, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', `/api${path}`, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', `/api${path}`, body ?? {}),
  upload: <T>(path: string, form: FormData) => request<T>('POST', `/api${path}`, form),
};

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
