import { ClueCommandBase } from '../shared/clue-command.base';

/** The transfer's sender grants a recipient's open extension request: that recipient's deadline moves. */
export class GrantExtensionCommand extends ClueCommandBase<{ transferId: string; recipient?: string }> {}
