"""Modality and context: whether a trigger reports an event, a plan, a threat or nothing.

"will visit" is a stated intention (AGREE), "could impose sanctions" a threat, "did not
attend" no event, "the upcoming meeting" a mention, "the importance of strengthening
ties" or "it is necessary to lift the siege" talk about an event rather than an event.
These rules read the dependency parse around the trigger's head word.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

FRAME_PREPS = {
    "in",
    "during",
    "at",
    "after",
    "via",
    "through",
    "following",
    "amid",
    "throughout",
}

LIGHT_VERBS = {
    "hold",
    "have",
    "conduct",
    "carry",
    "launch",
    "stage",
    "make",
    "begin",
    "start",
    "continue",
    "resume",
    "intensify",
    "escalate",
    "step",
    "wage",
    "mount",
    "commit",
    "perpetrate",
    "do",
    "take",
    "give",
    "provide",
    "send",
    "deliver",
    "offer",
    "extend",
    "express",
    "voice",
    "convey",
    "exchange",
    "issue",
    "announce",
    "declare",
    "impose",
    "sign",
    "reach",
    "seal",
    "attend",
    "join",
    "engage",
    "lead",
    "host",
    "organize",
    "organise",
    "call",
    "go",
    "undertake",
    "pay",
    "receive",
    "unleash",
    "order",
    "approve",
    "hand",
    "file",
    "level",
    "lodge",
    "grant",
    "pledge",
    "present",
    "submit",
    "put",
    "renew",
    "reaffirm",
    "reiterate",
    "show",
    "stress",
    "emphasize",
    "emphasise",
    "underline",
    "affirm",
    "confirm",
    "agree",
    "be",
    "remain",
    "fire",
    "set",
    "plan",
}


TOPIC_VERBS = {
    "discuss",
    "review",
    "address",
    "consider",
    "examine",
    "debate",
    "explore",
    "evaluate",
    "assess",
    "study",
    "tackle",
}


# Verbs whose object is wanted, not done: "advocating for a ceasefire", "steps to achieve a truce".
WISH_VERBS = {
    "advocate",
    "urge",
    "demand",
    "seek",
    "push",
    "press",
    "appeal",
    "want",
    "hope",
    "wish",
    "aim",
    "achieve",
    "ensure",
    "pursue",
    "propose",
    "stress",
    "emphasize",
    "emphasise",
    "underline",
}


FUTURE_HEADS = {
    "plan",
    "intend",
    "expect",
    "aim",
    "prepare",
    "hope",
    "want",
    "wish",
    "schedule",
    "set",
    "due",
    "seek",
    "going",
    "likely",
    "poised",
    "ready",
    "willing",
    "eager",
}


# verbs that say a named event did not take place
CALLED_OFF = {"postpone", "cancel", "delay", "defer", "scrap", "shelve", "adjourn"}


FUTURE_AUX = {"will", "'ll", "shall", "wo"}


MODAL_AUX = {"could", "may", "might", "can", "would"}


SUPPRESSORS = {
    "importance",
    "necessity",
    "significance",
    "need",
    "hope",
    "possibility",
    "prospect",
    "effort",
    "attempt",
    "bid",
    "aim",
    "goal",
    "way",
    "step",
    "chance",
    "risk",
    "threat",
    "fear",
    "concern",
    "call",
    "demand",
    "plan",
    "proposal",
    "idea",
    "readiness",
    "willingness",
    "commitment",
    "right",
    "ability",
    "failure",
    "refusal",
}


NEED_ADJECTIVES = {
    "necessary",
    "important",
    "essential",
    "vital",
    "crucial",
    "imperative",
    "urgent",
    "needed",
    "possible",
    "impossible",
    "difficult",
    "hard",
    "easy",
    "key",
}


UPCOMING = {
    "upcoming",
    "planned",
    "proposed",
    "forthcoming",
    "future",
    "next",
    "expected",
    "possible",
    "potential",
    "prospective",
    "scheduled",
    "anticipated",
    "likely",
}


def governor(noun: Any) -> tuple[Any, str | None]:
    """The verb (or actor noun) that carries a noun: (verb, relation or preposition)."""
    node, relation = noun, noun.dep_
    for _ in range(3):
        if node.head.i == node.i:
            return None, None
        parent = node.head
        if node.dep_ == "pobj" and parent.dep_ == "prep":
            relation = parent.lower_
            node = parent
            continue
        if node.dep_ == "prep":
            return parent, relation
        if node.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "npadvmod", "pobj", "conj", "appos"):
            if parent.pos_ in ("VERB", "AUX"):
                return parent, node.dep_
            if node.dep_ == "conj":
                node = parent
                relation = parent.dep_
                continue
            return None, None
        return None, None
    return None, None


def classify_modality(head: Any, verbal: bool) -> str | None:
    """negated | future | modal | conditional | upcoming | None for the event at `head`."""
    nodes = [head]
    if not verbal:
        if any(c.lower_ in UPCOMING for c in head.children if c.dep_ in ("amod", "compound")):
            return "upcoming"
        if any(c.lower_ == "no" for c in head.children if c.dep_ == "det"):
            return "negated"
        verb, relation = governor(head)
        if verb is not None and verb.lemma_.lower() in CALLED_OFF:
            return "negated"  # "the meeting was postponed", "they cancelled the visit"
        if verb is not None and (verb.lemma_.lower() in LIGHT_VERBS or relation in FRAME_PREPS):
            nodes.append(verb)  # "did not hold talks", "did not meet X during the summit"
    for node in nodes:
        for child in node.children:
            if child.dep_ == "neg":
                return "negated"
        auxes = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
        if auxes & FUTURE_AUX:
            return "future"
        if node.dep_ == "xcomp" and (
            node.head.lemma_.lower() in FUTURE_HEADS or node.head.lower_ in FUTURE_HEADS
        ):
            if any(c.dep_ == "neg" for c in node.head.children):
                return "negated"
            return "future"
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in (
            "fail",
            "refuse",
            "decline",
            "deny",
        ):
            return "negated"
        if auxes & MODAL_AUX:
            return "future" if _reported_future(node, auxes) else "modal"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
            return "conditional"
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children
        ):
            return "conditional"
    return None


# past-tense verbs after which "would" is the reported form of "will" ("said it would withdraw")
REPORTING_VERBS = {
    "say",
    "state",
    "announce",
    "tell",
    "declare",
    "confirm",
    "promise",
    "pledge",
    "vow",
    "insist",
    "add",
    "indicate",
    "decide",
}


def _reported_future(node: Any, auxes: set[str]) -> bool:
    """'He said he would stop building' reports 'I will stop building'; 'would stop if' doesn't."""
    if auxes & MODAL_AUX != {"would"} or node.dep_ != "ccomp":
        return False
    verb = node.head
    if verb.tag_ not in ("VBD", "VBN") or verb.lemma_.lower() not in REPORTING_VERBS:
        return False
    return not any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless")
        for child in node.children
        if child.dep_ == "advcl"
        for c in child.children
    )


