#!/bin/sh
# Runs node-dump.sh on every node of a list over SSH and fetches the dumps, for nodes outside
# Kubernetes' reach (or before a DaemonSet is allowed). The script is streamed to the node's sh,
# never installed; the dump comes back on stdout (--out -), so nothing stays on the node.
#
# usage: dump-over-ssh.sh --cluster ID --nodes FILE --out DIR [--ssh "ssh -o BatchMode=yes"]
#   FILE: one "ssh-destination node-name" per line (node-name defaults to the destination)
# A node that fails is named on stderr; the others are still dumped; exit 1 if any failed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
SCRIPT="$here/../../collectors/scripts/node-dump.sh"
CLUSTER=""
NODES=""
OUT=""
SSH="ssh -o BatchMode=yes -o ConnectTimeout=10"
while [ $# -gt 0 ]; do
  case "$1" in
    --cluster) CLUSTER="$2"; shift 2 ;;
    --nodes) NODES="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --ssh) SSH="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "dump-over-ssh.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -z "$CLUSTER" ] || [ -z "$NODES" ] || [ -z "$OUT" ]; then
  echo "dump-over-ssh.sh: --cluster, --nodes and --out are required" >&2
  exit 2
fi
mkdir -p "$OUT"
failed=0
while read -r dest node; do
  case "$dest" in ''|'#'*) continue ;; esac
  [ -n "${node:-}" ] || node="$dest"
  part="$OUT/$node.tar.gz.part"
  # shellcheck disable=SC2086 # $SSH is a command with its options
  if $SSH "$dest" sudo sh -s -- --cluster "'$CLUSTER'" --node "'$node'" --out - \
      < "$SCRIPT" > "$part"; then
    mv "$part" "$OUT/$node.tar.gz"
  else
    # The importer ignores .part files (IGNORED_PARTIAL), so a failed node is visible, not read.
    echo "dump-over-ssh.sh: $node ($dest) failed; left $part" >&2
    failed=1
  fi
done < "$NODES"
exit "$failed"
