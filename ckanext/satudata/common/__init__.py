"""What every capability may use: the shape of a capability and the action guard.

Floor -1: imports nothing of the capabilities; every capability may import it.
"""
