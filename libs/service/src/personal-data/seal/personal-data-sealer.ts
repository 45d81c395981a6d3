import { Injectable } from '@nestjs/common';
import { isPersonalSubjectKind, type RegisterClueDto, type ReporterRecord, type SubjectRecord } from '@cluebus/contracts';
import { IdTokenizer } from '../../identity/id-tokenizer';
import { PersonalDataVault, type SealRequest, type SealOutcome } from '../vault/personal-data-vault';

export interface SealedRegistration {
  subjects: SubjectRecord[];
  reporter?: ReporterRecord;
  undo: SealOutcome['undo'];
}

export const subjectRecordId = (clueId: string, index: number) => `${clueId}/subjects/${index}`;
export const reporterRecordId = (clueId: string) => `${clueId}/reporter`;

/**
 * Where clear personal data stops (docs/adr/0010): a registration's persons' names and ID
 * numbers and the reporter's name and contact go into the vault; what the command (and so the
 * event) gets is tokens and commitments. Enterprises and institutions keep their names; an ID
 * number becomes its keyed token whatever the subject's kind.
 */
@Injectable()
export class PersonalDataSealer {
  constructor(
    private readonly vault: PersonalDataVault,
    private readonly tokenizer: IdTokenizer,
  ) {}

  async sealRegistration(clueId: string, owner: string, body: Pick<RegisterClueDto, 'subjects' | 'reporter'>): Promise<SealedRegistration> {
    const requests: SealRequest[] = [];
    const subjects = body.subjects.map(({ idNumber, name, ...s }, i): SubjectRecord => {
      const idToken = idNumber ? this.tokenizer.tokenize(idNumber) : undefined;
      const base = { ...s, ...(idToken ? { idToken } : {}) };
      if (!isPersonalSubjectKind(s.kind)) return { ...base, name };
      requests.push({ token: idToken ?? this.tokenizer.subjectToken(clueId, i), record: subjectRecordId(clueId, i), values: { name, ...(idNumber ? { idNumber } : {}) } });
      return base;
    });
    const reporter = body.reporter;
    const identity = reporter ? { ...(reporter.name ? { name: reporter.name } : {}), ...(reporter.contact ? { contact: reporter.contact } : {}) } : {};
    const sealsReporter = Object.keys(identity).length > 0;
    if (sealsReporter) requests.push({ token: this.tokenizer.reporterToken(clueId), record: reporterRecordId(clueId), values: identity });

    const { sealed, undo } = await this.vault.seal(owner, requests);
    let next = 0;
    const sealedSubjects = subjects.map((s) => (isPersonalSubjectKind(s.kind) ? { ...s, personalData: sealed[next++]! } : s));
    return {
      subjects: sealedSubjects,
      ...(reporter ? { reporter: { anonymous: reporter.anonymous, ...(sealsReporter ? { personalData: sealed[next]! } : {}) } } : {}),
      undo,
    };
  }
}
