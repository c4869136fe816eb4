"""Links are limited per member and sign-ins per address, each answered clearly; a token is
never written to the log, and the link's message asks for no previews."""

from __future__ import annotations

import logging
import re

import pytest

from bot.dashboard.limits import SIGN_INS_PER_ADDRESS
from bot.dashboard.links import LINKS_PER_MEMBER
from tests.dashboard.support import Browser, Served


async def test_a_member_asking_too_often_is_told_and_gets_no_link(dashboard: Served) -> None:
    for _ in range(LINKS_PER_MEMBER):
        await dashboard.link("hana")
    records = await dashboard.console.say("@hana: /dashboard")
    answer = [r for r in records if r.kind == "ephemeral"]
    assert len(answer) == 1
    assert answer[0].error
    assert "the most there can be" in (answer[0].text or "")
    assert "/signin/" not in (answer[0].text or "")


async def test_sign_ins_from_one_address_are_limited(dashboard: Served, browser: Browser) -> None:
    for _ in range(SIGN_INS_PER_ADDRESS):
        assert (await browser.get("/dashboard/signin/guess"))[0] == 410
    status, body, _ = await browser.get("/dashboard/signin/guess")
    assert status == 429
    assert "Too many sign-in attempts" in body
    link = await dashboard.link("hana")
    assert (await browser.post(link))[0] == 429


async def test_the_link_message_suppresses_previews(dashboard: Served) -> None:
    records = await dashboard.console.say("@hana: /dashboard")
    answer = next(r for r in records if r.kind == "ephemeral")
    assert '"previews": false' in answer.as_json()
    assert answer.to == "@hana"


async def test_no_token_or_session_id_reaches_the_log(
    dashboard: Served, browser: Browser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    link = await dashboard.link("hana")
    token = link.rsplit("/", 1)[1]
    _, _, headers = await browser.post(link)
    session_id = re.search(r"cohort_session=([^;]+)", headers["Set-Cookie"])
    assert session_id is not None
    await browser.get("/dashboard/")
    assert caplog.records  # the run did log (the command, at least)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert token not in logged
    assert session_id.group(1) not in logged
