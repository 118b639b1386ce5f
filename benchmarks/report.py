#!/usr/bin/env python3
"""Prints scripts/bench's table from one run's results in the folder given:
ours.ROUND.json (Google Benchmark: tensorjit, the in-process peers and the
machine's limits) and PEER.ROUND.json / PEER.missing for each Python peer,
for each round. A figure is the lowest of its rounds' (each a median): the
shared machines this runs on slow down for minutes at a time, and the
rounds take turns, so every side gets the same chances of a quiet moment.

One line per measurement: name, ours, peer, ratio = peer / ours (above 1,
tensorjit is faster) and fraction of the machine's limit, ours then the
peer's: bandwidth / one-thread triad for #4, FLOP rate / one-thread FMA
peak of the dtype for #1 and #5. Everything in that table runs on one
thread. If ours-threads.json is there (tensorjit's large workloads on all
threads), a second table sets it beside the one-thread figure, with its
fraction of the all-threads limit."""
import json
import pathlib
import sys

PYTHON_PEERS = ("numpy", "pytensor-c", "pytensor-numba", "jax")
# In-process peers: their benchmarks are ours with this suffix on the
# first part of the name (BM_LRStep_OpenBLAS/f64_train).
NATIVE_PEERS = {"c-loops": "_CLoops", "openblas": "_OpenBLAS",
                "eigen": "_Eigen"}
# The machine limits, and the plain loop that is #2b's kernel time.
NOT_OURS = ("BM_Triad", "BM_FMAPeak", "BM_Loop_")


def load_ours(path):
    """{name: (median ns, counters)} from Google Benchmark's JSON."""
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
    results = {}
    for b in json.loads(path.read_text())["benchmarks"]:
        if b.get("aggregate_name") == "median":
            name = b["run_name"].removesuffix("/real_time")
            results[name] = (b["real_time"] * scale[b["time_unit"]],
                             {k: b.get(k, 0) for k in ("flop", "bytes")})
    return results


def rounds(folder, stem, load, ns=lambda value: value):
    """The results of every round of `stem` (stem.1.json, ...), each the
    lowest of its rounds' by `ns`; None if there is none."""
    merged = None
    for path in sorted(folder.glob(f"{stem}.*.json")):
        for name, value in load(path).items():
            merged = merged or {}
            if name not in merged or ns(value) < ns(merged[name]):
                merged[name] = value
    return merged


def peer_name(name, suffix):
    head, _, rest = name.partition("/")
    return f"{head}{suffix}/{rest}" if rest else head + suffix


def time_text(ns):
    for unit, size in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if ns >= size:
            return f"{ns / size:8.2f} {unit}"
    return f"{ns:8.1f} ns"


def main(folder):
    ours = rounds(folder, "ours", load_ours, lambda value: value[0])
    count = len(list(folder.glob("ours.*.json")))
    peers, missing = {}, {}
    for peer in PYTHON_PEERS:
        results = rounds(folder, peer, lambda p: json.loads(p.read_text()))
        if results is not None:
            peers[peer] = results
        else:
            why = folder / f"{peer}.missing"
            missing[peer] = why.read_text().strip() if why.exists() else ""
    for peer, suffix in NATIVE_PEERS.items():
        found = {n: ours[peer_name(n, suffix)][0] for n in ours
                 if peer_name(n, suffix) in ours}
        if found:
            peers[peer] = found
        else:
            missing[peer] = "not built: its library was not found"

    def rate(name, ns):
        return ours[name][1]["flop"] / ns * 1e9 if name in ours else 0

    triad = {t: ours[f"BM_Triad/{t}"][1]["bytes"] / ours[f"BM_Triad/{t}"][0]
             for t in ("one_thread", "all_threads")}  # GB/s
    peak = {k: rate(f"BM_FMAPeak/{k}", ours[f"BM_FMAPeak/{k}"][0]) / 1e9
            for k in ("f64_one_thread", "f32_one_thread", "f64_all_threads",
                      "f32_all_threads")}
    print(f"{count} round(s): each figure is the lowest of the rounds' "
          "medians")
    print("machine limits (measured in this run):")
    for t, gbs in triad.items():
        print(f"  triad {t:12} {gbs:8.2f} GB/s")
    for k, gflops in peak.items():
        print(f"  FMA peak {k:16} {gflops:8.1f} GFLOP/s")

    def fraction(name, ns, threads="one_thread"):
        counters = ours[name][1]
        if counters["bytes"]:
            return counters["bytes"] / ns / triad[threads]
        if counters["flop"]:
            dtype = "f32" if "/f32" in name else "f64"
            return rate(name, ns) / 1e9 / peak[f"{dtype}_{threads}"]
        return None

    print()
    for peer, why in missing.items():
        print(f"MISSING {peer}: {why}")
    print(f"{'name':34} {'ours':>11} {'peer':>15} {'':>11} {'ratio':>7}"
          "  fraction-of-limit (ours / peer)")
    own = [n for n in ours if not n.startswith(NOT_OURS) and
           not any(s + "/" in n or n.endswith(s) for s in NATIVE_PEERS.values())]
    for name in own:
        ns = ours[name][0]
        ours_fraction = fraction(name, ns)
        shown = False
        for peer, results in peers.items():
            if name not in results:
                continue
            peer_ns = results[name]
            limit = ""
            if ours_fraction is not None:
                limit = f"{ours_fraction:6.3f} / {fraction(name, peer_ns):6.3f}"
            print(f"{name:34} {time_text(ns)} {peer:>15} {time_text(peer_ns)}"
                  f" {peer_ns / ns:7.2f}  {limit}")
            shown = True
        if not shown:
            print(f"{name:34} {time_text(ns)} {'(no peer)':>15}")

    print("\n#8 gradient cost: train step / forward only")
    for model in ("BM_LRStep", "BM_MLP"):
        for dtype in ("f64", "f32"):
            train, forward = f"{model}/{dtype}_train", f"{model}/{dtype}_forward"
            if train not in ours or forward not in ours:
                continue
            cells = [f"ours {ours[train][0] / ours[forward][0]:.2f}"] + [
                f"{peer} {results[train] / results[forward]:.2f}"
                for peer, results in peers.items()
                if train in results and forward in results]
            print(f"  {model[3:]:6} {dtype}: " + ", ".join(cells))
    if (folder / "ours-threads.json").exists():
        threaded = load_ours(folder / "ours-threads.json")
        print("\ntensorjit on all threads (TENSORJIT_NUM_THREADS=nproc; peers "
              "as above, on one)")
        print(f"{'name':34} {'one thread':>11} {'all threads':>11} "
              f"{'speed-up':>8} {'numpy/ours':>10}  fraction of the "
              "all-threads limit")
        for name, (ns, _) in threaded.items():
            if name not in ours:
                continue
            numpy = peers.get("numpy", {}).get(name)
            versus = f"{numpy / ns:10.2f}" if numpy else f"{'-':>10}"
            limit = fraction(name, ns, "all_threads")
            limit = f"{limit:6.3f}" if limit is not None else ""
            print(f"{name:34} {time_text(ours[name][0])} {time_text(ns)} "
                  f"{ours[name][0] / ns:8.2f} {versus}  {limit}")

    loop = ours.get("BM_Loop_AddOneTenElements")
    if loop and "BM_Call_AddOneTenElements" in ours:
        print(f"\n#2 call overhead of a+1 on 10 elements minus the plain loop: "
              f"{ours['BM_Call_AddOneTenElements'][0] - loop[0]:.1f} ns")


main(pathlib.Path(sys.argv[1]))
