"""User-facing errors: each becomes one clean line on stderr and exit status 2."""

from __future__ import annotations


class TrainerError(Exception):
    """An error the user can act on; its message is shown as is, without a traceback."""

    exit_code = 2


class InputError(TrainerError):
    """A bad input file or argument (missing, corrupt, silent, too short...)."""


class ModelError(TrainerError):
    """No usable speech model could be found or loaded."""


class DeviceError(TrainerError):
    """No usable audio device (this is normal on servers without a sound card)."""


class StorageError(TrainerError, OSError):
    """Something could not be written (disk full, no permission); what was there is intact.
    Still an OSError, as failed writes always were, for callers that catch those."""
