"""The TV gameshow: presets, episodes, the studio pages and the broadcast feed."""
