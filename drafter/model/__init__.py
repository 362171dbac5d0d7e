"""Stage 1, the inputs: value types, safe YAML, the profile, the vendor catalog, law data, requirements."""
