import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor, ServiceUnavailableException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, type Observable, switchMap, tap } from 'rxjs';
import type { Principal } from '../../auth/principal';
import { IdTokenizer } from '../../identity/id-tokenizer';
import { AccessLog, withoutClearIds } from './access-log';
import { LOGGED_FOR_EVERY_ROLE, loggedForDepartments } from './logged-for-every-role.decorator';

/**
 * Every request by a non-department key (investigators, auditors) is recorded in cluebus_access_log before
 * it is answered (a write: before it is handled); a refusal also goes to the structured log (a served read at debug level). Department requests pass through:
 * their writes are events, their reads are of their own clues — except on routes marked
 * @LoggedForEveryRole (replays of a case's history), which are recorded whoever reads them.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  private readonly logger = new Logger('AccessLog');

  constructor(
    private readonly accessLog: AccessLog,
    private readonly tokenizer: IdTokenizer,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest();
    const principal: Principal | undefined = request.principal;
    if (!principal) return next.handle();
    if (principal.role === 'department') {
      const marked = this.reflector.getAllAndOverride<string[] | undefined>(LOGGED_FOR_EVERY_ROLE, [context.getHandler(), context.getClass()]);
      if (!loggedForDepartments(marked, request.query)) return next.handle();
    }
    const route = `${request.baseUrl ?? ''}${request.route?.path ?? request.path}`;
    // An ID number asked for (GET /v1/blacklist?idNumber=) is recorded and logged as its token only.
    const target = withoutClearIds({ ...request.params, ...request.query }, this.tokenizer);
    const started = Date.now();
    const entry = this.accessLog.record({ principal, method: request.method, route, target }).catch((error: unknown) => {
      this.logger.error({ msg: 'access log write failed; request refused', route, error: String(error) });
      throw new ServiceUnavailableException({ code: 'ACCESS_LOG_UNAVAILABLE', message: 'reads by this role are logged, and the log cannot be written now' });
    });
    // The durable record is the row written above; a served read's log line is only a debug
    // echo of it (a line per lookup was a quarter of an auditor lookup's cost: BENCHMARKS.md).
    const done = (accessId: number, status: string) => {
      const line = { msg: 'audited read', accessId, role: principal.role, actor: principal.actor, key: principal.keyFingerprint, method: request.method, route, target, status, ms: Date.now() - started };
      if (status === 'served') this.logger.debug(line);
      else this.logger.log(line);
    };
    if (READS.has(request.method)) {
      // A read runs while its record is written and is answered only once both are done: the
      // answer still waits for the committed row (and is replaced by a 503 if it cannot be
      // written), but the two round trips overlap instead of taking turns (BENCHMARKS.md).
      const answered = async () => {
        const handled = lastValueFrom(next.handle()).then((value) => ({ value }), (error: unknown) => ({ error }));
        const [accessId, outcome] = await Promise.all([entry, handled]);
        if ('error' in outcome) {
          done(accessId, `refused: ${(outcome.error as { status?: number }).status ?? 500}`);
          throw outcome.error;
        }
        done(accessId, 'served');
        return outcome.value;
      };
      return from(answered());
    }
    // Anything else is handled only after its record is committed.
    return from(entry).pipe(
      switchMap((accessId) =>
        next.handle().pipe(
          tap({
            next: () => done(accessId, 'served'),
            error: (error: unknown) => done(accessId, `refused: ${(error as { status?: number }).status ?? 500}`),
          }),
        ),
      ),
    );
  }
}

/** Methods that only read: their handler may run while the record is written. */
const READS = new Set(['GET', 'HEAD']);
