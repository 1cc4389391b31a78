"""Importing organisations, accounts and roles from XLSX, each row within the importer's duty (三员分立): the system
admin creates organisations and accounts, the security admin grants the roles — so onboarding is two imports of one
file. A dry run row by row; all rows or none; idempotent by credit code and user name; grants in step; new users get
no password, only a set-password link at their own e-mail address."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from workflows.audit.models import AuditEvent
from workflows.organisations.credit_code import make_credit_code
from workflows.organisations.models import Membership, Organisation
from workflows.organisations.permissions import can_sign_off, can_submit
from workflows.organisations.selectors import supervised_organisation_ids

from .helpers import page, xlsx_bytes

pytestmark = pytest.mark.django_db
URL = "/dashboards/import/"
CODE_41, CODE_42 = make_credit_code("91990100XB0000041"), make_credit_code("91990100XB0000042")
ORGANISATIONS = [
    ["dept09", "示范区交通运输局", "区交通局", "行业主管部门", "office", "", "是", "示范交通", ""],
    ["unit041", "示范区畅达物流有限公司", "畅达物流", "企业", "dept09", CODE_41, "是", "", "示范区物流园 1 号"],
    ["unit042", "示范区安顺出租汽车有限公司", "安顺出租", "企业", "示范区交通运输局", CODE_42, "否", "", ""],
]
USERS = [
    ["unit041.liaison", "王晓明", "13800138000", "wxm@example.com", "unit041", "联络员", "安全员"],
    ["unit041.party", "李建国", "", "ljg@example.com", "unit041", "党组织主要负责人", "党支部书记"],
    ["unit041.admin", "赵立新", "010-12345678", "zlx@example.com", CODE_41, "行政主要负责人", "总经理"],
    ["dept09.reviewer", "钱文静", "", "qwj@example.com", "dept09", "部门审核员", "科员"],
    ["unit042.admin", "孙海涛", "", "sht@example.com", "unit042", "行政主要负责人", ""],
]
# The system admin's part of the same file: the accounts, their role cells left blank.
ACCOUNTS = [[*row[:4], "", "", ""] for row in USERS]


def upload(client, data: bytes, name: str = "导入.xlsx"):
    return client.post(URL, {"workbook": SimpleUploadedFile(name, data)})


def outcomes(response) -> dict[tuple[str, str], tuple[str, str]]:
    """(sheet, line) → (outcome, explanation) of every previewed row."""
    tree = page(response)
    return {(tr.get("data-sheet"), tr.get("data-line")): (tr.get("data-outcome"), tr.xpath("string(./td[6])").strip())
            for tr in tree.xpath('//table[@data-testid="import-rows"]/tbody/tr')}


def confirm(client, response):
    token = page(response).xpath('//form[@action="/dashboards/import/confirm/"]//input[@name="token"]/@value')
    return client.post("/dashboards/import/confirm/", {"token": token[0] if token else "stale"})


def snapshot():
    return (Organisation.objects.count(), get_user_model().objects.count(), Membership.objects.count())


def imported(client, organisations, users):
    """Upload, preview and confirm; the confirmation page."""
    return confirm(client, upload(client, xlsx_bytes(organisations, users)))


@pytest.fixture
def accounts_made(login):
    """The system admin has imported the organisations and the accounts (no roles yet)."""
    assert page(imported(login("sysadmin"), ORGANISATIONS, ACCOUNTS)).xpath('//*[@data-testid="import-done"]')


def test_the_template_has_both_sheets_with_chinese_headers(login):
    response = login("sysadmin").get("/dashboards/import/template.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["单位", "用户", "填写说明"]
    assert [c.value for c in book["单位"][1]][:5] == ["编码", "名称", "简称", "类型", "主管单位"]
    assert [c.value for c in book["用户"][1]] == ["用户名", "姓名", "手机号码", "电子邮箱", "所在单位", "角色", "职务"]
    assert book["单位"].freeze_panes == "A2" and book["用户"].data_validations.dataValidation


def test_the_dry_run_writes_nothing_and_the_import_writes_it_all(login, django_capture_on_commit_callbacks):
    client = login("sysadmin")
    before = snapshot()
    preview = upload(client, xlsx_bytes(ORGANISATIONS, ACCOUNTS))
    assert {outcome for outcome, _text in outcomes(preview).values()} == {"create"}
    assert snapshot() == before and not mail.outbox, "a dry run sends no e-mail either"
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm(client, preview)
    assert page(done).xpath('//*[@data-testid="import-done"]')
    assert snapshot() == (before[0] + 3, before[1] + 5, before[2])
    unit041 = Organisation.objects.get(credit_code=CODE_41)
    assert unit041.parent.code == "dept09" and Organisation.objects.get(code="unit042").has_party_organisation is False
    liaison = get_user_model().objects.get(username="unit041.liaison")
    assert liaison.phone == "13800138000" and not liaison.has_usable_password()
    invited = [tr.xpath("string(./td[1])") for tr in page(done).xpath('//table[@data-testid="invited"]/tbody/tr')]
    assert invited == [row[0] for row in USERS]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(row[3] for row in USERS)
    event = AuditEvent.objects.filter(action="dashboards.import").latest("id")
    assert event.data["written"] is True and event.data["create"] == 8
    assert AuditEvent.objects.filter(action="organisation.create", data__code="unit041").exists()


def test_the_security_admin_grants_the_roles_from_the_same_file(accounts_made, login):
    client = login("secadmin")
    before = snapshot()
    preview = upload(client, xlsx_bytes(ORGANISATIONS, USERS))
    results = outcomes(preview)
    assert {results[("单位", str(line))][0] for line in (2, 3, 4)} == {"unchanged"}
    assert {results[("用户", str(line))][0] for line in range(2, 7)} == {"create"}
    confirm(client, preview)
    assert snapshot() == (before[0], before[1], before[2] + 5)
    unit041 = Organisation.objects.get(credit_code=CODE_41)
    liaison = get_user_model().objects.get(username="unit041.liaison")
    assert can_submit(liaison, unit041) and can_sign_off(get_user_model().objects.get(username="unit041.admin"),
                                                         unit041)
    assert unit041.pk in supervised_organisation_ids(get_user_model().objects.get(username="dept09.reviewer"))
    assert set(AuditEvent.objects.filter(action="membership.add", data__user__in=[row[0] for row in USERS])
               .values_list("actor_username", flat=True)) == {"secadmin"}


def test_a_second_identical_import_changes_nothing(accounts_made, login):
    imported(login("secadmin"), ORGANISATIONS, USERS)
    client = login("sysadmin")
    data = xlsx_bytes(ORGANISATIONS, USERS)
    before, last_event = snapshot(), AuditEvent.objects.latest("id").pk
    preview = upload(client, data)
    assert {outcome for outcome, _text in outcomes(preview).values()} == {"unchanged"}
    done = confirm(client, preview)
    assert snapshot() == before
    assert not page(done).xpath('//table[@data-testid="invited"]')
    written = set(AuditEvent.objects.filter(pk__gt=last_event).values_list("action", flat=True))
    assert written == {"dashboards.import_preview", "dashboards.import"}


def test_changed_rows_are_updates_naming_what_changes(accounts_made, login):
    organisations = [row[:] for row in ORGANISATIONS]
    organisations[1][2] = "畅达"
    accounts = [row[:] for row in ACCOUNTS]
    accounts[0][2] = "13900139000"
    result = outcomes(upload(login("sysadmin"), xlsx_bytes(organisations, accounts)))
    assert result[("单位", "3")] == ("update", "修改：简称")
    assert result[("用户", "2")] == ("update", "修改：手机号码")
    assert result[("单位", "2")][0] == "unchanged"


@pytest.mark.parametrize(("sheet", "index", "column", "value", "reason"), [
    ("单位", 1, 5, make_credit_code("91990100XB0000041")[:-1] + "0", "校验位错误"),
    ("单位", 2, 4, "示范区不存在局", "主管单位“示范区不存在局”不存在"),
    ("单位", 2, 1, "示范区恒安化工贸易有限公司", "名称与已有单位“示范区恒安化工贸易有限公司”（编码 unit001）重复"),
    ("单位", 2, 0, "unit041", "编码与第 3 行重复"),
    ("用户", 2, 2, "12345", "手机号码“12345”格式不正确"),
    ("用户", 3, 3, "", "新用户须填写“电子邮箱”"),
    ("用户", 1, 4, "unit041", "缺少“角色”"),
])
def test_one_bad_row_stops_the_system_admins_import(login, sheet, index, column, value, reason):
    organisations, accounts = [row[:] for row in ORGANISATIONS], [row[:] for row in ACCOUNTS]
    (organisations if sheet == "单位" else accounts)[index][column] = value
    assert_stopped(login("sysadmin"), organisations, accounts, sheet, index, reason)


@pytest.mark.parametrize(("index", "column", "value", "reason"), [
    (0, 5, "安全员", "未知的角色“安全员”"),
    (0, 5, "系统管理员", "管理员角色"),
    (4, 4, "unit099", "所在单位“unit099”不存在"),
    (1, 4, "unit001", "该单位已有党组织主要负责人"),
    (3, 1, "钱文静（改名）", "账号须由系统管理员新建或修改"),
])
def test_one_bad_row_stops_the_security_admins_import(accounts_made, login, index, column, value, reason):
    users = [row[:] for row in USERS]
    users[index][column] = value
    assert_stopped(login("secadmin"), ORGANISATIONS, users, "用户", index, reason)


def assert_stopped(client, organisations, users, sheet, index, reason):
    before = snapshot()
    preview = upload(client, xlsx_bytes(organisations, users))
    results = outcomes(preview)
    outcome, text = results[(sheet, str(index + 2))]
    assert outcome == "error" and reason in text
    assert [key for key, (outcome, _text) in results.items() if outcome == "error"] == [(sheet, str(index + 2))]
    assert page(preview).xpath('//*[@data-testid="import-blocked"]')
    assert not page(preview).xpath('//*[@data-testid="import-confirm"]')
    confirm(client, preview)
    assert snapshot() == before


# ------------------------------------------------------------------ 三员分立 (issue 14 M1)


def test_the_system_admins_import_cannot_grant_roles_and_writes_nothing(login):
    """The probe's file: a new account as 办公室主任, and an existing person made liaison of other units."""
    users = [["shadow.director", "影子主任", "", "shadow@example.com", "office", "办公室主任", "主任"],
             ["unit001.liaison", "", "", "", "unit002", "联络员", ""],
             ["unit001.liaison", "", "", "", "unit003", "联络员", ""]]
    client = login("sysadmin")
    before, last_event = snapshot(), AuditEvent.objects.latest("id").pk
    preview = upload(client, xlsx_bytes([], users))
    results = outcomes(preview)
    assert [results[("用户", line)][0] for line in ("2", "3", "4")] == ["error"] * 3
    assert all("只有安全管理员" in text for _outcome, text in results.values())
    assert not page(preview).xpath('//*[@data-testid="import-confirm"]')
    done = confirm(client, preview)
    assert snapshot() == before and not get_user_model().objects.filter(username="shadow.director").exists()
    assert set(AuditEvent.objects.filter(pk__gt=last_event).values_list("action", flat=True)) == {
        "dashboards.import_preview"}
    assert done.status_code == 302, "a preview with errors leaves nothing to confirm"


