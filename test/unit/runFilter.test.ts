// The filter and sort languages as the user types them: what each spelling
// means, and where each kind of mistake is pointed at.
import { describe, expect, it } from 'vitest';
import { describeFilterError, numberFromText, parseRunFilter, parseRunOrder, type FilterSyntaxError, type RunFilter } from '../../shared/runFilter';

function filterOf(text: string): RunFilter {
  const parsed = parseRunFilter(text);
  if (!parsed.ok) throw new Error(`expected ${text} to parse: ${describeFilterError(text, parsed.error)}`);
  return parsed.filter;
}

function errorOf(text: string): FilterSyntaxError {
  const parsed = parseRunFilter(text);
  if (parsed.ok) throw new Error(`expected ${text} to fail, got ${JSON.stringify(parsed.filter)}`);
  return parsed.error;
}

/** The comparison a filter of one comparison holds, without its position. */
function comparisonOf(text: string) {
  const filter = filterOf(text);
  if (filter.kind !== 'comparison') throw new Error(`expected a comparison, got ${filter.kind}`);
  return { column: filter.column, operator: filter.operator, value: filter.value };
}

describe('parseRunFilter: comparisons', () => {
  it('reads empty and blank text as every run', () => {
    expect(filterOf('')).toEqual({ kind: 'all' });
    expect(filterOf('  \t ')).toEqual({ kind: 'all' });
  });

  it.each([
    ['=', 'metrics.loss = 0.5'],
    ['!=', 'metrics.loss != 0.5'],
    ['<', 'metrics.loss < 0.5'],
    ['<=', 'metrics.loss <= 0.5'],
    ['>', 'metrics.loss > 0.5'],
    ['>=', 'metrics.loss >= 0.5'],
  ])('reads the metric operator %s', (operator, text) => {
    expect(comparisonOf(text)).toEqual({ column: { kind: 'metric', name: 'loss' }, operator, value: 0.5 });
  });

  it('reads operators without spaces around them, and <> and == as != and =', () => {
    expect(comparisonOf('metrics.loss>=-1')).toMatchObject({ operator: '>=', value: -1 });
    expect(comparisonOf('metrics.loss<>1')).toMatchObject({ operator: '!=', value: 1 });
    expect(comparisonOf('metrics.loss==1')).toMatchObject({ operator: '=', value: 1 });
  });

  it('reads the text operators on params and tags, in any case', () => {
    expect(comparisonOf("params.optimizer LIKE 'ad%'")).toEqual({ column: { kind: 'param', name: 'optimizer' }, operator: 'LIKE', value: 'ad%' });
    expect(comparisonOf("tags.team ilike '%VISION%'")).toEqual({ column: { kind: 'tag', name: 'team' }, operator: 'ILIKE', value: '%VISION%' });
    expect(comparisonOf("params.optimizer IN ('adam', 'sgd')")).toMatchObject({ operator: 'IN', value: ['adam', 'sgd'] });
    expect(comparisonOf("params.optimizer not in ('adam')")).toMatchObject({ operator: 'NOT IN', value: ['adam'] });
    expect(comparisonOf("params.optimizer != 'adam'")).toMatchObject({ operator: '!=', value: 'adam' });
    expect(comparisonOf('params.lr < 0.01')).toMatchObject({ operator: '<', value: 0.01 });
  });

  it('keeps strings and numbers apart in an IN list', () => {
    expect(comparisonOf("params.batch IN ('a', \"b\", 3, -4.5e1)").value).toEqual(['a', 'b', 3, -45]);
  });

  it.each([
    ['5', 5],
    ['-1', -1],
    ['+2.5', 2.5],
    ['.5', 0.5],
    ['3.', 3],
    ['1e-3', 0.001],
    ['2E+2', 200],
  ])('reads the number %s', (written, value) => {
    expect(comparisonOf(`metrics.x > ${written}`).value).toBe(value);
  });

  it('records where the comparison starts', () => {
    expect(filterOf('resnet AND metrics.x > 1')).toEqual({
      kind: 'and',
      terms: [{ kind: 'nameSearch', text: 'resnet' }, { kind: 'comparison', column: { kind: 'metric', name: 'x' }, operator: '>', value: 1, position: 11 }],
    });
  });
});

