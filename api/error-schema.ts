import { Type } from '@sinclair/typebox';

/** Schema of every error response, for the OpenAPI document. */
export const ErrorSchema = Type.Object({
  error: Type.String({ description: 'stable code, e.g. FW_PARAMETER_INVALID' }),
  message: Type.String(),
  statusCode: Type.Integer(),
}, { $id: 'Error', description: 'error' });

/** Response schemas for the error statuses a route may answer. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorSchema> {
  const out: Record<number, typeof ErrorSchema> = {};
  for (const s of statuses) out[s] = ErrorSchema;
  return out;
}
