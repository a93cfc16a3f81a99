// The client chosen at start, for the per-domain modules. Set once in main.tsx.
import type { ApiClient } from '../../shared/api';

let active: ApiClient | null = null;

export function setApiClient(client: ApiClient): void {
  active = client;
}

export function apiClient(): ApiClient {
  if (!active) throw new Error('Runlens API client used before the transport was picked');
  return active;
}
