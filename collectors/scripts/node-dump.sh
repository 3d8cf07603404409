#!/bin/sh
# node-dump.sh: collect a Kubernetes node's security evidence into a .tar.gz for
# `fleetscore collect import`. POSIX sh, no JVM; run as root on the node (or via SSH, SSM,
# `kubectl debug node/NAME -it --image=busybox -- chroot /host sh`).
#
# usage: node-dump.sh --cluster ID --node NAME [--out FILE] [--root DIR] [--provider P]
#                     [--node-pool P] [--zone Z]
#
# Never copies a private key (only its stat line); secrets are replaced by REDACTED before
# the copy leaves the node (see redact.sed below).
set -eu

ROOT=""
OUT=""
CLUSTER=""
NODE=""
PROVIDER=""
POOL=""
ZONE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="${2%/}"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --cluster) CLUSTER="$2"; shift 2 ;;
    --node) NODE="$2"; shift 2 ;;
    --provider) PROVIDER="$2"; shift 2 ;;
    --node-pool) POOL="$2"; shift 2 ;;
    --zone) ZONE="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "node-dump.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$NODE" ] || NODE="$(hostname 2>/dev/null || echo unknown)"
[ -n "$CLUSTER" ] || { echo "node-dump.sh: --cluster is required" >&2; exit 2; }
[ -n "$OUT" ] || OUT="./$NODE.tar.gz"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT INT TERM
D="$WORK/dump"
mkdir -p "$D/cmdline" "$D/fs"
LIST="$WORK/files"
: > "$LIST"

{
  echo "cluster=$CLUSTER"
  echo "node=$NODE"
  echo "collected_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  [ -z "$PROVIDER" ] || echo "provider=$PROVIDER"
  [ -z "$POOL" ] || echo "node_pool=$POOL"
  [ -z "$ZONE" ] || echo "zone=$ZONE"
} > "$D/meta.env"

