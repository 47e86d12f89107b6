#!/usr/bin/env python3
"""Compare the speed of palisade binaries on one scan, run after run, interleaved.

    scripts/compare.py OLD NEW [--runs 15] [--label NAME=ARGS ...] -- scan ../shared/corpus --format sarif

Each binary runs the same command RUNS times, one binary after the other in every round, so that a
change in the machine's load between rounds touches all of them alike. Reported per binary: the
median and the minimum wall time (from the clock, in milliseconds), the median CPU time (user +
system, from wait4), the highest peak RSS, and each median against the first binary's.

A binary may be given as `NAME=PATH` to label it, and `--extra NAME=ARGS` runs a labelled copy of
the last binary with ARGS appended (for instance `--extra "193=--skip ID,ID"` for the same policies as
an older binary). Output files the command writes are written under a temporary directory: every
`-o`/`--output` value is replaced by a path there.
"""

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(argv, out_dir):
    args = list(argv)
    for i, a in enumerate(args[:-1]):
        if a in ("-o", "--output"):
            args[i + 1] = os.path.join(out_dir, os.path.basename(args[i + 1]) or "out")
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = 0  # reaped by wait4
    return wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--extra", action="append", default=[], help="NAME=ARGS: the last binary with ARGS (shell words) appended")
    argv = sys.argv[1:]
    if "--" not in argv:
        parser.error("give the command after --")
    split = argv.index("--")
    opts = parser.parse_args(argv[:split])
    command = argv[split + 1 :]

    variants = []
    for b in opts.binaries:
        name, _, path = b.rpartition("=")
        variants.append((name or os.path.basename(path), [path]))
    for extra in opts.extra:
        name, _, args = extra.partition("=")
        variants.append((name, [opts.binaries[-1].rpartition("=")[2]] + shlex.split(args)))

    results = {name: [] for name, _ in variants}
    with tempfile.TemporaryDirectory() as out_dir:
        for _ in range(opts.runs):
            for name, prefix in variants:
                extra_args = prefix[1:]
                results[name].append(run_once([prefix[0]] + command + extra_args, out_dir))

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{opts.runs} interleaved runs, load average {load:.2f}: {' '.join(command)}")
    first = None
    for name, _ in variants:
        walls = [r[0] for r in results[name]]
        cpus = [r[1] for r in results[name]]
        rss = max(r[2] for r in results[name]) // 1024
        med, cpu = statistics.median(walls), statistics.median(cpus)
        if first is None:
            first = (med, cpu)
        print(
            f"{name:>12}: wall median {med:6.1f} ms (min {min(walls):6.1f}, {med / first[0]:.3f}x)"
            f"  cpu median {cpu:6.1f} ms ({cpu / first[1]:.3f}x)  peak rss {rss} MB"
        )


if __name__ == "__main__":
    main()
