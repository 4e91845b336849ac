"""The question schema's rules in one place (docs/question-schema.md): kinds, their keys, sizes.

Pure. The bank (formats, editor, import), the engine (building and grading a playable
question), contests and the gameshow all import these, so a rule changed here changes
everywhere at once.
"""

# Every kind a bank question may have, and the kinds a live game can play (the others are
# judged by people: an open question's model answer helps a teacher or a show's judge).
KINDS = ("single", "multiple", "true_false", "type_answer", "ordering", "poll", "open")
PLAYABLE_KINDS = ("single", "multiple", "true_false", "type_answer", "ordering", "poll")
JUDGED_KINDS = ("open", "oral")  # "oral": a show's spoken question, never stored in the bank

# Kinds whose question lists its choices (true_false has two fixed ones: Đúng, Sai).
LISTED_CHOICE_KINDS = ("single", "multiple", "poll")
# Kinds a player answers by tapping choices (views and grading treat them alike).
TAPPED_KINDS = ("single", "multiple", "poll", "true_false")

AUDIENCES = ("lower_secondary", "upper_secondary", "public")

# Which kind-specific keys each kind uses; any other must be absent.
KIND_KEYS = {
    "single": {"choices"},
    "multiple": {"choices"},
    "poll": {"choices"},
    "true_false": {"answer"},
    "type_answer": {"answers", "accent_insensitive"},
    "open": {"answers"},
    "ordering": {"items"},
}
KIND_SPECIFIC_KEYS = ("choices", "answer", "answers", "accent_insensitive", "items")

MIN_CHOICES, MAX_CHOICES = 2, 6
# Ordering needs three items: with two, "which comes first" is a true/false question.
MIN_ITEMS, MAX_ITEMS = 3, 6

TEXT_MAX = 500
CHOICE_MAX = 120
ITEM_MAX = 120
ANSWER_MAX = 200  # type_answer: what a player types
REFERENCE_ANSWER_MAX = 1000  # open: a model answer for the judge or teacher
EXPLANATION_MAX = 1000
