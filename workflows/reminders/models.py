"""Which reminders went out, so that each goes out once however often the scheduler runs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SentReminder(models.Model):
    key = models.CharField(_("提醒标识"), max_length=120, unique=True)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("接收人数"), default=0)

    class Meta:
        verbose_name = _("已发送提醒")
        verbose_name_plural = _("已发送提醒")

    def __str__(self):
        return self.key
