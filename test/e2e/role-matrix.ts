/**
 * The role × endpoint matrix (issue #14, ADR 0016): for every operation of the OpenAPI
 * document, who may call it. `role-matrix.e2e.spec.ts` calls each one as each principal and
 * fails on a route without an entry here, and on an entry without a route.
 *
 * Columns: `lead` — a clerk of the lead unit (nhc, 牵头单位: 督办, every department's ledger
 * metadata, the access log); `clerk` — a clerk of another department (samr by API key, ccdi by
 * JWT); `investigator` — reads full history and proofs, writes nothing; `auditor` — reads the
 * blacklist and ledgers, writes nothing. Without a key or with a wrong key every call is 401,
 * except on `public` operations (open to all, no data).
 *
 * `allow`: the credential is accepted (the answer may still be 400/404/409 — the request is
 * syntactically valid but names no real clue); `deny`: 403.
 * To add a route: one line, operationId → the four cells.
 */
export type Cell = 'allow' | 'deny';
export type Column = 'lead' | 'clerk' | 'investigator' | 'auditor';
export type Entry = Record<Column, Cell> | 'public';

const A = 'allow';
const D = 'deny';
/** Department work: both clerks, no reader role. */
const CLERKS: Entry = { lead: A, clerk: A, investigator: D, auditor: D };
/** Lead unit only (nhc), no reader role. */
const LEAD_ONLY: Entry = { lead: A, clerk: D, investigator: D, auditor: D };
/** Department reads an investigator may also make. */
const CLERKS_AND_INVESTIGATOR: Entry = { lead: A, clerk: A, investigator: A, auditor: D };
/** The audit API: investigators only. */
const INVESTIGATOR_ONLY: Entry = { lead: D, clerk: D, investigator: A, auditor: D };

/**
 * Non-GET operations a reader role (investigator, auditor) may call, each with why: the
 * readers write nothing, so the test refuses any other non-GET cell they are allowed.
 */
export const READER_POSTS: Record<string, string> = {
  verifyLog: 'recomputes the hash chain and answers; appends nothing to the history',
};

export const ROLE_MATRIX: Record<string, Entry> = {
  // clues
  registerClue: CLERKS,
  transferClue: CLERKS,
  acknowledgeTransfer: CLERKS,
  rejectTransfer: CLERKS,
  issueSupervision: CLERKS, // the lead-unit rule is the domain's (ONLY_LEAD_UNIT_MAY_SUPERVISE on a real transfer), after the clue is found
  requestExtension: CLERKS,
  grantExtension: CLERKS,
  denyExtension: CLERKS,
  forwardClue: CLERKS,
  openInvestigation: CLERKS,
  recordFinding: CLERKS,
  decideDisposition: CLERKS,
  sendFeedback: CLERKS,
  getClue: CLERKS_AND_INVESTIGATOR,
  suggestRecipients: CLERKS,
  getClueHistory: CLERKS_AND_INVESTIGATOR,
  // inbox
  getInbox: CLERKS,
  streamInbox: CLERKS,
  // open
  getHealth: 'public',
  listEventSchemas: 'public',
  getEventSchema: 'public',
  // audit
  getLatestCheckpoint: INVESTIGATOR_ONLY,
  getCheckpoint: INVESTIGATOR_ONLY,
  getAuditPublicKeys: INVESTIGATOR_ONLY,
  getEventProof: INVESTIGATOR_ONLY,
  getConsistencyProof: INVESTIGATOR_ONLY,
  getAuditStatus: INVESTIGATOR_ONLY,
  verifyLog: INVESTIGATOR_ONLY, // recomputes the chain; appends nothing to the history
  getAccessLog: LEAD_ONLY,
  // cases
  openCase: CLERKS,
  listCases: CLERKS_AND_INVESTIGATOR,
  attachClueToCase: CLERKS,
  concludeCaseTrack: CLERKS,
  concludeCase: CLERKS,
  linkBriberyPair: CLERKS,
  getCase: CLERKS_AND_INVESTIGATOR,
  getCaseTimeline: CLERKS_AND_INVESTIGATOR,
  // ledgers
  getLedger: { lead: A, clerk: A, investigator: D, auditor: A },
  getStats: CLERKS,
  // personal data
  eraseSubjectData: CLERKS,
  eraseReporterData: CLERKS,
  // sanctions and the blacklist
  imposeSanction: CLERKS,
  revokeSanction: CLERKS,
  repairCredit: CLERKS,
  getBlacklist: { lead: A, clerk: A, investigator: A, auditor: A },
  getBlacklistChanges: { lead: A, clerk: A, investigator: A, auditor: A },
};

/**
 * Cells that depend on a query rather than the route: the same operation asked for more.
 * `getLedger?scope=all` is every department's ledger (metadata only): the lead unit and the
 * auditor, not another department's clerk (ONLY_LEAD_UNIT_MAY_VIEW_ALL).
 */
export const QUERY_CELLS: Array<{ operationId: string; query: string; cells: Record<Column, Cell> }> = [
  { operationId: 'getLedger', query: 'scope=all', cells: { lead: A, clerk: D, investigator: D, auditor: A } },
];
