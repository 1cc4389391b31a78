"""The obligations a unit has in a half-year, as rule codes with their wording and basis."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# What the campaign notice rests on; every finding cites it.
CAMPAIGN_BASIS = _("《中华人民共和国安全生产法》第三条、《天津市党政领导干部安全生产责任制实施细则》，"
                   "区安委会办公室《关于开展“领导干部讲安全”工作的通知》（示范安生办〔2020〕14号）")


class Rule(models.TextChoices):
    PARTY_HEAD_LECTURE = "party_head_lecture", _("党组织主要负责人本半年至少宣讲 1 次")
    ADMIN_HEAD_LECTURE = "admin_head_lecture", _("行政主要负责人本半年至少宣讲 1 次")
    REPORT_ON_TIME = "report_on_time", _("按期报送半年工作开展情况报告")
    INSPECTION = "inspection", _("执法检查发现的问题")


HEAD_RULES = {"party_head": Rule.PARTY_HEAD_LECTURE, "admin_head": Rule.ADMIN_HEAD_LECTURE}
