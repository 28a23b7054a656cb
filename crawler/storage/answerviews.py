"""Views answering "which clause", "when exactly" and "announced or silent".

`change_windows`: each change with its window, from the last capture of the old text to the
first capture of the new one (live and Wayback captures alike: a version's run spans both),
and how the stated effective date falls against it. `change_stats`: per policy, content
changes that moved the stated date (announced), that did not (silent), that had no date to
move (undated), backdated ones, and the median days from first sighting to stated date.
`clause_history`: every section of every version under its clause id (crawler/timeline/lineage.py).
"""

from __future__ import annotations

# Nightly crawls are a day apart, give or take the schedule's jitter and a slow run: a window
# wider than this means captures are missing around the change, reported as `gap_days`.
EXPECTED_CRAWL_INTERVAL_DAYS = 1.5

WINDOW_DAYS = "(julianday(v.first_seen) - julianday(o.last_seen))"
# The stated date is a day; the window's ends are instants, compared by their day.
EFFECTIVE_TIMING = """
    CASE
        WHEN c.effective_date_new IS NULL OR c.effective_date_new IS c.effective_date_old
            THEN NULL
        WHEN c.effective_date_new > date(v.first_seen) THEN 'announced-before'
        WHEN c.effective_date_new >= date(o.last_seen) THEN 'within'
        ELSE 'backdated'
    END
"""

# Days from the window to the stated date: ahead of it (> 0), inside it (0) or before it
# (< 0, backdated). Measured from the window's ends, not from one capture, so that a sparse
# history (years between Wayback captures) does not read as a long delay.
DAYS_TO_EFFECTIVE = f"""
    CASE ({EFFECTIVE_TIMING})
        WHEN 'announced-before'
            THEN CAST(julianday(c.effective_date_new) - julianday(date(v.first_seen)) AS INTEGER)
        WHEN 'within' THEN 0
        WHEN 'backdated'
            THEN CAST(julianday(c.effective_date_new) - julianday(date(o.last_seen)) AS INTEGER)
    END
"""

CHANGE_WINDOWS = f"""
SELECT
    c.id AS change_id,
    p.name AS policy,
    p.organisation,
    c.kind AS change_kind,
    c.changed_at,
    o.last_seen AS window_from,
    v.first_seen AS window_to,
    'changed between ' || date(o.last_seen) || ' and ' || date(v.first_seen) AS changed_between,
    round({WINDOW_DAYS}, 2) AS window_days,
    CASE WHEN {WINDOW_DAYS} > {EXPECTED_CRAWL_INTERVAL_DAYS}
        THEN round({WINDOW_DAYS}, 1) END AS gap_days,
    c.effective_date_old,
    c.effective_date_new,
    {EFFECTIVE_TIMING} AS effective_timing,
    {DAYS_TO_EFFECTIVE} AS days_to_effective,
    EXISTS (SELECT 1 FROM json_each(c.flags) WHERE value = 'flip_flop') AS flip_flop,
    c.historical,
    c.from_version_id,
    c.to_version_id,
    c.policy_id
FROM changes c
JOIN policies p ON p.id = c.policy_id
JOIN version_rows o ON o.id = c.from_version_id
JOIN version_rows v ON v.id = c.to_version_id
"""

