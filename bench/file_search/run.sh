#!/usr/bin/env bash
# Times the file module against the classic tools on a corpus of at least
# 100,000 files and 1 GB copied from this machine, checks that both give the
# same answer, and prints a markdown table (docs/performance.md).
#
#   bench/file_search/run.sh [BUILD_DIR]        (default: build)
#   MIG_BENCH_CORPUS=/path  reuse or build the corpus there
#                           (default: .cache/file_search_corpus, git-ignored)
#   MIG_BENCH_REPEAT=3      runs per tool; the best time is kept
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${1:-$repo/build}
agent=$build/apps/mig-agent/mig-agent
corpus=${MIG_BENCH_CORPUS:-$repo/.cache/file_search_corpus}
repeat=${MIG_BENCH_REPEAT:-3}
cores=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x "$agent" ] || { echo "build mig-agent first ($agent missing)" >&2; exit 2; }

# --- corpus -----------------------------------------------------------------
if [ ! -f "$corpus/.complete" ]; then
  rm -rf "$corpus"; mkdir -p "$corpus"
  # /usr/include, /usr/share, Python's library, and the files of /usr/lib
  # up to 256 KiB: about 135,000 files and 1.8 GB, small enough to stay in
  # the page cache of the benchmark machine (warm-cache figures).
  for src in /usr/include /usr/share /usr/lib/python3*; do
    [ -d "$src" ] && cp -a "$src" "$corpus/$(echo "$src" | tr / _)" 2>/dev/null || true
  done
  cp -a /usr/lib "$corpus/_usr_lib" 2>/dev/null || true
  find "$corpus/_usr_lib" -type f -size +256k -delete
  # Links and special files would make the tools disagree on what a file
  # is (find -type f skips links, the module follows links to files).
  find "$corpus" \( -type l -o -type p -o -type s -o -type b -o -type c \) -delete
  touch "$corpus/.complete"
fi
files=$(find "$corpus" -type f | wc -l)
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
# Warm the page cache.
find "$corpus" -type f -print0 | xargs -0 cat > /dev/null

now() { date +%s.%N; }
best_of() {  # best_of OUTFILE CMD...: runs CMD repeat times, prints best seconds
  local out=$1; shift; local best=""
  for _ in $(seq "$repeat"); do
    local t0; t0=$(now); "$@" > "$out"; local t1; t1=$(now)
    best=$(python3 -c "a=$t1-$t0; b='$best'; print(a if b=='' else min(a,float(b)))")
  done
  echo "$best"
}
agent_run() { "$agent" -m file < "$1"; }
params() {  # params FILE JSON-SEARCH
  printf '{"class":"parameters","parameters":{"searches":{"s1":%s}}}' "$2" > "$1"
}
found() {  # found RESULT.json: the sorted unique files found
  python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))
assert r["success"], r["errors"]
out=set()
for l in (r["elements"] or {}).values():
  for e in l or []:
    if e["file"]: out.add(e["file"])
print("\n".join(sorted(out)))' "$1"
}
speed() {  # bytes per second of one core for an EVP digest, 16 KiB blocks
  openssl speed -evp "$1" -seconds 2 -bytes 16384 2>/dev/null |
    awk '/^[a-zA-Z0-9-]+ +[0-9.]+k/ {v=$NF} END {sub("k","",v); print v*1000}'
}

rows=()
add_row() { rows+=("| $1 | $2 | $3 | $4 | $5 |"); }
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
check_same() {  # check_same A B: same answer?
  if cmp -s "$1" "$2"; then echo "yes ($(wc -l < "$1") files)"; else echo "NO"; diff "$1" "$2" | head -5 >&2; fi
}

# 1. name regex
params "$work/p1" "{\"paths\":[\"$corpus\"],\"names\":[\"^(stdio|zlib|config)\\\\.h\$\"],\"options\":{\"matchall\":true}}"
t_mod=$(best_of "$work/r1" agent_run "$work/p1"); found "$work/r1" > "$work/m1"
t_base=$(best_of "$work/b1raw" find "$corpus" -regextype posix-extended -regex '.*/(stdio|zlib|config)\.h' -type f)
sort "$work/b1raw" > "$work/b1"
add_row "name regex" "$(printf %.3f "$t_mod")" "find -regex: $(printf %.3f "$t_base")" "$(ratio "$t_mod" "$t_base")" "$(check_same "$work/m1" "$work/b1")"

# Three files to look for by hash.
mapfile -t picks < <(find "$corpus" -type f -size +20k | sort | awk 'NR==100||NR==2000||NR==5000')
h() { "$1" "${picks[0]}" | cut -d' ' -f1; }
s1=$(sha256sum "${picks[0]}" | cut -d' ' -f1); s2=$(sha256sum "${picks[1]}" | cut -d' ' -f1)
s3=$(sha256sum "${picks[2]}" | cut -d' ' -f1)

