/**
 * The transition table: every command, by every kind of actor, in every state of a clue's life.
 * 'ok' means the command is accepted (and yields its event type); otherwise the refusal code.
 */
import type { ClueEvent, ClueEventType } from '@cluebus/contracts';
import { clueSpecification } from '../testing/clue-specification';
import { cmd, ev, MPS, NHC, NHSA, OUTSIDER, SAMR, STA, CCDI } from '../testing/clue-fixtures';
import type { ClueCommand } from './clue-commands';
import { ClueErrorCodes as E, type ClueErrorCode } from './clue-error-codes';
import { DomainError } from '../domain-error';
import { foldClue } from './clue-state';

const given = clueSpecification();

const R = ev.registered(NHC);
const T1 = ev.transferred('t1', NHC, [SAMR, NHSA]);
const S2 = [R, T1];
const S3 = [...S2, ev.acknowledged('t1', SAMR)];
const S6 = [...S3, ev.opened(SAMR)];
const S7 = [...S6, ev.found(SAMR, 'substantiated')];
const S9 = [...S7, ev.disposed(SAMR)];

const STATES: Record<string, ClueEvent[]> = {
  '0 none': [],
  '1 registered': [R],
  '2 transferred (SAMR, NHSA pending)': S2,
  '3 SAMR acknowledged': S3,
  '4 SAMR rejected': [...S2, ev.rejected('t1', SAMR)],
  '5 SAMR forwarded to MPS': [...S3, ev.forwarded('f1', 't1', SAMR, [MPS])],
  '6 SAMR investigating': S6,
  '7 SAMR found substantiated': S7,
  '8 SAMR found unsubstantiated': [...S6, ev.found(SAMR, 'unsubstantiated')],
  '9 SAMR disposition decided': S9,
  '10 SAMR feedback sent': [...S9, ev.fedBack(SAMR, NHC, 't1')],
  '11 SAMR asked for more time': [...S2, ev.extensionRequested('t1', SAMR, NHC)],
};

type Expected = 'ok' | ClueErrorCode;
interface Column {
  actor: string;
  command: ClueCommand;
  emits: ClueEventType;
}

const COLUMNS: Record<string, Column> = {
  'NHC register': { actor: NHC, command: cmd.register(), emits: 'ClueRegistered' },
  'NHC transfer→CCDI': { actor: NHC, command: cmd.transfer('t9', [CCDI]), emits: 'ClueTransferred' },
  'NHC ack t1': { actor: NHC, command: cmd.acknowledge('t1'), emits: 'TransferAcknowledged' },
  'NHC forward': { actor: NHC, command: cmd.forward('f9', [STA]), emits: 'ClueForwarded' },
  'NHC open': { actor: NHC, command: cmd.open(), emits: 'InvestigationOpened' },
  'NHC feedback': { actor: NHC, command: cmd.feedback(), emits: 'FeedbackSent' },
  'SAMR transfer': { actor: SAMR, command: cmd.transfer('t9', [STA]), emits: 'ClueTransferred' },
  'SAMR ack t1': { actor: SAMR, command: cmd.acknowledge('t1'), emits: 'TransferAcknowledged' },
  'SAMR reject t1': { actor: SAMR, command: cmd.reject('t1'), emits: 'TransferRejected' },
  'SAMR forward→STA': { actor: SAMR, command: cmd.forward('f9', [STA]), emits: 'ClueForwarded' },
  'SAMR open': { actor: SAMR, command: cmd.open(), emits: 'InvestigationOpened' },
  'SAMR find': { actor: SAMR, command: cmd.find(), emits: 'FindingRecorded' },
  'SAMR dispose': { actor: SAMR, command: cmd.dispose(), emits: 'DispositionDecided' },
  'SAMR feedback': { actor: SAMR, command: cmd.feedback(), emits: 'FeedbackSent' },
  'MPS ack f1': { actor: MPS, command: cmd.acknowledge('f1'), emits: 'TransferAcknowledged' },
  'MPS open': { actor: MPS, command: cmd.open(), emits: 'InvestigationOpened' },
  'NHSA ack t1': { actor: NHSA, command: cmd.acknowledge('t1'), emits: 'TransferAcknowledged' },
  'OUTSIDER open': { actor: OUTSIDER, command: cmd.open(), emits: 'InvestigationOpened' },
  'OUTSIDER ack t1': { actor: OUTSIDER, command: cmd.acknowledge('t1'), emits: 'TransferAcknowledged' },
  'SAMR ask ext t1': { actor: SAMR, command: cmd.requestExtension('t1'), emits: 'TransferExtensionRequested' },
  'NHC grant ext t1': { actor: NHC, command: cmd.grantExtension('t1'), emits: 'TransferExtensionGranted' },
};

