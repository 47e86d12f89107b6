#!/usr/bin/env python3
"""Compare Palisade's findings with Checkov's on the same repositories, policy by policy.

For every Palisade policy, the Checkov ids listed in its `equivalents` are looked up in Checkov's JSON
reports; the resources each tool fails are compared as sets of (file, resource) after normalising
names (module prefixes and instance keys dropped, CloudFormation `Type.LogicalId` reduced to the id).

Usage:
    scripts/compare-checkov.py PALISADE_BINARY CHECKOV_OUT_DIR CORPUS_DIR [--details N] [--checkov BIN]

With --checkov, Checkov's catalogue (`checkov --list`) limits each comparison to the resource types
Checkov's equivalent checks cover: a Checkov check that exists only for Terraform says nothing about
CloudFormation templates, and counting those as disagreements would be noise.

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
            resource = check['resource']
            rtype = resource.rsplit('.', 1)[0] if '::' in resource else INSTANCE.sub('', MODULE.sub('', resource)).split('.')[0]
            out[check['check_id']].add((norm_file(check['file_path']), norm_resource(resource), rtype))
    return out


def checkov_catalogue(checkov):
    """check id -> set of resource types it applies to, from `checkov --list`."""
    env = dict(os.environ, BC_SKIP_MAPPING='TRUE', CKV_SKIP_PACKAGE_UPDATE_CHECK='TRUE')
    types = defaultdict(set)
    for framework in ('terraform', 'cloudformation'):
        out = subprocess.run([checkov, '--list', '--framework', framework], capture_output=True, text=True,
                             env=env, check=False).stdout
        for line in out.splitlines():
            cells = [c.strip() for c in line.split('|')]
            if len(cells) > 5 and cells[2].startswith('CKV'):
                types[cells[2]].add(cells[4])
    return types


def palisade_failures(binary, repo_dir):
    """(rule_id) -> set of (file, resource)."""
    proc = subprocess.run([binary, 'scan', '.', '--format', 'json', '--severity-threshold', 'critical'],
                          cwd=repo_dir, capture_output=True, text=True, check=False)
    report = json.loads(proc.stdout)
    out = defaultdict(set)
    for f in report['findings']:
        for r in f['resources']:
            out[f['rule_id']].add((norm_file(f['file']), norm_resource(r['address']), r['type']))
    return out


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    binary, checkov_dir, corpus = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    details = int(sys.argv[sys.argv.index('--details') + 1]) if '--details' in sys.argv else 0
    catalogue = checkov_catalogue(sys.argv[sys.argv.index('--checkov') + 1]) if '--checkov' in sys.argv else None
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
            if catalogue is not None:
                covered = set().union(*(catalogue.get(i, set()) for i in ids))
                p = {x for x in p if x[2] in covered}
                c = {x for x in c if x[2] in covered}
            p = {x[:2] for x in p}
            c = {x[:2] for x in c}
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
