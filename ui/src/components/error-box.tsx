// An API error as the API worded it, never a blank page.
import { ApiError } from '../api/client.js';

export function ErrorBox({ error, what }: { error: Error; what: string }) {
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div class="error-box" role="alert">
      <strong>Could not load {what}:</strong> {error.message}
      {code !== undefined && <span class="code"> [{code}]</span>}
    </div>
  );
}
