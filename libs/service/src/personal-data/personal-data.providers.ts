import { Logger } from '@nestjs/common';
import type { CluebusConfig } from '../config/cluebus-config';
import { EraseReporterDataHandler } from './erase-reporter-data/erase-reporter-data.handler';
import { EraseSubjectDataHandler } from './erase-subject-data/erase-subject-data.handler';
import { PersonalDataCommandExecutor } from './personal-data-command-executor';
import { PersonalDataController } from './personal-data.controller';
import { PersonalDataRevealer } from './reveal/personal-data-revealer';
import { PersonalDataSealer } from './seal/personal-data-sealer';
import { PersonalDataVault } from './vault/personal-data-vault';
import { VaultCipher } from './vault/vault-cipher';
import { resolveVaultMasterKey } from './vault/vault-master-key';

/** The personal-data vault and its erasure API (docs/adr/0010), as the service module registers them. */
export const PERSONAL_DATA_CONTROLLERS = [PersonalDataController];

export const personalDataProviders = (config: CluebusConfig) => [
  { provide: VaultCipher, useFactory: () => new VaultCipher(resolveVaultMasterKey(config.vault, new Logger('Vault'))) },
  PersonalDataVault,
  PersonalDataSealer,
  PersonalDataRevealer,
  PersonalDataCommandExecutor,
  EraseSubjectDataHandler,
  EraseReporterDataHandler,
];
