#!/usr/bin/env bash
# Throw-away PACS: Debian's Orthanc with its DICOMweb plugin, on 127.0.0.1 only, for tests of hospital workflows. (from ../../../shared/dc; test/dc/orthanc.ts picks ports and BASE).
# apt-get install -y orthanc orthanc-dicomweb (dicom3tools' dciodvfy and dcmtk help to check what we write).
# DICOMweb root: http://127.0.0.1:$HTTP_PORT/dicom-web/ (QIDO-RS, WADO-RS, STOW-RS); REST: http://127.0.0.1:$HTTP_PORT/
# DIMSE: AE title ORTHANC on 127.0.0.1:$DICOM_PORT. Basic auth user/password: $USERNAME/$PASSWORD.
set -euo pipefail
BASE=${BASE:-${TMPDIR:-/tmp}/voxbench-orthanc}
HTTP_PORT=${HTTP_PORT:-8042}
DICOM_PORT=${DICOM_PORT:-4242}
USERNAME=${USERNAME:-voxbench}
PASSWORD=${PASSWORD:-voxbench}
here="$(cd "$(dirname "$0")" && pwd)"
command -v Orthanc >/dev/null || { echo "missing Orthanc: apt-get install -y orthanc orthanc-dicomweb" >&2; exit 1; }
"$here/stop-orthanc.sh" >/dev/null 2>&1 || true
rm -rf "$BASE"; mkdir -p "$BASE/db"
cat > "$BASE/orthanc.json" <<CONF
{
  "Name": "voxbench-test-pacs",
  "StorageDirectory": "$BASE/db",
  "IndexDirectory": "$BASE/db",
  "HttpPort": $HTTP_PORT,
  "DicomPort": $DICOM_PORT,
  "DicomAet": "ORTHANC",
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": true,
  "RegisteredUsers": { "$USERNAME": "$PASSWORD" },
  "DicomModalities": { "voxbench": [ "VOXBENCH", "127.0.0.1", 11112 ] },
  "Plugins": [ "/usr/share/orthanc/plugins/libOrthancDicomWeb.so" ],
  "DicomWeb": { "Enable": true, "Root": "/dicom-web/", "EnableWado": true, "Ssl": false, "StudiesMetadata": "Full", "SeriesMetadata": "Full" }
}
CONF
setsid Orthanc --logdir="$BASE" "$BASE/orthanc.json" >"$BASE/stdout.log" 2>&1 < /dev/null &
echo $! > "$BASE/orthanc.pid"
for i in $(seq 1 100); do
  curl -sf -u "$USERNAME:$PASSWORD" "http://127.0.0.1:$HTTP_PORT/system" >/dev/null 2>&1 && {
    echo "orthanc up: http://127.0.0.1:$HTTP_PORT/dicom-web/ (user $USERNAME)"; exit 0; }
  sleep 0.1
done
echo "orthanc did not come up; see $BASE" >&2; exit 1
