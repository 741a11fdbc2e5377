#!/usr/bin/env python3
"""Summary of a JMH JSON result, over every measured iteration of every fork: median, 10th percentile and
minimum time per op and the median gc.alloc.rate.norm per benchmark, and each Sockeye benchmark's ratio to the
Chicory one of the same kind. The low percentiles matter on a shared machine: iterations that ran while other
processes held the CPUs are slower by up to 100x, and they are what spreads the median."""
import json
import statistics
import sys


def raw(metric):
    return [value for fork in metric["rawData"] for value in fork]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main(path):
    rows = {}
    for result in json.load(open(path)):
        name = result["benchmark"].rsplit(".", 1)[1]
        times = raw(result["primaryMetric"])
        alloc_metric = result["secondaryMetrics"].get("gc.alloc.rate.norm")
        alloc = statistics.median(raw(alloc_metric)) if alloc_metric else float("nan")
        rows[name] = (statistics.median(times), percentile(times, 0.1), min(times), alloc)
        unit = result["primaryMetric"]["scoreUnit"]
        print(f"{name}: median={rows[name][0]:.1f} p10={rows[name][1]:.1f} min={rows[name][2]:.1f} {unit}"
              f"  alloc_median={alloc:.0f} B/op  iterations={len(times)}")
    for kind in ("Instantiate", "Run"):
        ours, theirs = rows.get("sockeye" + kind), rows.get("chicory" + kind)
        if ours and theirs:
            print(f"ratio sockeye{kind}/chicory{kind}: median={ours[0] / theirs[0]:.2f}x p10={ours[1] / theirs[1]:.2f}x"
                  f" min={ours[2] / theirs[2]:.2f}x alloc={ours[3] / theirs[3]:.3f}x")


if __name__ == "__main__":
    main(sys.argv[1])
