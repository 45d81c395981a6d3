import type { OpenCaseDto } from '@cluebus/contracts';
import { CaseCommandBase } from '../shared/case-command.base';

/** 立案 (一案多查): a department opens a case over clues it can see and becomes its lead unit (牵头单位). */
export class OpenCaseCommand extends CaseCommandBase<OpenCaseDto> {}
