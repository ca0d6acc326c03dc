#!/usr/bin/env bash
# The cluster path, for real: a single-node Slurm on localhost (munge,
# slurmctld and slurmd from Debian's packages; proctrack/linuxproc, no
# cgroups), the array that `sweep --emit-slurm` writes for the demo's sweep,
# then `runs merge`; every planned run must be in the merged store exactly
# once and DONE.
#   slurm_single_node.sh PLUMAGE_CLI
# Exit 77 (skipped) when Slurm or munge is not installed
# (packaging/install-deps.sh installs them).
set -euo pipefail
CLI=$(realpath "$1")

for tool in munged munge slurmctld slurmd sbatch squeue sinfo scancel; do
  command -v "$tool" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin"
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: '$tool' not found (install slurmctld slurmd slurm-client munge: packaging/install-deps.sh)"
    exit 77
  fi
done

# munged checks that every folder above its socket is executable by all.
T=$(mktemp -d /tmp/plumage-slurm.XXXXXX)
chmod 755 "$T"
ctld_pid="" d_pid=""
cleanup() {
  local rc=$?
  if [[ $rc -ne 0 && $rc -ne 77 ]]; then
    for f in "$T"/slurmctld.log "$T"/slurmd.log "$T"/munge/munged.log "$T"/slurm/logs/*.out; do
      [[ -f $f ]] && { echo "--- $f"; tail -n 30 "$f"; }
    done
  fi
  [[ -n $d_pid ]] && kill "$d_pid" 2>/dev/null || true
  [[ -n $ctld_pid ]] && kill "$ctld_pid" 2>/dev/null || true
  [[ -f $T/munge/munged.pid ]] && kill "$(cat "$T/munge/munged.pid")" 2>/dev/null || true
  sleep 1
  rm -rf "$T"
}
trap cleanup EXIT

# Free TCP ports for slurmctld and slurmd (two daemons of another test run
# on the same machine must not collide).
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port found" >&2; return 1
}
ctld_port=$(free_port)
d_port=$(free_port)
while [[ $d_port == "$ctld_port" ]]; do d_port=$(free_port); done

mkdir -p "$T/munge" "$T/sock" "$T/state" "$T/spool"
chmod 700 "$T/munge"
chmod 755 "$T/sock"
head -c 1024 /dev/urandom > "$T/munge/munge.key"
chmod 600 "$T/munge/munge.key"
munged --key-file="$T/munge/munge.key" --socket="$T/sock/munge.sock" \
  --pid-file="$T/munge/munged.pid" --log-file="$T/munge/munged.log" --seed-file="$T/munge/munge.seed"

user=$(id -un)
cat > "$T/slurm.conf" <<CONF
ClusterName=plumagetest
SlurmctldHost=$(hostname)(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
AuthType=auth/munge
AuthInfo=socket=$T/sock/munge.sock
CredType=cred/munge
SlurmUser=$user
SlurmdUser=$user
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SwitchType=switch/none
NodeName=plumagenode NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=plumagetest Nodes=plumagenode Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$T/slurm.conf"

slurmctld -D -i > "$T/slurmctld.out" 2>&1 &
ctld_pid=$!
slurmd -D -N plumagenode > "$T/slurmd.out" 2>&1 &
d_pid=$!

# The node comes up idle within seconds.
for i in $(seq 1 60); do
  state=$(sinfo -h -n plumagenode -o '%t' 2>/dev/null || true)
  [[ $state == idle ]] && break
  if [[ $i -eq 60 ]]; then echo "FAIL: node not idle after 60 s (state '$state')"; exit 1; fi
  sleep 1
done
echo "slurm: node idle (slurmctld port $ctld_port, slurmd port $d_port)"

# A small sweep: the demo's (ridge converter and random CLIP weights: quick), 18 runs.
"$CLI" demo --workspace "$T/ws" --converter ridge --clip-epochs 0 --threads 1 > "$T/demo.log"
"$CLI" sweep --config "$T/ws/sweep.json" --emit-slurm "$T/slurm" --chunk 4 --gres "" --cpus 1 --time 00:10:00 \
  --cli "$CLI" --device cpu
planned=$(grep -ho '"key": *"r[0-9a-f]*"' "$T"/slurm/tasks/*.json | grep -o 'r[0-9a-f]*' | sort)
n_planned=$(echo "$planned" | wc -l)
[[ $n_planned -eq 18 ]] || { echo "FAIL: $n_planned runs planned, expected 18"; exit 1; }

job=$(sbatch --parsable "$T/slurm/plumage-sweep.sbatch")
echo "slurm: submitted array job $job"
for i in $(seq 1 300); do
  [[ -z $(squeue -h -j "$job" 2>/dev/null) ]] && break
  if [[ $i -eq 300 ]]; then echo "FAIL: array job $job still queued or running after 300 s"; scancel "$job" || true; exit 1; fi
  sleep 1
done

shopt -s nullglob
stores=("$T"/slurm/stores/task-*.sqlite)
[[ ${#stores[@]} -eq 5 ]] || { echo "FAIL: ${#stores[@]} task stores, expected 5 (18 runs in chunks of 4)"; ls -la "$T/slurm/stores"; exit 1; }
"$CLI" runs merge --into "$T/merged.sqlite" "${stores[@]}"
"$CLI" runs list --db "$T/merged.sqlite" > "$T/runs.txt"
cat "$T/runs.txt"

merged=$(awk '{print $2}' "$T/runs.txt" | sort)
if [[ $merged != "$planned" ]]; then
  echo "FAIL: the merged store's run keys differ from the planned ones"
  diff <(echo "$planned") <(echo "$merged") || true
  exit 1
fi
not_done=$(awk '$3 != "DONE"' "$T/runs.txt")
[[ -z $not_done ]] || { echo "FAIL: runs not DONE:"; echo "$not_done"; exit 1; }
echo "PASS: $n_planned runs planned, each in the merged store exactly once, all DONE"
