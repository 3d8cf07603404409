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

# The first word that looks like a version (v1.33.1+k3s1, 3.5.13) in the first line of stdin.
version_of() {
  head -n 1 | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^v?[0-9]+\.[0-9]+/) { print $i; exit } }'
}
VERSIONS="$WORK/versions"
: > "$VERSIONS"

# The kube processes: their exact argv, every absolute path their flags name, and (on the live
# node) the version their binary reports.
for p in "$ROOT"/proc/[0-9]*; do
  [ -r "$p/cmdline" ] || continue
  pid="${p##*/}"
  exe="$(tr '\0' '\n' < "$p/cmdline" 2>/dev/null | head -n 1)"
  # k3s and rke2 rewrite their argv to one field, "k3s server"
  comp="${exe%% *}"
  comp="${comp##*/}"
  case "$comp" in
    kubelet|kube-apiserver|etcd|kube-controller-manager|kube-scheduler|kube-proxy|k3s|rke2)
      tr '\0' '\n' < "$p/cmdline" | redact | sed -f "$WORK/redact-args.sed" \
        | tr '\n' '\0' > "$D/cmdline/$pid"
      if [ -z "$ROOT" ]; then
        v="$("$p/exe" --version 2>/dev/null | version_of || :)"
        [ -z "$v" ] || echo "$comp $v $p/exe --version" >> "$VERSIONS"
      fi
      tr '\0' '\n' < "$p/cmdline" | while IFS= read -r arg; do
        case "$arg" in
          --*=/*) want "${arg#*=}" ;;
          /*) want "$arg" ;;
        esac
      done
      ;;
  esac
done

# Conventional places, whatever the flags say. Of k3s's and RKE2's etcd data only its config, of
# their server/cred only the control plane's kubeconfigs (not passwd or ipsec.psk).
for f in /etc/kubernetes /var/lib/kubelet /home/kubernetes /etc/rancher/k3s \
    /var/lib/rancher/k3s/agent /var/lib/rancher/k3s/server/tls /etc/eks /etc/default/kubelet \
    /etc/sysconfig/kubelet /etc/systemd/system/kubelet.service \
    /etc/systemd/system/kubelet.service.d /usr/lib/systemd/system/kubelet.service \
    /usr/lib/systemd/system/kubelet.service.d /etc/systemd/system/k3s.service \
    /etc/systemd/system/k3s.service.env /etc/kubernetes/kubelet/config.json.d \
    /var/lib/rancher/k3s/server/db/etcd/config /etc/rancher/rke2 /var/lib/rancher/rke2/agent \
    /var/lib/rancher/rke2/server/tls /var/lib/rancher/rke2/server/db/etcd/config \
    /usr/local/lib/systemd/system/rke2-server.service /usr/local/lib/systemd/system/rke2-agent.service \
    /usr/lib/systemd/system/rke2-server.service /usr/lib/systemd/system/rke2-agent.service \
    /var/lib/rancher/k3s/server/cred/admin.kubeconfig \
    /var/lib/rancher/k3s/server/cred/controller.kubeconfig \
    /var/lib/rancher/k3s/server/cred/scheduler.kubeconfig \
    /var/lib/rancher/rke2/server/cred/admin.kubeconfig \
    /var/lib/rancher/rke2/server/cred/controller.kubeconfig \
    /var/lib/rancher/rke2/server/cred/scheduler.kubeconfig; do
  want "$f"
done

# Expand the folders of a list (configs, manifests, pki, drop-ins, three levels), skip big state.
expand() {
  sort -u "$1" | while IFS= read -r f; do
    src="$ROOT$f"
    if [ -d "$src" ]; then
      find "$src" -maxdepth 3 \( -type f -o -type l \) 2>/dev/null | while IFS= read -r g; do
        echo "${g#"$ROOT"}"
      done
    elif [ -e "$src" ]; then
      echo "$f"
    fi
  done | sort -u | grep -v -e '/pods/' -e '/plugins/' -e '/device-plugins/' -e '/checkpoints/' \
    -e '/containerd/' -e '/data/' -e '/agent/logs/' || :
}

# Copy each path of a list: its stat line always, its content unless it is a key or too big;
# a PEM holding a key keeps only its certificates.
copy() {
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
      mkdir -p "$D/fs${f%/*}"
      awk '/-----BEGIN CERTIFICATE-----/{c=1} c{print} /-----END CERTIFICATE-----/{c=0}' "$src" > "$D/fs$f"
      continue
    fi
    mkdir -p "$D/fs${f%/*}"
    redact "$src" > "$D/fs$f"
  done < "$1"
}

# The absolute paths that copied kubelet configs, drop-ins and kubeconfigs name under a key
# ending in File or Path, or certificate-authority, client-certificate, client-key (YAML
# "key: /path" lines and JSON "key": "/path" pairs), never one naming a token, secret or password.
# LiveNode.java mirrors this exactly.
named() {
  find "$D/fs" -type f 2>/dev/null | sort | while IFS= read -r g; do
    grep -q -e '^kind:[[:space:]]*\(Config\|KubeletConfiguration\)[[:space:]]*$' \
      -e '"kind"[[:space:]]*:[[:space:]]*"\(Config\|KubeletConfiguration\)"' "$g" || continue
    {
      grep -o '^[[:space:]-]*[A-Za-z-]*:[[:space:]]*["'"'"']\{0,1\}/[^"'"'"'[:space:]]*' "$g" || :
      grep -o '"[A-Za-z-]*"[[:space:]]*:[[:space:]]*"/[^"]*"' "$g" || :
    } | sed -n 's/^[[:space:]-]*"\{0,1\}\([A-Za-z-]*\)"\{0,1\}[[:space:]]*:[[:space:]]*["'"'"']\{0,1\}\(\/[^"'"'"']*\).*$/\1 \2/p' \
      | grep -e '^[A-Za-z-]*[Ff]ile ' -e '^[A-Za-z-]*Path ' -e '^certificate-authority ' \
        -e '^client-certificate ' -e '^client-key ' | grep -v -i -e token -e secret -e password \
      | cut -d ' ' -f 2- || :
  done
}

: > "$D/stat.txt"
expand "$LIST" > "$WORK/paths"
copy "$WORK/paths"
# Files the copied configs name, and what those name in turn (three rounds at most).
for _ in 1 2 3; do
  : > "$LIST"
  named | while IFS= read -r f; do want "$f"; done
  expand "$LIST" | sort | comm -23 - "$WORK/paths" > "$WORK/new"
  [ -s "$WORK/new" ] || break
  sort -u "$WORK/paths" "$WORK/new" > "$WORK/all" && mv "$WORK/all" "$WORK/paths"
  copy "$WORK/new"
done

# Versions and the OS image. On a mounted image nothing can run: the versions its files record
# (EKS writes kubelet --version to kubelet-version.txt; RKE2 names its data dir by release).
if [ -z "$ROOT" ]; then
  kv="$(awk '$1 == "kubelet" { print $2 " " $3 " " $4; exit }' "$VERSIONS")"
  [ -n "$kv" ] || kv="$(awk '$1 == "k3s" { print $2 " " $3 " " $4; exit }' "$VERSIONS")"
else
  kv=""
  if [ -f "$ROOT/etc/eks/kubelet-version.txt" ]; then
    v="$(version_of < "$ROOT/etc/eks/kubelet-version.txt")"
    [ -z "$v" ] || kv="$v /etc/eks/kubelet-version.txt"
  fi
  if [ -z "$kv" ] && [ -d "$ROOT/var/lib/rancher/rke2/data" ]; then
    v="$(find "$ROOT/var/lib/rancher/rke2/data" -mindepth 1 -maxdepth 1 -type d -name 'v*-rke2r*' \
      | sed 's#.*/##' | sort | tail -n 1 | sed -n 's/^\(v[0-9][0-9.]*\)-\(rke2r[0-9]*\).*/\1+\2/p')"
    [ -z "$v" ] || kv="$v /var/lib/rancher/rke2/data"
  fi
fi
{
  if [ -f "$ROOT/etc/os-release" ]; then
    os="$(sed -n 's/^PRETTY_NAME=//p' "$ROOT/etc/os-release" | head -n 1 | tr -d '"'"'"'"')"
    [ -z "$os" ] || echo "os_image=$os"
  fi
  if [ -n "$kv" ]; then
    echo "kubelet_version=${kv%% *}"
    echo "kubelet_version_source=${kv#* }"
  fi
  sort -u -k1,1 "$VERSIONS" | while read -r c v _; do
    [ "$c" = kubelet ] || echo "$(echo "$c" | tr '-' '_')_version=$v"
  done
} | redact >> "$D/meta.env"

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
