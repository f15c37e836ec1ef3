"""The Claude tool-use loop (Anthropic Messages API). Plain Python, no ORM: credentials and
settings come in as arguments, tools run through a callback.

Why the ``anthropic`` SDK and not ``ops_base.tools.http.call``: the SDK owns the Messages
API's request and response shapes (content blocks, tool use, usage); its HTTP layer is
httpx. What the suite's HTTP rules ask for is kept: an explicit timeout, **no retries in
the SDK** (``max_retries=0``: the queue job retries, with its ``retry_pattern``), and every
failure mapped onto ops_base's :class:`HttpCallError` (same retryable classification: 408,
429, 5xx incl. 529 overloaded, connection errors; other 4xx are permanent), with the API
key scrubbed from messages.

:func:`run` sends the conversation, runs the tools the model asks for (all the
``tool_use`` blocks of a turn, i.e. parallel calls, each answered by a ``tool_result``,
``is_error`` when the tool failed) and loops until the model ends its turn, at most
``max_iterations`` API calls. Every stop reason is mapped onto an :class:`Outcome` kind:

=============================  ==============================================
``end_turn`` / ``stop_sequence``  ``answer`` (the text)
``tool_use``                      tools run, next call (``iteration_cap`` when no call is left)
``pause_turn``                    the paused turn is sent back as is, next call
``max_tokens``                    ``truncated`` (partial text kept, never sent as is to a customer)
``refusal``                       ``refusal``
``model_context_window_exceeded`` ``context_exceeded`` (also a 400 "prompt is too long")
a *terminal* tool (handoff)       ``handoff`` with the tool's input
=============================  ==============================================
"""

import hashlib
import threading
import time
from dataclasses import dataclass, field

import anthropic

from odoo.addons.ops_base.tools.http import HttpCallError, is_retryable_status, parse_retry_after, scrub

ANSWER = "answer"
HANDOFF = "handoff"
TRUNCATED = "truncated"
REFUSAL = "refusal"
ITERATION_CAP = "iteration_cap"
CONTEXT_EXCEEDED = "context_exceeded"
CONTEXT_MARKERS = ("prompt is too long", "context window", "context_length")
MAX_TOOL_RESULT = 8000  # characters of one tool result sent back to the model
MAX_CLIENTS = 8
_CLIENTS = {}
_CLIENTS_LOCK = threading.Lock()


@dataclass
class Turn:
    """One Messages API call."""

    stop_reason: str
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_creation_tokens: int = 0
    latency_ms: int = 0
    tool_names: list = field(default_factory=list)


@dataclass
class Outcome:
    """What one answer came to; ``turns`` lists every API call made for it."""

    kind: str
    text: str = ""
    handoff: dict = None
    turns: list = field(default_factory=list)
    tool_calls: list = field(default_factory=list)  # (name, input, is_error)


def make_client(api_key, *, timeout, base_url=None):
    """An SDK client with the suite's timeout and no SDK retries (see the module doc).

    Clients are reused per (key, URL, timeout): building one costs ~130 ms (TLS context),
    more than everything else Odoo does for an answer. httpx clients are thread-safe."""
    cache_key = (hashlib.sha256(api_key.encode()).hexdigest(), base_url or None, float(timeout))
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(cache_key)
        if client is None:
            if len(_CLIENTS) >= MAX_CLIENTS:
                _CLIENTS.pop(next(iter(_CLIENTS))).close()
            client = _CLIENTS[cache_key] = anthropic.Anthropic(
                api_key=api_key, base_url=base_url or None, timeout=float(timeout), max_retries=0)
        return client