# Secrets never leave the node. Every ps line, argument and copied file goes through these
# rules, by name and by structure: secret flags (--token=, --bootstrap-token X, --api-key X), the
# userinfo of any URL (https://REDACTED@host), Authorization header values, Bearer and Basic
# credentials, YAML and JSON keys naming a token, password, secret or API key (registry "auth"
# included), and environment assignments whose name ends in TOKEN, PASSWORD, SECRET, ACCESS_KEY,
# API_KEY (at a line's start the whole rest of the line). Secrets.java mirrors them exactly.
cat > "$WORK/redact.sed" <<'EOF'
s/\(--[a-z-]*\(token\|password\|passwd\|secret\|api-key\|apikey\)\)=[^[:space:]"']*/\1=REDACTED/g
s/\(--[a-z-]*\(token\|password\|passwd\|secret\|api-key\|apikey\)\) [^ "'-][^[:space:]"']*/\1 REDACTED/g
s|\(://\)[^/[:space:]",?#]*@|\1REDACTED@|g
s/\(Authorization["']\{0,1\}[[:space:]]*[:=][[:space:]]*["']\{0,1\}\)\(\(Bearer\|Basic\|bearer\)[[:space:]]\{1,\}\)\{0,1\}[^[:space:],"'{[][^[:space:],"']*/\1REDACTED/g
s/\(Bearer\|bearer\|Basic\)[[:space:]]\{1,\}[A-Za-z0-9._~+/-]\{1,\}=*/\1 REDACTED/g
s/^\([[:space:]]*-\{0,1\}[[:space:]]*\(client-key-data\|auth\|[A-Za-z_-]*[Tt]oken\|[A-Za-z_-]*[Pp]assword\|[A-Za-z_-]*[Ss]ecret\|[A-Za-z_-]*[Aa]pi[_-]\{0,1\}[Kk]ey\)[[:space:]]*:[[:space:]]*\)[^[:space:]].*/\1REDACTED/
s/\("\(auth\|client-key-data\|[A-Za-z_-]*[Tt]oken\|[A-Za-z_-]*[Pp]assword\|[A-Za-z_-]*[Ss]ecret\|[A-Za-z_-]*[Aa]pi[_-]\{0,1\}[Kk]ey\)"[[:space:]]*:[[:space:]]*"\)[^"]*"/\1REDACTED"/g
s/^\(\(export[[:space:]]\{1,\}\)\{0,1\}[A-Za-z0-9_]*\(TOKEN\|PASSWORD\|PASSWD\|SECRET\|SECRET_KEY\|ACCESS_KEY\|API_KEY\|APIKEY\)\)=.*/\1=REDACTED/
s/\([^A-Za-z0-9_-]\)\([A-Za-z0-9_]*\(TOKEN\|PASSWORD\|PASSWD\|SECRET\|SECRET_KEY\|ACCESS_KEY\|API_KEY\|APIKEY\)\)=\("[^"]*"\|'[^']*'\|[^[:space:]"';]*\)/\1\2=REDACTED/g
EOF
redact() {
  sed -f "$WORK/redact.sed" "$@"
}
# One argument per line: a secret flag's value is the next argument (--api-key X).
cat > "$WORK/redact-args.sed" <<'EOF'
/^--[a-z-]*\(token\|password\|passwd\|secret\|api-key\|apikey\)$/{
$!N
s/\n[^-].*$/\
REDACTED/
}
EOF

{ ps -eo pid,args 2>/dev/null || ps 2>/dev/null || :; } | redact > "$D/ps.txt"

# Remember a path of interest (absolute, as seen on the node). A flag naming "/" itself
# (--cgroup-root=/) would copy the whole root, /etc/shadow included: never.
want() {
  case "$1" in /|//) ;; /*) echo "$1" >> "$LIST" ;; esac
}

# The kube processes: their exact argv, and every absolute path their flags name.
for p in "$ROOT"/proc/[0-9]*; do
  [ -r "$p/cmdline" ] || continue
  pid="${p##*/}"
  exe="$(tr '\0' '\n' < "$p/cmdline" 2>/dev/null | head -n 1)"
  case "${exe##*/}" in
    kubelet|kube-apiserver|etcd|kube-controller-manager|kube-scheduler|kube-proxy|k3s)
      tr '\0' '\n' < "$p/cmdline" | redact | sed -f "$WORK/redact-args.sed" \
        | tr '\n' '\0' > "$D/cmdline/$pid"
      tr '\0' '\n' < "$p/cmdline" | while IFS= read -r arg; do
        case "$arg" in
          --*=/*) want "${arg#*=}" ;;
          /*) want "$arg" ;;
        esac
      done
      ;;
  esac
done

# Conventional places, whatever the flags say.
for f in /etc/kubernetes /var/lib/kubelet /home/kubernetes /etc/rancher/k3s \
    /var/lib/rancher/k3s/agent /var/lib/rancher/k3s/server/tls /etc/eks /etc/default/kubelet \
    /etc/sysconfig/kubelet /etc/systemd/system/kubelet.service \
    /etc/systemd/system/kubelet.service.d /usr/lib/systemd/system/kubelet.service \
    /usr/lib/systemd/system/kubelet.service.d /etc/systemd/system/k3s.service \
    /etc/systemd/system/k3s.service.env /etc/kubernetes/kubelet/config.json.d; do
  want "$f"
done

# Expand folders (one level of interest: configs, manifests, pki, drop-ins), skip big state.
sort -u "$LIST" | while IFS= read -r f; do
  src="$ROOT$f"
  if [ -d "$src" ]; then
    find "$src" -maxdepth 3 \( -type f -o -type l \) 2>/dev/null | while IFS= read -r g; do
      echo "${g#"$ROOT"}"
    done
  elif [ -e "$src" ]; then
    echo "$f"
  fi
done | sort -u | grep -v -e '/pods/' -e '/plugins/' -e '/device-plugins/' -e '/checkpoints/' \
  -e '/containerd/' -e '/data/' > "$WORK/paths" || :

: > "$D/stat.txt"
while IFS= read -r f; do
  src="$ROOT$f"
  [ -f "$src" ] || continue
  stat -L -c '%a %U %G %s %n' "$src" 2>/dev/null | sed "s#^\([^ ]* [^ ]* [^ ]* [^ ]* \)$ROOT#\1#" >> "$D/stat.txt" || :
  size="$(stat -L -c %s "$src" 2>/dev/null || echo 0)"
  case "$f" in
    *.key|*-key.pem|*_key.pem|*/token|*/*token*.csv) continue ;;
  esac
  [ "$size" -le 8388608 ] || continue
  if grep -q 'PRIVATE KEY-----' "$src" 2>/dev/null; then
    # A PEM holding a key: keep only its certificates.
    mkdir -p "$D/fs${f%/*}"
    awk '/-----BEGIN CERTIFICATE-----/{c=1} c{print} /-----END CERTIFICATE-----/{c=0}' "$src" > "$D/fs$f"
    continue
  fi
  mkdir -p "$D/fs${f%/*}"
  redact "$src" > "$D/fs$f"
done < "$WORK/paths"

# Who still uses the kubelet's read-only port (GKE migration guidance).
if command -v curl > /dev/null 2>&1 && [ -z "$ROOT" ]; then
  if curl -s -m 3 http://127.0.0.1:10255/metrics > "$WORK/metrics" 2>/dev/null; then
    mkdir -p "$D/metrics"
    grep '^kubelet_http_requests_total' "$WORK/metrics" > "$D/metrics/kubelet.txt" || :
  fi
fi
# k3s runs the kubelet inside its own process: its journal names the kubelet's arguments.
if command -v journalctl > /dev/null 2>&1 && [ -z "$ROOT" ] && grep -q k3s "$D/ps.txt"; then
  mkdir -p "$D/journal"
  journalctl -u k3s -u k3s-agent --no-pager 2>/dev/null | grep 'Running kube' > "$D/journal/k3s.txt" || :
fi

tar -C "$D" -czf "$OUT" .
echo "node-dump.sh: wrote $OUT" >&2
