"""The wizard's questions, one module per group of sections; :mod:`drafter.wizard.flow` puts them in order."""
