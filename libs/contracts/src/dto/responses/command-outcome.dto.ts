import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { ApiEnums, UUID_EXAMPLE } from '../api-enums';

/** An event a command stored, as the command's answer names it (the full event: GET …/history). */
export class StoredEventSummaryDto {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  eventId: string;
  @ApiProperty({ description: 'Event type, past tense', example: 'ClueRegistered' })
  type: string;
  @ApiProperty({ description: '0-based position within the stream', example: 0 })
  streamPosition: number;
  @ApiProperty({ description: '1-based position in the global log', example: 42 })
  globalPosition: number;
}

/** What every command answers: its id, whether it was a replay, and the events it stored. */
class CommandOutcomeBaseDto {
  @ApiProperty({ format: 'uuid', description: 'Id of the command (derived from the Idempotency-Key when one is sent)', example: UUID_EXAMPLE })
  commandId: string;
  @ApiProperty({ description: 'True when this was a repeat of an earlier request with the same Idempotency-Key: nothing new was stored', example: false })
  replayed: boolean;
  @ApiProperty({ type: [StoredEventSummaryDto] })
  events: StoredEventSummaryDto[];
}

/** The answer of a clue command (线索命令的结果). */
export class ClueCommandOutcomeDto extends CommandOutcomeBaseDto {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  clueId: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The transfer a transfer or forward created', example: UUID_EXAMPLE })
  transferId?: string;
}

/** The answer of an erasure (个人信息删除, crypto-shredding): 200 also for a repeat, which records nothing new. */
export class ErasureOutcomeDto extends CommandOutcomeBaseDto {
  @ApiProperty({ description: 'The vault token erased (an ID-number, subject or reporter token)', example: 'pdt1:' + '0'.repeat(64) })
  token: string;
  @ApiProperty({ ...ApiEnums.PersonalDataScope, example: 'subject' })
  scope: string;
  @ApiProperty({ description: 'Always true: the data key is destroyed once this answers', example: true })
  erased: true;
  @ApiProperty({ description: 'False when this erasure was already recorded: nothing new was stored (the key is shredded again)', example: true })
  recorded: boolean;
}

/** The answer of a case command (案件命令的结果). */
export class CaseCommandOutcomeDto extends CommandOutcomeBaseDto {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  caseId: string;
}

/** The answer of a sanction command (联合惩戒命令的结果): impose, revoke, repair. */
export class SanctionCommandOutcomeDto extends CommandOutcomeBaseDto {
  @ApiProperty({ format: 'uuid', description: 'The sanction imposed, revoked or repaired (records the memorandum triggered have their own ids, in the events)', example: UUID_EXAMPLE })
  sanctionId: string;
  @ApiProperty({ description: '`uscc:<统一社会信用代码>` or the ID token `idt1:…`: never a clear ID number', example: 'uscc:91330100716105852F' })
  subjectKey: string;
}