# 2. three sha256 values
params "$work/p2" "{\"paths\":[\"$corpus\"],\"sha2\":[\"$s1\",\"$s2\",\"$s3\"],\"options\":{\"matchall\":false}}"
t_mod=$(best_of "$work/r2" agent_run "$work/p2"); found "$work/r2" > "$work/m2"
sha_base() { find "$corpus" -type f -print0 | xargs -0 sha256sum | grep -E "^($s1|$s2|$s3) " | cut -d' ' -f3- ; }
t_base=$(best_of "$work/b2raw" sha_base); sort -u "$work/b2raw" > "$work/b2"
sp256=$(speed sha256)
limit2=$(python3 -c "print($bytes/$sp256/$cores)")
add_row "3 sha256 values" "$(printf %.3f "$t_mod")" "find \| xargs sha256sum: $(printf %.3f "$t_base")" "$(ratio "$t_mod" "$t_base")" "$(check_same "$work/m2" "$work/b2")"
rows+=("| sha256 limit ($cores cores) | $(printf %.3f "$limit2") | module / limit = $(ratio "$t_mod" "$limit2") | | |")

# 3. md5 + sha1 + sha256 + sha3-256 of one file, all at once (matchall)
m5=$(md5sum "${picks[1]}" | cut -d' ' -f1); x1=$(sha1sum "${picks[1]}" | cut -d' ' -f1)
x3=$(openssl dgst -sha3-256 -r "${picks[1]}" | cut -d' ' -f1)
params "$work/p3" "{\"paths\":[\"$corpus\"],\"md5\":[\"$m5\"],\"sha1\":[\"$x1\"],\"sha2\":[\"$s2\"],\"sha3\":[\"$x3\"],\"options\":{\"matchall\":true}}"
t_mod=$(best_of "$work/r3" agent_run "$work/p3"); found "$work/r3" > "$work/m3"
four_base() {
  find "$corpus" -type f -print0 | xargs -0 md5sum | grep "^$m5 " | cut -d' ' -f3- | sort > "$work/f_md5"
  find "$corpus" -type f -print0 | xargs -0 sha1sum | grep "^$x1 " | cut -d' ' -f3- | sort > "$work/f_sha1"
  find "$corpus" -type f -print0 | xargs -0 sha256sum | grep "^$s2 " | cut -d' ' -f3- | sort > "$work/f_sha256"
  find "$corpus" -type f -print0 | xargs -0 openssl dgst -sha3-256 -r | grep "^$x3 " | cut -d' ' -f2- | sed 's/^\*//' | sort > "$work/f_sha3"
  comm -12 "$work/f_md5" "$work/f_sha1" | comm -12 - "$work/f_sha256" | comm -12 - "$work/f_sha3"
}
t_base=$(best_of "$work/b3" four_base)
sp_md5=$(speed md5); sp_sha1=$(speed sha1); sp_sha3=$(speed sha3-256)
limit3=$(python3 -c "print($bytes*(1/$sp_md5+1/$sp_sha1+1/$sp256+1/$sp_sha3)/$cores)")
add_row "md5+sha1+sha256+sha3-256" "$(printf %.3f "$t_mod")" "md5sum, sha1sum, sha256sum, openssl dgst -sha3-256: $(printf %.3f "$t_base")" "$(ratio "$t_mod" "$t_base")" "$(check_same "$work/m3" "$work/b3")"
rows+=("| four-hash limit ($cores cores) | $(printf %.3f "$limit3") | module / limit = $(ratio "$t_mod" "$limit3") | | |")

# 4. two content regexes
A='zlib_version'; B='Copyright \(C\) 19[0-9]{2} Free Software'
params "$work/p4" "{\"paths\":[\"$corpus\"],\"contents\":[\"$A\",\"Copyright \\\\(C\\\\) 19[0-9]{2} Free Software\"],\"options\":{\"matchall\":false}}"
t_mod=$(best_of "$work/r4" agent_run "$work/p4"); found "$work/r4" > "$work/m4"
rg_base() { rg -l -uuu -e "$A" -e "$B" "$corpus" || true; }
t_base=$(best_of "$work/b4raw" rg_base); sort "$work/b4raw" > "$work/b4"
add_row "2 content regexes" "$(printf %.3f "$t_mod")" "rg -l -uuu -e A -e B: $(printf %.3f "$t_base")" "$(ratio "$t_mod" "$t_base")" "$(check_same "$work/m4" "$work/b4")"

echo "corpus: $corpus, $files files, $bytes bytes; $cores cores; best of $repeat warm runs"
echo "one-core digest speed (openssl speed -evp, 16 KiB): md5 $sp_md5 B/s, sha1 $sp_sha1, sha256 $sp256, sha3-256 $sp_sha3"
echo
echo "| question | mig file (s) | baseline, same run (s) | ratio | same answer |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
