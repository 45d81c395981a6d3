import type { ClueTransferred, NewEvent } from '@cluebus/contracts';
import { contractSchemaCheck, EventMustMatchItsSchema, EventSchemaViolationError } from './event-schema-check';

const transferred: ClueTransferred = {
  clueId: '0190a0c4-0000-7000-8000-000000000001',
  transferId: '0190a0c4-0000-7000-8000-000000000002',
  from: 'nhc:341300',
  to: ['samr:341300'],
  basis: '医药领域腐败问题线索移交机制',
  acknowledgeBy: '2026-11-17T02:00:00.000Z',
  feedbackBy: '2026-12-22T02:00:00.000Z',
};
const event = (data: unknown, type = 'ClueTransferred', schemaVersion = 1): Pick<NewEvent, 'type' | 'schemaVersion' | 'data'> => ({ type, schemaVersion, data: data as Record<string, unknown> });

describe('EventMustMatchItsSchema (the contract schemas, checked on append)', () => {
  const check = contractSchemaCheck();

  it('given a ClueTransferred as its type says, when checked, then it passes', () => {
    expect(() => check.check(event(transferred))).not.toThrow();
  });

  it('given a ClueTransferred whose `to` is a string, not a list, when checked, then it is refused naming type, version and path', () => {
    const bad = () => check.check(event({ ...transferred, to: 'samr:341300' }));
    expect(bad).toThrow(EventSchemaViolationError);
    expect(bad).toThrow('ClueTransferred v1 does not match its JSON Schema: /to must be array');
  });

  it('given a nested wrong type and an unknown field, when checked, then every path is named, and the field name but never a value', () => {
    const registered = { clueId: 'c', registeredBy: 'nhc:341300', source: 'report', category: 'kickback', alsoConcerns: [], summary: 's', attachments: [] };
    const bad = event({ ...registered, subjects: [{ kind: 'person', name: '张某', idNumber: '11010519491231002X' }] }, 'ClueRegistered');
    let error: EventSchemaViolationError | undefined;
    try {
      check.check(bad);
    } catch (e) {
      error = e as EventSchemaViolationError;
    }
    expect(error).toMatchObject({ eventType: 'ClueRegistered', schemaVersion: 1, problems: ['/subjects/0 must NOT have additional properties (idNumber)'] });
    expect(error?.message).not.toContain('11010519491231002X');
  });

  it('given a FindingRecorded at v1 without evidence and at v2 without it, when checked, then v1 passes and v2 is refused (each version its own schema)', () => {
    const finding = { clueId: 'c', by: 'samr:341300', result: 'substantiated', summary: '查实' };
    expect(() => check.check(event(finding, 'FindingRecorded', 1))).not.toThrow();
    expect(() => check.check(event(finding, 'FindingRecorded', 2))).toThrow("FindingRecorded v2 does not match its JSON Schema: / must have required property 'evidence'");
  });

  it('given a type or version without a schema, when checked, then it is refused as a programming error', () => {
    expect(() => check.check(event(transferred, 'ClueTransferred', 9))).toThrow('ClueTransferred v9 does not match its JSON Schema: no schema for this type and version');
    expect(() => new EventMustMatchItsSchema([]).check(event({}, 'Anything'))).toThrow(EventSchemaViolationError);
  });
});
