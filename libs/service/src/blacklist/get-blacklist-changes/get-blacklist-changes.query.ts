/** The listed/delisted feed after a global log position. */
export class GetBlacklistChangesQuery {
  constructor(
    readonly since: number,
    readonly limit: number,
  ) {}
}
