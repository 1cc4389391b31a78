"""Building lecture records with evidence for tests."""

import datetime as dt

from django.utils import timezone

from tests.ladder.helpers import person
from workflows.evidence.demo import attach_demo_evidence
from workflows.lectures.services import create_record
from workflows.organisations.models import Organisation

SUMMARY = ("本次宣讲围绕安全生产法主要条款、企业主体责任重点事项清单和近期典型事故案例展开，"
           "结合本单位生产实际逐条讲解风险辨识、隐患排查和应急处置要求，现场组织职工讨论交流，"
           "并对下一步落实全员安全生产责任制提出明确要求，参会人员签到确认并完成学习测试。")


def record_fields(**overrides) -> dict:
    fields = {"held_on": dt.date(2026, 11, 20), "starts_at": dt.time(9, 0), "ends_at": dt.time(10, 30),
              "venue": "三楼会议室", "lecturer_role": "party_head", "form": "seminar", "theme": "安全生产法解读",
              "audience": "frontline", "attendees": 45, "topics": ["2", "7"], "channels": ["onsite"],
              "summary": SUMMARY, "host": "张主持", "recorder": "李记录"}
    fields.update(overrides)
    return fields


def new_record(unit_code="unit001", *, evidence=True, **overrides):
    unit = Organisation.objects.get(code=unit_code)
    liaison = person(f"{unit_code}.liaison")
    record = create_record(unit=unit, user=liaison, **record_fields(**overrides))
    if evidence:
        held_at = timezone.make_aware(dt.datetime.combine(record.held_on, record.starts_at))
        attach_demo_evidence(owner=record, unit=unit, uploaded_by=liaison, held_at=held_at, seed=record.pk)
    return record
