#!/usr/bin/env python3
"""How much of the postings an exact top 10 must read, at best, for the two drafts of
`KithBenchmarks questions`: the interest points of every person (the formula of
`Questions.Scoring`, recomputed here for this analysis only), then a threshold algorithm
over per-topic lists in the ideal order (by each interest's exact points), which may stop
once the 10th best score, less the most the modifiers take away and the most notes could
add, is above the sum of the lists' next values (only the `M` largest, `M` being the most
interests anyone has). Nothing real can read less than this.
    python3 threshold_depth.py NETWORK.sqlite     (a network from KithBenchmarks profile-recommend)"""
import collections
import math
import sqlite3
import sys

K1, B, POINTS, NOTES, MODIFIER_FLOOR = 2.0, 0.8, 10.0, 40.0 + 5.0, 6.0
database = sqlite3.connect(sys.argv[1])
people = database.execute("SELECT count(*) FROM people").fetchone()[0]
idf = {topic: math.log(1 + (people - n + 0.5) / (n + 0.5))
       for topic, n in database.execute("SELECT topic_id, people FROM topic_statistics")}
interests = database.execute("SELECT person_id, topic_id, weight FROM interests").fetchall()
squares = collections.defaultdict(float)
for person, topic, weight in interests:
    squares[person] += (weight * idf[topic]) ** 2
typical = math.sqrt(sum(squares.values()) / people)
most = max(collections.Counter(person for person, _, _ in interests).values())
topic_ids = dict(database.execute("SELECT name, id FROM topics"))
words = ["running", "literacy", "gardening", "chess", "robotics", "poetry", "climate", "jazz", "cycling", "cooking",
         "startups", "design", "history", "astronomy", "photography", "education", "health", "music", "policy", "data"]
drafts = {
    "3 topics and a paragraph": {topic_ids[name]: 1.0 for name in ["climate 0", "gardening 1", "data 2"]},
    "broad (30 popular topics in its text)": {topic_ids[f"{words[k % 20]} {k // 20}"]: 0.5 for k in range(30)},
}
print("| draft | postings | 10th best | read at best, no note | read at best, with the note headroom |")
print("|---|---:|---:|---:|---:|")
for name, topics in drafts.items():
    lists = collections.defaultdict(list)
    scores = collections.defaultdict(float)
    for person, topic, weight in interests:
        if topic in topics:
            length = math.sqrt(squares[person])
            points = POINTS * topics[topic] * idf[topic] * weight * (K1 + 1) / (weight + K1 * (1 - B + B * length / typical))
            lists[topic].append(points)
            scores[person] += points
    for values in lists.values():
        values.sort(reverse=True)
    tenth = sorted(scores.values(), reverse=True)[9]
    reads = []
    for headroom in (0.0, NOTES):
        depth = 0
        while True:
            frontier = sorted((values[depth] if depth < len(values) else 0 for values in lists.values()), reverse=True)
            if sum(frontier[:most]) + headroom < tenth - MODIFIER_FLOOR:
                break
            depth += 1
        reads.append(sum(min(depth, len(values)) for values in lists.values()))
    print(f"| {name} | {sum(map(len, lists.values())):,} | {tenth:.1f} | {reads[0]:,} | {reads[1]:,} |")
