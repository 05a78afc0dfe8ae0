#!/usr/bin/env bash
# Cold vs warm result cache (docs/batch.md, "Result cache").
#   benchmarks/cache.sh [SKILLS=300]
# Generates the corpus of benchmarks/gate-and-batch.sh (SKILL.md + a Python and a shell script per skill; every
# 10th malicious), then times one run each, with a Release publish and all cores:
#   no cache; --cache on an empty folder (cold: analyse and write); --cache again (warm: nothing changed);
#   --cache after changing one file in every 10th skill. Checks that the SARIF of every run is byte-identical
#   to the uncached one (the last against an uncached scan of the changed corpus).
set -euo pipefail
skills="${1:-300}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet publish "$repo/src/SkillScan.Cli" -c Release -o "$work/skillscan" -m:1 >/dev/null
bin="$work/skillscan/skillscan"

corpus="$work/corpus"
"$repo/benchmarks/generate-skills.sh" "$skills" "$corpus" tiny

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); printf '%.3f' "$(echo "$e - $s" | bc -l)"; }
scan() { "$bin" scan "$corpus" --progress none -f sarif -o "$@"; }

plain=$(seconds scan "$work/plain.sarif")
cold=$(seconds scan "$work/cold.sarif" --cache "$work/cache")
entries=$(find "$work/cache" -name '*.json' | wc -l)
size=$(du -s --apparent-size --block-size=K "$work/cache" | cut -f1)
warm=$(seconds scan "$work/warm.sarif" --cache "$work/cache")
for i in $(seq 10 10 "$skills"); do echo "# changed" >> "$corpus/skill-$i/scripts/fmt.py"; done
partial=$(seconds scan "$work/partial.sarif" --cache "$work/cache")
scan "$work/plain2.sarif" >/dev/null 2>&1 || true
cmp -s "$work/plain.sarif" "$work/cold.sarif" && cmp -s "$work/plain.sarif" "$work/warm.sarif" && cmp -s "$work/plain2.sarif" "$work/partial.sarif" \
  && same="yes" || same="NO"

echo "## Result cache"
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(date -u +%Y-%m-%d)."
echo "Corpus: $skills generated skills (3 files each; every 10th malicious). One run each, all cores, Release publish."
echo
echo "| run | seconds |"
echo "| --- | ---: |"
echo "| no cache | $plain |"
echo "| --cache, cold (empty folder: analyse, write $entries entries, ${size}B) | $cold |"
echo "| --cache, warm (nothing changed) | $warm |"
echo "| --cache, one file changed in every 10th skill | $partial |"
echo
echo "SARIF byte-identical to the uncached run in every case: $same."
