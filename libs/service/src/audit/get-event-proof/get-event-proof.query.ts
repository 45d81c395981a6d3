/** An event as stored, its inclusion proof and the signed checkpoint it leads to. */
export class GetEventProofQuery {
  constructor(
    readonly eventId: string,
    readonly treeSize?: number,
  ) {}
}
