import type { PersonalDataScope } from '@cluebus/contracts';

/** What the vault holds under a token for one registering department: read by the handler, decided on here. */
export interface VaultHolding {
  /** Department instance that registered (sealed) the data. */
  owner: string;
  /** Its data key's generation (made again when data is sealed after an erasure); 0 for data only in a v1 event. */
  keyGeneration: number;
}

/** 删除个人信息: the registering department asks to erase what it holds under a token. */
export interface ErasePersonalData {
  type: 'ErasePersonalData';
  data: { token: string; scope: PersonalDataScope };
}

export type PersonalDataCommand = ErasePersonalData;

/** Beside the actor, what the vault holds under the token: context, not command — a retry after the shred is the same request. */
export interface PersonalDataDecisionContext {
  /** The acting department instance `code:region`. */
  actor: string;
  holdings: readonly VaultHolding[];
}
