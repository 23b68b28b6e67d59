"""Pure scoring: a transcript in, feedback out. No audio, no files, no models."""