describe('parseRunFilter: columns', () => {
  it.each([
    ['metrics.f1 > 1', { kind: 'metric', name: 'f1' }],
    ['metric.f1 > 1', { kind: 'metric', name: 'f1' }],
    ['METRICS.f1 > 1', { kind: 'metric', name: 'f1' }],
    ["params.lr = '1'", { kind: 'param', name: 'lr' }],
    ["param.lr = '1'", { kind: 'param', name: 'lr' }],
    ["tags.team = '1'", { kind: 'tag', name: 'team' }],
    ["tag.team = '1'", { kind: 'tag', name: 'team' }],
  ])('reads the prefix of %s', (text, column) => {
    expect(comparisonOf(text).column).toEqual(column);
  });

  it.each([
    ["attributes.status = 'FINISHED'", 'status'],
    ["attribute.status = 'FINISHED'", 'status'],
    ["run.status = 'FINISHED'", 'status'],
    ["status = 'FINISHED'", 'status'],
    ["attributes.run_name = 'a'", 'name'],
    ["attributes.name = 'a'", 'name'],
    ["attributes.run_id = 'a'", 'run_id'],
    ["attributes.source = 'mlflow'", 'source'],
    ["attributes.experiment = 'a'", 'experiment'],
    ["attributes.experiment_name = 'a'", 'experiment'],
    ['attributes.start_time > 5', 'start_time'],
    ['attributes.created > 5', 'start_time'],
    ['attributes.end_time > 5', 'end_time'],
    ['attributes.duration > 5', 'duration'],
    ['attributes.last_activity > 5', 'last_activity'],
    ['attributes.starred = true', 'starred'],
  ])('reads the attribute in %s', (text, name) => {
    expect(comparisonOf(text).column).toEqual({ kind: 'attribute', name });
  });

  it('takes everything after the first dot as the name', () => {
    expect(comparisonOf('metrics.val.loss < 1').column).toEqual({ kind: 'metric', name: 'val.loss' });
    expect(comparisonOf('metrics.loss.min < 1').column).toEqual({ kind: 'metric', name: 'loss.min' });
    expect(comparisonOf("params.model/layers-2 = '3'").column).toEqual({ kind: 'param', name: 'model/layers-2' });
  });

  it('reads backquoted and double-quoted names with spaces, dots and escaped backquotes', () => {
    expect(comparisonOf('metrics.`val loss` < 1').column).toEqual({ kind: 'metric', name: 'val loss' });
    expect(comparisonOf('metrics.`train.loss (ema)` < 1').column).toEqual({ kind: 'metric', name: 'train.loss (ema)' });
    expect(comparisonOf('metrics.`a``b` < 1').column).toEqual({ kind: 'metric', name: 'a`b' });
    expect(comparisonOf("tags.\"mlflow.user name\" = 'x'").column).toEqual({ kind: 'tag', name: 'mlflow.user name' });
    expect(comparisonOf('attributes.`status` = "RUNNING"').column).toEqual({ kind: 'attribute', name: 'status' });
  });
});

describe('parseRunFilter: values', () => {
  it('resolves escaped quotes in strings', () => {
    expect(comparisonOf("params.s = 'it''s'").value).toBe("it's");
    expect(comparisonOf("params.s = 'it\\'s'").value).toBe("it's");
    expect(comparisonOf('params.s = "say ""hi"""').value).toBe('say "hi"');
    expect(comparisonOf("params.s = 'back\\\\slash'").value).toBe('back\\slash');
  });

  it('keeps other backslashes, so LIKE can escape % and _', () => {
    expect(comparisonOf("params.s LIKE 'a\\_b'").value).toBe('a\\_b');
  });

  it('reads a status in any case as the store spells it', () => {
    expect(comparisonOf("attributes.status = 'finished'").value).toBe('FINISHED');
    expect(comparisonOf("attributes.status IN ('running', 'Failed')").value).toEqual(['RUNNING', 'FAILED']);
    expect(comparisonOf("attributes.status LIKE 'FIN%'").value).toBe('FIN%');
  });

  it('reads starred as 1 or 0', () => {
    expect(comparisonOf('attributes.starred = true').value).toBe(1);
    expect(comparisonOf('attributes.starred = FALSE').value).toBe(0);
    expect(comparisonOf('attributes.starred != 1').value).toBe(1);
    expect(comparisonOf("attributes.starred = 'false'").value).toBe(0);
  });
});

