import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { RoutingDto } from '@cluebus/contracts';
import { ROUTING_POLICY_V1, suggestRecipients } from '@cluebus/domain';
import { VisibleHistoryReader } from '../shared/visible-history';
import { SuggestRecipientsQuery } from './suggest-recipients.query';

@QueryHandler(SuggestRecipientsQuery)
export class SuggestRecipientsHandler implements IQueryHandler<SuggestRecipientsQuery> {
  constructor(private readonly reader: VisibleHistoryReader) {}

  async execute({ principal, clueId }: SuggestRecipientsQuery): Promise<RoutingDto> {
    const { state } = await this.reader.read(clueId, principal);
    const clue = { category: state.category!, alsoConcerns: state.alsoConcerns, subjects: state.subjects, amountYuan: state.amountYuan };
    return { policyVersion: ROUTING_POLICY_V1.version, suggestions: suggestRecipients(ROUTING_POLICY_V1, clue, principal.instance) };
  }
}
