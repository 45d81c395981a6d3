/** The one error body the API returns: a machine-readable code, the field at fault, a message. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  field?: string;
  errors?: Array<{ field: string; message: string }>;
}
