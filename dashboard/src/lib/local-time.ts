/** `<input type="datetime-local">` gives local wall time without a zone; the API wants an instant. */
export function localInputToIso(value: string): string {
  return new Date(value).toISOString();
}

/** An instant as the `datetime-local` input shows it, in this device's zone (minutes). */
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