def run(client, *, model, system, tools, messages, execute_tool, max_tokens, max_iterations, terminal_tools=()):
    """Run the loop; an :class:`Outcome`. ``execute_tool(name, input) -> (text, is_error)``
    must not raise for a bad request of the model (it answers an error text instead).
    A call of a tool named in ``terminal_tools`` ends the loop (``handoff``).
    Raises :class:`HttpCallError` when the API fails (``retryable`` says whether to retry)."""
    messages = list(messages)
    outcome = Outcome(kind=ITERATION_CAP)
    for _iteration in range(max(1, int(max_iterations))):
        response, turn = _call(client, model=model, system=system, tools=tools, messages=messages,
                               max_tokens=max_tokens)
        if response is None:
            outcome.turns.append(turn)
            outcome.kind = CONTEXT_EXCEEDED
            return outcome
        outcome.turns.append(turn)
        text = "".join(block.text for block in response.content if block.type == "text").strip()
        uses = [block for block in response.content if block.type == "tool_use"]
        turn.tool_names = [use.name for use in uses]
        stop = response.stop_reason
        if stop == "tool_use" and uses:
            terminal = next((use for use in uses if use.name in terminal_tools), None)
            if terminal:
                outcome.tool_calls.append((terminal.name, dict(terminal.input or {}), False))
                outcome.kind, outcome.handoff, outcome.text = HANDOFF, dict(terminal.input or {}), text
                return outcome
            messages.append({"role": "assistant", "content": [block.model_dump(exclude_none=True)
                                                               for block in response.content]})
            messages.append({"role": "user", "content": _run_tools(uses, execute_tool, outcome)})
            continue
        if stop == "pause_turn":
            messages.append({"role": "assistant", "content": [block.model_dump(exclude_none=True)
                                                               for block in response.content]})
            continue
        outcome.text = text
        outcome.kind = {
            "max_tokens": TRUNCATED,
            "refusal": REFUSAL,
            "model_context_window_exceeded": CONTEXT_EXCEEDED,
        }.get(stop, ANSWER)
        return outcome
    return outcome


def _run_tools(uses, execute_tool, outcome):
    results = []
    for use in uses:
        content, is_error = execute_tool(use.name, dict(use.input or {}))
        outcome.tool_calls.append((use.name, dict(use.input or {}), is_error))
        result = {"type": "tool_result", "tool_use_id": use.id, "content": str(content)[:MAX_TOOL_RESULT]}
        if is_error:
            result["is_error"] = True
        results.append(result)
    return results


def _call(client, **kwargs):
    """One API call: ``(response, Turn)``, ``(None, Turn)`` when the prompt is too long."""
    secrets = (client.api_key,)
    start = time.monotonic()
    try:
        response = client.messages.create(**kwargs)
    except anthropic.APIStatusError as exc:
        message = _error_message(exc)
        if exc.status_code == 400 and any(marker in message.lower() for marker in CONTEXT_MARKERS):
            return None, Turn(stop_reason=CONTEXT_EXCEEDED, latency_ms=_ms(start))
        retryable = is_retryable_status(exc.status_code)
        raise HttpCallError(
            scrub(f"Anthropic API HTTP {exc.status_code}: {message}", secrets),
            retryable=retryable,
            status=exc.status_code,
            retry_after=parse_retry_after(exc.response.headers.get("retry-after")) if retryable else None,
        ) from None
    except anthropic.APITimeoutError:
        raise HttpCallError("Anthropic API: no answer within the timeout", retryable=True) from None
    except anthropic.APIConnectionError as exc:
        raise HttpCallError(scrub(f"Anthropic API: connection failed ({exc.__class__.__name__})", secrets),
                            retryable=True) from None
    usage = response.usage
    turn = Turn(
        stop_reason=response.stop_reason or "",
        input_tokens=usage.input_tokens or 0,
        output_tokens=usage.output_tokens or 0,
        cache_read_tokens=usage.cache_read_input_tokens or 0,
        cache_creation_tokens=usage.cache_creation_input_tokens or 0,
        latency_ms=_ms(start),
    )
    return response, turn


def _error_message(exc):
    """The API's error message (``{"type": "error", "error": {"type", "message"}}``)."""
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error") if isinstance(body.get("error"), dict) else body
    kind, text = error.get("type") or "", error.get("message") or ""
    return (f"{kind}: {text}" if kind else text or str(exc.message))[:500]


def _ms(start):
    return int((time.monotonic() - start) * 1000)
