import { applyDecorators, UseGuards } from '@nestjs/common';
import { AccessLogGuard } from '../audit/access-log/access-log.guard';
import { ApiKeyGuard } from './api-key.guard';

/**
 * On every API controller: the bearer is authenticated and the route's roles checked
 * (ApiKeyGuard, which sets `request.principal`), then the request is recorded in the access log
 * where its role is logged (AccessLogGuard) — in that order, before anything is handled.
 */
export const Authenticated = () => applyDecorators(UseGuards(ApiKeyGuard, AccessLogGuard));
