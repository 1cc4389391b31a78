"""Rectification notices (整改通知书), the unit's answers (整改报告), re-checks (复查) and escalations."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from workflows.ladder.models import LadderItem


class Notice(models.Model):
    """One notice to one unit listing its findings; never edited after issue, only voided and re-issued."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已下发")
        ACKNOWLEDGED = "acknowledged", _("已签收")
        ANSWERED = "answered", _("整改报告审核中")
        CLOSED = "closed", _("已销号")
        VOIDED = "voided", _("已作废")

    unit = models.ForeignKey("organisations.Organisation", verbose_name=_("整改单位"), on_delete=models.PROTECT,
                             related_name="notices")
    supervisor = models.ForeignKey("organisations.Organisation", verbose_name=_("主管单位"), null=True,
                                   on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("campaigns.Period", verbose_name=_("半年周期"), on_delete=models.PROTECT,
                               related_name="notices")
    findings = models.ManyToManyField("compliance.Finding", verbose_name=_("问题"), related_name="notices")
    basis = models.TextField(_("依据"))
    requirements = models.TextField(_("整改要求"))
    deadline = models.DateField(_("整改期限"))
    round = models.PositiveSmallIntegerField(_("整改轮次"), default=1)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    document = models.ForeignKey("documents.Document", verbose_name=_("整改通知书"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("起草人"), on_delete=models.PROTECT,
                                   related_name="+")
    drafted_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("下发时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签收人"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closing_document = models.ForeignKey("documents.Document", verbose_name=_("销号通知"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    reissue_of = models.OneToOneField("self", verbose_name=_("重新下发自"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="reissued_as")

    class Meta:
        verbose_name = _("整改通知")
        verbose_name_plural = _("整改通知")
        ordering = ["-drafted_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="notice_unit_status"),
            models.Index(fields=["supervisor", "status"], name="notice_supervisor_status"),
            models.Index(fields=["status", "deadline"], name="notice_status_deadline"),
        ]

    def __str__(self):
        label = self.number or _t("整改通知（草稿）")
        return f"{label} · {self.unit.display_name}"

    def get_absolute_url(self):
        return reverse("rectification:notice", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.ISSUED, self.Status.ACKNOWLEDGED, self.Status.ANSWERED)

    def accepted_finding_ids(self) -> set[int]:
        """Findings a re-check has already accepted; the next round answers only the rest."""
        return {row["finding"] for recheck in self.rechecks.all() for row in recheck.decisions if row.get("accepted")}

    def pending_findings(self):
        return self.findings.exclude(pk__in=self.accepted_finding_ids()).order_by("id")

    def clean(self):
        if self.deadline and self.issued_at is None and self.status == self.Status.DRAFT:
            from django.utils import timezone

            if self.deadline <= timezone.localdate():
                raise ValidationError({"deadline": _t("整改期限须晚于今天。")})


class Escalation(models.Model):
    """What the office did about an overdue notice: a talk with the unit's heads (约谈) or a bulletin (通报)."""

    class Kind(models.TextChoices):
        TALK = "talk", _("约谈")
        BULLETIN = "bulletin", _("通报")
        REMINDER = "reminder", _("督促提醒")

    notice = models.ForeignKey(Notice, verbose_name=_("整改通知"), on_delete=models.PROTECT,
                               related_name="escalations")
    kind = models.CharField(_("方式"), max_length=20, choices=Kind.choices)
    note = models.TextField(_("情况说明"))
    done_on = models.DateField(_("日期"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督办措施")
        verbose_name_plural = _("督办措施")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.done_on}"


class RectificationAnswer(LadderItem):
    """整改报告: per finding what was done, signed off by a unit head; climbs the ladder — the department's
    review is the re-check (复查) and the office's is the close (销号)."""

    class MeasureStatus(models.TextChoices):
        DONE = "done", _("已完成")
        PARTLY = "partly", _("部分完成")
        NOT_DONE = "not_done", _("未完成")

    notice = models.ForeignKey(Notice, verbose_name=_("整改通知"), on_delete=models.PROTECT, related_name="answers")
    round = models.PositiveSmallIntegerField(_("整改轮次"), default=1)
    measures = models.JSONField(_("整改措施"), default=list,
                                help_text=_("每个问题一项：finding、measures、status、done_on。"))
    summary = models.TextField(_("整改情况综述"), blank=True)
    evidence = GenericRelation("evidence.Evidence", content_type_field="owner_type", object_id_field="owner_id")

    class Meta:
        verbose_name = _("整改报告")
        verbose_name_plural = _("整改报告")
        ordering = ["-created_at"]
        # One answer per notice: a failed re-check returns it for the next round (the ladder keeps each version).
        constraints = [models.UniqueConstraint(fields=["notice"], name="answer_one_per_notice")]
        indexes = [models.Index(fields=["supervisor", "state"], name="answer_supervisor_state"),
                   models.Index(fields=["state", "waiting_level"], name="answer_state_level")]

    def __str__(self):
        return _t("%(notice)s 第%(round)d轮整改报告") % {"notice": self.notice.number or _t("整改通知"),
                                                        "round": self.round}

    def get_absolute_url(self):
        return reverse("rectification:answer", args=[self.pk])

    def measure_for(self, finding_id: int) -> dict:
        return next((row for row in self.measures if row.get("finding") == finding_id), {})

    def snapshot(self) -> dict:
        return {"notice": self.notice.number, "round": self.round, "measures": self.measures, "summary": self.summary,
                "evidence": [{"id": e.pk, "kind": e.kind, "sha256": e.sha256} for e in self.evidence.order_by("id")]}

    def submission_errors(self) -> list[str]:
        open_ids = set(self.notice.pending_findings().values_list("pk", flat=True))
        answered = {row.get("finding") for row in self.measures if (row.get("measures") or "").strip()}
        errors = []
        if open_ids - answered:
            errors.append(_t("请对每个问题填写整改措施（还有 %(n)d 项未填写）。") % {"n": len(open_ids - answered)})
        if not self.evidence.exists():
            errors.append(_t("请上传整改前后的照片或其他佐证材料。"))
        return errors


class Recheck(models.Model):
    """复查: the supervising department checks an answer finding by finding, at least two people, with a date."""

    answer = models.ForeignKey(RectificationAnswer, verbose_name=_("整改报告"), on_delete=models.PROTECT,
                               related_name="rechecks")
    notice = models.ForeignKey(Notice, verbose_name=_("整改通知"), on_delete=models.PROTECT, related_name="rechecks")
    round = models.PositiveSmallIntegerField(_("整改轮次"))
    checked_on = models.DateField(_("复查日期"))
    reviewers = models.JSONField(_("复查人员"), default=list)
    decisions = models.JSONField(_("逐项意见"), default=list, help_text=_("每个问题一项：finding、accepted、note。"))
    opinion = models.TextField(_("复查意见"))
    passed = models.BooleanField(_("复查通过"))
    new_deadline = models.DateField(_("新的整改期限"), null=True, blank=True)
    document = models.ForeignKey("documents.Document", verbose_name=_("整改复查意见书"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("复查人"), on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("整改复查")
        verbose_name_plural = _("整改复查")
        ordering = ["round", "at"]

    def __str__(self):
        return _t("第%(round)d轮复查") % {"round": self.round}
