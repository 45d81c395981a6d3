import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException, BadRequestException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { departmentCodeOf } from '@cluebus/contracts';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../config/cluebus-config';
import type { Principal } from './principal';

const ACTOR = /^[\p{L}\p{N} ._@:-]{1,100}$/u;

/** `Authorization: Bearer <key>`; each key is bound to one department instance. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: Array<{ key: Buffer; instance: string }>;

  constructor(@Inject(CLUEBUS_CONFIG) config: CluebusConfig) {
    this.keys = config.apiKeys.map((k) => ({ key: Buffer.from(k.key), instance: k.instance }));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    const header: string | undefined = request.headers['authorization'];
    const match = /^Bearer (\S+)$/.exec(header ?? '');
    if (!match) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', field: 'Authorization', message: 'Authorization: Bearer <api key> is required' });
    const given = Buffer.from(match[1]);
    const grant = this.keys.find((k) => k.key.length === given.length && timingSafeEqual(k.key, given));
    if (!grant) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', field: 'Authorization', message: 'unknown API key' });
    const actor = decodeActor(request.headers['x-actor']);
    if (actor !== undefined && !ACTOR.test(actor)) {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', field: 'X-Actor', message: 'X-Actor must be 1–100 letters, digits, spaces or ._@:- (percent-encoded UTF-8 for non-ASCII names)' });
    }
    const principal: Principal = { instance: grant.instance, code: departmentCodeOf(grant.instance), actor: actor ?? grant.instance };
    request.principal = principal;
    return true;
  }
}

/** HTTP headers are Latin-1: a Chinese name arrives percent-encoded (encodeURIComponent). */
function decodeActor(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return '\u0000'; // fails the ACTOR pattern → 400 naming X-Actor
  }
}
