"""Speaker labels at the start of a line ("Me:", "**ChatGPT:**", "You said:") and the turns they cut."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from graders.transcripts.config import TranscriptConfig

_MODEL_SUFFIX = r"(?:[- ]?\d[\w.]*|[- ](?i:mini|nano|pro|flash|turbo|sonnet|opus|haiku|preview|ultra|plus))*"


@dataclass(frozen=True)
class Turn:
    """One labelled turn: who spoke ("user", "model", or None before the first label) and what."""

    speaker: str | None
    text: str


@functools.lru_cache(maxsize=8)
def label_pattern(config: TranscriptConfig) -> re.Pattern[str]:
    """Speaker labels at line start: "Me:", "**ChatGPT:**", "## User:", "You said:", "GPT-4o:", "Human: Can you ...",
    or a label alone on its line ("User", "### 🤖 Assistant", "System"), as playgrounds and exporters print them."""
    user = "|".join(map(re.escape, _with_upper(config.user_labels)))
    model = "|".join(map(re.escape, _with_upper(config.model_labels)))
    system = "|".join(map(re.escape, _with_upper(config.system_labels)))
    emphasis = r"(?:\*\*|__)?"
    return re.compile(
        rf"^[ \t]*(?:\#{{1,6}}[ \t]+)?(?:[^\w\s*#:]{{1,3}}[ \t]{{0,2}})?{emphasis}"
        rf"(?:(?P<user>{user})|(?P<model>(?:{model}){_MODEL_SUFFIX})|(?P<system>{system}))"
        rf"(?:[ \t]+said)?{emphasis}(?:[ \t]*:{emphasis}[ \t]*|[ \t]*$)",
        re.M,
    )


def _with_upper(labels: tuple[str, ...]) -> list[str]:
    """Labels as given and in capitals, longest first so that a longer label wins over its prefix."""
    return sorted(set(labels) | {label.upper() for label in labels}, key=len, reverse=True)


def labelled_turns(text: str, config: TranscriptConfig) -> tuple[Turn, ...]:
    """The text cut at speaker labels; text before the first label is a turn with no speaker."""
    matches = list(label_pattern(config).finditer(text))
    if not matches:
        return ()
    preamble = text[:matches[0].start()].strip()
    turns = [Turn(None, preamble)] if preamble else []
    for match, end in zip(matches, [m.start() for m in matches[1:]] + [len(text)]):
        speaker = "model" if match.group("model") else "user"  # a system prompt is context, like the user's
        turns.append(Turn(speaker, text[match.end():end].strip()))
    return tuple(turns)
