// What the backend says about itself, and the OS folder picker.
import type { AppInfo } from '../../shared/api';
import type { Result } from '../../shared/errors';
import { apiClient } from './client';

export const appClient = {
  info: (): Promise<Result<AppInfo>> => apiClient().send('app/info', {}),
  pickFolder: (): Promise<Result<{ path: string | null }>> => apiClient().send('app/pickFolder', {}),
};
