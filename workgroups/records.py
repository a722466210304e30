"""The record of a meeting as the meeting page and the minutes PDF show it (fixed query count)."""

from __future__ import annotations

from .meeting_services import attendance_members
from .models import Attendance, Meeting


def attendance_rows(meeting: Meeting) -> list[dict]:
    """Each member of the group on the meeting day, with their recorded attendance (or None)."""
    statuses = dict(meeting.attendance.values_list("member_id", "status"))
    labels = dict(Attendance.Status.choices)
    return [
        {"member": m, "status": statuses.get(m.pk), "label": labels.get(statuses.get(m.pk), "")}
        for m in attendance_members(meeting).order_by("full_name", "pk")
    ]


def minutes_context(meeting: Meeting) -> dict:
    rows = attendance_rows(meeting)
    return {
        "meeting": meeting,
        "group": meeting.group,
        "municipality": meeting.group.municipality,
        "agenda": list(meeting.agenda.all()),
        "attendance": rows,
        "present": [r["member"] for r in rows if r["status"] == Attendance.Status.PRESENT],
        "excused": [r["member"] for r in rows if r["status"] == Attendance.Status.EXCUSED],
        "absent": [r["member"] for r in rows if r["status"] == Attendance.Status.ABSENT],
        "decisions": list(meeting.decisions.all()),
        "action_items": list(meeting.action_items.select_related("assignee")),
        "attachments": list(meeting.attachments.all()),
        "counts": list(meeting.participant_counts.all()),
        "outputs": list(meeting.outputs.select_related("finding")),
    }
