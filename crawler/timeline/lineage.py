"""Clause lineage: a stable id per clause, following it through moves, renames, splits and
merges, read off the section alignment each stored change already holds.

A section matched to a section of the previous version (unchanged or modified, moved or
renamed) continues that section's clause; an unmatched one starts a clause (`split_from` in
the diff names the clause it was split out of); an unmatched old section ends its clause
(`merged_into` names the clause that absorbed it). Paragraph-level diffs carry no section
indexes: there sections continue a clause when their text, else their heading, is the same.

Captures arrive out of order, so the chains are rebuilt from an inserted version on: the
versions before it keep their ids, a chain through the insertion keeps the id it had before
it, and a chain after it the oldest id any of its sections had, so ids survive insertions (a
chain cut in two keeps its id on the older part).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from crawler.storage import Store

Sections = list[tuple[str, str]]  # (heading, hash) per section, in order


@dataclass
class Step:
    """How one version's sections descend from the previous version's."""

    # new idx -> (old idx, status, moved, renamed)
    matched: dict[int, tuple[int, str, bool, bool]] = field(default_factory=dict)
    split_from: dict[int, int] = field(default_factory=dict)  # new idx -> old idx
    merged_into: dict[int, int] = field(default_factory=dict)  # old idx -> new idx


def step_from_diff(diff: dict[str, Any], old: Sections, new: Sections) -> Step:
    """The step a section-level `diff_json` describes; indexes outside the versions' sections
    (a diff that does not fit them) are left out."""
    step = Step()
    used: set[int] = set()

    def match(i: int, j: int, status: str, moved: bool, renamed: bool) -> None:
        if 0 <= i < len(old) and 0 <= j < len(new) and i not in used and j not in step.matched:
            used.add(i)
            step.matched[j] = (i, status, moved, renamed)

    for i, j in diff.get("unchanged", []):
        match(i, j, "unchanged", False, False)
    for entry in diff.get("sections", []):
        i, j = entry.get("old_index"), entry.get("new_index")
        if i is not None and j is not None:
            match(i, j, entry["status"], bool(entry.get("moved")), bool(entry.get("renamed")))
        elif j is not None and entry.get("split_from") is not None:
            step.split_from[j] = entry["split_from"]
        elif i is not None and entry.get("merged_into") is not None:
            step.merged_into[i] = entry["merged_into"]
    step.split_from = {j: i for j, i in step.split_from.items() if 0 <= i < len(old)}
    step.merged_into = {i: j for i, j in step.merged_into.items() if 0 <= j < len(new)}
    return step


def step_by_content(old: Sections, new: Sections) -> Step:
    """A step without section indexes: same text first, then same heading, in order."""
    step = Step()
    used: set[int] = set()
    for position, status in ((1, "unchanged"), (0, "modified")):
        free: dict[str, list[int]] = {}
        for i, section in enumerate(old):
            if i not in used and section[position]:
                free.setdefault(section[position], []).append(i)
        for j, section in enumerate(new):
            candidates = free.get(section[position])
            if j not in step.matched and candidates:
                i = candidates.pop(0)
                used.add(i)
                renamed = old[i][0] != section[0]
                step.matched[j] = (i, status, i != j, renamed)
    return step


def step_between(diff_json: str | None, old: Sections, new: Sections) -> Step:
    diff = json.loads(diff_json) if diff_json else None
    if diff and diff.get("unit") == "section":
        return step_from_diff(diff, old, new)
    return step_by_content(old, new)


@dataclass
class Plan:
    """Clause chains over a run of versions, before ids are given out."""

    chains: list[list[tuple[int, int]]] = field(default_factory=list)  # (version pos, idx)
    events: list[dict[str, Any]] = field(default_factory=list)  # `chain`, `related` positions


def plan_chains(sections: list[Sections], steps: list[Step | None]) -> Plan:
    """Chain the sections of consecutive versions; `steps[k]` leads into version k."""
    plan = Plan()
    chain_of: dict[tuple[int, int], int] = {}
    for k, version in enumerate(sections):
        step = steps[k]
        for j in range(len(version)):
            match = step.matched.get(j) if step else None
            if match:
                i, status, moved, renamed = match
                chain, related = chain_of[(k - 1, i)], None
            else:
                status, i, moved, renamed = "added", None, False, False
                chain = len(plan.chains)
                plan.chains.append([])
                split = step.split_from.get(j) if step else None
                related = (k - 1, split) if split is not None else None
            plan.chains[chain].append((k, j))
            chain_of[(k, j)] = chain
            plan.events.append(
                {
                    "chain": chain,
                    "pos": k,
                    "idx": j,
                    "old_idx": i,
                    "status": status,
                    "moved": int(moved),
                    "renamed": int(renamed),
                    "related": related,
                }
            )
        if step is None:
            continue
        continued = {match[0] for match in step.matched.values()}
        for i in range(len(sections[k - 1])):
            if i not in continued:
                merged = step.merged_into.get(i)
                plan.events.append(
                    {
                        "chain": chain_of[(k - 1, i)],
                        "pos": k,
                        "idx": None,
                        "old_idx": i,
                        "status": "removed",
                        "moved": 0,
                        "renamed": 0,
                        "related": (k, merged) if merged is not None else None,
                    }
                )
    return plan


def clause_events(
    store: Store,
    policy_id: int,
    version_ids: list[int],
    plan: Plan,
    stored: dict[tuple[int, int], int],
    kept_first: bool = False,
) -> list[dict[str, Any]]:
    """Give each chain an id and turn the plan's events into `clause_events` rows.

    A chain takes the oldest stored id among its sections that no earlier chain took, or a
    new one; with `kept_first` (the first version's rows stay as stored) a chain through the
    first version keeps that version's id."""
    ids: list[int] = []
    taken: set[int] = set()
    for chain in plan.chains:
        first = chain[0]
        if kept_first and first[0] == 0:
            known = [stored[(version_ids[0], first[1])]]
        else:
            known = sorted(
                {stored[key] for pos, idx in chain if (key := (version_ids[pos], idx)) in stored}
                - taken
            )
        clause_id = known[0] if known else store.new_clause_id(policy_id)
        taken.add(clause_id)
        ids.append(clause_id)
    chain_at = {node: chain for chain, nodes in enumerate(plan.chains) for node in nodes}
    return [
        {
            "policy_id": policy_id,
            "clause_id": ids[event["chain"]],
            "version_id": version_ids[event["pos"]],
            "idx": event["idx"],
            "old_idx": event["old_idx"],
            "status": event["status"],
            "moved": event["moved"],
            "renamed": event["renamed"],
            "related_clause_id": ids[chain_at[event["related"]]] if event["related"] else None,
        }
        for event in plan.events
        if not (kept_first and event["pos"] == 0)
    ]


def refresh_lineage(store: Store, policy_id: int, start: int | None = None) -> None:
    """Rewrite the policy's clause rows from its stored changes: all of them, or from version
    `start` on (the versions before it are as they were, and so are their rows)."""
    versions = [
        v["id"]
        for v in store.query(
            "SELECT id FROM version_rows WHERE policy_id = ? ORDER BY first_seen, id", [policy_id]
        )
    ]
    k = versions.index(start) if start in versions else 0
    if k > 0:
        run = versions[k - 1 :]
        stored = store.clause_ids(policy_id, run)
        sections = store.lineage_sections(policy_id, run)
        previous = run[0]
        # The rows before `start` are trusted only when the version before it has them all.
        if sum(key[0] == previous for key in stored) == len(sections.get(previous, [])):
            write_lineage(store, policy_id, run, sections, stored, kept_first=True)
            return
    sections = store.lineage_sections(policy_id)
    stored = store.clause_ids(policy_id)
    write_lineage(store, policy_id, versions, sections, stored, kept_first=False)


def write_lineage(
    store: Store,
    policy_id: int,
    versions: list[int],
    sections: dict[int, Sections],
    stored: dict[tuple[int, int], int],
    kept_first: bool,
) -> None:
    """Chain `versions` and store their rows (all but the first's when `kept_first`)."""
    diffs = store.lineage_diffs(policy_id, versions[1:])
    per_version = [sections.get(v, []) for v in versions]
    steps: list[Step | None] = [None]
    for k in range(1, len(versions)):
        from_id, diff_json = diffs.get(versions[k], (None, None))
        # A diff from another version than the timeline's predecessor does not apply.
        usable = diff_json if from_id == versions[k - 1] else None
        steps.append(step_between(usable, per_version[k - 1], per_version[k]))
    plan = plan_chains(per_version, steps)
    events = clause_events(store, policy_id, versions, plan, stored, kept_first)
    store.replace_clause_events(policy_id, events, versions[1:] if kept_first else None)


def refresh_all(store: Store) -> None:
    """Lineage for every policy (a database written before clause ids existed)."""
    for row in store.query("SELECT id FROM policies ORDER BY id"):
        refresh_lineage(store, row["id"])
