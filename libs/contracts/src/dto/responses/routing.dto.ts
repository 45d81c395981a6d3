import { ApiProperty } from '@nestjs/swagger';
import { ApiEnums, DEPARTMENT_INSTANCE_EXAMPLE } from '../api-enums';

/** A department the routing policy proposes (分送建议), and why. */
export class RecipientSuggestionDto {
  @ApiProperty({ ...ApiEnums.DepartmentCode, example: 'samr' })
  code: string;
  @ApiProperty({ description: 'The proposed instance, in the sender\'s region', example: DEPARTMENT_INSTANCE_EXAMPLE })
  recipient: string;
  @ApiProperty({ example: '回扣属商业贿赂，由市场监管部门查处' })
  reason: string;
  @ApiProperty({ description: 'True when a matching rule requires this department', example: true })
  required: boolean;
  @ApiProperty({ type: [String], example: ['kickback-samr'] })
  ruleIds: string[];
}

export class RoutingDto {
  @ApiProperty({ example: 'routing-v1' })
  policyVersion: string;
  @ApiProperty({ type: [RecipientSuggestionDto] })
  suggestions: RecipientSuggestionDto[];
}
