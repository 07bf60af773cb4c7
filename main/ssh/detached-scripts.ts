// POSIX scripts behind detached runs. Each takes the run id as $1 and works in $HOME/.virtlab/runs/<id>/:
// argv.json, pid (also the process group: the run is a session leader), stdout, stderr, exit_status, and end (empty
// from the start, a line appended once exit_status is there: what a wait watches).

const DIR = 'd="$HOME/.virtlab/runs/$1"';

// Every script below runs on each run's start, wait or cleanup, where a process start costs milliseconds on a loaded
// host: files are read with the shell's own `read`, not `$(cat ...)` (a fork and an exec each).

/** rd FILE: its first line in $v; false when the file is missing or that line empty. */
export const READ_LINE = 'rd() { v=; { IFS= read -r v <"$1"; } 2>/dev/null; [ -n "$v" ]; }';

/** zombie PID: true when /proc shows the process as a zombie (read without a grep). */
export const ZOMBIE = [
  'zombie() {',
  '  { while read -r k s _; do [ "$k" = State: ] && { [ "$s" = Z ]; return; }; done <"/proc/$1/status"; } 2>/dev/null',
  '  return 1',
  '}',
].join('\n');

// Alive means: the pid exists, is not a zombie, and (where /proc shows it) is still our runner, not a reused pid.
const ALIVE = [
  READ_LINE,
  ZOMBIE,
  'alive() {',
  '  rd "$d/pid" || return 1',
  '  pid=$v',
  '  kill -0 "$pid" 2>/dev/null || return 1',
  '  if [ -r "/proc/$pid/status" ]; then',
  '    zombie "$pid" && return 1',
  '    grep -q virtlab-run "/proc/$pid/cmdline" 2>/dev/null || return 1',
  '  fi',
  '  return 0',
  '}',
].join('\n');

/** $1 id, $2 argv as JSON (for the record), $3 working directory or empty, then the argv. Prints pid=N. */
export const START_SCRIPT = [
  'set -e',
  DIR,
  'argv_json=$2; cwd=$3; shift 3',
  '[ -d "$HOME/.virtlab/runs" ] || mkdir -p "$HOME/.virtlab/runs"',
  'mkdir "$d" 2>/dev/null || { echo "run folder $d already exists" >&2; exit 17; }',
  // The record of what ran, read by people only, and complete before the pid below (written atomically) says it runs.
  `printf '%s\\n' "$argv_json" > "$d/argv.json"`,
  ': > "$d/stdout"; : > "$d/stderr"; : > "$d/end"',
  'cd "${cwd:-$HOME}"',
  // The runner: its own session (survives the SSH session and a kill of the exec group), no terminal,
  // output straight to files, then the exit status written atomically once everything is flushed.
  // The runner traps (not ignores) TERM/INT/HUP: it outlives a stop of its group to record the status,
  // while the command, whose handlers reset on exec, dies normally. Once the status is there, a line in end wakes a
  // wait at once (WAIT_BODY).
  'runner=\'trap : TERM INT HUP; d=$1; shift; "$@" >"$d/stdout" 2>"$d/stderr" </dev/null; st=$?; printf "%s\\n" "$st" > "$d/exit_status.tmp" && mv "$d/exit_status.tmp" "$d/exit_status" && echo "$st" >> "$d/end"\'',
  'if command -v setsid >/dev/null 2>&1; then',
  '  setsid sh -c "$runner" virtlab-run "$d" "$@" </dev/null >/dev/null 2>&1 &',
  'else',
  '  sh -c "$runner" virtlab-run "$d" "$@" </dev/null >/dev/null 2>&1 &',
  'fi',
  'echo "$!" > "$d/pid.tmp" && mv "$d/pid.tmp" "$d/pid"',
  'echo "pid=$!"',
].join('\n');

