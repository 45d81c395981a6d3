import type { EventJsonSchemaDto, EventSchemaListDto } from '../contract-types';
import { type CluebusHttp, seg } from '../http-transport';

/** The published event schemas (JSON Schema 2020-12), for consumers of the Kafka topics. */
export class SchemasClient {
  constructor(private readonly http: CluebusHttp) {}

  /** listEventSchemas */
  list() {
    return this.http.get<EventSchemaListDto>('/v1/schemas');
  }
  /** getEventSchema */
  get(type: string, version: number) {
    return this.http.get<EventJsonSchemaDto>(`/v1/schemas/${seg(type)}/${seg(version)}`);
  }
}
