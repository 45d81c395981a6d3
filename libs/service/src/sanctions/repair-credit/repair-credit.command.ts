import type { RepairCreditDto } from '@cluebus/contracts';
import { SanctionCommandBase } from '../shared/sanction-command.base';

/** 信用修复: the sanctioning department records the subject's credit repaired (for a rating: 清零 after correction). */
export class RepairCreditCommand extends SanctionCommandBase<RepairCreditDto> {}
