"""Mock phone calls: scenarios as data, the turn-taking loop, and the call report."""