const NF = E.CLUE_NOT_FOUND;
const TNF = E.TRANSFER_NOT_FOUND;
const AA = E.TRANSFER_ALREADY_ANSWERED;
const IT = E.ILLEGAL_TRANSITION;
const EXISTS = E.CLUE_ALREADY_EXISTS;
const ONLY_REG = E.ONLY_REGISTRAR_MAY_TRANSFER;
const ONLY_RCP = E.ONLY_RECIPIENTS_MAY_FORWARD;
const NTA = E.NOTHING_TO_ANSWER;
const MAF = E.MUST_ACKNOWLEDGE_FIRST;
const REJ = E.CLUE_REJECTED_BY_ACTOR;
const OPEN = E.INVESTIGATION_ALREADY_OPEN;
const NEED_F = E.FEEDBACK_REQUIRES_FINDING;
const NEED_D = E.FEEDBACK_REQUIRES_DISPOSITION;
const SENT = E.FEEDBACK_ALREADY_SENT;
const NO_DL = E.EXTENSION_NEEDS_OPEN_DEADLINE;
const ASKED = E.EXTENSION_ALREADY_REQUESTED;
const NO_REQ = E.NO_OPEN_EXTENSION_REQUEST;

// prettier-ignore
const COLUMN_ORDER = [
  'NHC register', 'NHC transfer→CCDI', 'NHC ack t1', 'NHC forward', 'NHC open', 'NHC feedback',
  'SAMR transfer', 'SAMR ack t1', 'SAMR reject t1', 'SAMR forward→STA', 'SAMR open', 'SAMR find', 'SAMR dispose', 'SAMR feedback',
  'MPS ack f1', 'MPS open', 'NHSA ack t1', 'OUTSIDER open', 'OUTSIDER ack t1', 'SAMR ask ext t1', 'NHC grant ext t1',
] as const;

