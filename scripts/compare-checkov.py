#!/usr/bin/env python3
"""Compare Palisade's findings with Checkov's on the same repositories, policy by policy.

For every Palisade policy, the Checkov ids listed in its `equivalents` are looked up in Checkov's JSON
reports; the resources each tool fails are compared as sets of (file, resource) after normalising
names (module prefixes and instance keys dropped, CloudFormation `Type.LogicalId` reduced to the id).

Usage:
    scripts/compare-checkov.py PALISADE_BINARY CHECKOV_OUT_DIR CORPUS_DIR [--details N] [--checkov BIN]
                               [--markdown FILE]

The comparison counts only resources of the types the policy judges: Checkov's check for instances
says nothing about a Palisade policy for launch templates that lists the same Checkov id, and Checkov's
checks of `aws_iam_policy_document` data sources are counted apart ("Checkov, other types"), since
Palisade judges the resources that use the document. With --checkov, Checkov's catalogue
(`checkov --list`) narrows the comparison further to the resource types its equivalent checks cover: a
Checkov check that exists only for Terraform says nothing about CloudFormation templates.

With --markdown, the table is also written as the agreement report (docs/agreement.md), with the
Checkov version, the corpus commits (from CORPUS_DIR/SOURCES.md) and the commands that regenerate it.

CHECKOV_OUT_DIR holds one `<repository>.json` per corpus repository, written by
    checkov -d CORPUS_DIR/<repository> --framework terraform cloudformation --skip-download \
        -o json --quiet --compact
(see ../shared/PEERS.md for the offline settings and the templates to skip). Empty or missing reports
are skipped.
"""
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

INSTANCE = re.compile(r'\[[^\]]*\]')
MODULE = re.compile(r'^(module\.[^.\[]+(\[[^\]]*\])?\.)+')

# Templates whose resource `Type` is a map crash Checkov's CloudFormation runner and empty the results of
# the whole directory, so Checkov runs without them; Palisade's findings in them are left out too.
SKIP_PATHS = [
    r'RainModules/(bucket|static-site)\.yml',
    r'StackSets/common-resources\.(json|yaml)',
    r'Solutions/(GitLab/GitLabServer|GitLabAndVSCode/GitLabAndVSCode|Gitea/Gitea|VSCode/VSCodeServer)\.(json|yaml)',
]
SKIP = re.compile('|'.join(SKIP_PATHS))

COMMON_CLASSES = [
    'Resources left out by a CloudFormation `Condition` or a Terraform `count`/`for_each` that evaluates to '
    'nothing with the template\'s defaults and the caller\'s inputs are not judged by Palisade; Checkov judges '
    'every declared resource.',
    'A local module is evaluated with each caller\'s arguments, and a finding may be reported at the argument '
    'that decided it, in the caller\'s file; Checkov reports the resource in the module\'s file. The comparison '
    'matches the two through the finding\'s related locations. Checkov resolves fewer of the callers\' '
    'arguments, so the verdicts on a module\'s resource can differ either way (a module default that one '
    'example overrides).',
    'Where a value depends on a parameter through `Fn::If`, every feasible branch is judged: a property set to '
    '`AWS::NoValue` in one branch is reported as absent; Checkov passes it.',
    '`Fn::ForEach` loops (the `AWS::LanguageExtensions` transform) are expanded and their resources judged; '
    'Checkov judges none of them.',
    'A template with a repeated key (which CloudFormation rejects) is read with a warning, the last value '
    'winning; Checkov skips the whole file.',
    'Suppressed findings are left out on both sides; Palisade also honours cfn_nag\'s `rules_to_suppress` and '
    'other tools\' comments for the equivalent ids, which Checkov does not.',
]

CHECKOV_COMMAND = (
    "BC_SKIP_MAPPING=TRUE CKV_SKIP_PACKAGE_UPDATE_CHECK=TRUE DOWNLOAD_EXTERNAL_MODULES=false \\\n"
    "  checkov -d corpus/$REPO --framework terraform cloudformation --skip-download -o json --quiet --compact \\\n"
    "  --skip-path 'RainModules/(bucket|static-site)\\.yml' --skip-path 'StackSets/common-resources\\.(json|yaml)' \\\n"
    "  --skip-path 'Solutions/(GitLab/GitLabServer|GitLabAndVSCode/GitLabAndVSCode|Gitea/Gitea|VSCode/VSCodeServer)\\.(json|yaml)' \\\n"
    "  > checkov-out/$REPO.json"
)
COMPARE_COMMAND = (
    "cargo build --release\n"
    "scripts/compare-checkov.py target/release/palisade checkov-out corpus --checkov checkov "
    "--markdown docs/agreement.md"
)


