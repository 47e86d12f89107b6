#!/usr/bin/env python3
"""Regenerates src/policy/predicates/data/iam-actions.tsv from policy_sentry's IAM definition.

Needs cloudsplaining (which brings policy_sentry) installed, e.g. in the peers' virtualenv:
    .peers/bin/python scripts/iam-actions.py > src/policy/predicates/data/iam-actions.tsv
"""
import collections
import importlib.metadata

from cloudsplaining.scan.statement_detail import ALL_ACTIONS, remove_wildcard_only_actions
from policy_sentry.querying.actions import remove_actions_not_matching_access_level

VERSION = importlib.metadata.version("policy_sentry")
print(f"""# IAM actions by access level, for the `access_level` argument of `iam_policy_allows`.
# Only actions that accept a resource ARN are listed: an action that works on `*` alone cannot be
# constrained, so allowing it on every resource is no finding. Levels as AWS's Service Authorization
# Reference assigns them, read from policy_sentry {VERSION}'s iam-definition.json (MIT), the table
# cloudsplaining and Checkov (CKV_AWS_289, CKV_AWS_290) use. Regenerate with scripts/iam-actions.py.
# <level>\t<service>\t<action names, space separated>""")
restrictable = remove_wildcard_only_actions(sorted(ALL_ACTIONS))
for level, name in (("permissions-management", "Permissions management"), ("write", "Write")):
    by_service = collections.defaultdict(set)
    for action in remove_actions_not_matching_access_level(restrictable, name):
        service, action = action.split(":", 1)
        by_service[service].add(action)
    for service in sorted(by_service):
        print(f"{level}\t{service}\t{' '.join(sorted(by_service[service]))}")
