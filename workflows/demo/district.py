"""The fictional 示范区: its organisations, people and roles, built idempotently from fixtures/."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from workflows.organisations.credit_code import make_credit_code
from workflows.organisations.models import Membership, Organisation
from workflows.organisations.permissions import SYSTEM
from workflows.organisations.roles import Role
from workflows.organisations.services import add_membership

from .names import demo_name, demo_phone

DISTRICT_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_district.json"

# Registration authority and organisation type (GB 32100 positions 1–2) by organisation kind.
_CODE_PREFIX = {
    Organisation.Kind.OFFICE: "11", Organisation.Kind.DEPARTMENT: "11", Organisation.Kind.SUBDISTRICT: "11",
    Organisation.Kind.INSTITUTION: "12", Organisation.Kind.SOCIAL: "52", Organisation.Kind.ENTERPRISE: "91",
}
_HEAD_POSITIONS = {
    Organisation.Kind.ENTERPRISE: ("党支部书记", "总经理"),
    Organisation.Kind.INSTITUTION: ("党总支书记", "院（校、馆）长"),
    Organisation.Kind.SOCIAL: ("党支部书记", "院长"),
    Organisation.Kind.DEPARTMENT: ("党组书记", "局长（主任）"),
    Organisation.Kind.SUBDISTRICT: ("党工委书记", "街道办事处主任"),
}


@dataclass
class DemoCounts:
    organisations: int
    users: int
    memberships: int


def organisation_code_check(eight: str) -> str:
    """The GB 11714 check character of a nine-character organisation code."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(eight, weights, strict=True))
    remainder = 11 - total % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def demo_credit_code(kind: str, region: str, serial: int) -> str:
    eight = f"MA{serial:06d}"
    return make_credit_code(_CODE_PREFIX[kind] + region + eight + organisation_code_check(eight))


class DistrictBuilder:
    """Creates what is missing and leaves what exists alone, so running it twice changes nothing."""

    def __init__(self, password: str):
        # One hash for every demo account: hashing 170 passwords one by one takes half a minute.
        self.password_hash = make_password(password)
        self.data = json.loads(DISTRICT_FILE.read_text(encoding="utf-8"))
        self.region = self.data["region_code"]
        self.serial = 0
        self.User = get_user_model()

    def organisation(self, *, code: str, kind: str, name: str, short_name: str, parent=None,
                     doc_prefix: str = "", has_party: bool = True) -> Organisation:
        self.serial += 1
        org = Organisation.objects.filter(code=code).first()
        if org:
            return org
        org = Organisation(code=code, kind=kind, name=name, short_name=short_name, parent=parent,
                           doc_prefix=doc_prefix, has_party_organisation=has_party,
                           credit_code=demo_credit_code(kind, self.region, self.serial))
        org.full_clean()
        org.save()
        return org

    def person(self, username: str, full_name: str | None = None):
        user = self.User.objects.filter(username=username).first()
        if user:
            return user
        user = self.User(username=username, full_name=full_name or demo_name(username),
                         phone=demo_phone(username))
        user.password = self.password_hash
        user.save()
        return user

    def role(self, username: str, organisation: Organisation, role: str, position: str,
             full_name: str | None = None) -> None:
        user = self.person(username, full_name)
        if not Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
            add_membership(user=user, organisation=organisation, role=role, position=position, by=SYSTEM)

    def unit_people(self, prefix: str, org: Organisation, combined_head: bool = False) -> None:
        party_position, admin_position = _HEAD_POSITIONS[org.kind]
        self.role(f"{prefix}.liaison", org, Role.LIAISON, "安全管理科科员")
        if combined_head:
            self.role(f"{prefix}.party", org, Role.PARTY_HEAD, f"{party_position}、{admin_position}")
            self.role(f"{prefix}.party", org, Role.ADMIN_HEAD, f"{party_position}、{admin_position}")
            return
        if org.has_party_organisation:
            self.role(f"{prefix}.party", org, Role.PARTY_HEAD, party_position)
        self.role(f"{prefix}.admin", org, Role.ADMIN_HEAD, admin_position)

    @transaction.atomic
    def build(self) -> DemoCounts:
        spec = self.data["office"]
        office = self.organisation(code=spec["code"], kind=Organisation.Kind.OFFICE, name=spec["name"],
                                   short_name=spec["short_name"], doc_prefix=spec["doc_prefix"])
        for username, (full_name, position) in spec["staff"].items():
            role = Role.OFFICE_DIRECTOR if username.endswith("director") else Role.OFFICE_REVIEWER
            self.role(username, office, role, position, full_name)
        for username, role in (("inspector01", Role.INSPECTOR), ("inspector02", Role.INSPECTOR),
                               ("sysadmin", Role.SYSTEM_ADMIN), ("secadmin", Role.SECURITY_ADMIN),
                               ("auditor", Role.AUDITOR)):
            self.role(username, office, role, Role(role).label)

        unit_number = 0
        units = [unit for dept in self.data["departments"] for unit in dept["units"]]
        for dept in self.data["departments"]:
            department = self.organisation(code=dept["code"], kind=dept["kind"], name=dept["name"],
                                           short_name=dept["short_name"], parent=office,
                                           doc_prefix=dept["doc_prefix"])
            self.role(f"{dept['code']}.leader", department, Role.DEPT_LEADER, "分管安全生产副职")
            self.role(f"{dept['code']}.reviewer", department, Role.DEPT_REVIEWER, "安全监管科科员")
            self.role(f"{dept['code']}.reviewer2", department, Role.DEPT_REVIEWER, "安全监管科科员")
            self.unit_people(dept["code"], department)
            for kind, name, short_name, has_party in dept["units"]:
                unit_number += 1
                code = f"unit{unit_number:03d}"
                unit = self.organisation(code=code, kind=kind, name=name, short_name=short_name,
                                         parent=department, has_party=has_party)
                self.unit_people(code, unit, combined_head=unit_number == len(units))
        return DemoCounts(organisations=Organisation.objects.count(), users=self.User.objects.count(),
                          memberships=Membership.objects.count())
