"""Stage 2, the law: every legal decision about a profile, made once (facts, transfers, rules)."""
