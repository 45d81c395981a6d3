import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isDepartmentCode, isDepartmentInstance } from '../departments';
import { isValidResidentId } from '../identifiers/resident-id';
import { isValidUscc } from '../identifiers/uscc';

function rule(name: string, test: (v: unknown) => boolean, message: string) {
  return (options?: ValidationOptions) =>
    (target: object, propertyName: string) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName,
        options: { message: `${propertyName} ${message}`, ...options },
        validator: { validate: test },
      });
}

/** 统一社会信用代码 with a correct GB 32100-2015 check character. */
export const IsUscc = rule('isUscc', isValidUscc, 'must be a unified social credit code (统一社会信用代码) with a valid check character');
/** 居民身份证号 with a correct GB 11643-1999 check digit. */
export const IsResidentId = rule('isResidentId', isValidResidentId, 'must be a resident ID number (居民身份证号) with a valid check digit');
/** `code:region` or a bare department code (meaning the sender's own region). */
export const IsDepartmentRef = rule(
  'isDepartmentRef',
  (v) => isDepartmentCode(v) || isDepartmentInstance(v),
  'must be a department code (nhc, nhsa, mps, sta, samr, ccdi) or code:region (e.g. samr:341300)',
);
