"""The fake Slack's external upload flow, as Slack documents it (scope `files:write`):

1. `files.getUploadURLExternal` (filename, length) answers an `upload_url` and a `file_id`;
2. the bytes are POSTed to that URL (here a route of the fake), which answers 200;
3. `files.completeUploadExternal` (files=[{id, title}], channel_id, initial_comment) shares the
   uploaded files in the conversation; without `channel_id` they stay private.

A file whose bytes never arrived, or arrived with another length than announced, cannot be
completed; an unknown conversation is `channel_not_found`.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

from tests.adapters.slack.fake_workspace import Answer, Workspace

UPLOAD_PATH = "/upload/v1"
_ids = itertools.count(1)


@dataclass
class FakeFile:
    """A file as the fake keeps it, from the upload URL's handing out to its sharing."""

    id: str
    team_id: str
    name: str
    length: int
    content: bytes | None = None
    title: str | None = None
    channel: str | None = None
    initial_comment: str | None = None


class FakeFiles:
    """Every file uploaded through the fake, by id."""

    def __init__(self) -> None:
        self.files: dict[str, FakeFile] = {}

    def call(
        self, workspace: Workspace, method: str, arguments: dict[str, Any], base: str
    ) -> Answer:
        """Answer `files.getUploadURLExternal` or `files.completeUploadExternal`."""
        if workspace.granted is not None and "files:write" not in workspace.granted:
            provided = ",".join(sorted(workspace.granted))
            return {"ok": False, "error": "missing_scope", "needed": "files:write",
                    "provided": provided}  # fmt: skip
        if method == "files.getUploadURLExternal":
            return self._upload_url(workspace, arguments, base)
        if method == "files.completeUploadExternal":
            return self._complete(workspace, arguments)
        return {"ok": False, "error": "unknown_method"}

    def receive(self, file_id: str, content: bytes) -> int:
        """Take the bytes POSTed to a file's upload URL; return the HTTP status."""
        found = self.files.get(file_id)
        if found is None:
            return 404
        found.content = content
        return 200

    def shared_in(self, channel: str) -> list[FakeFile]:
        """Return the files shared in a conversation, oldest first."""
        return [one for one in self.files.values() if one.channel == channel]

    def _upload_url(self, workspace: Workspace, arguments: dict[str, Any], base: str) -> Answer:
        name, length = str(arguments.get("filename") or ""), str(arguments.get("length") or "")
        if not name or not length.isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{workspace.tag}{next(_ids):06d}"
        self.files[file_id] = FakeFile(file_id, workspace.team_id, name, int(length))
        return {"ok": True, "upload_url": f"{base}{UPLOAD_PATH}/{file_id}", "file_id": file_id}

    def _complete(self, workspace: Workspace, arguments: dict[str, Any]) -> Answer:
        wanted = arguments.get("files")
        if isinstance(wanted, str):  # slack-sdk sends it JSON-encoded, in the query string
            wanted = json.loads(wanted)
        if not isinstance(wanted, list) or not wanted:
            return {"ok": False, "error": "invalid_arguments"}
        channel = arguments.get("channel_id")
        if channel is not None and str(channel) not in workspace.channels:
            return {"ok": False, "error": "channel_not_found"}
        found = [self.files.get(str(item.get("id"))) for item in wanted]
        ready = [
            one
            for one in found
            if one is not None
            and one.team_id == workspace.team_id
            and one.content is not None
            and len(one.content) == one.length
        ]
        if len(ready) != len(wanted):
            return {"ok": False, "error": "file_not_found"}
        comment = arguments.get("initial_comment")
        for item, one in zip(wanted, ready, strict=True):
            one.title = str(item.get("title") or one.name)
            one.channel = None if channel is None else str(channel)
            one.initial_comment = None if comment is None else str(comment)
        if channel is not None:
            workspace.store(str(channel), workspace.bot_user_id, str(comment or ""), by_bot=True)
        shown = [{"id": one.id, "name": one.name, "title": one.title, "size": one.length}
                 for one in ready]  # fmt: skip
        return {"ok": True, "files": shown}
