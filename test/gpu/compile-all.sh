#!/usr/bin/env bash
# Compiles every tj module in the DIRs (TENSORJIT_DUMP_IR's *.tj.mlir) with the
# GPU pipeline and assembles each kernel with ptxas (sm_90). Modules that
# draw from mt19937 are rejected by design (its draws run on the host) and
# counted apart. Prints "compiled N modules (K kernels), rejected R";
# fails on the first other error.
#   compile-all.sh TENSORJIT_OPT EXTRACT_PTX PTXAS DIR...
set -uo pipefail
opt=$1 extract=$2 ptxas=$3
shift 3
modules=0 kernels=0 rejected=0
for module in $(for dir in "$@"; do ls "$dir"/*.tj.mlir; done); do
  out="$module.gpu"
  if ! "$opt" "$module" --tj-gpu-pipeline=assume-no-runtime-broadcast=true \
      -o "$out.mlir" 2> "$out.err"; then
    if grep -q "calls host function @tj_rt_mt19937" "$out.err"; then
      rejected=$((rejected + 1)); continue
    fi
    echo "GPU pipeline failed on $module:"; cat "$out.err"; exit 1
  fi
  python3 "$extract" "$out.mlir" "$out.ptx" > "$out.names" || exit 1
  while read -r binary; do
    "$ptxas" -arch=sm_90 "$out.ptx/$binary.ptx" -o /dev/null ||
      { echo "ptxas rejected $binary of $module"; exit 1; }
    kernels=$((kernels + $(grep -c '^.visible .entry' "$out.ptx/$binary.ptx")))
  done < "$out.names"
  modules=$((modules + 1))
done
echo "compiled $modules modules ($kernels kernels), rejected $rejected"