// Sets ob and eb to the sizes of the run's stdout and stderr (empty when missing): one wc for both files.
const SIZES = [
  'sizes() {',
  '  ob=; eb=',
  '  while read -r n f; do case $f in "$d/stdout") ob=$n ;; "$d/stderr") eb=$n ;; esac; done <<EOF',
  '$(wc -c "$d/stdout" "$d/stderr" 2>/dev/null)',
  'EOF',
  '}',
].join('\n');

// Prints key=value lines: state (missing|running|exited|lost), pid, code, stdout_bytes, stderr_bytes; leaves the
// state in st and the sizes in ob and eb. Needs DIR, ALIVE.
const STATUS = [
  SIZES,
  '[ -d "$d" ] || { echo state=missing; exit 0; }',
  'if [ -f "$d/exit_status" ]; then st=exited',
  'elif alive; then st=running',
  // It may have finished between the two checks.
  'elif [ -f "$d/exit_status" ]; then st=exited',
  'else st=lost; fi',
  'echo "state=$st"',
  'if [ "$st" = exited ]; then rd "$d/exit_status"; echo "code=$v"; fi',
  'rd "$d/pid"; echo "pid=$v"',
  'sizes',
  'echo "stdout_bytes=$ob"',
  'echo "stderr_bytes=$eb"',
].join('\n');

/** Prints key=value lines: state (missing|running|exited|lost), pid, code, stdout_bytes, stderr_bytes. */
export const STATUS_SCRIPT = [DIR, ALIVE, STATUS].join('\n');

/** The line between the status and the run's stdout in COLLECT_SCRIPT's output. */
export const OUTPUT_MARK = '@@virtlab-output';

/** $1 id: the status (as STATUS_SCRIPT), OUTPUT_MARK on a line, then the run's stdout; its stderr on stderr. One
 * round trip for what a status read and a read of the output took apart. */
export const COLLECT_SCRIPT = [DIR, ALIVE, STATUS, `echo ${OUTPUT_MARK}`, 'cat "$d/stdout" && cat "$d/stderr" >&2'].join('\n');

/**
 * $1 id, $2 stdout offset, $3 stderr offset. Streams new stdout bytes to stdout and new stderr bytes to stderr
 * until the run has ended; exit 0 exited, 4 lost, 3 missing. The end is decided before the last read, so
 * nothing written before exit_status is missed.
 */
export const FOLLOW_SCRIPT = [
  DIR,
  ALIVE,
  'o=$2; e=$3',
  '[ -d "$d" ] || exit 3',
  'while :; do',
  '  fin=0',
  '  if [ -f "$d/exit_status" ]; then fin=1; elif ! alive; then if [ -f "$d/exit_status" ]; then fin=1; else fin=2; fi; fi',
  '  s=$(wc -c < "$d/stdout" | tr -d " ")',
  '  if [ "$s" -gt "$o" ]; then head -c "$s" "$d/stdout" | tail -c +"$((o + 1))"; o=$s; fi',
  '  s=$(wc -c < "$d/stderr" | tr -d " ")',
  '  if [ "$s" -gt "$e" ]; then head -c "$s" "$d/stderr" | tail -c +"$((e + 1))" >&2; e=$s; fi',
  '  [ "$fin" -eq 1 ] && exit 0',
  '  [ "$fin" -eq 2 ] && exit 4',
  '  sleep 0.2 2>/dev/null || sleep 1',
  'done',
].join('\n');

/**
 * $1 id, $2 seconds at most (decimal), $3 the same in tenths: returns as soon as the run has ended (or after $2 s),
 * then prints its status (as STATUS_SCRIPT), so that seeing the end costs no second round trip. The end is the line
 * the runner appends to the end file once exit_status is there, followed by tail -F (inotify, no process forked while
 * waiting) into a private FIFO the wait reads one line from. The file exists from the run's start: GNU tail polls
 * instead of using inotify when every file it follows is missing, so following exit_status (which appears only at the
 * end) saw the end up to a poll interval late, 50 ms; a run started before the end file existed is still followed
 * that way. Watching the runner's pid (tail --pid) was not enough: a runner whose new parent reaps late
 * stays a zombie that kill -0 still finds, for a second or more on the lab. A runner that dies without writing a
 * status is seen by the status read after the wait's time. Without mkfifo, a sleep loop. $4 (optional): once the run has
 * exited, its output comes too when stdout and stderr together are at most that many bytes (as COLLECT_SCRIPT: the
 * status, OUTPUT_MARK, stdout; stderr on stderr), so that reading it costs no round trip either.
 */
