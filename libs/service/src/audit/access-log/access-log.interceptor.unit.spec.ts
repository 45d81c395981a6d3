import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, Observable } from 'rxjs';
import { IdTokenizer } from '../../identity/id-tokenizer';
import type { AccessLog, AccessRecord } from './access-log';
import { AccessLogInterceptor } from './access-log.interceptor';

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

const auditorRequest = (method: string) => ({
  method,
  principal: { role: 'auditor', instance: 'auditor', actor: 'a', keyFingerprint: 'f' },
  baseUrl: '/v1',
  route: { path: '/blacklist' },
  params: {},
  query: { idNumber: '11010519491231002X' },
});

const contextOf = (request: object) =>
  ({ switchToHttp: () => ({ getRequest: () => request }), getHandler: () => undefined, getClass: () => undefined }) as unknown as ExecutionContext;

/** A handler that records when it ran and answers (or fails) as told. */
function handler(outcome: () => unknown) {
  const calls = { ran: false };
  const next: CallHandler = {
    handle: () =>
      new Observable((subscriber) => {
        calls.ran = true;
        try {
          subscriber.next(outcome());
          subscriber.complete();
        } catch (error) {
          subscriber.error(error);
        }
      }),
  };
  return { next, calls };
}

const settled = <T>(p: Promise<T>) => p.then((value) => ({ value }), (error: unknown) => ({ error }));
const tick = () => new Promise((r) => setImmediate(r));

describe('AccessLogInterceptor', () => {
  let log: ManualAccessLog;
  let interceptor: AccessLogInterceptor;
  beforeEach(() => {
    log = new ManualAccessLog();
    interceptor = new AccessLogInterceptor(log as unknown as AccessLog, new IdTokenizer('unit-key'), new Reflector());
  });

  it('given an auditor GET, when its row is not yet committed, then the handler has run but nothing is answered until the row commits', async () => {
    const { next, calls } = handler(() => ({ listings: [] }));
    let answered = false;
    const answer = lastValueFrom(interceptor.intercept(contextOf(auditorRequest('GET')), next)).then((v) => ((answered = true), v));
    await tick();
    expect(calls.ran).toBe(true);
    expect(answered).toBe(false);
    log.commit(7);
    expect(await answer).toEqual({ listings: [] });
    // the record names the read, the ID number by its token only
    expect(log.records[0]).toMatchObject({ method: 'GET', route: '/v1/blacklist' });
    expect(JSON.stringify(log.records[0].target)).not.toContain('11010519491231002X');
  });

  it('given an auditor GET, when its row cannot be written, then the answer is a 503 ACCESS_LOG_UNAVAILABLE, not the data', async () => {
    const { next } = handler(() => ({ listings: ['secret'] }));
    const answer = settled(lastValueFrom(interceptor.intercept(contextOf(auditorRequest('GET')), next)));
    await tick();
    log.fail();
    const outcome = await answer;
    expect('value' in outcome).toBe(false);
    expect((outcome as { error: { getStatus(): number; getResponse(): unknown } }).error.getStatus()).toBe(503);
    expect((outcome as { error: { getResponse(): unknown } }).error.getResponse()).toMatchObject({ code: 'ACCESS_LOG_UNAVAILABLE' });
  });

  it('given an auditor GET whose handler fails, when the row commits, then the handler\'s error is the answer', async () => {
    const refusal = Object.assign(new Error('bad uscc'), { status: 400 });
    const { next } = handler(() => {
      throw refusal;
    });
    const answer = settled(lastValueFrom(interceptor.intercept(contextOf(auditorRequest('GET')), next)));
    await tick();
    log.commit(8);
    expect(await answer).toEqual({ error: refusal });
  });

  it('given a write by an investigator, when its row is not yet committed, then the handler has not run', async () => {
    const { next, calls } = handler(() => 'done');
    const answer = lastValueFrom(interceptor.intercept(contextOf(auditorRequest('POST')), next));
    await tick();
    expect(calls.ran).toBe(false);
    log.commit(9);
    expect(await answer).toBe('done');
    expect(calls.ran).toBe(true);
  });
});
