import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ROUTING_POLICY_V1, suggestRecipients, type RecipientSuggestion } from '@cluebus/domain';
import { VisibleHistoryReader } from '../shared/visible-history';
import { SuggestRecipientsQuery } from './suggest-recipients.query';

@QueryHandler(SuggestRecipientsQuery)
export class SuggestRecipientsHandler implements IQueryHandler<SuggestRecipientsQuery> {
  constructor(private readonly reader: VisibleHistoryReader) {}

  async execute({ principal, clueId }: SuggestRecipientsQuery): Promise<{ policyVersion: string; suggestions: RecipientSuggestion[] }> {
    const { state } = await this.reader.read(clueId, principal);
    const clue = { category: state.category!, alsoConcerns: state.alsoConcerns, subjects: state.subjects, amountYuan: state.amountYuan };
    return { policyVersion: ROUTING_POLICY_V1.version, suggestions: suggestRecipients(ROUTING_POLICY_V1, clue, principal.instance) };
  }
}
