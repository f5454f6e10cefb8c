"""Which part a user's turn asks about, from its content, with the set's order as a prior, and how sure that is.

People rarely label parts the set's way.  They paste the question, paraphrase it ("next question is on
tensor rematerialization"), ask by a slot's wording ("what about the loadmem count?"), name only a
sub-part ("(c)", "ok now part b"), or just say "next".  In order:

1. a part named outright ("Q4(c)", "Problem 1 part a") is ``sure``;
2. a sub-part alone ("(c)", "part b") of the question under way is ``sure``;
3. "next" / "move on" is the part after the previous one in the set's order (``likely``);
4. otherwise the turn's words are scored against each part's profile (title, statement, slot
   descriptions; rarer words weigh more) and its slot cues, plus a small prior for the previous part
   (a re-prompt) and the one after it.  A clear winner is ``likely``; a near tie is ``ambiguous`` and the
   turn is left for a person rather than guessed; a turn with too little content continues the previous
   part (a re-prompt: "wait, that's not right").
"""
from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graders.reading.notation import SUBSCRIPT_TEXT
from graders.transcripts.part_names import canonical_part, mentioned_part

_STOP = frozenset("""
the and for with that this what whats how does are was were you your can could would should will then than from into
each every one two some any all its his her they them there their which when where why who also just now next part
parts question questions problem problems let lets please thanks thank okay sure answer answers find give write show
say not but have has had get got use using same way like about over under only more most such both other these those
here our out did done don doesn isn aren want need know think right wrong well yes hmm again still very really much
many make made take given gives goes going see look looks tell explain compute calculate derive work first second
third last part homework hw section exercise quick can't won't it's i'm we're you're that's there's
""".split())
_WORD = re.compile(r"[a-z][a-z0-9]+")
_COMMAND = re.compile(r"\\[A-Za-z]+")
_STEM = 6  # words are compared by their first letters: "rematerialization" and "rematerialisation" agree
_SUB_PART_ONLY = re.compile(r"(?:^|[\s,.;:!?])(?:part|sub-?part)\s{0,3}\(?\s{0,3}([a-h]|i{1,3}|iv|v)\s{0,3}\)?(?![\w(])"
                            r"|^\W{0,3}(?:(?:ok(?:ay)?|now|and|next|then|so|great|nice|good)\W{1,3}){0,3}"
                            r"\(\s{0,3}([a-h]|i{1,3}|iv|v)\s{0,3}\)\W{0,3}$"
                            r"|\b(?:for|in|of|do|redo|to)\s{1,3}\(\s{0,3}([a-h]|i{1,3}|iv|v)\s{0,3}\)", re.I | re.M)
# the request of a long message is its last sentence: "... Can you redo just the constant for (b)?"
_LAST_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*\s*$")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_REQUEST = re.compile(r"\b(?:can|could|would|will) you\b|\bredo\b|\bplease\b|\bnow\b|\blet'?s\b|\?\s*$", re.I)
_NEXT = re.compile(r"\b(next (?:one|part|question|bit|step)|move on|go on|continue|keep going|onwards?)\b", re.I)
_SHORT_REQUEST = 160  # a sub-part named alone asks for it only in a short message ("ok now part b")
_MIN_CONTENT = 3.0  # below this many IDF-weighted shared words a turn says nothing about a part by itself
_CLEAR_MARGIN = 1.25  # the winner's score over the runner-up's for a "likely" match
_PRIOR_SAME = 1.0  # a re-prompt about the part under way
_PRIOR_NEXT = 0.8  # the next part in the set's order
_PRIOR_OBJECTION = 3.0  # a re-prompt that objects ("wait why ...??", "that's not right") is about the part under way
_OBJECTION = re.compile(r"^\W{0,3}(?:wait|hmm+|hm|no\b|nope|but\b|are you sure|that'?s (?:not|wrong)|not quite|"
                        r"actually|why\b|how come|i think|isn'?t|shouldn'?t|don'?t you)|\?\?|\b(?:wrong|mistake|"
                        r"recheck|double.?check|try again|redo)\b", re.I)


@dataclass(frozen=True)
class PartProfile:
    """What identifies a part in a user's words: its key, word stems and slot cues."""

    key: str
    stems: frozenset[str]
    cues: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Identification:
    """The part a turn is about (None when none or ambiguous), how sure, and why."""

    part: str | None
    confidence: str  # "sure", "likely", "ambiguous" or "none"
    found_by: str
    candidates: tuple[str, ...] = ()


def stems(text: str) -> set[str]:
    """The content words of ``text`` (TeX commands and common words left out), cut to their stems."""
    flat = _COMMAND.sub(" ", text.translate(SUBSCRIPT_TEXT)).lower().replace("_", "")
    return {word[:_STEM] for word in _WORD.findall(flat) if word not in _STOP and len(word) >= 3}


