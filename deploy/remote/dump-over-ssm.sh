#!/bin/sh
# Runs node-dump.sh on EC2 nodes through AWS Systems Manager (no SSH, no inbound port) and
# collects the dumps from S3. Each instance downloads the script and uploads its dump with its
# own instance role, which needs s3:GetObject on the script and s3:PutObject on the prefix.
#
# usage: dump-over-ssm.sh --cluster ID --bucket BUCKET --prefix PREFIX --out DIR INSTANCE-ID...
# Waits for every command; a node that fails is named on stderr; exit 1 if any failed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
SCRIPT="$here/../../collectors/scripts/node-dump.sh"
CLUSTER=""
BUCKET=""
PREFIX=""
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cluster) CLUSTER="$2"; shift 2 ;;
    --bucket) BUCKET="$2"; shift 2 ;;
    --prefix) PREFIX="${2%/}"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    -*) echo "dump-over-ssm.sh: unknown argument $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ -z "$CLUSTER" ] || [ -z "$BUCKET" ] || [ -z "$PREFIX" ] || [ -z "$OUT" ] || [ $# -eq 0 ]; then
  echo "dump-over-ssm.sh: --cluster, --bucket, --prefix, --out and instance ids are required" >&2
  exit 2
fi
aws s3 cp "$SCRIPT" "s3://$BUCKET/$PREFIX/node-dump.sh"
failed=0
for id in "$@"; do
  cmd=$(aws ssm send-command --instance-ids "$id" --document-name AWS-RunShellScript \
    --comment "fleetscore node-dump" --query Command.CommandId --output text \
    --parameters "commands=[\"set -e\",\"aws s3 cp s3://$BUCKET/$PREFIX/node-dump.sh /tmp/node-dump.sh\",\"sh /tmp/node-dump.sh --cluster '$CLUSTER' --node \$(hostname) --out /tmp/fleetscore-dump.tar.gz\",\"aws s3 cp /tmp/fleetscore-dump.tar.gz s3://$BUCKET/$PREFIX/dumps/$id.tar.gz\",\"rm -f /tmp/fleetscore-dump.tar.gz /tmp/node-dump.sh\"]")
  if ! aws ssm wait command-executed --command-id "$cmd" --instance-id "$id"; then
    echo "dump-over-ssm.sh: $id failed (aws ssm get-command-invocation --command-id $cmd --instance-id $id)" >&2
    failed=1
  fi
done
mkdir -p "$OUT"
aws s3 cp --recursive "s3://$BUCKET/$PREFIX/dumps/" "$OUT/"
exit "$failed"
