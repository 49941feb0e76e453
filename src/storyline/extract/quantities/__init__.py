"""Quantities: numbers with their qualifier, currency, scale, unit and what is counted.

finder.py    find_quantities(text): the public entry point, and the Quantity record
numbers.py   number atoms (digits, number words, scales) as written
lexicon.py   units, currencies, scales and number words
"""

from storyline.extract.quantities.finder import Quantity, find_quantities

__all__ = ["Quantity", "find_quantities"]
