// A file that vanished between listing and reading is normal (runs get deleted,
// writers replace files): readers treat it as absent, never as an error. The
// helpers live in safeFile.ts with the rest of how files are opened; this
// module keeps their old import path.
export { isMissing, statOrNull } from './safeFile';
