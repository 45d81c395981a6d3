import type { DomainEventsOf } from '../envelope';

/**
 * Personal data (个人信息) kept in the vault, by token: its own small stream per token
 * (`personal-data-<token>`), so an erasure is a fact in the log without naming anyone.
 */

/** What the token names: a subject of clues (a person or official), or a clue's reporter (举报人). */
export const PERSONAL_DATA_SCOPES = ['subject', 'reporter'] as const;
export type PersonalDataScope = (typeof PERSONAL_DATA_SCOPES)[number];

/**
 * Crypto-shredding (docs/adr/0010): the registering department's data key for this token was
 * destroyed, so its ciphertext and salts can no longer be read. No personal data in here.
 */
export interface PersonalDataErased {
  token: string;
  scope: PersonalDataScope;
  /** The department instance that registered the data and erased it. */
  erasedBy: string;
  /** Which of the department's data keys for the token was destroyed (1, 2, … — a key is made again when data is sealed after an erasure); 0: data held only in a v1 event. */
  keyGeneration: number;
}

export interface PersonalDataEventDataByType {
  PersonalDataErased: PersonalDataErased;
}

export type PersonalDataEventType = keyof PersonalDataEventDataByType;
export type PersonalDataEvent = DomainEventsOf<PersonalDataEventDataByType>;

export const PERSONAL_DATA_EVENT_VERSIONS: Record<PersonalDataEventType, number> = { PersonalDataErased: 1 };

export const personalDataStreamId = (token: string): string => `personal-data-${token}`;

/** Tokens the vault hands out: an ID-number token (idt1), a subject without one (pdt1), a reporter (rpt1). */
export const PERSONAL_DATA_TOKEN_PATTERN = /^(idt1|pdt1|rpt1):[0-9a-f]{64}$/;