const WAIT_BODY = [
  'wait_end() {',
  '  [ -f "$d/exit_status" ] && return 0',
  '  rd "$d/pid" || return 0',
  '  pid=$v',
  '  f="$d/.wait.$$"',
  '  if command -v mkfifo >/dev/null 2>&1 && mkfifo "$f" 2>/dev/null; then',
  '    watch="$d/end"; [ -f "$watch" ] || watch="$d/exit_status"',
  '    timeout "$2" tail -s 0.05 -n +1 -F "$watch" </dev/null >"$f" 2>/dev/null & w=$!',
  // A line (the status appeared) or end of file (the time is up) ends the read; timeout passes the TERM to tail.
  '    read -r line <"$f"',
  '    kill "$w" 2>/dev/null',
  '    rm -f "$f"',
  '    return 0',
  '  fi',
  '  n=0',
  '  while [ ! -f "$d/exit_status" ] && kill -0 "$pid" 2>/dev/null && [ "$n" -lt "$3" ]; do sleep 0.1 2>/dev/null || sleep 1; n=$((n + 1)); done',
  '}',
  'wait_end "$@"',
  STATUS,
  'lim=${4:-0}',
  // The sizes STATUS read are final once the run has exited.
  `if [ "$lim" -gt 0 ] && [ "$st" = exited ] && [ $((\${ob:-0} + \${eb:-0})) -le "$lim" ]; then`,
  `  echo ${OUTPUT_MARK}; cat "$d/stdout" && cat "$d/stderr" >&2`,
  'fi',
].join('\n');

export const WAIT_SCRIPT = [DIR, ALIVE, WAIT_BODY].join('\n');

/** The line START_WAIT_SCRIPT prints once the run has started (after START_SCRIPT's pid=N). */
export const STARTED_MARK = '@@virtlab-started';

/**
 * $1 START_SCRIPT, $2 seconds at most, $3 the same in tenths, $4 output bytes at most (as WAIT_SCRIPT's), then
 * START_SCRIPT's own arguments ($5 the run id...). Starts the run (pid=N, then STARTED_MARK on a line, which the caller
 * reads while the channel stays open) and, on the same channel, waits for its end as WAIT_SCRIPT does: starting a short
 * run, seeing its end and reading its output is one round trip. Without setsid the run would share this command's
 * process group (a stop of the command would reach it): then it returns right after the start, without waiting.
 */
export const START_WAIT_SCRIPT = [
  'start=$1; secs=$2; tenths=$3; lim=$4; shift 4',
  // In a subshell of this one rather than a new sh (a fork without an exec); not in an and-or list, where the start
  // script's set -e would be ignored.
  '( eval "$start" ); rc=$?',
  '[ "$rc" -eq 0 ] || exit "$rc"',
  `echo ${STARTED_MARK}`,
  'command -v setsid >/dev/null 2>&1 || exit 0',
  'set -- "$1" "$secs" "$tenths" "$lim"',
  DIR,
  ALIVE,
  WAIT_BODY,
].join('\n');

/** $1 id, $2 signal name: signals the run's whole process group if it is still alive. */
export const STOP_SCRIPT = [DIR, ALIVE, 'alive || exit 0', 'kill -s "$2" -- "-$pid"'].join('\n');

/** $1 id: removes the run folder unless the run is still going. */
export const CLEANUP_SCRIPT = [
  DIR,
  ALIVE,
  '[ -d "$d" ] || exit 0',
  'if [ ! -f "$d/exit_status" ] && alive; then echo "run is still running" >&2; exit 16; fi',
  'rm -rf -- "$d"',
].join('\n');
