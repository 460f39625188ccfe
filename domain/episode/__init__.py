"""An episode of need: its aggregate, its events by area of practice, and its state."""

from domain.episode.aggregate import Episode
from domain.episode.state import EpisodeState

__all__ = ["Episode", "EpisodeState"]
