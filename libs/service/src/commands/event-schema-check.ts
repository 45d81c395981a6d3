import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { EVENT_SCHEMAS, type EventSchemaEntry, type NewEvent } from '@cluebus/contracts';

/**
 * An event that does not match its published JSON Schema: a programming error (the decider
 * built data its contract does not allow), never a refusal of the request. handleCommand
 * throws it before anything is stored; the API answers 500. The message names the type,
 * version and the paths at fault, never a value (values may be personal data).
 */
export class EventSchemaViolationError extends Error {
  constructor(
    readonly eventType: string,
    readonly schemaVersion: number,
    readonly problems: string[],
  ) {
    super(`${eventType} v${schemaVersion} does not match its JSON Schema: ${problems.join('; ')}`);
    this.name = 'EventSchemaViolationError';
  }
}

/** 事件契约校验: every event appended must match the schema of its type and version (docs/adr/0014). */
export class EventMustMatchItsSchema {
  private readonly validators = new Map<string, ValidateFunction>();

  /** Compiles every schema once, at construction. */
  constructor(schemas: readonly EventSchemaEntry[]) {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    for (const s of schemas) this.validators.set(key(s.type, s.version), ajv.compile(s.schema));
  }

  check(event: Pick<NewEvent, 'type' | 'schemaVersion' | 'data'>): void {
    const validate = this.validators.get(key(event.type, event.schemaVersion));
    if (!validate) throw new EventSchemaViolationError(event.type, event.schemaVersion, ['no schema for this type and version (run `npm run schemas`)']);
    // As it will be stored: JSON drops undefined-valued keys, which ajv would count as present.
    if (!validate(JSON.parse(JSON.stringify(event.data)))) throw new EventSchemaViolationError(event.type, event.schemaVersion, (validate.errors ?? []).map(describe));
  }
}

const key = (type: string, version: number) => `${type}.v${version}`;

/** `/subjects/0/kind must be equal to one of the allowed values`; an unknown field is named (a name, not a value). */
function describe(e: ErrorObject): string {
  const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})` : '';
  return `${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`;
}

let contract: EventMustMatchItsSchema | undefined;

/** The check over the contract's schemas (libs/contracts/src/events/schemas), compiled on first use, once per process. */
export function contractSchemaCheck(): EventMustMatchItsSchema {
  return (contract ??= new EventMustMatchItsSchema(EVENT_SCHEMAS));
}