# Content changes: kinds whose words changed. A flip-flop (the text of a recent version back
# again: A/B tests, geo variants) is no change of the policy.
CONTENT_CHANGES = """
    SELECT * FROM change_windows
    WHERE change_kind IN ('content', 'both', 'silent-edit') AND NOT flip_flop {where}
"""
# The median of announced changes' days: the middle row, or the mean of the middle two.
MEDIANS = """
    SELECT policy_id, avg(days_to_effective) AS days FROM (
        SELECT policy_id, days_to_effective,
               row_number() OVER (PARTITION BY policy_id ORDER BY days_to_effective) AS n,
               count(*) OVER (PARTITION BY policy_id) AS total
        FROM counted WHERE change_kind = 'both')
    WHERE n IN ((total + 1) / 2, (total + 2) / 2)
    GROUP BY policy_id
"""
CHANGE_STATS = f"""
WITH counted AS ({CONTENT_CHANGES}), medians AS ({MEDIANS})
SELECT
    w.policy,
    w.organisation,
    count(*) AS content_changes,
    sum(w.change_kind = 'both') AS announced,
    sum(w.change_kind = 'silent-edit') AS silent,
    sum(w.change_kind = 'content') AS undated,
    sum(w.effective_timing IS 'backdated') AS backdated,
    m.days AS median_days_to_effective,
    min(w.window_to) AS first_change,
    max(w.window_to) AS last_change,
    w.policy_id
FROM counted w
LEFT JOIN medians m ON m.policy_id = w.policy_id
GROUP BY w.policy_id
"""
# `policywatch stats`: the same rows, for one organisation or since a day.
STATS_FILTER = (
    "AND (:organisation IS NULL OR organisation = :organisation) "
    "AND (:since IS NULL OR window_to >= :since)"
)

# diff-match-patch ops (-1 delete, 0 equal, 1 insert) marked as `git diff --word-diff=plain`.
MARKED = (
    "CASE json_extract(op.value, '$[0]') WHEN 0 THEN json_extract(op.value, '$[1]') "
    "WHEN -1 THEN '[-' || json_extract(op.value, '$[1]') || '-]' "
    "ELSE '{+' || json_extract(op.value, '$[1]') || '+}' END"
)
# A section's entry in its change's diff: by its new index, or a removed one by its old.
CLAUSE_WORD_DIFF = f"""
    (SELECT group_concat(marked, '') FROM (
        SELECT {MARKED} AS marked
        FROM json_each(c.diff_json, '$.sections') AS section,
             json_each(section.value, '$.diff') AS op
        WHERE json_extract(c.diff_json, '$.unit') = 'section'
          AND e.status != 'unchanged'
          AND CASE WHEN e.idx IS NULL
              THEN json_extract(section.value, '$.status') = 'removed'
                   AND json_extract(section.value, '$.old_index') = e.old_idx
              ELSE json_extract(section.value, '$.new_index') = e.idx END
        ORDER BY section.key, op.key))
"""
CLAUSE_HISTORY = f"""
SELECT
    e.clause_id,
    p.name AS policy,
    p.organisation,
    (SELECT count(*) FROM version_rows w WHERE w.policy_id = v.policy_id AND (w.first_seen <
        v.first_seen OR (w.first_seen = v.first_seen AND w.id <= v.id))) AS version_number,
    e.version_id,
    v.first_seen,
    o.last_seen AS window_from,
    coalesce(s.heading, b.heading) AS heading,
    b.heading AS old_heading,
    e.status,
    e.moved,
    e.renamed,
    CASE WHEN e.status = 'added' THEN e.related_clause_id END AS split_from_clause,
    CASE WHEN e.status = 'removed' THEN e.related_clause_id END AS merged_into_clause,
    {CLAUSE_WORD_DIFF} AS word_diff,
    e.idx,
    e.old_idx,
    e.policy_id
FROM clause_events e
JOIN policies p ON p.id = e.policy_id
JOIN version_rows v ON v.id = e.version_id
LEFT JOIN changes c ON c.to_version_id = e.version_id
LEFT JOIN version_rows o ON o.id = c.from_version_id
LEFT JOIN sections s ON s.version_id = e.version_id AND s.idx = e.idx
LEFT JOIN sections b ON b.version_id = c.from_version_id AND b.idx = e.old_idx
"""

VIEWS: dict[str, str] = {
    "change_windows": CHANGE_WINDOWS,
    "change_stats": CHANGE_STATS.format(where=""),
    "clause_history": CLAUSE_HISTORY,
}
