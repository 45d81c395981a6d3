import type { EventMetadata, RecordedEvent } from '@cluebus/contracts';
import { chainHash, GENESIS_HASH, HashAlgorithm } from '../src/event-hash';
import { SeededRandom, seededRandom } from './seeded-random';

/**
 * A realistic global log for audit tests: clues registered by one department, transferred to
 * others, acknowledged, investigated and answered, interleaved across many clue streams and
 * hash-chained exactly as the store does (chainHash in global-position order).
 */

type Unsealed = Omit<RecordedEvent, 'prevHash' | 'hash'>;

const DEPARTMENTS = ['nhc', 'nhsa', 'mps', 'sta', 'samr', 'ccdi'] as const;
const REGIONS = ['341300', '340100', '110105', '440300', '510104'];
const CATEGORIES = ['kickback', 'fund-fraud', 'false-invoice', 'tax-evasion', 'bribery', 'official-misconduct', 'procurement-rigging'];
const SOURCES = ['report', 'complaint', 'inspection-tour', 'flight-inspection', 'data-matching', 'audit'];
const SUMMARIES = [
  '某医药公司以学术推广名义向县人民医院药剂科主任支付回扣',
  '定点医疗机构通过虚构住院、串换药品方式欺诈骗取医保基金',
  '医疗器械经销商虚开增值税专用发票，涉嫌偷逃税款',
  '集中带量采购中投标企业串通报价，涉嫌围标',
  '医院院长利用职务便利在设备采购中收受财物',
  '药品生产企业通过第三方咨询公司套取资金用于商业贿赂',
];
const COMPANIES = ['宿州康泰医药有限公司', '合肥仁和医疗器械有限公司', '深圳华瑞生物科技有限公司', '成都安康药业有限公司'];
const SURNAMES = ['张', '王', '李', '赵', '陈', '刘'];
const LEGAL_BASES = [
  '《中华人民共和国药品管理法》第八十八条',
  '《医疗保障基金使用监督管理条例》第四十条',
  '《中华人民共和国税收征收管理法》第六十三条',
  '《中华人民共和国监察法》第十五条',
];

