"""What the command line does with a policy: check, record, regenerate (with its manifest), vendors."""
