// The model registry of an MLflow file store (`mlruns/models`) as a store
// source: no runs, only models and versions (fileRegistry.ts), read whole
// each time (registries are small).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { StoreSource } from '../storeSource';
import { isMlflowModelsFolder, readMlflowFileRegistry } from './fileRegistry';

/** How far above a changed file its registry folder may be (models/<name>/version-N/meta.yaml). */
const maxLevelsAboveFile = 4;
/** models/<name>/version-N/tags/<key>: the deepest a registry file lies. */
const maxSignatureDepth = 4;

export const mlflowFileRegistry: StoreSource = {
  kind: 'mlflow-registry',
  source: 'mlflow',
  readsRuns: false,

  find(folder, entries) {
    const isLocation = isMlflowModelsFolder(folder, new Set(entries.map((entry) => entry.name)));
    return { locations: isLocation ? [folder] : [], problems: [], isLocation };
  },

  owns: (location, file) => file === location || file.startsWith(location + path.sep),

  locationOf(file) {
    for (let folder = path.dirname(file), level = 0; level < maxLevelsAboveFile; folder = path.dirname(folder), level++) {
      if (path.basename(folder) !== 'models') continue;
      try {
        if (isMlflowModelsFolder(folder, new Set(fs.readdirSync(folder)))) return folder;
      } catch {
        // gone already
      }
    }
    return null;
  },

  polled: (location) => ({ folder: location, files: [] }),

  // Every file of the registry (name, size, mtime): a few hundred stats, cheaper than reading its meta.yaml files.
  signature(location) {
    if (!fs.statSync(location).isDirectory()) throw Object.assign(new Error(`${location} is not a folder`), { code: 'ENOTDIR' });
    const hash = createHash('sha1');
    const visit = (folder: string, depth: number) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(folder, { withFileTypes: true });
      } catch {
        hash.update(`${folder}\0unreadable\n`);
        return;
      }
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const file = path.join(folder, entry.name);
        if (entry.isDirectory()) {
          if (depth < maxSignatureDepth) visit(file, depth + 1);
          continue;
        }
        try {
          const stat = fs.lstatSync(file);
          hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\0${stat.ino}\n`);
        } catch {
          // gone since the listing: the next change says so
        }
      }
    };
    visit(location, 0);
    return hash.digest('hex');
  },

  *read(location) {
    const { models, warnings } = readMlflowFileRegistry(location);
    yield { runs: new Map(), registry: { models, warnings: warnings.map((w) => ({ path: w.path ?? location, message: w.message })) }, state: null };
  },
};
