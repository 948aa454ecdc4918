"""A person reaches the running portal in headless Chromium: Indonesian first, log in works."""

from __future__ import annotations

import pytest
from ckan.tests import factories

PASSWORD = "Sandi-rahasia-2024"


@pytest.mark.browser
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_person_logs_in_to_the_indonesian_portal(browser, browser_login):
    user = factories.User(name="operator-disdik", fullname="Operator Disdik", password=PASSWORD)

    response = browser.goto("/")
    assert response.status == 200
    assert browser.locator("html").get_attribute("lang") == "id"
    assert browser.locator("a[href*='/user/login']").count() >= 1

    browser_login(browser, user["name"], PASSWORD)

    assert "/user/login" not in browser.url
    assert browser.get_by_text("Operator Disdik").count() >= 1
    english = browser.goto("/en/dataset")
    assert english.status == 200
    assert browser.locator("html").get_attribute("lang") == "en"


@pytest.mark.browser
@pytest.mark.usefixtures("clean_db")
def test_a_wrong_password_is_refused_in_indonesian(browser, browser_login):
    user = factories.User(name="operator-dinkes", fullname="Operator Dinkes", password=PASSWORD)

    browser_login(browser, user["name"], "bukan-sandinya", must_succeed=False)

    assert browser.get_by_text("Operator Dinkes").count() == 0
    assert "/user/login" in browser.url or browser.locator("#field-login").count() == 1
    assert browser.locator(".alert-danger, .alert-error").count() >= 1
