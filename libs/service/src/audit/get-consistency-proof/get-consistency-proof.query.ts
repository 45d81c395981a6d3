/** Proof that the checkpoint of size `to` extends the one of size `from`. */
export class GetConsistencyProofQuery {
  constructor(
    readonly from: number,
    readonly to: number,
  ) {}
}
