// Every run-folder format Runlens reads, asked in turn by the scan and the
// watcher (as Netron asks each model format). Order matters only when two
// formats could claim one folder: the first wins.
import { dvcliveFormat } from './dvclive/format';
import { mlflowFileStoreFormat } from './mlflow/fileStore';
import { nativeFormat } from './native';
import { tensorboardFormat } from './tensorboard/format';
import type { RunFolderFormat } from './records';

export const runFolderFormats: readonly RunFolderFormat[] = [nativeFormat, mlflowFileStoreFormat, dvcliveFormat, tensorboardFormat];

export function formatOf(folder: string, names: ReadonlySet<string>): RunFolderFormat | null {
  return runFolderFormats.find((format) => format.isRunFolder(folder, names)) ?? null;
}

export function formatBySource(source: string): RunFolderFormat | null {
  return runFolderFormats.find((format) => format.source === source) ?? null;
}
