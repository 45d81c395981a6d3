import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One field-level complaint of a 400 VALIDATION_FAILED (the first is also the problem's `field`). */
export class ProblemFieldErrorDto {
  @ApiProperty({ description: 'The field at fault (dotted path into the body, or a header/query name)', example: 'subjects[0].idNumber' })
  field: string;
  @ApiProperty({ description: 'What is wrong with it', example: 'idNumber must be a resident ID number (居民身份证号) with a valid check digit' })
  message: string;
}

/**
 * RFC 9457 problem details (问题详情), the one error body of the API, served as
 * `application/problem+json`. `code`, `field` and `type` are stable and language-neutral;
 * `title` and `detail` are zh-CN by default and English with `Accept-Language: en`. Clients
 * ignore members they do not know (RFC 9457 §3.2 extension members).
 */
export class ProblemDetailsDto {
  @ApiProperty({ description: 'urn:cluebus:problem:<code>', example: 'urn:cluebus:problem:VALIDATION_FAILED' })
  type: string;
  @ApiProperty({ description: 'Short summary of the problem type (zh-CN, or English with Accept-Language: en)', example: '请求参数有误' })
  title: string;
  @ApiProperty({ description: 'The HTTP status code', example: 400 })
  status: number;
  @ApiProperty({ description: 'What went wrong with this request (zh-CN, or English)', example: 'idNumber 必须是校验位正确的居民身份证号' })
  detail: string;
  @ApiProperty({ description: 'The request path', example: '/v1/clues' })
  instance: string;
  @ApiProperty({ description: 'Machine-readable refusal code: switch on it (listed per response)', example: 'VALIDATION_FAILED' })
  code: string;
  @ApiPropertyOptional({ description: 'The field, header or parameter at fault', example: 'subjects[0].idNumber' })
  field?: string;
  @ApiPropertyOptional({ description: 'Every field-level complaint of a 400 VALIDATION_FAILED', type: [ProblemFieldErrorDto] })
  errors?: ProblemFieldErrorDto[];
  @ApiPropertyOptional({ type: [String], description: '409 CASE_TRACKS_OPEN: the departments whose tracks are still open (未办结)', example: ['samr:341300'] })
  openTracks?: string[];
}
