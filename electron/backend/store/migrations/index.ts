// Every schema migration, in order; one line each. The runner (database.ts)
// checks this list against the database's schema_migrations table.
import type { Migration } from './migration';
import { migration as initialSchema } from './0001-initial-schema';
import { migration as deletedRunsDatasetsRegistry } from './0002-deleted-runs-datasets-registry';
import { migration as experimentsPerStore } from './0003-experiments-per-store';
import { migration as storeRunsAndReadFailures } from './0004-store-runs-and-read-failures';
import { migration as chunkStepRanges } from './0005-chunk-step-ranges';
import { migration as runAnnotations } from './0006-run-annotations';
import { migration as predictionMappings } from './0007-prediction-mappings';
import { migration as scoringJobs } from './0008-scoring-jobs';
import { migration as jobResultsFeatureOrders } from './0009-job-results-feature-orders';
import { migration as modelRegistry } from './0010-model-registry';
import { migration as driftMonitors } from './0011-drift-monitors';

export type { Migration };

export const migrations: readonly Migration[] = [initialSchema, deletedRunsDatasetsRegistry, experimentsPerStore, storeRunsAndReadFailures, chunkStepRanges, runAnnotations, predictionMappings, scoringJobs, jobResultsFeatureOrders, modelRegistry, driftMonitors];
