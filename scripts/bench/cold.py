#!/usr/bin/python3
"""Times whole-process invocations, interleaved: each round runs every variant once, in turn.

Interleaving spreads any background load on the machine over all variants alike (sequential
blocks, as hyperfine runs them, let a noisy minute land on one variant). Every run must exit 0.
Reports wall-clock median/p90/min and the median CPU time (user+sys of the child, which is
much less sensitive to other load on the machine), and the ratio to the reference variant.

Usage: cold.py RUNS WARMUP OUT.json REFERENCE NAME=COMMAND...  (COMMAND split on spaces)
The table's first column is headed $TITLE (default "cold path (whole process)").
"""
import json
import os
import statistics
import subprocess
import sys
import time


def pct(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    f = int(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if code != 0:
        sys.exit("failed (exit %d): %s\n%s" % (code, " ".join(cmd), err[-2000:]))
    return wall, ru.ru_utime + ru.ru_stime


def main():
    runs, warmup, out, ref = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    if not (1 <= runs <= 200 and 0 <= warmup <= 10):
        sys.exit("RUNS must be 1..200, WARMUP 0..10")
    variants = [a.split("=", 1) for a in sys.argv[5:]]
    names = [n for n, _ in variants]
    if ref not in names:
        sys.exit("reference %s is not a variant" % ref)
    wall = {n: [] for n in names}
    cpu = {n: [] for n in names}
    for r in range(warmup + runs):
        for n, cmd in variants:
            w, c = run(cmd.split())
            if r >= warmup:
                wall[n].append(w)
                cpu[n].append(c)
    ref_med = statistics.median(wall[ref])
    ref_cpu = statistics.median(cpu[ref])
    rows = []
    for n, cmd in variants:
        rows.append({"name": n, "command": cmd, "runs": runs, "wall_s": wall[n], "cpu_s": cpu[n],
                     "median_ms": statistics.median(wall[n]) * 1e3, "p90_ms": pct(wall[n], .9) * 1e3,
                     "min_ms": min(wall[n]) * 1e3, "cpu_median_ms": statistics.median(cpu[n]) * 1e3,
                     "vs_ref_wall": statistics.median(wall[n]) / ref_med,
                     "vs_ref_cpu": statistics.median(cpu[n]) / ref_cpu})
    with open(out, "w") as f:
        json.dump({"reference": ref, "warmup": warmup, "results": rows}, f, indent=1)
    print("| %s | runs | median ms | p90 ms | min ms | CPU median ms | median vs %s | CPU vs %s |"
          % (os.environ.get("TITLE", "cold path (whole process)"), ref, ref))
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for x in rows:
        print("| %s | %d | %.0f | %.0f | %.0f | %.0f | %.2f× | %.2f× |" % (
            x["name"], x["runs"], x["median_ms"], x["p90_ms"], x["min_ms"], x["cpu_median_ms"],
            x["vs_ref_wall"], x["vs_ref_cpu"]))


if __name__ == "__main__":
    main()
