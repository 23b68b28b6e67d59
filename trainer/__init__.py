"""trainer: an offline rehearsal coach for informational-interview phone calls."""

__version__ = "0.1.0"
