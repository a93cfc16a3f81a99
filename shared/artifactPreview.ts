// What `runs/artifact` answers: a preview of one artifact of a run, by kind.
// Built in electron/backend/artifacts/preview.ts; shown by
// renderer/views/runDetail/ArtifactPreview.tsx. No Node or DOM imports here.

/** Limits the previews are cut at; the renderer quotes them in its notes. */
export const artifactPreviewLimits = {
  /** Images larger than this are not sent. */
  imageBytes: 8 * 1024 * 1024,
  /** Text, YAML and (pretty-printed) JSON are cut here. */
  textBytes: 256 * 1024,
  /** JSON up to this size is parsed and pretty-printed; larger is shown as text. */
  jsonParseBytes: 4 * 1024 * 1024,
  /** CSV/TSV: this many data rows at most, read from at most csvBytes. */
  csvRows: 100,
  csvBytes: 1024 * 1024,
  /** Folder listings stop here. */
  folderEntries: 1000,
} as const;

interface PreviewBase {
  /** The artifact's path as the run lists it (relative to the run folder, '/'-separated). */
  path: string;
  /** Bytes on disk (for a folder: the sum of the files listed below it). */
  size: number;
}

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/bmp';

export interface ImagePreview extends PreviewBase {
  kind: 'image';
  mime: ImageMime;
  /** Base64 of the file's bytes; null when the file is larger than artifactPreviewLimits.imageBytes. */
  base64: string | null;
}

export interface TextPreview extends PreviewBase {
  kind: 'text';
  /** A hint for display, from the extension: 'plain', 'markdown', 'python', 'svg', 'log', ... Never rendered as HTML. */
  language: string;
  text: string;
  /** The file is longer than artifactPreviewLimits.textBytes and only its start is shown. */
  truncated: boolean;
  /** Bytes that are not valid UTF-8 were shown as U+FFFD. */
  invalidUtf8: boolean;
}

export interface JsonPreview extends PreviewBase {
  kind: 'json';
  /** Pretty-printed when it parsed; the file's text as it is otherwise. */
  text: string;
  truncated: boolean;
  /** Why it was not pretty-printed (a parse error, or too large to parse); null when it was. */
  parseError: string | null;
}

export interface YamlPreview extends PreviewBase {
  kind: 'yaml';
  text: string;
  truncated: boolean;
  /** The first YAML error, when the whole file was read and does not parse; else null. */
  parseError: string | null;
}

export interface CsvPreview extends PreviewBase {
  kind: 'csv';
  delimiter: ',' | '\t';
  /** The header row. */
  columns: string[];
  /** Up to artifactPreviewLimits.csvRows data rows, each as long as it was in the file. */
  rows: string[][];
  /** More rows follow (or the file was cut before its end). */
  truncated: boolean;
  /** How many bytes of the file the rows shown come from. */
  bytesRead: number;
}

export interface OnnxDimension {
  /** A fixed size, or null when the dimension is symbolic or unknown. */
  value: number | null;
  /** The symbolic name ("batch", "N"), or null. */
  param: string | null;
}

/** A value's type as written: "tensor(float)", "seq(map(int64,tensor(float)))". */
export interface OnnxValueInfo {
  name: string;
  /** Readable type: "tensor(float)", "map(int64,tensor(float))", "seq(...)", or "unknown". */
  type: string;
  /** The tensor's element type ("float", "int64"), or null for a non-tensor value. */
  elementType: string | null;
  /** The tensor's shape, or null when not given (rank unknown). */
  shape: OnnxDimension[] | null;
}

export interface OnnxSummary {
  irVersion: number | null;
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number | null;
  docString: string;
  graphName: string;
  /** Operator sets imported, in file order; '' is the default ONNX domain (ai.onnx). */
  opsets: { domain: string; version: number }[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** How many nodes the main graph has, and how many of each operator type (sorted by count, then name). */
  nodeCount: number;
  operators: { opType: string; domain: string; count: number }[];
  initializerCount: number;
  metadata: { key: string; value: string }[];
}

export interface OnnxPreview extends PreviewBase {
  kind: 'onnx';
  /** Hex SHA-256 of the whole file. */
  sha256: string;
  /** Null when the file is not a readable ModelProto; then `error` says why. */
  summary: OnnxSummary | null;
  error: string | null;
}

export interface FolderEntry {
  name: string;
  /** The child's artifact path, to ask for its preview. */
  path: string;
  folder: boolean;
  size: number;
}

export interface FolderPreview extends PreviewBase {
  kind: 'folder';
  children: FolderEntry[];
  /** More than artifactPreviewLimits.folderEntries children: the rest are not listed. */
  truncated: boolean;
}

export interface BinaryPreview extends PreviewBase {
  kind: 'binary';
}

export interface MissingPreview extends PreviewBase {
  kind: 'missing';
  /** What happened, e.g. "The file is no longer on disk." */
  message: string;
}

export type ArtifactPreview =
  | ImagePreview
  | TextPreview
  | JsonPreview
  | YamlPreview
  | CsvPreview
  | OnnxPreview
  | FolderPreview
  | BinaryPreview
  | MissingPreview;

export type ArtifactPreviewKind = ArtifactPreview['kind'];
