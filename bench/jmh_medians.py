#!/usr/bin/env python3
"""Medians of a JMH JSON result: time per op and gc.alloc.rate.norm per benchmark, over every measured
iteration of every fork, and each Sockeye benchmark's ratio to the Chicory one of the same kind."""
import json
import statistics
import sys


def raw(metric):
    return [value for fork in metric["rawData"] for value in fork]


def main(path):
    rows = {}
    for result in json.load(open(path)):
        name = result["benchmark"].rsplit(".", 1)[1]
        time = statistics.median(raw(result["primaryMetric"]))
        alloc_metric = result["secondaryMetrics"].get("gc.alloc.rate.norm")
        alloc = statistics.median(raw(alloc_metric)) if alloc_metric else float("nan")
        rows[name] = (time, result["primaryMetric"]["scoreUnit"], alloc)
        print(f"median {name}: {time:.2f} {rows[name][1]}  alloc={alloc:.0f} B/op  "
              f"(iterations={len(raw(result['primaryMetric']))})")
    for kind in ("Instantiate", "Run"):
        ours, theirs = rows.get("sockeye" + kind), rows.get("chicory" + kind)
        if ours and theirs:
            print(f"ratio sockeye{kind}/chicory{kind}: time={ours[0] / theirs[0]:.2f}x "
                  f"alloc={ours[2] / theirs[2]:.2f}x")


if __name__ == "__main__":
    main(sys.argv[1])
