import type { RunRecord } from './records';

/** Collects a batch's skipped lines so one warning says how many and where (the first three). */
export class SkippedLines {
  count = 0;
  private examples: string[] = [];

  add(lineNumber: number, why: string): void {
    this.count += 1;
    if (this.examples.length < 3) this.examples.push(`line ${lineNumber}: ${why}`);
  }

  /** The warning record, or null when nothing was skipped; `fileName` prefixes the message. */
  warning(fileName?: string): RunRecord | null {
    if (this.count === 0) return null;
    const message = fileName ? `${fileName}: malformed lines skipped` : 'malformed lines skipped';
    return { kind: 'warning', message, count: this.count, detail: this.examples.join('; ') };
  }
}
