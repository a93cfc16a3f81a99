// What the app follows from its start, wherever the user is: the monitors
// list (the sidebar's badge of unseen alerts) and a notification per run that
// raised alerts.
import { driftClient } from '../../api/driftClient';
import { desktopNotify } from '../registry/notify';
import { driftListStore } from './listStore';
import { startDriftNotices } from './notify';

export function startDriftSync(): () => void {
  const stopList = driftListStore.getState().startSync();
  const stopNotices = startDriftNotices(driftClient.onAlert, desktopNotify);
  return () => {
    stopList();
    stopNotices();
  };
}
