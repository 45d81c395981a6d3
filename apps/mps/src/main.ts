import 'reflect-metadata';
import { runCluebusService } from '@cluebus/service';

// The mps department service on its own: PostgreSQL (DATABASE_URL) and Kafka (KAFKA_BROKERS).
void runCluebusService({ CLUEBUS_MODE: 'department', CLUEBUS_DEPARTMENTS: 'mps' });
