"""/quiet list typed in a cohort's home channel through the real bolt app against the fake Slack:
only the cohort's members, answered privately and naming the cohort."""

from __future__ import annotations

from adapters.slack.serve import SlackRuntime
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack


async def test_quiet_list_in_a_cohorts_home_names_the_cohort_privately(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    spring = fake.workspace.add_channel("spring")
    created = await response_to(
        fake, await driver.command("admin", f"create spring <#{spring}|spring>", command="/cohort")
    )
    assert "Created the cohort spring" in created["text"]
    body = fake.slash_command_body("admin", "list 1", command="/quiet", channel="spring")
    await driver.deliver("command", body)
    answer = await response_to(fake, body)
    assert answer["text"] == "spring cohort: Nobody has been quiet for 1 day or more."
    assert answer["response_type"] == "ephemeral"