describe('parseRunFilter: AND, OR, parentheses and name search', () => {
  const a = { kind: 'comparison', column: { kind: 'metric', name: 'a' }, operator: '>', value: 1 };
  const b = { kind: 'comparison', column: { kind: 'metric', name: 'b' }, operator: '>', value: 2 };
  const c = { kind: 'comparison', column: { kind: 'metric', name: 'c' }, operator: '>', value: 3 };

  it('reads AND in any case', () => {
    expect(filterOf('metrics.a > 1 and metrics.b > 2 AnD metrics.c > 3')).toMatchObject({ kind: 'and', terms: [a, b, c] });
  });

  it('binds OR looser than AND', () => {
    expect(filterOf('metrics.a > 1 OR metrics.b > 2 AND metrics.c > 3')).toMatchObject({ kind: 'or', terms: [a, { kind: 'and', terms: [b, c] }] });
    expect(filterOf('metrics.a > 1 AND metrics.b > 2 or metrics.c > 3')).toMatchObject({ kind: 'or', terms: [{ kind: 'and', terms: [a, b] }, c] });
  });

  it('groups with parentheses', () => {
    expect(filterOf('(metrics.a > 1 OR metrics.b > 2) AND metrics.c > 3')).toMatchObject({ kind: 'and', terms: [{ kind: 'or', terms: [a, b] }, c] });
    expect(filterOf('((metrics.a > 1))')).toMatchObject(a);
  });

  it('reads bare words and quoted text as name searches, ANDed', () => {
    expect(filterOf('resnet')).toEqual({ kind: 'nameSearch', text: 'resnet' });
    expect(filterOf("resnet-50 'my run' 2024")).toEqual({
      kind: 'and',
      terms: [{ kind: 'nameSearch', text: 'resnet-50' }, { kind: 'nameSearch', text: 'my run' }, { kind: 'nameSearch', text: '2024' }],
    });
    expect(filterOf('bert.base')).toEqual({ kind: 'nameSearch', text: 'bert.base' });
    expect(filterOf('learning in progress')).toMatchObject({ kind: 'and', terms: [{ text: 'learning' }, { text: 'in' }, { text: 'progress' }] });
    expect(filterOf('vision metrics.a > 1')).toMatchObject({ kind: 'and', terms: [{ kind: 'nameSearch', text: 'vision' }, a] });
  });
});

describe('parseRunFilter: errors point at the text at fault', () => {
  it.each([
    // [text, position, length, part of the message]
    ["params.x = 'abc", 11, 4, 'unterminated string'],
    ['params.x = "abc', 11, 4, 'unterminated string'],
    ['metrics.`val loss > 1', 8, 13, 'unterminated string'],
    ['metirc.loss > 1', 0, 6, "unknown prefix 'metirc'"],
    ['bert.base LIKE \'x\'', 0, 4, "unknown prefix 'bert'"],
    ['colour = 1', 0, 6, "unknown column 'colour'"],
    ["attributes.colour = 'x'", 11, 6, "unknown attribute 'colour'"],
    ['metrics.loss >', 14, 1, "expected a value after '>'"],
    ['metrics.loss > AND metrics.x < 1', 15, 3, "expected a value after '>'"],
    ['metrics.loss > )', 15, 1, "expected a value after '>'"],
    ['metrics.loss 0.5', 13, 3, 'expected an operator'],
    ['metrics.loss', 12, 1, 'expected an operator'],
    ['> 5', 0, 1, "unexpected '>'"],
    ['metrics.x > 1 , 2', 14, 1, "unexpected ','"],
    ['metrics.x > 1 = 2', 14, 1, "unexpected '='"],
    ['metrics.x > 1)', 13, 1, "unmatched ')'"],
    ["(metrics.x > 1 AND params.y = 'a'", 0, 1, 'unclosed parenthesis'],
    ["params.x IN ('a', 'b'", 12, 1, 'unclosed parenthesis'],
    ["params.x IN ('a' 'b')", 17, 3, "expected ',' or ')'"],
    ['params.x IN ()', 13, 1, "expected a value after '('"],
    ["params.x IN 'a'", 12, 3, 'expected a list in parentheses'],
    ["params.x NOT 'a'", 13, 3, 'expected IN after NOT'],
    ['()', 0, 2, 'empty parentheses'],
    ['AND resnet', 0, 3, "expected a filter before 'AND'"],
    ['resnet AND', 10, 1, "expected a filter after 'AND'"],
    ['resnet OR )', 10, 1, "expected a filter after 'OR'"],
    ['resnet and AND bert', 11, 3, "expected a filter after 'and', found 'AND'"],
    ["metrics.x = 'a'", 12, 3, 'metrics compare with numbers'],
    ["metrics.x LIKE '%a'", 10, 4, 'metrics compare with =, !=, <, <=, > or >='],
    ['metrics.x IN (1, 2)', 10, 2, 'metrics compare with'],
    ['metrics.x NOT IN (1)', 10, 6, 'metrics compare with'],
    ['params.x LIKE 5', 14, 1, 'LIKE needs a quoted pattern'],
    ["attributes.status = 'DONE'", 20, 6, "unknown status 'DONE'"],
    ["attributes.start_time > '2024'", 24, 6, 'attributes.start_time compares with numbers'],
    ["attributes.starred = 'maybe'", 21, 7, 'true or false'],
    ['attributes.starred > 0', 19, 1, 'attributes.starred compares with = or !='],
    ['attributes.name = 5', 18, 1, 'compares with quoted text'],
    ['params.opt = adam', 13, 4, "quote text values: 'adam'"],
    ['params.flag = true', 14, 4, "quote text values: 'true'"],
    ['metrics.x > NaN', 12, 3, 'finite numbers'],
    ['metrics.x > -Infinity', 12, 9, 'finite numbers'],
    ['metrics.x > 1e999', 12, 5, 'too large'],
    ['metrics.val:loss > 1', 8, 8, 'backquotes'],
    ['metrics. > 1', 8, 1, "expected a name after 'metrics.'"],
    ['metrics.`` > 1', 8, 2, "expected a name after 'metrics.'"],
    ['`val loss` > 1', 0, 10, 'needs a prefix'],
    ['metrics.x > 1 OR', 16, 1, "expected a filter after 'OR'"],
    ["metrics.x > 1 AND (params.y = 'a' = 2)", 34, 1, "expected ')'"],
  ])('%s → position %i', (text, position, length, message) => {
    const error = errorOf(text);
    expect(error.message).toContain(message);
    expect({ position: error.position, length: error.length }).toEqual({ position, length });
  });

  it('lists the known attributes for an unknown one', () => {
    expect(errorOf("attributes.colour = 'x'").message).toContain('name, status, source, experiment, start_time');
  });

  it('describes an error on one line with its 1-based column', () => {
    const text = 'metrics.acc >';
    expect(describeFilterError(text, errorOf(text))).toBe("col 14: expected a value after '>'");
    expect(describeFilterError("params.x = 'abc", errorOf("params.x = 'abc"))).toBe("col 12: unterminated string: no closing quote for this '");
  });
});

