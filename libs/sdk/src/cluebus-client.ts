import type { ClueCommandOutcomeDto, HealthDto } from './contract-types';
import { AuditClient } from './areas/audit-client';
import { BlacklistClient } from './areas/blacklist-client';
import { CasesClient } from './areas/cases-client';
import { CluesClient } from './areas/clues-client';
import { InboxClient } from './areas/inbox-client';
import { LedgerClient } from './areas/ledger-client';
import { PersonalDataClient } from './areas/personal-data-client';
import { SanctionsClient } from './areas/sanctions-client';
import { SchemasClient } from './areas/schemas-client';
import { CluebusHttp, type CluebusClientOptions } from './http-transport';

export type { CluebusClientOptions, CommandOptions } from './http-transport';

/** What a clue command answers: the contract's class (libs/contracts/src/dto/responses). */
export type CommandResult = ClueCommandOutcomeDto;

/**
 * The client department systems use, one sub-client per area of the API. Every command carries
 * an Idempotency-Key and is retried on connection errors and 5xx with the same key, so a retry
 * never registers a clue twice; reads are retried the same way. Refusals (4xx) throw
 * CluebusApiError with the problem details' code, field, title and detail (ADR 0013).
 */
export class CluebusClient {
  readonly clues: CluesClient;
  readonly cases: CasesClient;
  readonly sanctions: SanctionsClient;
  readonly blacklist: BlacklistClient;
  readonly ledger: LedgerClient;
  readonly audit: AuditClient;
  readonly inbox: InboxClient;
  readonly personalData: PersonalDataClient;
  readonly schemas: SchemasClient;
  private readonly http: CluebusHttp;

  constructor(options: CluebusClientOptions) {
    this.http = new CluebusHttp(options);
    this.clues = new CluesClient(this.http);
    this.cases = new CasesClient(this.http);
    this.sanctions = new SanctionsClient(this.http);
    this.blacklist = new BlacklistClient(this.http);
    this.ledger = new LedgerClient(this.http);
    this.audit = new AuditClient(this.http);
    this.inbox = new InboxClient(this.http);
    this.personalData = new PersonalDataClient(this.http);
    this.schemas = new SchemasClient(this.http);
  }

  /** getHealth — the service's processors and stores (no key needed). */
  health() {
    return this.http.get<HealthDto>('/health');
  }
}
