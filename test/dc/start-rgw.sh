#!/usr/bin/env bash
# Throw-away single-node Ceph (mon + memstore or bluestore OSD + radosgw) serving S3 on 127.0.0.1 (from ../../../shared/dc; test/dc/rgw.ts picks ports and BASE).
# Everything lives under $BASE; fresh dirs every run. Stop with stop-rgw.sh.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)

BASE=${BASE:-${TMPDIR:-/tmp}/voxbench-rgw}
C=$BASE/cluster                 # all cluster state (wiped each run)
MON_V2_PORT=${MON_V2_PORT:-3310}
MON_V1_PORT=${MON_V1_PORT:-6790}
RGW_PORT=${RGW_PORT:-7480}
OSD_PORT_MIN=${OSD_PORT_MIN:-7200}  # keep clear of another cluster's 6800-7300 OSD ports
OSD_PORT_MAX=${OSD_PORT_MAX:-7299}
MEMSTORE_BYTES=${MEMSTORE_BYTES:-2147483648}
# memstore keeps every object in RAM; bluestore puts them in a sparse file under $C/osd (runs too big for RAM, by hand)
OSD_STORE=${OSD_STORE:-memstore}
BLUESTORE_BYTES=${BLUESTORE_BYTES:-68719476736}
ACCESS_KEY=${ACCESS_KEY:-TESTKEY}
SECRET_KEY=${SECRET_KEY:-TESTSECRET}
FSID=${FSID:-$(cat /proc/sys/kernel/random/uuid)}

for b in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph curl; do
  command -v $b >/dev/null || { echo "missing $b: apt-get install -y radosgw ceph-mon ceph-osd ceph-common curl" >&2; exit 1; }
done

# stop a previous instance of *this* recipe (by saved PIDs only)
BASE=$BASE "$HERE/stop-rgw.sh" >/dev/null 2>&1 || true
T0=$(date +%s.%N)
rm -rf "$C"
mkdir -p "$C"/{run,log,mon/ceph-a,osd/ceph-0,rgw/ceph-rgw.a,crash}

CONF=$C/ceph.conf
cat > "$CONF" <<CONF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:$MON_V2_PORT,v1:127.0.0.1:$MON_V1_PORT]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind port min = $OSD_PORT_MIN
ms bind port max = $OSD_PORT_MAX
auth cluster required = none
auth service required = none
auth client required = none
# radosgw defaults ms_mon_client_mode to "secure", which auth "none" cannot do (-13 EACCES)
ms mon client mode = crc secure
keyring = $C/keyring
run dir = $C/run
admin socket = $C/run/\$cluster-\$name.asok
pid file = $C/run/\$cluster-\$name.pid
log file = $C/log/\$cluster-\$name.log
crash dir = $C/crash
log to stderr = false
err to stderr = true
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon max pg per osd = 1000
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
osd crush chooseleaf type = 0
[mon]
# faster osdmap commits: pool creation is ~2 s each with the 1 s default
paxos propose interval = 0.1
paxos min wait = 0.01
mon data = $C/mon/\$cluster-\$id
mon data avail warn = 1
mon data avail crit = 0
mon cluster log file = $C/log/\$cluster.log
[osd]
osd data = $C/osd/\$cluster-\$id
osd objectstore = $OSD_STORE
memstore device bytes = $MEMSTORE_BYTES
bluestore block create = true
bluestore block size = $BLUESTORE_BYTES
bluestore fsck on mkfs = false
osd memory target = 1073741824
osd crush update on start = true
[client.rgw.a]
rgw data = $C/rgw/\$cluster-rgw.a
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw dns name = 127.0.0.1
rgw enable usage log = false
CONF
: > "$C/keyring"
phase() { printf '%-14s %5.1fs\n' "$1" "$(echo "$(date +%s.%N) - $T0" | bc)" >> "$C/timing.log"; }
fail() { echo "start-rgw: $1; logs in $C/log" >&2; BASE=$BASE "$HERE/stop-rgw.sh" >&2 || true; exit 1; }
trap 'fail "command failed at line $LINENO"' ERR
ceph_() { ceph -c "$CONF" --connect-timeout 10 "$@"; }

