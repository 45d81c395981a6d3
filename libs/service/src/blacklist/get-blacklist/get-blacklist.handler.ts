import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { BlacklistDto } from '@cluebus/contracts';
import type { BlacklistRow } from '@cluebus/projections';
import { IdTokenizer } from '../../identity/id-tokenizer';
import { BlacklistReader } from '../shared/blacklist-reader';
import { type BlacklistListing, toListings } from './blacklist-listing';
import { GetBlacklistQuery } from './get-blacklist.query';

/** The JSON answer (BlacklistDto: asOf, generatedOn, listings) and the flat rows the exports need. */
export interface BlacklistResult extends BlacklistDto {
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
