#!/usr/bin/env python3
"""Writes each built-in policy's NIST SP 800-53 r5 and PCI DSS v4.0.1 ids from its Security Hub controls.

    scripts/related-requirements.py           # rewrite policies/**/*.yaml in place
    scripts/related-requirements.py --check   # list the policies that are out of date, exit 1 if any

The source of truth is docs/controls/related-requirements.tsv: for every Security Hub control read on
AWS's page, the "Related requirements" it names for the two frameworks. A policy's
`nist-800-53-r5` and `pci-dss-v4.0.1` lists are the union of those of its `fsbp` and `securityhub`
controls, so they are never edited by hand: change the table, then run this script.
`tests/catalog.rs` fails when a policy and the table disagree.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = os.path.join(ROOT, 'docs', 'controls', 'related-requirements.tsv')
POLICIES = os.path.join(ROOT, 'policies')
FRAMEWORKS = ('nist-800-53-r5', 'pci-dss-v4.0.1')
SOURCES = ('fsbp', 'securityhub')
LIST = re.compile(r'^  ([a-z0-9.-]+):\s*\[(.*)\]\s*$')


def nist_key(control):
    family, number, enhancement = re.match(r'^([A-Z]+)-(\d+)(?:\((\d+)\))?$', control).groups()
    return family, int(number), int(enhancement or 0)


def pci_key(requirement):
    return tuple(int(part) for part in requirement.split('.'))


def read_table():
    table = {}
    with open(TABLE, encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        assert header == ['control_id', 'nist_800_53_r5', 'pci_dss_v4_0_1', 'source'], header
        for line in f:
            control, nist, pci, _source = line.rstrip('\n').split('\t')
            table[control] = (
                [i for i in nist.split(';') if i],
                [i for i in pci.split(';') if i],
            )
    return table


def derived(controls, table):
    nist, pci = set(), set()
    for control in controls:
        n, p = table.get(control, ([], []))
        nist.update(n)
        pci.update(p)
    return sorted(nist, key=nist_key), sorted(pci, key=pci_key)


def rewrite(text, table):
    lines = text.split('\n')
    # Lines of the generated keys are dropped first, so re-running the script is idempotent.
    lines = [l for l in lines if not any(l.startswith(f'  {k}:') for k in FRAMEWORKS)]
    controls, last = [], None
    in_compliance = False
    for i, line in enumerate(lines):
        if not line.startswith(' '):
            in_compliance = line.rstrip() == 'compliance:'
            continue
        m = LIST.match(line) if in_compliance else None
        if m and m.group(1) in SOURCES:
            controls += [c.strip().strip('"\'') for c in m.group(2).split(',') if c.strip()]
            last = i
        elif in_compliance and any(line.startswith(f'  {k}:') for k in SOURCES):
            raise ValueError(f'{line.strip()!r}: write the control list on one line')
    if last is None:
        return '\n'.join(lines)
    nist, pci = derived(controls, table)
    added = []
    if nist:
        added.append(f'  nist-800-53-r5: [{", ".join(nist)}]')
    if pci:
        added.append(f'  pci-dss-v4.0.1: [{", ".join(chr(34) + p + chr(34) for p in pci)}]')
    return '\n'.join(lines[: last + 1] + added + lines[last + 1 :])


def main():
    check = '--check' in sys.argv[1:]
    table = read_table()
    stale = []
    for directory, _, files in sorted(os.walk(POLICIES)):
        for name in sorted(files):
            if not name.endswith('.yaml'):
                continue
            path = os.path.join(directory, name)
            with open(path, encoding='utf-8') as f:
                text = f.read()
            new = rewrite(text, table)
            if new != text:
                stale.append(os.path.relpath(path, ROOT))
                if not check:
                    with open(path, 'w', encoding='utf-8') as f:
                        f.write(new)
    for path in stale:
        print(('stale: ' if check else 'updated: ') + path)
    return 1 if check and stale else 0


if __name__ == '__main__':
    sys.exit(main())
