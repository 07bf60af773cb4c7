// Finding the line that explains a failed NPB build in compiler/make output.

// gcc/gfortran: "file.c:3:5: error: ...", "file.f90:12:7:" followed by "Error: ..."; ld: "undefined reference";
// make: "make[1]: *** ... Error 1" (only as the last resort: it names the failing step, not the cause).
const COMPILER = [
  /^\S+:\d+(?::\d+)?:\s*(?:fatal )?error:/i,
  /^\s*(?:Fatal )?Error:/,
  /undefined reference to/,
  /^\S+: No such file or directory/,
  /command not found/,
];
const MAKE = /^make(?:\[\d+\])?: \*\*\*/;

/** The first compiler error line (with the location line before a gfortran "Error:"), or the first make error. */
export function firstCompilerError(output: string): string | undefined {
  const lines = output.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!COMPILER.some((re) => re.test(line))) continue;
    if (/^\s*(?:Fatal )?Error:/.test(line)) {
      // gfortran prints "file:line:col:" then the source and a caret, then "Error: ...": name the location.
      for (let j = i - 1; j >= Math.max(0, i - 4); j--) {
        if (/^\S+:\d+(?::\d+)?:\s*$/.test(lines[j]!)) return `${lines[j]!.trim()} ${line.trim()}`;
      }
    }
    return line.trim();
  }
  return lines.find((l) => MAKE.test(l))?.trim();
}