function uuidV7(ms: number, rnd: SeededRandom): string {
  const t = ms.toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${rnd.hex(3)}-${rnd.pick(['8', '9', 'a', 'b'])}${rnd.hex(3)}-${rnd.hex(12)}`;
}

interface OpenClue {
  clueId: string;
  streamId: string;
  next: number; // stream position of the next event
  owner: string;
  transferId?: string;
  to?: string;
  correlationId: string;
}

function nextEvent(
  rnd: SeededRandom,
  clue: OpenClue,
  now: number,
): { type: string; data: Record<string, unknown>; department: string; legalBasis?: string } | undefined {
  const day = 86_400_000;
  switch (clue.next) {
    case 0:
      return {
        type: 'ClueRegistered',
        department: clue.owner,
        data: {
          clueId: clue.clueId,
          registeredBy: clue.owner,
          source: rnd.pick(SOURCES),
          category: rnd.pick(CATEGORIES),
          alsoConcerns: rnd.chance(0.5) ? [rnd.pick(CATEGORIES)] : [],
          summary: rnd.pick(SUMMARIES),
          subjects: [
            { kind: 'enterprise', name: rnd.pick(COMPANIES), role: 'briber', uscc: `91${rnd.pick(REGIONS)}MA${rnd.hex(8).toUpperCase()}` },
            { kind: 'person', name: `${rnd.pick(SURNAMES)}某`, role: 'bribe-taker', idToken: rnd.hex(64), position: '药剂科主任' },
          ],
          attachments: rnd.chance(0.4) ? [{ sha256: rnd.hex(64), name: '举报材料.pdf', mediaType: 'application/pdf' }] : [],
          reporter: rnd.chance(0.3) ? { anonymous: true } : { anonymous: false, name: `${rnd.pick(SURNAMES)}先生`, contact: `1${rnd.int(3, 9)}${rnd.int(100000000, 999999999)}` },
          amountYuan: rnd.chance(0.7) ? Math.round(rnd.next() * 5_000_000) / 100 : undefined,
        },
      };
    case 1: {
      const to = `${rnd.pick(DEPARTMENTS.filter((d) => !clue.owner.startsWith(d)))}:${clue.owner.split(':')[1]}`;
      clue.to = to;
      clue.transferId = uuidV7(now, rnd);
      return {
        type: 'ClueTransferred',
        department: clue.owner,
        legalBasis: rnd.pick(LEGAL_BASES),
        data: {
          clueId: clue.clueId,
          transferId: clue.transferId,
          from: clue.owner,
          to: [to],
          basis: '线索涉及本部门职责范围，依规移送',
          acknowledgeBy: new Date(now + 3 * day).toISOString(),
          feedbackBy: new Date(now + 30 * day).toISOString(),
          policyVersion: 'routing-2025.1',
        },
      };
    }
    case 2:
      return { type: 'TransferAcknowledged', department: clue.to!, data: { clueId: clue.clueId, transferId: clue.transferId, by: clue.to } };
    case 3:
      return {
        type: 'InvestigationOpened',
        department: clue.to!,
        legalBasis: rnd.pick(LEGAL_BASES),
        data: { clueId: clue.clueId, by: clue.to, caseNo: `${clue.to!.split(':')[0].toUpperCase()}-2025-${rnd.int(1000, 9999)}` },
      };
    case 4:
      return {
        type: 'FeedbackSubmitted',
        department: clue.to!,
        data: {
          clueId: clue.clueId,
          transferId: clue.transferId,
          by: clue.to,
          outcome: rnd.pick(['substantiated', 'partly-substantiated', 'unsubstantiated']),
          summary: '经核查，部分问题属实，已依法立案处理并追回违规资金',
          recoveredYuan: Math.round(rnd.next() * 1_000_000) / 100,
        },
      };
    default:
      return undefined;
  }
}

export interface SampleLogOptions {
  seed?: number;
  algorithm?: HashAlgorithm;
  /** Epoch ms of the first event. */
  start?: number;
}

/** `count` unsealed events in global order (positions 1..count), before hashing. */
export function sampleEvents(count: number, options: SampleLogOptions = {}): Unsealed[] {
  const rnd = seededRandom(options.seed ?? 1);
  let now = options.start ?? Date.UTC(2025, 0, 6, 1, 0, 0);
  const open: OpenClue[] = [];
  const out: Unsealed[] = [];
  while (out.length < count) {
    now += rnd.int(5, 90_000);
    if (open.length === 0 || (open.length < 40 && rnd.chance(0.25))) {
      const clueId = uuidV7(now, rnd);
      open.push({
        clueId,
        streamId: `clue-${clueId}`,
        next: 0,
        owner: `${rnd.pick(DEPARTMENTS)}:${rnd.pick(REGIONS)}`,
        correlationId: uuidV7(now, rnd),
      });
    }
    const i = rnd.int(0, open.length - 1);
    const clue = open[i];
    const step = nextEvent(rnd, clue, now);
    if (!step) {
      open.splice(i, 1);
      continue;
    }
    const occurredAt = new Date(now - rnd.int(0, 2_000)).toISOString();
    const metadata: EventMetadata = {
      department: step.department,
      actor: `${step.department.split(':')[0]}-clerk-${rnd.int(1, 40).toString().padStart(3, '0')}`,
      occurredAt,
      causationId: uuidV7(now, rnd),
      correlationId: clue.correlationId,
      ...(step.legalBasis ? { legalBasis: step.legalBasis } : {}),
    };
    out.push({
      streamId: clue.streamId,
      streamPosition: clue.next,
      globalPosition: out.length + 1,
      eventId: uuidV7(now, rnd),
      type: step.type,
      schemaVersion: 1,
      data: step.data,
      metadata,
      recordedAt: new Date(now + rnd.int(1, 300)).toISOString(),
    });
    clue.next += 1;
  }
  return out;
}

/** Hash-chains events in order, as the store does. */
export function sealEvents(events: readonly Unsealed[], algorithm: HashAlgorithm = 'sha256'): RecordedEvent[] {
  let prevHash = GENESIS_HASH;
  return events.map((e) => {
    const hash = chainHash(prevHash, e, algorithm);
    const sealed: RecordedEvent = { ...e, prevHash, hash };
    prevHash = hash;
    return sealed;
  });
}

/** A valid, hash-chained log of `count` events. */
export function buildSampleLog(count: number, options: SampleLogOptions = {}): RecordedEvent[] {
  return sealEvents(sampleEvents(count, options), options.algorithm ?? 'sha256');
}
