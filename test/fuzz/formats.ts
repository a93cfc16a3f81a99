// The real folders the fuzz suite damages, per format, and what each of their
// files is: how it parses (which damage applies), which run it belongs to,
// and whether it carries metric points or params (what its damage may take).
export type Contents = 'text' | 'yaml' | 'json' | 'binary' | 'sqlite';

export interface FileRole {
  /** Files of one role are alike (every MLflow param file): one of them is damaged per kind. */
  role: string;
  contents: Contents;
  metrics: boolean;
  params: boolean;
  /** A store file: when it is gone, its runs are gone. */
  store?: boolean;
  /** Registry files: their damage may take the models they describe. */
  registry?: boolean;
  /** Any mapping is valid content (params.yaml): a document of the wrong shape is no mapping. */
  anyMappingIsValid?: boolean;
}

export interface FuzzFormat {
  name: string;
  /** Folders under test/fixtures. */
  fixture: string;
  /** What a file (path inside the fixture, `/`-separated) is, or null to leave it alone. */
  roleOf(file: string): FileRole | null;
}

const role = (r: FileRole): FileRole => r;

export const fuzzFormats: FuzzFormat[] = [
  {
    name: 'native',
    fixture: 'native',
    roleOf: (file) => {
      if (file.startsWith('not-runlens/')) return role({ role: 'other tool run.json', contents: 'json', metrics: false, params: false });
      if (file.endsWith('/run.json')) return role({ role: 'run.json', contents: 'json', metrics: false, params: true });
      if (file.endsWith('/metrics.jsonl')) return role({ role: 'metrics.jsonl', contents: 'text', metrics: true, params: false });
      if (file.endsWith('/events.jsonl')) return role({ role: 'events.jsonl', contents: 'text', metrics: false, params: true });
      return role({ role: 'artifact', contents: 'binary', metrics: false, params: false });
    },
  },
  {
    name: 'mlflow file store',
    fixture: 'real/mlflow-filestore/mlflow1-unfinished-run',
    roleOf: (file) => {
      const parts = file.split('/');
      if (parts.length === 3 && parts[2] === 'meta.yaml') return role({ role: 'experiment meta.yaml', contents: 'yaml', metrics: false, params: false });
      if (file.endsWith('/meta.yaml')) return role({ role: 'run meta.yaml', contents: 'yaml', metrics: false, params: false });
      if (parts.includes('metrics')) return role({ role: 'metric file', contents: 'text', metrics: true, params: false });
      if (parts.includes('params')) return role({ role: 'param file', contents: 'text', metrics: false, params: true });
      if (parts.includes('tags')) return role({ role: 'tag file', contents: 'text', metrics: false, params: false });
      return null;
    },
  },
  {
    name: 'mlflow registry',
    fixture: 'real/mlflow-filestore/mlflow2-registry-stages',
    roleOf: (file) => {
      if (!file.startsWith('mlruns/models/')) return null;
      if (/\/version-\d+\/meta\.yaml$/.test(file)) return role({ role: 'version meta.yaml', contents: 'yaml', metrics: false, params: false, registry: true });
      if (file.endsWith('/meta.yaml')) return role({ role: 'model meta.yaml', contents: 'yaml', metrics: false, params: false, registry: true });
      return null;
    },
  },
  {
    name: 'mlflow sqlite',
    fixture: 'real/mlflow-sqlite/mlflow2.3-small',
    roleOf: (file) => (file.endsWith('.db') ? role({ role: 'mlflow.db', contents: 'sqlite', metrics: true, params: true, store: true, registry: true }) : null),
  },
  {
    name: 'tensorboard',
    fixture: 'real/tensorboard/lightning-hparams-nbeats',
    roleOf: (file) => (file.includes('events.out.tfevents') ? role({ role: 'event file', contents: 'binary', metrics: true, params: true }) : null),
  },
  {
    name: 'dvclive',
    fixture: 'real/dvclive/fastai-duplicated-dvcyaml',
    roleOf: (file) => {
      if (file === 'dvc.yaml') return role({ role: 'project dvc.yaml', contents: 'yaml', metrics: false, params: true });
      if (file.endsWith('dvc.yaml')) return role({ role: 'dvclive/dvc.yaml', contents: 'yaml', metrics: false, params: true });
      if (file.endsWith('metrics.json')) return role({ role: 'metrics.json', contents: 'json', metrics: true, params: false });
      if (file.endsWith('params.yaml')) return role({ role: 'params.yaml', contents: 'yaml', metrics: false, params: true, anyMappingIsValid: true });
      if (file.endsWith('.tsv')) return role({ role: 'metrics tsv', contents: 'text', metrics: true, params: false });
      return null;
    },
  },
];
