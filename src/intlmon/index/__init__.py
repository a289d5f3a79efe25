"""The intlmon internationalisation index (issue 14, Deliver 4–5): a declared, versioned framework
(`framework.py`) computed per HEI with the COINr engine (`intlmon.lib.composite`) from figures read
through the read service, with its uncertainty beside every rank. docs/index.md describes it."""
