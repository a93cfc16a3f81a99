// Browser mode: the access token arrives once in the URL hash and then lives in
// sessionStorage, so it leaves the address bar (and history) at once.

export const TOKEN_KEY = 'runlens.token';

export interface TokenPlace {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  history: Pick<History, 'replaceState' | 'state'>;
}

export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.trim() ? token.trim() : null;
}

/** Reads the token from the hash (and removes it there) or from an earlier load. */
export function takeToken(place: TokenPlace): string | null {
  const fromHash = tokenFromHash(place.location.hash);
  if (fromHash) {
    place.storage.setItem(TOKEN_KEY, fromHash);
    const { pathname, search } = place.location;
    place.history.replaceState(place.history.state, '', `${pathname}${search}`);
    return fromHash;
  }
  return place.storage.getItem(TOKEN_KEY);
}
