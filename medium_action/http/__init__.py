"""HTTP shared by every API client: one request loop (``loop.py``) and its retry policy
(``retry.py``). Each API (Medium, GitHub, later dev.to) supplies an ``Api``: how it recognises
its own JSON error envelope, and the typed errors it raises."""