def norm_resource(name):
    name = INSTANCE.sub('', name)
    name = MODULE.sub('', name)
    if '::' in name:  # AWS::S3::Bucket.LogicalId
        name = name.rsplit('.', 1)[-1]
    return name


def norm_file(path):
    return path.lstrip('/').replace('\\', '/')


def checkov_failures(report):
    """(check_id) -> set of (file, resource, type); and the Checkov version that wrote the report."""
    out = defaultdict(set)
    version = None
    runs = report if isinstance(report, list) else [report]
    for run in runs:
        version = version or run.get('summary', {}).get('checkov_version')
        for check in run.get('results', {}).get('failed_checks', []):
            resource = check['resource']
            rtype = resource.rsplit('.', 1)[0] if '::' in resource else INSTANCE.sub('', MODULE.sub('', resource)).split('.')[0]
            out[check['check_id']].add((norm_file(check['file_path']), norm_resource(resource), rtype))
    return out, version


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
    """(rule_id) -> set of (file, resource, type, other files).

    A finding inside a module may be reported where its value was decided (the caller's argument);
    its `related` locations then name the module's own file, where Checkov reports the resource."""
    proc = subprocess.run([binary, 'scan', '.', '--format', 'json', '--severity-threshold', 'critical'],
                          cwd=repo_dir, capture_output=True, text=True, check=False)
    report = json.loads(proc.stdout)
    out = defaultdict(set)
    for f in report['findings']:
        # Checkov lists what its own skip comments cover apart, as skipped
        if f.get('suppressed') or SKIP.search(norm_file(f['file'])):
            continue
        for r in f['resources']:
            others = tuple(sorted({norm_file(x['file']) for x in f.get('related', [])}))
            out[f['rule_id']].add((norm_file(f['file']), norm_resource(r['address']), r['type'], others))
    return out


def canonical(ours, theirs):
    """Palisade's (file, resource) keys, each moved to a related file where Checkov names the resource."""
    keys = set()
    for file, resource, _, others in ours:
        match = next((o for o in others if (o, resource) in theirs), None) if (file, resource) not in theirs else None
        keys.add((match or file, resource))
    return keys


def corpus_commits(corpus):
    """repository directory -> (upstream, commit), read from the corpus's SOURCES.md table."""
    commits = {}
    try:
        text = open(os.path.join(corpus, 'SOURCES.md'), encoding='utf-8').read()
    except OSError:
        return commits
    for line in text.splitlines():
        cells = [c.strip().strip('`') for c in line.split('|')]
        if len(cells) > 4 and re.fullmatch(r'[0-9a-f]{40}', cells[3]):
            commits[cells[1]] = (cells[2], cells[3])
    return commits


def verdict(only_us, both, only_ckv):
    if only_us == 0 and only_ckv == 0:
        return 'agree' if both else 'none'
    return 'differ'


