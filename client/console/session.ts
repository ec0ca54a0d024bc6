/**
 * The ingest token, kept in sessionStorage: it lives as long as this tab, is never written to disk
 * storage that outlives the session, and is never sent anywhere but the Authorization header.
 */
const KEY = 'tallyroom.ingestToken';

export const session = {
  token(): string | null {
    try {
      return sessionStorage.getItem(KEY);
    } catch {
      return null;
    }
  },
  signIn(token: string): void {
    sessionStorage.setItem(KEY, token.trim());
  },
  signOut(): void {
    sessionStorage.removeItem(KEY);
  },
};
