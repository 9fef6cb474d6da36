"""stub"""

GHOST_PLUGINS = ()
