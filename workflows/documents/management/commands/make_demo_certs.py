from django.core.management.base import BaseCommand

from workflows.documents import pki
from workflows.organisations.models import Organisation


class Command(BaseCommand):
    help = "Create the demo CA and a signing certificate for every organisation (under DOCUMENTS_PKI_DIR)."

    def add_arguments(self, parser):
        parser.add_argument("--renew", action="store_true", help="issue new certificates even where valid ones exist")

    def handle(self, *args, renew=False, **options):
        ca = pki.ensure_ca()
        count = 0
        for organisation in Organisation.objects.filter(is_active=True):
            pki.ensure_certificate(organisation, renew=renew)
            count += 1
        self.stdout.write(self.style.SUCCESS(
            f"演示 CA：{ca.certificate}；已为 {count} 个单位准备签名证书（{pki.pki_dir() / 'organisations'}）。"))
