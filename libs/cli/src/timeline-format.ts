/**
 * An event as the HTTP API returns it, with what a timeline shows: a clue's history gives
 * RecordedEventDto (globalPosition), a case's timeline CaseTimelineEventDto (position, and an
 * inclusion proof with proof=true).
 */
export interface TimelineEvent {
  eventId: string;
  type: string;
  streamId: string;
  streamPosition: number;
  globalPosition?: number;
  position?: number;
  recordedAt: string;
  hash: string;
  metadata: { department: string; actor: string; occurredAt: string; legalBasis?: string; causationId?: string; correlationId?: string };
  proof?: { treeSize?: number };
  proofWithheld?: string;
}

const paint = (on: boolean, code: number) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/**
 * A readable timeline: one line per event (position, when, type, who), a second with the legal
 * basis and the chain hash. Pure, so the terminal's colours are a flag: plain text in a pipe.
 * Only what the API returned is shown; the data payload is left out (it can carry free text).
 */
export function formatTimeline(title: string, events: readonly TimelineEvent[], color: boolean): string[] {
  const dim = paint(color, 2);
  const bold = paint(color, 1);
  const cyan = paint(color, 36);
  const lines = [bold(title), dim(`${events.length} event(s)`)];
  for (const e of events) {
    const proof = e.proof ? `  proof: in checkpoint of ${e.proof.treeSize ?? '?'}` : e.proofWithheld ? `  proof withheld: ${e.proofWithheld}` : '';
    lines.push(`${dim(`#${String(e.globalPosition ?? e.position).padStart(6)}`)}  ${e.recordedAt}  ${bold(e.type.padEnd(26))} ${cyan(e.metadata.department)}  ${e.metadata.actor}  ${dim(`${e.streamId}@${e.streamPosition}`)}`);
    lines.push(dim(`         ${e.metadata.legalBasis ? `basis: ${e.metadata.legalBasis}  ` : ''}hash ${e.hash.slice(0, 16)}…  event ${e.eventId}${proof}`));
  }
  return lines;
}
