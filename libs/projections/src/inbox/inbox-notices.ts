import type { OneSidedBriberyFlagged, RecordedEvent, SanctionImposed } from '@cluebus/contracts';
import type { SqlExecutor } from '@cluebus/eventstore';

/**
 * Notices in a department's inbox that are not transfers: the one-sided bribery matters
 * (行贿受贿一起查) handed to ccdi, and the records the 联合惩戒 memorandum addresses to a department. One row per notice event, so a redelivery adds nothing; what the
 * recipient sees is the event's own data (references and event ids, no names).
 */
export const INBOX_NOTICES_SCHEMA = `
CREATE TABLE IF NOT EXISTS cluebus_inbox_notices (
  department     text        NOT NULL,
  notice_id      uuid        NOT NULL,
  kind           text        NOT NULL,
  case_id        uuid,
  data           jsonb       NOT NULL,
  noticed_at     timestamptz NOT NULL,
  event_position bigint      NOT NULL,
  PRIMARY KEY (department, notice_id)
);
`;

export type InboxNotice = OneSidedBriberyNotice | JointPunishmentNotice;

/** A measure of another department triggered a record in this one (联合惩戒备忘录): act on it. */
export interface JointPunishmentNotice {
  noticeId: string;
  kind: 'joint-punishment';
  sanctionId: string;
  /** `uscc:<code>` or an ID token: never a name of a person. */
  subjectKey: string;
  measure: string;
  startsOn: string;
  endsOn: string | null;
  /** The triggering SanctionImposed event, its sanction and the memorandum rule. */
  triggerEventId: string;
  triggerSanctionId: string;
  rule: string;
  noticedAt: string;
}

export interface OneSidedBriberyNotice {
  /** The notice's event id. */
  noticeId: string;
  kind: 'one-sided-bribery';
  caseId: string;
  briber: string;
  bribeTaker: string;
  substantiatedSide: OneSidedBriberyFlagged['substantiatedSide'];
  /** The substantiated findings it cites: check them with GET /v1/audit/events/:id/proof. */
  findingEventIds: string[];
  clueIds: string[];
  windowEndedAt: string;
  noticedAt: string;
}

/** Stores the notice for `department` when the event is one addressed to it; false when the event is no notice. */
export async function applyInboxNotice(tx: SqlExecutor, event: RecordedEvent, mine: (instance: string) => boolean): Promise<boolean> {
  const kind = event.type === 'OneSidedBriberyFlagged' ? 'one-sided-bribery' : event.type === 'SanctionImposed' ? 'joint-punishment' : undefined;
  if (!kind) return false;
  const d = event.data as unknown as { recipient?: string; caseId?: string };
  if (!d.recipient || !mine(d.recipient)) return true;
  await tx.query(
    `INSERT INTO cluebus_inbox_notices (department, notice_id, kind, case_id, data, noticed_at, event_position)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [d.recipient, event.eventId, kind, d.caseId ?? null, JSON.stringify(d), event.metadata.occurredAt, event.globalPosition],
  );
  return true;
}

interface NoticeRow {
  notice_id: string;
  kind: InboxNotice['kind'];
  case_id: string;
  data: object | string;
  noticed_at: Date | string;
}

export async function queryInboxNotices(sql: SqlExecutor, department: string): Promise<InboxNotice[]> {
  const { rows } = await sql.query<NoticeRow>(
    `SELECT notice_id, kind, case_id, data, noticed_at FROM cluebus_inbox_notices WHERE department = $1 ORDER BY event_position, notice_id`,
    [department],
  );
  return rows.map((r): InboxNotice => {
    const noticedAt = new Date(r.noticed_at).toISOString();
    if (r.kind === 'joint-punishment') {
      const s = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as SanctionImposed;
      return {
        noticeId: r.notice_id,
        kind: 'joint-punishment',
        sanctionId: s.sanctionId,
        subjectKey: s.subject.key,
        measure: s.measure,
        startsOn: s.startsOn,
        endsOn: s.endsOn ?? null,
        triggerEventId: s.trigger!.eventId,
        triggerSanctionId: s.trigger!.sanctionId,
        rule: s.trigger!.rule,
        noticedAt,
      };
    }
    const d = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as OneSidedBriberyFlagged;
    return {
      noticeId: r.notice_id,
      kind: 'one-sided-bribery',
      caseId: r.case_id,
      briber: d.briber,
      bribeTaker: d.bribeTaker,
      substantiatedSide: d.substantiatedSide,
      findingEventIds: [...d.findingEventIds],
      clueIds: [...d.clueIds],
      windowEndedAt: d.windowEndedAt,
      noticedAt,
    };
  });
}