def test_the_system_admin_cannot_change_a_position_either(login):
    membership = Membership.objects.get(user__username="unit001.liaison", organisation__code="unit001")
    users = [["unit001.liaison", "", "", "", "unit001", "联络员", "越权改的职务"]]
    results = outcomes(upload(login("sysadmin"), xlsx_bytes([], users)))
    assert results[("用户", "2")][0] == "error" and "只有安全管理员" in results[("用户", "2")][1]
    membership.refresh_from_db()
    assert membership.position != "越权改的职务"


def test_the_security_admin_creates_no_organisation_or_account(login):
    client = login("secadmin")
    before = snapshot()
    results = outcomes(upload(client, xlsx_bytes(ORGANISATIONS, USERS)))
    assert {results[("单位", str(line))][1] for line in (2, 3, 4)} == {"单位须由系统管理员新建或修改（三员分立）"}
    assert all("账号须由系统管理员新建或修改" in results[("用户", str(line))][1] for line in range(2, 7))
    assert snapshot() == before


def test_no_import_page_shows_a_password(login):
    client = login("sysadmin")
    preview = upload(client, xlsx_bytes(ORGANISATIONS, ACCOUNTS))
    done = confirm(client, preview)
    created = get_user_model().objects.filter(username__in=[row[0] for row in USERS])
    assert len(created) == 5 and not any(person.has_usable_password() for person in created), "nobody knows one"
    assert "初始密码" not in page(done).xpath('string(//*[@data-testid="import-done"])')
    assert not page(done).xpath('//*[@data-testid="import-done"]//code')


