"""A local fake of the Anthropic Messages API (``POST /v1/messages``) on ops_base's
:class:`FakeHTTPServer`: the SDK talks real HTTP to it through ``base_url``.

Replies are scripted with the API's JSON shapes::

    fake.script(tool_use("search_records", {"model": "sale.order"}), text("Your order ships today."))
    fake.script(error(529, "overloaded_error", "Overloaded"), text("Hi"))
"""

import itertools

from odoo.addons.ops_base.tests.fake_http import FakeHTTPServer, Reply

PATH = "/v1/messages"
_ids = itertools.count(1)


def message(*blocks, stop_reason="end_turn", input_tokens=120, output_tokens=30, cache_read=0, cache_creation=0,
            delay=0.0):
    """A 200 Messages API answer made of content ``blocks`` (dicts)."""
    return Reply(json={
        "id": f"msg_fake{next(_ids):06d}",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": list(blocks),
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "cache_read_input_tokens": cache_read,
            "cache_creation_input_tokens": cache_creation,
        },
    }, headers={"request-id": f"req_fake{next(_ids):06d}"}, delay=delay)


def text_block(content):
    return {"type": "text", "text": content}


def use_block(name, tool_input, use_id=None):
    return {"type": "tool_use", "id": use_id or f"toolu_fake{next(_ids):06d}", "name": name, "input": tool_input}


def text(content, stop_reason="end_turn", **kwargs):
    """The model answers ``content`` and ends its turn (or stops with ``stop_reason``)."""
    return message(text_block(content), stop_reason=stop_reason, **kwargs)


def tool_use(*calls, **usage):
    """The model asks for tools: ``calls`` are ``(name, input)`` pairs (several: parallel)."""
    return message(*(use_block(name, tool_input) for name, tool_input in calls), stop_reason="tool_use", **usage)


def error(status, kind, detail, retry_after=None):
    """An API error answer in the API's shape (``{"type": "error", "error": {...}}``)."""
    headers = {"request-id": f"req_fake{next(_ids):06d}"}
    if retry_after is not None:
        headers["retry-after"] = str(retry_after)
    return Reply(status=status, json={"type": "error", "error": {"type": kind, "message": detail}}, headers=headers)


class FakeAnthropic(FakeHTTPServer):
    """The fake API; :meth:`script` queues the answers of the next calls in order."""

    def script(self, *replies):
        self.queue("POST", PATH, *replies, error(500, "api_error", "fake: the script is exhausted"))

    def calls(self):
        """The JSON bodies of the Messages API requests received, in order."""
        return [request.json() for request in self.received("POST", PATH)]
