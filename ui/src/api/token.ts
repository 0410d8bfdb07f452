// The bearer token the user typed, kept for this browser tab only (sessionStorage).

const KEY = 'flamewatch.token';

export function currentToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function setToken(token: string | undefined): void {
  if (token === undefined || token === '') sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, token);
}

type TokenRequest = (message: string) => Promise<boolean>;
let requestToken: TokenRequest = async () => false;

/** Installs the prompt that asks the user for a token (the app's token dialog). */
export function onTokenNeeded(prompt: TokenRequest): void {
  requestToken = prompt;
}

/** Asks the user for a token; true when one was entered and the request should be retried. */
export function askForToken(message: string): Promise<boolean> {
  return requestToken(message);
}