def suppressed(head: Any) -> bool:
    """The event is only talked about: 'the importance of strengthening ties', 'efforts to ...',
    'it is necessary to lift the siege', 'aid is needed'."""
    node = head
    for _ in range(7):
        if node.head.i == node.i:
            return False
        node = node.head
        lemma = node.lemma_.lower()
        if node.pos_ == "NOUN" and lemma in SUPPRESSORS:
            return True
        if node.pos_ == "ADJ" and lemma in NEED_ADJECTIVES:
            return True
        if node.pos_ in ("VERB", "AUX") and lemma in ("need", "require"):
            return True
        if node.pos_ in ("VERB", "AUX") and any(
            c.dep_ == "acomp" and c.lemma_.lower() in NEED_ADJECTIVES for c in node.children
        ):
            return True  # "it is necessary for X to lift the siege"
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in (
            "xcomp",
            "pcomp",
            "acl",
            "conj",
            "advcl",
        ):
            return False
    return False


def _verbs_above(noun: Any, steps: int, through: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    """(relation, verb) for each verb above a noun, climbing through the noun relations
    `through` (conjuncts, prepositions, objects) for at most `steps` links."""
    node = noun
    for _ in range(steps):
        if node.head.i == node.i:
            return
        rel, node = node.dep_, node.head
        if node.pos_ in ("VERB", "AUX"):
            yield rel, node
        elif rel not in through:
            return


def topic_of_talks(noun: Any) -> bool:
    """'The leaders discussed attacks on Gaza': the attacks are a topic, not a reported event."""
    for rel, verb in _verbs_above(noun, 4, ("conj", "pobj", "prep", "dobj")):
        return rel in ("dobj", "conj", "pobj") and verb.lemma_.lower() in TOPIC_VERBS
    return False


def mere_mention(noun: Any) -> bool:
    """A noun that names an event without reporting one.

    Part of a name ("the Cooperation Council"), a modifier ("a ceasefire resolution",
    "aid delivery"), a topic ("discussed attacks, aid and steps to achieve a ceasefire")
    or a wish ("advocating for a ceasefire"). Only asked of nouns with too few actors:
    one with its own parties ("Israeli attacks on Gaza") is an event wherever it stands.
    """
    if noun.pos_ == "PROPN" or noun.dep_ in ("compound", "nmod", "amod"):
        return True
    for _rel, verb in _verbs_above(noun, 6, ("conj", "pobj", "prep", "dobj", "appos")):
        lemma = verb.lemma_.lower()
        if lemma in TOPIC_VERBS or lemma in WISH_VERBS:
            return True
        if verb.dep_ not in ("relcl", "acl", "xcomp", "advcl", "conj", "pcomp"):
            return False  # a main clause: the noun is what it does or undergoes
    return False