def test_an_import_cannot_redirect_an_accounts_links_to_another_address(login):
    """The e-mail is where the set-password links go: changing an account in use would hand it over."""
    users = [["auditor", "", "", "sysadmin-owned@example.com", "", "", ""]]
    client = login("sysadmin")
    outcome, text = outcomes(upload(client, xlsx_bytes([], users)))[("用户", "2")]
    assert outcome == "error" and "管理员不能修改" in text
    assert get_user_model().objects.get(username="auditor").email != "sysadmin-owned@example.com"


def test_rules_left_to_the_model_show_in_the_dry_run(login):
    """A unit placed directly under the office passes the row checks; the model refuses it in the dry run."""
    organisations = [row[:] for row in ORGANISATIONS]
    organisations[2][4] = "office"
    preview = upload(login("sysadmin"), xlsx_bytes(organisations, ACCOUNTS))
    outcome, text = outcomes(preview)[("单位", "4")]
    assert outcome == "error" and "主管单位应为行业主管部门或街道办事处" in text
    assert not page(preview).xpath('//*[@data-testid="import-confirm"]')


@pytest.mark.parametrize(("name", "data", "message"), [
    ("big.xlsx", b"PK\x03\x04" + b"0" * (5 * 1024 * 1024), "超过 5 MB 上限"),
    ("单位.csv", b"code,name\n", "只接受 Excel 工作簿（.xlsx）文件"),
    ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "文件内容不是 XLSX 格式"),
    ("broken.xlsx", b"PK\x03\x04garbage", "无法读取该 XLSX 文件"),
])
def test_files_too_big_or_not_xlsx_are_refused_with_a_reason(login, name, data, message):
    response = upload(login("sysadmin"), data, name)
    assert message in page(response).text_content()
    assert not page(response).xpath('//*[@data-testid="import-preview"]')


