#!/usr/bin/env python3
"""Compare Palisade's findings with Checkov's on the same repositories, policy by policy.

For every Palisade policy, the Checkov ids listed in its `equivalents` are looked up in Checkov's JSON
reports; the resources each tool fails are compared as sets of (file, resource) after normalising
names (module prefixes and instance keys dropped, CloudFormation `Type.LogicalId` reduced to the id).

Usage:
    scripts/compare-checkov.py PALISADE_BINARY CHECKOV_OUT_DIR CORPUS_DIR [--details N]

CHECKOV_OUT_DIR holds one `<repository>.json` per corpus repository, written by
    checkov -d CORPUS_DIR/<repository> --framework terraform cloudformation -o json --quiet --compact
(see ../shared/PEERS.md for the offline settings). Empty or missing reports are skipped.
"""
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

INSTANCE = re.compile(r'\[[^\]]*\]')
MODULE = re.compile(r'^(module\.[^.\[]+(\[[^\]]*\])?\.)+')


def norm_resource(name):
    name = INSTANCE.sub('', name)
    name = MODULE.sub('', name)
    if '::' in name:  # AWS::S3::Bucket.LogicalId
        name = name.rsplit('.', 1)[-1]
    return name


def norm_file(path):
    return path.lstrip('/').replace('\\', '/')


def checkov_failures(report):
    """(check_id) -> set of (file, resource)."""
    out = defaultdict(set)
    runs = report if isinstance(report, list) else [report]
    for run in runs:
        for check in run.get('results', {}).get('failed_checks', []):
            out[check['check_id']].add((norm_file(check['file_path']), norm_resource(check['resource'])))
    return out


def palisade_failures(binary, repo_dir):
    """(rule_id) -> set of (file, resource), and the number of resources each policy judged."""
    proc = subprocess.run([binary, 'scan', '.', '--format', 'json', '--severity-threshold', 'critical'],
                          cwd=repo_dir, capture_output=True, text=True, check=False)
    report = json.loads(proc.stdout)
    out = defaultdict(set)
    for f in report['findings']:
        for r in f['resources']:
            out[f['rule_id']].add((norm_file(f['file']), norm_resource(r['address'])))
    return out


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    binary, checkov_dir, corpus = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    details = int(sys.argv[sys.argv.index('--details') + 1]) if '--details' in sys.argv else 0
    rules = json.loads(subprocess.run([binary, 'rules', '--format', 'json'], capture_output=True, text=True,
                                      check=True).stdout)
    totals = defaultdict(lambda: [0, 0, 0])  # ours only, both, checkov only
    examples = defaultdict(lambda: ([], []))
    repos = []
    for name in sorted(os.listdir(checkov_dir)):
        if not name.endswith('.json') or os.path.getsize(os.path.join(checkov_dir, name)) == 0:
            continue
        repo = name[:-5]
        repo_dir = os.path.join(corpus, repo)
        if not os.path.isdir(repo_dir):
            continue
        try:
            report = json.load(open(os.path.join(checkov_dir, name)))
        except json.JSONDecodeError:
            continue
        repos.append(repo)
        theirs = checkov_failures(report)
        ours = palisade_failures(binary, repo_dir)
        for rule in rules:
            ids = rule.get('equivalents', {}).get('checkov', [])
            if not ids:
                continue
            c = set().union(*(theirs.get(i, set()) for i in ids))
            p = ours.get(rule['id'], set())
            t = totals[rule['id']]
            t[0] += len(p - c)
            t[1] += len(p & c)
            t[2] += len(c - p)
            examples[rule['id']][0].extend(f'{repo}/{f} {r}' for f, r in sorted(p - c)[:details])
            examples[rule['id']][1].extend(f'{repo}/{f} {r}' for f, r in sorted(c - p)[:details])
    print(f'repositories compared: {", ".join(repos)}')
    print(f'{"policy":<22} {"checkov ids":<34} {"both":>5} {"only us":>8} {"only ckv":>9} {"agree":>6}')
    for rule in rules:
        if rule['id'] not in totals:
            continue
        only_us, both, only_ckv = totals[rule['id']]
        union = only_us + both + only_ckv
        agree = f'{100 * both / union:.0f}%' if union else '-'
        ids = ','.join(rule['equivalents']['checkov'])
        print(f'{rule["id"]:<22} {ids[:34]:<34} {both:>5} {only_us:>8} {only_ckv:>9} {agree:>6}')
        if details:
            for e in examples[rule['id']][0][:details]:
                print(f'    only us:      {e}')
            for e in examples[rule['id']][1][:details]:
                print(f'    only checkov: {e}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
