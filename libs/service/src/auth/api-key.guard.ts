import { BadRequestException, type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { departmentCodeOf } from '@cluebus/contracts';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../config/cluebus-config';
import { Authenticator } from './authenticator';
import { unauthenticated } from './bearer-keys';
import type { Principal, Role } from './principal';
import { ROLES } from './roles.decorator';

const ACTOR = /^[\p{L}\p{N} ._@:-]{1,100}$/u;

/**
 * `Authorization: Bearer <key or JWT>`; each key or token is bound to one department instance,
 * or is an investigator's or an auditor's (ADR 0016). A route is open to the roles named by @Roles, else to department keys only.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly authenticator: Authenticator;

  constructor(
    @Inject(CLUEBUS_CONFIG) config: CluebusConfig,
    private readonly reflector: Reflector,
  ) {
    this.authenticator = new Authenticator(config.apiKeys, config.jwt, config.departments);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest();
    const { grant, fingerprint, subject } = await this.authenticator.authenticate(request.headers['authorization']);
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [context.getHandler(), context.getClass()]) ?? ['department'];
    if (!allowed.includes(grant.role)) {
      throw new ForbiddenException({
        code: 'FORBIDDEN',
        field: 'Authorization',
        message: `a ${grant.role} credential may not call ${request.method} ${request.route?.path ?? request.url}`,
      });
    }
    const header = decodeActor(request.headers['x-actor']);
    if (header === undefined && subject !== undefined && !ACTOR.test(subject)) {
      throw unauthenticated("the token's sub must be 1–100 letters, digits, spaces or ._@:- (or send X-Actor)");
    }
    const actor = header ?? subject;
    if (actor !== undefined && !ACTOR.test(actor)) {
      throw new BadRequestException({ code: 'VALIDATION_FAILED', field: 'X-Actor', message: 'X-Actor must be 1–100 letters, digits, spaces or ._@:- (percent-encoded UTF-8 for non-ASCII names)' });
    }
    const principal: Principal =
      grant.role === 'investigator' || grant.role === 'auditor'
        ? ({ role: grant.role, instance: grant.role, actor: actor ?? grant.role, keyFingerprint: fingerprint } as Principal)
        : { role: 'department', instance: grant.instance, code: departmentCodeOf(grant.instance), actor: actor ?? grant.instance, keyFingerprint: fingerprint };
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
