import { EventEmitter } from 'node:events';
import { type ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IdTokenizer } from '../../identity/id-tokenizer';
import type { AccessLog, AccessRecord } from './access-log';
import { AccessLogGuard } from './access-log.guard';
import { LoggedForEveryRole } from './logged-for-every-role.decorator';

class Routes {
  list() {}
  @LoggedForEveryRole()
  timeline() {}
}

/** An access log whose writes the test commits or fails by hand. */
class ManualAccessLog {
  readonly records: AccessRecord[] = [];
  private pending: Array<{ resolve: (id: number) => void; reject: (e: unknown) => void }> = [];
  record(record: AccessRecord): Promise<number> {
    this.records.push(record);
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
  commit(id: number) {
    this.pending.shift()!.resolve(id);
  }
  fail() {
    this.pending.shift()!.reject(new Error('table cannot be written'));
  }
}

const requestBy = (role: 'auditor' | 'department', method = 'GET') => ({
  method,
  principal: { role, instance: role === 'auditor' ? 'auditor' : 'nhc:341300', actor: 'a', keyFingerprint: 'f' },
  baseUrl: '/v1',
  route: { path: '/blacklist' },
  params: {},
  query: { idNumber: '11010519491231002X' },
});

const responseOf = (statusCode = 200) => Object.assign(new EventEmitter(), { statusCode, writableFinished: false });

const contextOf = (request: object, handler: 'list' | 'timeline' = 'list', response = responseOf()) =>
  ({
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
  }) as unknown as ExecutionContext;

const settled = <T>(p: Promise<T>) => p.then((value) => ({ value }), (error: unknown) => ({ error }));
const tick = () => new Promise((r) => setImmediate(r));

describe('AccessLogGuard', () => {
  let log: ManualAccessLog;
  let guard: AccessLogGuard;
  beforeEach(() => {
    log = new ManualAccessLog();
    guard = new AccessLogGuard(log as unknown as AccessLog, new IdTokenizer('unit-key'), new Reflector());
  });

  it('given an auditor request, when its row is not yet committed, then it is not let through; once committed, it is', async () => {
    let through = false;
    const admitted = guard.canActivate(contextOf(requestBy('auditor'))).then((v) => ((through = true), v));
    await tick();
    expect(through).toBe(false);
    log.commit(7);
    expect(await admitted).toBe(true);
    // the record names the read, the ID number by its token only
    expect(log.records[0]).toMatchObject({ method: 'GET', route: '/v1/blacklist' });
    expect(JSON.stringify(log.records[0].target)).not.toContain('11010519491231002X');
  });

  it('given an auditor request, when its row cannot be written, then it is refused with 503 ACCESS_LOG_UNAVAILABLE', async () => {
    const admitted = settled(guard.canActivate(contextOf(requestBy('auditor'))));
    await tick();
    log.fail();
    const outcome = (await admitted) as { error?: { getStatus(): number; getResponse(): unknown } };
    expect(outcome.error?.getStatus()).toBe(503);
    expect(outcome.error?.getResponse()).toMatchObject({ code: 'ACCESS_LOG_UNAVAILABLE' });
  });

  it('given a department read of an unmarked route, then it passes with nothing recorded', async () => {
    expect(await guard.canActivate(contextOf(requestBy('department')))).toBe(true);
    expect(log.records).toHaveLength(0);
  });

  it('given a department read of a route marked @LoggedForEveryRole, then it is recorded before it passes', async () => {
    const admitted = guard.canActivate(contextOf(requestBy('department'), 'timeline'));
    await tick();
    expect(log.records).toHaveLength(1);
    log.commit(8);
    expect(await admitted).toBe(true);
  });

  it('given an admitted auditor request, when the client hangs up before the answer is sent, then its outcome is logged as abandoned; a refused one with its status', async () => {
    const lines = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const abandoned = responseOf();
      const first = guard.canActivate(contextOf(requestBy('auditor'), 'list', abandoned));
      log.commit(9);
      await first;
      abandoned.emit('close');
      const refused = responseOf(404);
      const second = guard.canActivate(contextOf(requestBy('auditor'), 'list', refused));
      await tick();
      log.commit(10);
      await second;
      refused.writableFinished = true;
      refused.emit('close');
      expect(lines.mock.calls.map(([line]) => [(line as { accessId: number }).accessId, (line as { status: string }).status])).toEqual([
        [9, 'abandoned by the client'],
        [10, 'refused: 404'],
      ]);
    } finally {
      lines.mockRestore();
    }
  });
});
