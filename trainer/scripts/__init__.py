"""The person's own written scripts: generate, keep several, pick the active one."""