describe('parseRunOrder', () => {
  it('reads columns with ASC, DESC or neither (ascending)', () => {
    expect(parseRunOrder('metrics.f1 DESC, params.lr ASC, attributes.start_time')).toEqual({
      ok: true,
      order: [
        { column: { kind: 'metric', name: 'f1' }, descending: true },
        { column: { kind: 'param', name: 'lr' }, descending: false },
        { column: { kind: 'attribute', name: 'start_time' }, descending: false },
      ],
    });
  });

  it('reads empty text as no sort, and directions in any case', () => {
    expect(parseRunOrder('  ')).toEqual({ ok: true, order: [] });
    expect(parseRunOrder('tags.`my tag` desc,run_name')).toEqual({
      ok: true,
      order: [{ column: { kind: 'tag', name: 'my tag' }, descending: true }, { column: { kind: 'attribute', name: 'name' }, descending: false }],
    });
  });

  it('takes metrics.loss.min as the metric named loss.min', () => {
    expect(parseRunOrder('metrics.loss.min')).toEqual({ ok: true, order: [{ column: { kind: 'metric', name: 'loss.min' }, descending: false }] });
  });

  it.each([
    ['metrics.f1 DESC params.lr', 16, "expected ',' or the end"],
    ['metrics.f1 DESC DESC', 16, "expected ',' or the end"],
    ['metrics.f1,', 11, "expected a column after ','"],
    [', metrics.f1', 0, 'expected a column'],
    ['metirc.f1', 0, "unknown prefix 'metirc'"],
    ['attributes.colour DESC', 11, "unknown attribute 'colour'"],
    ['metrics.`f1', 8, 'unterminated string'],
  ])('%s → error at %i', (text, position, message) => {
    const parsed = parseRunOrder(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.message).toContain(message);
      expect(parsed.error.position).toBe(position);
    }
  });
});

describe('numberFromText', () => {
  it('reads decimal numbers and nothing else', () => {
    expect(['1e-3', '0.001', '-2', '+.5', '7.'].map(numberFromText)).toEqual([0.001, 0.001, -2, 0.5, 7]);
    expect(['adam', '', ' 5', '0x10', 'inf', 'NaN', '1e999', '1,5'].map(numberFromText)).toEqual([null, null, null, null, null, null, null, null]);
  });
});
