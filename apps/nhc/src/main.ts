import 'reflect-metadata';
import { runCluebusService } from '@cluebus/service';

// 卫健 nhc — the lead unit (牵头): the nhc department service on its own: PostgreSQL (DATABASE_URL) and Kafka (KAFKA_BROKERS).
void runCluebusService({ CLUEBUS_MODE: 'department', CLUEBUS_DEPARTMENTS: 'nhc' });
