/** Where checkpointing stands: the head, the newest checkpoint, this process's checkpointer. */
export class GetAuditStatusQuery {}
