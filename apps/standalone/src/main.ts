import 'reflect-metadata';
import { runCluebusService } from '@cluebus/service';

// All six departments in one process on embedded PGlite with the in-process bus: `npm start`.
void runCluebusService({ CLUEBUS_MODE: 'standalone' });
