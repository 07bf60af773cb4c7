// A big file's sha256 (a VM disk of gigabytes takes a minute to hash under load), hashed once and then read from its
// sidecar `<file>.virtlab-sum` while the file is provably the same: the sidecar records the file's device, inode, size,
// mtime and ctime when it was hashed. Any write, replacement, rename over it or touch changes one of them (ctime cannot
// be set back by a user), and then the file is hashed again. Where the folder cannot be written, every call hashes.

/**
 * Shell functions. `vl_sum_record FILE SUM`: records SUM as FILE's hash (its maker just hashed it).
 * `vl_sum FILE`: prints FILE's sha256 (exit 1, nothing printed, when FILE cannot be read). Callers of
 * one file are serialized by a lock on the file itself (read-only: the lock changes none of the recorded fields), so two
 * hosts sharing a folder, or two campaigns, hash it once.
 */
export const FILE_SUM_FN = String.raw`vl_sum_record() (
  tmp=$(mktemp "$1.virtlab-sum.XXXXXX" 2>/dev/null) || exit 0
  if printf '%s\n%s\n' "$(stat -L -c '%d %i %s %.9Y %.9Z' "$1")" "$2" >"$tmp" && chmod 644 "$tmp" && mv -f "$tmp" "$1.virtlab-sum"; then :; else rm -f "$tmp"; fi
)
vl_sum() (
  f=$1 side=$1.virtlab-sum
  [ -f "$f" ] && [ -r "$f" ] || exit 1
  exec 9<"$f"
  flock 9 2>/dev/null || true
  id=$(stat -L -c '%d %i %s %.9Y %.9Z' "$f") || exit 1
  if [ -f "$side" ] && [ "$(sed -n 1p "$side")" = "$id" ]; then
    sum=$(sed -n 2p "$side")
    if printf '%s\n' "$sum" | grep -qxE '[0-9a-f]{64}'; then echo "$sum"; exit 0; fi
  fi
  sum=$(sha256sum "$f" | cut -d' ' -f1) || exit 1
  [ -n "$sum" ] || exit 1
  # Recorded only if nothing changed the file while it was read.
  if [ "$(stat -L -c '%d %i %s %.9Y %.9Z' "$f")" = "$id" ] && tmp=$(mktemp "$side.XXXXXX" 2>/dev/null); then
    if printf '%s\n%s\n' "$id" "$sum" >"$tmp" && chmod 644 "$tmp" && mv -f "$tmp" "$side"; then :; else rm -f "$tmp"; fi
  fi
  echo "$sum"
)`;
