// Which artifacts the run panel offers to register: an .onnx file, or an
// MLflow model folder (a folder holding an `MLmodel` file). Pure.

export interface ArtifactEntry {
  path: string;
  folder: boolean;
  /** A folder's entries directly inside it (names only matter). */
  children?: { name: string; folder: boolean }[];
}

export function isRegistrable(entry: ArtifactEntry): boolean {
  if (!entry.folder) return /\.onnx$/i.test(entry.path);
  return (entry.children ?? []).some((child) => !child.folder && child.name === 'MLmodel');
}