# --- mon
monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_V2_PORT,v1:127.0.0.1:$MON_V1_PORT]" "$C/monmap" >/dev/null
ceph-mon -c "$CONF" --mkfs -i a --monmap "$C/monmap" 2>>"$C/log/setup.log"
ceph-mon -c "$CONF" -i a 2>>"$C/log/setup.log"
for i in $(seq 60); do ceph_ mon stat >/dev/null 2>&1 && break; sleep 0.5; done
phase mon-up
cp "$C/run/ceph-mon.a.pid" "$C/mon.pid"

# --- osd (memstore in RAM, or bluestore on a file)
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
OSD_ID=$(ceph_ osd create "$OSD_UUID")
ceph-osd -c "$CONF" -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" 2>>"$C/log/setup.log"
ceph-osd -c "$CONF" -i "$OSD_ID" 2>>"$C/log/setup.log"
for i in $(seq 120); do
  ceph_ osd stat -f json 2>/dev/null | grep -q '"num_up_osds":1' && break; sleep 0.5
done
cp "$C/run/ceph-osd.$OSD_ID.pid" "$C/osd.pid"
ceph_ osd stat -f json | grep -q '"num_up_osds":1' || fail "osd did not come up"
phase osd-up

# pre-create the bucket pools RGW would otherwise create lazily on the first
# bucket/upload (that made the very first upload several times slower)
for p in default.rgw.buckets.index default.rgw.buckets.data default.rgw.buckets.non-ec; do
  ceph_ osd pool create "$p" 8 8 >/dev/null 2>&1 || true
  ceph_ osd pool application enable "$p" rgw >/dev/null 2>&1 || true
done

phase pools-created
# --- rgw
# radosgw only forks after it reached the mon; a bad auth setup otherwise hangs here
timeout 60 radosgw -c "$CONF" -n client.rgw.a 2>>"$C/log/setup.log" || fail "radosgw failed to start"
for i in $(seq 120); do
  [ -s "$C/run/ceph-client.rgw.a.pid" ] && cp "$C/run/ceph-client.rgw.a.pid" "$C/rgw.pid"
  curl -sf -m 2 "http://127.0.0.1:$RGW_PORT/" 2>/dev/null | grep -q ListAllMyBucketsResult && break
  if [ -s "$C/rgw.pid" ] && ! kill -0 "$(cat "$C/rgw.pid")" 2>/dev/null; then
    fail "radosgw exited ($(grep -m1 -E 'failed to bind|ERROR' "$C/log/ceph-client.rgw.a.log" || true))"
  fi
  sleep 0.5
done
curl -sf -m 5 "http://127.0.0.1:$RGW_PORT/" | grep -q ListAllMyBucketsResult || fail "rgw does not answer on :$RGW_PORT"
phase rgw-answers

radosgw-admin -c "$CONF" user create --uid=test --display-name=test \
  --access-key="$ACCESS_KEY" --secret="$SECRET_KEY" >"$C/user.json" 2>>"$C/log/setup.log"

phase user-created
T1=$(date +%s.%N)
cat > "$C/env" <<ENV
export S3_ENDPOINT=http://127.0.0.1:$RGW_PORT
export AWS_ACCESS_KEY_ID=$ACCESS_KEY
export AWS_SECRET_ACCESS_KEY=$SECRET_KEY
export AWS_REGION=us-east-1
ENV
echo "S3 endpoint : http://127.0.0.1:$RGW_PORT  (path-style, region us-east-1)"
echo "access key  : $ACCESS_KEY"
echo "secret key  : $SECRET_KEY"
echo "pids        : mon=$(cat $C/mon.pid) osd=$(cat $C/osd.pid) rgw=$(cat $C/rgw.pid)"
echo "env file    : $C/env   conf: $CONF"
printf 'startup     : %.1f s\n' "$(echo "$T1 - $T0" | bc)"
