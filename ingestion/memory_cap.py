"""A child process's cap on its own memory (address space), so that a runaway file
read or query fails in that child, never takes the machine's memory from the rest."""

from __future__ import annotations


def cap_address_space(limit_bytes: int) -> None:
    """Lower this process's address-space limit to limit_bytes (never raise it); a no-op
    where the platform has no such limit."""
    try:
        import resource
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = limit_bytes if hard == resource.RLIM_INFINITY else min(hard, limit_bytes)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):
        pass
