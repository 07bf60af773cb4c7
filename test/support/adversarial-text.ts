// Long adversarial inputs for the benchmark parsers: lines built to make a backtracking regex blow up. The
// unit test checks every parser gives metrics or a ParseError on them; `npm run bench -- parsers` times them.
export const adversarialTexts: readonly string[] = [
  'a TEST from '.repeat(20000),
  'MIGRATED ' + 'TEST from x '.repeat(20000),
  ' EP Benchmark Completed.\n' + 'a'.padEnd(100000, ' ') + 'x',
  ','.repeat(100000) + '\n' + ','.repeat(100000),
  '   kB  reclen    write\n' + ' 1'.repeat(50000),
  'Excel output is below:\n"Writer report"\n' + '"1" '.repeat(30000),
  '1'.repeat(100000),
];
