"""Medium as a target: ``profile.py`` (its rules, read by the rest of the program), ``target.py``
(the account, publications, uploads, posts) and ``mapping.py`` (a draft to Medium's fields). The
HTTP client is ``medium_action/medium/client.py``."""
