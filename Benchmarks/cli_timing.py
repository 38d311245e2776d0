#!/usr/bin/env python3
"""The `kith` command's cost at scale: `person show` by id and by name, and "who should get
this?" for the two drafts of `KithBenchmarks questions`, each run as a user runs it (a new
process each time), taking turns, on a network kept by `KithBenchmarks profile-recommend`.
    cd Benchmarks && .build/release/KithBenchmarks profile-recommend /tmp/net.sqlite 100000
    python3 cli_timing.py ../.build/release/kith /tmp/net.sqlite [rounds [other-kith ...]]
Prints a Markdown table: the median and the fastest of the rounds, in milliseconds, and what
each `recommend` costs over `person show ID`. Other binaries (an older build, say) take turns
with the first, each command in each round, so that all see the same spells of the machine."""
import statistics
import subprocess
import sys
import time

WORDS = ["running", "literacy", "gardening", "chess", "robotics", "poetry", "climate", "jazz", "cycling", "cooking",
         "startups", "design", "history", "astronomy", "photography", "education", "health", "music", "policy", "data"]
# SyntheticNetwork.topicName(k + 1) for the 30 most popular topics: "running 0", …, "cooking 1".
BROAD = ", ".join(f"{WORDS[k % 20]} {k // 20}" for k in range(30))
CASES = {
    "person show ID": ["person", "show", "4242"],
    "person show NAME": ["person", "show", "Person 4242"],
    "recommend: 3 topics and a paragraph": [
        "recommend", "--title", "What climate data tells gardeners",
        "--topic", "climate 0", "--topic", "gardening 1", "--topic", "data 2",
        "--text", "A long read on how jazz musicians and robotics engineers use climate data, with notes on "
                  "photography, cycling routes and community education programs that help gardeners plan for "
                  "hotter summers."],
    "recommend: broad (30 popular topics in its text)": ["recommend", "--title", "A survey of everything", "--text", BROAD],
}

kith, database = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 15
binaries = [kith] + sys.argv[4:]
times = {(binary, name): [] for binary in binaries for name in CASES}
for _ in range(rounds):
    for binary in binaries:
        for name, arguments in CASES.items():
            start = time.perf_counter()
            run = subprocess.run([binary, "--db", database] + arguments, capture_output=True)
            times[(binary, name)].append((time.perf_counter() - start) * 1000)
            if run.returncode != 0:
                sys.exit(f"{binary} {name}: {run.stderr.decode()}")
for binary in binaries:
    if len(binaries) > 1:
        print(f"\n{binary}\n")
    print("| command | median (ms) | fastest (ms) |\n|---|---:|---:|")
    for name in CASES:
        values = times[(binary, name)]
        print(f"| {name} | {statistics.median(values):.1f} | {min(values):.1f} |")
    show = times[(binary, "person show ID")]
    for name in CASES:
        if name.startswith("recommend"):
            values = times[(binary, name)]
            print(
                f"| {name}, over person show ID | +{statistics.median(values) - statistics.median(show):.1f} "
                f"| +{min(values) - min(show):.1f} |")
