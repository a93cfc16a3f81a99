// The Python lines that log a first run into a project folder.

/** JSON string syntax is also a valid Python string literal, so any path quotes safely. */
export function firstRunSnippet(projectPath: string): string {
  return [
    'import runlens',
    `with runlens.start(${JSON.stringify(projectPath)}, params={"lr": 0.01}) as run:`,
    '    for step in range(100):',
    '        run.log({"loss": 1 / (step + 1)}, step=step)',
  ].join('\n');
}
