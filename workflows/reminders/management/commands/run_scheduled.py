from django.core.management.base import BaseCommand
from viewflow.workflow.timers import fire_due_timers

from workflows.campaigns.services import ensure_campaign, ensure_periods
from workflows.reminders.services import send_due_reminders


class Command(BaseCommand):
    help = ("Run everything that is due (cron-friendly, idempotent; e.g. every minute): the next half-year's "
            "period, the ladder's review time-limit timers, reminders before report and rectification deadlines, "
            "overdue notices.")

    def handle(self, *args, **options):
        ensure_periods(campaign=ensure_campaign())  # the next half-year exists before its first day
        fired = fire_due_timers()
        sweep = send_due_reminders()
        self.stdout.write(f"timers fired: {fired}; reminders sent: {sweep.sent}, already sent: {sweep.skipped}")