def with_part(workbook: bytes, name: str, chunk: bytes, times: int) -> bytes:
    """``workbook`` with the part ``name`` (added or replaced) holding ``chunk`` repeated ``times``, streamed in."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for part in source.infolist():
            if part.filename != name:
                out.writestr(part, source.read(part))
        with out.open(name, "w") as stream:
            for _ in range(times):
                stream.write(chunk)
    return buffer.getvalue()


def test_a_decompression_bomb_workbook_is_refused_before_it_is_parsed(login, monkeypatch):
    # Like the outside probe's file (issue 14 L7): a sheet of 150 MB in a workbook of a few hundred KB. (Not even
    # valid XML: it is never read.)
    bomb = with_part(xlsx_bytes(ORGANISATIONS, USERS), "xl/worksheets/sheet1.xml", b"A" * (1024 * 1024), 150)
    assert len(bomb) < 400 * 1024
    monkeypatch.setattr("workflows.dashboards.importing.load_workbook",
                        lambda *args, **kwargs: pytest.fail("openpyxl was given the bomb"))
    before = snapshot()
    tree = page(upload(login("sysadmin"), bomb))
    assert "该文件解压后为 150 MB，超过 50 MB 上限，可能是恶意构造的文件，未导入任何内容。" in tree.text_content()
    assert not tree.xpath('//*[@data-testid="import-preview"]')
    assert snapshot() == before


def test_a_part_inflating_a_hundredfold_is_refused_even_under_the_total_limit(login, monkeypatch):
    bomb = with_part(xlsx_bytes(ORGANISATIONS, USERS), "xl/sharedStrings.xml", b"\x00" * (1024 * 1024), 20)
    monkeypatch.setattr("workflows.dashboards.importing.load_workbook",
                        lambda *args, **kwargs: pytest.fail("openpyxl was given the bomb"))
    text = page(upload(login("sysadmin"), bomb)).text_content()
    assert "该文件中的“xl/sharedStrings.xml”解压后膨胀" in text and "可能是恶意构造的文件" in text


def test_the_unpacked_limit_comes_from_settings(login, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 10 * 1024
    text = page(upload(login("sysadmin"), xlsx_bytes(ORGANISATIONS, USERS))).text_content()
    assert "超过 10 KB 上限" in text


def test_a_workbook_without_the_sheets_is_refused(login):
    response = upload(login("sysadmin"), _one_sheet_book())
    assert "工作簿中没有“单位”工作表" in page(response).text_content()


def _one_sheet_book() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Sheet1"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("username", ["sysadmin", "secadmin"])
def test_what_is_in_the_system_goes_out_and_comes_back_unchanged(login, username):
    client = login(username)
    current = b"".join(client.get("/dashboards/import/current.xlsx").streaming_content)
    before = snapshot()
    preview = upload(client, current, "现有.xlsx")
    results = outcomes(preview)
    assert len(results) > 200 and {outcome for outcome, _text in results.values()} == {"unchanged"}
    confirm(client, preview)
    assert snapshot() == before


@pytest.mark.parametrize("username", ["office.director", "auditor", "unit001.liaison", "dept01.leader"])
@pytest.mark.parametrize("url", [URL, "/dashboards/import/template.xlsx", "/dashboards/import/current.xlsx"])
def test_only_the_system_and_the_security_admin_import(login, username, url):
    assert login(username).get(url).status_code == 404


def test_only_they_confirm(login):
    client = login("office.director")
    assert client.post(URL, {"workbook": SimpleUploadedFile("a.xlsx", xlsx_bytes(ORGANISATIONS, USERS))}
                       ).status_code == 404
    assert client.post("/dashboards/import/confirm/", {"token": "x"}).status_code == 404
