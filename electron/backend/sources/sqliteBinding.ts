// Sources that read SQLite files (MLflow's store; later Trackio's) open them
// with better-sqlite3 built for the host's ABI: Node's, or Electron's own
// build (DESIGN.md). The host says which once, at start; readers ask here.
let binding: string | undefined;

export function setSqliteBinding(nativeBinding: string | undefined): void {
  binding = nativeBinding;
}

export function sqliteBinding(): string | undefined {
  return binding;
}
