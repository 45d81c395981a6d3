import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { BlacklistRow } from '@cluebus/projections';
import { IdTokenizer } from '../../identity/id-tokenizer';
import { BlacklistReader } from '../shared/blacklist-reader';
import { type BlacklistListing, toListings } from './blacklist-listing';
import { GetBlacklistQuery } from './get-blacklist.query';

export interface BlacklistResult {
  asOf: string;
  /** The day the answer was computed (China date): `asOf` may be any day before it. */
  generatedOn: string;
  listings: BlacklistListing[];
  /** The flat rows, for the exports. */
  rows: BlacklistRow[];
}

@QueryHandler(GetBlacklistQuery)
export class GetBlacklistHandler implements IQueryHandler<GetBlacklistQuery, BlacklistResult> {
  constructor(
    private readonly reader: BlacklistReader,
    private readonly tokenizer: IdTokenizer,
  ) {}

  async execute({ params }: GetBlacklistQuery): Promise<BlacklistResult> {
    const generatedOn = this.reader.today();
    const asOf = params.asOf ?? generatedOn;
    const rows = await this.reader.rows({
      asOf,
      ...(params.uscc ? { uscc: params.uscc } : {}),
      // Looked up by token: the projection holds no clear ID number, and none is written anywhere.
      ...(params.idNumber ? { idToken: this.tokenizer.tokenize(params.idNumber) } : {}),
      ...(params.name ? { name: params.name } : {}),
    });
    return { asOf, generatedOn, listings: toListings(rows), rows };
  }
}
