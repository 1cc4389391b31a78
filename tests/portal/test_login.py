import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_log_in_page(client, demo):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")


def test_the_log_in_page_is_in_chinese(client, demo):
    html = client.get("/accounts/login/").content.decode()
    assert 'lang="zh-hans"' in html
    assert "领导干部讲安全工作平台" in html
    assert "用户名" in html and "密码" in html


def test_a_wrong_password_gets_a_chinese_message_and_no_session(client, demo):
    response = client.post("/accounts/login/", {"username": "unit001.liaison", "password": "wrong-password"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_log_in_lands_on_the_chinese_workbench(login):
    client = login("unit001.liaison")
    response = client.get("/", follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "工作台" in html
    assert "示范区恒安化工贸易有限公司" in html
    assert "联络员" in html
    assert "半年工作情况报告截止日期" in html or "已于" in html


@pytest.mark.parametrize(("username", "expected"), [
    ("unit001.party", "党组织主要负责人"),
    ("dept01.reviewer", "审核所主管的"),
    ("office.director", "终审全区"),
    ("inspector01", "执法检查"),
    ("auditor", "审计日志"),
])
def test_each_role_gets_its_own_home_card(login, username, expected):
    html = login(username).get("/", follow=True).content.decode()
    assert expected in html


def test_log_in_and_failure_are_audited(client, login):
    from workflows.audit.models import AuditEvent

    client.post("/accounts/login/", {"username": "unit002.liaison", "password": "nope"})
    login("unit002.liaison")
    actions = list(AuditEvent.objects.values_list("action", flat=True)[:2])
    assert actions == ["auth.login", "auth.login_failed"]


def test_an_english_browser_still_gets_chinese_until_the_user_chooses(client, demo):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in html
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in client.get("/accounts/login/").content.decode()
