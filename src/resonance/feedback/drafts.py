"""Draft documents for consultations: import into sections, diff versions, anchor comments."""

from __future__ import annotations

from resonance.feedback._draft_anchor import AnchorSuggestion, anchor_comment
from resonance.feedback._draft_diff import DiffOp, SectionChange, diff_versions, word_ops
from resonance.feedback._draft_import import MAX_DRAFT_BYTES, import_draft
from resonance.feedback._draft_model import Draft, Section, parse_chinese_number

__all__ = [
    "MAX_DRAFT_BYTES",
    "AnchorSuggestion",
    "DiffOp",
    "Draft",
    "Section",
    "SectionChange",
    "anchor_comment",
    "diff_versions",
    "import_draft",
    "parse_chinese_number",
    "word_ops",
]
