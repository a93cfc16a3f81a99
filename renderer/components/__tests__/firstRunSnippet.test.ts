import { describe, expect, it } from 'vitest';
import { firstRunSnippet } from '../firstRunSnippet';

describe('firstRunSnippet', () => {
  it('is the documented snippet with the project path filled in', () => {
    expect(firstRunSnippet('/home/ana/mnist')).toBe(
      [
        'import runlens',
        'with runlens.start("/home/ana/mnist", params={"lr": 0.01}) as run:',
        '    for step in range(100):',
        '        run.log({"loss": 1 / (step + 1)}, step=step)',
      ].join('\n'),
    );
  });

  it('quotes Windows paths and quotes so Python reads them back', () => {
    expect(firstRunSnippet('C:\\runs\\a "b"').split('\n')[1]).toBe(
      'with runlens.start("C:\\\\runs\\\\a \\"b\\"", params={"lr": 0.01}) as run:',
    );
  });
});
