import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal';

export const ROLES = 'cluebus:roles';

/**
 * Which API-key roles may call a route (on a handler or a controller). Routes without it are
 * for department keys only: a new route is closed to investigators until someone opens it.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
