"""The demo city: real geography (SCB, RegSO 2025), Göteborg's real programme and
deterministic example indicator data (exempeldata), built with ``jamlik demo``."""

from ._build import DEMO_SEED, build_demo

__all__ = ["DEMO_SEED", "build_demo"]