def profile(key: str, title: str, statement: str, slot_texts: Sequence[str], cues: Sequence[str]) -> PartProfile:
    """A part's profile from its title, statement, slot descriptions and slot cues."""
    words = stems(" ".join([title, statement, *slot_texts]))
    return PartProfile(key, frozenset(words), tuple(re.compile(cue, re.I) for cue in cues))


@functools.lru_cache(maxsize=8)
def _weights(profiles: tuple[PartProfile, ...]) -> dict[str, float]:
    """Each stem's weight: rare across the set's parts is telling, shared by all is not."""
    counts: dict[str, int] = {}
    for entry in profiles:
        for stem in entry.stems:
            counts[stem] = counts.get(stem, 0) + 1
    total = len(profiles)
    return {stem: math.log((total + 1) / count) for stem, count in counts.items()}


def _after(previous: str | None, order: Sequence[str]) -> str | None:
    if previous is None:
        return order[0] if order else None
    index = order.index(previous) if previous in order else -1
    return order[index + 1] if 0 <= index < len(order) - 1 else None


def _sub_part(text: str, previous: str | None, order: Sequence[str]) -> str | None:
    """The part meant by a sub-part named alone ("(c)", "part b"), within the question under way."""
    request = text.strip().rsplit("\n\n", 1)[-1]
    if len(request) > _SHORT_REQUEST:
        # "parts (b) and (c)" inside a long message refers back; only its closing request asks for a part
        last = _LAST_SENTENCE.search(request)
        request = last.group(0) if last and _REQUEST.search(last.group(0)) else ""
    match = _SUB_PART_ONLY.search(request)
    if match is None or previous is None:
        return None
    letter = next(group for group in match.groups() if group).lower()
    question = re.sub(r"[a-z]+$", "", canonical_part(previous))
    return next((key for key in order if canonical_part(key) == question + letter), None)


def content_scores(text: str, profiles: Sequence[PartProfile]) -> dict[str, float]:
    """Each part's score for ``text``: shared word stems, weighted by rarity, and slot cues the text uses."""
    weights = _weights(tuple(profiles))  # the same set's profiles each turn: weighed once
    words = stems(text)
    scores = {}
    for entry in profiles:
        shared = sum(weights.get(stem, 0.0) for stem in words & entry.stems)
        cued = sum(1 for cue in entry.cues if cue.search(text))
        scores[entry.key] = shared + 1.5 * cued
    return scores


def identify(text: str, previous: str | None, profiles: Mapping[str, PartProfile]) -> Identification:
    """The part a user's turn asks about, given the part under way (``previous``)."""
    order = list(profiles)
    for sentence in reversed(_SENTENCE.findall(text.strip().rsplit("\n\n", 1)[-1])):
        if not _REQUEST.search(sentence):
            continue  # the request names the part; the rest of a long message may name others in passing
        asked = mentioned_part(sentence, order) or _sub_part(sentence, previous, order)
        if asked is not None:
            return Identification(asked, "sure", f"asked for in the prompt ({asked})")
    named = mentioned_part(text, order)
    if named is not None:
        return Identification(named, "sure", f"named in the prompt ({named})")
    sub_part = _sub_part(text, previous, order)
    if sub_part is not None:
        return Identification(sub_part, "sure", f"a sub-part of the question under way ({sub_part})")
    following = _after(previous, order)
    scores = content_scores(text, list(profiles.values()))
    best_content = max(scores.values(), default=0.0)
    if _NEXT.search(text) and following is not None and best_content < _MIN_CONTENT:
        return Identification(following, "likely", f"'next' after {previous}" if previous else "the first part")
    if best_content < _MIN_CONTENT:
        if previous is not None:
            return Identification(previous, "likely", f"no part named: continues {previous}")
        return Identification(None, "none", "no part named and no question under way")
    same = _PRIOR_OBJECTION if _OBJECTION.search(text.strip()[:400]) else _PRIOR_SAME
    for key in scores:
        scores[key] += same if key == previous else _PRIOR_NEXT if key == following else 0.0
    ranked = sorted(scores, key=lambda key: (-scores[key], order.index(key)))
    best, runner_up = ranked[0], ranked[1] if len(ranked) > 1 else None
    if runner_up is not None and scores[best] < _CLEAR_MARGIN * scores[runner_up]:
        tied = tuple(key for key in ranked if scores[key] * _CLEAR_MARGIN > scores[best])
        if previous in tied:  # a follow-up in the same terms as the part under way ("but doesn't layer 10 ...")
            return Identification(previous, "likely", f"a follow-up on {previous} (the wording also fits "
                                  + ", ".join(key for key in tied if key != previous) + ")", tied)
        return Identification(None, "ambiguous", "the wording fits " + ", ".join(tied) + " about equally", tied)
    return Identification(best, "likely", f"the wording matches {best} ({scores[best]:.1f} against "
                          f"{scores[runner_up]:.1f} for {runner_up})" if runner_up else f"the wording matches {best}")
