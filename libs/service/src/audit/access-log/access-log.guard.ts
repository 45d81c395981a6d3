import { type CanActivate, type ExecutionContext, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal } from '../../auth/principal';
import { IdTokenizer } from '../../identity/id-tokenizer';
import { AccessLog, withoutClearIds } from './access-log';
import { LOGGED_FOR_EVERY_ROLE, loggedForDepartments } from './logged-for-every-role.decorator';

/**
 * Every request by a non-department key (investigators, auditors) is recorded in
 * cluebus_access_log before it is handled; if the row cannot be written, the request is refused
 * (503) and nothing is read. Department requests pass through: their writes are events, their
 * reads are of their own clues — except on routes marked @LoggedForEveryRole (replays of a
 * case's history), which are recorded whoever reads them.
 *
 * A guard that runs after ApiKeyGuard (`@Authenticated()` puts both on a controller), not an
 * interceptor: one global interceptor wraps every request of every role in Nest's rxjs
 * interceptor chain, which cost an audited lookup a quarter of its throughput (BENCHMARKS.md).
 */
@Injectable()
export class AccessLogGuard implements CanActivate {
  private readonly logger = new Logger('AccessLog');

  constructor(
    private readonly accessLog: AccessLog,
    private readonly tokenizer: IdTokenizer,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest();
    const principal: Principal | undefined = request.principal;
    if (!principal) return true;
    if (principal.role === 'department') {
      const marked = this.reflector.getAllAndOverride<string[] | undefined>(LOGGED_FOR_EVERY_ROLE, [context.getHandler(), context.getClass()]);
      if (!loggedForDepartments(marked, request.query)) return true;
    }
    const route = `${request.baseUrl ?? ''}${request.route?.path ?? request.path}`;
    // An ID number asked for (GET /v1/blacklist?idNumber=) is recorded and logged as its token only.
    const target = withoutClearIds({ ...request.params, ...request.query }, this.tokenizer);
    const started = Date.now();
    const accessId = await this.accessLog.record({ principal, method: request.method, route, target }).catch((error: unknown) => {
      this.logger.error({ msg: 'access log write failed; request refused', route, error: String(error) });
      throw new ServiceUnavailableException({ code: 'ACCESS_LOG_UNAVAILABLE', message: 'reads by this role are logged, and the log cannot be written now' });
    });
    // The durable record is the row written above; a served read's log line is only a debug
    // echo of it (a line per lookup was a quarter of an auditor lookup's cost: BENCHMARKS.md).
    // 'close' comes for every response, 'finish' only for one sent in full: a client that
    // hangs up before its answer is sent is logged as that, not left without an outcome.
    const response = http.getResponse();
    response.once('close', () => {
      const status = !response.writableFinished ? 'abandoned by the client' : response.statusCode < 400 ? 'served' : `refused: ${response.statusCode}`;
      const line = { msg: 'audited read', accessId, role: principal.role, actor: principal.actor, key: principal.keyFingerprint, method: request.method, route, target, status, ms: Date.now() - started };
      if (status === 'served') this.logger.debug(line);
      else this.logger.log(line);
    });
    return true;
  }
}
