"""Speaker labels as chat apps, playgrounds and exporters print them."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graders.transcripts.config import TranscriptConfig
from graders.transcripts.speakers import labelled_turns

CONFIG = TranscriptConfig()


@pytest.mark.parametrize("user, model", [
    ("You said:", "ChatGPT said:"), ("Me:", "ChatGPT:"), ("Human:", "Claude:"), ("User:", "Assistant:"),
    ("**You:**", "**GPT-4o:**"), ("**User:**", "**Assistant:**"), ("## Prompt:", "## Response:"),
    ("User", "Assistant"), ("### 👤 You", "### 🤖 Assistant"), ("Me:", "Gemini:"), ("USER:", "ASSISTANT:"),
])
def test_label_styles(user, model):
    text = f"{user}\nwhat is 5a?\n\n{model}\nIt is $20$.\n\n{user}\nand 5b?\n\n{model}\n$10$."
    assert [turn.speaker for turn in labelled_turns(text, CONFIG)] == ["user", "model", "user", "model"]


def test_a_label_may_share_its_line_with_the_turn():
    turns = labelled_turns("Human: Can you do problem 1 part a?\nAssistant: Sure, $d_1$.", CONFIG)
    assert [(t.speaker, t.text) for t in turns] == [("user", "Can you do problem 1 part a?"), ("model", "Sure, $d_1$.")]


def test_a_system_prompt_is_context_not_the_model():
    turns = labelled_turns("System\nBe brief.\n\nUser\nDo 4d.\n\nAssistant\nHere.", CONFIG)
    assert [turn.speaker for turn in turns] == ["user", "user", "model"]


@pytest.mark.parametrize("text", ["Note: x\nMeaning: y\nThe user: z", "Model: 3 layers", "Your answer: 5",
                                  "The assistant said it was 5."])
def test_words_that_are_not_labels(text):
    assert labelled_turns(text, CONFIG) == ()


@given(st.sampled_from(["You said:", "**Claude:**", "User", "## Response:"]), st.text(max_size=80))
def test_turn_text_is_kept_whole(label, body):
    body = body.replace("\r", " ")
    turns = labelled_turns(f"{label}\n{body}", CONFIG)
    assert turns and turns[-1].text in body.strip() or not body.strip()
