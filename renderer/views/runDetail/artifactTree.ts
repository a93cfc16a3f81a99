// A run's artifact list as a tree of folders, for the browser. Pure.
import type { Artifact } from '../../../shared/domain';

export interface ArtifactNode {
  name: string;
  /** The artifact path (a folder's is the prefix of the files below it). */
  path: string;
  folder: boolean;
  /** A file's size, or the sum of the files below a folder. */
  size: number;
  /** How many files are below a folder (1 for a file). */
  files: number;
  children: ArtifactNode[];
}

const byFolderThenName = (a: ArtifactNode, b: ArtifactNode): number =>
  Number(b.folder) - Number(a.folder) || a.name.localeCompare(b.name, undefined, { numeric: true });

function sortTree(nodes: ArtifactNode[]): ArtifactNode[] {
  for (const node of nodes) if (node.folder) sortTree(node.children);
  return nodes.sort(byFolderThenName);
}

/**
 * The tree of `artifacts` by their '/'-separated paths: folders first, then
 * files, each by name (numbers in names in numeric order). O(n log n).
 * A path that is both a file and a folder prefix (rare) appears as both.
 */
export function artifactTree(artifacts: Artifact[]): ArtifactNode[] {
  const root: ArtifactNode = { name: '', path: '', folder: true, size: 0, files: 0, children: [] };
  const folders = new Map<string, ArtifactNode>([['', root]]);
  const folderOf = (folderPath: string): ArtifactNode => {
    const found = folders.get(folderPath);
    if (found) return found;
    const slash = folderPath.lastIndexOf('/');
    const parent = folderOf(slash < 0 ? '' : folderPath.slice(0, slash));
    const node: ArtifactNode = { name: folderPath.slice(slash + 1), path: folderPath, folder: true, size: 0, files: 0, children: [] };
    parent.children.push(node);
    folders.set(folderPath, node);
    return node;
  };
  for (const artifact of artifacts) {
    const slash = artifact.path.lastIndexOf('/');
    const folder = folderOf(slash < 0 ? '' : artifact.path.slice(0, slash));
    folder.children.push({ name: artifact.path.slice(slash + 1), path: artifact.path, folder: false, size: artifact.size, files: 1, children: [] });
    const parts = artifact.path.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const node = folders.get(parts.slice(0, depth).join('/'))!;
      node.size += artifact.size;
      node.files += 1;
    }
  }
  return sortTree(root.children);
}

/** The folders open at first: the top level's, when there are few files. */
export function initiallyOpen(nodes: ArtifactNode[], maxFiles = 60): Set<string> {
  const open = new Set<string>();
  for (const node of nodes) if (node.folder && node.files <= maxFiles) open.add(node.path);
  return open;
}
