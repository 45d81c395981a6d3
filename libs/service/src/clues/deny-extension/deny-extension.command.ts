import { ClueCommandBase } from '../shared/clue-command.base';

/** The transfer's sender denies a recipient's open extension request: the deadline stays. */
export class DenyExtensionCommand extends ClueCommandBase<{ transferId: string; recipient?: string; reason: string }> {}
