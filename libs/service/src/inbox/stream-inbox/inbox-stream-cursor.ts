/**
 * Where a stream starts: after the position in `Last-Event-ID` (sent by an SSE client when it
 * reconnects, so it wins), else `?after=`, else 0 (from the beginning). A cursor is a global log
 * position: a non-negative integer; anything else is refused, naming what to fix.
 */
export function streamCursorOf(lastEventId: string | undefined, after: string | undefined): { after: number } | { field: string; message: string } {
  const [field, raw] = lastEventId !== undefined && lastEventId !== '' ? ['Last-Event-ID', lastEventId] : ['after', after];
  if (raw === undefined || raw === '') return { after: 0 };
  if (!/^\d{1,15}$/.test(raw.trim())) return { field, message: `${field} must be a global log position (a non-negative integer), got ${JSON.stringify(raw.slice(0, 40))}` };
  return { after: Number(raw.trim()) };
}
