/** A signed checkpoint: the newest, or the one of a tree size. */
export class GetCheckpointQuery {
  constructor(readonly treeSize?: number) {}
}
