/** Reference records for the aggregate functions, `aggr::stats` and `aggr::win`. */
import type { ModuleDoc } from './types.js';

const size = (n: number) => `define window w from tumbling with size = ${n} end;\n`;

export const aggrStatsDocs: ModuleDoc = {
  name: 'aggr::stats',
  doc: 'Statistics over the events of a window. `count` gives an integer and the others floats; `sum`, `min`, `max`, `mean`, `var` and `stdev` fail on a value that is not a number, while `hdr` and `dds` skip it.',
  functions: [
    {
      name: 'aggr::stats::count',
      params: [],
      doc: 'The number of events in the window, as an integer.',
      examples: [{ query: `${size(3)}select aggr::stats::count() from in[w] into out;`, input: ['"a"', '"b"', '"c"', '"d"', '"e"', '"f"'], output: ['3', '3'] }],
    },
    {
      name: 'aggr::stats::sum',
      params: ['x'],
      doc: 'The sum of `x` over the window, always as a float.',
      examples: [
        { query: `${size(3)}select aggr::stats::sum(event.n) from in[w] into out;`, input: ['{"n":1}', '{"n":2}', '{"n":3.5}'], output: ['6.5'] },
        { query: `${size(1)}select aggr::stats::sum(event.n) from in[w] into out;`, input: ['{"n":"1"}'], output: [], error: 'Bad type passed to function stats::sum/1' },
      ],
    },
    {
      name: 'aggr::stats::min',
      params: ['x'],
      doc: 'The smallest value of `x` in the window, as a float.',
      examples: [{ query: `${size(3)}select aggr::stats::min(event) from in[w] into out;`, input: ['3', '-1', '2'], output: ['-1.0'] }],
    },
    {
      name: 'aggr::stats::max',
      params: ['x'],
      doc: 'The largest value of `x` in the window, as a float.',
      examples: [{ query: `${size(3)}select aggr::stats::max(event) from in[w] into out;`, input: ['3', '-1', '2'], output: ['3.0'] }],
    },
    {
      name: 'aggr::stats::mean',
      params: ['x'],
      doc: 'The arithmetic mean of `x` over the window, as a float.',
      examples: [{ query: `${size(4)}select aggr::stats::mean(event) from in[w] into out;`, input: ['1', '2', '3', '4'], output: ['2.5'] }],
    },
    {
      name: 'aggr::stats::var',
      params: ['x'],
      doc: 'The sample variance of `x` over the window (the sum of squared deviations divided by one less than the count).',
      examples: [{ query: `${size(4)}select aggr::stats::var(event) from in[w] into out;`, input: ['1', '2', '3', '4'], output: ['1.6666666666666667'] }],
    },
    {
      name: 'aggr::stats::stdev',
      params: ['x'],
      doc: 'The sample standard deviation of `x` over the window: the square root of `aggr::stats::var`.',
      examples: [{ query: `${size(4)}select aggr::stats::stdev(event) from in[w] into out;`, input: ['1', '2', '3', '4'], output: ['1.2909944487358056'] }],
    },
    {
      name: 'aggr::stats::hdr',
      params: ['x', 'percentiles?'],
      doc: 'Summarises `x` with an HDR histogram of two significant digits: a record of `count`, `min`, `max`, `mean`, `stdev`, `var` (these two of the population, not of a sample) and the requested `percentiles` (strings such as `"0.99"`; by default 0.5 up to 0.99999). Values are truncated to non-negative integers, and negative numbers and non-numbers are left out.',
      examples: [
        {
          query: `${size(3)}select aggr::stats::hdr(event) from in[w] into out;`,
          input: ['1', '2', '3'],
          output: ['{"count":3,"min":1,"max":3,"mean":2.0,"stdev":0.816496580927726,"var":0.6666666666666666,"percentiles":{"0.5":2,"0.9":3,"0.95":3,"0.99":3,"0.999":3,"0.9999":3,"0.99999":3}}'],
        },
        {
          query: `${size(5)}select aggr::stats::hdr(event, ["0.5", "0.9"]) from in[w] into out;`,
          input: ['1', '2', '3', '4', '100'],
          output: ['{"count":5,"min":1,"max":100,"mean":22.0,"stdev":39.01281840626232,"var":1522.0,"percentiles":{"0.5":3,"0.9":100}}'],
        },
        {
          query: `${size(3)}select aggr::stats::hdr(event, ["0.5"]) from in[w] into out;`,
          input: ['7.9', '-5', '"x"'],
          output: ['{"count":1,"min":7,"max":7,"mean":7.0,"stdev":0.0,"var":0.0,"percentiles":{"0.5":7}}'],
        },
      ],
    },
    {
      name: 'aggr::stats::dds',
      params: ['x', 'percentiles?'],
      doc: 'Summarises `x` with a DDSketch (about 1% relative error): a record of `count`, `sum`, `min`, `max`, `mean` and the requested `percentiles`, each rounded up to one decimal. Negative numbers and non-numbers are left out.',
      examples: [
        {
          query: `${size(5)}select aggr::stats::dds(event, ["0.5", "0.9"]) from in[w] into out;`,
          input: ['1', '2', '3', '4', '100'],
          output: ['{"count":5,"sum":110.0,"min":1.0,"max":100.0,"mean":22.0,"percentiles":{"0.5":3.0,"0.9":4.1}}'],
        },
      ],
    },
  ],
};

export const aggrWinDocs: ModuleDoc = {
  name: 'aggr::win',
  doc: 'Values picked or gathered from the events of a window.',
  functions: [
    {
      name: 'aggr::win::first',
      params: ['x'],
      doc: 'The value of `x` for the first event of the window.',
      examples: [{ query: `${size(3)}select aggr::win::first(event.id) from in[w] into out;`, input: ['{"id":"a"}', '{"id":"b"}', '{"id":"c"}'], output: ['"a"'] }],
    },
    {
      name: 'aggr::win::last',
      params: ['x'],
      doc: 'The value of `x` for the last event of the window.',
      examples: [{ query: `${size(3)}select aggr::win::last(event.id) from in[w] into out;`, input: ['{"id":"a"}', '{"id":"b"}', '{"id":"c"}'], output: ['"c"'] }],
    },
    {
      name: 'aggr::win::collect_flattened',
      params: ['x'],
      doc: 'An array of the values of `x`, one per event, in arrival order. In a chain of windows (`from in[small, large]`) the larger window gets one flat array of everything the smaller windows collected.',
      examples: [
        {
          query: 'define window by2 from tumbling with size = 2 end;\ndefine window by4 from tumbling with size = 2 end;\nselect aggr::win::collect_flattened(event) from in[by2, by4] into out;',
          input: ['1', '2', '3', '4'],
          output: ['[1,2]', '[3,4]', '[1,2,3,4]'],
        },
      ],
    },
    {
      name: 'aggr::win::collect_nested',
      params: ['x'],
      doc: 'Like `collect_flattened`, except that in a chain of windows each larger window holds the arrays of the smaller windows as elements, one level of nesting per window.',
      examples: [
        {
          query: 'define window by2 from tumbling with size = 2 end;\ndefine window by4 from tumbling with size = 2 end;\nselect aggr::win::collect_nested(event) from in[by2, by4] into out;',
          input: ['1', '2', '3', '4'],
          output: ['[1,2]', '[3,4]', '[[1,2],[3,4]]'],
        },
      ],
    },
  ],
};
