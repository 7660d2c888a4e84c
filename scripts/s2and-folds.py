#!/usr/bin/env python3
"""Splits S2AND's qian mentions into four parts, as its holdout was split.

Blocks that share a person, and people that share a block, are one group;
the groups are shuffled with SEED and dealt to four parts in turn, so that
every mention of a person, and every person of a block, is in one part.
Writes DIR/fold<SEED>_<K>.jsonl for K in 0..3, in the file's own format,
for BZ_S2AND_MENTIONS (tests/unit/test_identity_s2and.c).

    scripts/s2and-folds.py MENTIONS.jsonl DIR [SEED ...]
"""
import collections
import json
import os
import random
import sys


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: s2and-folds.py MENTIONS.jsonl DIR [SEED ...]\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        lines = f.read().splitlines()
    mentions = [json.loads(line) for line in lines]
    parent = {m["block"]: m["block"] for m in mentions}

    def find(b):
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        return b

    blocks_of = collections.defaultdict(list)
    for m in mentions:
        blocks_of[m["person_id"]].append(m["block"])
    for blocks in blocks_of.values():
        for b in blocks[1:]:
            parent[find(b)] = find(blocks[0])
    groups = sorted({find(b) for b in parent})
    os.makedirs(argv[2], exist_ok=True)
    for seed in [int(s) for s in argv[3:]] or [0]:
        order = groups[:]
        random.Random(seed).shuffle(order)
        part = {g: i % 4 for i, g in enumerate(order)}
        outs = [open(os.path.join(argv[2], "fold%d_%d.jsonl" % (seed, k)), "w",
                     encoding="utf-8") for k in range(4)]
        for line, m in zip(lines, mentions):
            outs[part[find(m["block"])]].write(line + "\n")
        for out in outs:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