// prettier-ignore
const TABLE: Record<keyof typeof STATES, Expected[]> = {
  //                                 NHC: register transfer ack   forward  open  feedback | SAMR: transfer ack  reject forward open  find dispose feedback | MPS ack  open | NHSA ack | OUT open ack | SAMR ask ext | NHC grant ext
  '0 none':                         ['ok',   NF,   NF,   NF,      NF,   NF,               NF,     NF,  NF,    NF,     NF,   NF,  NF,     NF,                NF,      NF,    NF,        NF,  NF, NF, NF],
  '1 registered':                   [EXISTS, 'ok', TNF,  ONLY_RCP,'ok', NTA,              NF,     NF,  NF,    NF,     NF,   NF,  NF,     NF,                NF,      NF,    NF,        NF,  NF, NF, TNF],
  '2 transferred (SAMR, NHSA pending)': [EXISTS, 'ok', TNF, ONLY_RCP,'ok', NTA,           ONLY_REG,'ok','ok',  MAF,    MAF,  IT,  IT,     MAF,               NF,      NF,    'ok',      NF,  NF, 'ok', NO_REQ],
  '3 SAMR acknowledged':            [EXISTS, 'ok', TNF,  ONLY_RCP,'ok', NTA,              ONLY_REG,AA,  AA,    'ok',   'ok', IT,  IT,     NEED_F,            NF,      NF,    'ok',      NF,  NF, 'ok', NO_REQ],
  '4 SAMR rejected':                [EXISTS, 'ok', TNF,  ONLY_RCP,'ok', NTA,              ONLY_REG,AA,  AA,    REJ,    REJ,  IT,  IT,     REJ,               NF,      NF,    'ok',      NF,  NF, NO_DL, NO_REQ],
  '5 SAMR forwarded to MPS':        [EXISTS, 'ok', TNF,  ONLY_RCP,'ok', NTA,              ONLY_REG,AA,  AA,    'ok',   'ok', IT,  IT,     NEED_F,            'ok',    MAF,   'ok',      NF,  NF, 'ok', NO_REQ],
  '6 SAMR investigating':           [EXISTS, 'ok', TNF,  ONLY_RCP,'ok', NTA,              ONLY_REG,AA,  AA,    'ok',   OPEN, 'ok',IT,     NEED_F,            NF,      NF,    'ok',      NF,  NF, 'ok', NO_REQ],
  '7 SAMR found substantiated':     [EXISTS, 'ok', TNF,  ONLY_RCP,'ok', NTA,              ONLY_REG,AA,  AA,    'ok',   OPEN, IT,  'ok',   NEED_D,            NF,      NF,    'ok',      NF,  NF, 'ok', NO_REQ],
  '8 SAMR found unsubstantiated':   [EXISTS, 'ok', TNF,  ONLY_RCP,'ok', NTA,              ONLY_REG,AA,  AA,    'ok',   OPEN, IT,  'ok',   'ok',              NF,      NF,    'ok',      NF,  NF, 'ok', NO_REQ],
  '9 SAMR disposition decided':     [EXISTS, 'ok', TNF,  ONLY_RCP,'ok', NTA,              ONLY_REG,AA,  AA,    'ok',   OPEN, IT,  IT,     'ok',              NF,      NF,    'ok',      NF,  NF, 'ok', NO_REQ],
  '10 SAMR feedback sent':          [EXISTS, 'ok', TNF,  ONLY_RCP,'ok', NTA,              ONLY_REG,AA,  AA,    'ok',   OPEN, IT,  IT,     SENT,              NF,      NF,    'ok',      NF,  NF, NO_DL, NO_REQ],
  '11 SAMR asked for more time':    [EXISTS, 'ok', TNF,  ONLY_RCP,'ok', NTA,              ONLY_REG,'ok','ok',  MAF,    MAF,  IT,  IT,     MAF,               NF,      NF,    'ok',      NF,  NF, ASKED, 'ok'],
};

const rows = Object.entries(TABLE).flatMap(([state, expectations]) =>
  COLUMN_ORDER.map((column, i) => [state, column, expectations[i] as Expected] as const),
);

describe('Clue transition table', () => {
  it('has one expectation per column in every row', () => {
    for (const expectations of Object.values(TABLE)) expect(expectations).toHaveLength(COLUMN_ORDER.length);
  });

  it.each(rows)('in state %s, %s → %s', (state, column, expected) => {
    const { actor, command, emits } = COLUMNS[column]!;
    const outcome = given(...STATES[state]!).when(command, actor);
    if (expected === 'ok') {
      const events = outcome.result();
      expect(events.map((e) => e.type)).toEqual([emits]);
      // evolve understands what decide produced: the fact changes the state.
      const before = foldClue(STATES[state]!);
      expect(foldClue(events, before)).not.toEqual(before);
    } else {
      const err = outcome.thenThrows(expected);
      expect(err).toBeInstanceOf(DomainError);
      expect(err.kind).toBe(expected === NF || expected === TNF ? 'not-found' : 'rule');
    }
  });
});