def markdown(rows, repos, versions, commits):
    counts = defaultdict(int)
    for row in rows:
        counts[verdict(*row[2:5])] += 1
    out = [
        '# Agreement with Checkov',
        '',
        '<!-- generated by scripts/compare-checkov.py --markdown; do not edit -->',
        '',
        'For every policy that lists Checkov equivalents, the resources each tool fails on the shared corpus, '
        'compared as sets of (file, resource): module prefixes and instance keys are dropped, CloudFormation '
        'resources are named by their logical id. Only the resource types both the policy and the Checkov '
        'checks judge are compared; "Checkov, other types" counts Checkov failures on types the policy does '
        'not judge (an instance for a launch-template policy, an `aws_iam_policy_document` data source where '
        'Palisade judges the resource that attaches the document). Where the counts differ, the policy\'s '
        'description says why.',
        '',
        f'Checkov {", ".join(sorted(versions)) or "(unknown version)"}, run offline per repository. '
        f'{len(rows)} policies compared: {counts["agree"]} agree exactly with findings, '
        f'{counts["none"]} have no finding from either tool on the corpus, {counts["differ"]} differ.',
        '',
        '## Corpus',
        '',
        '| repository | upstream | commit |',
        '|---|---|---|',
    ]
    for repo in repos:
        upstream, commit = commits.get(repo, ('', ''))
        out.append(f'| `{repo}` | {upstream} | `{commit}` |')
    out += [
        '',
        '## Regenerate',
        '',
        'With Checkov installed in a virtual environment outside the repository and the corpus checked out '
        'as `corpus/`, for every repository `$REPO` of the table above:',
        '',
        '```sh',
        CHECKOV_COMMAND,
        '```',
        '',
        'then',
        '',
        '```sh',
        COMPARE_COMMAND,
        '```',
        '',
        '## Disagreements common to many policies',
        '',
    ] + [f'- {c}' for c in COMMON_CLASSES] + [
        '',
        'Disagreements particular to one policy are explained in its description.',
        '',
        '## Per policy',
        '',
        '| policy | Checkov ids | both | Palisade only | Checkov only | Checkov, other types | verdict |',
        '|---|---|---:|---:|---:|---:|---|',
    ]
    for rule_id, ids, only_us, both, only_ckv, other in rows:
        out.append(f'| [{rule_id}](policies/{rule_id}.md) | {", ".join(ids)} | {both} | {only_us} | {only_ckv} '
                   f'| {other} | {verdict(only_us, both, only_ckv)} |')
    return '\n'.join(out) + '\n'


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    binary, checkov_dir, corpus = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    details = int(sys.argv[sys.argv.index('--details') + 1]) if '--details' in sys.argv else 0
    catalogue = checkov_catalogue(sys.argv[sys.argv.index('--checkov') + 1]) if '--checkov' in sys.argv else None
    markdown_path = sys.argv[sys.argv.index('--markdown') + 1] if '--markdown' in sys.argv else None
    rules = json.loads(subprocess.run([binary, 'rules', '--format', 'json'], capture_output=True, text=True,
                                      check=True).stdout)
    totals = defaultdict(lambda: [0, 0, 0, 0])  # ours only, both, checkov only, checkov on other types
    examples = defaultdict(lambda: ([], []))
    repos = []
    versions = set()
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
        theirs, version = checkov_failures(report)
        if version:
            versions.add(version)
        ours = palisade_failures(binary, repo_dir)
        for rule in rules:
            ids = rule.get('equivalents', {}).get('checkov', [])
            if not ids:
                continue
            judged = set().union(*rule.get('resource_types', {}).values())
            c = set().union(*(theirs.get(i, set()) for i in ids))
            p = ours.get(rule['id'], set())
            if catalogue is not None:
                covered = set().union(*(catalogue.get(i, set()) for i in ids))
                p = {x for x in p if x[2] in covered}
                c = {x for x in c if x[2] in covered}
            other = {x[:2] for x in c if x[2] not in judged}
            c = {x[:2] for x in c if x[2] in judged}
            p = canonical(p, c)
            t = totals[rule['id']]
            t[0] += len(p - c)
            t[1] += len(p & c)
            t[2] += len(c - p)
            t[3] += len(other)
            examples[rule['id']][0].extend(f'{repo}/{f} {r}' for f, r in sorted(p - c)[:details])
            examples[rule['id']][1].extend(f'{repo}/{f} {r}' for f, r in sorted(c - p)[:details])
    print(f'repositories compared: {", ".join(repos)}')
    print(f'{"policy":<26} {"checkov ids":<34} {"both":>5} {"only us":>8} {"only ckv":>9} {"other":>6}')
    rows = []
    for rule in sorted(rules, key=lambda r: r['id']):
        if rule['id'] not in totals:
            continue
        only_us, both, only_ckv, other = totals[rule['id']]
        ids = rule['equivalents']['checkov']
        rows.append((rule['id'], ids, only_us, both, only_ckv, other))
        print(f'{rule["id"]:<26} {",".join(ids)[:34]:<34} {both:>5} {only_us:>8} {only_ckv:>9} {other:>6}')
        if details:
            for e in examples[rule['id']][0][:details]:
                print(f'    only us:      {e}')
            for e in examples[rule['id']][1][:details]:
                print(f'    only checkov: {e}')
    if markdown_path:
        with open(markdown_path, 'w', encoding='utf-8') as f:
            f.write(markdown(rows, repos, versions, corpus_commits(corpus)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
