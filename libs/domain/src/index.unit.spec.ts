import * as domain from './index';
import * as testing from './testing';

describe('@cluebus/domain public API', () => {
  it.each([
    'DomainError',
    'ClueErrorCodes',
    'initialClueState',
    'evolveClue',
    'foldClue',
    'decideClue',
    'clueDecider',
    'foldEvents',
    'resolveTransferTerms',
    'resolveRecipients',
    'resolveDeadlines',
    'CALENDAR_DAYS',
    'canSee',
    'transfersTo',
    'transfersFrom',
    'recipientStatus',
    'holdsClue',
    'BusinessRule',
    'checkRules',
    'TransferMustIncludeRequiredRecipients',
    'OnlyRecipientMayAnswer',
    'FeedbackRequiresFinding',
    'suggestRecipients',
    'requiredRecipients',
    'parseRoutingPolicy',
    'evaluateCondition',
    'ROUTING_POLICY_V1',
  ])('exports %s', (name) => {
    expect((domain as Record<string, unknown>)[name]).toBeDefined();
  });

  it('keeps the test helpers out of the main entry point', () => {
    expect((domain as Record<string, unknown>).DeciderSpecification).toBeUndefined();
    expect(testing.DeciderSpecification).toBeDefined();
    expect(testing.clueSpecification).toBeDefined();
  });
});
